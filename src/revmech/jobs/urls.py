"""The page of an export prepared in the background, and its file."""

from django.urls import path

from revmech.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:job_id>/", views.export, name="export"),
    path("<int:job_id>/file", views.export_file, name="export_file"),
]
