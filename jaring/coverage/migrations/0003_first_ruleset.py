"""The first version of the eligibility rules, with the defaults of the domain notes (sections 5, 6 and 9)."""

from django.db import migrations

EXCLUDED = ["BELUM/TIDAK BEKERJA", "MENGURUS RUMAH TANGGA", "PELAJAR/MAHASISWA", "TIDAK BEKERJA"]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("coverage", "RuleSet")
    if not RuleSet.objects.exists():
        RuleSet.objects.create(
            version=1,
            name="Aturan awal",
            is_active=True,
            age_min=18,
            age_max=65,
            excluded_occupations=EXCLUDED,
            p3ke_max_decile=4,
            count_dtks=True,
            dtsen_max_decile=4,
            zakat_p3ke_max_decile=2,
            zakat_dtsen_max_decile=2,
            note="Nilai bawaan: usia 18–65, desil P3KE ≤ 4 atau DTKS atau desil DTSEN ≤ 4; mustahik desil 1–2.",
        )


class Migration(migrations.Migration):
    dependencies = [("coverage", "0002_coverage_no_overlap_postgresql")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
