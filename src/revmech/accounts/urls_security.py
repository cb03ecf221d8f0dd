"""Personal API tokens (the second-factor pages are allauth's, under /accounts/2fa/)."""

from django.urls import URLPattern, path

from revmech.accounts import views_security

urlpatterns: list[URLPattern] = [
    path("tokens/", views_security.tokens, name="tokens"),
    path("tokens/revoke/", views_security.revoke_token, name="token_revoke"),
]
