"""Where uploaded files are kept: the local disk, or an S3-compatible object store.

Several application servers behind one load balancer must share one store, so production can
point the storage at any S3-compatible service (Amazon S3, MinIO, Ceph, ...) through
django-storages. Everything in revmech reads and writes files through Django's storage API
(`FieldFile.open`, `save`), never through paths on the disk, so either store serves the same code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from revmech.site.env import ConfigurationError, env_bool, env_required, env_str

FILESYSTEM = "filesystem"
S3 = "s3"


def uploaded_files_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """The `STORAGES["default"]` entry the environment asks for (`REVMECH_STORAGE`)."""
    kind = env_str("REVMECH_STORAGE", FILESYSTEM, environ=environ).lower()
    if kind == FILESYSTEM:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != S3:
        raise ConfigurationError(
            f"REVMECH_STORAGE={kind!r} is not a storage revmech knows (use filesystem or s3)."
        )
    options: dict[str, Any] = {
        "bucket_name": env_required("REVMECH_S3_BUCKET", environ=environ),
        "endpoint_url": env_str("REVMECH_S3_ENDPOINT_URL", "", environ=environ) or None,
        "region_name": env_str("REVMECH_S3_REGION", "", environ=environ) or None,
        "access_key": env_str("REVMECH_S3_ACCESS_KEY_ID", "", environ=environ) or None,
        "secret_key": env_str("REVMECH_S3_SECRET_ACCESS_KEY", "", environ=environ) or None,
        "location": env_str("REVMECH_S3_PREFIX", "", environ=environ),
        # Confidential files: never public, never overwritten, downloads go through the app.
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
        "verify": env_bool("REVMECH_S3_VERIFY_TLS", True, environ=environ),
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
