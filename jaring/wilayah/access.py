"""Scoping by geography: what a user's role lets them see of anything tied to a kelurahan or kecamatan."""

from __future__ import annotations

from django.db.models import QuerySet

from jaring.core.roles import CITYWIDE_READ_ROLES, Role

from .models import Kelurahan


def scope_by_area(
    user,
    queryset: QuerySet,
    *,
    kelurahan_path: str | None = None,
    kecamatan_path: str | None = None,
    public_to: frozenset = frozenset(),
) -> QuerySet:
    """Narrow ``queryset`` to what ``user`` may see by geography.

    ``kelurahan_path`` is the lookup from the queryset's model to its Kelurahan (``"kelurahan"``,
    ``"worker__kelurahan"``, or ``""`` for a Kelurahan queryset); ``kecamatan_path`` likewise to its
    Kecamatan. The city office and leadership see everything, a kelurahan officer their kelurahan, a branch
    officer the kecamatan their branch serves; roles in ``public_to`` see everything; anyone else nothing.
    """
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if user.role in CITYWIDE_READ_ROLES or user.role in public_to:
        return queryset
    if kecamatan_path is None and kelurahan_path is not None:
        kecamatan_path = f"{kelurahan_path}__kecamatan" if kelurahan_path else "kecamatan"

    def lookup(path: str, field: str) -> str:
        return f"{path}__{field}" if path else field

    if user.role == Role.KELURAHAN_OFFICER:
        if kelurahan_path is not None:
            return queryset.filter(**{lookup(kelurahan_path, "id"): user.kelurahan_id})
        return queryset.filter(**{lookup(kecamatan_path, "kelurahan__id"): user.kelurahan_id})
    if user.role == Role.BRANCH_OFFICER and kelurahan_path is not None:
        # Resolve the branch's kelurahan first: a short id list keeps index-ordered plans on large tables.
        served = Kelurahan.objects.filter(kecamatan__service_area__branch_id=user.branch_id)
        return queryset.filter(**{lookup(kelurahan_path, "id__in"): list(served.values_list("id", flat=True))})
    if user.role == Role.BRANCH_OFFICER and kecamatan_path is not None:
        return queryset.filter(**{lookup(kecamatan_path, "service_area__branch_id"): user.branch_id})
    return queryset.none()
