"""Settings for the KT-XH indicator tracker.

Everything that differs between a laptop and a production server comes from the
environment; the README lists every variable. Defaults are safe for production
(DEBUG off, no hosts allowed, no secret key) except the database, which falls back to
an embedded SQLite file so that `make run` works with nothing installed.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Thiếu biến môi trường SECRET_KEY (bắt buộc khi DEBUG=0).")
    SECRET_KEY = "chi-dung-khi-phat-trien-khong-dung-cho-san-xuat"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS. On by default in production; an intranet served over plain HTTP sets HTTPS=0
# (and then `check --deploy` warns, rightly). Behind a TLS-terminating proxy, set
# SECURE_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]  # the load balancer's health check speaks plain HTTP
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Listing a domain for HSTS preload binds every subdomain of it, for every service of the
# office: a decision for the deployment (SECURE_HSTS_PRELOAD=1), not a default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "axes",
    "chitieu",
    "baocao",
    "quytrinh",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.CspMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.db_router.ChonBanSaoMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "chitieu.context_processors.quyen_nguoi_dung",
                "quytrinh.context_processors.thong_bao",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# DATABASE_URL=postgres://user:pass@host:5432/name in production and in the test suite.
# Connections are reused for CONN_MAX_AGE seconds and checked before reuse.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# Optional read replica: dashboards read from it; entry, sessions and logins never do
# (config/db_router.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_router.BanSaoChoTrangXem"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes must come first so that a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Error pages: templates/403.html, 404.html, 500.html; a CSRF failure keeps the menu.
CSRF_FAILURE_VIEW = "config.views.loi_csrf"

LOGIN_URL = "dang-nhap"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "dang-nhap"

# A district office shares one public address: lock out a username from an address,
# never a whole address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/bi_khoa.html"
AXES_VERBOSE = env_bool("AXES_VERBOSE", False)
# Behind reverse proxies (nginx: 1), the login throttle keys on the client's address from
# X-Forwarded-For, not on the proxy's (config/dia_chi.py); 0 = clients connect directly.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "config.dia_chi.dia_chi_khach"

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
# Database sessions that remember when they end: the entry grids warn before it.
SESSION_ENGINE = "config.phien"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# What Django and the admin's libraries ship untranslated (locale/vi/LC_MESSAGES/*.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
# Django's own "vi" formats group no digits and read 05/06/2023 as 6 May.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
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

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Dashboard pages kept in each process's memory under the version of the data
# (baocao/bo_dem.py, PostgreSQL only): megabytes per process; 0 turns it off.
BO_DEM_TRANG_MB = int(os.environ.get("BO_DEM_TRANG_MB", "64"))

# Excel uploads: the file size, and what it may unpack to (a zip bomb is small on disk).
EXCEL_MAX_BYTES = int(os.environ.get("EXCEL_MAX_BYTES", str(10 * 1024 * 1024)))
EXCEL_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("EXCEL_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024)))
# What reading one upload may cost (chitieu/doc_xlsx.py): a file over any of these is refused
# with a message as soon as the limit is reached, without reading the rest.
EXCEL_MAX_SHEETS = int(os.environ.get("EXCEL_MAX_SHEETS", "1000"))
EXCEL_MAX_ROWS = int(os.environ.get("EXCEL_MAX_ROWS", "50000"))  # rows holding data, per sheet
EXCEL_MAX_COLUMNS = int(os.environ.get("EXCEL_MAX_COLUMNS", "100"))  # last column holding data
EXCEL_MAX_CELLS = int(os.environ.get("EXCEL_MAX_CELLS", "500000"))  # cells holding data, whole file
EXCEL_MAX_CELLS_READ = int(os.environ.get("EXCEL_MAX_CELLS_READ", "2000000"))  # cells and rows read, empty too
EXCEL_PARSE_SECONDS = float(os.environ.get("EXCEL_PARSE_SECONDS", "20"))
# Uploads waiting for their confirmation: how long, and how many / how much per user.
EXCEL_UPLOAD_HOURS = int(os.environ.get("EXCEL_UPLOAD_HOURS", "2"))
EXCEL_UPLOADS_PER_USER = int(os.environ.get("EXCEL_UPLOADS_PER_USER", "5"))
EXCEL_UPLOAD_BYTES_PER_USER = int(os.environ.get("EXCEL_UPLOAD_BYTES_PER_USER", str(50 * 1024 * 1024)))

# Email (notifications, `quytrinh`): the console in development and the demo; SMTP
# in production. EMAIL_BACKEND may also name the file backend (with EMAIL_FILE_PATH).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Chỉ tiêu KT-XH <khong-tra-loi@localhost>")
# The address people open, for the links in emails (no request to take it from).
DIA_CHI_TRANG = os.environ.get("DIA_CHI_TRANG", "http://127.0.0.1:8000")

# Logs go to standard output, one line each, for the process manager to collect.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"dong": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "dong",
                             "level": os.environ.get("LOG_LEVEL", "INFO")}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
