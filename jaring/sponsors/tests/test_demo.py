import pytest

from jaring.sponsors.models import Invitation, Invoice, Payment, Pledge
from jaring.sponsors.selectors import pledge_ledger
from jaring.web.demo import load_demo_data

pytestmark = pytest.mark.django_db


def test_demo_data_has_outreach_and_pledges_and_is_idempotent():
    load_demo_data()
    load_demo_data()
    assert Invitation.objects.count() == 7
    pledges = Pledge.objects.filter(sponsor__legal_name="PT Sarana Peduli Pekerja (demo)")
    assert sorted(pledges.values_list("status", flat=True)) == ["approved", "submitted"]
    approved = pledges.get(status="approved")
    ledger = pledge_ledger(approved)
    assert ledger.pledged == 20_160_000 and ledger.paid == 5_040_000 and ledger.invoiced == 20_160_000
    assert Invoice.objects.filter(status=Invoice.Status.PAID).count() == 1
    assert Payment.objects.count() == 1
