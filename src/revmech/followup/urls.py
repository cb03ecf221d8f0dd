"""Pages of the followup app; each name is declared in `permissions.ACCESS`."""

from django.urls import URLPattern

app_name = "followup"
urlpatterns: list[URLPattern] = []
