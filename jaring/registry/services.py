"""Writes to the registry: imports, manual entry and verification by kelurahan officers, duplicate decisions."""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import time

import psycopg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from jaring.core.audit import audit_record, diff, snapshot
from jaring.core.models import AuditEvent
from jaring.lib import clock
from jaring.wilayah.lookup import KelurahanLookup

from .imports.load import Cancelled, load_file, side_connection_params
from .imports.reader import ImportFileError, read_table
from .imports.validate import Validator
from .models import DuplicateCandidate, ImportBatch, Source, Verification, Worker, WorkerChange, WorkerSource
from .nik import clean_nik, nik_mismatches

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 600 * 1024 * 1024
ALLOWED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
WORKER_FIELDS = [
    "nik",
    "kk",
    "name",
    "sex",
    "birth_date",
    "address",
    "rt",
    "rw",
    "kelurahan_id",
    "occupation",
    "phone",
    "p3ke_decile",
    "dtks_decile",
    "in_dtks",
    "dtsen_decile",
    "bpjs_active",
    "apbd_funded",
    "deceased",
    "verification",
    "review_reasons",
]


# --- imports ----------
def import_batch_create(*, uploaded_by, source: str, file_name: str, data: bytes, enqueue: bool = True) -> ImportBatch:
    """Store an uploaded file as a new batch and queue its import (after commit)."""
    if source not in Source.values or source == Source.MANUAL:
        raise ValidationError(_("Pilih sumber data: P3KE, DTKS, DTSEN atau templat Jaring."))
    if not file_name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValidationError(_("Berkas harus CSV atau Excel (.xlsx)."))
    if not data:
        raise ValidationError(_("Berkas kosong."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Berkas terlalu besar (maksimal 600 MB)."))
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        seen = (
            ImportBatch.objects.filter(sha256=digest, source=source, status=ImportBatch.Status.DONE)
            .order_by("created_at")
            .first()
        )
        batch = ImportBatch(
            source=source, file_name=file_name[:255], sha256=digest, seen_before=seen, uploaded_by=uploaded_by
        )
        batch.file.save(f"{digest[:16]}-{file_name[-80:]}", ContentFile(data), save=False)
        batch.save()
        audit_record(
            actor=uploaded_by,
            action=AuditEvent.Action.CREATE,
            obj=batch,
            after={"source": source, "file_name": batch.file_name, "sha256": digest},
        )
        if enqueue:
            transaction.on_commit(lambda: _enqueue(batch))
    return batch


def _enqueue(batch: ImportBatch) -> None:
    from .tasks import run_import

    result = run_import.enqueue(batch.pk)
    ImportBatch.objects.filter(pk=batch.pk, task_id="").update(task_id=str(result.id)[:64])


def import_batch_restart(*, batch: ImportBatch, acting_user) -> ImportBatch:
    """Run a failed, cancelled or stale batch again."""
    if batch.file_purged_at:
        raise ValidationError(
            _(
                "Berkas asli impor ini sudah dihapus setelah masa simpannya berakhir. Unggah ulang berkasnya untuk "
                "mengimpor lagi."
            )
        )
    if not batch.can_run_again:
        raise ValidationError(_("Impor ini tidak dapat dijalankan ulang pada statusnya sekarang."))
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.UPLOADED, progress=0, phase="", error="", cancel_requested=False, task_id=""
        )
        audit_record(actor=acting_user, action=AuditEvent.Action.TRANSITION, obj=batch, note="jalankan ulang")
        transaction.on_commit(lambda: _enqueue(batch))
    batch.refresh_from_db()
    return batch


def import_files_purge(*, older_than_days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Delete the stored original files of imports that finished more than ``older_than_days`` ago (default:
    settings.IMPORT_FILE_RETENTION_DAYS). The batch keeps its counts, its SHA-256 (so a file uploaded again is still
    recognised) and its issue rows with their original values. Returns how many files were deleted."""
    days = older_than_days or settings.IMPORT_FILE_RETENTION_DAYS
    now = now or clock.now()
    finished = [ImportBatch.Status.DONE, ImportBatch.Status.FAILED, ImportBatch.Status.CANCELLED]
    due = (
        ImportBatch.objects.filter(
            status__in=finished, finished_at__lt=now - datetime.timedelta(days=days), file_purged_at__isnull=True
        )
        .exclude(file="")
        .values_list("pk", flat=True)
    )
    purged = 0
    for pk in list(due):
        with transaction.atomic():
            batch = ImportBatch.objects.select_for_update().get(pk=pk)
            if batch.file_purged_at or batch.status not in finished:
                continue  # restarted or purged meanwhile
            name, storage = batch.file.name, batch.file.storage
            ImportBatch.objects.filter(pk=pk).update(file="", file_purged_at=now)
            audit_record(
                actor=None,
                action=AuditEvent.Action.DELETE,
                obj=batch,
                before={"file": name},
                note=f"berkas asli dihapus setelah masa simpan {days} hari",
            )
            # The file goes once the row says so; a file left behind by a failed delete is only an orphan.
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        purged += 1
    return purged


@transaction.atomic
def import_batch_cancel(*, batch: ImportBatch, acting_user) -> ImportBatch:
    if not batch.is_running:
        raise ValidationError(_("Impor ini sudah selesai; tidak ada yang dibatalkan."))
    ImportBatch.objects.filter(pk=batch.pk).update(cancel_requested=True)
    if batch.status == ImportBatch.Status.UPLOADED or batch.is_stale:
        # Nobody is running it (not started yet, or its worker stopped): cancelled at once.
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.CANCELLED, phase=_("Dibatalkan"), finished_at=clock.now()
        )
    audit_record(actor=acting_user, action=AuditEvent.Action.TRANSITION, obj=batch, note="batal")
    batch.refresh_from_db()
    return batch


def _progress(batch_id: int, *, status=None, progress=None, phase=None, **extra) -> None:
    fields = dict(extra)
    if status is not None:
        fields["status"] = status
    if progress is not None:
        fields["progress"] = progress
    if phase is not None:
        fields["phase"] = phase
    ImportBatch.objects.filter(pk=batch_id).update(**fields)


def _cancel_requested(batch_id: int) -> bool:
    return ImportBatch.objects.filter(pk=batch_id, cancel_requested=True).exists()


class _ProgressOutsideTheLoad:
    """The load's progress, written where the import page can see it while the load's transaction is still open.

    PostgreSQL: on a second, autocommit connection (what the load writes is invisible until it commits). SQLite
    has one writer at a time and the load holds it, so there the bar waits at the load's start. Progress is a
    courtesy: if it cannot be written the load goes on."""

    def __init__(self, batch_id: int):
        self.batch_id = batch_id
        self.enabled = connection.vendor == "postgresql"
        self.link = None
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 30 + 60 * done // max(total, 1)
        if not self.enabled or percent == self.shown:
            return
        phase = _("Memeriksa dan memuat: %(done)s dari %(total)s baris") % {
            "done": number_format(done, force_grouping=True),
            "total": number_format(total, force_grouping=True),
        }
        try:
            if self.link is None:
                self.link = psycopg.connect(autocommit=True, **side_connection_params())
                self.link.execute("SET lock_timeout = '2s'")
            self.link.execute(
                "UPDATE registry_importbatch SET progress = %s, phase = %s WHERE id = %s",
                [percent, phase, self.batch_id],
            )
            self.shown = percent
        except psycopg.Error:
            logger.warning("import %s: progress could not be shown", self.batch_id, exc_info=True)
            self.enabled = False

    def close(self) -> None:
        if self.link is not None:
            self.link.close()


def _finish_batch(batch: ImportBatch, result, started: float) -> None:
    """Record the outcome of a load (inside its transaction)."""
    counts = {
        "total_rows": result.total,
        "created_count": result.created,
        "updated_count": result.updated,
        "unchanged_count": result.unchanged,
        "rejected_count": result.rejected,
        "flagged_count": result.flagged,
    }
    _progress(
        batch.pk,
        status=ImportBatch.Status.DONE,
        progress=100,
        phase=_("Selesai"),
        finished_at=clock.now(),
        duration_ms=int((time.monotonic() - started) * 1000),
        **counts,
    )
    batch.refresh_from_db()
    audit_record(
        actor=batch.uploaded_by,
        action=AuditEvent.Action.IMPORT,
        obj=batch,
        after={**counts, "duplicates_queued": result.duplicates_queued},
    )


def import_batch_run(*, batch_id: int) -> ImportBatch:
    """Validate and load one batch. Two stages; the load is one transaction. Safe to call twice."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status in {ImportBatch.Status.DONE, ImportBatch.Status.CANCELLED}:
        return batch
    if batch.status != ImportBatch.Status.UPLOADED and not batch.is_stale:
        return batch  # another worker is running it
    started = time.monotonic()
    _progress(
        batch_id,
        status=ImportBatch.Status.VALIDATING,
        progress=5,
        phase=_("Membaca berkas"),
        started_at=clock.now(),
    )
    try:
        try:
            path = batch.file.path  # a file on local disk is read by polars straight from there
        except NotImplementedError:
            path = None
        if path and os.path.isfile(path):
            raw = read_table(None, batch.file_name, path=path)
        else:
            with batch.file.open("rb") as handle:
                data = handle.read()
            raw = read_table(data, batch.file_name)
            del data
        validator = Validator(raw, batch.source, KelurahanLookup.from_db())
        del raw  # the validator keeps what it needs (the recognised columns, and the file for the issue rows)
        if _cancel_requested(batch_id):
            raise Cancelled
        _progress(
            batch_id,
            status=ImportBatch.Status.LOADING,
            progress=30,
            phase=_("Memeriksa dan memuat %(n)s baris dalam satu transaksi")
            % {"n": number_format(validator.total, force_grouping=True)},
            total_rows=validator.total,
        )

        def check_cancel():
            if _cancel_requested(batch_id):
                raise Cancelled

        shown = _ProgressOutsideTheLoad(batch_id)
        try:
            with transaction.atomic():
                result = load_file(
                    validator=validator,
                    source=batch.source,
                    batch_id=batch_id,
                    check_cancel=check_cancel,
                    progress=shown,
                )
                _finish_batch(batch, result, started)
        finally:
            shown.close()
    except Cancelled:
        _progress(batch_id, status=ImportBatch.Status.CANCELLED, phase=_("Dibatalkan"), finished_at=clock.now())
    except ImportFileError as error:
        _progress(
            batch_id, status=ImportBatch.Status.FAILED, phase=_("Gagal"), error=str(error), finished_at=clock.now()
        )
    except Exception:
        logger.exception("import batch %s failed", batch_id)
        _progress(
            batch_id,
            status=ImportBatch.Status.FAILED,
            phase=_("Gagal"),
            error=_("Terjadi kesalahan tak terduga saat memuat. Registri tidak berubah; jalankan ulang impor ini."),
            finished_at=clock.now(),
        )
    batch.refresh_from_db()
    return batch


# --- manual entry and verification ----------
def _record_change(*, worker: Worker, kind: str, actor, changes: dict, note: str = "") -> None:
    WorkerChange.objects.create(worker=worker, kind=kind, actor=actor, changes=changes, note=note[:300])


@transaction.atomic
def worker_create(*, acting_user, nik: str, name: str, kelurahan, **fields) -> Worker:
    """A worker added by hand (a kelurahan officer in their own kelurahan, or the office)."""
    nik = clean_nik(nik)
    if Worker.objects.filter(nik=nik).exists():
        raise ValidationError({"nik": _("NIK %(nik)s sudah terdaftar di registri.") % {"nik": nik}})
    worker = Worker(nik=nik, name=" ".join(name.split()), kelurahan=kelurahan, **fields)
    reasons = nik_mismatches(nik, worker.birth_date, worker.sex)
    if reasons:
        worker.verification = Verification.NEEDS_REVIEW
        worker.review_reasons = " ".join(reasons)[:500]
    worker.full_clean()
    worker.save()
    WorkerSource.objects.create(worker=worker, source=Source.MANUAL)
    _queue_duplicates_of(worker)
    after = snapshot(worker, WORKER_FIELDS)
    _record_change(worker=worker, kind=WorkerChange.Kind.CREATED, actor=acting_user, changes=after)
    audit_record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=worker, after=after)
    return worker


@transaction.atomic
def worker_update(*, acting_user, worker: Worker, note: str = "", **changes) -> Worker:
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    before = snapshot(worker, WORKER_FIELDS)
    for name, value in changes.items():
        if name not in WORKER_FIELDS or name == "nik":
            raise TypeError(f"worker_update cannot change {name}")
        setattr(worker, name, value)
    worker.full_clean()
    worker.save()
    old, new = diff(before, snapshot(worker, WORKER_FIELDS))
    if new:
        _record_change(
            worker=worker,
            kind=WorkerChange.Kind.UPDATED,
            actor=acting_user,
            changes={k: [old[k], new[k]] for k in new},
            note=note,
        )
        audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=worker, before=old, after=new)
    return worker


