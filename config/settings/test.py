"""Test settings: SQLite by default; PostgreSQL when JARING_TEST_DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"
_test_url = os.environ.get("JARING_TEST_DATABASE_URL", "").strip()
DATABASES = {
    "default": env.database("JARING_TEST_DATABASE_URL", "sqlite://:memory:")
    if _test_url
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
    }
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
