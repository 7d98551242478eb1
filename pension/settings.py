"""Settings, all from the environment (cookiecutter-django style).

With nothing set, the project runs in development mode on SQLite with Celery tasks executed eagerly,
so `make run` and `make test` need no services. Production (DJANGO_DEBUG unset or false *and*
DJANGO_PRODUCTION=true) refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

PRODUCTION = env.bool("DJANGO_PRODUCTION", default=False)
DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

if PRODUCTION and DEBUG:
    # Debug pages show settings, SQL and stack frames with residents' data: never on a production instance.
    raise ImproperlyConfigured("Production mode refuses DJANGO_DEBUG=true.")
if PRODUCTION:
    # No fallback: a production instance with a guessable key or an open Host header is worse than none.
    SECRET_KEY = env("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY or not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production mode needs SECRET_KEY and ALLOWED_HOSTS in the environment.")
else:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-not-for-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "axes",
    # /health/ for the bureau's monitoring: database, cache, broker (Redis), disk, storage.
    "health_check",
    "health_check.db",
    "health_check.cache",
    "health_check.storage",
    "health_check.contrib.psutil",
    "health_check.contrib.redis",
    "pension",
    "enrollment",
    "collection",
    "funds",
    "benefits",
    "certification",
    "progress",
    "audit",
]
# The project's own apps first: Django looks for a translation through INSTALLED_APPS in order, and a
# third-party catalogue must not win (django-celery-beat translates "Name" as 任务名, Django's auth "name" as 名称).
_PROJECT_APPS = [app for app in INSTALLED_APPS if (BASE_DIR / app / "apps.py").exists()]
INSTALLED_APPS = _PROJECT_APPS + [app for app in INSTALLED_APPS if app not in _PROJECT_APPS]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pension.session_middleware.SlidingSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Issue 11 item 8: a password the administrator set is changed before anything else.
    "pension.password_middleware.PasswordChangeRequiredMiddleware",
    # Issue 11 item 9: a timed-out session sends htmx requests to the login page as a whole page; answers to
    # signed-in users are never cached.
    "pension.session_middleware.SessionExpiryMiddleware",
    "pension.session_middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "pension.middleware.BadInputMiddleware",
    # Axes last, as its docs ask, so it sees the authenticated user.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pension.urls"
WSGI_APPLICATION = "pension.wsgi.application"
AUTH_USER_MODEL = "pension.User"

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
                "pension.context_processors.navigation",
            ],
        },
    },
]

# An empty DATABASE_URL counts as unset (SQLite), as it does in `DATABASE_URL= make test`.
DATABASES = {"default": env.db_url_config(env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://")
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# API tokens live one working day unless the county sets otherwise (pension.auth).
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=8)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
CSRF_FAILURE_VIEW = "pension.error_pages.csrf_failure"  # a Chinese page in the site's layout

# Lock-out: 5 failures per username+IP, 15 minutes (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pension.views.lockout_response"  # HTML for pages, the JSON envelope for the API
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# Sessions end after 30 idle minutes: a request pushes the expiry forward, writing the session only when the last
# push is at least SESSION_REFRESH_SECONDS old (pension.session_middleware.SlidingSessionMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_ENGINE = "pension.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
# Chinese whatever the browser asks for: county PCs and integrations may send English Accept-Language headers, and
# everything a clerk sees must read in Chinese. (Source strings stay English in the code.)
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "pension.auth.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "pension.rest.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "pension.rest.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "pension.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "County residents' pension API",
    "DESCRIPTION": "Urban-rural residents' basic pension: residents, enrolment, collection. "
    "ID numbers travel only in request bodies, never in URLs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from our own static files: county intranets are often offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `kind` field with different choices: name their enums apart.
    "ENUM_NAME_OVERRIDES": {
        "ContributionKindEnum": "collection.models.ContributionKind",
        "AccountEntryKindEnum": "funds.models.EntryKind",
        "BulletinKindEnum": "progress.models.Bulletin.Kind",
        "TerminationReasonEnum": "enrollment.models.TerminationReason",
        "HardshipEnum": "enrollment.models.Hardship",
        # Terminations and hardship changes share one set of states (asked, confirmed, rejected, withdrawn).
        "RequestStatusEnum": "enrollment.models.TerminationStatus",
        "OtherPensionKindEnum": "benefits.models.OtherPensionKind",
        # A recipient's stop reason and a stop request's kind are one set (death, double receipt).
        "StopReasonEnum": "benefits.models.StopReason",
        # A standing request asks for a stop, a suspension or a resumption.
        "StopRequestActionEnum": "benefits.models.StopRequestAction",
        # A payroll line and a settlement payment row: sent, paid, failed.
        "PaymentLineStatusEnum": "benefits.models.LineStatus",
        # A payroll and a settlement payment batch: generated, approved and sent, returns recorded.
        "PaymentBatchStatusEnum": "benefits.models.PayrollStatus",
    },
}

# Celery from Django settings (CELERY_ namespace). Without a broker, tasks run in-process so the demo needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# Security: strict in production, relaxed for local http.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag; harmless either way
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
    SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=["security.W021"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# The county this installation serves (6-digit GB/T 2260 code): residents must be registered here.
PENSION_COUNTY_CODE = env("PENSION_COUNTY_CODE", default="140431")
DEMO_SEEDERS = env.list(
    "DEMO_SEEDERS",
    default=[
        "enrollment.demo.seed_residents",
        "collection.demo.seed_contributions",
        "collection.demo_deposits.seed_deposits",
        "funds.demo.seed_funds",
        "benefits.demo.seed_benefits",
        "certification.demo.seed_certification",
        "progress.demo.seed_targets",
        "audit.demo.seed_audit",
    ],
)

# Health endpoint (django-health-check): the broker is the Celery one; disk alerts at 90 % used.
REDIS_URL = CELERY_BROKER_URL or "redis://127.0.0.1:6379/0"
HEALTH_CHECK = {"DISK_USAGE_MAX": env.int("HEALTH_DISK_USAGE_MAX", default=90), "MEMORY_MIN": 0}
if not CELERY_BROKER_URL:
    # No broker configured (development, eager tasks): nothing to check there.
    INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "health_check.contrib.redis"]

# Content-Security-Policy (django-csp): scripts only from our own static files (no inline script, no eval);
# inline style attributes stay allowed (htmx's indicator style, a few width hints).
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
