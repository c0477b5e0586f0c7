"""Every page and object as the owner, another role and an outsider."""

import pytest
from django.urls import reverse

from jaring.conftest import make_user
from jaring.core.roles import Role
from jaring.wilayah.access import scope_by_area
from jaring.wilayah.models import Branch, Kecamatan, Kelurahan

pytestmark = pytest.mark.django_db

ALL = ["admin", "operator", "leadership", "sponsor", "branch", "kelurahan"]

# url name -> roles that may open it (everyone else gets 403; anonymous users go to the login page)
PAGES = {
    "home": ALL,
    "wilayah:kecamatan_list": ["admin", "operator", "leadership", "branch", "kelurahan"],
    "wilayah:branch_list": ALL,
    "wilayah:service_area_edit": ["admin"],
    "accounts:user_list": ["admin"],
    "accounts:user_create": ["admin"],
    "accounts:audit_list": ["admin"],
    "accounts:password_change": ALL,
    "accounts:api_token": ALL,
}


@pytest.mark.parametrize("url_name", PAGES)
def test_each_page_opens_for_its_roles_and_is_refused_to_the_others(users, client_for, url_name):
    url = reverse(url_name)
    for key in ALL:
        response = client_for(users[key]).get(url)
        if key in PAGES[url_name]:
            assert response.status_code == 200, (url_name, key)
        else:
            assert response.status_code == 403, (url_name, key)
            assert "Akses ditolak" in response.content.decode()
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


def test_kelurahan_officer_sees_only_their_own_kelurahan(users, client_for):
    own = Kelurahan.objects.get(kode="31.74.08.1003")
    other = Kelurahan.objects.get(kode="31.74.01.1001")
    client = client_for(users["kelurahan"])
    assert client.get(reverse("wilayah:kelurahan_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("wilayah:kelurahan_detail", args=[other.pk])).status_code == 404
    page = client.get(reverse("wilayah:kecamatan_list")).content.decode()
    assert "Rawajati" in page
    assert "Tebet Timur" not in page


def test_branch_officer_sees_the_kelurahan_of_the_kecamatan_their_branch_serves(users, client_for):
    client = client_for(users["branch"])  # Cilandak branch: Pasar Minggu, Cilandak, Jagakarsa by default
    served = Kelurahan.objects.get(nama="Lebak Bulus")
    not_served = Kelurahan.objects.get(nama="Rawajati")
    assert client.get(reverse("wilayah:kelurahan_detail", args=[served.pk])).status_code == 200
    assert client.get(reverse("wilayah:kelurahan_detail", args=[not_served.pk])).status_code == 404
    own = Branch.objects.get(slug="cilandak")
    other = Branch.objects.get(slug="mampang")
    assert client.get(reverse("wilayah:branch_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("wilayah:branch_detail", args=[other.pk])).status_code == 404


def test_office_and_leadership_see_any_kelurahan_and_sponsor_sees_none(users, client_for):
    kelurahan = Kelurahan.objects.get(nama="Bintaro")
    url = reverse("wilayah:kelurahan_detail", args=[kelurahan.pk])
    for key in ["admin", "operator", "leadership"]:
        assert client_for(users[key]).get(url).status_code == 200
    assert client_for(users["sponsor"]).get(url).status_code == 403


def test_a_nonexistent_or_malformed_id_is_404_not_an_error(users, client_for):
    client = client_for(users["admin"])
    assert client.get("/wilayah/kelurahan/999999/").status_code == 404
    assert client.get("/wilayah/cabang/999999/").status_code == 404
    assert client.get("/akun/pengguna/999999/").status_code == 404


def test_moving_a_kecamatan_to_another_branch_moves_the_officers_scope(users, client_for):
    client = client_for(users["branch"])
    rawajati = Kelurahan.objects.get(nama="Rawajati")
    url = reverse("wilayah:kelurahan_detail", args=[rawajati.pk])
    assert client.get(url).status_code == 404
    admin = client_for(users["admin"])
    form = {f"kecamatan_{k.pk}": k.service_area.branch_id for k in Kecamatan.objects.select_related("service_area")}
    form[f"kecamatan_{rawajati.kecamatan_id}"] = Branch.objects.get(slug="cilandak").pk
    response = admin.post(reverse("wilayah:service_area_edit"), form)
    assert response.status_code == 302
    assert client.get(url).status_code == 200


def test_navigation_shows_each_role_only_what_it_may_use(users, client_for):
    admin_page = client_for(users["admin"]).get("/").content.decode()
    sponsor_page = client_for(users["sponsor"]).get("/").content.decode()
    assert 'href="/akun/pengguna/"' in admin_page
    assert 'href="/akun/pengguna/"' not in sponsor_page
    assert 'href="/wilayah/"' not in sponsor_page
    assert "PT Pemilik Uji" in sponsor_page


def test_scope_by_area_for_an_inactive_user_is_empty(users):
    users["admin"].is_active = False
    assert not scope_by_area(users["admin"], Kelurahan.objects.all(), kelurahan_path="").exists()


def test_scope_by_area_follows_a_path_through_related_models(users):
    # A queryset of users reaches its kelurahan through "kelurahan": the officer sees their own colleagues only.
    colleague = make_user(Role.KELURAHAN_OFFICER, kelurahan=users["kelurahan"].kelurahan)
    make_user(Role.KELURAHAN_OFFICER, kelurahan=Kelurahan.objects.get(nama="Bintaro"))
    from jaring.accounts.models import User

    visible = scope_by_area(
        users["kelurahan"], User.objects.filter(kelurahan__isnull=False), kelurahan_path="kelurahan"
    )
    assert set(visible) == {users["kelurahan"], colleague}
    branch_visible = scope_by_area(
        users["branch"], User.objects.filter(kelurahan__isnull=False), kelurahan_path="kelurahan"
    )
    assert not branch_visible.exists()  # Pancoran and Pesanggrahan are not served by Cilandak
