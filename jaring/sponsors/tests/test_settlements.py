"""Money left when coverage ends is refunded or carried over, never more than the balance."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jaring.core.models import AuditEvent
from jaring.sponsors import services
from jaring.sponsors.models import Settlement
from jaring.sponsors.selectors import pledge_ledger

from .conftest import make_pledge, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_then_cancelled(users, owner, approved_pledge):
    invoice = approved_pledge.invoices.order_by("period_start").first()
    payment = services.payment_record(
        acting_user=owner,
        invoice=invoice,
        paid_on=datetime.date(2026, 11, 20),
        amount=invoice.amount,
        reference="TRF-S1",
        proof=pdf_file(),
    )
    services.payment_verify(acting_user=users["operator"], payment=payment)
    return services.pledge_cancel(acting_user=users["operator"], pledge=approved_pledge, reason="Anggaran dialihkan")


def test_cancelled_pledge_keeps_paid_money_as_balance_and_refuses_new_payments(paid_then_cancelled, owner):
    assert pledge_ledger(paid_then_cancelled).balance == 5_040_000
    invoice = paid_then_cancelled.invoices.order_by("period_start")[1]
    with pytest.raises(ValidationError):
        services.payment_record(
            acting_user=owner,
            invoice=invoice,
            paid_on=datetime.date(2026, 11, 20),
            amount=1,
            reference="TRF-S2",
            proof=pdf_file(),
        )


def test_refund_reduces_the_balance_and_cannot_exceed_it(paid_then_cancelled, users):
    operator = users["operator"]
    with pytest.raises(ValidationError) as error:
        services.settlement_record(
            acting_user=operator, pledge=paid_then_cancelled, kind=Settlement.Kind.REFUND, amount=5_040_001
        )
    assert "melebihi saldo Rp 5.040.000" in error.value.message_dict["amount"][0]
    services.settlement_record(
        acting_user=operator, pledge=paid_then_cancelled, kind=Settlement.Kind.REFUND, amount=40_000, reference="RF-1"
    )
    ledger = pledge_ledger(paid_then_cancelled)
    assert (ledger.refunded, ledger.balance) == (40_000, 5_000_000)
    assert AuditEvent.objects.filter(object_type="sponsors.Settlement").count() == 1


def test_carry_over_moves_the_balance_to_another_running_pledge_of_the_same_sponsor(
    paid_then_cancelled, users, owner, sponsor, other_sponsor_user
):
    operator = users["operator"]
    target = make_pledge(owner, sponsor, workers=200, months=6)
    with pytest.raises(ValidationError) as error:  # a draft cannot receive money
        services.settlement_record(
            acting_user=operator, pledge=paid_then_cancelled, kind="carry_over", amount=1, target_pledge=target
        )
    assert "target_pledge" in error.value.message_dict
    services.pledge_approve(acting_user=operator, pledge=services.pledge_submit(acting_user=owner, pledge=target))
    services.settlement_record(
        acting_user=operator, pledge=paid_then_cancelled, kind="carry_over", amount=5_040_000, target_pledge=target
    )
    assert pledge_ledger(paid_then_cancelled).balance == 0
    assert pledge_ledger(target).balance == 5_040_000
    assert pledge_ledger(target).carried_in == 5_040_000


def test_a_running_pledge_cannot_be_settled(users, approved_pledge):
    with pytest.raises(ValidationError):
        services.settlement_record(acting_user=users["operator"], pledge=approved_pledge, kind="refund", amount=1)


def test_only_the_office_settles(paid_then_cancelled, owner, client_for):
    with pytest.raises(ValidationError):
        services.settlement_record(acting_user=owner, pledge=paid_then_cancelled, kind="refund", amount=1)
    url = reverse("sponsors:pledge_settle", args=[paid_then_cancelled.pk])
    assert client_for(owner).post(url, {"kind": "refund", "amount": "1", "date": "2026-11-24"}).status_code == 403


def test_operator_refunds_from_the_pledge_page(paid_then_cancelled, users, owner, client_for):
    client = client_for(users["operator"])
    page = client.get(reverse("sponsors:pledge_detail", args=[paid_then_cancelled.pk])).content.decode()
    assert "Selesaikan saldo" in page and "saldo Rp 5.040.000" in page
    response = client.post(
        reverse("sponsors:pledge_settle", args=[paid_then_cancelled.pk]),
        {"kind": "refund", "amount": "5040000", "date": "2026-11-24", "reference": "RF-9"},
        follow=True,
    )
    assert "Penyelesaian saldo dicatat." in response.content.decode()
    owner_page = (
        client_for(owner).get(reverse("sponsors:pledge_detail", args=[paid_then_cancelled.pk])).content.decode()
    )
    assert "dikembalikan ke pemberi dana" in owner_page and "Selesaikan saldo" not in owner_page
    assert pledge_ledger(paid_then_cancelled).balance == 0
