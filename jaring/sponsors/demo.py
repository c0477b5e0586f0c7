"""Demo data for sponsors: rates, outreach, and pledges of the demo sponsor. Idempotent; called by web.demo."""

from __future__ import annotations

import datetime
import importlib

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from jaring.accounts.models import User
from jaring.lib import clock
from jaring.lib.dates import add_months, first_of_month
from jaring.wilayah.models import Kecamatan

from . import services
from .models import Contact, Invitation, Pledge, Rate, Sponsor

DEMO_SPONSOR = "PT Sarana Peduli Pekerja (demo)"
DEMO_NPWP = "01.312.166.0-091.000"
LETTER = "e-0012/SE/2025"
LETTER_DATE = datetime.date(2025, 8, 19)
DEMO_PDF = b"%PDF-1.4\n% bukti transfer demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# organisation, type, kecamatan code, status, days until the next follow-up (None: none), note
INVITATIONS = [
    (DEMO_SPONSOR, Sponsor.Type.COMPANY, "31.74.07", Invitation.Status.PLEDGED, None, "Komitmen 100 × 12 diterima."),
    (
        "Perumda Pasar Sejahtera (demo)",
        Sponsor.Type.BUMD,
        "31.74.04",
        Invitation.Status.FOLLOWED_UP,
        -2,
        "Menunggu keputusan direksi.",
    ),
    ("PT Logistik Selatan (demo)", Sponsor.Type.COMPANY, "31.74.06", Invitation.Status.INVITED, 0, ""),
    ("Yayasan Kasih Pekerja (demo)", Sponsor.Type.FOUNDATION, "31.74.09", Invitation.Status.INVITED, 7, ""),
    (
        "LAZ Amanah Kota (demo)",
        Sponsor.Type.ZAKAT,
        "31.74.09",
        Invitation.Status.FOLLOWED_UP,
        3,
        "Minta data mustahik per kelurahan.",
    ),
    (
        "CV Warung Berkah (demo)",
        Sponsor.Type.BUSINESS,
        "31.74.01",
        Invitation.Status.DECLINED,
        None,
        "Anggaran CSR tahun ini habis.",
    ),
    ("PT Gedung Kuningan (demo)", Sponsor.Type.COMPANY, "31.74.02", Invitation.Status.NO_RESPONSE, None, ""),
]


def _ensure_rates() -> None:
    if not Rate.objects.exists():
        importlib.import_module("jaring.sponsors.migrations.0003_seed_rates").seed(apps, None)


def load_sponsor_demo() -> None:
    _ensure_rates()
    operator = User.objects.get(username="operator")
    sponsor_user = User.objects.get(username="sponsor")
    sponsor = Sponsor.objects.get(legal_name=DEMO_SPONSOR)
    today = clock.today()
    if not sponsor.npwp:
        services.sponsor_update(acting_user=operator, sponsor=sponsor, npwp=DEMO_NPWP, address="Jl. Senopati No. 1")
    if not Contact.objects.filter(sponsor=sponsor).exists():
        services.contact_add(
            acting_user=operator,
            sponsor=sponsor,
            name="Sari Staf CSR",
            position="Staf CSR",
            phone="0812-3456-7890",
            email="sponsor@demo.jaring.local",
        )
    for name, kind, kecamatan, status, follow_up, note in INVITATIONS:
        if Invitation.objects.filter(organisation_name=name).exists():
            continue
        invitation = services.invitation_create(
            acting_user=operator,
            organisation_name=name,
            organisation_type=kind,
            kecamatan=Kecamatan.objects.get(kode=kecamatan),
            letter_number=LETTER,
            letter_date=LETTER_DATE,
        )
        services.invitation_update_status(
            acting_user=operator,
            invitation=invitation,
            status=status,
            next_follow_up=today + datetime.timedelta(days=follow_up) if follow_up is not None else None,
            note=note,
        )
    if Pledge.objects.filter(sponsor=sponsor).exists():
        return
    next_month = add_months(first_of_month(today), 1)
    # An approved pledge (100 × 12, invoiced every 3 months) whose first invoice is paid and verified.
    approved = services.pledge_create(
        acting_user=sponsor_user,
        sponsor=sponsor,
        fund_type=Pledge.FundType.CSR,
        workers=100,
        months=12,
        start_month=next_month,
        kecamatan=list(Kecamatan.objects.filter(kode__in=["31.74.07", "31.74.08"])),
        occupations="Pengemudi ojek, pedagang kaki lima",
        priority_note="Kepala keluarga perempuan",
        schedule=Pledge.Schedule.EVERY_3,
    )
    services.pledge_submit(acting_user=sponsor_user, pledge=approved)
    services.pledge_approve(acting_user=operator, pledge=approved)
    first = approved.invoices.order_by("period_start").first()
    payment = services.payment_record(
        acting_user=sponsor_user,
        invoice=first,
        paid_on=today,
        amount=first.amount,
        reference="DEMO-TRF-0001",
        proof=SimpleUploadedFile("bukti-demo.pdf", DEMO_PDF, content_type="application/pdf"),
    )
    services.payment_verify(acting_user=operator, payment=payment)
    # A submitted pledge (200 × 6) waiting for the office.
    submitted = services.pledge_create(
        acting_user=sponsor_user,
        sponsor=sponsor,
        fund_type=Pledge.FundType.CSR,
        sector="transport",
        workers=200,
        months=6,
        start_month=add_months(next_month, 2),
        occupations="Ojek pangkalan, kurir",
    )
    services.pledge_submit(acting_user=sponsor_user, pledge=submitted)
