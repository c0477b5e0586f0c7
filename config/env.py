"""Every environment variable Jaring reads is parsed here, strictly.

A value that cannot be parsed stops start-up with a message that names the variable, instead of being
silently replaced by a default.
"""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on", "ya"}
FALSE_VALUES = {"0", "false", "no", "off", "tidak"}


class Env:
    """Reads typed values from a mapping (``os.environ`` by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def str(self, name: str, default: str | None = None, *, required: bool = False) -> str:
        value = self._raw(name)
        if value is None:
            if required:
                raise ImproperlyConfigured(f"{name} must be set.")
            if default is None:
                raise ImproperlyConfigured(f"{name} must be set (no default).")
            return default
        return value

    def bool(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in TRUE_VALUES:
            return True
        if lowered in FALSE_VALUES:
            return False
        raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use true or false.")

    def int(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.")
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
        return number

    def list(self, name: str, default: list[str] | None = None) -> list[str]:
        value = self._raw(name)
        if value is None:
            return list(default or [])
        items = [item.strip() for item in value.split(",")]
        if any(not item for item in items):
            raise ImproperlyConfigured(f"{name}={value!r} has an empty item; separate values with commas.")
        return items

    def time_zone(self, name: str, default: str) -> str:
        value = self._raw(name) or default
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ImproperlyConfigured(f"{name}={value!r} is not a known time zone.")
        return value

    def database(self, name: str, default: str) -> dict:
        value = self._raw(name) or default
        scheme = urlsplit(value).scheme
        if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
            raise ImproperlyConfigured(f"{name} must be a sqlite:// or postgres:// URL, not {scheme or value!r}.")
        config = dj_database_url.parse(value, conn_max_age=0)
        if config["ENGINE"] == "django.db.backends.postgresql":
            # JIT compilation costs ~1 s on each large aggregate and pays off only for long analytics queries.
            config.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
        return config

    def email(self, name: str, default: str) -> dict:
        """Parse EMAIL_URL: console://, locmem://, dummy://, smtp://user:pass@host:port, smtps://..."""
        value = self._raw(name) or default
        parts = urlsplit(value)
        backends = {
            "console": "django.core.mail.backends.console.EmailBackend",
            "locmem": "django.core.mail.backends.locmem.EmailBackend",
            "dummy": "django.core.mail.backends.dummy.EmailBackend",
            "smtp": "django.core.mail.backends.smtp.EmailBackend",
            "smtps": "django.core.mail.backends.smtp.EmailBackend",
        }
        if parts.scheme not in backends:
            raise ImproperlyConfigured(f"{name} scheme {parts.scheme!r} is not one of {sorted(backends)}.")
        config = {"EMAIL_BACKEND": backends[parts.scheme]}
        if parts.scheme in {"smtp", "smtps"}:
            if not parts.hostname:
                raise ImproperlyConfigured(f"{name} needs a host, e.g. smtp://user:pass@mail.example:587")
            try:
                port = parts.port
            except ValueError:
                raise ImproperlyConfigured(f"{name} has an invalid port.")
            query = parse_qs(parts.query)
            config.update(
                EMAIL_HOST=parts.hostname,
                EMAIL_PORT=port or (465 if parts.scheme == "smtps" else 587),
                EMAIL_HOST_USER=unquote(parts.username or ""),
                EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
                EMAIL_USE_SSL=parts.scheme == "smtps",
                EMAIL_USE_TLS=parts.scheme == "smtp" and query.get("tls", ["true"])[0] != "false",
            )
        return config
