"""Prevent Hub settings. Every value that differs between machines comes from the
environment through config.env; see README.md for the list."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

from config.env import Environment
from lib.crypto import BadKeySetting, MasterKeys, parse_single_key

BASE_DIR = Path(__file__).resolve().parent.parent
env = Environment()

# No default: a deployment that forgets to say it is production must not start as
# development, on the published keys with DEBUG on. `make run`, `make test` and the other
# make targets set it to development (and config/settings_for_tests.py for the tests).
ENVIRONMENT = env.choice("PREVENTHUB_ENVIRONMENT", ("development", "production"), "", required=True)
PRODUCTION = ENVIRONMENT != "development"

DEBUG = env.flag("DEBUG", default=not PRODUCTION)
SECRET_KEY = env.text(
    "SECRET_KEY",
    default="development-only-secret-key-not-for-production-use-0123456789",
    required=PRODUCTION,
)
ALLOWED_HOSTS = env.items(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"], required=PRODUCTION
)
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS")

# The demo accounts share one published password and skip two-factor sign-in, so the
# demo can never be switched on in production.
DEMO = env.flag("PREVENTHUB_DEMO", default=False)
DEMO_PASSWORD = "demo-password"  # noqa: S105 - published on purpose, refused outside the demo

VAR_DIR = Path(env.text("PREVENTHUB_VAR_DIR", str(BASE_DIR / "var")))
# The SQLite database and the uploads live here; a fresh checkout has no such directory.
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Uploaded evidence lives outside the web root and is only ever served through views
# that check access.
UPLOAD_ROOT = Path(env.text("PREVENTHUB_UPLOAD_DIR", str(VAR_DIR / "uploads")))

# Master keys that wrap each person's and referral's data key (lib/crypto.py): separate
# from SECRET_KEY, first one current. `manage.py rotate_field_keys` re-wraps data keys
# after a new key is put first.
DEVELOPMENT_FIELD_KEY = "development:ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMDAwMDA="
FIELD_ENCRYPTION_KEYS = env.items(
    "PREVENTHUB_FIELD_KEYS", default=[] if PRODUCTION else [DEVELOPMENT_FIELD_KEY], required=PRODUCTION
)
# Outside development, keys are compared as bytes: a development key under any id, the
# same key twice and keys too regular to be random are refused (lib.crypto.refuse_weak_key),
# and a data key wrapped by a development key does not open.
FIELD_MASTER_KEYS = MasterKeys.parse([DEVELOPMENT_FIELD_KEY])
if FIELD_ENCRYPTION_KEYS:
    try:
        FIELD_MASTER_KEYS = MasterKeys.parse(FIELD_ENCRYPTION_KEYS, development=not PRODUCTION)
    except BadKeySetting as problem:
        env.require(False, f"PREVENTHUB_FIELD_KEYS is not usable: {problem}")
elif PRODUCTION:
    FIELD_MASTER_KEYS = MasterKeys(FIELD_MASTER_KEYS.current_id, FIELD_MASTER_KEYS.keys, development=False)

# The key of the blind indexes (keyed hashes of the matcher's name keys and of dates of
# birth, cases.blind): its own key, apart from the master keys, so finding people needs
# neither. One `id:base64` key; `manage.py rebuild_blind_index` re-hashes after a change.
DEVELOPMENT_BLIND_INDEX_KEY = "development:ZGV2ZWxvcG1lbnQtb25seS1ibGluZC1pbmRleC0wMDA="
BLIND_INDEX_KEY_ENTRY = env.text(
    "PREVENTHUB_BLIND_INDEX_KEY",
    "" if PRODUCTION else DEVELOPMENT_BLIND_INDEX_KEY,
    required=PRODUCTION,
    expected="one id:base64 key, made by `manage.py rotate_field_keys --new-key ID`",
)
BLIND_INDEX_KEY = parse_single_key(DEVELOPMENT_BLIND_INDEX_KEY)[1]
if BLIND_INDEX_KEY_ENTRY:
    try:
        BLIND_INDEX_KEY = parse_single_key(BLIND_INDEX_KEY_ENTRY, development=not PRODUCTION)[1]
    except BadKeySetting as problem:
        env.require(False, f"PREVENTHUB_BLIND_INDEX_KEY is not usable: {problem}")

# The audit chain's anchors (audit/anchors.py): its head, signed (HMAC-SHA256) with a key
# that is not in the database and written to a store that is not on the database server.
# Keys are `id:base64-of-32-bytes`, first one current, like the field keys; older keys stay
# listed while anchors they signed are in the store.
DEVELOPMENT_AUDIT_ANCHOR_KEY = "development:ZGV2ZWxvcG1lbnQtb25seS1hdWRpdC1hbmNob3ItMDA="
AUDIT_ANCHOR_KEY_ENTRIES = env.items(
    "PREVENTHUB_AUDIT_ANCHOR_KEYS",
    default=[] if PRODUCTION else [DEVELOPMENT_AUDIT_ANCHOR_KEY],
    required=PRODUCTION,
    expected="comma-separated id:base64 keys, made by `manage.py anchor_audit --new-key ID`",
)
AUDIT_ANCHOR_KEYS = MasterKeys.parse([DEVELOPMENT_AUDIT_ANCHOR_KEY])
if AUDIT_ANCHOR_KEY_ENTRIES:
    try:
        AUDIT_ANCHOR_KEYS = MasterKeys.parse(AUDIT_ANCHOR_KEY_ENTRIES, development=not PRODUCTION)
    except BadKeySetting as problem:
        env.require(False, f"PREVENTHUB_AUDIT_ANCHOR_KEYS is not usable: {problem}")
AUDIT_ANCHOR_DIR = Path(
    env.text(
        "PREVENTHUB_AUDIT_ANCHOR_DIR",
        str(VAR_DIR / "audit-anchors"),
        required=PRODUCTION,
        expected="a directory on storage that is not the database server's (see README, Audit log)",
    )
)

SESSION_IDLE_MINUTES = env.number("SESSION_IDLE_MINUTES", 30, minimum=1)
# A referral being written is kept in the session (cases/drafts.py) for at most this long
# from when it was started.
REFERRAL_DRAFT_DAYS = env.number("PREVENTHUB_REFERRAL_DRAFT_DAYS", 30, minimum=1)
LOCKOUT_ATTEMPTS = env.number("LOCKOUT_ATTEMPTS", 5, minimum=1)
LOCKOUT_MINUTES = env.number("LOCKOUT_MINUTES", 15, minimum=1)

# The service's own address, for links in e-mails sent by background tasks, which have no
# request to take it from. In production it defaults to the first allowed host, over HTTPS.
SITE_URL = env.text(
    "SITE_URL", f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION and ALLOWED_HOSTS else "http://127.0.0.1:8000"
).rstrip("/")

# E-mail goes through an SMTP relay in production (by default one on the same machine);
# in development and the demo it is printed to the console, so nothing leaves the machine.
DEFAULT_FROM_EMAIL = env.text(
    "DEFAULT_FROM_EMAIL", f"Prevent Hub <no-reply@{ALLOWED_HOSTS[0] if ALLOWED_HOSTS else 'localhost'}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMTP_HOST = env.text("SMTP_HOST", "localhost")
SMTP_PORT = env.number("SMTP_PORT", 25, minimum=1)
SMTP_USERNAME = env.text("SMTP_USERNAME")
SMTP_PASSWORD = env.text("SMTP_PASSWORD")
SMTP_USE_TLS = env.flag("SMTP_USE_TLS", default=False)
if PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": SMTP_PORT,
                "username": SMTP_USERNAME,
                "password": SMTP_PASSWORD,
                "use_tls": SMTP_USE_TLS,
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    # Outside production, e-mail may be written to files instead, one a message, so that
    # a person (or a browser test) can open the links in it.
    MAIL_DIR = env.text("PREVENTHUB_MAIL_DIR")
    if MAIL_DIR:
        MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "OPTIONS": {"file_path": MAIL_DIR},
            }
        }

# How long a set-password link lasts, whether an invitation or a reset of a forgotten
# password (Django's token generator reads PASSWORD_RESET_TIMEOUT). A link also stops
# working once it is used, and when the password or e-mail address changes.
PASSWORD_LINK_HOURS = env.number("PREVENTHUB_PASSWORD_LINK_HOURS", 24, minimum=1)
PASSWORD_RESET_TIMEOUT = PASSWORD_LINK_HOURS * 60 * 60

if PRODUCTION:
    env.require(not DEBUG, "DEBUG is true: production must run with DEBUG=false")
    env.require(not DEMO, "PREVENTHUB_DEMO is true: the demo cannot run in production")
    env.require(
        len(SECRET_KEY) >= 50 and len(set(SECRET_KEY)) >= 5 and "development" not in SECRET_KEY,
        "SECRET_KEY is too weak: set it to at least 50 random characters",
    )
    env.require(
        not any(
            entry.partition(":")[2] and entry.partition(":")[2] in SECRET_KEY
            for entry in FIELD_ENCRYPTION_KEYS
        ),
        "PREVENTHUB_FIELD_KEYS must not reuse SECRET_KEY",
    )
    env.require(
        not set(AUDIT_ANCHOR_KEYS.keys.values()) & set(FIELD_MASTER_KEYS.keys.values())
        and not any(
            entry.partition(":")[2] and entry.partition(":")[2] in SECRET_KEY
            for entry in AUDIT_ANCHOR_KEY_ENTRIES
        ),
        "PREVENTHUB_AUDIT_ANCHOR_KEYS must not reuse SECRET_KEY or a field key",
    )
    env.require(
        BLIND_INDEX_KEY not in {*FIELD_MASTER_KEYS.keys.values(), *AUDIT_ANCHOR_KEYS.keys.values()}
        and BLIND_INDEX_KEY_ENTRY.partition(":")[2] not in SECRET_KEY,
        "PREVENTHUB_BLIND_INDEX_KEY must be a key of its own, not SECRET_KEY, a field key or an anchor key",
    )
    env.require(SITE_URL.startswith("https://"), "SITE_URL must be the service's https:// address")

DATABASE_URL = env.text("DATABASE_URL")
# A streaming replica of the primary, for the reads of the statistics pages and their
# downloads (config/routers.py); everything else, and every write, goes to the primary.
DATABASE_REPLICA_URL = env.text("DATABASE_REPLICA_URL")
# Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator()) cannot
# outlive its transaction, so Django reads such results whole instead.
DATABASE_TRANSACTION_POOLING = env.flag("DATABASE_TRANSACTION_POOLING", default=False)
env.require(
    not DATABASE_REPLICA_URL or bool(DATABASE_URL),
    "DATABASE_REPLICA_URL is set without DATABASE_URL: a replica needs a PostgreSQL primary",
)
env.check()

if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Parameters bound by the server let psycopg prepare a statement the second time a
        # connection runs it; PostgreSQL then skips parsing and planning, which cost more
        # than running most of the case pages' statements (bench/cases.py). Behind
        # PgBouncer in transaction mode this needs PgBouncer 1.21+ (max_prepared_statements).
        DATABASES["default"]["OPTIONS"] = {
            **DATABASES["default"].get("OPTIONS", {}),
            "server_side_binding": True,
            "prepare_threshold": 2,
        }
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_TRANSACTION_POOLING
    if DATABASE_REPLICA_URL:
        DATABASES["replica"] = dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
        )
        DATABASES["replica"]["OPTIONS"] = {
            **DATABASES["replica"].get("OPTIONS", {}),
            **DATABASES["default"].get("OPTIONS", {}),
        }
        DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_TRANSACTION_POOLING
        # The tests point the replica at the primary's test database.
        DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "preventhub.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                    # Deleted rows are overwritten with zeros, not left in free pages.
                    "PRAGMA secure_delete=ON;"
                ),
            },
        }
    }

# The alias config.routers.ReplicaRouter sends replica reads to, if there is a replica.
READ_REPLICA = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks_db",
    "govuk",
    "accounts",
    "audit",
    "plans",
    "cases",
    "partners",
    "training",
    "community",
    "projects",
    "venues",
    "performance",
    "api",
    "demo",
    "hub",
]

MIDDLEWARE = [
    "config.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "govuk.middleware.CleanTextMiddleware",
    "govuk.middleware.SealedValueMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # In development, runserver serves static files; in production WhiteNoise serves
    # the collected, fingerprinted files.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "govuk.context_processors.service",
                "accounts.context_processors.viewer",
                "hub.context_processors.navigation",
            ],
            "builtins": ["govuk.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "govuk.forms.GovukFormRenderer"

# Background tasks, such as the daily follow-up digest, are queued in the database and
# run by `manage.py db_worker` (`make worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.MembershipBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.NotTheDemoPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home"

# Sessions end after a period of inactivity: activity pushes the expiry forward (see
# accounts.middleware.SessionActivityMiddleware).
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = LOCKOUT_ATTEMPTS
AXES_COOLOFF_TIME = timedelta(minutes=LOCKOUT_MINUTES)
# Lock the account, not the address: council staff share a few office NAT addresses, and
# locking by address would lock out a whole office after a few typing mistakes. Spraying
# one password across accounts is answered by Argon2, 12-character passwords and
# two-factor for every role that reaches case data.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Prevent Hub"

SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static-build"]
# Uploaded files: a directory (PREVENTHUB_UPLOAD_DIR; with several app servers, one they
# all mount) or an S3-compatible bucket (django-storages). Either way they are reached only
# through Django's storage API and served only through views that check access; case
# documents are sealed with the referral's data key before they are stored.
UPLOAD_STORAGE = env.choice("PREVENTHUB_UPLOAD_STORAGE", ("filesystem", "s3"), "filesystem")
UPLOADS: dict[str, Any] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": UPLOAD_ROOT, "base_url": None},
}
if UPLOAD_STORAGE == "s3":
    S3_SERVER_SIDE_ENCRYPTION = env.choice(
        "PREVENTHUB_S3_SERVER_SIDE_ENCRYPTION", ("", "AES256", "aws:kms"), ""
    )
    S3_KMS_KEY_ID = env.text("PREVENTHUB_S3_KMS_KEY_ID")
    S3_OBJECT_PARAMETERS = {
        key: value
        for key, value in {
            "ServerSideEncryption": S3_SERVER_SIDE_ENCRYPTION,
            "SSEKMSKeyId": S3_KMS_KEY_ID if S3_SERVER_SIDE_ENCRYPTION == "aws:kms" else "",
        }.items()
        if value
    }
    UPLOADS = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.text(
                "PREVENTHUB_S3_BUCKET", required=True, expected="the bucket that holds the uploads"
            ),
            # Empty for AWS itself; the address of an S3-compatible store otherwise.
            "endpoint_url": env.text("PREVENTHUB_S3_ENDPOINT_URL") or None,
            "region_name": env.text("PREVENTHUB_S3_REGION") or None,
            # Empty: boto3 finds credentials itself (an instance or workload role).
            "access_key": env.text("PREVENTHUB_S3_ACCESS_KEY_ID") or None,
            "secret_key": env.text("PREVENTHUB_S3_SECRET_ACCESS_KEY") or None,
            "location": env.text("PREVENTHUB_S3_PREFIX"),
            "addressing_style": env.choice("PREVENTHUB_S3_ADDRESSING_STYLE", ("", "virtual", "path"), "")
            or None,
            "signature_version": "s3v4",
            # Never overwrite a stored file: a name taken gets a suffix, as on a disk.
            "file_overwrite": False,
            # The bucket's own policy decides (kept private); no public ACL is ever set.
            "default_acl": None,
            "querystring_auth": True,
            "object_parameters": S3_OBJECT_PARAMETERS,
        },
    }
    env.check()
STORAGES: dict[str, dict[str, Any]] = {
    "default": UPLOADS,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = UPLOAD_ROOT
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Uploads up to FILE_UPLOAD_MAX_MEMORY_SIZE stay in memory; larger ones are spooled to a
# temporary file encrypted under a key held only in memory (lib/spool.py), never in plain text.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "lib.spool.EncryptedTemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe /healthz over plain HTTP, inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    env.check()

# In production logs go to standard output, for the process manager (systemd's journal,
# a container runtime) to collect, one JSON object a line with the time, level, logger,
# message and request id (config/logs.py); in development a readable line. gunicorn's
# access log is written the same way (deploy/gunicorn.conf.py).
LOG_LEVEL = env.choice(
    "LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO" if PRODUCTION else "WARNING"
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
        "readable": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # Standard output in production; standard error in development, as before,
            # apart from what commands print.
            "stream": "ext://sys.stdout" if PRODUCTION else "ext://sys.stderr",
            "formatter": "json" if PRODUCTION else "readable",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # WeasyPrint and fontTools tell of every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
if PRODUCTION:
    # Each request is logged once, by gunicorn's access log; Django's own line for a 404
    # would repeat it. Errors (5xx) are still logged, with their traceback.
    LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # type: ignore[index]
