"""The registry in a real Chromium: upload an import, read its outcome, filter the list, add a worker."""

import datetime

import pytest
from django.utils import timezone

from jaring.e2e import screenshot
from jaring.registry.models import ImportBatch, Worker
from jaring.registry.samples import write_csv
from jaring.registry.services import import_files_purge
from jaring.web.demo import DEMO_PASSWORD, load_demo_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.form button[type=submit]")


def test_operator_uploads_a_p3ke_file_and_reads_each_outcome(page, live_server, tmp_path):
    load_demo_data()
    path = tmp_path / "p3ke-kecil.csv"
    expected = write_csv(path, 400, seed=11, defect_rate=0.1)
    rejected = sum(1 for e in expected if e.outcome == "rejected")
    login(page, live_server, "operator")
    page.goto(f"{live_server.url}/registri/impor/")
    page.select_option("#id_source", "p3ke")
    page.set_input_files("#id_file", str(path))
    page.click("form.form button[type=submit]")
    page.wait_for_selector("[data-testid=import-status][data-status=done]")
    assert page.locator("[data-testid=rejected]").inner_text() == str(rejected)
    assert page.locator("[data-testid=total]").inner_text() == "400"
    assert "rusak oleh Excel" in page.content() or "harus 16 angka" in page.content()
    screenshot(page, "registry-import-done")

    # After the retention period the original file goes; the page says so and keeps the outcome.
    detail = page.url
    import_files_purge(older_than_days=90, now=timezone.now() + datetime.timedelta(days=91))
    page.goto(detail)
    assert "Berkas asli dihapus pada" in page.locator("[data-testid=file-purged]").inner_text()
    assert page.locator("[data-testid=rejected]").inner_text() == str(rejected)
    screenshot(page, "registry-import-file-purged")

    # An import whose background worker stopped long ago is offered again.
    stale = ImportBatch.objects.create(
        source="p3ke",
        file_name="terhenti.csv",
        file="imports/terhenti.csv",
        sha256="0" * 64,
        status=ImportBatch.Status.LOADING,
        phase="Memeriksa dan memuat: 200.000 dari 1.000.000 baris",
        progress=42,
        started_at=timezone.now() - datetime.timedelta(minutes=20),
    )
    page.goto(f"{live_server.url}/registri/impor/{stale.pk}/")
    assert "tidak selesai" in page.locator("[data-testid=import-stale]").inner_text()
    assert page.get_by_role("button", name="Jalankan ulang").is_visible()
    screenshot(page, "registry-import-stale")

    page.goto(f"{live_server.url}/registri/?kelurahan=&desil_p3ke=1")
    rows = page.locator("[data-testid=worker-table] tbody tr")
    assert rows.count() > 0
    screenshot(page, "registry-worker-list", full_page=False)


def test_kelurahan_officer_adds_a_worker_and_sees_only_their_kelurahan(page, live_server):
    load_demo_data()
    login(page, live_server, "kel.rawajati")
    page.goto(f"{live_server.url}/registri/pekerja/baru/")
    page.fill("#id_nik", "3.17408E+15")
    page.fill("#id_name", "ANI SURYANI")
    page.click("form.form button[type=submit]")
    assert "rusak oleh Excel" in page.locator(".field.has-error").inner_text()
    page.fill("#id_nik", "3174086003900007")
    page.fill("#id_birth_date", "20/03/1990")
    page.select_option("#id_sex", "P")
    page.click("form.form button[type=submit]")
    assert "ditambahkan" in page.locator(".messages").inner_text()
    assert page.locator("[data-testid=nik]").inner_text() == "3174086003900007"
    screenshot(page, "registry-worker-detail")
    page.goto(f"{live_server.url}/registri/")
    kelurahan = set(page.locator("[data-testid=worker-table] tbody tr td:nth-child(3)").all_inner_texts())
    assert kelurahan and all(text.startswith("Rawajati") for text in kelurahan)
    assert Worker.objects.filter(nik="3174086003900007", kelurahan__nama="Rawajati").exists()


def test_leadership_sees_masked_identities(page, live_server):
    load_demo_data()
    login(page, live_server, "pimpinan")
    page.goto(f"{live_server.url}/registri/")
    first_nik = page.locator("[data-testid=worker-table] tbody tr td:first-child").first.inner_text()
    assert "********" in first_nik
    screenshot(page, "registry-masked")
