from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jaring.registry.services import import_files_purge


class Command(BaseCommand):
    help = (
        "Menghapus berkas asli impor registri yang selesai lebih lama dari masa simpan "
        "(IMPORT_FILE_RETENTION_DAYS). Jalankan harian dari cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="masa simpan dalam hari (bawaan: pengaturan)")

    def handle(self, *args, days: int | None, **options):
        if days is not None and days < 1:
            raise CommandError("--days harus 1 atau lebih: berkas impor yang baru selesai tidak dihapus.")
        days = days or settings.IMPORT_FILE_RETENTION_DAYS
        purged = import_files_purge(older_than_days=days)
        self.stdout.write(f"{purged} berkas impor dihapus (selesai lebih dari {days} hari lalu).")
