import pytest

from jaring.wilayah.lookup import KelurahanLookup, normalise_code, resolve_kelurahan

pytestmark = pytest.mark.django_db


@pytest.fixture
def lookup():
    return KelurahanLookup.from_db()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3174011001", "Tebet Timur"),
        ("31.74.01.1001", "Tebet Timur"),
        (" 31.74.01.1001 ", "Tebet Timur"),
        ("31-74-01-1001", "Tebet Timur"),
        ("3174011001.0", "Tebet Timur"),
        (3174081003, "Rawajati"),
        ("Rawajati", "Rawajati"),
        ("Rawa Jati", "Rawajati"),
        ("RAWA  JATI", "Rawajati"),
        ("Kel. Rawa Jati", "Rawajati"),
        ("KELURAHAN RAWAJATI", "Rawajati"),
        ("Setia Budi", "Setia Budi"),
        ("Setiabudi", "Setia Budi"),
        ("SETIABUDI", "Setia Budi"),
        ("kebayoran lama utara", "Kebayoran Lama Utara"),
        ("Keb. Lama Utara", "Kebayoran Lama Utara"),
        ("Pejaten Tmr", "Pejaten Timur"),
        ("Keramat Pela", "Kramat Pela"),
        ("ULUJAMI", "Ulujami"),
        ("Ulu Jami", "Ulujami"),
        ("cipete-utara", "Cipete Utara"),
    ],
)
def test_it_resolves_codes_and_names_in_any_common_spelling(lookup, value, expected):
    ref = lookup.resolve(value)
    assert ref is not None, value
    assert ref.nama == expected


@pytest.mark.parametrize(
    "value",
    ["", None, "   ", "Menteng", "Kelapa Gading", "3171011001", "31.74.11.1001", "3174011", "Tebet"],
)
def test_it_returns_nothing_for_places_outside_jakarta_selatan_or_unknown(lookup, value):
    assert lookup.resolve(value) is None


def test_a_kecamatan_name_is_not_taken_for_a_kelurahan_of_another_name(lookup):
    # "Cilandak" is a kecamatan; its kelurahan are Cilandak Barat, Lebak Bulus ... and none is called Cilandak.
    assert lookup.resolve("Cilandak") is None
    # "Pancoran" is both a kecamatan and one of its kelurahan.
    assert lookup.resolve("Pancoran").kode == "31.74.08.1001"


def test_normalise_code_rejects_codes_of_the_wrong_length():
    assert normalise_code("31.74.01.100") is None
    assert normalise_code("31740110011") is None
    assert normalise_code("31.74.01.1001") == "31.74.01.1001"


def test_resolve_kelurahan_returns_the_model_with_its_kecamatan():
    kelurahan = resolve_kelurahan("rawa jati")
    assert kelurahan.kode == "31.74.08.1003"
    assert kelurahan.kecamatan.nama == "Pancoran"
    assert resolve_kelurahan("Kampung Entah") is None
