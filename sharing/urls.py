from django.urls import path

from sharing import views
from sharing.models import OverrideKind

app_name = "sharing"
urlpatterns = [
    path("override/new/", views.override_new, {"kind": OverrideKind.PUBLIC_INTEREST}, name="override-new"),
    path("medical-purpose/new/", views.override_new, {"kind": OverrideKind.MEDICAL_PURPOSE}, name="medical-new"),
    path("review/", views.review_queue, name="review-queue"),
    path("review/<int:pk>/", views.override_review, name="override-review"),
    path("review/<int:pk>/approve/", views.override_approve, name="override-approve"),
    path("override/<int:pk>/end/", views.override_end, name="override-end"),
    path("check-access/", views.check_access, name="check-access"),
    path("who-has-seen/<str:reference>/", views.family_disclosures, name="family-disclosures"),
]
