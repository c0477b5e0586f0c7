"""In Chromium, on the demo data: the operator screens the registry, reads a worker's reasons, allocates a pledge
and approves it; the sponsor sees what its pledge protects with masked names; another sponsor gets 404."""

import pytest
from playwright.sync_api import expect

from jaring.e2e import screenshot
from jaring.web.demo import DEMO_PASSWORD, load_demo_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_selector("[data-testid=current-user]")


def logout(page):
    page.click("header .usermenu button[type=submit]")
    page.wait_for_selector("#id_username")


def test_operator_screens_allocates_and_sponsor_sees_masked_workers(page, live_server):
    load_demo_data()
    from jaring.coverage.models import Allocation
    from jaring.sponsors.models import Pledge, Sponsor

    demo = Allocation.objects.get()
    login(page, live_server, "operator")
    page.click("nav.mainnav >> text=Kepesertaan")
    page.get_by_role("link", name="Penyaringan").first.click()
    page.get_by_role("button", name="Jalankan penyaringan").click()
    expect(page.locator(".messages")).to_contain_text("Penyaringan selesai")
    screenshot(page, "coverage-screening")
    page.get_by_role("link", name="Lihat pekerja yang tidak memenuhi syarat beserta alasannya").click()
    assert "Tidak lolos:" in page.locator("#worker-table").inner_text()
    page.locator("#worker-table tbody tr a").first.click()
    expect(page.locator("[data-testid=reasons]")).to_be_visible()
    screenshot(page, "coverage-worker-reasons")

    page.goto(f"{live_server.url}/cakupan/alokasi/{demo.pk}/")
    expect(page.locator("[data-testid=allocation-status]")).to_contain_text("disetujui")
    if demo.missing:
        expect(page.locator("[data-testid=missing]")).to_contain_text(f"Kurang {demo.missing} pekerja")
    screenshot(page, "coverage-allocation")

    # a second sponsor pledge, approved, allocated through the pages
    other = Pledge.objects.create(
        sponsor=Sponsor.objects.get(legal_name="Perumda Pasar Sejahtera (demo)"), fund_type="csr", workers=50,
        months=6, start_month=demo.pledge.start_month, status="approved",
    )  # fmt: skip
    page.goto(f"{live_server.url}/cakupan/komitmen/{other.pk}/alokasi/")
    page.get_by_role("button", name="Buat usulan alokasi").click()
    expect(page.locator("[data-testid=allocation-status]")).to_contain_text("diusulkan")
    assert page.locator("#allocation-workers tbody tr").count() == 50
    page.get_by_role("button", name="Setujui daftar").click()
    expect(page.locator("[data-testid=allocation-status]")).to_contain_text("disetujui")
    logout(page)

    login(page, live_server, "sponsor")
    page.goto(f"{live_server.url}/sponsor/komitmen/{demo.pledge.pk}/")
    section = page.locator("[data-testid=pledge-coverage]")
    expect(section).to_contain_text(f"{demo.proposed_count} pekerja")
    assert "*" in section.locator("tbody tr td").nth(2).inner_text()
    screenshot(page, "coverage-sponsor-pledge")
    response = page.goto(f"{live_server.url}/cakupan/komitmen/{other.pk}/")
    assert response.status == 404
