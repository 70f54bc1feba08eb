from django.urls import path

from families import views
from families.together import views as together

app_name = "families"
urlpatterns = [
    path("register/", views.family_register, name="register"),
    path("<str:reference>/", views.family_detail, name="detail"),
    path("<str:reference>/edit/", views.family_edit, name="edit"),
    path("<str:reference>/health-visitor/", views.health_visitor_change, name="health-visitor"),
    path("<str:reference>/transfer/", views.family_transfer, name="transfer"),
    path("people/<str:reference>/notes/new/", views.note_add, name="note-add"),
    path("people/<str:reference>/notes/<int:pk>/amend/", views.note_amend, name="note-amend"),
    path("people/<str:reference>/edit/", views.person_edit, name="person-edit"),
    # Issue 15: working together around a child.
    path("actions/done/", together.action_done, name="action-done"),
    path("<str:reference>/together/", together.together, name="together"),
    path("<str:reference>/together/involvements/end/", together.involvement_end, name="involvement-end"),
    path("<str:reference>/together/lead-professional/", together.lead_professional, name="lead-professional"),
    path("<str:reference>/together/meetings/new/", together.meeting_new, name="meeting-new"),
    path("people/<str:reference>/involvements/new/", together.involvement_add, name="involvement-add"),
    path("people/<str:reference>/assessments/new/", together.assessment_new, name="assessment-new"),
    path("people/<str:reference>/contacts/new/", views.contact_add, name="contact-add"),
]
