from django.urls import path

from consent import views

app_name = "consent"
urlpatterns = [
    path("due-for-review/", views.due_for_review, name="due-for-review"),
    path("<int:pk>/", views.consent_detail, name="detail"),
    path("<int:pk>/withdraw/", views.consent_withdraw, name="withdraw"),
    path("family/<str:reference>/new/", views.consent_new, name="new"),
    path("family/<str:reference>/objection/", views.objection_new, name="objection"),
    path("objection/<int:pk>/withdraw/", views.objection_withdraw, name="objection-withdraw"),
    path("family/<str:reference>/capacity/", views.capacity_new, name="capacity"),
    path("family/<str:reference>/privacy-notice/", views.privacy_notice_new, name="privacy-notice"),
]
