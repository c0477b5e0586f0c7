from django.http import Http404

from jaring.accounts.access import has_role
from jaring.accounts.roles import CITYWIDE_READ_ROLES, Role

from .models import Sponsor


def sponsor_of_user(user) -> Sponsor | None:
    """The organisation a sponsor user acts for, or None."""
    if not has_role(user, Role.SPONSOR):
        return None
    membership = getattr(user, "sponsor_membership", None)
    return membership.sponsor if membership else None


def sponsors_for_user(user):
    """Sponsors the user may see: all for the city office and leadership, its own for a sponsor user."""
    if has_role(user, *CITYWIDE_READ_ROLES):
        return Sponsor.objects.all()
    if has_role(user, Role.SPONSOR):
        return Sponsor.objects.filter(memberships__user=user)
    return Sponsor.objects.none()


def sponsor_get_for_user(user, pk) -> Sponsor:
    try:
        return sponsors_for_user(user).get(pk=pk)
    except (Sponsor.DoesNotExist, ValueError, TypeError):
        raise Http404
