"""Loads the reference data idempotently. Used by the data migration and ``manage.py load_reference_data``."""

from . import reference


def load_reference_data(apps=None) -> dict[str, int]:
    """Create or update kecamatan, kelurahan and branches; create missing default service areas.

    Existing service areas are never overwritten: an administrator's choice stands.
    """
    if apps is None:
        from django.apps import apps as django_apps

        apps = django_apps
    Kecamatan = apps.get_model("wilayah", "Kecamatan")
    Kelurahan = apps.get_model("wilayah", "Kelurahan")
    Branch = apps.get_model("wilayah", "Branch")
    ServiceArea = apps.get_model("wilayah", "ServiceArea")

    kecamatan = {}
    for kode, nama in reference.KECAMATAN:
        kecamatan[kode], _ = Kecamatan.objects.update_or_create(kode=kode, defaults={"nama": nama})
    for kode, nama, kode_pos in reference.KELURAHAN:
        Kelurahan.objects.update_or_create(
            kode=kode,
            defaults={"nama": nama, "kode_pos": kode_pos, "kecamatan": kecamatan[kode[:8]]},
        )
    branches = {}
    for slug, nama in reference.BRANCHES:
        branches[slug], _ = Branch.objects.get_or_create(slug=slug, defaults={"nama": nama})
    created_areas = 0
    for kode, slug in reference.DEFAULT_SERVICE_AREAS.items():
        _, created = ServiceArea.objects.get_or_create(kecamatan=kecamatan[kode], defaults={"branch": branches[slug]})
        created_areas += int(created)
    return {
        "kecamatan": Kecamatan.objects.count(),
        "kelurahan": Kelurahan.objects.count(),
        "branches": Branch.objects.count(),
        "service_areas_created": created_areas,
    }
