"""Registry pages and API as the owner, other roles and outsiders; masking; personal-data logging."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jaring.core.models import AuditEvent
from jaring.registry.models import ImportBatch, Verification, Worker, WorkerChange
from jaring.wilayah.models import Kelurahan

pytestmark = pytest.mark.django_db

ALL = ["admin", "operator", "leadership", "sponsor", "branch", "kelurahan"]


def make_worker(nik, kelurahan_name="Rawajati", **extra) -> Worker:
    return Worker.objects.create(
        nik=nik,
        name=extra.pop("name", f"PEKERJA {nik[-4:]}"),
        kelurahan=Kelurahan.objects.get(nama=kelurahan_name),
        **extra,
    )


@pytest.fixture
def workers(db):
    return {
        "rawajati": make_worker("3174084506850001", name="SITI AMINAH", p3ke_decile=1, occupation="PEDAGANG"),
        "lebak_bulus": make_worker("3174061208790002", "Lebak Bulus", name="BUDI SANTOSO", p3ke_decile=3),
        "tebet": make_worker("3174010101900003", "Tebet Timur", name="RUDI HARTONO", dtsen_decile=2),
    }


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_registry_pages_open_for_their_roles_only(users, client_for, workers):
    pages = {
        reverse("registry:worker_list"): ["admin", "operator", "leadership", "branch", "kelurahan"],
        reverse("registry:worker_create"): ["admin", "operator", "kelurahan"],
        reverse("registry:import_list"): ["admin", "operator"],
        reverse("registry:duplicate_list"): ["admin", "operator"],
        reverse("registry:worker_export"): ["admin", "operator"],
    }
    for url, roles in pages.items():
        for key in ALL:
            status = client_for(users[key]).get(url).status_code
            assert status == (200 if key in roles else 403), (url, key, status)
        assert client_for(None).get(url).status_code == 302


def test_each_officer_sees_only_workers_of_their_area(users, client_for, workers):
    kel = client_for(users["kelurahan"])  # Rawajati
    page = kel.get(reverse("registry:worker_list")).content.decode()
    assert "SITI AMINAH" in page and "BUDI SANTOSO" not in page and "RUDI HARTONO" not in page
    assert kel.get(reverse("registry:worker_detail", args=[workers["rawajati"].pk])).status_code == 200
    assert kel.get(reverse("registry:worker_detail", args=[workers["tebet"].pk])).status_code == 404

    branch = client_for(users["branch"])  # Cilandak branch serves Lebak Bulus, not Rawajati
    assert branch.get(reverse("registry:worker_detail", args=[workers["lebak_bulus"].pk])).status_code == 200
    assert branch.get(reverse("registry:worker_detail", args=[workers["rawajati"].pk])).status_code == 404
    assert (
        client_for(users["sponsor"]).get(reverse("registry:worker_detail", args=[workers["tebet"].pk])).status_code
        == 403
    )


def test_personal_data_is_masked_for_leadership_and_branch_and_views_are_logged(users, client_for, workers):
    siti = workers["rawajati"]
    lead_page = client_for(users["leadership"]).get(reverse("registry:worker_detail", args=[siti.pk])).content.decode()
    assert "3174********0001" in lead_page and "3174084506850001" not in lead_page
    assert "S*** A*****" in lead_page and "SITI AMINAH" not in lead_page
    assert not AuditEvent.objects.filter(action="view_personal").exists()

    client_for(users["operator"]).get(reverse("registry:worker_detail", args=[siti.pk]))
    event = AuditEvent.objects.get(action="view_personal")
    assert (event.actor, event.object_type, event.object_id) == (users["operator"], "registry.Worker", str(siti.pk))


def test_worker_list_filters_and_nik_search(users, client_for, workers):
    client = client_for(users["operator"])
    by_nik = client.get(reverse("registry:worker_list"), {"q": "3174061208790002"}).content.decode()
    assert "BUDI SANTOSO" in by_nik and "SITI AMINAH" not in by_nik
    by_decile = client.get(reverse("registry:worker_list"), {"desil_p3ke": "1"}).content.decode()
    assert "SITI AMINAH" in by_decile and "BUDI SANTOSO" not in by_decile
    kecamatan = Kelurahan.objects.get(nama="Tebet Timur").kecamatan_id
    by_kecamatan = client.get(reverse("registry:worker_list"), {"kecamatan": kecamatan}).content.decode()
    assert "RUDI HARTONO" in by_kecamatan and "SITI AMINAH" not in by_kecamatan
    bad = client.get(reverse("registry:worker_list"), {"desil_dtsen": "99"})
    assert "Pilihan tidak tersedia." in bad.content.decode()


def test_worker_list_pages_by_nik_with_a_fixed_number_of_queries(users, client_for, django_assert_max_num_queries):
    for i in range(120):
        make_worker(f"31740845068{5 + i // 100}{i % 100:02d}1"[:16].ljust(16, "1"))
    client = client_for(users["leadership"])
    with django_assert_max_num_queries(8):
        first = client.get(reverse("registry:worker_list"))
    assert first.context["page"]["has_next"]
    second = client.get(reverse("registry:worker_list"), {"setelah": first.context["page"]["last"]})
    assert len(second.context["rows"]) == 50
    assert second.context["rows"][0]["worker"].nik > first.context["page"]["last"]


def test_kelurahan_officer_adds_a_worker_in_their_own_kelurahan_only(users, client_for):
    client = client_for(users["kelurahan"])
    form = {
        "nik": "3174085506850009",
        "name": "DEWI LESTARI",
        "kelurahan": "Rawa Jati",
        "birth_date": "15/06/1985",
        "sex": "P",
        "phone": "0812-3456-7890",
    }
    response = client.post(reverse("registry:worker_create"), form)
    assert response.status_code == 302
    worker = Worker.objects.get(nik="3174085506850009")
    assert worker.phone == "081234567890"
    assert worker.verification == Verification.UNVERIFIED
    assert WorkerChange.objects.get(worker=worker).kind == "created"

    other = client.post(reverse("registry:worker_create"), {**form, "nik": "3174085506850019", "kelurahan": "Bintaro"})
    assert "Anda hanya dapat menambah pekerja di Kelurahan Rawajati." in other.content.decode()
    assert not Worker.objects.filter(nik="3174085506850019").exists()


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("3.17408E+15", "rusak oleh Excel"),
        ("31740855068", "harus 16 angka"),
        ("9974085506850009", "Kode provinsi NIK"),
        ("3174083506850009", "Tanggal lahir di dalam NIK"),
    ],
)
def test_a_damaged_nik_on_the_form_gets_a_clear_message(users, client_for, nik, message):
    response = client_for(users["kelurahan"]).post(
        reverse("registry:worker_create"), {"nik": nik, "name": "X", "kelurahan": "Rawajati"}
    )
    assert message in response.content.decode()
    assert not Worker.objects.exists()


def test_a_birth_date_that_disagrees_with_the_nik_is_kept_but_flagged(users, client_for):
    client_for(users["operator"]).post(
        reverse("registry:worker_create"),
        {"nik": "3174085506850009", "name": "DEWI", "kelurahan": "Rawajati", "birth_date": "15/06/1986", "sex": "L"},
    )
    worker = Worker.objects.get()
    assert worker.verification == Verification.NEEDS_REVIEW
    assert "tidak sama dengan tanggal di NIK" in worker.review_reasons
    assert "Jenis kelamin tidak sesuai NIK" in worker.review_reasons


def test_a_double_submit_does_not_create_the_worker_twice(users, client_for):
    client = client_for(users["operator"])
    form = {"nik": "3174085506850009", "name": "DEWI", "kelurahan": "Rawajati"}
    client.post(reverse("registry:worker_create"), form)
    again = client.post(reverse("registry:worker_create"), form)
    assert "sudah terdaftar di registri" in again.content.decode()
    assert Worker.objects.count() == 1


def test_verification_by_the_kelurahan_officer_is_recorded(users, client_for, workers):
    siti = workers["rawajati"]
    client_for(users["kelurahan"]).post(reverse("registry:worker_verify", args=[siti.pk]), {"note": "cek KTP"})
    siti.refresh_from_db()
    assert (siti.verification, siti.verified_by) == (Verification.VERIFIED, users["kelurahan"])
    assert AuditEvent.objects.filter(action="transition", object_id=str(siti.pk)).exists()
    tebet = workers["tebet"]
    assert client_for(users["kelurahan"]).post(reverse("registry:worker_verify", args=[tebet.pk])).status_code == 404
    assert client_for(users["leadership"]).post(reverse("registry:worker_verify", args=[siti.pk])).status_code == 403


def test_upload_page_runs_the_import_as_a_job_and_shows_the_outcome(
    users, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jaring.registry.tests.test_import import p3ke_csv

    client = client_for(users["operator"])
    upload = SimpleUploadedFile("p3ke.csv", p3ke_csv(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):  # the job is enqueued on commit (immediate backend)
        response = client.post(reverse("registry:import_list"), {"source": "p3ke", "file": upload})
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("registry:import_detail", args=[batch.pk])
    assert batch.status == "done" and batch.task_id
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in page
    assert "rusak oleh Excel" in page
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'data-testid="created"' in partial
    download = client.get(reverse("registry:import_issues", args=[batch.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="export_personal", object_id=str(batch.pk)).exists()


def test_upload_of_a_file_of_the_wrong_type_is_refused(users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    response = client_for(users["operator"]).post(reverse("registry:import_list"), {"source": "p3ke", "file": upload})
    assert "Berkas harus CSV atau Excel" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_template_download_is_an_xlsx_with_a_text_nik_column(users, client_for):
    response = client_for(users["kelurahan"]).get(reverse("registry:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert workbook.sheet_names == ["Data", "Petunjuk"]
    rows = workbook.get_sheet_by_index(0).to_python()
    assert rows[0][0] == "nik" and rows[1][0] == "3174084506850001"  # kept as text, all 16 digits


def test_api_scopes_and_masks_workers_like_the_pages(users, workers):
    kel = api_for(users["kelurahan"]).get("/api/v1/pekerja/").json()
    assert [w["nik"] for w in kel["results"]] == ["3174084506850001"]
    lead = api_for(users["leadership"]).get("/api/v1/pekerja/").json()
    assert {w["nik"] for w in lead["results"]} == {"3174********0001", "3174********0002", "3174********0003"}
    assert all(w["masked"] for w in lead["results"])
    assert api_for(users["kelurahan"]).get(f"/api/v1/pekerja/{workers['tebet'].pk}/").status_code == 404
    assert api_for(users["sponsor"]).get("/api/v1/pekerja/").status_code == 403
    detail = api_for(users["leadership"]).get(f"/api/v1/pekerja/{workers['rawajati'].pk}/").json()
    assert detail["birth_date"] is None and detail["address"] == ""


def test_api_creates_and_verifies_workers_for_kelurahan_officers(users):
    client = api_for(users["kelurahan"])
    created = client.post("/api/v1/pekerja/", {"nik": "3174085506850009", "name": "DEWI", "kelurahan": "3174081003"})
    assert created.status_code == 201, created.content
    bad = client.post("/api/v1/pekerja/", {"nik": "3.17408E+15", "name": "DEWI", "kelurahan": "Rawajati"})
    assert bad.status_code == 400 and "rusak oleh Excel" in bad.json()["nik"][0]
    verified = client.post(f"/api/v1/pekerja/{created.json()['id']}/verify/")
    assert verified.json()["verification"] == "verified"
    assert api_for(users["leadership"]).post("/api/v1/pekerja/", {"nik": "3174085506850019"}).status_code == 403


def test_api_import_upload_status_and_issues(users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jaring.registry.tests.test_import import p3ke_csv

    client = api_for(users["operator"])
    response = client.post(
        "/api/v1/impor/", {"source": "p3ke", "file": SimpleUploadedFile("p3ke.csv", p3ke_csv())}, format="multipart"
    )
    assert response.status_code == 202, response.content
    batch_id = response.json()["id"]
    from jaring.registry.services import import_batch_run

    import_batch_run(batch_id=batch_id)
    status = client.get(f"/api/v1/impor/{batch_id}/").json()
    assert status["status"] == "done" and status["rejected_count"] == 10
    issues = client.get(f"/api/v1/impor/{batch_id}/issues/").json()
    assert issues[0]["row_number"] == 3 and issues[0]["original"]["nik"] == "3.17401E+15"
    assert api_for(users["kelurahan"]).get(f"/api/v1/impor/{batch_id}/").status_code == 403


def test_home_pages_count_the_workers_each_user_may_see(users, client_for, workers):
    def count(key):
        page = client_for(users[key]).get("/").content.decode()
        return page.split('data-testid="count-workers">')[1].split("<")[0]

    assert count("operator") == "3"
    assert count("kelurahan") == "1"  # Rawajati only
    assert count("branch") == "1"  # Lebak Bulus (Cilandak branch)
    assert 'data-testid="registry-summary"' not in client_for(users["sponsor"]).get("/").content.decode()


def test_operator_merges_a_likely_duplicate_and_the_decision_is_recorded(users, client_for):
    import datetime

    from jaring.registry.models import DuplicateCandidate, WorkerSource
    from jaring.registry.services import worker_create

    rawajati = Kelurahan.objects.get(nama="Rawajati")
    born = datetime.date(1985, 6, 15)
    first = worker_create(
        acting_user=users["operator"], nik="3174085506850009", name="DEWI", kelurahan=rawajati, birth_date=born
    )
    second = worker_create(
        acting_user=users["operator"], nik="3174085506850019", name="DEWI", kelurahan=rawajati, birth_date=born
    )
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.worker_a, candidate.worker_b, candidate.reason) == (first, second, "name_dob")
    client = client_for(users["operator"])
    assert "3174085506850019" in client.get(reverse("registry:duplicate_detail", args=[candidate.pk])).content.decode()
    response = client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]), {"decision": "merge_a", "note": "NIK salah ketik"}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    candidate.refresh_from_db()
    assert second.merged_into == first
    assert (candidate.decision, candidate.decided_by, candidate.note) == (
        "merged",
        users["operator"],
        "NIK salah ketik",
    )
    assert Worker.objects.filter(pk=second.pk).exists()  # never deleted
    assert WorkerSource.objects.filter(worker=first).count() == 1  # both were manual: the keeper keeps its own
    assert WorkerChange.objects.filter(worker=second, kind="merged").exists()
    # A second decision on the same pair is refused, and the merged worker leaves the default list.
    again = client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]), {"decision": "distinct"}, follow=True
    )
    assert "sudah diputuskan" in again.content.decode()
    assert "3174085506850019" not in client.get(reverse("registry:worker_list")).content.decode()


def test_marking_a_pair_distinct_keeps_both_workers(users, client_for):
    import datetime

    from jaring.registry.models import DuplicateCandidate
    from jaring.registry.services import worker_create

    bintaro = Kelurahan.objects.get(nama="Bintaro")
    for nik in ("3174100101800011", "3174100101800021"):
        worker_create(
            acting_user=users["operator"], nik=nik, name="ADI", kelurahan=bintaro, birth_date=datetime.date(1980, 1, 1)
        )
    candidate = DuplicateCandidate.objects.get()
    client_for(users["operator"]).post(
        reverse("registry:duplicate_detail", args=[candidate.pk]), {"decision": "distinct"}
    )
    candidate.refresh_from_db()
    assert candidate.decision == "distinct"
    assert not Worker.objects.filter(merged_into__isnull=False).exists()
    assert (
        client_for(users["kelurahan"]).get(reverse("registry:duplicate_detail", args=[candidate.pk])).status_code == 403
    )
