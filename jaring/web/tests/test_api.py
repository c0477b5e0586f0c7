import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api_for(user):
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_api_refuses_callers_without_a_token():
    response = APIClient().get("/api/v1/kelurahan/")
    assert response.status_code == 401


def test_office_sees_all_65_kelurahan_and_a_kelurahan_officer_only_their_own(users):
    office = api_for(users["operator"]).get("/api/v1/kelurahan/?limit=100").json()
    assert office["count"] == 65
    own = api_for(users["kelurahan"]).get("/api/v1/kelurahan/").json()
    assert [row["nama"] for row in own["results"]] == ["Rawajati"]
    other = api_for(users["kelurahan"]).get("/api/v1/kelurahan/1/")
    assert other.status_code == 404 or other.json()["nama"] == "Rawajati"


def test_a_branch_officer_reads_only_their_branch_and_its_kecamatan(users):
    client = api_for(users["branch"])
    branches = client.get("/api/v1/cabang/").json()["results"]
    assert [b["slug"] for b in branches] == ["cilandak"]
    kecamatan = client.get("/api/v1/kecamatan/").json()["results"]
    assert {k["nama"] for k in kecamatan} == {"Pasar Minggu", "Cilandak", "Jagakarsa"}
    assert all(k["branch"]["slug"] == "cilandak" for k in kecamatan)


def test_kelurahan_lookup_through_the_api_accepts_messy_spellings(users):
    rows = api_for(users["sponsor"]).get("/api/v1/kelurahan/", {"q": "rawa jati"}).json()["results"]
    assert [(r["kode"], r["kecamatan_nama"]) for r in rows] == [("31.74.08.1003", "Pancoran")]
    assert api_for(users["sponsor"]).get("/api/v1/kelurahan/", {"q": "Menteng"}).json()["count"] == 0


def test_reference_endpoints_are_read_only(users):
    from jaring.wilayah.models import Kelurahan

    response = api_for(users["admin"]).post("/api/v1/kelurahan/", {"kode": "31.74.99.9999"})
    assert response.status_code in (403, 405)
    assert Kelurahan.objects.count() == 65


def test_me_tells_the_caller_their_role_and_binding(users):
    me = api_for(users["kelurahan"]).get("/api/v1/me/").json()
    assert me["role"] == "kelurahan_officer"
    assert me["kelurahan"] == "31.74.08.1003"


def test_token_is_obtained_with_username_and_password(users):
    from jaring.conftest import PASSWORD

    response = APIClient().post(
        "/api/v1/auth/token/", {"username": users["branch"].username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=users["branch"]).key


def test_the_token_page_creates_a_token_shown_once(users, client_for):
    client = client_for(users["operator"])
    response = client.post(reverse("accounts:api_token"))
    key = Token.objects.get(user=users["operator"]).key
    assert key in response.content.decode()
    assert key not in client.get(reverse("accounts:api_token")).content.decode()


def test_openapi_schema_and_its_documentation_page_are_served_without_a_cdn(users, client_for):
    client = client_for(users["operator"])
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "openapi: 3" in text
    assert "/api/v1/kelurahan/" in text
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn." not in docs and "unpkg" not in docs
