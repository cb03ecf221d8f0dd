"""Django settings for revmech, read from the environment (see docs/configuration.md).

`REVMECH_MODE` chooses the defaults: `production` (the default: secure, needs SECRET_KEY and
ALLOWED_HOSTS), `development` (`make run`: DEBUG, a local key, no HTTPS) or `test`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from revmech.site.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_required,
    env_str,
)
from revmech.site.storage import uploaded_files_storage

django_stubs_ext.monkeypatch()  # lets admin and forms take type parameters at run time

PACKAGE_DIR = Path(__file__).resolve().parent.parent
MODE = env_str("REVMECH_MODE", "production")
if MODE not in {"production", "development", "test"}:
    raise ConfigurationError(
        f"REVMECH_MODE={MODE!r} is not one of production, development or test."
    )
IS_PRODUCTION = MODE == "production"

DEBUG = env_bool("DEBUG", MODE == "development")
DATA_DIR = Path(env_str("REVMECH_DATA_DIR", str(Path.cwd() / "var"))).resolve()

if IS_PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ConfigurationError("SECRET_KEY must be at least 50 characters of varied text.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ConfigurationError("ALLOWED_HOSTS must list the host names the site answers to.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "revmech-insecure-development-key-" + "x" * 32)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "djmoney",
    "revmech.site",
    "revmech.jobs",
    "revmech.accounts",
    "revmech.audit",
    "revmech.registry",
    "revmech.reviews",
    "revmech.lots",
    "revmech.questionnaires",
    "revmech.meetings",
    "revmech.reports",
    "revmech.followup",
    "revmech.civil_society",
    "revmech.secretariat",
    # After the revmech apps, so that revmech's templates override allauth's.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Near the top, so that it sees the cookies every other middleware sets: no-store for
    # signed-in people, Permissions-Policy (docs/security.md).
    "revmech.site.middleware.SecurityHeadersMiddleware",
    # Content-Security-Policy (django-csp), on every answer.
    "revmech.site.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Public pages for anonymous readers from the shared cache (revmech.site.public_cache).
    "revmech.site.public_cache.PublicCacheMiddleware",
    "revmech.accounts.middleware.SessionExpiryMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "revmech.site.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "revmech.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "revmech.site.middleware.FontMissingMiddleware",
    # The database lost during a request: a 503 that says nothing was saved (site/faults.py).
    "revmech.site.faults.DatabaseUnavailableMiddleware",
    # Last, as axes asks: it turns a lock-out into its answer (status 429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "revmech.site.urls"
WSGI_APPLICATION = "revmech.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "revmech.site.context_processors.site",
            ],
            # `|rich`, the only way a template prints stored rich text (web/richtext.py).
            # `|with_nonce`, the nonce of a form's import map (web/csp.py).
            # `|day` and `|moment`, the one way a date is written for people (web/dates.py).
            "builtins": ["revmech.web.richtext", "revmech.web.csp", "revmech.web.dates"],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # the default SQLite file lives there

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'revmech.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for concurrent use (docs/security.md): readers never wait for a writer (WAL), a
    # writer waits up to 20 s for another rather than failing at once ("database is locked"),
    # and every transaction takes the write lock when it begins (IMMEDIATE), so two people
    # saving the same answer queue up and the second one gets the conflict view, never a 500.
    if IS_PRODUCTION and not env_bool("REVMECH_ALLOW_SQLITE", False):
        raise ConfigurationError(
            "Production needs PostgreSQL: set DATABASE_URL=postgres://user:password@host/revmech. "
            "SQLite serves one machine and few people; to run on it anyway, set "
            "REVMECH_ALLOW_SQLITE=true."
        )
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env_int("SQLITE_TIMEOUT_SECONDS", 20, minimum=1),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in and security (docs/security.md). Passwords after NIST SP 800-63B: a length of 12 to
# 128, no composition rules, refused if common or (opt-in) found in breaches.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {
        "NAME": "revmech.accounts.security.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "revmech.accounts.security.BreachedPasswordValidator"},
]
PWNED_PASSWORDS_CHECK = env_bool("PWNED_PASSWORDS_CHECK", False)
AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account or address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    # allauth's, by user name or e-mail; its module connects revmech's sign-in receivers.
    "revmech.accounts.auth.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# allauth: sign-in by user name or e-mail; nobody signs up (people arrive by nomination).
ACCOUNT_ADAPTER = "revmech.accounts.auth.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
# The activation link of the nomination proves the address (issue 4, onboarding).
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False  # no "remember me": the session ends with the browser
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False  # other sessions end; this one goes on
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if IS_PRODUCTION else "http"
# axes counts failed passwords (below, per account and address); allauth's limit, looser so
# that axes answers first for passwords, also bounds wrong second-factor codes per person.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,10/5m/key"}
MFA_ADAPTER = "revmech.accounts.auth.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "revmech"
# Fernet keys for second-factor secrets at rest, newest first (docs/security.md).
REVMECH_SECRETS_KEYS = env_list("REVMECH_SECRETS_KEYS", [])
MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES = env_bool("MFA_REQUIRED_FOR_CONFIDENTIAL_ROLES", True)

# django-axes: 5 failures lock an account from the address they came from, for 15 minutes;
# an account alone (whatever the address) or an address alone (whatever the account) only at
# 50, so people sharing an office's address are not locked out by one who mistyped. The
# address is REMOTE_ADDR only: no header the client writes. `LockoutHandler` applies the two
# limits (docs/security.md).
SIGNIN_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5, minimum=1)
SIGNIN_WIDE_FAILURE_LIMIT = env_int("SIGNIN_WIDE_FAILURE_LIMIT", 50, minimum=SIGNIN_FAILURE_LIMIT)
AXES_FAILURE_LIMIT = SIGNIN_FAILURE_LIMIT
# Unknown, revoked or expired API tokens from one address: after this many in the cool-off
# time, every token from that address is refused (429) until it ends (accounts/security.py).
TOKEN_FAILURE_LIMIT = env_int("TOKEN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "revmech.accounts.auth.signin_identifier"
AXES_CLIENT_IP_CALLABLE = "revmech.accounts.auth.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "revmech.accounts.auth.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "revmech.accounts.auth.lockout_response"

# allauth keeps used TOTP codes (no replay) and its rate limits in the cache, which must be
# shared by every worker: the database in production (`revmech createcachetable` once).
CACHE_KIND = env_str("REVMECH_CACHE", "database" if IS_PRODUCTION else "local")
if CACHE_KIND not in {"database", "local"}:
    raise ConfigurationError(f"REVMECH_CACHE={CACHE_KIND!r} is not one of database or local.")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "revmech_cache"}
        if CACHE_KIND == "database"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Which working group considers which instrument's assistance needs (P&R para 40 and its note):
# `para40` gives them all to the Working Group on Technical Assistance, `note40` to each
# Protocol's working group (see revmech.followup.mandates).
FOLLOWUP_MANDATES = env_str("REVMECH_FOLLOWUP_MANDATES", "para40")
if FOLLOWUP_MANDATES not in {"para40", "note40"}:
    raise ConfigurationError(
        f"REVMECH_FOLLOWUP_MANDATES={FOLLOWUP_MANDATES!r} is not one of para40 or note40."
    )

# Languages: the six working languages of the Mechanism (P&R para 43).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# Uploaded files: the local disk by default; an S3-compatible object store when several
# application servers share one store (docs/configuration.md).
STORAGES["default"] = uploaded_files_storage(os.environ)
MEDIA_URL = "media/"

# Mail (P&R para 12: the platform writes to focal points and experts).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that stops answering fails the attempt after this many seconds; it is retried.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
# Links in mail sent outside a request (reminders, activation links sent by a command).
REVMECH_BASE_URL = env_str("REVMECH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "revmech <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Public pages and API answers kept in the shared cache for anonymous readers, dropped as soon
# as the data they show changes (docs/performance.md); 0 keeps nothing.
# `make bench` routes a bare view at /bench/bare/ to compare with (docs/performance.md).
REVMECH_BENCH = env_bool("REVMECH_BENCH", False)
REVMECH_PUBLIC_CACHE_SECONDS = env_int("REVMECH_PUBLIC_CACHE_SECONDS", 300, minimum=0)

# Background work (docs/operations.md): mail, reminders and heavy exports are tasks in the
# database, run by `revmech worker` on SQLite or PostgreSQL, one or many per machine.
TASKS = {
    "default": {"BACKEND": env_str("REVMECH_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}
# A failed mail is tried again after 30 s, then 60 s, 120 s... at most an hour apart.
REVMECH_MAIL_RETRY_SECONDS = env_int("REVMECH_MAIL_RETRY_SECONDS", 30, minimum=1)
REVMECH_MAIL_MAX_ATTEMPTS = env_int("REVMECH_MAIL_MAX_ATTEMPTS", 100, minimum=1)
# A worker sending a message holds it this long; longer than EMAIL_TIMEOUT.
REVMECH_MAIL_LEASE_SECONDS = env_int("REVMECH_MAIL_LEASE_SECONDS", 2 * EMAIL_TIMEOUT, minimum=1)
# A task marked running whose worker has not beaten for this long is run again.
REVMECH_WORKER_STALE_SECONDS = env_int("REVMECH_WORKER_STALE_SECONDS", 60, minimum=1)
# Tasks each worker makes sure are enqueued once a day (they take the day as an ISO date).
REVMECH_DAILY_TASKS = [
    "revmech.reviews.tasks.send_due_reminders",
    "revmech.jobs.exports.delete_old_exports",
]
# Heavy exports are made by a worker (docs/performance.md): lists of more entries than this,
# reports and desk reviews of more characters than this; their files are kept this many days.
REVMECH_EXPORT_BACKGROUND_ENTRIES = env_int("REVMECH_EXPORT_BACKGROUND_ENTRIES", 300, minimum=0)
REVMECH_EXPORT_BACKGROUND_CHARACTERS = env_int(
    "REVMECH_EXPORT_BACKGROUND_CHARACTERS", 20_000, minimum=0
)
REVMECH_EXPORT_KEEP_DAYS = env_int("REVMECH_EXPORT_KEEP_DAYS", 7, minimum=1)

# Security: the production defaults pass `manage.py check --deploy` with no warnings.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", IS_PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if IS_PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", IS_PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", IS_PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", IS_PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", IS_PRODUCTION)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
X_FRAME_OPTIONS = "DENY"
# What a page may load and run (django-csp): only the application's own files; no inline script,
# no inline style, no plug-ins, no framing. `data:` images are the second factor's QR code. The
# pages of libraries that style themselves inline (admin, API docs, browsable API) get inline
# styles, never inline script (`site.middleware.ContentSecurityPolicyMiddleware`).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # A nonce only where a page asks for one: a form's import map (web/csp.py).
        "script-src": ["'self'", NONCE],
        # The one style element the report's editor (tiptap in django-prose-editor) writes into
        # the page, by its hash; a new version of the editor that changes it fails the browser
        # test `tests/browser/test_report_editor.py`, which names the new hash.
        "style-src": ["'self'", "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Browser features no page of revmech uses, refused to every page and anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "publickey-credentials-get", "serial", "usb", "xr-spatial-tracking",
    )
)  # fmt: skip

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "revmech.web.pagination.PageSizePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "revmech.accounts.security.PersonalTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "revmech API",
    "DESCRIPTION": (
        "The API of revmech, the platform of the Mechanism for the Review of Implementation "
        "of the United Nations Convention against Transnational Organized Crime and the "
        "Protocols thereto."
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # 400, 401, 403, 404 and 429 as every operation may answer them (site/api_schema.py).
        "revmech.site.api_schema.document_refusals",
        "revmech.site.api_schema.add_links",
    ],
    "ENUM_NAME_OVERRIDES": {
        "TreatyStatusEnum": "revmech.registry.models.TreatyStatus",
        "DrawStatusEnum": "revmech.lots.models.Draw.Status",
        "ParticipationSourceEnum": "revmech.registry.models.Participation.Source",
        "DocumentLanguageEnum": "revmech.meetings.models.LANGUAGES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Currencies the secretariat accounts in (django-money); amounts keep their currency and are
# converted only at a rate recorded with its date (revmech.secretariat).
CURRENCIES = (
    "USD",
    "EUR",
    "GBP",
    "CHF",
    "JPY",
    "CAD",
    "AUD",
    "NOK",
    "SEK",
    "DKK",
    "CNY",
    "RUB",
    "SAR",
    "AED",
    "QAR",
    "KRW",
    "MXN",
    "BRL",
    "INR",
    "ZAR",
)
