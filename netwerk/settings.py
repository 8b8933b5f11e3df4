"""Netwerk settings: one module, read from the environment.

With no configuration at all Netwerk runs on SQLite and a Celery broker that needs
no server (kombu's filesystem transport), so `scripts/run` works on a fresh machine.
`DATABASE_URL` switches to PostgreSQL and `REDIS_URL` to Redis, as production and CI do.
`NETWERK_PRODUCTION=1` turns on the production hardening and refuses a missing or
development secret key.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

PRODUCTION = env.bool("NETWERK_PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when NETWERK_PRODUCTION is set.")

DEV_SECRET_KEY = "django-insecure-netwerk-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
if PRODUCTION and (
    SECRET_KEY == DEV_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "NETWERK_PRODUCTION is set but SECRET_KEY is missing or not a real secret "
        "(at least 50 characters, not the development key)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "netwerk.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "phonenumber_field",
    "netwerk",
    "contacts",
    "invitations",
    "asks",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "netwerk.middleware.MemberPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "netwerk.urls"
# Widgets render with the project's template engine, so their templates live in templates/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "netwerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# Database: SQLite file by default, PostgreSQL (or anything dj-database-url knows)
# through DATABASE_URL. The embedded default's folders (EMBEDDED_FOLDERS) are made by
# netwerk.apps on start-up, never when these settings are imported.
EMBEDDED_FOLDERS = [VAR_DIR]
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'netwerk.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process, the worker and beat read while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a username/IP pair after repeated failures. The locked-out answer
# is the same page as a wrong password, so it reveals nothing about which usernames exist.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "netwerk.accounts.views.locked_out"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# The client address comes from netwerk/accounts/client_ip.py, which reads X-Forwarded-For
# only from the proxies NETWERK_BEHIND_PROXY / NETWERK_PROXY_COUNT declare.
AXES_CLIENT_IP_CALLABLE = "netwerk.accounts.client_ip.client_ip"

# Reverse proxy. Only when one is declared in front are its headers believed
# (X-Forwarded-For for the client address, X-Forwarded-Proto for https): reached
# directly, a client could forge both.
NETWERK_BEHIND_PROXY = env.bool("NETWERK_BEHIND_PROXY", default=False)
NETWERK_PROXY_COUNT = env.int("NETWERK_PROXY_COUNT", default=1)
if NETWERK_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Internationalisation: English source strings, Dutch translation.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="nl")
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# locale/upstream: Dutch for Django's and axes' own strings they leave in English or
# word formally; after ours, before the installed catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "upstream"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: SMTP, configured from the environment. The default host/port is a local
# mail catcher (docker-compose's mailpit), never a real relay.
EMAIL_BACKEND_PATH = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {
                "host": env.str("EMAIL_HOST", default="127.0.0.1"),
                "port": env.int("EMAIL_PORT", default=1025),
                "username": env.str("EMAIL_HOST_USER", default="") or None,
                "password": env.str("EMAIL_HOST_PASSWORD", default="") or None,
                "use_tls": env.bool("EMAIL_USE_TLS", default=False),
                "use_ssl": env.bool("EMAIL_USE_SSL", default=False),
                "timeout": env.int("EMAIL_TIMEOUT", default=20),
            }
            if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Netwerk <netwerk@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Content Security Policy (Django's own middleware): scripts only from this origin
# with a fresh nonce per response, no inline scripts, no plugins, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Celery. Redis when REDIS_URL is set; otherwise kombu's filesystem transport, which
# needs no server: messages are files under var/celery/.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    EMBEDDED_FOLDERS += [CELERY_BROKER_DIR / "in", CELERY_BROKER_DIR / "processed"]
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "in"),
        "data_folder_out": str(CELERY_BROKER_DIR / "in"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        # Remote-control (pidbox) messages: under var/ too, not a `control/` folder in the cwd.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
    CELERY_RESULT_BACKEND = None

# Cache (the dashboard's figures, netwerk/dashboard.py), shared by the web processes and the
# Celery worker, whose writes must forget them too: Redis when REDIS_URL is set, else files.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "netwerk"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
    )
}

CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE = {
    "celery-heartbeat": {
        "task": "netwerk.tasks.heartbeat",
        "schedule": timedelta(seconds=env.int("NETWERK_HEARTBEAT_SECONDS", default=300)),
    },
    # Finds the members whose review digest is due; each digest is claimed exactly once.
    "review-digests": {"task": "reviews.send_due_digests", "schedule": timedelta(minutes=15)},
    "purge-archived-contacts": {"task": "reviews.purge_archived_contacts", "schedule": timedelta(hours=6)},
    # The keep-in-touch dates are kept by every write; once a day they are recomputed
    # from scratch for members with a rhythm, so no write path can leave one stale.
    "keep-in-touch-dates": {"task": "reviews.refresh_keep_in_touch", "schedule": timedelta(hours=24)},
    "duplicates-requested": {"task": "contacts.find_requested_duplicates", "schedule": timedelta(hours=1)},
}

# Netwerk's own knobs.
NETWERK_DIGEST_LINK_MAX_AGE = timedelta(days=14)
# A digest claimed but not handed to SMTP this long ago belongs to a dead worker: resent.
NETWERK_DIGEST_STALE_AFTER = timedelta(seconds=env.int("NETWERK_DIGEST_STALE_SECONDS", default=30 * 60))
NETWERK_INVITATION_CHAR_LIMIT = env.int("NETWERK_INVITATION_CHAR_LIMIT", default=300)
NETWERK_INVITATION_CHAR_LIMIT_FREE = env.int("NETWERK_INVITATION_CHAR_LIMIT_FREE", default=200)
# How many invitations with a personal note a free LinkedIn account may send in a calendar
# month (LinkedIn's help page said five when this was written; it changes, hence a setting).
# Premium has no monthly cap.
NETWERK_FREE_NOTES_PER_MONTH = env.int("NETWERK_FREE_NOTES_PER_MONTH", default=5)
NETWERK_EXTRA_STANDARD_TEXTS = env.list("NETWERK_EXTRA_STANDARD_TEXTS", default=[])
# 100 MB: a messages.csv of twenty busy years is about 50 MB (bench/import_messages.py).
NETWERK_IMPORT_MAX_BYTES = env.int("NETWERK_IMPORT_MAX_BYTES", default=100 * 1024 * 1024)
NETWERK_IMPORT_MAX_ROWS = env.int("NETWERK_IMPORT_MAX_ROWS", default=100_000)
NETWERK_IMPORT_MAX_MESSAGE_ROWS = env.int("NETWERK_IMPORT_MAX_MESSAGE_ROWS", default=1_000_000)
# Who may sign up: "open" (anyone who proves their address), "invite" (only with a
# sign-up invitation from the administrator or `create_signup_invitation`), "closed".
NETWERK_SIGNUP = env.str("NETWERK_SIGNUP", default="open").strip().lower()
if NETWERK_SIGNUP not in ("open", "invite", "closed"):
    raise ImproperlyConfigured("NETWERK_SIGNUP must be open, invite or closed.")
NETWERK_CONFIRM_LINK_MAX_AGE = timedelta(days=2)
NETWERK_SIGNUP_PER_CLIENT_HOURLY = env.int("NETWERK_SIGNUP_PER_CLIENT_HOURLY", default=10)
NETWERK_SIGNUP_PER_ADDRESS_HOURLY = env.int("NETWERK_SIGNUP_PER_ADDRESS_HOURLY", default=3)
NETWERK_ARCHIVE_RETENTION_DAYS = env.int("NETWERK_ARCHIVE_RETENTION_DAYS", default=90)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
    },
}
