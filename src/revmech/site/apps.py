"""The site app: base templates, static files and the site-wide management commands."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "revmech.site"
    label = "site"
    verbose_name = "revmech"

    def ready(self) -> None:
        from revmech.site import public_cache

        public_cache.connect()
