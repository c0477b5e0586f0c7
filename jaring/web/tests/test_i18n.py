"""The interface is written in Indonesian; English comes from locale/en."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_indonesian_until_the_user_switches_language(users, client_for):
    client = client_for(users["operator"])

    page = client.get("/").content.decode()
    assert '<html lang="id">' in page
    assert ">Beranda</a>" in page
    assert "Keluar" in page
    assert "Selamat datang" in page
    assert ">Home</a>" not in page
    assert "Log out" not in page


def test_switching_to_english_translates_the_home_page(users, client_for):
    client = client_for(users["operator"])

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"

    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert ">Home</a>" in page
    assert "Log out" in page
    assert "Welcome," in page
    assert "Your access scope" in page
    assert "Beranda" not in page
    assert "Keluar" not in page
    assert "Selamat datang" not in page
    assert "Cakupan akses Anda" not in page
