import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jaring.conftest import make_sponsor, make_user
from jaring.core.roles import Role
from jaring.sponsors import services
from jaring.sponsors.models import Pledge

TODAY = datetime.date(2026, 11, 24)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def fixed_today():
    """These tests run on a fixed day (the whole process's clock, through time-machine)."""
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))):
        yield TODAY


def pdf_file(name="bukti.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_pledge(user, sponsor, *, workers=100, months=12, start=datetime.date(2027, 1, 1), **extra) -> Pledge:
    extra.setdefault("fund_type", Pledge.FundType.CSR)
    return services.pledge_create(
        acting_user=user, sponsor=sponsor, workers=workers, months=months, start_month=start, **extra
    )


@pytest.fixture
def owner(users):
    return users["sponsor"]


@pytest.fixture
def sponsor(owner):
    sponsor = owner.sponsor_membership.sponsor
    sponsor.verified_at = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    sponsor.save()
    return sponsor


@pytest.fixture
def other_sponsor_user(db):
    return make_user(Role.SPONSOR, sponsor=make_sponsor("Yayasan Lain Uji"))


@pytest.fixture
def approved_pledge(users, owner, sponsor):
    """100 workers × 12 months from January 2027, approved with invoices every 3 months."""
    pledge = make_pledge(owner, sponsor, schedule=Pledge.Schedule.EVERY_3)
    services.pledge_submit(acting_user=owner, pledge=pledge)
    return services.pledge_approve(acting_user=users["operator"], pledge=pledge)
