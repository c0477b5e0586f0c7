"""Every page as the owner sponsor, another sponsor (404), the office, other roles (403) and anonymous (login)."""

import datetime
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from jaring.core.models import AuditEvent
from jaring.sponsors import services
from jaring.sponsors.models import Invitation, Payment, Pledge, Rate

from .conftest import make_pledge, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users, owner, sponsor, approved_pledge, other_sponsor_user):
    """The owner's approved pledge with a verified and a recorded payment, a draft, and an invitation."""
    invoices = list(approved_pledge.invoices.order_by("period_start"))
    verified = services.payment_record(
        acting_user=owner,
        invoice=invoices[0],
        paid_on=datetime.date(2026, 11, 20),
        amount=invoices[0].amount,
        reference="TRF-LUNAS",
        proof=pdf_file(),
    )
    services.payment_verify(acting_user=users["operator"], payment=verified)
    recorded = services.payment_record(
        acting_user=owner,
        invoice=invoices[1],
        paid_on=datetime.date(2026, 11, 21),
        amount=1_000_000,
        reference="TRF-SEBAGIAN",
        proof=pdf_file(),
    )
    draft = make_pledge(owner, sponsor, workers=200, months=6)
    invitation = services.invitation_create(acting_user=users["operator"], organisation_name="PT Diundang")
    return {
        "pledge": approved_pledge,
        "draft": draft,
        "invoice": invoices[0],
        "verified": verified,
        "recorded": recorded,
        "invitation": invitation,
        "sponsor": sponsor,
    }


def owned_urls(w):
    return [
        reverse("sponsors:sponsor_detail", args=[w["sponsor"].pk]),
        reverse("sponsors:pledge_detail", args=[w["pledge"].pk]),
        reverse("sponsors:pledge_letter_pdf", args=[w["pledge"].pk]),
        reverse("sponsors:invoice_detail", args=[w["invoice"].pk]),
        reverse("sponsors:invoice_pdf", args=[w["invoice"].pk]),
        reverse("sponsors:payment_proof", args=[w["verified"].pk]),
        reverse("sponsors:payment_receipt_pdf", args=[w["verified"].pk]),
    ]


def status_of(client, url):
    return client.get(url).status_code


def test_owner_sponsor_opens_its_own_objects(world, owner, client_for):
    client = client_for(owner)
    for url in owned_urls(world) + [reverse("sponsors:pledge_edit", args=[world["draft"].pk])]:
        assert status_of(client, url) == 200, url


def test_another_sponsor_gets_not_found_for_every_object(world, other_sponsor_user, client_for):
    client = client_for(other_sponsor_user)
    for url in owned_urls(world) + [reverse("sponsors:pledge_edit", args=[world["draft"].pk])]:
        assert status_of(client, url) == 404, url


@pytest.mark.parametrize("role", ["admin", "operator", "leadership"])
def test_city_office_and_leadership_read_every_object(world, users, client_for, role):
    client = client_for(users[role])
    for url in owned_urls(world):
        assert status_of(client, url) == 200, url


@pytest.mark.parametrize("role", ["branch", "kelurahan"])
def test_officers_are_refused(world, users, client_for, role):
    client = client_for(users[role])
    for url in owned_urls(world) + [reverse(f"sponsors:{name}") for name in LIST_PAGES]:
        assert status_of(client, url) == 403, url


def test_anonymous_is_sent_to_login(world, client):
    for url in owned_urls(world) + [reverse(f"sponsors:{name}") for name in LIST_PAGES]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/masuk/"), url


LIST_PAGES = ["pledge_list", "invoice_list", "payment_list", "rate_list"]
OFFICE_PAGES = ["sponsor_list", "invitation_list", "invitation_create", "invitation_import"]


