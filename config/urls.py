from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sharing import views as sharing_views

urlpatterns = [
    path("", sharing_views.start, name="start"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("families/", include("families.urls")),
    path("consent/", include("consent.urls")),
    path("sharing/", include("sharing.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "sharing.views.permission_denied"
handler404 = "sharing.views.page_not_found"
handler500 = "sharing.views.server_error"
