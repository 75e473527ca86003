"""Settings, read from the environment (MITRA_* variables, see README)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    raw = os.environ.get(name)
    return [p.strip() for p in (default if raw is None else raw).split(",") if p.strip()]


DEBUG = env_bool("MITRA_DEBUG", False)
DATA_DIR = Path(os.environ.get("MITRA_DATA_DIR") or "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

_secret = os.environ.get("MITRA_SECRET_KEY", "")
if not _secret:
    # A laptop install needs no configuration: keep a random key beside the data, so sessions
    # survive restarts without a secret ever living in the code.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    _secret = key_file.read_text().strip()
SECRET_KEY = _secret

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("MITRA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its bundled Swagger UI files: the API docs load nothing from a CDN
    "template_partials",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mitra.core",
    "mitra.accounts",
    "mitra.notifications",
    "mitra.sharing",
    "mitra.taxonomy",
    "mitra.partners",
    "mitra.documents",
    "mitra.agreements",
    "mitra.plans",
    "mitra.meetings",
    "mitra.workflow",
    "mitra.treaty",  # issue 14 §3
    "mitra.team",  # issue 14 §6
    "mitra.comments",
    "mitra.clearance",
    # issue 15: trade in health products, the roadmap of potential
    "mitra.trade",
    "mitra.roadmap",
    "mitra.insights",
    "mitra.search",
    "mitra.intake",
    "mitra.interop",
]
INSTALLED_APPS += ["mitra.liaison"]  # health-security liaison (issue 15 §1)

# Background work (README, "Background work"): django-tasks with its database backend, run by
# `mitra worker`, which also runs MITRA_DAILY_COMMANDS once a day at MITRA_DAILY_AT.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "mitra.jobs"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
MITRA_JOBS_DIR = DATA_DIR / "jobs"  # stashed inputs, outputs and progress of background jobs
MITRA_TIME_ZONE = os.environ.get("MITRA_TIME_ZONE") or "Asia/Jakarta"
try:
    ZoneInfo(MITRA_TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError) as _exc:
    raise ImproperlyConfigured(
        f"MITRA_TIME_ZONE must be a time zone such as Asia/Jakarta, not {MITRA_TIME_ZONE!r}"
    ) from _exc
try:
    MITRA_DAILY_AT = dt.time.fromisoformat(os.environ.get("MITRA_DAILY_AT") or "07:00")
except ValueError as _exc:
    raise ImproperlyConfigured(
        f"MITRA_DAILY_AT must be a time of day such as 07:00, not {os.environ['MITRA_DAILY_AT']!r}"
    ) from _exc
MITRA_DAILY_COMMANDS = env_list(
    "MITRA_DAILY_COMMANDS", "expire_agreements,remind,escalate_clearances,send_outbox,prune_jobs"
)
# Run at every look at the clock (30 s): the outbox's retries come due within minutes, and an
# unanswered health-security notice is escalated as soon as its deadline passes.
MITRA_FREQUENT_COMMANDS = env_list("MITRA_FREQUENT_COMMANDS", "escalate_notices,send_outbox")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "mitra.core.middleware.refuse_nul_characters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Security (issue 16): CSP header, second factor, idle expiry, refusals logged, lockout last.
    "csp.middleware.CSPMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mitra.accounts.middleware.session_activity",
    "mitra.accounts.middleware.second_factor",
    "mitra.core.middleware.log_refusals",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mitra.urls"
WSGI_APPLICATION = "mitra.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Connections stay open between requests (issue 18: 1.2–1.7 ms saved on every page) for
# MITRA_DB_CONN_MAX_AGE seconds; each is checked before a request reuses it, so one closed by
# the database (a restart, a failover, an idle timeout) is replaced instead of failing a page.
CONN_MAX_AGE = env_int("MITRA_DB_CONN_MAX_AGE", 600)
if CONN_MAX_AGE < 0:
    raise ImproperlyConfigured(f"MITRA_DB_CONN_MAX_AGE must be 0 or more, not {CONN_MAX_AGE}")
_database_url = os.environ.get("MITRA_DATABASE_URL", "")
if _database_url:
    if not _database_url.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("MITRA_DATABASE_URL must be a postgres:// URL")
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "mitra.sqlite3"),
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# "Today" for reminders and deadlines is the date in this zone, whatever the server's clock zone.
TIME_ZONE = MITRA_TIME_ZONE  # checked above, with the worker's settings
USE_I18N = True
USE_TZ = True

# IATI export: the ministry's organisation identifier and name (override for a real registry
# entry), and the schema the export is validated against.
MITRA_IATI_ORG_REF = os.environ.get("MITRA_IATI_ORG_REF", "ID-GOV-MOH")
MITRA_IATI_ORG_NAME = os.environ.get(
    "MITRA_IATI_ORG_NAME", "Ministry of Health of the Republic of Indonesia"
)
MITRA_IATI_SCHEMA_DIR = BASE_DIR / "interop" / "iati_data" / "schema-2.03"

STATIC_URL = "static/"
# Project-wide static files: the vendored front-end packages (static/vendor/README.md).
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Stored documents: MITRA_DATA_DIR/documents, or S3-compatible object storage when
# MITRA_STORAGE_URL=s3://bucket?endpoint=… (core/storageconfig.py; README "Deployment").
from mitra.core.storageconfig import parse_storage_url  # noqa: E402

STORAGES = {
    "default": parse_storage_url(
        os.environ.get("MITRA_STORAGE_URL", ""), documents_dir=DATA_DIR / "documents"
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Uploaded documents are checked by content, not by name; this is the most one file may weigh.
MAX_UPLOAD_MB = env_int("MITRA_MAX_UPLOAD_MB", 25)
# IATI files are read in one streaming pass with flat memory, so they may be larger.
MAX_IATI_MB = env_int("MITRA_MAX_IATI_MB", 200)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Security (issue 16; README "Security") ---
# Behind an HTTPS proxy (MITRA_SECURE_PROXY=true) cookies are Secure, HSTS is sent, plain HTTP
# is redirected and the proxy's X-Forwarded-Proto is believed. Without it Mitra speaks plain
# HTTP (loopback, a laptop): Secure cookies would never come back over HTTP, so none of this is
# set and `check --deploy` says so.
SECURE_PROXY = env_bool("MITRA_SECURE_PROXY", False)
if SECURE_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe may come over HTTP
    SECURE_HSTS_SECONDS = env_int("MITRA_HSTS_SECONDS", 365 * 24 * 3600)
    # Subdomains of Mitra's own host only; `preload` is consent, it submits nothing.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Nothing inline: every script and style comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sessions end after MITRA_SESSION_IDLE_MINUTES without a request (accounts.middleware keeps
# an active one alive), and when the password changes (Django's session hash).
SESSION_IDLE_MINUTES = env_int("MITRA_SESSION_IDLE_MINUTES", 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

# Lockout (django-axes): 5 wrong logins lock that user name, and separately that address, for
# MITRA_LOCKOUT_MINUTES; the login page, the admin login and API tokens all count.
AUTHENTICATION_BACKENDS = [
    "mitra.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("MITRA_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("MITRA_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = "mitra.accounts.lockout.parameters"
AXES_LOCKOUT_CALLABLE = "mitra.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # mitra.security logs each attempt in one line instead
# The address: the socket's, or behind the proxy the last X-Forwarded-For entry (the proxy's).
AXES_CLIENT_IP_CALLABLE = "mitra.core.security.address_of"

# Two-factor sign-in (django-otp, TOTP): optional for officers and administrators, mandatory
# for them with MITRA_REQUIRE_2FA=true.
REQUIRE_2FA = env_bool("MITRA_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Mitra"

# API tokens expire after MITRA_TOKEN_DAYS unless their owner chose otherwise.
TOKEN_DAYS = env_int("MITRA_TOKEN_DAYS", 365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_answers": {"()": "mitra.core.logs.ExpectedAnswers"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # A 403 or 404 is one line; only server errors carry a traceback.
    "loggers": {
        "django.request": {"filters": ["expected_answers"]},
        # Logins, lockouts and refused actions: one line each, with user and address.
        "mitra.security": {"level": "INFO"},
        "axes": {"level": "ERROR"},  # its own lines repeat ours, with the values masked
    },
}

# E-mail and notifications (mitra/notifications): MITRA_EMAIL_URL, e.g.
# smtp://user:pass@host:587?tls=1, parsed strictly (core/mailconfig.py); unset: console backend.
# Mail is sent only by `mitra manage send_outbox`, never inside a web request.
from mitra.core.mailconfig import parse_email_url  # noqa: E402

_mail = parse_email_url(os.environ.get("MITRA_EMAIL_URL", ""))
EMAIL_BACKEND = _mail.backend
EMAIL_HOST = _mail.host
EMAIL_PORT = _mail.port
EMAIL_HOST_USER = _mail.user
EMAIL_HOST_PASSWORD = _mail.password
EMAIL_USE_TLS = _mail.use_tls
EMAIL_USE_SSL = _mail.use_ssl
EMAIL_TIMEOUT = _mail.timeout
DEFAULT_FROM_EMAIL = os.environ.get("MITRA_EMAIL_FROM") or "Mitra <mitra@localhost>"
# Links in e-mails are absolute: the address people open Mitra at.
MITRA_BASE_URL = (os.environ.get("MITRA_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
if not MITRA_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("MITRA_BASE_URL must start with http:// or https://")
