from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from jaring.core.audit import audit_record, diff, snapshot
from jaring.core.models import AuditEvent

from .models import User

USER_AUDIT_FIELDS = [
    "username",
    "full_name",
    "email",
    "role",
    "branch_id",
    "kelurahan_id",
    "phone",
    "is_active",
]


@transaction.atomic
def user_create(
    *,
    acting_user,
    username: str,
    full_name: str,
    email: str,
    role: str,
    password: str,
    branch=None,
    kelurahan=None,
    phone: str = "",
) -> User:
    user = User(
        username=username.strip(),
        full_name=full_name.strip(),
        email=email.strip(),
        role=role,
        branch=branch,
        kelurahan=kelurahan,
        phone=phone.strip(),
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=user, after=snapshot(user, USER_AUDIT_FIELDS))
    return user


@transaction.atomic
def user_update(*, acting_user, user: User, **changes) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, USER_AUDIT_FIELDS)
    allowed = {"full_name", "email", "role", "branch", "kelurahan", "phone", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"user_update got unexpected fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.full_clean()
    user.save()
    old, new = diff(before, snapshot(user, USER_AUDIT_FIELDS))
    if new:
        audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=user, before=old, after=new)
    return user


@transaction.atomic
def user_set_password(*, acting_user, user: User, password: str) -> User:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=acting_user, action=AuditEvent.Action.PASSWORD_CHANGE, obj=user)
    return user


@transaction.atomic
def session_event(*, user: User, action: str) -> AuditEvent:
    return audit_record(actor=user, action=action, obj=user)
