import datetime
import itertools
import os
import zoneinfo

import pytest
from django.test import Client

from jaring.accounts.models import User
from jaring.core.roles import Role
from jaring.sponsors.models import Sponsor, SponsorMembership
from jaring.wilayah.models import Branch, Kelurahan

PASSWORD = "Sandi-Uji-Panjang-2026"
_counter = itertools.count(1)


def make_user(role, *, branch=None, kelurahan=None, sponsor=None, username=None, **extra) -> User:
    n = next(_counter)
    user = User(
        username=username or f"{role}-{n}",
        full_name=f"Pengguna {role} {n}",
        email=f"{role}{n}@contoh.go.id",
        role=role,
        branch=branch,
        kelurahan=kelurahan,
        **extra,
    )
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    if sponsor is not None:
        SponsorMembership.objects.create(user=user, sponsor=sponsor)
    return user


def make_sponsor(name=None, **extra) -> Sponsor:
    return Sponsor.objects.create(
        legal_name=name or f"PT Uji {next(_counter)}", type=extra.pop("type", Sponsor.Type.COMPANY), **extra
    )


TEST_TODAY = os.environ.get("JARING_TEST_TODAY", "").strip()


@pytest.fixture(autouse=True)
def _test_clock():
    """With ``JARING_TEST_TODAY=YYYY-MM-DD`` every test runs on that day (09:00 in Jakarta, the clock ticking).

    ``make test`` runs the tests marked ``dates`` this way on a month end, 31 December, 29 February 2028 and the
    first and last days of a PP 50/2025 discount period. time-machine moves the clock for the whole process:
    services, forms, templates, PDFs and the live server of the end-to-end tests alike.
    """
    if not TEST_TODAY:
        yield
        return
    import time_machine

    day = datetime.date.fromisoformat(TEST_TODAY)
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles and other cached counters start empty in every test."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def users(db):
    """One user per role; the officers are bound to Cilandak branch / Rawajati kelurahan."""
    sponsor = make_sponsor("PT Pemilik Uji")
    return {
        "admin": make_user(Role.ADMIN),
        "operator": make_user(Role.OPERATOR),
        "leadership": make_user(Role.LEADERSHIP),
        "sponsor": make_user(Role.SPONSOR, sponsor=sponsor),
        "branch": make_user(Role.BRANCH_OFFICER, branch=Branch.objects.get(slug="cilandak")),
        "kelurahan": make_user(Role.KELURAHAN_OFFICER, kelurahan=Kelurahan.objects.get(kode="31.74.08.1003")),
    }


@pytest.fixture
def client_for():
    def _client(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return _client


from jaring.e2e import browser, page  # noqa: E402, F401  (fixtures for end-to-end tests)
