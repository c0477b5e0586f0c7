import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase

from jaring.sponsors import services
from jaring.sponsors.models import Invoice, Payment, Pledge
from jaring.sponsors.selectors import pledge_ledger

from .conftest import PNG_BYTES, pdf_file

pytestmark = pytest.mark.django_db
D = datetime.date


def first_invoice(pledge):
    return pledge.invoices.order_by("period_start").first()


PAID_ON = D(2026, 11, 20)


def record(user, invoice, *, amount=5_040_000, reference="TRF-001", proof=None, paid_on=PAID_ON):
    return services.payment_record(
        acting_user=user,
        invoice=invoice,
        paid_on=paid_on,
        amount=amount,
        reference=reference,
        proof=proof or pdf_file(),
    )


def test_a_payment_is_recorded_verified_and_the_invoice_becomes_paid(users, owner, approved_pledge):
    invoice = first_invoice(approved_pledge)
    payment = record(owner, invoice)
    assert payment.status == Payment.Status.RECORDED
    assert pledge_ledger(approved_pledge).pending == 5_040_000
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.payment_verify(acting_user=users["operator"], payment=payment)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    ledger = pledge_ledger(approved_pledge)
    assert (ledger.paid, ledger.outstanding, ledger.balance) == (5_040_000, 15_120_000, 5_040_000)
    assert "terverifikasi" in mail.outbox[-1].subject
    assert "lima juta empat puluh ribu rupiah" in mail.outbox[-1].body
    pledge = services.pledge_activate(acting_user=users["operator"], pledge=approved_pledge)
    assert pledge.status == Pledge.Status.ACTIVE


def test_partial_payments_leave_the_rest_due(users, owner, approved_pledge):
    invoice = first_invoice(approved_pledge)
    services.payment_verify(acting_user=users["operator"], payment=record(owner, invoice, amount=2_000_000))
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    with pytest.raises(ValidationError) as error:
        record(owner, invoice, amount=3_040_001, reference="TRF-002")
    assert error.value.message_dict["amount"] == ["Jumlah Rp 3.040.001 melebihi sisa tagihan Rp 3.040.000."]
    record(owner, invoice, amount=3_040_000, reference="TRF-002")


def test_a_payment_exceeding_what_is_due_is_refused_and_nothing_is_saved(owner, approved_pledge):
    with pytest.raises(ValidationError) as error:
        record(owner, first_invoice(approved_pledge), amount=5_040_001)
    assert "melebihi sisa tagihan Rp 5.040.000" in error.value.message_dict["amount"][0]
    assert not Payment.objects.exists()


def test_the_same_reference_cannot_be_recorded_twice(owner, approved_pledge):
    invoices = list(approved_pledge.invoices.order_by("period_start"))
    record(owner, invoices[0], reference="BCA 123456")
    with pytest.raises(ValidationError) as error:
        record(owner, invoices[1], reference="bca  123456")
    assert "sudah pernah dicatat" in error.value.message_dict["reference"][0]
    assert Payment.objects.count() == 1


def test_a_proof_larger_than_5_mb_is_refused(owner, approved_pledge):
    big = pdf_file(content=b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        record(owner, first_invoice(approved_pledge), proof=big)
    assert "terlalu besar" in error.value.message_dict["proof"][0]
    assert "Maksimal 5 MB" in error.value.message_dict["proof"][0]
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bukti.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),  # declared PDF, bytes say otherwise
        ("bukti.png", PNG_BYTES, "image/gif"),  # real image bytes, type not accepted
        ("bukti.docx", b"PK\x03\x04 word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_a_proof_that_is_not_a_pdf_or_image_is_refused(owner, approved_pledge, name, content, content_type):
    with pytest.raises(ValidationError) as error:
        record(owner, first_invoice(approved_pledge), proof=pdf_file(name, content, content_type))
    assert "harus PDF, JPG atau PNG" in error.value.message_dict["proof"][0]
    assert not Payment.objects.exists()


def test_png_and_jpeg_proofs_are_accepted(owner, approved_pledge):
    invoice = first_invoice(approved_pledge)
    record(owner, invoice, amount=1, reference="A", proof=pdf_file("a.png", PNG_BYTES, "image/png"))
    record(owner, invoice, amount=1, reference="B", proof=pdf_file("b.jpg", b"\xff\xd8\xff\xe0JFIF", "image/jpeg"))
    assert Payment.objects.count() == 2


def test_another_sponsor_cannot_record_a_payment(other_sponsor_user, approved_pledge):
    with pytest.raises(ValidationError):
        record(other_sponsor_user, first_invoice(approved_pledge))


def test_only_the_office_verifies(owner, approved_pledge):
    payment = record(owner, first_invoice(approved_pledge))
    with pytest.raises(ValidationError):
        services.payment_verify(acting_user=owner, payment=payment)


def test_a_rejected_payment_frees_the_amount_again(users, owner, approved_pledge):
    invoice = first_invoice(approved_pledge)
    payment = record(owner, invoice)
    services.payment_reject(acting_user=users["operator"], payment=payment, reason="Bukti tidak terbaca")
    record(owner, invoice, reference="TRF-ULANG")
    assert Payment.objects.filter(status=Payment.Status.RECORDED).count() == 1


def test_a_future_payment_date_is_refused(owner, approved_pledge):
    with pytest.raises(ValidationError) as error:
        record(owner, first_invoice(approved_pledge), paid_on=D(2026, 12, 1))
    assert "paid_on" in error.value.message_dict


def test_a_proof_is_stored_under_a_name_matching_its_content_not_the_uploaders(owner, approved_pledge, client_for):
    from django.urls import reverse

    sneaky = pdf_file("halaman.html", b"%PDF-1.4\n<script>alert(1)</script>", "application/pdf")
    payment = record(owner, first_invoice(approved_pledge), proof=sneaky)
    assert payment.proof.name.endswith(".pdf") and "halaman" not in payment.proof.name
    response = client_for(owner).get(reverse("sponsors:payment_proof", args=[payment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
