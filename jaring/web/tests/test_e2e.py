"""Each demo role logs in through the real login page in Chromium and sees its own home page."""

import pytest

from jaring.e2e import screenshot
from jaring.web.demo import DEMO_PASSWORD, load_demo_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EXPECTED = {
    # username: (text in the scope panel, nav links that must show, nav links that must not)
    "admin": ("Seluruh Kota Administrasi Jakarta Selatan.", ["Pengguna", "Log audit", "Wilayah"], []),
    "operator": ("Seluruh Kota Administrasi Jakarta Selatan.", ["Wilayah"], ["Pengguna", "Log audit"]),
    "pimpinan": ("hanya baca", ["Wilayah"], ["Pengguna"]),
    "sponsor": ("PT Sarana Peduli Pekerja (demo)", ["Kantor cabang"], ["Wilayah", "Pengguna"]),
    "bpjs.cilandak": ("Cilandak", ["Wilayah"], ["Pengguna"]),
    "kel.rawajati": ("Rawajati", ["Wilayah"], ["Pengguna", "Kantor cabang BPJS Ketenagakerjaan"]),
}


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")


@pytest.mark.parametrize("username", list(EXPECTED))
def test_each_demo_role_logs_in_and_sees_its_home(page, live_server, username):
    load_demo_data()
    login(page, live_server, username, DEMO_PASSWORD)
    scope = page.locator("[data-testid=scope]")
    scope_text, shown, hidden = EXPECTED[username]
    assert scope_text in scope.inner_text()
    nav = page.locator("nav.mainnav").inner_text()
    for label in shown:
        assert label in nav, (username, label)
    for label in hidden:
        assert label not in nav, (username, label)
    screenshot(page, f"home-{username}")


def test_wrong_password_shows_an_indonesian_message(page, live_server):
    load_demo_data()
    login(page, live_server, "operator", "bukan-sandinya")
    assert "Nama pengguna atau kata sandi salah" in page.locator(".errors").inner_text()
    screenshot(page, "login-wrong-password")


def test_kelurahan_officer_typing_another_kelurahan_url_gets_not_found(page, live_server):
    load_demo_data()
    from jaring.wilayah.models import Kelurahan

    other = Kelurahan.objects.get(nama="Tebet Timur")
    login(page, live_server, "kel.rawajati", DEMO_PASSWORD)
    response = page.goto(f"{live_server.url}/wilayah/kelurahan/{other.pk}/")
    assert response.status == 404
    assert "Tidak ditemukan" in page.content()
    response = page.goto(f"{live_server.url}/akun/pengguna/")
    assert response.status == 403


def test_admin_changes_a_service_area_and_the_wilayah_page_shows_it(page, live_server):
    load_demo_data()
    login(page, live_server, "admin", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/wilayah/wilayah-layanan/")
    page.get_by_label("Tebet").select_option(label="Mampang")
    page.click("form.form button[type=submit]")
    assert "Wilayah layanan kantor cabang disimpan." in page.locator(".messages").inner_text()
    page.goto(f"{live_server.url}/wilayah/")
    row = page.locator("#kecamatan-table tr", has_text="31.74.01")
    assert "Mampang" in row.inner_text()
    screenshot(page, "wilayah-admin")


def test_admin_creates_a_user_and_an_unknown_kelurahan_is_explained(page, live_server):
    load_demo_data()
    login(page, live_server, "admin", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/akun/pengguna/baru/")
    page.fill("#id_username", "kel.bintaro")
    page.fill("#id_full_name", "Petugas Bintaro")
    page.fill("#id_email", "bintaro@contoh.go.id")
    page.select_option("#id_role", "kelurahan_officer")
    page.fill("#id_kelurahan", "Kelapa Gading")
    page.fill("#id_password", "Sandi-Bintaro-2026")
    page.click("form.form button[type=submit]")
    assert "tidak dikenal di Jakarta Selatan" in page.locator(".field.has-error").inner_text()
    screenshot(page, "user-form-error")
    page.fill("#id_kelurahan", "bintaro")
    page.fill("#id_password", "Sandi-Bintaro-2026")
    page.click("form.form button[type=submit]")
    assert "Pengguna kel.bintaro dibuat." in page.locator(".messages").inner_text()
