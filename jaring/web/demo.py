"""The demo data set: one login per role and the organisations they are bound to.

Idempotent: running it again keeps what exists. Each capability adds its own demo data here.
"""

from django.db import transaction

from jaring.accounts.models import User
from jaring.core.roles import Role
from jaring.coverage.demo import load_coverage_demo
from jaring.lib import clock
from jaring.registry.demo import load_registry_demo
from jaring.sponsors.demo import load_sponsor_demo
from jaring.sponsors.models import Sponsor, SponsorMembership
from jaring.wilayah.loader import load_reference_data
from jaring.wilayah.models import Branch, Kecamatan, Kelurahan

DEMO_PASSWORD = "Jaring-Demo-2026"

DEMO_USERS = [
    # username, full name, role, binding
    ("admin", "Rina Admin Sudin", Role.ADMIN, None),
    ("operator", "Budi Operator Sudin", Role.OPERATOR, None),
    ("pimpinan", "Kepala Sudin Nakertrans", Role.LEADERSHIP, None),
    ("sponsor", "Sari Staf CSR", Role.SPONSOR, None),
    ("bpjs.cilandak", "Agus Petugas BPJS Cilandak", Role.BRANCH_OFFICER, "cilandak"),
    ("kel.rawajati", "Dewi Petugas Rawajati", Role.KELURAHAN_OFFICER, "31.74.08.1003"),
]

DEMO_SPONSORS = [
    ("PT Sarana Peduli Pekerja (demo)", Sponsor.Type.COMPANY, "31.74.07", True),
    ("Perumda Pasar Sejahtera (demo)", Sponsor.Type.BUMD, "31.74.04", True),
    ("LAZ Amanah Kota (demo)", Sponsor.Type.ZAKAT, "31.74.09", False),
]


@transaction.atomic
def load_demo_data() -> list[tuple[str, str, str]]:
    """Create the demo set; return (username, password, role label) for each demo login."""
    load_reference_data()
    sponsors = {}
    for name, kind, kecamatan, verified in DEMO_SPONSORS:
        sponsors[name], _ = Sponsor.objects.get_or_create(
            legal_name=name,
            defaults={
                "type": kind,
                "kecamatan": Kecamatan.objects.get(kode=kecamatan),
                "address": "Jakarta Selatan",
                "verified_at": clock.now() if verified else None,
            },
        )
    logins = []
    for username, full_name, role, binding in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name, role=role, email=f"{username}@demo.jaring.local")
            if role == Role.BRANCH_OFFICER:
                user.branch = Branch.objects.get(slug=binding)
            if role == Role.KELURAHAN_OFFICER:
                user.kelurahan = Kelurahan.objects.get(kode=binding)
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
        if role == Role.SPONSOR:
            SponsorMembership.objects.get_or_create(
                user=user, defaults={"sponsor": sponsors[DEMO_SPONSORS[0][0]], "position": "Staf CSR"}
            )
        logins.append((username, DEMO_PASSWORD, user.get_role_display()))
    load_sponsor_demo()
    load_registry_demo()
    load_coverage_demo()
    return logins
