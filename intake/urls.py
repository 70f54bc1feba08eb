from django.urls import path

from intake import views

app_name = "intake"
urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/new/", views.notification_new, name="notification-new"),
    path("notifications/<int:pk>/", views.notification_detail, name="notification"),
    path("births/", views.births_import, name="births-import"),
    path("births/<int:pk>/", views.births_report, name="births-report"),
]
