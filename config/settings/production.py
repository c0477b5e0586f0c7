"""Production: everything secure by default. ``manage.py check --deploy`` reports nothing."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", False)
SECRET_KEY = env.str("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure-") or len(set(SECRET_KEY)) < 5:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters in production.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", [])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": env.str("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env.str("CACHE_LOCATION", "jaring_cache"),
    }
}
