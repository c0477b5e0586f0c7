"""Seed the contribution-rate table: the standard BPU rate and the PP 50/2025 discount periods.

The discount rows start with ``applies_to_sponsor_paid=False``: whether CSR- or donor-paid participants get the
discount is unconfirmed (docs/decisions.md); the administrator switches it on the rate page.
"""

import datetime

from django.db import migrations

STANDARD_BASIS = (
    "PP 44/2015 jo. PP 82/2019 jo. PP 49/2023; Permenaker 5/2021 jo. Permenaker 1/2025: peserta Bukan Penerima "
    "Upah pada tingkat penghasilan terendah Rp 1.000.000: JKK 1% = Rp 10.000, JKM Rp 6.800. Surat Edaran "
    "Walikota Jakarta Selatan e-0012/SE/2025."
)
DISCOUNT_TRANSPORT = (
    "PP 50/2025 (22 Desember 2025): potongan iuran JKK dan JKM peserta BPU sektor transportasi (ojek daring dan "
    "pangkalan, pengemudi, kurir/logistik) menjadi Rp 8.400, Januari 2026 sampai Maret 2027. Tidak berlaku bagi "
    "peserta yang iurannya dibayar APBN/APBD."
)
DISCOUNT_OTHER = (
    "PP 50/2025 (22 Desember 2025): potongan iuran JKK dan JKM peserta BPU sektor lain menjadi Rp 8.400, April "
    "sampai Desember 2026. Tidak berlaku bagi peserta yang iurannya dibayar APBN/APBD."
)

RATES = [
    # sector, valid_from, valid_to, jkk, jkm, is_discount, applies_to_sponsor_paid, legal basis
    ("transport", datetime.date(2015, 7, 1), None, 10000, 6800, False, True, STANDARD_BASIS),
    ("other", datetime.date(2015, 7, 1), None, 10000, 6800, False, True, STANDARD_BASIS),
    ("transport", datetime.date(2026, 1, 1), datetime.date(2027, 3, 31), 5000, 3400, True, False, DISCOUNT_TRANSPORT),
    ("other", datetime.date(2026, 4, 1), datetime.date(2026, 12, 31), 5000, 3400, True, False, DISCOUNT_OTHER),
]


def seed(apps, schema_editor):
    Rate = apps.get_model("sponsors", "Rate")
    for sector, valid_from, valid_to, jkk, jkm, is_discount, applies, basis in RATES:
        Rate.objects.get_or_create(
            sector=sector,
            valid_from=valid_from,
            is_discount=is_discount,
            defaults={
                "valid_to": valid_to,
                "jkk": jkk,
                "jkm": jkm,
                "applies_to_sponsor_paid": applies,
                "legal_basis": basis,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("sponsors", "0002_outreach_rates_pledges_invoices_payments")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
