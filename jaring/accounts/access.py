"""Access helpers: every view and API endpoint asks these what a user may see.

- :func:`role_required` / :class:`RoleRequiredMixin` guard pages by role (403 with a message).
- :func:`scope_by_area` narrows a queryset to the user's kelurahan, branch area or nothing.
- ``<entity>_get_for_user`` helpers in each app's selectors return 404 for objects outside the scope, so a
  typed URL with someone else's id reveals nothing.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from .roles import CITYWIDE_READ_ROLES, Role


def has_role(user, *roles) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in roles)


def role_required(*roles):
    """Decorator for function views: anonymous users go to the login page, other roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)
        return wrapper

    return decorator


class RoleRequiredMixin:
    allowed_roles: frozenset = frozenset()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_role(request.user, *self.allowed_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HasRole(BasePermission):
    """DRF permission: the view lists ``allowed_roles``; read-only roles get safe methods only."""

    message = gettext_lazy("Peran Anda tidak diizinkan mengakses sumber ini.")

    def has_permission(self, request, view):
        roles = getattr(view, "allowed_roles", frozenset())
        if request.method in ("GET", "HEAD", "OPTIONS"):
            roles = roles | getattr(view, "read_roles", frozenset())
        return has_role(request.user, *roles)


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
        from jaring.wilayah.models import Kelurahan

        served = Kelurahan.objects.filter(kecamatan__service_area__branch_id=user.branch_id)
        return queryset.filter(**{lookup(kelurahan_path, "id__in"): list(served.values_list("id", flat=True))})
    if user.role == Role.BRANCH_OFFICER and kecamatan_path is not None:
        return queryset.filter(**{lookup(kecamatan_path, "service_area__branch_id"): user.branch_id})
    return queryset.none()


def get_in_scope(queryset: QuerySet, pk):
    """The object with ``pk`` from an already scoped queryset, or 404 (also for a malformed id)."""
    from django.http import Http404

    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404


def require_office(request) -> None:
    """For API actions that only the city office may take (approve, verify, ...): 403 with a message otherwise."""
    from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied

    from .roles import OFFICE_ROLES

    if not has_role(request.user, *OFFICE_ROLES):
        raise ApiPermissionDenied("Hanya administrator atau operator Sudin Nakertrans yang dapat melakukan ini.")
