"""The demo data set gains a screening and an approved allocation of the demo sponsor's pledge, idempotently."""

import pytest

from jaring.coverage.demo import DEMO_SPONSOR, load_coverage_demo
from jaring.coverage.models import Allocation, Coverage, Screening
from jaring.web.demo import load_demo_data

pytestmark = pytest.mark.django_db


def test_coverage_demo_is_idempotent_and_allocates_the_demo_pledge():
    load_demo_data()
    load_demo_data()
    assert Screening.objects.count() == 1 and Screening.objects.get().eligible > 0
    allocation = Allocation.objects.get(pledge__sponsor__legal_name=DEMO_SPONSOR)
    assert allocation.status == "approved" and allocation.proposed_count > 0
    assert allocation.proposed_count + allocation.missing == allocation.pledge.workers
    assert Coverage.objects.filter(allocation=allocation, status="approved").count() == allocation.proposed_count


def test_coverage_demo_creates_nothing_without_workers():
    load_coverage_demo()
    assert not Screening.objects.exists() and not Allocation.objects.exists()
