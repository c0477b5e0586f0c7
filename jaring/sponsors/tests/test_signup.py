import pytest
from django.urls import reverse

from jaring.accounts.models import User
from jaring.core.models import AuditEvent
from jaring.sponsors.models import Sponsor

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Ibu Rina Kurnia",
    "email": "rina@yayasan.example",
    "phone": "0812-3456-7890",
    "position": "Ketua",
    "username": "rina.yayasan",
    "password": "Peduli-Pekerja-2026",
    "password2": "Peduli-Pekerja-2026",
    "type": "yayasan",
    "legal_name": "Yayasan Peduli Selatan",
    "npwp": "01.312.166.0-091.000",
    "address": "Jl. Contoh 1",
}


def test_an_organisation_signs_up_and_is_logged_in_pending_verification(client):
    response = client.post(reverse("sponsors:sponsor_signup"), FORM, follow=True)
    body = response.content.decode()
    assert "menunggu verifikasi Sudin Nakertrans" in body
    user = User.objects.get(username="rina.yayasan")
    assert user.role == "sponsor" and user.phone == "+6281234567890"
    sponsor = Sponsor.objects.get(legal_name="Yayasan Peduli Selatan")
    assert user.sponsor_membership.sponsor == sponsor and not sponsor.is_verified
    assert response.context["user"] == user
    assert AuditEvent.objects.filter(object_type="sponsors.Sponsor", object_id=str(sponsor.pk)).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"npwp": "01.312.166.1-091.000"}, "angka pemeriksanya tidak cocok"),
        ({"password": "12345678901", "password2": "12345678901"}, "kata sandi"),
        ({"password2": "lain-sama-sekali-2026"}, "Kedua kata sandi tidak sama"),
        ({"phone": "99"}, "Nomor telepon tidak valid"),
    ],
)
def test_bad_input_is_explained_and_leaves_no_account(client, change, message):
    response = client.post(reverse("sponsors:sponsor_signup"), {**FORM, **change})
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert not User.objects.filter(username="rina.yayasan").exists()
    assert not Sponsor.objects.filter(legal_name="Yayasan Peduli Selatan").exists()


def test_an_organisation_already_registered_leaves_no_account(client, users):
    response = client.post(reverse("sponsors:sponsor_signup"), {**FORM, "legal_name": "pt pemilik  uji"})
    assert "sudah terdaftar di Jaring" in response.content.decode()
    assert not User.objects.filter(username="rina.yayasan").exists()


def test_a_signed_in_user_is_sent_home(users, client_for):
    response = client_for(users["operator"]).get(reverse("sponsors:sponsor_signup"))
    assert response.status_code == 302 and response.url == reverse("home")


def test_sign_ups_from_one_address_are_throttled(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.SPONSOR_SIGNUPS_PER_HOUR = 1
    client.post(reverse("sponsors:sponsor_signup"), FORM)
    assert Sponsor.objects.filter(legal_name="Yayasan Peduli Selatan").exists()
    client.post(reverse("logout"))
    second = {**FORM, "username": "budi.yayasan", "legal_name": "Yayasan Kedua", "email": "budi@yayasan.example"}
    response = client.post(reverse("sponsors:sponsor_signup"), second)
    assert "Terlalu banyak pendaftaran dari alamat ini" in response.content.decode()
    assert not Sponsor.objects.filter(legal_name="Yayasan Kedua").exists()
    assert not User.objects.filter(username="budi.yayasan").exists()
