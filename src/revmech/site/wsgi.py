"""WSGI entry point for production servers (gunicorn through `revmech serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revmech.site.settings")
application = get_wsgi_application()
