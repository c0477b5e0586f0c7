import datetime

from django.utils import translation

from jaring.lib.dates import month_label, tanggal, tanggal_id


def test_labels_follow_the_interface_language_but_documents_stay_indonesian():
    day = datetime.date(2026, 8, 17)
    with translation.override("id"):
        assert month_label(day) == "Agustus 2026"
    with translation.override("en"):
        assert month_label(day) == "August 2026"
        assert tanggal(day) == "17 August 2026"
        assert tanggal_id(day) == "17 Agustus 2026"
