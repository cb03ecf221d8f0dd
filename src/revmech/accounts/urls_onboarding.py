"""Nominations, activation, profiles, approval and the lists of focal points and experts."""

from django.urls import path, re_path

from revmech.accounts import views_onboarding as views

urlpatterns = [
    path("nominations/", views.nominations, name="nominations"),
    path("nominations/new/", views.nominate, name="nominate"),
    path("appointments/<int:appointment_id>/", views.appointment_detail, name="appointment"),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("profile/", views.profile, name="profile"),
    path("lists/", views.lists_page, name="lists"),
    re_path(r"^lists/export\.(?P<file_format>xlsx|pdf)$", views.lists_export, name="lists_export"),
]
