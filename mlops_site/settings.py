"""Settings for every deployment, read from the environment.

One module, two modes chosen by variables (see README "Configuration"):
the embedded default (SQLite and a file-system Celery broker under DATA_DIR,
nothing to install) and production (DATABASE_URL, CELERY_BROKER_URL).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

from mlops_site.env import (
    SettingError,
    broker_timeouts,
    cache_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)
from mlops_site.version import git_commit

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "data"))).resolve()

DEBUG = env_bool("DEBUG", False)

# A key that is only acceptable while DEBUG is on; the system check
# `mlops_site.E001` refuses it (or an empty key) otherwise.
DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-do-not-deploy"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY") or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "mlops_site.apps.MlopsSiteConfig",
    "tenancy",
    "telemetry",
    "jobs",
    "assessments",
    "pipelines",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mlops_site.urls"
WSGI_APPLICATION = "mlops_site.wsgi.application"
ASGI_APPLICATION = "mlops_site.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# Bounds on outbound calls (README "Configuration"): a database, broker or cache
# that accepts connections and then never answers must not hold a request, a
# worker or /healthz for long. The statement limit applies to web processes only
# (mlops_site/statements.py); workers and commands may run long queries.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=2)
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 30_000)
BROKER_CONNECT_TIMEOUT = env_int("BROKER_CONNECT_TIMEOUT", 5, minimum=1)
BROKER_SOCKET_TIMEOUT = env_int("BROKER_SOCKET_TIMEOUT", 10, minimum=2)
CACHE_TIMEOUT_MS = env_int("CACHE_TIMEOUT_MS", 500, minimum=1)


def _database(url: str) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise SettingError(f"DATABASE_URL cannot be read: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Web, worker and beat share one SQLite file: wait for locks instead of
        # failing, and let readers work while a writer holds the file.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
        # libpq's connect_timeout bounds the whole connection set-up, handshake included.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
        # The evidence rules' correlated subqueries have high estimated costs but run in
        # milliseconds; PostgreSQL's JIT would spend over a second compiling each of them.
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'db.sqlite3'}"
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "mlops_site.staticfinders.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "mlops_site.staticstorage.CollectedStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# Serve static files straight from the app folders when collectstatic has not run
# (its manifest is missing); the storage then links them by their own names.
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "staticfiles.json").exists()
WHITENOISE_MANIFEST_STRICT = False

# Security: on by default, as `check --deploy` expects; turned off for plain
# HTTP only when DEBUG is on or the operator says so explicitly.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain-HTTP liveness probes from the load balancer must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Guessing passwords. django-axes counts failed log-ins (the login page and the
# admin) per account and per client address and, past the limit, refuses even the
# right password until the cool-off has passed or an admin deletes the attempts
# (admin: Axes > Access attempts, or `manage.py axes_reset_username NAME`). Per
# account stops many addresses guessing one password; per address stops one
# address trying many accounts. Failures during a lockout do not extend it, and a
# log-in forgives only that account's failures from that address
# (mlops_site.login_limits). Password-reset mail is limited there too.
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as axes requires
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "mlops_site.login_limits.lockout_response"
AXES_CLIENT_IP_CALLABLE = "mlops_site.ratelimits.client_address"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept; successful log-ins need no record here
# Proxies in front of the app whose X-Forwarded-For is trusted for the client address.
TRUSTED_PROXY_COUNT = env_int(
    "TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0
)
PASSWORD_RESET_RATE_PER_HOUR = env_int("PASSWORD_RESET_RATE_PER_HOUR", 5, minimum=1)

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "mlops-maturity@localhost")

# Celery. The embedded default is kombu's file-system transport: web, worker and
# beat on one machine exchange messages through files under DATA_DIR.
BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _folder in ("queue", "processed", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 3600,
        **broker_timeouts(
            CELERY_BROKER_URL, connect=BROKER_CONNECT_TIMEOUT, socket=BROKER_SOCKET_TIMEOUT
        ),
    }
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_CONNECT_TIMEOUT
# Outcomes are recorded in our own tables (jobs.Job), not a result backend.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 1800, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - 30)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Background work (jobs): how long a worker holds work without a heartbeat before
# another may take it over (PIPELINES_RUN_LEASE_S is the older name, still read),
# how often beat looks for work whose worker is gone, and how often it sends the
# messages a refused broker kept back in the outbox.
JOBS_LEASE_S = env_int("JOBS_LEASE_S", env_int("PIPELINES_RUN_LEASE_S", 120, minimum=1), minimum=1)
JOBS_RECOVER_EVERY_S = env_int("JOBS_RECOVER_EVERY_S", 60, minimum=1)
JOBS_OUTBOX_EVERY_S = env_int("JOBS_OUTBOX_EVERY_S", 15, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "jobs: recover work whose worker is gone": {
        "task": "jobs.recover",
        "schedule": float(JOBS_RECOVER_EVERY_S),
    },
    "jobs: send the outbox": {"task": "jobs.send_outbox", "schedule": float(JOBS_OUTBOX_EVERY_S)},
}
# Tests only: a named point where a process stops and waits (mlops_site.crashpoints).
TEST_HOLD_AT = env_str("TEST_HOLD_AT")
TEST_HOLD_S = env_int("TEST_HOLD_S", 3600, minimum=0)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE

REST_FRAMEWORK = {
    # Bearer first, so an API call without credentials gets a 401 that names the scheme.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tenancy.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The API speaks JSON only, as its schema says; other bodies get a 415.
    "DEFAULT_PARSER_CLASSES": ["mlops_site.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "assessments.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Rate limits are counted in the default cache: per process, or shared through Redis.
CACHES = {"default": cache_from_url(env_str("CACHE_URL"), timeout=CACHE_TIMEOUT_MS / 1000)}
# Telemetry ingestion (POST /api/v1/events): the largest request body, and the
# requests per minute one token may send (counted in the default cache).
TELEMETRY_MAX_REQUEST_BYTES = env_int("TELEMETRY_MAX_REQUEST_BYTES", 10 * 1024 * 1024, minimum=1024)
TELEMETRY_RATE_PER_MINUTE = env_int("TELEMETRY_RATE_PER_MINUTE", 1200, minimum=1)

# The reference pipelines: where they send their events, and the code version they record
# (empty: the package version). The commit is read once, as the process starts, so a
# checkout updated under a running process does not relabel the code it still runs.
TELEMETRY_BASE_URL = env_str("TELEMETRY_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
PIPELINES_CODE_VERSION = env_str("PIPELINES_CODE_VERSION") or git_commit(BASE_DIR)

SPECTACULAR_SETTINGS = {
    "TITLE": "MLOps maturity API",
    "DESCRIPTION": "Telemetry in, maturity scorecards out.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Path slugs are documented with the pattern Django's `slug` converter matches.
    "PATH_CONVERTER_OVERRIDES": {"slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mlops_site.api_schema.require_request_bodies",
    ],
}

# Browser security headers on every response (mlops_site.security_headers; the
# Referrer-Policy is Django's SECURE_REFERRER_POLICY above). Every script is a
# file of our own, charts and the API docs included, so no inline script, inline
# event handler or eval is allowed, nor any inline style but the two attributes
# below; images may be data: URIs, which plotly's and Swagger UI's icons use.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "mlops_site.security_headers.SecurityHeadersMiddleware",
)


def _csp_sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# The only style attributes any page sets: plotly.js writes these two itself (an
# empty one on its background rectangles; crisp pixels on heatmaps) and cannot be
# told not to. A plotly upgrade that writes others shows them as CSP violations in
# the browser tests; a style that is refused only changes a chart's looks.
PLOTLY_STYLE_ATTRIBUTES = (
    "",
    "image-rendering: optimizeSpeed; image-rendering: -moz-crisp-edges; "
    "image-rendering: -o-crisp-edges; image-rendering: -webkit-optimize-contrast; "
    "image-rendering: optimize-contrast; image-rendering: crisp-edges; "
    "image-rendering: pixelated; ",
)
SECURE_CSP: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-hashes'", *map(_csp_sha256, PLOTLY_STYLE_ATTRIBUTES)],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Powerful browser features the app never uses, refused for every origin.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    name: []
    for name in ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
                 "microphone", "payment", "usb")
}  # fmt: skip
# Swagger UI would otherwise show a badge fetched from validator.swagger.io.
SPECTACULAR_SETTINGS["SWAGGER_UI_SETTINGS"] = {"deepLinking": True, "validatorUrl": None}

LOG_FORMAT = env_choice("LOG_FORMAT", "text" if DEBUG else "json", ("json", "text"))
LOG_LEVEL = env_choice("LOG_LEVEL", "info", ("debug", "info", "warning", "error")).upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)-7s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
