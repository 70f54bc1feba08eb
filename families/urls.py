from django.urls import path

from families import views

app_name = "families"
urlpatterns = [
    path("register/", views.family_register, name="register"),
    path("<str:reference>/", views.family_detail, name="detail"),
    path("<str:reference>/edit/", views.family_edit, name="edit"),
    path("<str:reference>/health-visitor/", views.health_visitor_change, name="health-visitor"),
    path("<str:reference>/transfer/", views.family_transfer, name="transfer"),
    path("people/<str:reference>/notes/new/", views.note_add, name="note-add"),
    path("people/<str:reference>/edit/", views.person_edit, name="person-edit"),
    path("people/<str:reference>/contacts/new/", views.contact_add, name="contact-add"),
]
