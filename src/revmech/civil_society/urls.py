"""Pages of the civil_society app; each name is declared in `permissions.ACCESS`."""

from django.urls import URLPattern

app_name = "civil_society"
urlpatterns: list[URLPattern] = []
