import datetime

import pytest

from jaring.lib.dates import add_months, month_label, month_span, period_label, tanggal
from jaring.lib.money import format_rupiah, terbilang


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(20160000, "Rp 20.160.000"), (16800, "Rp 16.800"), (0, "Rp 0"), (999, "Rp 999"), (-8400, "-Rp 8.400")],
)
def test_format_rupiah_uses_dots_between_thousands(amount, shown):
    assert format_rupiah(amount) == shown


def test_terbilang_spells_the_minimum_pledge():
    assert terbilang(20160000) == "dua puluh juta seratus enam puluh ribu rupiah"


def test_terbilang_spells_small_amounts():
    assert terbilang(16800) == "enam belas ribu delapan ratus rupiah"
    assert terbilang(1000) == "seribu rupiah"


def test_months_roll_over_the_year():
    assert add_months(datetime.date(2026, 11, 1), 3) == datetime.date(2027, 2, 1)
    assert month_span(datetime.date(2026, 12, 15), 2) == [datetime.date(2026, 12, 1), datetime.date(2027, 1, 1)]


def test_indonesian_labels():
    from django.utils import translation

    with translation.override("id"):
        assert month_label(datetime.date(2026, 2, 1)) == "Februari 2026"
        assert tanggal(datetime.date(2026, 8, 19)) == "19 Agustus 2026"
        assert period_label(datetime.date(2026, 1, 1), datetime.date(2026, 12, 1)) == "Januari 2026 – Desember 2026"
