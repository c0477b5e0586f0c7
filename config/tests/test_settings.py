import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Env

ROOT = Path(__file__).resolve().parent.parent.parent


def test_booleans_are_parsed_strictly():
    assert Env({"DEBUG": "true"}).bool("DEBUG", False) is True
    assert Env({"DEBUG": "0"}).bool("DEBUG", True) is False
    assert Env({}).bool("DEBUG", False) is False
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        Env({"DEBUG": "maybe"}).bool("DEBUG", False)


def test_lists_numbers_and_time_zones_are_validated():
    assert Env({"ALLOWED_HOSTS": "a.go.id, b.go.id"}).list("ALLOWED_HOSTS") == ["a.go.id", "b.go.id"]
    with pytest.raises(ImproperlyConfigured, match="empty item"):
        Env({"ALLOWED_HOSTS": "a.go.id,,b"}).list("ALLOWED_HOSTS")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        Env({"SESSION_COOKIE_AGE": "8h"}).int("SESSION_COOKIE_AGE", 1)
    with pytest.raises(ImproperlyConfigured, match="at least 300"):
        Env({"SESSION_COOKIE_AGE": "10"}).int("SESSION_COOKIE_AGE", 1, minimum=300)
    assert Env({}).time_zone("TIME_ZONE", "Asia/Jakarta") == "Asia/Jakarta"
    with pytest.raises(ImproperlyConfigured, match="not a known time zone"):
        Env({"TIME_ZONE": "Asia/Atlantis"}).time_zone("TIME_ZONE", "Asia/Jakarta")


def test_database_and_email_urls():
    pg = Env({"DATABASE_URL": "postgres://jaring:rahasia@db:5432/jaring"}).database("DATABASE_URL", "sqlite://")
    assert (pg["ENGINE"], pg["HOST"], pg["NAME"]) == ("django.db.backends.postgresql", "db", "jaring")
    with pytest.raises(ImproperlyConfigured, match="sqlite:// or postgres://"):
        Env({"DATABASE_URL": "mysql://x/y"}).database("DATABASE_URL", "sqlite://")
    smtp = Env({"EMAIL_URL": "smtp://user:p%40ss@mail.go.id:587"}).email("EMAIL_URL", "console://")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_HOST_PASSWORD"]) == (
        "mail.go.id",
        587,
        "p@ss",
    )
    assert smtp["EMAIL_USE_TLS"] is True
    with pytest.raises(ImproperlyConfigured, match="scheme"):
        Env({"EMAIL_URL": "pigeon://x"}).email("EMAIL_URL", "console://")


def test_a_required_variable_that_is_missing_is_named():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        Env({}).str("SECRET_KEY", required=True)


def _manage(*args, env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k3J9vQz!pL0x#R7mN2bW8yT5uE4iO6aS1dF-gH3jK9lZ0xC7vB2nM5q_w8e",
    "ALLOWED_HOSTS": "jaring.example.go.id",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_production_settings_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_weak_secret_key_and_debug_is_off_by_default():
    weak = _manage("check", env={**PRODUCTION, "SECRET_KEY": "short"})
    assert weak.returncode != 0
    assert "SECRET_KEY must be a random string" in weak.stderr
    shell = _manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=PRODUCTION)
    assert shell.stdout.strip().splitlines()[-1] == "False"