@transaction.atomic
def worker_verify(*, acting_user, worker: Worker, note: str = "") -> Worker:
    """A kelurahan officer confirms the worker's data against the KTP/KK."""
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    before = {"verification": worker.verification, "review_reasons": worker.review_reasons}
    worker.verification = Verification.VERIFIED
    worker.verified_by = acting_user
    worker.verified_at = clock.now()
    worker.save(update_fields=["verification", "verified_by", "verified_at", "updated_at"])
    after = {"verification": worker.verification}
    _record_change(
        worker=worker,
        kind=WorkerChange.Kind.VERIFIED,
        actor=acting_user,
        changes={"verification": [before["verification"], worker.verification]},
        note=note,
    )
    audit_record(actor=acting_user, action=AuditEvent.Action.TRANSITION, obj=worker, before=before, after=after)
    return worker


def _queue_duplicates_of(worker: Worker) -> None:
    """A hand-entered worker meets the same duplicate rules as imported ones."""
    from django.db.models import Q

    rules = []
    if worker.birth_date:
        rules.append(
            (
                DuplicateCandidate.Reason.NAME_BIRTH_KELURAHAN,
                Q(name=worker.name, birth_date=worker.birth_date, kelurahan=worker.kelurahan),
            )
        )
    if worker.kk:
        rules.append((DuplicateCandidate.Reason.KK_NAME, Q(kk=worker.kk, name=worker.name)))
    for reason, condition in rules:
        for other in Worker.objects.filter(condition, merged_into__isnull=True).exclude(pk=worker.pk):
            a, b = sorted([worker.pk, other.pk])
            DuplicateCandidate.objects.get_or_create(worker_a_id=a, worker_b_id=b, defaults={"reason": reason})


