"""Personal API tokens and the second-factor requirement."""

urlpatterns: list[object] = []
