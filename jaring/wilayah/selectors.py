from django.db.models import Count, Prefetch

from jaring.core.access import get_in_scope
from jaring.core.roles import Role
from jaring.wilayah.access import scope_by_area

from .models import Branch, Kecamatan, Kelurahan, ServiceArea

# Names of kecamatan, kelurahan and branches are public reference data for sponsors (pledge preferences).
PUBLIC_REFERENCE = frozenset({Role.SPONSOR})


def kecamatan_for_user(user):
    return scope_by_area(user, Kecamatan.objects.all(), kecamatan_path="", public_to=PUBLIC_REFERENCE)


def kelurahan_for_user(user):
    return scope_by_area(
        user, Kelurahan.objects.select_related("kecamatan"), kelurahan_path="", public_to=PUBLIC_REFERENCE
    )


def kelurahan_get_for_user(user, pk) -> Kelurahan:
    return get_in_scope(kelurahan_for_user(user).select_related("kecamatan__service_area__branch"), pk)


def branches_for_user(user):
    qs = Branch.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return qs.none()
    if user.role == Role.BRANCH_OFFICER:
        return qs.filter(pk=user.branch_id)
    if user.role == Role.KELURAHAN_OFFICER:
        return qs.filter(service_areas__kecamatan__kelurahan=user.kelurahan_id)
    return qs


def branch_get_for_user(user, pk) -> Branch:
    return get_in_scope(branches_for_user(user), pk)


def kecamatan_overview(user):
    """Kecamatan visible to the user, each with its kelurahan (scoped) and the branch serving it."""
    kelurahan = kelurahan_for_user(user).order_by("kode")
    return (
        kecamatan_for_user(user)
        .select_related("service_area__branch")
        .annotate(kelurahan_count=Count("kelurahan", distinct=True))
        .prefetch_related(Prefetch("kelurahan", queryset=kelurahan, to_attr="visible_kelurahan"))
        .order_by("kode")
    )


def service_areas():
    return ServiceArea.objects.select_related("kecamatan", "branch").order_by("kecamatan__kode")


def branch_areas(branch: Branch):
    return Kecamatan.objects.filter(service_area__branch=branch).prefetch_related("kelurahan").order_by("kode")


def reference_counts() -> dict[str, int]:
    return {
        "kecamatan": Kecamatan.objects.count(),
        "kelurahan": Kelurahan.objects.count(),
        "branches": Branch.objects.count(),
    }
