"""One settings module, driven by environment variables.

Local defaults are safe for `make run` (DEBUG on, SQLite in ./var). Production is any run with
DEBUG=false: then SECRET_KEY must be set and the HTTPS/cookie hardening switches on.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# The project's templates/ and static/ folders: at the top of a checkout, or inside the clinic
# package when the app runs from an installed wheel (see pyproject.toml, force-include).
_PACKAGED = Path(__file__).resolve().parent / "site"
SITE_DIR = _PACKAGED if _PACKAGED.is_dir() else BASE_DIR


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode (DEBUG=false) needs a long random "
            "SECRET_KEY in the environment, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    # Reviewed: development-only key, refused above when DEBUG is off.
    SECRET_KEY = "django-insecure-local-development-key-only-for-make-run"  # noqa: S105

# Audit log: rows are chained with HMAC-SHA256 under this key, kept outside the database (the
# environment, or a file readable by the app's user only). Production refuses to start without.
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY")
if not AUDIT_HMAC_KEY and env_str("AUDIT_HMAC_KEY_FILE"):
    try:
        AUDIT_HMAC_KEY = Path(env_str("AUDIT_HMAC_KEY_FILE")).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperlyConfigured(f"AUDIT_HMAC_KEY_FILE cannot be read: {error}") from None
if not AUDIT_HMAC_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "AUDIT_HMAC_KEY is not set. Production mode (DEBUG=false) needs a long random key "
            "for the audit log (AUDIT_HMAC_KEY, or AUDIT_HMAC_KEY_FILE naming a file holding "
            "it), kept outside the database and backed up separately, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
        )
    # Reviewed: development/test-only key, refused above when DEBUG is off.
    AUDIT_HMAC_KEY = "insecure-development-audit-key-only-for-make-run-and-tests"  # noqa: S105
elif len(AUDIT_HMAC_KEY) < 32:
    raise ImproperlyConfigured("AUDIT_HMAC_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "*" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # Django's form templates, for the project's FORM_RENDERER
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "clinic",
    "exam",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Login is checked before CSRF so that an anonymous htmx request always gets the 401 +
    # HX-Redirect to login, even when its CSRF token went stale with the old session.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clinic.middleware.SessionTimeoutMiddleware",
    "clinic.middleware.HtmxAwareLoginRequiredMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "clinic.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
FORM_RENDERER = "clinic.forms.FormRenderer"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.session_timing",
            ],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL for several clinicians.
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Writers queue on the busy timeout instead of failing with "database is locked":
        # IMMEDIATE takes the write lock when the transaction starts, not half-way through.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
        ),
    }

# Audit checkpoints (row count + head HMAC) are appended here by every backup and by
# `manage.py audit_checkpoint` (run it from cron); put it on storage the database cannot reach.
AUDIT_CHECKPOINT_FILE = Path(
    env_str("AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit" / "checkpoints.log"))
)

# Backups (`make backup`): encrypted with this Fernet key when set (keep it apart from them).
BACKUP_ENCRYPTION_KEY = env_str("BACKUP_ENCRYPTION_KEY")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: 5 failures per username + IP lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address (login throttling and audit rows, via axes' get_client_ip_address): with
# PROXY_COUNT reverse proxies in front, the address the outermost proxy saw, i.e. the
# PROXY_COUNT-th entry from the right of X-Forwarded-For (the last PROXY_COUNT - 1 entries are
# the inner proxies; anything further left is the client's own claim). With none: REMOTE_ADDR.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
if PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_ORDER = "left-most"
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1  # ipware counts the proxies listed in the header
    IPWARE_STRICT = False  # a longer header (a client's own X-Forwarded-For) is not rejected

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "clinic:patient_list"
LOGOUT_REDIRECT_URL = "login"

# Sessions: an absolute lifetime (12 h) and an idle timeout (15 min), both configurable.
SESSION_COOKIE_AGE = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 15) * 60
SESSION_WARNING_BEFORE = 120
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [SITE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # Production serves hashed, compressed files made by `collectstatic`.
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Content Security Policy: everything from our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# PDF rendering limits (reports app).
PDF_MAX_PAGES = env_int("PDF_MAX_PAGES", 30)
PDF_TIMEOUT_SECONDS = env_int("PDF_TIMEOUT_SECONDS", 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
