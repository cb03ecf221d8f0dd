"""Settings for the test suite: the ordinary settings in `test` mode, with fast password hashing."""

import os

os.environ.setdefault("REVMECH_MODE", "test")

from revmech.site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = None  # type: ignore[assignment]  # nothing collected in tests; WhiteNoise serves through the finders
WHITENOISE_USE_FINDERS = True
# Tasks run at once, in the request that enqueues them; tests/jobs run real workers.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test sees the data it made; tests/site/test_public_cache.py turns the cache on.
REVMECH_PUBLIC_CACHE_SECONDS = 0
# Uploaded files of the tests stay apart from `make run`'s, and each pytest-xdist worker
# (`make test` runs one per core) keeps its own.
MEDIA_ROOT = DATA_DIR / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
