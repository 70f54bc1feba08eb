from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import SignInView
from sharing import views as sharing_views

urlpatterns = [
    path("", sharing_views.start, name="start"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("accounts.urls")),
    path("families/", include("families.urls")),
    path("consent/", include("consent.urls")),
    path("sharing/", include("sharing.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "sharing.views.permission_denied"
handler404 = "sharing.views.page_not_found"
handler500 = "sharing.views.server_error"
