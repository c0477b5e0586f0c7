"""Uploaded registry files are deleted after the retention period; what the import produced stays."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from jaring.core.models import AuditEvent
from jaring.registry.models import ImportBatch, ImportIssue
from jaring.registry.services import import_batch_restart, import_files_purge

from .test_import import p3ke_csv, run

pytestmark = pytest.mark.django_db


def finished_days_ago(batch: ImportBatch, days: int) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(finished_at=timezone.now() - datetime.timedelta(days=days))
    batch.refresh_from_db()
    return batch


def test_files_of_imports_past_retention_are_deleted_and_their_results_kept(
    settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_FILE_RETENTION_DAYS = 90
    old = finished_days_ago(run(p3ke_csv()), 91)
    recent = finished_days_ago(run(p3ke_csv(), name="baru.csv"), 10)
    old_name, storage = old.file.name, old.file.storage
    assert storage.exists(old_name)
    issues_before = ImportIssue.objects.filter(batch=old).count()

    with django_capture_on_commit_callbacks(execute=True):
        assert import_files_purge() == 1
    old.refresh_from_db()
    assert not storage.exists(old_name) and old.file.name == "" and old.file_purged_at is not None
    assert (old.created_count, old.rejected_count) == (6, 10)
    assert ImportIssue.objects.filter(batch=old).count() == issues_before > 0  # original values kept there
    assert storage.exists(recent.file.name)
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE, object_id=str(old.pk))
    assert event.before == {"file": old_name}
    assert import_files_purge() == 0  # nothing left to delete

    # The same file uploaded again is still recognised by its SHA-256.
    again = run(p3ke_csv(), name="lagi.csv")
    assert again.seen_before == old


def test_a_running_import_keeps_its_file_and_a_purged_one_cannot_run_again(settings):
    batch = run(b"nik;nama\n", name="kosong.csv")  # fails: no data rows
    assert batch.status == ImportBatch.Status.FAILED
    running = ImportBatch.objects.create(
        source="p3ke", file_name="berjalan.csv", file="imports/berjalan.csv", sha256="0" * 64, status="loading"
    )
    finished_days_ago(running, 400)  # a timestamp left by an earlier run; the import is running again now
    finished_days_ago(batch, 400)
    assert import_files_purge(older_than_days=30) == 1
    running.refresh_from_db()
    assert running.file.name == "imports/berjalan.csv" and running.file_purged_at is None
    batch.refresh_from_db()
    assert not batch.can_run_again
    with pytest.raises(ValidationError, match="sudah dihapus"):
        import_batch_restart(batch=batch, acting_user=None)


def test_the_command_purges_and_the_page_says_so(users, client_for, settings):
    batch = finished_days_ago(run(p3ke_csv()), 120)
    out = StringIO()
    call_command("purge_import_files", "--days", "100", stdout=out)
    assert "1 berkas impor dihapus" in out.getvalue()
    page = client_for(users["operator"]).get(reverse("registry:import_detail", args=[batch.pk]))
    assert page.status_code == 200
    assert "Berkas asli dihapus pada" in page.content.decode()
    assert "Jalankan ulang" not in page.content.decode()
    with pytest.raises(CommandError, match="1 atau lebih"):
        call_command("purge_import_files", "--days", "0")
