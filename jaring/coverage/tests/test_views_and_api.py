"""Every coverage page and endpoint as the owner, another sponsor (404), another role (403) and anonymous."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jaring.conftest import make_sponsor, make_user
from jaring.core.roles import Role
from jaring.coverage import services
from jaring.coverage.models import Coverage
from jaring.registry.nik import mask_nik
from jaring.sponsors.models import Sponsor

from .factories import make_pledge, make_worker

pytestmark = pytest.mark.django_db

ALL = ["admin", "operator", "leadership", "sponsor", "branch", "kelurahan"]
READ = ["admin", "operator", "leadership"]
AREA = ["admin", "operator", "leadership", "branch", "kelurahan"]


def api_for(user):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def world(users):
    own_sponsor = Sponsor.objects.get(legal_name="PT Pemilik Uji")
    rawajati = make_worker("Rawajati", name="SITI AMINAH", p3ke_decile=1)
    tebet = make_worker("Tebet Timur", name="RUDI HARTONO", p3ke_decile=2)
    pledge = make_pledge(own_sponsor, workers=2)
    allocation = services.allocation_propose(pledge=pledge, acting_user=users["operator"])
    services.allocation_approve(allocation=allocation, acting_user=users["operator"])
    other = make_sponsor("PT Lain")
    return {
        "pledge": pledge,
        "allocation": allocation,
        "rawajati": rawajati,
        "tebet": tebet,
        "coverage": Coverage.objects.get(worker=rawajati),
        "other_sponsor_user": make_user(Role.SPONSOR, sponsor=other),
        "other_pledge": make_pledge(other, workers=1),
    }


def test_pages_open_for_their_roles_only(users, client_for, world):
    pages = {
        reverse("coverage:home"): AREA,
        reverse("coverage:ruleset_list"): READ,
        reverse("coverage:screening_list"): READ,
        reverse("coverage:allocation_list"): READ,
        reverse("coverage:allocation_detail", args=[world["allocation"].pk]): READ,
        reverse("coverage:allocation_propose", args=[world["pledge"].pk]): ["admin", "operator"],
        reverse("coverage:coverage_replace", args=[world["coverage"].pk]): ["admin", "operator"],
        reverse("coverage:pledge_coverage", args=[world["pledge"].pk]): [*READ, "sponsor"],
        reverse("coverage:ending_list"): AREA,
        reverse("coverage:waiting_list"): AREA,
        reverse("coverage:simulator"): READ,
    }
    for url, roles in pages.items():
        for key in ALL:
            status = client_for(users[key]).get(url).status_code
            assert status == (200 if key in roles else 403), (url, key, status)
        assert client_for(None).get(url).status_code == 302, url


def test_the_sponsor_sees_what_its_pledge_protects_masked_and_another_sponsor_gets_404(users, client_for, world):
    url = reverse("coverage:pledge_coverage", args=[world["pledge"].pk])
    page = client_for(users["sponsor"]).get(url).content.decode()
    assert "S*** A*****" in page and mask_nik(world["rawajati"].nik) in page
    assert "SITI AMINAH" not in page and world["rawajati"].nik not in page
    assert "Rawajati" in page and "Tebet Timur" in page
    assert client_for(world["other_sponsor_user"]).get(url).status_code == 404
    detail = client_for(users["sponsor"]).get(reverse("sponsors:pledge_detail", args=[world["pledge"].pk]))
    text = detail.content.decode()
    assert 'data-testid="covered-workers">2<' in text and "S*** A*****" in text and "SITI AMINAH" not in text
    office = client_for(users["operator"]).get(url).content.decode()
    assert "SITI AMINAH" in office and "Desil termiskin 1" in office


def test_a_worker_page_explains_eligibility_within_the_officer_area(users, client_for, world):
    old = make_worker("Rawajati", name="TUA SEKALI", birth_date=world["rawajati"].birth_date.replace(year=1940))
    url = reverse("coverage:worker_eligibility", args=[old.pk])
    page = client_for(users["kelurahan"]).get(url).content.decode()
    assert "tidak memenuhi syarat" in page and "di atas batas 65" in page
    assert (
        client_for(users["kelurahan"]).get(reverse("coverage:worker_eligibility", args=[world["tebet"].pk])).status_code
        == 404
    )
    assert client_for(users["sponsor"]).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302
    link = client_for(users["operator"]).get(reverse("registry:worker_detail", args=[old.pk])).content.decode()
    assert url in link


def test_office_runs_a_screening_and_approves_a_proposal_through_the_pages(users, client_for, world):
    office = client_for(users["operator"])
    response = office.post(
        reverse("coverage:screening_list"), {"first_month": world["pledge"].start_month.isoformat(), "months": 12}
    )
    assert response.status_code == 302
    detail = office.get(response["Location"]).content.decode()
    assert "Belum dibiayai pemberi dana lain" in detail and "Rawajati" in detail
    workers_page = office.get(response["Location"] + "pekerja/?tampil=tidak-layak").content.decode()
    assert "SITI AMINAH" in workers_page and "Tidak lolos:" in workers_page
    assert client_for(users["leadership"]).post(reverse("coverage:screening_list"), {}).status_code == 403
    make_worker("Rawajati")
    pledge = make_pledge(workers=1)
    response = office.post(reverse("coverage:allocation_propose", args=[pledge.pk]), {"renewal_of": ""})
    assert response.status_code == 302
    allocation_url = response["Location"]
    assert client_for(users["leadership"]).post(allocation_url + "setujui/").status_code == 403
    office.post(allocation_url + "setujui/")
    assert Coverage.objects.filter(pledge=pledge, status="approved").count() == 1


def test_office_replaces_a_worker_through_the_page(users, client_for, world):
    spare = make_worker("Rawajati", p3ke_decile=3)
    url = reverse("coverage:coverage_replace", args=[world["coverage"].pk])
    response = client_for(users["operator"]).post(url, {"reason": "Ditolak BPJS", "from_month": ""})
    assert response.status_code == 302
    assert Coverage.objects.get(replaces=world["coverage"]).worker == spare


def test_admin_edits_rules_through_the_page(users, client_for):
    url = reverse("coverage:ruleset_list")
    data = {
        "name": "Aturan 2027", "age_min": 18, "age_max": 60, "excluded_occupations": "TIDAK BEKERJA\nPELAJAR",
        "p3ke_max_decile": 4, "count_dtks": "on", "dtsen_max_decile": 4, "zakat_p3ke_max_decile": 2,
        "zakat_dtsen_max_decile": 2, "note": "Batas usia 60",
    }  # fmt: skip
    assert client_for(users["operator"]).post(url, data).status_code == 403
    assert client_for(users["admin"]).post(url, data).status_code == 302
    page = client_for(users["leadership"]).get(url).content.decode()
    assert "Versi aktif: v2" in page and "Usia 18–60" in page


def test_simulator_and_waiting_list_pages(users, client_for, world):
    for _ in range(5):
        make_worker("Kalibata")
    page = client_for(users["operator"]).get(
        reverse("coverage:simulator"),
        {"amount": 3 * 201_600 + 5, "months": 12, "first_month": world["pledge"].start_month.isoformat(),
         "sector": "other", "fund_type": "csr"},
    ).content.decode()  # fmt: skip
    assert 'data-testid="sim-workers">3<' in page
    waiting = client_for(users["kelurahan"]).get(reverse("coverage:waiting_list")).content.decode()
    assert "Rawajati" in waiting and "Kalibata" not in waiting  # the officer sees only their kelurahan


# -- API ---------------------------------------------------------------------------------------------------------


def test_api_eligibility_with_reasons_scoped_like_the_pages(users, world):
    url = f"/api/v1/kelayakan/{world['rawajati'].pk}/"
    data = api_for(users["operator"]).get(url).json()
    assert data["eligible"] is False and "Sudah dibiayai pada periode ini" in data["reasons"][0]
    assert data["ruleset_version"] == 1 and len(data["rules"]) == 8
    assert api_for(users["kelurahan"]).get(url).status_code == 200
    assert api_for(users["kelurahan"]).get(f"/api/v1/kelayakan/{world['tebet'].pk}/").status_code == 404
    assert api_for(users["sponsor"]).get(url).status_code == 403
    assert api_for(None).get(url).status_code in (401, 403)
    masked = api_for(users["leadership"]).get(url).json()
    assert masked["nik"] == mask_nik(world["rawajati"].nik)


def test_api_coverages_masked_for_the_sponsor_and_404_for_another(users, world):
    own = api_for(users["sponsor"]).get("/api/v1/kepesertaan/").json()
    rows = own["results"] if isinstance(own, dict) else own
    assert {r["name"] for r in rows} == {"S*** A*****", "R*** H******"}
    assert all(r["worker"] is None and r["reasons"] == [] for r in rows)
    other = world["other_sponsor_user"]
    assert api_for(other).get(f"/api/v1/kepesertaan/{world['coverage'].pk}/").status_code == 404
    other_rows = api_for(other).get("/api/v1/kepesertaan/").json()
    assert (other_rows["results"] if isinstance(other_rows, dict) else other_rows) == []
    kel = api_for(users["kelurahan"]).get("/api/v1/kepesertaan/").json()
    assert [r["kelurahan"] for r in (kel["results"] if isinstance(kel, dict) else kel)] == ["Rawajati"]
    assert api_for(None).get("/api/v1/kepesertaan/").status_code in (401, 403)
    assert (
        api_for(users["sponsor"])
        .post(f"/api/v1/kepesertaan/{world['coverage'].pk}/replace/", {"reason": "x"})
        .status_code
        == 403
    )


def test_api_allocations_propose_approve_and_scope(users, world):
    make_worker("Rawajati")
    pledge = make_pledge(workers=2)
    office = api_for(users["operator"])
    created = office.post("/api/v1/alokasi/", {"pledge": pledge.pk}, format="json")
    assert created.status_code == 201 and created.json()["missing"] == 1
    assert "Kurang 1 pekerja" in created.json()["missing_message"]
    allocation_id = created.json()["id"]
    assert api_for(users["leadership"]).post(f"/api/v1/alokasi/{allocation_id}/approve/").status_code == 403
    assert office.post(f"/api/v1/alokasi/{allocation_id}/approve/").json()["status"] == "approved"
    assert api_for(users["sponsor"]).get(f"/api/v1/alokasi/{allocation_id}/").status_code == 404
    assert api_for(users["sponsor"]).get(f"/api/v1/alokasi/{world['allocation'].pk}/").status_code == 200
    assert api_for(users["sponsor"]).post("/api/v1/alokasi/", {"pledge": pledge.pk}).status_code == 403
    assert api_for(users["branch"]).get("/api/v1/alokasi/").status_code == 403
    assert api_for(None).get("/api/v1/alokasi/").status_code in (401, 403)


def test_api_waiting_list_and_simulator(users, world):
    make_worker("Rawajati", p3ke_decile=1)
    make_worker("Kalibata", p3ke_decile=2)
    waiting = api_for(users["operator"]).get("/api/v1/daftar-tunggu/").json()
    assert len(waiting["workers"]) == 2 and waiting["workers"][0]["decile"] == 1
    kel = api_for(users["kelurahan"]).get("/api/v1/daftar-tunggu/").json()
    assert [w["kelurahan"] for w in kel["workers"]] == [world["rawajati"].kelurahan_id]
    assert api_for(users["sponsor"]).get("/api/v1/daftar-tunggu/").status_code == 403
    body = {"amount": 10 * 201_600, "months": 12, "first_month": world["pledge"].start_month.isoformat()}
    result = api_for(users["leadership"]).post("/api/v1/simulasi/", body, format="json").json()
    assert (result["workers"], result["pool"], result["missing"]) == (2, 2, 8)
    assert api_for(users["sponsor"]).post("/api/v1/simulasi/", body, format="json").status_code == 403
    assert api_for(None).post("/api/v1/simulasi/", body, format="json").status_code in (401, 403)


def test_list_pages_run_a_fixed_number_of_queries(users, client_for, django_assert_max_num_queries):
    pledge = make_pledge(Sponsor.objects.get(legal_name="PT Pemilik Uji"), workers=30)
    for i in range(30):
        make_worker("Rawajati" if i % 2 else "Kalibata", p3ke_decile=1 + i % 4)
    allocation = services.allocation_propose(pledge=pledge, acting_user=users["operator"])
    pages = [
        (users["operator"], reverse("coverage:allocation_detail", args=[allocation.pk])),
        (users["sponsor"], reverse("coverage:pledge_coverage", args=[pledge.pk])),
        (users["sponsor"], reverse("sponsors:pledge_detail", args=[pledge.pk])),
        (users["operator"], reverse("coverage:waiting_list")),
    ]
    for user, url in pages:
        client = client_for(user)
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200
