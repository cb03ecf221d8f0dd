"""Nominations, activation, profiles, approval and the lists of focal points and experts."""

urlpatterns: list[object] = []
