"""In Chromium: a sponsor creates a pledge with a preset and submits it, the operator approves it, the sponsor
uploads a proof of payment and the operator verifies it; another sponsor typing the URL gets 404."""

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


def test_sponsor_pledges_with_a_preset_and_the_operator_approves_and_verifies_payment(page, live_server, tmp_path):
    load_demo_data()
    from jaring.sponsors.models import Pledge

    login(page, live_server, "sponsor")
    page.click("nav.mainnav >> text=Komitmen")
    page.get_by_role("link", name="Buat komitmen").click()
    page.click("[data-testid=preset-100x12]")
    page.wait_for_url("**skema=100x12")
    assert page.input_value("#id_workers") == "100"
    assert page.input_value("#id_months") == "12"
    page.check("text=Pancoran")
    page.fill("#id_occupations", "Pengemudi ojek pangkalan")
    screenshot(page, "sponsors-pledge-create")
    page.click("form.form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Draf komitmen disimpan")
    assert "Rp 20.160.000" in page.locator("[data-testid=pledge-cost]").inner_text()
    assert "dua puluh juta seratus enam puluh ribu rupiah" in page.locator("[data-testid=pledge-cost]").inner_text()
    page.get_by_role("button", name="Ajukan ke Sudin Nakertrans").click()
    expect(page.locator("[data-testid=pledge-status]")).to_contain_text("diajukan")
    pledge_url = page.url
    pledge = Pledge.objects.filter(status="submitted", workers=100).get()
    logout(page)

    login(page, live_server, "operator")
    page.goto(pledge_url)
    page.get_by_role("button", name="Setujui dan terbitkan tagihan").click()
    expect(page.locator("[data-testid=pledge-status]")).to_contain_text("disetujui")
    assert page.locator("#invoice-table tbody tr").count() == 1  # upfront schedule: one invoice
    screenshot(page, "sponsors-pledge-approved")
    logout(page)

    login(page, live_server, "sponsor")
    page.goto(pledge_url)
    page.click("#invoice-table tbody tr a")
    proof = tmp_path / "bukti.pdf"
    proof.write_bytes(b"%PDF-1.4\n%bukti\n%%EOF\n")
    page.fill("#id_reference", "BCA-E2E-0001")
    page.set_input_files("#id_proof", str(proof))
    page.click("form.form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("menunggu verifikasi")
    screenshot(page, "sponsors-invoice-paid-by-sponsor")
    logout(page)

    login(page, live_server, "operator")
    page.click("nav.mainnav >> text=Pembayaran")
    row = page.locator("#payment-table tr", has_text="BCA-E2E-0001")
    row.locator("button", has_text="Terima").click()
    expect(page.locator(".messages")).to_contain_text("terverifikasi")
    page.goto(pledge_url)
    assert "Rp 20.160.000" in page.locator("[data-testid=ledger]").inner_text()
    screenshot(page, "sponsors-pledge-ledger-office")
    page.goto(f"{live_server.url}/sponsor/penjangkauan/")
    assert "Tindak lanjut jatuh tempo" in page.content()
    screenshot(page, "sponsors-outreach")
    logout(page)
    assert pledge.pk


def test_another_sponsor_typing_a_pledge_url_gets_not_found(page, live_server):
    load_demo_data()
    from jaring.accounts.models import User
    from jaring.core.roles import Role
    from jaring.sponsors.models import Pledge, Sponsor, SponsorMembership

    other = User(username="sponsor.lain", full_name="Sponsor Lain", role=Role.SPONSOR, email="lain@demo.local")
    other.set_password(DEMO_PASSWORD)
    other.save()
    SponsorMembership.objects.create(user=other, sponsor=Sponsor.objects.get(legal_name="LAZ Amanah Kota (demo)"))
    pledge = Pledge.objects.filter(sponsor__legal_name="PT Sarana Peduli Pekerja (demo)").first()
    login(page, live_server, "sponsor.lain")
    response = page.goto(f"{live_server.url}/sponsor/komitmen/{pledge.pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/sponsor/penjangkauan/")
    assert response.status == 403
    page.goto(f"{live_server.url}/sponsor/tarif/")
    expect(page.locator("#rate-table")).to_contain_text("PP 50/2025")
    expect(page.locator("[data-testid=discount-setting]")).to_contain_text("tidak berlaku")
    screenshot(page, "sponsors-rates")


def test_a_new_organisation_signs_up_pledges_and_the_operator_verifies_and_approves(page, live_server):
    load_demo_data()
    page.goto(f"{live_server.url}/sponsor/daftar/")
    page.fill("#id_full_name", "Ibu Rina Kurnia")
    page.fill("#id_email", "rina@yayasan.example")
    page.fill("#id_phone", "0812-3456-7890")
    page.fill("#id_username", "rina.yayasan")
    page.fill("#id_password", "Peduli-Pekerja-2026")
    page.fill("#id_password2", "Peduli-Pekerja-2026")
    page.select_option("#id_type", "yayasan")
    page.fill("#id_legal_name", "Yayasan Peduli Selatan (uji)")
    page.fill("#id_npwp", "01.312.166.1-091.000")
    page.click("form.form button[type=submit]")
    expect(page.locator(".field.has-error")).to_contain_text("angka pemeriksanya tidak cocok")
    screenshot(page, "sponsors-signup-wrong-npwp")
    page.fill("#id_npwp", "01.312.166.0-091.000")
    page.fill("#id_password", "Peduli-Pekerja-2026")
    page.fill("#id_password2", "Peduli-Pekerja-2026")
    page.click("form.form button[type=submit]")
    expect(page.locator("[data-testid=verification]")).to_contain_text("menunggu verifikasi")

    page.click("nav.mainnav >> text=Komitmen")
    page.get_by_role("link", name="Buat komitmen").click()
    page.click("[data-testid=preset-200x6]")
    page.wait_for_url("**skema=200x6")
    page.select_option("#id_fund_type", "infaq")
    page.click("form.form button[type=submit]")
    expect(page.locator("[data-testid=pledge-cost]")).to_contain_text("Rp 20.160.000")
    page.get_by_role("button", name="Ajukan ke Sudin Nakertrans").click()
    expect(page.locator("[data-testid=pledge-status]")).to_contain_text("diajukan")
    pledge_url = page.url
    logout(page)

    login(page, live_server, "operator")
    page.goto(pledge_url)
    page.get_by_role("button", name="Setujui dan terbitkan tagihan").click()
    expect(page.locator(".messages")).to_contain_text("Verifikasi organisasi pemberi dana terlebih dahulu")
    page.click("nav.mainnav >> text=Pemberi dana")
    page.click("text=Yayasan Peduli Selatan (uji)")
    page.get_by_role("button", name="Verifikasi organisasi").click()
    expect(page.locator("[data-testid=verification]")).to_contain_text("terverifikasi")
    page.goto(pledge_url)
    page.get_by_role("button", name="Setujui dan terbitkan tagihan").click()
    expect(page.locator("[data-testid=pledge-status]")).to_contain_text("disetujui")
    screenshot(page, "sponsors-signup-pledge-approved")
