"""The API answers like the pages: a sponsor's token sees only its own rows; others 404, other roles 403."""

import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jaring.sponsors import services
from jaring.sponsors.models import Payment, Pledge

from .conftest import pdf_file

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def world(users, owner, approved_pledge):
    invoice = approved_pledge.invoices.order_by("period_start").first()
    payment = services.payment_record(
        acting_user=owner,
        invoice=invoice,
        paid_on=datetime.date(2026, 11, 20),
        amount=1_000,
        reference="API-1",
        proof=pdf_file(),
    )
    return {"pledge": approved_pledge, "invoice": invoice, "payment": payment, "sponsor": approved_pledge.sponsor}


def detail_urls(w):
    return [
        f"/api/v1/pemberi-dana/{w['sponsor'].pk}/",
        f"/api/v1/komitmen/{w['pledge'].pk}/",
        f"/api/v1/tagihan/{w['invoice'].pk}/",
        f"/api/v1/pembayaran/{w['payment'].pk}/",
    ]


LISTS = ["/api/v1/pemberi-dana/", "/api/v1/komitmen/", "/api/v1/tagihan/", "/api/v1/pembayaran/"]


def test_owner_token_reads_its_own(world, owner):
    client = api(owner)
    for url in detail_urls(world):
        assert client.get(url).status_code == 200, url
    pledge = client.get(f"/api/v1/komitmen/{world['pledge'].pk}/").json()
    assert pledge["cost"] == 20_160_000
    assert pledge["ledger"]["invoiced"] == 20_160_000 and pledge["ledger"]["pending"] == 1_000
    assert [row["id"] for row in client.get("/api/v1/pemberi-dana/").json()["results"]] == [world["sponsor"].pk]


def test_another_sponsor_token_gets_not_found_and_empty_lists(world, other_sponsor_user):
    client = api(other_sponsor_user)
    for url in detail_urls(world):
        assert client.get(url).status_code == 404, url
    for url in LISTS[1:]:
        assert client.get(url).json()["count"] == 0, url
    assert client.post(f"/api/v1/komitmen/{world['pledge'].pk}/cancel/").status_code == 404
    assert client.post(f"/api/v1/pembayaran/{world['payment'].pk}/verify/").status_code == 404


@pytest.mark.parametrize("role", ["admin", "operator", "leadership"])
def test_office_and_leadership_read_everything(world, users, role):
    client = api(users[role])
    for url in detail_urls(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["branch", "kelurahan"])
def test_officers_are_refused(world, users, role):
    client = api(users[role])
    for url in LISTS + detail_urls(world):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_refused(world):
    for url in LISTS + detail_urls(world):
        assert api().get(url).status_code in (401, 403), url


def test_leadership_cannot_write(world, users):
    client = api(users["leadership"])
    assert client.post(f"/api/v1/pembayaran/{world['payment'].pk}/verify/").status_code == 403
    assert client.post("/api/v1/komitmen/", {}, format="json").status_code == 403


def test_sponsor_creates_and_submits_a_pledge_and_the_operator_approves(users, owner, sponsor):
    client = api(owner)
    response = client.post(
        "/api/v1/komitmen/",
        {"fund_type": "zakat", "workers": 200, "months": 6, "start_month": "2027-01-01", "kecamatan": ["31.74.08"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["cost"] == 20_160_000 and body["status"] == "draft" and body["kecamatan"] == ["31.74.08"]
    assert client.post(f"/api/v1/komitmen/{body['id']}/submit/").json()["status"] == "submitted"
    assert client.post(f"/api/v1/komitmen/{body['id']}/approve/").status_code == 403
    approved = api(users["operator"]).post(f"/api/v1/komitmen/{body['id']}/approve/")
    assert approved.json()["status"] == "approved"


def test_a_pledge_below_the_minimum_is_refused_with_the_message(owner, sponsor):
    response = api(owner).post(
        "/api/v1/komitmen/",
        {"fund_type": "csr", "workers": 10, "months": 1, "start_month": "2027-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "di bawah minimum Rp 20.160.000" in str(response.json())
    assert not Pledge.objects.exists()


def test_payment_upload_and_verification(world, users, owner, other_sponsor_user):
    client = api(owner)
    response = client.post(
        "/api/v1/pembayaran/",
        {
            "invoice": world["invoice"].pk,
            "paid_on": "2026-11-21",
            "amount": 2_000,
            "reference": "API-2",
            "proof": pdf_file(),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    duplicate = client.post(
        "/api/v1/pembayaran/",
        {
            "invoice": world["invoice"].pk,
            "paid_on": "2026-11-21",
            "amount": 2_000,
            "reference": "API-2",
            "proof": pdf_file(),
        },
        format="multipart",
    )
    assert duplicate.status_code == 400 and "sudah pernah dicatat" in str(duplicate.json()["reference"])
    assert client.post(f"/api/v1/pembayaran/{response.json()['id']}/verify/").status_code == 403
    verified = api(users["operator"]).post(f"/api/v1/pembayaran/{response.json()['id']}/verify/")
    assert verified.json()["status"] == "verified"
    # another sponsor cannot pay into someone else's invoice
    foreign = api(other_sponsor_user).post(
        "/api/v1/pembayaran/",
        {"invoice": world["invoice"].pk, "paid_on": "2026-11-21", "amount": 1, "reference": "X", "proof": pdf_file()},
        format="multipart",
    )
    assert foreign.status_code == 400
    assert Payment.objects.filter(reference="X").count() == 0


def test_schema_lists_the_sponsor_endpoints(users):
    response = api(users["admin"]).get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/komitmen/{id}/approve/" in response.content
