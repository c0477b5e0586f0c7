"""Access helpers: every view and API endpoint asks these what a user may see.

- :func:`role_required` / :class:`RoleRequiredMixin` guard pages by role (403 with a message).
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