def test_lists_show_a_sponsor_only_its_own(world, users, other_sponsor_user, client_for):
    other_sponsor = other_sponsor_user.sponsor_membership.sponsor
    other_sponsor.verified_at = world["sponsor"].verified_at
    other_sponsor.save()
    other = make_pledge(other_sponsor_user, other_sponsor)
    client = client_for(world["pledge"].sponsor.memberships.get().user)
    body = client.get(reverse("sponsors:pledge_list")).content.decode()
    assert world["pledge"].number in body and other.number not in body
    assert "Yayasan Lain Uji" not in body
    assert world["invoice"].number in client.get(reverse("sponsors:invoice_list")).content.decode()
    assert "TRF-LUNAS" in client.get(reverse("sponsors:payment_list")).content.decode()
    other_client = client_for(other_sponsor_user)
    assert world["invoice"].number not in other_client.get(reverse("sponsors:invoice_list")).content.decode()
    assert "TRF-LUNAS" not in other_client.get(reverse("sponsors:payment_list")).content.decode()


def test_office_pages_refuse_sponsors(world, owner, users, client_for):
    for name in OFFICE_PAGES:
        assert status_of(client_for(owner), reverse(f"sponsors:{name}")) == 403, name
        assert status_of(client_for(users["operator"]), reverse(f"sponsors:{name}")) == 200, name
    invitation = reverse("sponsors:invitation_detail", args=[world["invitation"].pk])
    assert status_of(client_for(owner), invitation) == 403
    assert status_of(client_for(users["leadership"]), invitation) == 200
    assert status_of(client_for(users["leadership"]), reverse("sponsors:invitation_create")) == 403


def test_rate_page_is_read_by_all_programme_roles_and_edited_by_the_admin(world, users, owner, client_for):
    body = client_for(owner).get(reverse("sponsors:rate_list")).content.decode()
    assert "Rp 16.800" in body and "Rp 8.400" in body and "PP 50/2025" in body
    edit = reverse("sponsors:rate_edit", args=[Rate.objects.first().pk])
    assert status_of(client_for(users["admin"]), edit) == 200
    assert status_of(client_for(users["operator"]), edit) == 403
    assert status_of(client_for(owner), edit) == 403


def test_admin_switches_the_discount_setting(users, client_for):
    client = client_for(users["admin"])
    response = client.post(reverse("sponsors:rate_discount"), {"applies": "1"}, follow=True)
    assert "Potongan iuran kini berlaku" in response.content.decode()
    assert client_for(users["operator"]).post(reverse("sponsors:rate_discount"), {"applies": "0"}).status_code == 403


def test_leadership_cannot_act(world, users, client_for):
    client = client_for(users["leadership"])
    pledge = world["pledge"]
    assert client.post(reverse("sponsors:pledge_action", args=[pledge.pk, "jalankan"])).status_code == 403
    assert client.post(reverse("sponsors:payment_verify", args=[world["recorded"].pk])).status_code == 403
    assert client.post(reverse("sponsors:sponsor_verify", args=[world["sponsor"].pk])).status_code == 403


