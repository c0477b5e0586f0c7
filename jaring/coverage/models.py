"""Eligibility rules, screenings, allocations of pledges to workers, and coverage periods.

The invariant this app guards: the live coverages of one worker never share a month. On PostgreSQL an exclusion
constraint (migration ``0002``) enforces it; on every database the allocation services serialise under a lock
and check before they write.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jaring.registry.models import Worker
from jaring.sponsors.models import Pledge
from jaring.wilayah.models import Kelurahan

DEFAULT_EXCLUDED_OCCUPATIONS = [
    "TIDAK BEKERJA",
    "BELUM/TIDAK BEKERJA",
    "PELAJAR/MAHASISWA",
    "MENGURUS RUMAH TANGGA",
]


class RuleSet(models.Model):
    """One version of the eligibility rules. Editing creates a new version; exactly one is active."""

    version = models.PositiveIntegerField(_("versi"), unique=True)
    name = models.CharField(_("nama"), max_length=150)
    is_active = models.BooleanField(_("aktif"), default=False)
    age_min = models.PositiveSmallIntegerField(
        _("usia minimum"), default=18, validators=[MinValueValidator(10), MaxValueValidator(100)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("usia maksimum"), default=65, validators=[MinValueValidator(10), MaxValueValidator(100)]
    )
    excluded_occupations = models.JSONField(_("pekerjaan yang tidak dihitung bekerja"), default=list, blank=True)
    p3ke_max_decile = models.PositiveSmallIntegerField(
        _("desil P3KE maksimum"), default=4, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    count_dtks = models.BooleanField(_("terdaftar di DTKS dihitung miskin"), default=True)
    dtsen_max_decile = models.PositiveSmallIntegerField(
        _("desil DTSEN maksimum"), default=4, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    zakat_p3ke_max_decile = models.PositiveSmallIntegerField(
        _("mustahik: desil P3KE maksimum"), default=2, validators=[MinValueValidator(0), MaxValueValidator(4)]
    )
    zakat_dtsen_max_decile = models.PositiveSmallIntegerField(
        _("mustahik: desil DTSEN maksimum"), default=2, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    note = models.CharField(_("catatan perubahan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("aturan kelayakan")
        verbose_name_plural = _("aturan kelayakan")
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="ruleset_one_active"),
            models.CheckConstraint(name="ruleset_age_ordered", condition=Q(age_min__lte=F("age_max"))),
        ]

    def __str__(self):
        return f"v{self.version} · {self.name}"

    def clean(self):
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("Usia maksimum tidak boleh di bawah usia minimum.")})

    @property
    def excluded_occupations_normalised(self) -> list[str]:
        return sorted({" ".join(str(o).upper().split()) for o in self.excluded_occupations if str(o).strip()})


class Screening(models.Model):
    """One screening of the registry under a rule set for a planned period, with its counts."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("aturan"))
    first_month = models.DateField(_("bulan pertama"))
    months = models.PositiveSmallIntegerField(_("jumlah bulan"))
    total = models.PositiveIntegerField(_("pekerja diperiksa"), default=0)
    eligible = models.PositiveIntegerField(_("memenuhi syarat"), default=0)
    rule_counts = models.JSONField(_("gagal per aturan"), default=dict)
    kelurahan_counts = models.JSONField(_("per kelurahan"), default=list)
    duration_ms = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("penyaringan")
        verbose_name_plural = _("penyaringan")

    def __str__(self):
        return f"Penyaringan #{self.pk} ({self.ruleset})"


