"""The benchmark's URLs: the project's, plus plain views with no gate and no log (issue 12).

Only ``config.settings.bench`` points ROOT_URLCONF here; the product never serves these.
"""
from django.urls import path

from bench import views
from config import urls as project

urlpatterns = [
    *project.urlpatterns,
    path("plain/", views.plain_start, name="bench-plain-start"),
    path("plain/families/<str:reference>/", views.plain_family, name="bench-plain-family"),
]

handler403 = project.handler403
handler404 = project.handler404
handler500 = project.handler500