# --- duplicates ----------
@transaction.atomic
def duplicate_decide(
    *, acting_user, candidate: DuplicateCandidate, merge: bool, keep: Worker | None = None, note: str = ""
) -> DuplicateCandidate:
    """Merge two workers (the other is kept, flagged as merged, never deleted) or mark them distinct."""
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.decision != DuplicateCandidate.Decision.PENDING:
        raise ValidationError(_("Pasangan ini sudah diputuskan."))
    if merge:
        keep = keep or candidate.worker_a
        if keep.pk not in (candidate.worker_a_id, candidate.worker_b_id):
            raise ValidationError(_("Pekerja yang dipertahankan harus salah satu dari pasangan ini."))
        other = candidate.worker_b if keep.pk == candidate.worker_a_id else candidate.worker_a
        other = Worker.objects.select_for_update().get(pk=other.pk)
        other.merged_into = keep
        other.save(update_fields=["merged_into", "updated_at"])
        for source in WorkerSource.objects.filter(worker=other).exclude(
            source__in=WorkerSource.objects.filter(worker=keep).values("source")
        ):
            source.worker = keep
            source.save(update_fields=["worker", "updated_at"])
        _record_change(
            worker=other,
            kind=WorkerChange.Kind.MERGED,
            actor=acting_user,
            changes={"merged_into": [None, keep.pk]},
            note=note or _("Digabung ke NIK %(nik)s") % {"nik": keep.nik},
        )
        _record_change(
            worker=keep,
            kind=WorkerChange.Kind.MERGED,
            actor=acting_user,
            changes={"absorbed": [None, other.pk]},
            note=note or _("Menggabungkan NIK %(nik)s") % {"nik": other.nik},
        )
    candidate.decision = DuplicateCandidate.Decision.MERGED if merge else DuplicateCandidate.Decision.DISTINCT
    candidate.decided_by = acting_user
    candidate.decided_at = clock.now()
    candidate.note = note[:300]
    candidate.save()
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.TRANSITION,
        obj=candidate,
        after={"decision": candidate.decision, "keep": keep.pk if merge and keep else None},
        object_label=f"{candidate.worker_a_id} / {candidate.worker_b_id}",
    )
    return candidate