class Allocation(models.Model):
    """One run that fills (part of) a pledge with workers: proposed, then approved or discarded by the office."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("diusulkan")
        APPROVED = "approved", _("disetujui")
        DISCARDED = "discarded", _("dibatalkan")

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="+", verbose_name=_("komitmen"))
    ruleset = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("aturan"))
    renewal_of = models.ForeignKey(
        Pledge,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("perpanjangan dari komitmen"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    first_month = models.DateField(_("bulan pertama"))
    last_month = models.DateField(_("bulan terakhir"))
    requested = models.PositiveIntegerField(_("pekerja dibutuhkan"))
    proposed_count = models.PositiveIntegerField(_("pekerja diusulkan"), default=0)
    missing = models.PositiveIntegerField(_("kekurangan pekerja"), default=0)
    parameters = models.JSONField(_("parameter"), default=dict, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alokasi")
        verbose_name_plural = _("alokasi")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge"], condition=Q(status="proposed"), name="allocation_one_proposal_per_pledge"
            ),
        ]

    def __str__(self):
        return f"Alokasi #{self.pk} · {self.pledge}"


class Coverage(models.Model):
    """One worker protected by one pledge for whole months [first_month, last_month] (first days of months)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("diusulkan")
        APPROVED = "approved", _("disetujui")
        SENT = "sent", _("dikirim ke BPJS")
        ACTIVE = "active", _("aktif")
        ENDED = "ended", _("berakhir")
        REPLACED = "replaced", _("diganti")
        CANCELLED = "cancelled", _("dibatalkan")

    # Statuses that hold the worker's months: no two of these may overlap for one worker.
    LIVE = (Status.PROPOSED, Status.APPROVED, Status.SENT, Status.ACTIVE, Status.ENDED)
    # Statuses that still run (can end soon, can be replaced).
    RUNNING = (Status.PROPOSED, Status.APPROVED, Status.SENT, Status.ACTIVE)
    # Statuses whose months are committed money (the pledge's ledger counts them as used).
    COMMITTED = (Status.APPROVED, Status.SENT, Status.ACTIVE, Status.ENDED, Status.REPLACED)

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("pekerja"))
    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="+", verbose_name=_("komitmen"))
    allocation = models.ForeignKey(
        Allocation, null=True, blank=True, on_delete=models.PROTECT, related_name="coverages"
    )
    ruleset = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("aturan"))
    kelurahan = models.ForeignKey(
        Kelurahan, on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan"), db_index=False
    )
    first_month = models.DateField(_("bulan pertama"))
    last_month = models.DateField(_("bulan terakhir"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    rank = models.PositiveIntegerField(_("peringkat"))
    reasons = models.TextField(_("alasan terpilih"), blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("menggantikan"),
    )
    end_reason = models.CharField(_("alasan berakhir/diganti"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pledge_id", "rank"]
        verbose_name = _("kepesertaan")
        verbose_name_plural = _("kepesertaan")
        indexes = [
            models.Index(fields=["worker", "first_month"], name="coverage_worker_month"),
            models.Index(fields=["pledge", "status"], name="coverage_pledge_status"),
            models.Index(fields=["kelurahan", "status"], name="coverage_kelurahan_status"),
            models.Index(fields=["last_month", "status"], name="coverage_last_month"),
        ]
        constraints = [
            models.CheckConstraint(name="coverage_months_ordered", condition=Q(first_month__lte=F("last_month"))),
            models.UniqueConstraint(
                fields=["worker", "pledge"],
                condition=Q(status__in=["proposed", "approved", "sent", "active", "ended"]),
                name="coverage_one_live_per_worker_pledge",
            ),
        ]

    def __str__(self):
        return f"{self.worker_id} · {self.pledge_id} · {self.first_month:%m/%Y}–{self.last_month:%m/%Y}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE

    @property
    def months(self) -> int:
        return (self.last_month.year - self.first_month.year) * 12 + self.last_month.month - self.first_month.month + 1

    def clean(self):
        for name in ("first_month", "last_month"):
            value = getattr(self, name)
            if value and value.day != 1:
                raise ValidationError({name: _("Bulan diisi dengan tanggal 1 bulan itu.")})
        if self.first_month and self.last_month and self.first_month > self.last_month:
            raise ValidationError({"last_month": _("Bulan terakhir tidak boleh sebelum bulan pertama.")})
