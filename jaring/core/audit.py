"""The audit service. Every write service in Jaring calls :func:`audit_record` inside its own transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable

from django.db import models, transaction

from .middleware import current_origin
from .models import AuditEvent


def _json_value(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The concrete field values of ``obj`` as JSON-safe data (foreign keys as ids, no passwords)."""
    names = list(fields) if fields is not None else [f.attname for f in obj._meta.concrete_fields]
    return {name: _json_value(getattr(obj, name)) for name in names if name != "password"}


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    changed = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in changed}, {key: after.get(key) for key in changed}


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    object_type: str = "",
    object_label: str = "",
) -> AuditEvent:
    """Write one audit row. Must be called inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    origin = current_origin()
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=(str(actor.username) if is_user else str(actor or "sistem"))[:150],
        action=action,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=(object_label or (str(obj) if obj is not None else ""))[:255],
        before=_json_value(before) if before is not None else None,
        after=_json_value(after) if after is not None else None,
        note=note[:500],
        ip_address=origin.ip_address if origin else None,
        user_agent=origin.user_agent if origin else "",
    )


@transaction.atomic
def personal_data_accessed(
    *,
    actor,
    obj: models.Model | None = None,
    export: bool = False,
    note: str = "",
    object_type: str = "",
    object_label: str = "",
) -> AuditEvent:
    """Record that ``actor`` viewed (or exported) unmasked personal data."""
    return audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT_PERSONAL if export else AuditEvent.Action.VIEW_PERSONAL,
        obj=obj,
        note=note,
        object_type=object_type,
        object_label=object_label,
    )
