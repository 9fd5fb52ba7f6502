"""Settings, read from environment variables so that one build serves demo, CI and production.

DATABASE_URL      postgres://user:pass@host:port/name  (default: SQLite file in MOTCUA_DATA_DIR)
MOTCUA_DATA_DIR   where the embedded database and uploaded files live (default: ./data)
SECRET_KEY        required when DEBUG is off
DEBUG             "1" for development
ALLOWED_HOSTS     comma separated
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("MOTCUA_DATA_DIR", Path.cwd() / "data")).resolve()

DEBUG = os.environ.get("DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
_DEVELOPMENT_KEY = "insecure-development-key-not-for-production"  # noqa: S105 — refused in production
if not SECRET_KEY:
    if not DEBUG and os.environ.get("MOTCUA_ALLOW_INSECURE_KEY") != "1":
        # Refuse to run a production server with a guessable key; demo and tests opt in.
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY chưa được đặt (biến môi trường SECRET_KEY).")
    SECRET_KEY = _DEVELOPMENT_KEY

# Simulators of outside systems (identity, payment gateway, national portal): off unless named
# here (motcua.common.simulators). ``./run demo`` and the tests set MOTCUA_SIMULATORS=1.
from motcua.common import simulators as _simulators  # noqa: E402 — pure module, no Django import

try:
    MOTCUA_SIMULATORS = _simulators.parse(os.environ.get("MOTCUA_SIMULATORS"))
except _simulators.UnknownSimulator as _exc:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(str(_exc)) from None
# The plug-ins in use; empty means "the simulator if switched on, otherwise none configured".
MOTCUA_IDENTITY_PROVIDER = os.environ.get("MOTCUA_IDENTITY_PROVIDER", "")
MOTCUA_PAYMENT_PROVIDER = os.environ.get("MOTCUA_PAYMENT_PROVIDER", "")
# Production: DEBUG off and a real SECRET_KEY (the demo, the tests and the local command line run
# on the development key, by MOTCUA_ALLOW_INSECURE_KEY=1).
_production = not DEBUG and SECRET_KEY != _DEVELOPMENT_KEY
_problems = _simulators.startup_problems(os.environ, on=MOTCUA_SIMULATORS, production=_production)
if _problems:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Cấu hình không an toàn, máy chủ không khởi động:\n- " + "\n- ".join(_problems)
    )

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "motcua.calendar",
    "motcua.org",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.portal",
    "motcua.documents",
    "motcua.desk",
    "motcua.processing",
    "motcua.payments",
    "motcua.feedback",
    "motcua.integrations",
    "motcua.indicators",
    "motcua.reform.plans",
    "motcua.reform.parindex",
    "motcua.reform.inspections",
    "auditlog",
    "motcua.audit",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "motcua.signin",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.locale.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(); then nothing opens before the second factor (motcua.signin).
    "django_otp.middleware.OTPMiddleware",
    "motcua.signin.middleware.SecondFactorMiddleware",
    "motcua.audit.middleware.AuditActorMiddleware",  # the actor of master-data changes (ADR 0003)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A page asked for with an out-of-range date or number: shown without that filter, as 400.
    "motcua.params.OutOfRangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy header on every response (the block "HTTPS, cookies and CSP" below).
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

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
                "motcua.navigation.nav",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'motcua.sqlite3'}"
# Persistent connections: opening a PostgreSQL connection costs more than a whole request.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# The few statements every reception and transition runs are prepared on the connection
# (``org.compiled.execute_prepared``). Behind a connection pooler in transaction mode that does not
# track prepared statements (PgBouncer before 1.21), set MOTCUA_PREPARED_STATEMENTS=0.
MOTCUA_PREPARED_STATEMENTS = os.environ.get("MOTCUA_PREPARED_STATEMENTS", "1") != "0"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web server read while one of them writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

AUTH_USER_MODEL = "org.User"
# Wherever a password is chosen (citizen registration, admin, createsuperuser): not like the
# username, name, personal ID or e-mail (also typed without accents), 10 characters or more, not a
# common password, not only digits (issue 14, item 9).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "motcua.signin.passwords.AttributeSimilarityValidator",
        # The personal ID first: a citizen's username is their ID, and the message names the first match.
        "OPTIONS": {"user_attributes": ("personal_id", "full_name", "username", "email")},
    },
    {"NAME": "motcua.signin.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/dang-nhap/"
LOGIN_REDIRECT_URL = "/can-bo/"
LOGOUT_REDIRECT_URL = "/dang-nhap/"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# --- HTTPS, cookies and the Content-Security-Policy (issue 14 item 10) --------------------------
# A production server (DEBUG off) is HTTPS-only unless the environment says otherwise; each Django
# setting can also be set on its own, by the variable of the same name. `manage check --deploy` is
# clean with the defaults. README, "HTTPS, cookies and the Content-Security-Policy", lists them.


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"{name} phải là 1 (bật) hoặc 0 (tắt), không phải “{value}”.")


def _env_seconds(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} phải là số giây (số nguyên không âm), không phải “{value}”.")
    return int(value)


def _env_origins(name: str) -> list[str]:
    origins = [o.strip() for o in os.environ.get(name, "").split(",") if o.strip()]
    for origin in origins:
        if "://" not in origin:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                f"{name} phải ghi cả giao thức, ví dụ https://motcua.tinh.gov.vn (không phải “{origin}”)."
            )
    return origins


# MOTCUA_HTTPS: the site is reached over HTTPS only. Default: on when DEBUG is off. 0 for plain HTTP
# on 127.0.0.1 (`motcua demo` sets it; a smoke run without TLS sets it too).
MOTCUA_HTTPS = _env_flag("MOTCUA_HTTPS", not DEBUG)
# SECURE_SSL_REDIRECT: a plain-HTTP request is redirected to HTTPS. Default: MOTCUA_HTTPS (0 when
# nginx redirects already).
SECURE_SSL_REDIRECT = _env_flag("SECURE_SSL_REDIRECT", MOTCUA_HTTPS)
# SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE: browsers send the login and CSRF cookies over HTTPS
# only, so a network sniffer on plain HTTP never sees them. Default: MOTCUA_HTTPS.
SESSION_COOKIE_SECURE = _env_flag("SESSION_COOKIE_SECURE", MOTCUA_HTTPS)
CSRF_COOKIE_SECURE = _env_flag("CSRF_COOKIE_SECURE", MOTCUA_HTTPS)
# SECURE_HSTS_SECONDS: how long browsers remember to use HTTPS only for this host (HSTS). Default:
# one year with MOTCUA_HTTPS, 0 (no header) without. A browser keeps it even if the server stops
# sending it: a new domain may start with 3600 and grow once HTTPS is known to work.
SECURE_HSTS_SECONDS = _env_seconds("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if MOTCUA_HTTPS else 0)
# SECURE_HSTS_INCLUDE_SUBDOMAINS: the same for every subdomain of this host. Default: on with HSTS.
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
# SECURE_HSTS_PRELOAD: the host consents to browsers' built-in HTTPS-only list. Default: on with
# HSTS; it changes nothing until someone submits the domain to the list (hstspreload.org).
SECURE_HSTS_PRELOAD = _env_flag("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
# MOTCUA_PROXY_SSL_HEADER: the header by which the reverse proxy says the client came over HTTPS,
# e.g. X-Forwarded-Proto (nginx: `proxy_set_header X-Forwarded-Proto $scheme;`). Without it, behind
# a proxy that ends TLS every request looks like plain HTTP and is redirected forever. Default:
# none trusted. Set it only behind a proxy that overwrites the header: a client can send it too.
_proxy_ssl_header = os.environ.get("MOTCUA_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
# CSRF_TRUSTED_ORIGINS: comma-separated origins, with their scheme, that may post forms besides the
# host itself (a second name of the site, a proxy that rewrites Host). Default: none.
CSRF_TRUSTED_ORIGINS = _env_origins("CSRF_TRUSTED_ORIGINS")
# SECURE_REFERRER_POLICY: a link to another site does not carry the address of the page it was on
# (dossier numbers, search terms). Default: same-origin.
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
# Browsers never guess a type from the content (an uploaded file taken for a page): always on.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts only from the site's own static files — no inline
# script, no eval, nothing from another host — so a script slipped into a page does not run.
# Styles allow 'unsafe-inline': templates (and the PDF forms sharing them) use style attributes
# and <style> blocks, which cannot run code. Images may be data: URLs (QR codes, the icon).
# MOTCUA_CSP_REPORT_URI: where browsers report what the policy blocked (default: nowhere).
from csp.constants import NONE as _CSP_NONE  # noqa: E402 — constants only, no Django import
from csp.constants import SELF as _CSP_SELF  # noqa: E402
from csp.constants import UNSAFE_INLINE as _CSP_UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF, _CSP_UNSAFE_INLINE],
        "img-src": [_CSP_SELF, "data:"],
        "object-src": [_CSP_NONE],
        "base-uri": [_CSP_SELF],
        "frame-ancestors": [_CSP_NONE],
        "report-uri": [u for u in [os.environ.get("MOTCUA_CSP_REPORT_URI", "").strip()] if u] or None,
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Background jobs (notifications, national portal sync) run in ``motcua worker`` from the database
# queue; tests and ``MOTCUA_TASKS_IMMEDIATE=1`` run them at once in the calling process.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("MOTCUA_TASKS_IMMEDIATE") == "1"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Notifications to citizens (integrations/notifications), sent by the worker. E-mail goes through
# Django's mail: console by default; "django.core.mail.backends.filebased.EmailBackend" writes
# DATA_DIR/mail; "django.core.mail.backends.smtp.EmailBackend" uses EMAIL_HOST. SMS goes through the
# provider plug-in MOTCUA_SMS_PROVIDER (the local sink appends to DATA_DIR/sms-sink.jsonl).
EMAIL_BACKEND = os.environ.get("MOTCUA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS") == "1"
EMAIL_TIMEOUT = 30  # seconds; a slow mail server delays the worker, never a page
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Bộ phận Một cửa <khong-tra-loi@motcua.localhost>")
MOTCUA_SMS_PROVIDER = os.environ.get(
    "MOTCUA_SMS_PROVIDER", "motcua.integrations.notifications.sms_sink.SinkProvider"
)

# --- Online dossiers waiting for reception (issue 15 item 4; Decree 118/2025 Art. 17.2) ---------
# MOTCUA_ONLINE_CHECK_HOURS: working hours the desk has to accept, ask for a supplement or redirect
# an online dossier, from its arrival (a procedure version's "online_check_hours" overrides it for
# sector law). MOTCUA_DESK_ALERT_HOURS: clock hours within which the desk must have been alerted.
MOTCUA_ONLINE_CHECK_HOURS = int(os.environ.get("MOTCUA_ONLINE_CHECK_HOURS", "8"))
MOTCUA_DESK_ALERT_HOURS = int(os.environ.get("MOTCUA_DESK_ALERT_HOURS", "2"))

# Audit trail (motcua.audit, ADR 0003): django-auditlog records changes of the master data listed
# in motcua/audit/tracked.py; personal-data reads go to audit.PersonalDataAccess. Foreign keys are
# stored as their text at the time of the change, fixtures loaded with loaddata are not logged.
# MOTCUA_PROXY_COUNT: how many trusted reverse proxies stand before the server (0: none), so the
# address logged is the one the outermost proxy saw, not what a client wrote in X-Forwarded-For.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
AUDITLOG_DISABLE_ON_RAW_SAVE = True
MOTCUA_PROXY_COUNT = int(os.environ.get("MOTCUA_PROXY_COUNT", "0") or 0)

# --- Login protection: lockout, rate limits, second factor (issue 14, items 7 and 9) ------------
# README, "Login protection", lists the variables.


def _env_count(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} phải là một số nguyên không âm, không phải “{value}”.")
    return int(value)


def _env_rate(name: str, default: str) -> str:
    """A rate as django-ratelimit writes it: 10/m, 20/h, 120/m, 5/10m; "0" or "off": no limit."""
    import re

    value = os.environ.get(name, default).strip()
    if value.lower() in {"0", "off"}:
        return ""
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", value):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{name} phải có dạng số lần/khoảng thời gian, ví dụ 10/m, 20/h, 5/10m (không phải “{value}”)."
        )
    return value


# Failed logins (django-axes): a username is locked from one address after MOTCUA_LOGIN_FAILURE_LIMIT
# failures for MOTCUA_LOGIN_LOCKOUT_MINUTES. Counted in the database, so every application server
# sees the same count; listed in the administration (Axes); `manage axes_reset_username NAME` lifts
# a lockout.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = _env_count("MOTCUA_LOGIN_FAILURE_LIMIT", 5) or 5
AXES_COOLOFF_TIME = timedelta(minutes=_env_count("MOTCUA_LOGIN_LOCKOUT_MINUTES", 15) or 15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one row per failure (time, address, browser), besides the count
AXES_LOCKOUT_CALLABLE = "motcua.signin.views.locked_out"  # the Vietnamese page, 429
# The client's address as the audit trail reads it: behind MOTCUA_PROXY_COUNT trusted proxies.
AXES_CLIENT_IP_CALLABLE = "motcua.ratelimit.client_ip"

# Rate limits (django-ratelimit), counted in the cache below. MOTCUA_LOOKUP_RATE: public look-ups
# by code + ID (dossier tracking, petitions) per address; MOTCUA_LOOKUP_RATE_PER_CODE: per code,
# whatever the address; MOTCUA_RECEPTION_RATE: dossiers received through the API per token (or
# per officer's session).
MOTCUA_LOOKUP_RATE = _env_rate("MOTCUA_LOOKUP_RATE", "10/m")
MOTCUA_LOOKUP_RATE_PER_CODE = _env_rate("MOTCUA_LOOKUP_RATE_PER_CODE", "20/h")
MOTCUA_RECEPTION_RATE = _env_rate("MOTCUA_RECEPTION_RATE", "120/m")
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "motcua.ratelimit.client_ip"
# Both caches are database tables shared by every application server: "default" is Django's
# database cache (created by a migration of motcua.signin), "ratelimit" holds the counters, one
# statement per count (motcua.ratelimit.CounterCache, table of signin.RateCounter).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "motcua_cache",
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    },
    "ratelimit": {"BACKEND": "motcua.ratelimit.CounterCache", "TIMEOUT": 3600},
}

# Second factor (django-otp, TOTP): shown under this name in the authenticator app.
OTP_TOTP_ISSUER = os.environ.get("MOTCUA_OTP_ISSUER", "motcua")

# --- Extension of the time limit (issue 15 item 5; Decree 118/2025 Art. 19.6) -----------------
# The agency files its extension request «chậm nhất 01 ngày trước ngày hết hạn»: the Decree says
# «ngày», not «ngày làm việc», so the unit is a setting. MOTCUA_EXTENSION_NOTICE_UNIT: "calendar"
# (default) or "working"; MOTCUA_EXTENSION_NOTICE_DAYS: how many (default 1). A later request is
# accepted and flagged as late.
MOTCUA_EXTENSION_NOTICE_UNIT = os.environ.get("MOTCUA_EXTENSION_NOTICE_UNIT", "calendar")
MOTCUA_EXTENSION_NOTICE_DAYS = int(os.environ.get("MOTCUA_EXTENSION_NOTICE_DAYS", "1"))

# Issue 15, item 2 and 6 (receiving point, competent authority, transfer). MOTCUA_DOSSIER_CODE_TEMPLATE:
# layout of dossier codes (Decree 118/2025 Art. 28; placeholders in motcua.dossiers.codes; a wrong
# one is refused with ImproperlyConfigured naming the mistake). MOTCUA_TRANSFER_CUTOFF:
# received by this time, a desk dossier is handed to processing the same day (Art. 18.1).
MOTCUA_DOSSIER_CODE_TEMPLATE = os.environ.get("MOTCUA_DOSSIER_CODE_TEMPLATE", "{id}-{YYMMDD}-{NNNN}")
MOTCUA_TRANSFER_CUTOFF = os.environ.get("MOTCUA_TRANSFER_CUTOFF", "15:00")

# --- Closing an unsupplemented dossier (issue 15 item 3; Decree 118/2025 Art. 19.5) -------------
# The national portal has no status code for «đóng hồ sơ» that we know of: a closed dossier is
# synced with this code (default 8, "dừng xử lý"). A non-number is refused at start-up.
MOTCUA_PORTAL_STATUS_CLOSED = _env_count("MOTCUA_PORTAL_STATUS_CLOSED", 8)

# --- Inter-agency routes and corrections (issue 15 items 6 and 7; Decree 118/2025 Art. 20.2, 23.1)
# MOTCUA_ROUTE_MAX_WORKING_DAYS: the longest limit one agency of a route may be given when the
# procedure's own limit is not counted in days (default 60). MOTCUA_CORRECTION_DAYS: working days
# within which the competent authority returns a corrected result («chậm nhất trong vòng 03 ngày
# làm việc», default 3). A non-number is refused at start-up.
MOTCUA_ROUTE_MAX_WORKING_DAYS = _env_count("MOTCUA_ROUTE_MAX_WORKING_DAYS", 60)
MOTCUA_CORRECTION_DAYS = _env_count("MOTCUA_CORRECTION_DAYS", 3)
