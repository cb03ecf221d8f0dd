"""Pages of the reports app; each name is declared in `permissions.ACCESS`."""

from django.urls import URLPattern

app_name = "reports"
urlpatterns: list[URLPattern] = []
