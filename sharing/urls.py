from django.urls import path

from sharing import figures_views, protocol_views, referral_views, subject_access_views, trail_views, views
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
    path("trail/", trail_views.timeline, name="trail"),
    path("trail/practitioner/", trail_views.practitioner, name="trail-practitioner"),
    path("trail/export.csv", trail_views.export, name="trail-export"),
    path("trail/seen-without-consent/", trail_views.seen_without_consent, name="seen-without-consent"),
    path("subject-access/", subject_access_views.request_list, name="sar-list"),
    path("subject-access/new/", subject_access_views.request_new, name="sar-new"),
    path("subject-access/family/<str:reference>/", subject_access_views.family_requests, name="sar-family"),
    path("subject-access/family/<str:reference>/file/", subject_access_views.request_file, name="sar-file"),
    path("figures/", figures_views.figures, name="figures"),
    path("figures/export.csv", figures_views.export, name="figures-export"),
    path("protocols/", protocol_views.protocol_list, name="protocols"),
    path("protocols/new/", protocol_views.protocol_new, name="protocol-new"),
    path("protocols/<int:pk>/", protocol_views.protocol_edit, name="protocol-edit"),
    path("who-saw-under-consent/<int:pk>/", trail_views.consent_recipients, name="consent-recipients"),
    # Issue 15: referrals to a partner agency.
    path("refer/<str:reference>/", referral_views.referral_new, name="referral-new"),
    path("referrals/", referral_views.referral_list, name="referrals"),
    path("referrals/<int:pk>/", referral_views.referral_detail, name="referral"),
    path("referrals/<int:pk>/answer/", referral_views.referral_answer, name="referral-answer"),
    path("referrals/<int:pk>/pack/", referral_views.referral_pack, name="referral-pack"),
    path("referrals/<int:pk>/pack.json", referral_views.referral_pack_json, name="referral-pack-json"),
]