def test_sponsor_cannot_approve_or_verify(world, owner, client_for):
    client = client_for(owner)
    submitted = services.pledge_submit(acting_user=owner, pledge=world["draft"])
    assert client.post(reverse("sponsors:pledge_action", args=[submitted.pk, "setujui"])).status_code == 403
    assert client.post(reverse("sponsors:payment_verify", args=[world["recorded"].pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Pledge.Status.SUBMITTED


def test_another_sponsor_posting_to_someone_elses_objects_gets_not_found(world, other_sponsor_user, client_for):
    client = client_for(other_sponsor_user)
    assert client.post(reverse("sponsors:pledge_action", args=[world["draft"].pk, "ajukan"])).status_code == 404
    assert client.post(reverse("sponsors:pledge_action", args=[world["draft"].pk, "batalkan"])).status_code == 404
    assert client.post(reverse("sponsors:contact_add", args=[world["sponsor"].pk]), {"name": "X"}).status_code == 404
    response = client.post(
        reverse("sponsors:invoice_detail", args=[world["invoice"].pk]),
        {"paid_on": "2026-11-20", "amount": "1", "reference": "X", "proof": pdf_file()},
    )
    assert response.status_code == 404
    world["draft"].refresh_from_db()
    assert world["draft"].status == Pledge.Status.DRAFT


def test_sponsor_creates_a_pledge_from_a_preset_and_submits_it(sponsor, owner, users, client_for):
    client = client_for(owner)
    page = client.get(reverse("sponsors:pledge_create") + "?skema=200x6").content.decode()
    assert 'value="200"' in page and 'value="6"' in page
    response = client.post(
        reverse("sponsors:pledge_create"),
        {
            "fund_type": "csr",
            "sector": "other",
            "workers": "200",
            "months": "6",
            "start_month": "2027-01-01",
            "schedule": "0",
        },
    )
    pledge = Pledge.objects.get()
    assert response.status_code == 302 and response.url == reverse("sponsors:pledge_detail", args=[pledge.pk])
    body = client.get(response.url).content.decode()
    assert "Rp 20.160.000" in body and "dua puluh juta seratus enam puluh ribu rupiah" in body
    client.post(reverse("sponsors:pledge_action", args=[pledge.pk, "ajukan"]))
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED
    response = client_for(users["operator"]).post(reverse("sponsors:pledge_action", args=[pledge.pk, "setujui"]))
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.APPROVED and pledge.invoices.count() == 1


def test_a_pledge_below_the_minimum_shows_the_message_and_saves_nothing(sponsor, owner, client_for):
    response = client_for(owner).post(
        reverse("sponsors:pledge_create"),
        {
            "fund_type": "csr",
            "sector": "other",
            "workers": "10",
            "months": "12",
            "start_month": "2027-01-01",
            "schedule": "0",
        },
    )
    assert response.status_code == 200
    assert "di bawah minimum Rp 20.160.000" in response.content.decode()
    assert not Pledge.objects.exists()


def test_operator_returns_a_pledge_with_a_reason_shown_to_the_sponsor(world, owner, users, client_for):
    pledge = services.pledge_submit(acting_user=owner, pledge=world["draft"])
    client_for(users["operator"]).post(
        reverse("sponsors:pledge_action", args=[pledge.pk, "kembalikan"]), {"reason": "Pilih kecamatan."}
    )
    body = client_for(owner).get(reverse("sponsors:pledge_detail", args=[pledge.pk])).content.decode()
    assert "Pilih kecamatan." in body


def test_uploading_a_wrong_proof_in_the_browser_explains_and_saves_nothing(world, owner, client_for):
    before = Payment.objects.count()
    invoice = world["pledge"].invoices.order_by("period_start")[2]
    response = client_for(owner).post(
        reverse("sponsors:invoice_detail", args=[invoice.pk]),
        {
            "paid_on": "2026-11-20",
            "amount": "100",
            "reference": "TRF-EXE",
            "proof": pdf_file("bukti.pdf", b"MZ not really a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "harus PDF, JPG atau PNG" in response.content.decode()
    assert Payment.objects.count() == before


def test_an_overpayment_in_the_browser_is_refused(world, owner, client_for):
    invoice = world["pledge"].invoices.order_by("period_start")[2]
    response = client_for(owner).post(
        reverse("sponsors:invoice_detail", args=[invoice.pk]),
        {"paid_on": "2026-11-20", "amount": str(invoice.amount + 1), "reference": "TRF-LEBIH", "proof": pdf_file()},
    )
    assert "melebihi sisa tagihan" in response.content.decode()
    assert not Payment.objects.filter(reference="TRF-LEBIH").exists()


def test_operator_verifies_a_payment_from_the_list(world, users, client_for):
    client = client_for(users["operator"])
    response = client.post(reverse("sponsors:payment_verify", args=[world["recorded"].pk]), follow=True)
    assert "terverifikasi" in response.content.decode()
    world["recorded"].refresh_from_db()
    assert world["recorded"].status == Payment.Status.VERIFIED


def test_xlsx_export_holds_only_the_callers_rows(world, owner, other_sponsor_user, client_for):
    response = client_for(owner).get(reverse("sponsors:pledge_list") + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "Nomor"
    assert {row[0] for row in rows[1:]} == {world["pledge"].number, world["draft"].number}
    assert 20_160_000 in [row[6] for row in rows[1:]]
    empty = client_for(other_sponsor_user).get(reverse("sponsors:pledge_list") + "?format=xlsx")
    assert len(CalamineWorkbook.from_filelike(io.BytesIO(empty.content)).get_sheet_by_index(0).to_python()) == 1


def test_office_exports_sponsors_and_outreach(world, users, client_for):
    client = client_for(users["operator"])
    for name in ("sponsor_list", "invitation_list", "invoice_list", "payment_list"):
        response = client.get(reverse(f"sponsors:{name}") + "?format=xlsx")
        assert response.status_code == 200 and response.content[:2] == b"PK", name


def test_documents_carry_amounts_in_figures_and_words(world, owner, client_for):
    client = client_for(owner)
    letter = client.get(reverse("sponsors:pledge_letter_pdf", args=[world["pledge"].pk])).content
    assert letter.startswith(b"%PDF")
    assert b"Rp 20.160.000" in letter
    assert b"dua puluh juta seratus enam puluh ribu rupiah" in letter
    assert b"KOTA ADMINISTRASI JAKARTA SELATAN" in letter
    receipt = client.get(reverse("sponsors:payment_receipt_pdf", args=[world["verified"].pk])).content
    assert b"KUITANSI" in receipt and b"lima juta empat puluh ribu rupiah" in receipt
    invoice = client.get(reverse("sponsors:invoice_pdf", args=[world["invoice"].pk])).content
    assert world["invoice"].number.encode() in invoice and b"Januari 2027" in invoice


def test_certificate_only_for_a_completed_pledge(world, users, owner, client_for):
    pledge = world["pledge"]
    url = reverse("sponsors:pledge_certificate_pdf", args=[pledge.pk])
    assert client_for(owner).get(url).status_code == 404
    services.pledge_activate(acting_user=users["operator"], pledge=pledge)
    services.pledge_complete(acting_user=users["operator"], pledge=pledge)
    response = client_for(owner).get(url)
    assert response.status_code == 200 and b"PIAGAM PENGHARGAAN" in response.content


def test_sponsor_user_without_organisation_registers_it(client_for):
    from jaring.conftest import make_user
    from jaring.core.roles import Role

    user = make_user(Role.SPONSOR)
    client = client_for(user)
    assert client.get(reverse("sponsors:sponsor_mine")).url == reverse("sponsors:sponsor_register")
    response = client.post(
        reverse("sponsors:sponsor_register"),
        {"type": "yayasan", "legal_name": "Yayasan Baru", "npwp": "01.312.166.1-091.000"},
    )
    assert "angka pemeriksanya tidak cocok" in response.content.decode()
    response = client.post(
        reverse("sponsors:sponsor_register"),
        {"type": "yayasan", "legal_name": "Yayasan Baru", "npwp": "013121660091000", "phone": "081234567890"},
        follow=True,
    )
    assert "menunggu verifikasi" in response.content.decode()


def test_operator_moves_an_invitation_along_and_it_is_audited(world, users, client_for):
    invitation = world["invitation"]
    client_for(users["operator"]).post(
        reverse("sponsors:invitation_detail", args=[invitation.pk]),
        {"status": "followed_up", "next_follow_up": "2026-12-01", "note": "Sudah ditelepon", "note_date": "2026-11-23"},
    )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.FOLLOWED_UP
    assert invitation.notes.get().date == datetime.date(2026, 11, 23)
    assert AuditEvent.objects.filter(
        object_type="sponsors.Invitation", object_id=str(invitation.pk), action=AuditEvent.Action.TRANSITION
    ).exists()


def test_outreach_import_from_csv_reports_bad_rows_and_then_loads(users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(users["operator"])
    bad = (
        "nama_organisasi;jenis;kecamatan;telepon;nomor_surat;tanggal_surat\n"
        "PT A;perusahaan;Tebet;0812-3456-7890;e-1;19/08/2025\n"
        "PT B;BUMD;Kelapa Gading;;e-2;19/08/2025\n"
    )
    response = client.post(
        reverse("sponsors:invitation_import"), {"file": SimpleUploadedFile("undangan.csv", bad.encode("utf-8-sig"))}
    )
    assert "Kelapa Gading" in response.content.decode()
    assert not Invitation.objects.exists()
    good = bad.replace("Kelapa Gading", "Cilandak")
    response = client.post(
        reverse("sponsors:invitation_import"), {"file": SimpleUploadedFile("undangan.csv", good.encode("cp1252"))}
    )
    assert response.status_code == 302
    assert list(
        Invitation.objects.order_by("organisation_name").values_list("organisation_name", "kecamatan__nama")
    ) == [
        ("PT A", "Tebet"),
        ("PT B", "Cilandak"),
    ]
    assert Invitation.objects.get(organisation_name="PT B").organisation_type == "bumd"


@pytest.mark.parametrize("name", ["pledge_list", "invoice_list", "payment_list", "sponsor_list", "invitation_list"])
def test_list_pages_do_not_query_per_row(world, users, owner, sponsor, client_for, django_assert_max_num_queries, name):
    client = client_for(users["operator"])
    url = reverse(f"sponsors:{name}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        pledge = make_pledge(owner, sponsor, workers=100 + n)
        services.pledge_approve(
            acting_user=users["operator"], pledge=services.pledge_submit(acting_user=owner, pledge=pledge)
        )
        invoice = pledge.invoices.first()
        services.payment_record(
            acting_user=owner,
            invoice=invoice,
            paid_on=datetime.date(2026, 11, 20),
            amount=1,
            reference=f"Q{n}",
            proof=pdf_file(),
        )
        services.invitation_create(acting_user=users["operator"], organisation_name=f"PT Q{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_admin_edits_a_rate_through_the_form_and_new_pledges_follow_it(users, owner, sponsor, client_for):
    rate = Rate.objects.get(sector="other", is_discount=False)
    client = client_for(users["admin"])
    form = client.get(reverse("sponsors:rate_edit", args=[rate.pk])).content.decode()
    assert "PP 44/2015" in form
    response = client.post(
        reverse("sponsors:rate_edit", args=[rate.pk]),
        {
            "sector": "other",
            "valid_from": "2015-07-01",
            "valid_to": "",
            "jkk": "10000",
            "jkm": "7000",
            "applies_to_sponsor_paid": "on",
            "legal_basis": rate.legal_basis,
        },
    )
    assert response.status_code == 302
    assert "Rp 17.000" in client.get(reverse("sponsors:rate_list")).content.decode()
    assert AuditEvent.objects.filter(object_type="sponsors.Rate", object_id=str(rate.pk)).exists()
    assert make_pledge(owner, sponsor).cost == 100 * 12 * 17_000


def test_a_rate_starting_mid_month_is_refused(users, client_for):
    response = client_for(users["admin"]).post(
        reverse("sponsors:rate_create"),
        {"sector": "other", "valid_from": "2027-01-15", "jkk": "1", "jkm": "1", "legal_basis": "uji"},
    )
    assert "tanggal 1" in response.content.decode()
    assert not Rate.objects.filter(valid_from=datetime.date(2027, 1, 15)).exists()


def test_sponsor_edits_a_returned_pledge_and_resubmits(world, owner, users, client_for):
    pledge = services.pledge_submit(acting_user=owner, pledge=world["draft"])
    services.pledge_return(acting_user=users["operator"], pledge=pledge, reason="Tambah kelompok prioritas")
    client = client_for(owner)
    assert "Tambah kelompok prioritas" in client.get(reverse("sponsors:pledge_edit", args=[pledge.pk])).content.decode()
    response = client.post(
        reverse("sponsors:pledge_edit", args=[pledge.pk]),
        {
            "fund_type": "csr",
            "sector": "other",
            "workers": "150",
            "months": "9",
            "start_month": "2027-02-01",
            "schedule": "3",
            "priority_note": "Penyandang disabilitas",
        },
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.workers, pledge.months, pledge.cost, pledge.schedule) == (150, 9, 150 * 9 * 16_800, 3)
    client.post(reverse("sponsors:pledge_action", args=[pledge.pk, "ajukan"]))
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED and pledge.return_reason == ""


def test_an_approved_pledge_cannot_be_edited(world, owner, client_for):
    response = client_for(owner).get(reverse("sponsors:pledge_edit", args=[world["pledge"].pk]), follow=True)
    assert "hanya dapat diubah saat berstatus draf" in response.content.decode()


def test_operator_adds_an_invitation_and_a_bad_phone_is_explained(users, client_for):
    client = client_for(users["operator"])
    response = client.post(
        reverse("sponsors:invitation_create"), {"organisation_name": "PT Telepon Salah", "contact_phone": "123"}
    )
    assert "Nomor telepon tidak valid" in response.content.decode()
    assert not Invitation.objects.exists()
    response = client.post(
        reverse("sponsors:invitation_create"),
        {"organisation_name": "PT Telepon Benar", "contact_phone": "021-7890123", "letter_number": "e-0012/SE/2025"},
    )
    invitation = Invitation.objects.get()
    assert response.url == reverse("sponsors:invitation_detail", args=[invitation.pk])
    assert invitation.contact_phone == "+62217890123"


def test_operator_verifies_a_sponsor_from_its_page(users, client_for):
    from jaring.conftest import make_sponsor

    pending = make_sponsor("Yayasan Menunggu")
    client = client_for(users["operator"])
    assert "Verifikasi organisasi" in client.get(reverse("sponsors:sponsor_detail", args=[pending.pk])).content.decode()
    response = client.post(reverse("sponsors:sponsor_verify", args=[pending.pk]), follow=True)
    assert "telah diverifikasi" in response.content.decode()
    pending.refresh_from_db()
    assert pending.is_verified


def test_a_fully_paid_invoice_offers_no_payment_form(world, owner, users, client_for):
    client = client_for(owner)
    url = reverse("sponsors:invoice_detail", args=[world["invoice"].pk])
    assert "Catat pembayaran" not in client.get(url).content.decode()
    response = client.post(
        url, {"paid_on": "2026-11-20", "amount": "1", "reference": "LAGI", "proof": pdf_file()}, follow=True
    )
    assert "tidak menerima pembayaran lagi" in response.content.decode()
    assert not Payment.objects.filter(reference="LAGI").exists()
    assert client_for(users["leadership"]).post(url, {}).status_code == 403


def test_the_office_binds_a_second_account_to_an_organisation(world, users, owner, client_for):
    from jaring.conftest import make_user
    from jaring.core.roles import Role

    second = make_user(Role.SPONSOR)
    url = reverse("sponsors:membership_add", args=[world["sponsor"].pk])
    assert client_for(owner).post(url, {"user": second.pk}).status_code == 403
    response = client_for(users["operator"]).post(url, {"user": second.pk, "position": "Bendahara"}, follow=True)
    assert "Akun dihubungkan" in response.content.decode()
    assert client_for(second).get(reverse("sponsors:pledge_detail", args=[world["pledge"].pk])).status_code == 200
    response = client_for(users["operator"]).post(url, {"user": owner.pk}, follow=True)
    assert response.context["messages"] and world["sponsor"].memberships.count() == 2


def _every_sponsors_url(world):
    from jaring.sponsors import urls

    ids = {
        "sponsor_detail": world["sponsor"].pk,
        "sponsor_verify": world["sponsor"].pk,
        "contact_add": world["sponsor"].pk,
        "membership_add": world["sponsor"].pk,
        "invitation_detail": world["invitation"].pk,
        "rate_edit": Rate.objects.first().pk,
        "invoice_detail": world["invoice"].pk,
        "invoice_pdf": world["invoice"].pk,
        "payment_verify": world["recorded"].pk,
        "payment_proof": world["verified"].pk,
        "payment_receipt_pdf": world["verified"].pk,
    }
    for pattern in urls.urlpatterns:
        name = pattern.name
        if name == "sponsor_signup":
            continue
        if name == "pledge_action":
            yield name, reverse(f"sponsors:{name}", args=[world["pledge"].pk, "setujui"])
        elif "<int:pk>" in str(pattern.pattern):
            yield name, reverse(f"sponsors:{name}", args=[ids.get(name, world["pledge"].pk)])
        else:
            yield name, reverse(f"sponsors:{name}")


def test_every_sponsors_page_sends_anonymous_users_to_login(world, client):
    for name, url in _every_sponsors_url(world):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and response.url.startswith("/masuk/"), (name, method)


@pytest.mark.parametrize("role", ["branch", "kelurahan"])
def test_every_sponsors_page_refuses_officers(world, users, client_for, role):
    client = client_for(users[role])
    for name, url in _every_sponsors_url(world):
        assert client.get(url).status_code in (403, 405), name
        assert client.post(url).status_code == 403, name
