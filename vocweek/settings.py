"""VocWeek settings: one module, driven by environment variables.

Embedded profile (default): SQLite in WAL mode under var/, local media, local-memory cache and
database-backed tasks. Scale profile: set DATABASE_URL, REDIS_URL and the AWS_* storage variables.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from vocweek.env import BASE_DIR, TESTING, VAR_DIR, env, generated_secret_key

DEBUG = env.bool("VOCWEEK_DEBUG", default=False)
PRODUCTION = env.bool("VOCWEEK_PRODUCTION", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="") or generated_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("VOCWEEK_DEBUG must be off when VOCWEEK_PRODUCTION is on.")
    if not env.str("SECRET_KEY", default=""):
        raise ImproperlyConfigured("Set SECRET_KEY: production refuses the generated default.")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("VOCWEEK_HSTS_SECONDS", default=3600)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "vocweek.core",
    "vocweek.accounts",
    "vocweek.orgs",
    "vocweek.campaigns",
    "vocweek.notify",
    "vocweek.plans",
    "vocweek.activities",
    "vocweek.pledges",
    "vocweek.voting",
    "vocweek.topics",
    "vocweek.reports",
    "vocweek.stats",
    "vocweek.portal",
    "vocweek.console",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages are answered here, before sessions, locale, CSRF and auth; security
    # headers still come from SecurityMiddleware above (vocweek/core/pagecache.py).
    "vocweek.core.pagecache.PublicPageCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vocweek.urls"
WSGI_APPLICATION = "vocweek.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vocweek" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vocweek.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'vocweek.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept, as on PostgreSQL: closing SQLite's last connection checkpoints the
    # write-ahead log, which cost a signature ~7 ms of CPU when every request closed its own.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("VOCWEEK_CONN_MAX_AGE", default=60))
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
            "PRAGMA mmap_size=134217728;PRAGMA cache_size=-20000;PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("VOCWEEK_CONN_MAX_AGE", default=60))
    # Off by default: the check is a round trip before each request's first query, which cost
    # the signing path a fifth of its throughput; without it, a connection the server dropped
    # fails one request (a "busy, try again" on the public writes) and is then replaced.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool(
        "VOCWEEK_CONN_HEALTH_CHECKS", default=False
    )
    # No request waits long for a row another transaction holds: it fails with "busy" instead
    # (pledge signing answers 503 with Retry-After). Migrations fail fast the same way.
    lock_timeout = env.int("VOCWEEK_DB_LOCK_TIMEOUT_MS", default=3000)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c lock_timeout={lock_timeout}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache, sessions and tasks: local in the embedded profile, Redis when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "vocweek",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default"],
        }
    }
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    # RQ workers must load jobs with django-tasks-rq's job class, which calls the Task.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    INSTALLED_APPS.append("django_rq")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "vocweek",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    TASKS = {
        "default": {
            "BACKEND": env.str(
                "VOCWEEK_TASK_BACKEND",
                default=(
                    "django_tasks.backends.immediate.ImmediateBackend"
                    if TESTING
                    else "django_tasks_db.DatabaseBackend"
                ),
            ),
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "console:home"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_RESET_TIMEOUT = env.int("VOCWEEK_ACTIVATION_SECONDS", default=7 * 24 * 3600)

# Repeated failed log-ins are throttled per user name and address.
AXES_FAILURE_LIMIT = env.int("VOCWEEK_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("VOCWEEK_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Reverse proxies in front: the client is read from X-Forwarded-For (vocweek.core.clients).
VOCWEEK_PROXY_COUNT = env.int("VOCWEEK_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "vocweek.core.clients.client_address"
RATELIMIT_IP_META_KEY = "vocweek.core.clients.client_address"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "vocweek" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "vocweek" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads that wait for a second step (a roster between preview and import) are never public.
STORAGES["imports"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": VAR_DIR / "imports", "base_url": None},
}
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    S3_OPTIONS = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env.str("AWS_S3_REGION_NAME", default=None),
        "querystring_auth": True,
        "default_acl": "private",
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": S3_OPTIONS}
    STORAGES["imports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": S3_OPTIONS | {"location": "private/imports"},
    }
WHITENOISE_MAX_AGE = 3600  # unhashed names; hashed ones are served immutable for a year

# --- Public writes ------------------------------------------------------------------------------
# Pledge signatures per client address (django-ratelimit rate): a school's network signing a
# class at a time stays below it.
VOCWEEK_SIGN_RATE = env.str("VOCWEEK_SIGN_RATE", default="20/m")

# --- Data dashboard (vocweek.console.dashboard) -------------------------------------------------
# How long the dashboard's figures are kept and how often its screens fetch them again.
VOCWEEK_DASHBOARD_SECONDS = env.int("VOCWEEK_DASHBOARD_SECONDS", default=30)

# --- Public page cache (vocweek.core.pagecache) ------------------------------------------------
# Whole anonymous pages (home, column, stories) from the cache, invalidated when a service changes
# what they show; the TTL bounds everything else (counters, the day of the week).
VOCWEEK_PAGE_CACHE = env.bool("VOCWEEK_PAGE_CACHE", default=not (DEBUG or TESTING))
VOCWEEK_PAGE_CACHE_SECONDS = env.int("VOCWEEK_PAGE_CACHE_SECONDS", default=60)
# The public generation: a stamp file shared by the processes of one machine when the cache is
# per process (locmem), else a number in the shared cache (empty value).
VOCWEEK_PAGE_CACHE_STAMP = env.str(
    "VOCWEEK_PAGE_CACHE_STAMP",
    default="" if REDIS_URL or TESTING else str(VAR_DIR / "public-generation"),
)
# Parts of public pages the views keep under the same generation and lifetime, so that a page the
# cache does not answer (a visitor with a session, another query) is still quick to render.
VOCWEEK_FRAGMENT_CACHE = env.bool("VOCWEEK_FRAGMENT_CACHE", default=not (DEBUG or TESTING))
# --- End of public page cache.

EMAIL_BACKEND = env.str(
    "VOCWEEK_EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.locmem.EmailBackend"
        if TESTING
        else "django.core.mail.backends.filebased.EmailBackend"
    ),
)
EMAIL_FILE_PATH = VAR_DIR / "outbox"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="VocWeek <noreply@localhost>")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# The platform's clock: VOCWEEK_CLOCK_START shifts "now" to a moment from which time runs on.
VOCWEEK_CLOCK_START = env.str("VOCWEEK_CLOCK_START", default="")
# The benchmark's hello-world reference view, served by the same server settings (bench only).
VOCWEEK_BENCH_HELLO = env.bool("VOCWEEK_BENCH_HELLO", default=False)
VOCWEEK_SITE_NAME = env.str("VOCWEEK_SITE_NAME", default="职教活动周工作平台")
VOCWEEK_IMPORT_MAX_BYTES = env.int("VOCWEEK_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
VOCWEEK_IMPORT_MAX_ROWS = env.int("VOCWEEK_IMPORT_MAX_ROWS", default=20000)

# Report media (reports/media.py, core/uploads.py): upload limits, checked before anything is stored.
VOCWEEK_MAX_PHOTO_BYTES = env.int("VOCWEEK_MAX_PHOTO_BYTES", default=20 * 1024 * 1024)
VOCWEEK_MAX_VIDEO_BYTES = env.int("VOCWEEK_MAX_VIDEO_BYTES", default=300 * 1024 * 1024)
VOCWEEK_MAX_PHOTO_PIXELS = env.int("VOCWEEK_MAX_PHOTO_PIXELS", default=60_000_000)
VOCWEEK_MAX_MEDIA_PER_REPORT = env.int("VOCWEEK_MAX_MEDIA_PER_REPORT", default=20)
VOCWEEK_MAX_HALL_MEDIA = env.int("VOCWEEK_MAX_HALL_MEDIA", default=200)
VOCWEEK_MAX_HALL_ALBUMS = env.int("VOCWEEK_MAX_HALL_ALBUMS", default=12)
# Activity plans (plans/, core/documents.py): the largest document a unit may file.
VOCWEEK_MAX_DOCUMENT_BYTES = env.int("VOCWEEK_MAX_DOCUMENT_BYTES", default=20 * 1024 * 1024)
# The background check of a plan's topic website (plans/website.py): the time limit of the whole
# check in seconds, how much of the page is read, and whether private addresses may be fetched
# (tests against a local server only: never in production).
VOCWEEK_WEBSITE_CHECK_TIMEOUT = env.float("VOCWEEK_WEBSITE_CHECK_TIMEOUT", default=5.0)
VOCWEEK_WEBSITE_CHECK_MAX_BYTES = env.int("VOCWEEK_WEBSITE_CHECK_MAX_BYTES", default=256 * 1024)
VOCWEEK_WEBSITE_CHECK_ALLOW_PRIVATE = env.bool("VOCWEEK_WEBSITE_CHECK_ALLOW_PRIVATE", default=False)
# End of report media.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("VOCWEEK_LOG_LEVEL", default="WARNING")},
}

# --- Notifications: reminders and bulletins (vocweek.notify) -----------------------------------
# Links in e-mails and texts point here (the address people open the console at).
VOCWEEK_SITE_URL = env.str("VOCWEEK_SITE_URL", default="http://127.0.0.1:8000")
# The SMS gateway: the default logs each text; "vocweek.notify.channels.AliyunSmsBackend" sends
# through Alibaba Cloud SMS with the approved signature and template named below. The template
# receives ${unit}, ${day} and ${deadline}.
VOCWEEK_SMS_BACKEND = env.str(
    "VOCWEEK_SMS_BACKEND", default="vocweek.notify.channels.LogSmsBackend"
)
VOCWEEK_SMS_ACCESS_KEY_ID = env.str("VOCWEEK_SMS_ACCESS_KEY_ID", default="")
VOCWEEK_SMS_ACCESS_KEY_SECRET = env.str("VOCWEEK_SMS_ACCESS_KEY_SECRET", default="")
VOCWEEK_SMS_SIGN_NAME = env.str("VOCWEEK_SMS_SIGN_NAME", default="")
VOCWEEK_SMS_TEMPLATE_CODE = env.str("VOCWEEK_SMS_TEMPLATE_CODE", default="")
# Approved templates per kind of text, e.g. "plan_reminder=SMS_123,daily_reminder=SMS_456"; a kind
# not listed uses VOCWEEK_SMS_TEMPLATE_CODE.
VOCWEEK_SMS_TEMPLATES = env.dict("VOCWEEK_SMS_TEMPLATES", default={})
# How often `vocweek scheduler` looks for due reminders and bulletins.
VOCWEEK_SCHEDULER_SECONDS = env.int("VOCWEEK_SCHEDULER_SECONDS", default=30)
