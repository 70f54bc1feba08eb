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
    path("intake/", include("intake.urls")),
    path("sharing/", include("sharing.urls")),
    path("admin/", admin.site.urls),
]

# Rendered without the database (config/errors.py, ASVS 16.5.1).
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
