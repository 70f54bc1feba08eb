from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("code/", views.second_factor, name="second-factor"),
    path("set-up-authenticator/", views.enrol, name="enrol"),
    path("backup-codes/", views.backup_codes, name="backup-codes"),
    path("", views.account, name="account"),
    path("password/", views.password_change, name="password-change"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("session/renew/", views.session_renew, name="session-renew"),
    path("reset-authenticator/", views.second_factor_reset, name="second-factor-reset"),
]
