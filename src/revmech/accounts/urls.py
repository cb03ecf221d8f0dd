"""URLs of people and roles: onboarding and nominations, and the security pages (tokens, MFA)."""

from django.urls import include, path

app_name = "accounts"
urlpatterns = [
    path("", include("revmech.accounts.urls_onboarding")),
    path("", include("revmech.accounts.urls_security")),
]
