"""Settings for Newsroom, read from the environment.

With no environment at all this runs the embedded default: a SQLite file,
a local-memory cache and media in a local folder. DEBUG is on only when
DJANGO_DEBUG asks for it, and then a development SECRET_KEY is allowed.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags, process_table
from js_asset import static_lazy

from newsroom.text import DEFAULT_DIGITS, DEFAULT_MONTHS, DIGIT_STYLES, MONTHS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_choice(name, choices, default):
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} is {value!r}; choose one of: {', '.join(choices)}.")
    return value


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Production (debug off) is served over HTTPS only: cookies never travel over plain HTTP and
# browsers are told to use nothing else (HSTS). NEWSROOM_HTTPS=0 is for running production
# settings over plain HTTP on one's own machine.
HTTPS = env_flag("NEWSROOM_HTTPS", default=not DEBUG)
# Plain-HTTP requests are redirected here unless the proxy in front already redirects them.
SECURE_SSL_REDIRECT = env_flag("NEWSROOM_SSL_REDIRECT", default=HTTPS)
# Behind a proxy that terminates TLS the app only sees plain HTTP. Name the header the proxy
# sets to "https" (e.g. X-Forwarded-Proto) and ONLY if the proxy also strips it from clients:
# otherwise anyone can claim a secure connection.
if os.environ.get("NEWSROOM_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + os.environ["NEWSROOM_PROXY_SSL_HEADER"].strip().upper().replace("-", "_"), "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# A year, as browsers' preload lists require; a first deployment may start lower (3600).
SECURE_HSTS_SECONDS = int(os.environ.get("NEWSROOM_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("NEWSROOM_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_flag("NEWSROOM_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing here is meant to be framed; the admin's related-object pickers are windows, not frames.
X_FRAME_OPTIONS = "DENY"
# A refused security check on a story form (signed in again elsewhere) keeps the text too.
CSRF_FAILURE_VIEW = "articles.sessions.csrf_failure"
# Only the proxy's own redirect makes turning ours off safe; the check would say so every time.
SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT or not HTTPS else ["security.W008"]

# Public pages run no inline script or style and load everything from this site: a script
# slipped into a story could not run. JSON-LD (<script type="application/ld+json">) is data,
# never executed, so the policy does not apply to it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The admin (newsroom/security.py) needs two things more, checked in Chromium: the prose
# editor's inline import map, allowed by a fresh nonce per page (scripts stay closed to
# anything else), and inline styles, which the editor injects and Django's admin and ours
# write as style attributes. A style cannot run code.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}

INSTALLED_APPS = [
    # modeltranslation must come before the admin so it can patch the admin forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "taggit",
    "reversion",
    "django_prose_editor",
    "taxonomy",
    "photos",
    "articles",
    "popularity",
    "ingest",
    "website",
    "api",
    "desk",
    "demo",
    "operations",
]

MIDDLEWARE = [
    # First, so the pages it stores carry every header the others add (see newsroom/pagecache.py).
    "newsroom.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.security.AdminContentSecurityPolicyMiddleware",
    "newsroom.security.RefuseNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A save whose login expired keeps its text: the form comes back after signing in (articles/sessions.py).
    "articles.sessions.KeepFormOnExpiredSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ingest.redirects.LegacyUrlRedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its refusal.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

# The public pages are Jinja2 templates (website/jinja2/): see website/environment.py for why. The
# admin, the sitemaps and robots.txt keep Django's templates (the apps' templates/, and
# newsroom/templates/ for the admin's site-wide look).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "website.environment.environment",
            "context_processors": ["newsroom.context_processors.site"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "newsroom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers write to one file (the view counts, each second): with write-ahead
    # logging readers never block the writer, and a transaction that will write takes the
    # lock when it begins, so two writers queue (for up to 20 s) instead of one failing
    # with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, with one Redis client per connection pool (newsroom/redis_cache.py),
            # answering like the dummy cache while Redis is unreachable (newsroom/cache.py).
            "BACKEND": "newsroom.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            # A Redis that stops answering costs one request a second at most, then is left
            # alone for a few seconds (newsroom/cache.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password guessing on the admin login (django-axes): five failures for one username from one
# address lock that pair out for 15 minutes. Attempts live in the database, so every app
# server sees them and they survive a Redis outage.
AUTHENTICATION_BACKENDS = [
    "newsroom.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSROOM_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The refusal as an admin page in the reader's language (newsroom/templates/axes/lockout.html), not bare text.
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# The reader's address by the same rule as the view counter (NEWSROOM_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "popularity.visitors.client_address"

LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Algiers"
USE_I18N = True
# Dates in the admin as the newsroom writes them ("7 ديسمبر 2026، 14:30"), not Django's "ديسمبر 7, 2026".
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_TZ = True

# Arabic is the source language: an untranslated French or English field shows
# the Arabic text rather than an empty string.
MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ar",)
# modeltranslation's tabbed admin loads jQuery UI from a CDN by default; serve ours.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# The story body's own editor parts (static/admin-extra/compose/): per-paragraph direction,
# tables, library photos, embeds, pull quotes, story cards, and what pasting cannot keep.
# What the body keeps is decided by newsroom.sanitiser, not by these tag lists (the editor
# library's own sanitiser is not used).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("admin-extra/compose/compose.js")],
        "extensions": {
            "ParagraphDirection": html_tags([]),
            "ComposeTable": process_table,
            "LibraryPhoto": html_tags([]),
            "Embed": html_tags([]),
            "PullQuote": html_tags([]),
            "StoryCard": html_tags([]),
            "PasteGuard": html_tags([]),
        },
    }
]
DJANGO_PROSE_EDITOR_MENU_GROUPS = [
    {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "direction"},
    {"group": "link"},
    {"group": "compose"},
    {"group": "table"},
    {"group": "history"},
    {"group": "utility"},
]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_flag("NEWSROOM_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# On one machine Django serves uploaded media itself; behind a web server or
# with object storage, set SERVE_MEDIA=0.
SERVE_MEDIA = env_flag("SERVE_MEDIA", default=True)

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "articles.tagging.tags_from_string"
TAGGIT_STRING_FROM_TAGS = "articles.tagging.tags_to_string"

LOGIN_URL = "admin:login"
# Where a login lands when its ?next= is missing or points off the site.
LOGIN_REDIRECT_URL = "admin:index"

NEWSROOM = {
    "SITE_NAME": os.environ.get("NEWSROOM_SITE_NAME", "نيوزروم"),
    "PAGE_SIZE": int(os.environ.get("NEWSROOM_PAGE_SIZE", "20")),
    "MOST_READ_LIMIT": 10,
    # The sidebar's window, then the longer ones it falls back to when the site is quiet.
    "MOST_READ_WINDOWS": env_list("NEWSROOM_MOST_READ_WINDOWS", "day,week,month"),
    "MOST_READ_MINIMUM": 5,
    "MOST_READ_CACHE_SECONDS": int(os.environ.get("NEWSROOM_MOST_READ_CACHE_SECONDS", "60")),
    "COUNTER_BACKEND": os.environ.get("NEWSROOM_COUNTER", "redis" if REDIS_URL else "database"),
    "COUNTER_REDIS_URL": os.environ.get("NEWSROOM_COUNTER_REDIS_URL", REDIS_URL),
    "COUNTER_REDIS_PREFIX": os.environ.get("NEWSROOM_COUNTER_REDIS_PREFIX", "newsroom:views"),
    # One count per visitor per story in this many seconds.
    "VIEW_DEDUP_SECONDS": int(os.environ.get("NEWSROOM_VIEW_DEDUP_SECONDS", "1800")),
    # Beacons per minute: per client (address, browser and visitor id together), and a far
    # higher ceiling per address, because whole offices and mobile carriers share one.
    "VIEW_RATE_PER_CLIENT": int(os.environ.get("NEWSROOM_VIEW_RATE_PER_CLIENT", "60")),
    "VIEW_RATE_PER_ADDRESS": int(os.environ.get("NEWSROOM_VIEW_RATE_PER_ADDRESS", "3000")),
    # Views counted in the database are written this long after the first one waiting, all
    # at once (popularity/backends.py, PendingViews); 0 writes each view as it comes.
    "VIEW_WRITE_SECONDS": float(os.environ.get("NEWSROOM_VIEW_WRITE_SECONDS", "1")),
    "VIEW_RETENTION_DAYS": int(os.environ.get("NEWSROOM_VIEW_RETENTION_DAYS", "400")),
    # How many proxies (load balancer, CDN) sit in front of the app and append to X-Forwarded-For.
    "TRUSTED_PROXIES": int(os.environ.get("NEWSROOM_TRUSTED_PROXIES", "0")),
    "FRONT_PAGE_SLOTS": int(os.environ.get("NEWSROOM_FRONT_PAGE_SLOTS", "5")),
    "PREVIEW_MAX_AGE": int(os.environ.get("NEWSROOM_PREVIEW_HOURS", "48")) * 3600,
    # Editors get an email (Django's email backend) when a story enters review.
    "REVIEW_EMAILS": env_flag("NEWSROOM_REVIEW_EMAILS"),
    # How long a person's unsaved form (autosave) is kept for them to restore.
    "AUTOSAVE_DAYS": int(os.environ.get("NEWSROOM_AUTOSAVE_DAYS", "7")),
    # Arabic month names: maghreb (جانفي…), levant (كانون الثاني…) or egypt (يناير…).
    "MONTH_STYLE": env_choice("NEWSROOM_MONTH_STYLE", tuple(MONTHS), DEFAULT_MONTHS),
    # Digits on Arabic pages: western (0-9) or arabic-indic (٠-٩).
    "DIGITS": env_choice("NEWSROOM_DIGITS", DIGIT_STYLES, DEFAULT_DIGITS),
    "PHOTO_MAX_BYTES": int(os.environ.get("NEWSROOM_PHOTO_MAX_MB", "25")) * 1_000_000,
    "PHOTO_MAX_PIXELS": int(os.environ.get("NEWSROOM_PHOTO_MAX_MEGAPIXELS", "60")) * 1_000_000,
    # Whole pages for anonymous readers: kept this long in the cache (0 turns it off), retired
    # at once by edits; browsers and CDNs may keep them PAGE_MAX_AGE seconds.
    "PAGE_CACHE_SECONDS": int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "120")),
    "PAGE_MAX_AGE": int(os.environ.get("NEWSROOM_PAGE_MAX_AGE", "10")),
    "PAGE_CACHE_POLICY": "website.caching",
    # The story page's queries run as prepared statements on PostgreSQL (articles/compiled.py);
    # turn this off behind a pooler that cannot keep them (PgBouncer in transaction mode).
    "PREPARED_STATEMENTS": env_flag("DATABASE_PREPARED_STATEMENTS", default=True),
    # Named sizes cut from every photo, each as JPEG and WebP, cropped around the focal point
    # to ``ratio`` (None keeps the photo's shape). After changing them, run
    # ``manage.py regenerate_renditions``.
    "RENDITIONS": {
        "thumbnail": {"widths": [160], "ratio": (1, 1)},
        "card": {"widths": [400, 800], "ratio": (3, 2)},
        "article": {"widths": [480, 800, 1200, 1600], "ratio": None},
        "social": {"widths": [1200], "ratio": (1200, 630)},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"security_event": {"()": "newsroom.logs.SecurityEventFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security_events": {"class": "logging.StreamHandler", "filters": ["security_event"]},
    },
    "loggers": {
        # Forged Host headers and paths out of the media folder: one warning line each, no traceback.
        "django.security": {"handlers": ["security_events"], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

VAR_DIR.mkdir(parents=True, exist_ok=True)
