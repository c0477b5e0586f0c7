import pytest
from django.core import mail  # noqa: F401
from django.test import Client
from django.urls import reverse

from jaring.accounts.models import User
from jaring.conftest import PASSWORD
from jaring.core.models import AuditEvent
from jaring.core.roles import Role
from jaring.wilayah.models import Kelurahan

pytestmark = pytest.mark.django_db


def new_user_form(**overrides):
    data = {
        "username": "petugas.bintaro",
        "full_name": "Petugas Bintaro",
        "email": "bintaro@contoh.go.id",
        "phone": "",
        "role": Role.KELURAHAN_OFFICER,
        "branch": "",
        "kelurahan": "bintaro",
        "password": "Kata-Sandi-Kuat-99",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_kelurahan_officer_from_a_messy_kelurahan_name_and_it_is_audited(users, client_for):
    response = client_for(users["admin"]).post(reverse("accounts:user_create"), new_user_form(kelurahan="KEL. BINTARO"))
    assert response.status_code == 302
    user = User.objects.get(username="petugas.bintaro")
    assert user.kelurahan == Kelurahan.objects.get(nama="Bintaro")
    assert user.check_password("Kata-Sandi-Kuat-99")
    event = AuditEvent.objects.get(action="create", object_type="accounts.User", object_id=str(user.pk))
    assert event.actor == users["admin"]
    assert event.after["kelurahan_id"] == user.kelurahan_id
    assert "password" not in event.after
    assert event.ip_address == "127.0.0.1"


def test_an_unknown_kelurahan_gets_a_clear_message_and_creates_nothing(users, client_for):
    response = client_for(users["admin"]).post(reverse("accounts:user_create"), new_user_form(kelurahan="Menteng"))
    assert response.status_code == 200
    assert "Kelurahan “Menteng” tidak dikenal di Jakarta Selatan" in response.content.decode()
    assert not User.objects.filter(username="petugas.bintaro").exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_a_too_short_password_is_refused_in_indonesian(users, client_for):
    response = client_for(users["admin"]).post(reverse("accounts:user_create"), new_user_form(password="pendek"))
    assert response.status_code == 200
    assert "Kata sandi terlalu pendek" in response.content.decode()
    assert not User.objects.filter(username="petugas.bintaro").exists()


def test_a_branch_officer_without_a_branch_is_refused(users, client_for):
    response = client_for(users["admin"]).post(
        reverse("accounts:user_create"), new_user_form(role=Role.BRANCH_OFFICER, kelurahan="")
    )
    assert "Petugas kantor cabang harus terikat pada satu kantor cabang." in response.content.decode()
    assert not User.objects.filter(username="petugas.bintaro").exists()


def test_database_refuses_an_officer_bound_to_nothing():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", full_name="x", role=Role.KELURAHAN_OFFICER)


def test_editing_a_user_records_old_and_new_values(users, client_for):
    target = users["operator"]
    data = new_user_form(role=Role.LEADERSHIP, kelurahan="", full_name="Operator Naik Jabatan", is_active="on")
    data["username"] = target.username
    response = client_for(users["admin"]).post(reverse("accounts:user_edit", args=[target.pk]), data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.LEADERSHIP
    event = AuditEvent.objects.get(action="update", object_id=str(target.pk))
    assert event.before["role"] == Role.OPERATOR
    assert event.after["role"] == Role.LEADERSHIP


def test_admin_cannot_demote_themselves(users, client_for):
    admin = users["admin"]
    data = new_user_form(role=Role.OPERATOR, kelurahan="", is_active="on", username=admin.username)
    response = client_for(admin).post(reverse("accounts:user_edit", args=[admin.pk]), data)
    assert "tidak dapat menonaktifkan atau menurunkan" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_a_wrong_password_gets_an_indonesian_message(users):
    response = Client().post(reverse("login"), {"username": users["operator"].username, "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_login_succeeds_and_is_audited(users):
    client = Client()
    response = client.post(reverse("login"), {"username": users["operator"].username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="login", actor=users["operator"]).count() == 1


def test_login_is_throttled_after_repeated_failures(users, settings):
    client = Client()
    username = users["operator"].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "salah-lagi"})
    locked = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.content.decode()
    assert client.get("/").status_code == 302  # still not signed in


def test_logout_needs_post_and_ends_the_session(users, client_for):
    client = client_for(users["operator"])
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="logout", actor=users["operator"]).exists()


def test_password_change_validates_and_is_audited(users, client_for):
    client = client_for(users["sponsor"])
    url = reverse("accounts:password_change")
    short = client.post(url, {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"})
    assert "terlalu pendek" in short.content.decode()
    ok = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Baru-Lebih-Panjang-1",
            "new_password2": "Baru-Lebih-Panjang-1",
        },
    )
    assert ok.status_code == 302
    users["sponsor"].refresh_from_db()
    assert users["sponsor"].check_password("Baru-Lebih-Panjang-1")
    assert AuditEvent.objects.filter(action="password_change", actor=users["sponsor"]).exists()


def test_forms_reject_posts_without_a_csrf_token(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    response = client.post(reverse("accounts:user_create"), new_user_form())
    assert response.status_code == 403
    assert not User.objects.filter(username="petugas.bintaro").exists()


def test_sessions_expire(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
