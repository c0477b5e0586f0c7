"""A worker process killed in the middle of a load: the registry stays exactly as it was and the batch runs again."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jaring.conftest import make_user
from jaring.core.roles import Role
from jaring.registry.models import ImportBatch, ImportIssue, Worker, WorkerSource
from jaring.registry.services import import_batch_create
from jaring.wilayah.loader import load_reference_data

from .test_import import p3ke_csv

ROOT = Path(__file__).resolve().parents[3]

# Runs the import in a separate process, which stops once every worker and source record is written (before the
# issues and the commit) and waits there to be killed.
WORKER = """
import os, sys, time, pathlib
sys.path.insert(0, os.environ["JARING_ROOT"])
import django
django.setup()
from jaring.registry.imports import load
def written_then_wait(*args, **kwargs):
    pathlib.Path(os.environ["JARING_SIGNAL"]).write_text("written")
    time.sleep(120)
load._write_issues = written_then_wait
from jaring.registry.services import import_batch_run
import_batch_run(batch_id=int(sys.argv[1]))
"""


# Committed for real (the second process must see the batch); the reference data is restored afterwards.
@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs a database that a second process can open (the SQLite test database is in memory)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_load_leaves_nothing_and_the_batch_runs_again(settings, tmp_path, client_for):
    load_reference_data()  # an earlier test that committed for real may have flushed the kelurahan
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    batch = import_batch_create(uploaded_by=None, source="p3ke", file_name="p3ke.csv", data=p3ke_csv(), enqueue=False)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    signal_file = tmp_path / "written"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": url,
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "JARING_ROOT": str(ROOT),
        "JARING_SIGNAL": str(signal_file),
    }
    process = subprocess.Popen([sys.executable, "-c", WORKER, str(batch.pk)], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not signal_file.exists():
            assert process.poll() is None, "the import process ended before it had written its rows"
            assert time.monotonic() < deadline, "the import process never reached the end of its writes"
            time.sleep(0.1)
        # Meanwhile the page can follow the load: its progress is written outside the load's transaction.
        during = ImportBatch.objects.get(pk=batch.pk)
        assert (during.status, during.progress) == (ImportBatch.Status.LOADING, 90)
        assert "16 dari 16 baris" in during.phase
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    assert process.returncode == -signal.SIGKILL
    assert not Worker.objects.exists() and not WorkerSource.objects.exists()
    assert not ImportIssue.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.LOADING  # what the killed process left; the page offers a rerun later

    # Once it is clearly stale, the import page says what happened and offers to run it again.
    ImportBatch.objects.filter(pk=batch.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=20))
    operator = client_for(make_user(Role.OPERATOR))
    page = operator.get(reverse("registry:import_detail", args=[batch.pk])).content.decode()
    assert "tidak selesai" in page and "Registri tidak berubah" in page and "Jalankan ulang" in page
    operator.post(reverse("registry:import_restart", args=[batch.pk]))  # the test task backend runs it at once
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE, batch.error
    assert batch.created_count == Worker.objects.count() == 6


@pytest.mark.django_db
def test_only_an_import_that_stopped_long_ago_is_offered_again(users, client_for):
    def loading_since(minutes: int) -> ImportBatch:
        return ImportBatch.objects.create(
            source="p3ke",
            file_name="p3ke.csv",
            file="imports/p3ke.csv",
            sha256="0" * 64,
            status=ImportBatch.Status.LOADING,
            started_at=timezone.now() - datetime.timedelta(minutes=minutes),
        )

    operator = client_for(users["operator"])
    busy = operator.get(reverse("registry:import_detail", args=[loading_since(2).pk])).content.decode()
    assert "Jalankan ulang" not in busy and "tidak selesai" not in busy
    stopped_batch = loading_since(20)
    stopped = operator.get(reverse("registry:import_detail", args=[stopped_batch.pk])).content.decode()
    assert "Jalankan ulang" in stopped and "tidak selesai" in stopped
    # Cancelling it ends it at once: no worker is left to notice the request.
    operator.post(reverse("registry:import_cancel", args=[stopped_batch.pk]))
    stopped_batch.refresh_from_db()
    assert stopped_batch.status == ImportBatch.Status.CANCELLED and stopped_batch.can_run_again
