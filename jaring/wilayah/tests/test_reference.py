from collections import Counter

import pytest

from jaring.wilayah.loader import load_reference_data
from jaring.wilayah.models import Branch, Kecamatan, Kelurahan, ServiceArea

pytestmark = pytest.mark.django_db

EXPECTED_PER_KECAMATAN = {
    "Tebet": 7,
    "Setiabudi": 8,
    "Mampang Prapatan": 5,
    "Pasar Minggu": 7,
    "Kebayoran Lama": 6,
    "Cilandak": 5,
    "Kebayoran Baru": 10,
    "Pancoran": 6,
    "Jagakarsa": 6,
    "Pesanggrahan": 5,
}


def test_jakarta_selatan_has_ten_kecamatan_and_65_kelurahan():
    assert Kecamatan.objects.count() == 10
    assert Kelurahan.objects.count() == 65
    per_kecamatan = Counter(Kelurahan.objects.values_list("kecamatan__nama", flat=True))
    assert per_kecamatan == EXPECTED_PER_KECAMATAN


@pytest.mark.parametrize(
    ("kode", "nama", "kode_pos", "kecamatan"),
    [
        ("31.74.01.1001", "Tebet Timur", "12820", "Tebet"),
        ("31.74.02.1001", "Setia Budi", "12910", "Setiabudi"),
        ("31.74.03.1005", "Kuningan Barat", "12710", "Mampang Prapatan"),
        ("31.74.04.1006", "Pejaten Barat", "12510", "Pasar Minggu"),
        ("31.74.07.1010", "Cipete Utara", "12150", "Kebayoran Baru"),
        ("31.74.08.1003", "Rawajati", "12750", "Pancoran"),
        ("31.74.10.1005", "Ulujami", "12250", "Pesanggrahan"),
    ],
)
def test_kelurahan_carry_the_kemendagri_code_name_and_postal_code(kode, nama, kode_pos, kecamatan):
    kelurahan = Kelurahan.objects.select_related("kecamatan").get(kode=kode)
    assert (kelurahan.nama, kelurahan.kode_pos, kelurahan.kecamatan.nama) == (nama, kode_pos, kecamatan)
    assert kelurahan.kecamatan.kode == kode[:8]


def test_the_six_branches_of_the_circular_each_serve_at_least_one_kecamatan():
    names = set(Branch.objects.values_list("nama", flat=True))
    assert names == {
        "Menara Jamsostek",
        "Cilandak",
        "Plaza Jamsostek",
        "Mampang",
        "Kebayoran Baru",
        "Kebayoran Lama",
    }
    assert ServiceArea.objects.count() == 10
    for branch in Branch.objects.all():
        assert branch.service_areas.exists(), branch.nama


def test_reloading_reference_data_keeps_an_administrators_service_area_choice():
    tebet = ServiceArea.objects.get(kecamatan__nama="Tebet")
    tebet.branch = Branch.objects.get(slug="mampang")
    tebet.save()
    counts = load_reference_data()
    assert counts["service_areas_created"] == 0
    assert ServiceArea.objects.get(kecamatan__nama="Tebet").branch.slug == "mampang"
    assert Kelurahan.objects.count() == 65
