import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase

from jaring.core.models import AuditEvent
from jaring.sponsors import services
from jaring.sponsors.models import Invoice, Pledge
from jaring.sponsors.selectors import pledge_ledger

from .conftest import make_pledge

pytestmark = pytest.mark.django_db
D = datetime.date


def audit_trail(obj):
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", "after")
    )


@pytest.mark.parametrize(("workers", "months"), [(100, 12), (200, 6), (50, 24), (120, 10)])
def test_shapes_reaching_the_minimum_are_accepted(owner, sponsor, workers, months):
    pledge = make_pledge(owner, sponsor, workers=workers, months=months)
    assert pledge.standard_value >= 20_160_000
    assert pledge.cost == workers * months * 16_800


def test_a_pledge_below_the_minimum_is_refused_with_a_clear_message(owner, sponsor):
    with pytest.raises(ValidationError) as error:
        make_pledge(owner, sponsor, workers=99, months=12)
    assert "Rp 19.958.400 di bawah minimum Rp 20.160.000" in " ".join(error.value.messages)
    assert not Pledge.objects.exists()


def test_the_minimum_is_measured_at_the_standard_rate_even_when_a_discount_applies(users, owner, sponsor):
    services.rate_discount_setting_set(acting_user=users["admin"], applies=True)
    pledge = make_pledge(owner, sponsor, sector="transport", workers=100, months=12, start=D(2027, 1, 1))
    assert pledge.standard_value == 20_160_000
    assert pledge.cost == 100 * (3 * 8_400 + 9 * 16_800)


def test_a_start_month_in_the_past_is_refused(owner, sponsor):
    with pytest.raises(ValidationError) as error:
        make_pledge(owner, sponsor, start=D(2026, 10, 1))
    assert "Bulan mulai sudah lewat" in str(error.value)


def test_a_sponsor_cannot_pledge_for_another_organisation(other_sponsor_user, sponsor):
    with pytest.raises(ValidationError):
        make_pledge(other_sponsor_user, sponsor)


def test_lifecycle_submit_return_resubmit_approve_activate_complete_is_audited(users, owner, sponsor):
    operator = users["operator"]
    pledge = make_pledge(owner, sponsor)
    pledge = services.pledge_submit(acting_user=owner, pledge=pledge)
    assert pledge.status == Pledge.Status.SUBMITTED
    pledge = services.pledge_return(acting_user=operator, pledge=pledge, reason="Lengkapi kelompok prioritas.")
    assert pledge.return_reason == "Lengkapi kelompok prioritas."
    pledge = services.pledge_update(acting_user=owner, pledge=pledge, priority_note="Pengemudi ojek pangkalan")
    pledge = services.pledge_submit(acting_user=owner, pledge=pledge)
    pledge = services.pledge_approve(acting_user=operator, pledge=pledge)
    assert pledge.status == Pledge.Status.APPROVED
    statuses = [after.get("status") for action, after in audit_trail(pledge) if action == AuditEvent.Action.TRANSITION]
    assert statuses == ["submitted", "returned", "submitted", "approved"]
    with pytest.raises(ValidationError) as error:
        services.pledge_activate(acting_user=operator, pledge=pledge)
    assert "pembayaran yang terverifikasi" in str(error.value)


def test_sponsor_cannot_approve_its_own_pledge(owner, sponsor):
    pledge = services.pledge_submit(acting_user=owner, pledge=make_pledge(owner, sponsor))
    with pytest.raises(ValidationError):
        services.pledge_approve(acting_user=owner, pledge=pledge)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED


def test_an_invalid_transition_is_refused_and_not_audited(users, owner, sponsor):
    pledge = make_pledge(owner, sponsor)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.pledge_approve(acting_user=users["operator"], pledge=pledge)
    assert "draf" in str(error.value)
    assert AuditEvent.objects.count() == before


def test_approval_needs_a_verified_sponsor(users, owner):
    unverified = owner.sponsor_membership.sponsor
    pledge = services.pledge_submit(acting_user=owner, pledge=make_pledge(owner, unverified))
    with pytest.raises(ValidationError) as error:
        services.pledge_approve(acting_user=users["operator"], pledge=pledge)
    assert "Verifikasi organisasi" in str(error.value)


