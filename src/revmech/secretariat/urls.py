"""Pages of the secretariat app; each name is declared in `permissions.ACCESS`."""

from django.urls import URLPattern

app_name = "secretariat"
urlpatterns: list[URLPattern] = []
