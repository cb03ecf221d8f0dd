"""Settings for the test suite: the ordinary settings in `test` mode, with fast password hashing."""

import os

os.environ.setdefault("REVMECH_MODE", "test")

from revmech.site.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
