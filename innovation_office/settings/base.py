"""Every setting, read once from the environment with safe defaults for the embedded mode.

Embedded mode (nothing set): SQLite under var/, tasks run in-process, e-mail to the console.
Services mode: DATABASE_URL and REDIS_URL select PostgreSQL and a Redis-backed Celery.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-embedded-mode-key-never-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "taxonomy",
    "audit",
    "profiles",
    "legal",
    "offers",
    "needs",
    "matching",
    "notifications",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "innovation_office.middleware.RequestBodyLimitMiddleware",
    "audit.context.AuditOriginMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "profiles.middleware.IdleSessionMiddleware",
    "profiles.middleware.NoStoreWhenSignedInMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "profiles.middleware.VerifiedDeviceMiddleware",
    "profiles.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innovation_office.urls"
WSGI_APPLICATION = "innovation_office.wsgi.application"
ASGI_APPLICATION = "innovation_office.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "profiles.context_processors.navigation",
                "offers.context_processors.offers_navigation",
                "needs.context_processors.needs_navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Database: SQLite in embedded mode, PostgreSQL (psycopg 3) when DATABASE_URL says so.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
# Embedded mode: each transaction takes SQLite's write lock when it begins and a writer waits up to 20 s for
# it, so two people saving at once queue instead of one being told "database is locked".
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters are sent apart from the statement, so that a statement a connection has run twice is kept
    # prepared there and not parsed again (a match's page, with its dozen joins, answered 6 ms sooner); added to
    # what DATABASE_URL's query asks (sslmode, connect_timeout, …), never in its place. A statement so sent
    # takes at most 65,535 parameters: long lists are read in chunks (matching/bridge/records.py).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.update(server_side_binding=True, prepare_threshold=2)
    if env.bool("DJANGO_DB_POOL", default=False):
        options["pool"] = {"min_size": 1, "max_size": 8, "timeout": 10}
        DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "innovation_office.cache.SharedClientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The parts of every page that depend only on the code, the translations and the reader's roles and language
# (the base template's header, head and footer): each process keeps its own.
# Under DEBUG none: the development server takes in an edited template or translation without a restart.
CACHES["fragments"] = (
    {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if DEBUG
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"}
)

AUTH_USER_MODEL = "profiles.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "profiles.backends.AccountBackend",
]
LOGIN_URL = "profiles:login"
LOGIN_REDIRECT_URL = "profiles:home"
LOGOUT_REDIRECT_URL = "landing"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: five failures for one address and account lock them out for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_LOCKOUT_CALLABLE = "profiles.views.auth.lockout"
AXES_USERNAME_CALLABLE = "profiles.views.auth.attempted_email"
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The address is the one the API's throttles count (innovation_office/client_address.py).
AXES_CLIENT_IP_CALLABLE = "innovation_office.client_address.client_address"
# And across accounts: this many wrong passwords from one address stop its log-ins until the window ends.
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
LOGIN_FAILURES_WINDOW = timedelta(minutes=env.int("LOGIN_FAILURES_WINDOW_MINUTES", default=15))

OTP_TOTP_ISSUER = "EU Defence Innovation Office"
# django-otp's own back-off (1, 2, 4… seconds from the first wrong code) refused the right code typed just
# after a wrong one; the limit on wrong codes is profiles/login_limits.py's instead.
OTP_TOTP_THROTTLE_FACTOR = 0
# Nobody, staff included, reads an enrolled authenticator's secret or QR code in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
INVITATION_TTL = timedelta(days=7)
EMAIL_CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 3

# Internationalisation: English and Ukrainian, chosen by a cookie that the switcher sets.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Europe/Kyiv"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=VAR_DIR / "uploads")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploads (datasheets, logos) are served only through views that check who is asking.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A body announcing more than this is refused before it is read: the largest upload (a 10 MB datasheet) and
# the rest of its form fit. Within a body, form fields may take 2.5 MB, and a file above 2.5 MB is spooled
# to disk rather than held in memory.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=11 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# An uploaded image may have at most this many pixels, read from its header before it is decoded (a 2 MB
# PNG can unpack into gigabytes); Pillow refuses anything far above it everywhere in the process.
UPLOAD_IMAGE_MAX_PIXELS = env.int("UPLOAD_IMAGE_MAX_PIXELS", default=4096 * 4096)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WHITENOISE_USE_FINDERS = True

# Content-Security-Policy: our own origin only, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions end after this long without a request (profiles.middleware.IdleSessionMiddleware pushes the
# expiry back as the session is used).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_SECONDS", default=8 * 60 * 60)
# With Redis, a page reads its session from the cache and the database keeps a copy; logging out, the idle
# timeout and a new key after the second factor end both. The embedded mode's memory cache is one per
# process, so a session ended in one process could live on in another: it reads the database.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# E-mail: the console in embedded mode; EMAIL_URL (smtp://…) in the services and deployment modes.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Defence Innovation Office <no-reply@innovation-office.example>"
)
# The address the privacy notice, the legal notice and the contact page give for reaching the office.
OFFICE_CONTACT_EMAIL = env.str("OFFICE_CONTACT_EMAIL", default="office@example.org")

# Celery: JSON only, bounded run time, acknowledged late so a killed worker loses nothing.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT * 4}
CELERY_TIMEZONE = TIME_ZONE
if CELERY_TASK_TIME_LIMIT <= CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_TIME_LIMIT must exceed CELERY_TASK_SOFT_TIME_LIMIT.")
# Embedded mode: what a page queues on commit (the scoring of a saved offer or request) runs on one background
# thread of the process instead of inside the request, so the page answers at once. Without a worker only.
TASKS_IN_BACKGROUND = env.bool("TASKS_IN_BACKGROUND", default=CELERY_TASK_ALWAYS_EAGER)
# A web process's first catalogue search goes by words while the engine that finds by meaning is built on a
# thread of its own (seconds at thousands of offers), instead of making that request wait.
SEARCH_ENGINE_IN_BACKGROUND = env.bool("SEARCH_ENGINE_IN_BACKGROUND", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "filters": {"mask_tokens": {"()": "innovation_office.log_masking.MaskTokensFilter"}},
    "loggers": {"axes": {"level": "WARNING"}, "django.request": {"filters": ["mask_tokens"]}},
}

# Vetting: with the four-eyes rule on, a decision that grants standing (vet, reinstate) takes effect only
# when a second staff member confirms it. Off here so the embedded demo works with one staff account;
# production settings turn it on unless VETTING_FOUR_EYES=false says otherwise.
VETTING_FOUR_EYES = env.bool("VETTING_FOUR_EYES", default=False)

# Matching: a pair's score is the chance that it is relevant (the engine's calibrated relevance).
# Pairs at least MATCHING_THRESHOLD likely are stored as suggestions; from MATCHING_NOTIFY_THRESHOLD
# on, curating staff (and, in the weekly digest, the startup) are told.
MATCHING_THRESHOLD = env.float("MATCHING_THRESHOLD", default=0.4)
MATCHING_NOTIFY_THRESHOLD = env.float("MATCHING_NOTIFY_THRESHOLD", default=0.6)
MATCHING_ENGINE = env.json("MATCHING_ENGINE", default={})
if not 0 < MATCHING_THRESHOLD <= MATCHING_NOTIFY_THRESHOLD <= 1:
    raise ImproperlyConfigured("Need 0 < MATCHING_THRESHOLD <= MATCHING_NOTIFY_THRESHOLD <= 1.")

# Notifications: a sender claims a row before sending. The sweeper hands a row out again when its
# task was lost (unclaimed NOTIFICATION_REQUEUE_AFTER seconds after it fell due) or its sender died
# (claimed longer ago than NOTIFICATION_CLAIM_TIMEOUT, which must outlast the send task's time limit).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
NOTIFICATION_SEND_TIME_LIMIT = env.float("NOTIFICATION_SEND_TIME_LIMIT", default=120)
NOTIFICATION_CLAIM_TIMEOUT = env.float("NOTIFICATION_CLAIM_TIMEOUT", default=300)
NOTIFICATION_REQUEUE_AFTER = env.float("NOTIFICATION_REQUEUE_AFTER", default=120)
NOTIFICATION_SWEEP_INTERVAL = env.float("NOTIFICATION_SWEEP_INTERVAL", default=60)
NOTIFICATION_DIGEST_HOUR = env.int("NOTIFICATION_DIGEST_HOUR", default=7)
if NOTIFICATION_CLAIM_TIMEOUT <= NOTIFICATION_SEND_TIME_LIMIT:
    raise ImproperlyConfigured("NOTIFICATION_CLAIM_TIMEOUT must exceed NOTIFICATION_SEND_TIME_LIMIT.")

CELERY_BEAT_SCHEDULE = {
    "notifications-sweep": {
        "task": "notifications.sweep",
        "schedule": NOTIFICATION_SWEEP_INTERVAL,
        "options": {"expires": NOTIFICATION_SWEEP_INTERVAL},
    },
    "notifications-daily-digest": {
        "task": "notifications.send_daily_digests",
        "schedule": crontab(hour=NOTIFICATION_DIGEST_HOUR, minute=0),
    },
    "notifications-weekly-digest": {
        "task": "notifications.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=NOTIFICATION_DIGEST_HOUR, minute=0),
    },
    "nightly-full-rescore": {
        "task": "matching.nightly_rescore",
        "schedule": crontab(hour=2, minute=30),
    },
    "meeting-reminders": {
        "task": "matching.remind_meetings",
        "schedule": 15 * 60,
        "options": {"expires": 15 * 60},
    },
    "purge-expired-invitations": {
        "task": "profiles.purge_expired_invitations",
        "schedule": 60 * 60 * 24,
    },
}

FORM_RENDERER = "innovation_office.forms.FormRenderer"

# The REST API under /api/v1/ (innovation_office/api/ holds the shared pieces). Tokens first, so a
# request carrying one is never judged by a stray session cookie; throttles count in the cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "innovation_office.api.auth.BearerTokenAuthentication",
        # The site's own htmx calls: the browser session, with Django's CSRF check on every unsafe method.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["innovation_office.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "innovation_office.api.pagination.KeysetCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["innovation_office.api.filters.SelectorFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "innovation_office.api.auth.PerUserThrottle",
        "innovation_office.api.auth.PerAddressThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("API_THROTTLE_USER", default="600/min"),
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
    },
    # Proxies in front of the app whose X-Forwarded-For is believed; with none, a caller's own header is
    # ignored and the anonymous limit counts the connection's address.
    "NUM_PROXIES": env.int("API_TRUSTED_PROXIES", default=0),
    "DEFAULT_SCHEMA_CLASS": "innovation_office.api.errors.ApiAutoSchema",
    "EXCEPTION_HANDLER": "innovation_office.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "EU Defence Innovation Office API",
    "DESCRIPTION": (
        "Offers, capability requests, matches and notifications, with the same rights and the same "
        "anonymisation as the site. Authenticate with a personal token (`Authorization: Bearer …`, "
        "created at /account/tokens/) or, from the site itself, the session and its CSRF token. "
        'Lists are paged by cursor: follow `next`. Errors are `{"error": {"code", "message", "fields"}}`.'
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OfferStateEnum": "offers.models.OfferState",
        "RequestStateEnum": "needs.models.RequestState",
        "MatchStateEnum": "matching.models.MatchState",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "innovation_office.api.errors.ids_are_natural_numbers",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False},
}
