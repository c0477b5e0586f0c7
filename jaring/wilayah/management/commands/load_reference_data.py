from django.core.management.base import BaseCommand
from django.db import transaction

from jaring.wilayah.loader import load_reference_data


class Command(BaseCommand):
    help = "Memuat data referensi wilayah Jakarta Selatan dan kantor cabang BPJS (aman dijalankan ulang)."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_reference_data()
        self.stdout.write(
            f"{counts['kecamatan']} kecamatan, {counts['kelurahan']} kelurahan, "
            f"{counts['branches']} kantor cabang; {counts['service_areas_created']} wilayah layanan baru."
        )
