"""The registry of vulnerable workers (pekerja rentan) and the imports that fill it."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from jaring.lib import clock
from jaring.wilayah.models import Kelurahan


class Source(models.TextChoices):
    P3KE = "p3ke", _("P3KE")
    DTKS = "dtks", _("DTKS")
    DTSEN = "dtsen", _("DTSEN")
    TEMPLATE = "template", _("Templat Jaring")
    MANUAL = "manual", _("Input petugas")


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Belum diverifikasi")
    NEEDS_REVIEW = "needs_review", _("Perlu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Diunggah")
        VALIDATING = "validating", _("Memeriksa")
        LOADING = "loading", _("Memuat")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        CANCELLED = "cancelled", _("Dibatalkan")

    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    # Emptied when the original file is deleted after the retention period (settings.IMPORT_FILE_RETENTION_DAYS);
    # the batch, its counts, its SHA-256 and the issue rows with their original values stay.
    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/", max_length=300, blank=True)
    file_purged_at = models.DateTimeField(_("berkas asli dihapus"), null=True, blank=True)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    seen_before = models.ForeignKey(
        "self", verbose_name=_("berkas sama pernah diimpor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED)
    phase = models.CharField(_("tahap"), max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(_("kesalahan"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    flagged_count = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor")
        verbose_name_plural = _("impor")

    def __str__(self):
        return f"{self.get_source_display()} · {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.UPLOADED, self.Status.VALIDATING, self.Status.LOADING}

    # A running import that has not finished after this long lost its worker (killed, machine restarted): its
    # transaction was rolled back, and it may be run again. A million rows take well under a minute.
    STALE_AFTER = datetime.timedelta(minutes=15)

    @property
    def is_stale(self) -> bool:
        return self.is_running and self.started_at is not None and clock.now() - self.started_at > self.STALE_AFTER

    @property
    def can_run_again(self) -> bool:
        ended = self.status in {self.Status.FAILED, self.Status.CANCELLED} or self.is_stale
        return ended and self.file_purged_at is None


class Worker(models.Model):
    """One person, identified by NIK. Never deleted: flagged instead. Changes are kept in WorkerChange."""

    nik = models.CharField(_("NIK"), max_length=16)
    kk = models.CharField(_("nomor KK"), max_length=16, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    kelurahan = models.ForeignKey(
        Kelurahan,
        verbose_name=_("kelurahan"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,  # bulk loads resolve it from reference data; kelurahan are never deleted
    )
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    p3ke_decile = models.PositiveSmallIntegerField(_("desil P3KE"), null=True, blank=True)
    dtks_decile = models.PositiveSmallIntegerField(_("desil DTKS"), null=True, blank=True)
    in_dtks = models.BooleanField(_("terdaftar di DTKS"), default=False)
    dtsen_decile = models.PositiveSmallIntegerField(_("desil DTSEN"), null=True, blank=True)
    dukcapil_match = models.BooleanField(_("padan Dukcapil"), null=True, blank=True)
    bpjs_active = models.BooleanField(_("sudah aktif BPJS Ketenagakerjaan"), default=False)
    apbd_funded = models.BooleanField(_("dibiayai APBD"), default=False)
    deceased = models.BooleanField(_("meninggal dunia"), default=False)
    verification = models.CharField(
        _("verifikasi"), max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    review_reasons = models.CharField(_("alasan perlu verifikasi"), max_length=500, blank=True)
    # No database constraint (decisions R7): empty on every loaded row, yet PostgreSQL would queue a deferred
    # check per inserted row. Set only by the verification service, which reads the user first.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,  # decisions R7: set only by the merge service, to a worker it has read
    )
    created_batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nik"]
        verbose_name = _("pekerja")
        verbose_name_plural = _("pekerja")
        # Few indexes on purpose: each one slows a million-row import. The list pages order by NIK (unique
        # index) and filter; kelurahan pages use the composite index. Duplicate detection is set-based.
        indexes = [
            models.Index(fields=["kelurahan", "nik"], name="worker_kelurahan_nik"),
            models.Index(fields=["nik"], name="worker_needs_review_nik", condition=Q(verification="needs_review")),
            # Rare flags: tiny partial indexes, so "show the deceased" does not scan a million rows for none.
            models.Index(fields=["nik"], name="worker_deceased_nik", condition=Q(deceased=True)),
            models.Index(fields=["nik"], name="worker_bpjs_active_nik", condition=Q(bpjs_active=True)),
            models.Index(fields=["nik"], name="worker_apbd_funded_nik", condition=Q(apbd_funded=True)),
        ]
        constraints = [
            # A plain unique constraint: unique=True would add a second (LIKE) index to every bulk insert.
            models.UniqueConstraint(fields=["nik"], name="worker_nik_unique"),
            # Sixteen characters here; "digits only" is a cheaper PostgreSQL-only check added by migration 0003
            # (a regular expression costs a Python call per row on SQLite and more than TRANSLATE on PostgreSQL).
            models.CheckConstraint(name="worker_nik_16", condition=Exact(Length("nik"), 16)),
            models.CheckConstraint(
                name="worker_p3ke_decile_1_4", condition=Q(p3ke_decile__isnull=True) | Q(p3ke_decile__range=(1, 4))
            ),
            models.CheckConstraint(
                name="worker_dtks_decile_1_4", condition=Q(dtks_decile__isnull=True) | Q(dtks_decile__range=(1, 4))
            ),
            models.CheckConstraint(
                name="worker_dtsen_decile_1_10",
                condition=Q(dtsen_decile__isnull=True) | Q(dtsen_decile__range=(1, 10)),
            ),
            models.CheckConstraint(name="worker_not_merged_into_self", condition=~Q(merged_into=F("id"))),
        ]

    def __str__(self):
        return self.name

    @property
    def poorest_decile(self) -> int | None:
        deciles = [d for d in (self.p3ke_decile, self.dtks_decile, self.dtsen_decile) if d]
        return min(deciles) if deciles else None


class WorkerSource(models.Model):
    """A worker as one source knows them: the source's own ids, its decile, the file and row it came from."""

    # Written in bulk by the loader from a join with the worker table (so the worker exists); workers are never
    # deleted. No database-level foreign key, and no index beyond the unique (worker, source) constraint.
    worker = models.ForeignKey(
        Worker, on_delete=models.DO_NOTHING, related_name="sources", db_index=False, db_constraint=False
    )
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    family_id = models.CharField(_("id keluarga"), max_length=40, blank=True)
    person_id = models.CharField(_("id individu"), max_length=40, blank=True)
    decile = models.PositiveSmallIntegerField(_("desil"), null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    row_number = models.PositiveIntegerField(_("baris"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sumber data pekerja")
        verbose_name_plural = _("sumber data pekerja")
        constraints = [models.UniqueConstraint(fields=["worker", "source"], name="worker_source_unique")]

    def __str__(self):
        return f"{self.get_source_display()} · {self.worker_id}"


class WorkerChange(models.Model):
    """One change to a worker: by an import batch or a person, with the old and new value of each field."""

    class Kind(models.TextChoices):
        CREATED = "created", _("dibuat")
        UPDATED = "updated", _("diubah")
        VERIFIED = "verified", _("diverifikasi")
        MERGED = "merged", _("digabung")
        FLAGGED = "flagged", _("ditandai")

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("riwayat pekerja")
        verbose_name_plural = _("riwayat pekerja")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.worker_id}"


class ImportIssue(models.Model):
    """A row of an import that was rejected, or loaded but flagged, with its reasons and original values."""

    class Outcome(models.TextChoices):
        REJECTED = "rejected", _("ditolak")
        FLAGGED = "flagged", _("ditandai")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="issues")
    row_number = models.PositiveIntegerField(_("baris"))
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    nik = models.CharField(max_length=40, blank=True)
    reasons = models.TextField(_("alasan"))
    codes = models.CharField(max_length=200)
    original = models.JSONField(_("nilai asli"), default=dict)

    class Meta:
        ordering = ["row_number"]
        indexes = [models.Index(fields=["batch", "row_number"], name="import_issue_batch_row")]

    def __str__(self):
        return f"{self.batch_id}:{self.row_number} {self.outcome}"


class DuplicateCandidate(models.Model):
    """Two workers with different NIKs who are probably one person. An operator decides."""

    class Reason(models.TextChoices):
        NAME_BIRTH_KELURAHAN = "name_dob", _("nama dan tanggal lahir sama di kelurahan yang sama")
        KK_NAME = "kk_name", _("nomor KK dan nama sama")

    class Decision(models.TextChoices):
        PENDING = "pending", _("menunggu keputusan")
        MERGED = "merged", _("digabung")
        DISTINCT = "distinct", _("orang berbeda")

    worker_a = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    worker_b = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["worker_a", "worker_b"], name="duplicate_pair_unique"),
            models.CheckConstraint(name="duplicate_pair_ordered", condition=Q(worker_a__lt=F("worker_b"))),
        ]

    def __str__(self):
        return f"{self.worker_a_id} / {self.worker_b_id} ({self.get_reason_display()})"
