"""WhatWorked settings.

One module, driven by environment variables. With none set it runs on one machine with
nothing installed: a SQLite file, Celery tasks run in-process, a local-memory cache.
The README's configuration table lists every variable.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off WhatWorked refuses to start without one: "
            'set SECRET_KEY to a long random string (python3 -c "import secrets; '
            'print(secrets.token_urlsafe(50))").'
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = "WhatWorked"

INSTALLED_APPS = [
    "config.admin.WhatWorkedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The Content-Security-Policy header (its checks flag settings in the old 3.x format).
    "csp",
    # Moderators' sign-in: attempts throttled by username (axes), optional TOTP (django-otp).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "platforms",
    "surveys",
    "aggregation",
    "moderation",
    "circles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.languages.LanguageFromQueryMiddleware",
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE: a 413, in the visitor's language, unread.
    "config.limits.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets request.user.is_verified() from the device a code was entered for this session.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A lost database is a 503 to wait out (HTML or JSON), not a 500: config/unavailable.py.
    "config.unavailable.DatabaseUnavailableMiddleware",
    # Last, as axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The largest body the site takes (config/limits.py answers 413 past it): the longest
# report form or moderators' bulk decision is a few tens of kB; no page takes a file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 128 * 1024

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "config.languages.alternates",
            ],
        },
    },
]

# Database: a SQLite file unless DATABASE_URL names another (postgres://user@host/db).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: take the write lock up front and wait for it rather than
    # failing with "database is locked"; WAL lets readers go on while a report is written.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The report loader's covering index is a PostgreSQL optimisation; SQLite builds it
    # without the included columns, which is fine.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory unless CACHE_URL names a Redis server (redis://host:6379/1).
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL={CACHE_URL!r} must be a redis:// address.")
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The "what worked" pages (aggregation/page_cache.py): each worker reads the versions they
# rest on at most once per this many seconds, so a change made by another worker or machine
# shows within that long; 0 reads them on every request (the default with a local cache,
# which no other process shares anyway).
PAGE_CACHE_CHECK_SECONDS = env_int("PAGE_CACHE_CHECK_SECONDS", 1 if CACHE_URL else 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English and French, chosen by the switcher (a cookie) or the browser.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# HTTPS (README, "Production"). Behind a reverse proxy that ends TLS, SECURE_PROXY_SSL_HEADER=1
# trusts its X-Forwarded-Proto to say a request came over HTTPS; only behind a proxy that
# sets that header itself, or any client could claim HTTPS.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    # Plain HTTP is redirected to HTTPS, except the load balancer's probe of /healthz.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Browsers then refuse plain HTTP to the site for this long: a promise that is hard to
    # take back, so 0 (no HSTS header) until the operator sets it (check --deploy reminds).
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Lets the domain be submitted to the browsers' built-in HTTPS-only list: opt in.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # Session and CSRF cookies never travel over plain HTTP.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# Browsers do not guess a response's type (a JSON answer or a CSV export run as HTML).
SECURE_CONTENT_TYPE_NOSNIFF = True
# No page is meant to be shown inside another site's frame (clickjacking).
X_FRAME_OPTIONS = "DENY"
# Other sites never learn which page linked to them; the private pages (a token in their
# address) set the same policy themselves, whatever this says.
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp), in every mode, so development and the tests see what
# production enforces: scripts and styles come only from the site's own files, never inline,
# so markup that slipped past escaping cannot run. Charts and the circle's QR code are
# inline SVG markup, which needs no source.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI's stylesheet draws its icons as data: images.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        # An injected <base> cannot point the page's relative links at another site.
        "base-uri": [NONE],
        # The header form of X_FRAME_OPTIONS.
        "frame-ancestors": [NONE],
        # Every form posts (or the language switcher gets) to the site itself.
        "form-action": [SELF],
    },
}

# Moderators sign in with Django's accounts pages; password resets go out by email.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "moderation:queue"
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "WhatWorked <noreply@localhost>"

# Guessing passwords: after LOGIN_FAILURE_LIMIT wrong passwords for one username, that
# username is refused (429, moderation/security.py) for LOGIN_COOLOFF_MINUTES, each new try
# restarting the wait. By username only, and axes never sees the client address: its
# tables, logs and messages hold none (house rule: no raw address is stored anywhere).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
if LOGIN_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be at least 1")
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "moderation.security.client_address_none"
AXES_LOCKOUT_CALLABLE = "moderation.security.lockout_response"
# No row per successful sign-in (AccessLog) and no failure history (AccessFailureLog).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Log lines name only the lockout parameter (masked), not the user agent.
AXES_VERBOSE = False
# Masked in the stored form data, as username and password already are.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# axes warns when the lockout leaves out the address: leaving it out is the point here.
SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "axes.W006"]
# Two-factor (moderation/twofactor.py): authenticator apps show the account under this name.
OTP_TOTP_ISSUER = SITE_NAME

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Sessions only: HTTP Basic would make every endpoint an unthrottled password oracle.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WhatWorked API",
    "DESCRIPTION": "Which contact channel worked for which problem, per social network.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from the sidecar package: the docs work offline, with no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set shared by several fields (check --deploy warns otherwise).
    "ENUM_NAME_OVERRIDES": {
        "ConfidenceEnum": "platforms.models.Confidence",
        "DecisionActionEnum": "moderation.models.Decision.Action",
        "DecisionReasonEnum": "moderation.models.Decision.Reason",
    },
}

# Questionnaires: spam defences (README, "Configuration").
# Report submissions (page and API together) per client address and window; 0: no limit.
SURVEYS_RATE_LIMIT = env_int("SURVEYS_RATE_LIMIT", 20)
SURVEYS_RATE_WINDOW = env_int("SURVEYS_RATE_WINDOW", 3600)
# A report form sent faster than this many seconds after it was shown is refused (bots).
SURVEYS_MIN_SECONDS = env_int("SURVEYS_MIN_SECONDS", 5)
# Each worker keeps the questionnaire and the catalog in memory this long; 0: always reads.
SURVEYS_CATALOG_CACHE_SECONDS = env_int("SURVEYS_CATALOG_CACHE_SECONDS", 60)
# How many reverse proxies in front add X-Forwarded-For; 0 trusts REMOTE_ADDR only.
SURVEYS_TRUSTED_PROXIES = env_int("SURVEYS_TRUSTED_PROXIES", 0)
# A response's raw answers and the address hashes are kept this many days (the daily
# `purge_raw_answers`, surveys/retention.py); its anonymous report stays, so the figures
# do not move. At least the 30 days the repeat rule looks back over.
SURVEYS_KEEP_RAW_DAYS = env_int("SURVEYS_KEEP_RAW_DAYS", 180)
if SURVEYS_KEEP_RAW_DAYS < 30:
    raise ImproperlyConfigured(
        "SURVEYS_KEEP_RAW_DAYS must be at least 30: the repeat rule reads 30 days of reporter keys"
    )

# Celery. With no broker configured, tasks run in-process (eager) so one machine needs
# nothing else; set CELERY_BROKER_URL (redis:// or amqp://) to use real workers.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Eager tasks still pass through a producer; kombu's in-memory transport keeps it from
    # warning "No hostname was supplied" on every report.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Every task goes to this one queue: two sites (or test runs) sharing a broker each name
# their own, so neither's workers take the other's tasks.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TIMEZONE = "UTC"
# Tasks are idempotent, so a task whose worker died is safe to run again: ack late.
CELERY_TASK_ACKS_LATE = True
# Long tasks with late ack: one at a time per worker process, so none hoards the queue.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits stay far below the Redis visibility timeout, or a task would run twice.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
# Redis redelivers a message not acknowledged within this many seconds: a worker killed
# mid-task has its task run again. Lower it only for tests, where the sweep for such
# messages then runs every second instead of every ~100 s.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
# A report's after-commit nudge is published in the request: a broker that is down or stuck
# (accepts, never answers) must fail it in seconds, not hang the page. The report is kept
# and its platform stays dirty for the planner. Redis reads the socket_* names, AMQP the
# *_timeout ones; the worker's blocking reads (BRPOP, 1 s) finish well inside them.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS |= dict.fromkeys(
    ("socket_connect_timeout", "socket_timeout", "read_timeout", "write_timeout"), 2
)
# One quick retry (a pooled connection the broker dropped on restart), then give up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
if CELERY_VISIBILITY_TIMEOUT < 60:
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
CELERY_TASK_IGNORE_RESULT = True
# A worker that lost its broker connection stops long tasks so they are redelivered.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# Replace worker children that grew large (pandas frames) instead of letting them swell.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 1_500_000

# The periodic jobs; `expires` equals the interval so a stalled beat queues no backlog.
CELERY_BEAT_SCHEDULE = {
    "aggregate-dirty-platforms-every-5-minutes": {
        "task": "aggregation.tasks.aggregate_dirty_platforms",
        "schedule": 300.0,
        "options": {"expires": 300},
    },
    "refresh-stale-tips-every-30-minutes": {
        "task": "aggregation.tasks.refresh_stale_tips",
        "schedule": 1800.0,
        "options": {"expires": 1800},
    },
    # Decay weights move every day even without new reports: recompute everything nightly.
    "aggregate-all-platforms-nightly": {
        "task": "aggregation.tasks.aggregate_all_platforms",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 86_400},
    },
    # Circles do not keep friends' answers for ever (CIRCLES_KEEP_DAYS).
    "purge-old-circles-daily": {
        "task": "circles.tasks.purge_circles",
        "schedule": crontab(hour=4, minute=15),
        "options": {"expires": 86_400},
    },
    # The decision history forgets the text of reports their respondents deleted.
    "forget-deleted-reports-daily": {
        "task": "moderation.tasks.forget_deleted_reports",
        "schedule": crontab(hour=4, minute=30),
        "options": {"expires": 86_400},
    },
    # Raw answers and address hashes older than SURVEYS_KEEP_RAW_DAYS; reports stay.
    "purge-raw-answers-daily": {
        "task": "surveys.tasks.purge_raw_answers",
        "schedule": crontab(hour=4, minute=45),
        "options": {"expires": 86_400},
    },
    # Sessions live in the database: expired ones are deleted (Django's `clearsessions`).
    "clear-expired-sessions-daily": {
        "task": "surveys.tasks.clear_expired_sessions",
        "schedule": crontab(hour=5, minute=0),
        "options": {"expires": 86_400},
    },
}

# The link checker (`check_links`) requests the catalog's real addresses: off unless a
# machine allowed to reach the real sites turns it on.
LINK_CHECK_ALLOW_NETWORK = env_bool("LINK_CHECK_ALLOW_NETWORK", False)
# The weekly run needs this switch as well, so allowing the command schedules nothing.
LINK_CHECK_WEEKLY = env_bool("LINK_CHECK_WEEKLY", False)
# Seconds per request: a site that hangs is recorded as a timeout, not waited on.
LINK_CHECK_TIMEOUT_SECONDS = env_int("LINK_CHECK_TIMEOUT_SECONDS", 10)
# One failure can be a passing outage: this many in a row mark an address for a look.
LINK_CHECK_FAILURES_BEFORE_LOOK = env_int("LINK_CHECK_FAILURES_BEFORE_LOOK", 3)
if LINK_CHECK_TIMEOUT_SECONDS < 1 or LINK_CHECK_FAILURES_BEFORE_LOOK < 1:
    raise ImproperlyConfigured(
        "LINK_CHECK_TIMEOUT_SECONDS and LINK_CHECK_FAILURES_BEFORE_LOOK must be at least 1"
    )
if LINK_CHECK_WEEKLY and LINK_CHECK_ALLOW_NETWORK:
    CELERY_BEAT_SCHEDULE["check-catalog-links-weekly"] = {
        "task": "platforms.tasks.check_links",
        "schedule": crontab(day_of_week="mon", hour=4, minute=0),
        "options": {"expires": 7 * 86_400},
    }

# Reports from one address within an hour past which the next ones wait for a moderator
# (below SURVEYS_RATE_LIMIT, which refuses them outright).
SURVEYS_BURST_REPORTS = env_int("SURVEYS_BURST_REPORTS", 10)
# Open flags from distinct visitors that hide a tip from the pages until a moderator decides.
TIP_FLAGS_TO_HIDE = env_int("TIP_FLAGS_TO_HIDE", 3)

# Aggregation. A lease outlives the hard time limit, so only a dead holder loses it.
AGGREGATION_LEASE_SECONDS = CELERY_TASK_TIME_LIMIT + 60
# A task redelivered this many times (its worker dies each time) is given up.
AGGREGATION_MAX_ATTEMPTS = 3
# Snapshots kept per platform (the current one always is): diffs and rollback.
AGGREGATION_KEEP_RUNS = 5
# After a report, a platform is re-aggregated at most once per this many seconds (the
# rest stays dirty for the next nudge or the planner); 0 re-aggregates after every report.
AGGREGATION_NUDGE_SECONDS = env_int("AGGREGATION_NUDGE_SECONDS", 10)
# Eager mode: after a report, tips are re-grouped inline only up to this many reports.
AGGREGATION_INLINE_TIPS_MAX_REPORTS = env_int("AGGREGATION_INLINE_TIPS_MAX_REPORTS", 20_000)
# A "still waiting" report older than this many days (from when they first made contact)
# counts as not resolved: long silence is an answer. Younger ones are censored.
AGGREGATION_WAITING_HORIZON_DAYS = env_int("AGGREGATION_WAITING_HORIZON_DAYS", 30)
# A tip is shown as recurring only when at least this many different people gave it: one
# person (or one scammer) repeating a tip is one voice.
AGGREGATION_TIP_MIN_PEOPLE = env_int("AGGREGATION_TIP_MIN_PEOPLE", 2)
if AGGREGATION_WAITING_HORIZON_DAYS < 1 or AGGREGATION_TIP_MIN_PEOPLE < 1:
    raise ImproperlyConfigured(
        "AGGREGATION_WAITING_HORIZON_DAYS and AGGREGATION_TIP_MIN_PEOPLE must be at least 1"
    )

# "Ask your circle". A circle takes answers for this many days after it is started.
CIRCLES_OPEN_DAYS = env_int("CIRCLES_OPEN_DAYS", 30)
# Answers one circle takes: a circle is friends, colleagues and neighbours, not a crowd.
CIRCLES_MAX_ANSWERS = env_int("CIRCLES_MAX_ANSWERS", 50)
# Circles one client address may start in a day (besides SURVEYS_RATE_LIMIT per window).
CIRCLES_PER_CLIENT_PER_DAY = env_int("CIRCLES_PER_CLIENT_PER_DAY", 10)
# A circle that stopped taking answers this many days ago is deleted with its answers
# (the daily `purge_circles`); reports friends made public stay.
CIRCLES_KEEP_DAYS = env_int("CIRCLES_KEEP_DAYS", 90)
if min(CIRCLES_OPEN_DAYS, CIRCLES_MAX_ANSWERS, CIRCLES_PER_CLIENT_PER_DAY, CIRCLES_KEEP_DAYS) < 1:
    raise ImproperlyConfigured(
        "CIRCLES_OPEN_DAYS, CIRCLES_MAX_ANSWERS, CIRCLES_PER_CLIENT_PER_DAY and "
        "CIRCLES_KEEP_DAYS must be at least 1"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django logs the path of a failed request, and a private link's path holds its token:
    # config/logfilters.py takes the tokens out, on the loggers that write paths (for every
    # handler) and on the console (for any other logger).
    "filters": {"private_paths": {"()": "config.logfilters.PrivatePathFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["private_paths"]},
    },
    "loggers": {
        "django.request": {"filters": ["private_paths"]},
        "django.security.csrf": {"filters": ["private_paths"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