def test_return_needs_a_reason(users, owner, sponsor):
    pledge = services.pledge_submit(acting_user=owner, pledge=make_pledge(owner, sponsor))
    with pytest.raises(ValidationError):
        services.pledge_return(acting_user=users["operator"], pledge=pledge, reason="  ")


def test_approval_issues_invoices_on_the_schedule_adding_up_to_the_cost(approved_pledge):
    invoices = list(approved_pledge.invoices.order_by("period_start"))
    assert [inv.amount for inv in invoices] == [100 * 3 * 16_800] * 4
    assert sum(inv.amount for inv in invoices) == approved_pledge.cost == 20_160_000
    assert invoices[0].period_start == D(2027, 1, 1)
    assert invoices[-1].period_end == D(2027, 12, 31)
    assert invoices[0].due_date == D(2026, 12, 15)
    assert invoices[1].due_date == D(2027, 3, 15)
    assert len({inv.number for inv in invoices}) == 4
    ledger = pledge_ledger(approved_pledge)
    assert (ledger.pledged, ledger.invoiced, ledger.paid, ledger.used, ledger.balance) == (
        20_160_000,
        20_160_000,
        0,
        0,
        0,
    )


def test_upfront_schedule_issues_one_invoice(users, owner, sponsor):
    pledge = services.pledge_submit(acting_user=owner, pledge=make_pledge(owner, sponsor, workers=200, months=6))
    pledge = services.pledge_approve(acting_user=users["operator"], pledge=pledge)
    assert list(pledge.invoices.values_list("amount", flat=True)) == [20_160_000]


def test_invoices_for_a_discount_spanning_pledge_follow_the_table(users, owner, sponsor):
    services.rate_discount_setting_set(acting_user=users["admin"], applies=True)
    pledge = make_pledge(owner, sponsor, sector="transport", months=12, schedule=3)
    pledge = services.pledge_approve(
        acting_user=users["operator"], pledge=services.pledge_submit(acting_user=owner, pledge=pledge)
    )
    assert list(pledge.invoices.order_by("period_start").values_list("amount", flat=True)) == [
        100 * 3 * 8_400,
        100 * 3 * 16_800,
        100 * 3 * 16_800,
        100 * 3 * 16_800,
    ]


def test_emails_go_out_on_submission_approval_and_return(users, owner, sponsor):
    pledge = make_pledge(owner, sponsor)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.pledge_submit(acting_user=owner, pledge=pledge)
    assert "diajukan" in mail.outbox[-1].subject
    assert users["operator"].email in mail.outbox[-1].to
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.pledge_return(acting_user=users["operator"], pledge=pledge, reason="Kurang lengkap")
    assert "dikembalikan" in mail.outbox[-1].subject
    assert owner.email in mail.outbox[-1].to
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.pledge_submit(acting_user=owner, pledge=pledge)
        services.pledge_approve(acting_user=users["operator"], pledge=pledge)
    subjects = [m.subject for m in mail.outbox]
    assert any("disetujui" in s for s in subjects)
    assert any(s.startswith("Tagihan komitmen") for s in subjects)


def test_cancel_cancels_unpaid_invoices(users, approved_pledge):
    services.pledge_cancel(acting_user=users["operator"], pledge=approved_pledge, reason="Anggaran dialihkan")
    assert set(approved_pledge.invoices.values_list("status", flat=True)) == {Invoice.Status.CANCELLED}
    assert pledge_ledger(approved_pledge).invoiced == 0


def test_sponsor_may_cancel_a_draft_but_not_an_approved_pledge(owner, sponsor, approved_pledge):
    draft = make_pledge(owner, sponsor)
    assert services.pledge_cancel(acting_user=owner, pledge=draft).status == Pledge.Status.CANCELLED
    with pytest.raises(ValidationError):
        services.pledge_cancel(acting_user=owner, pledge=approved_pledge)
