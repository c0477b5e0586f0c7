from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jaring.accounts.models import User
from jaring.registry.models import Source
from jaring.registry.services import import_batch_create, import_batch_run


class Command(BaseCommand):
    help = "Mengimpor berkas P3KE, DTKS, DTSEN atau templat Jaring ke registri (sama dengan unggahan di web)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source", required=True, choices=[s for s in Source.values if s != Source.MANUAL], help="sumber data"
        )
        parser.add_argument("--user", help="nama pengguna yang tercatat sebagai pengunggah")

    def handle(self, *args, file: Path, source: str, user: str | None, **options):
        if not file.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        uploader = None
        if user:
            uploader = User.objects.filter(username=user).first()
            if uploader is None:
                raise CommandError(f"Pengguna {user} tidak ditemukan.")
        try:
            batch = import_batch_create(
                uploaded_by=uploader, source=source, file_name=file.name, data=file.read_bytes(), enqueue=False
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        if batch.seen_before_id:
            self.stdout.write(f"Berkas yang sama pernah diimpor (impor #{batch.seen_before_id}).")
        batch = import_batch_run(batch_id=batch.pk)
        if batch.status != batch.Status.DONE:
            raise CommandError(f"Impor #{batch.pk} {batch.get_status_display().lower()}: {batch.error}")
        self.stdout.write(
            f"Impor #{batch.pk}: {batch.total_rows} baris; {batch.created_count} dibuat, {batch.updated_count} "
            f"diperbarui, {batch.unchanged_count} tidak berubah, {batch.rejected_count} ditolak, "
            f"{batch.flagged_count} perlu verifikasi ({batch.duration_ms} ms)."
        )
