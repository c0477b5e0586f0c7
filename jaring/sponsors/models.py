"""Sponsor organisations, outreach, contribution rates, pledges, invoices and payments.

Money is whole Rupiah in integer fields with database checks (>= 0). Costs are never computed here: they come
from :mod:`jaring.sponsors.rates` over the :class:`Rate` table, month by month. State changes go through
:mod:`jaring.sponsors.services`, which audits each one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jaring.lib.dates import add_months
from jaring.wilayah.models import Kecamatan, Kelurahan

from .validators import NPWP_HELP, validate_npwp, validate_phone


class Sponsor(models.Model):
    class Type(models.TextChoices):
        BUMD = "bumd", _("BUMD")
        COMPANY = "perusahaan", _("Perusahaan")
        BUSINESS = "badan_usaha", _("Badan usaha")
        FOUNDATION = "yayasan", _("Yayasan")
        ZAKAT = "laz", _("Lembaga amil zakat")
        OTHER = "lainnya", _("Lainnya")

    type = models.CharField(_("jenis"), max_length=20, choices=Type.choices)
    legal_name = models.CharField(_("nama resmi"), max_length=200, unique=True)
    npwp = models.CharField(_("NPWP"), max_length=20, blank=True, validators=[validate_npwp], help_text=NPWP_HELP)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    kecamatan = models.ForeignKey(
        Kecamatan, verbose_name=_("kecamatan"), null=True, blank=True, on_delete=models.PROTECT
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("pemberi dana")
        verbose_name_plural = _("pemberi dana")

    def __str__(self):
        return self.legal_name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class SponsorMembership(models.Model):
    """Binds a sponsor user to exactly one organisation."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sponsor_membership")
    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="memberships")
    position = models.CharField(_("jabatan"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("anggota pemberi dana")
        verbose_name_plural = _("anggota pemberi dana")

    def __str__(self):
        return f"{self.user} @ {self.sponsor}"


class Contact(models.Model):
    """A contact person of a sponsor organisation (who need not have a Jaring account)."""

    sponsor = models.ForeignKey(
        Sponsor, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("pemberi dana")
    )
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=100, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("narahubung")
        verbose_name_plural = _("narahubung")

    def __str__(self):
        return self.name


class Invitation(models.Model):
    """One organisation the circular was sent to, and where its outreach stands."""

    class Status(models.TextChoices):
        INVITED = "invited", _("diundang")
        FOLLOWED_UP = "followed_up", _("ditindaklanjuti")
        PLEDGED = "pledged", _("berkomitmen")
        DECLINED = "declined", _("menolak")
        NO_RESPONSE = "no_response", _("tidak menjawab")

    OPEN_STATUSES = (Status.INVITED, Status.FOLLOWED_UP)

    organisation_name = models.CharField(_("nama organisasi"), max_length=200)
    organisation_type = models.CharField(_("jenis"), max_length=20, choices=Sponsor.Type.choices, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    kecamatan = models.ForeignKey(
        Kecamatan, verbose_name=_("kecamatan"), null=True, blank=True, on_delete=models.PROTECT
    )
    contact_name = models.CharField(_("narahubung"), max_length=150, blank=True)
    contact_phone = models.CharField(_("telepon"), max_length=30, blank=True, validators=[validate_phone])
    contact_email = models.EmailField(_("email"), blank=True)
    letter_number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    letter_date = models.DateField(_("tanggal surat"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INVITED)
    next_follow_up = models.DateField(_("tindak lanjut berikutnya"), null=True, blank=True)
    sponsor = models.ForeignKey(
        Sponsor,
        verbose_name=_("pemberi dana terdaftar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation_name"]
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        constraints = [
            models.UniqueConstraint(fields=["organisation_name"], name="invitation_unique_organisation"),
        ]
        indexes = [models.Index(fields=["status", "next_follow_up"], name="invitation_followup_idx")]

    def __str__(self):
        return self.organisation_name


class InvitationNote(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("tanggal"))
    text = models.TextField(_("catatan"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("catatan penjangkauan")
        verbose_name_plural = _("catatan penjangkauan")

    def __str__(self):
        return f"{self.date}: {self.text[:40]}"


class Sector(models.TextChoices):
    TRANSPORT = "transport", _("Transportasi (ojek daring/pangkalan, pengemudi, kurir/logistik)")
    OTHER = "other", _("Sektor lain")


class Rate(models.Model):
    """JKK and JKM per person per month for one sector over a period (``valid_to`` empty: open-ended).

    Where rows overlap (a discount inside the standard period), the applicable row that starts latest wins.
    A discount row is used for sponsor-paid participants only if ``applies_to_sponsor_paid`` is set.
    """

    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    valid_from = models.DateField(_("berlaku mulai"))
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    jkk = models.PositiveIntegerField(_("JKK (Rp)"))
    jkm = models.PositiveIntegerField(_("JKM (Rp)"))
    is_discount = models.BooleanField(_("potongan iuran"), default=False)
    applies_to_sponsor_paid = models.BooleanField(_("berlaku untuk peserta yang dibayar pemberi dana"), default=True)
    legal_basis = models.TextField(_("dasar hukum"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sector", "valid_from"]
        verbose_name = _("tarif iuran")
        verbose_name_plural = _("tarif iuran")
        constraints = [
            models.CheckConstraint(name="rate_amounts_not_negative", condition=Q(jkk__gte=0) & Q(jkm__gte=0)),
            models.CheckConstraint(
                name="rate_period_ordered", condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from"))
            ),
            models.UniqueConstraint(fields=["sector", "valid_from", "is_discount"], name="rate_unique_start"),
        ]

    def __str__(self):
        return f"{self.get_sector_display()} {self.valid_from:%m/%Y}: {self.total}"

    @property
    def total(self) -> int:
        return self.jkk + self.jkm

    def clean(self):
        if self.valid_from and self.valid_from.day != 1:
            raise ValidationError({"valid_from": _("Tarif berlaku mulai tanggal 1 suatu bulan.")})
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Tanggal akhir tidak boleh sebelum tanggal mulai.")})


class Pledge(models.Model):
    """A sponsor's commitment (komitmen) to fund a number of workers for a number of months."""

    class FundType(models.TextChoices):
        CSR = "csr", _("CSR/TJSL")
        ZAKAT = "zakat", _("Zakat")
        INFAQ = "infaq", _("Infaq/shadaqah")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draf")
        SUBMITTED = "submitted", _("diajukan")
        APPROVED = "approved", _("disetujui")
        RETURNED = "returned", _("dikembalikan")
        ACTIVE = "active", _("berjalan")
        COMPLETED = "completed", _("selesai")
        CANCELLED = "cancelled", _("dibatalkan")

    class Schedule(models.IntegerChoices):
        UPFRONT = 0, _("sekaligus di muka")
        EVERY_3 = 3, _("setiap 3 bulan")
        EVERY_6 = 6, _("setiap 6 bulan")
        EVERY_12 = 12, _("setiap 12 bulan")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    sponsor = models.ForeignKey(
        Sponsor, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("pemberi dana")
    )
    fund_type = models.CharField(_("jenis dana"), max_length=10, choices=FundType.choices)
    sector = models.CharField(_("sektor pekerja"), max_length=20, choices=Sector.choices, default=Sector.OTHER)
    workers = models.PositiveIntegerField(_("jumlah pekerja"), validators=[MinValueValidator(1)])
    months = models.PositiveSmallIntegerField(
        _("jumlah bulan"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    start_month = models.DateField(_("bulan mulai"))
    kecamatan = models.ManyToManyField(Kecamatan, verbose_name=_("kecamatan pilihan"), blank=True, related_name="+")
    kelurahan = models.ManyToManyField(Kelurahan, verbose_name=_("kelurahan pilihan"), blank=True, related_name="+")
    occupations = models.CharField(_("pekerjaan yang diutamakan"), max_length=300, blank=True)
    women_only = models.BooleanField(_("hanya pekerja perempuan"), default=False)
    priority_note = models.TextField(_("kelompok prioritas"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(_("alasan dikembalikan"), blank=True)
    cost = models.BigIntegerField(_("biaya menurut tabel tarif (Rp)"), default=0)
    standard_value = models.BigIntegerField(_("nilai pada tarif standar (Rp)"), default=0)
    schedule = models.PositiveSmallIntegerField(_("jadwal pembayaran"), choices=Schedule.choices, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("komitmen")
        verbose_name_plural = _("komitmen")
        constraints = [
            models.CheckConstraint(
                name="pledge_cost_not_negative", condition=Q(cost__gte=0) & Q(standard_value__gte=0)
            ),
            models.CheckConstraint(name="pledge_workers_positive", condition=Q(workers__gte=1)),
            models.CheckConstraint(name="pledge_months_positive", condition=Q(months__gte=1)),
        ]
        indexes = [models.Index(fields=["status"], name="pledge_status_idx")]

    def __str__(self):
        return f"{self.number} · {self.sponsor}"

    @property
    def number(self) -> str:
        year = self.created_at.year if self.created_at else ""
        return f"KOM/{year}/{self.pk or 0:05d}"

    @property
    def end_month(self):
        return add_months(self.start_month, self.months - 1)

    @property
    def person_months(self) -> int:
        return self.workers * self.months

    def clean(self):
        if self.start_month and self.start_month.day != 1:
            raise ValidationError({"start_month": _("Bulan mulai diisi dengan tanggal 1 bulan itu.")})


class Invoice(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("terbit")
        PAID = "paid", _("lunas")
        CANCELLED = "cancelled", _("dibatalkan")

    number = models.CharField(_("nomor"), max_length=40, unique=True)
    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("komitmen"))
    period_start = models.DateField(_("periode mulai"))
    period_end = models.DateField(_("periode sampai"))
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    issued_on = models.DateField(_("tanggal terbit"))
    due_date = models.DateField(_("jatuh tempo"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ISSUED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pledge_id", "period_start"]
        verbose_name = _("tagihan")
        verbose_name_plural = _("tagihan")
        constraints = [
            models.CheckConstraint(name="invoice_amount_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="invoice_period_ordered", condition=Q(period_end__gte=models.F("period_start"))
            ),
        ]

    def __str__(self):
        return self.number


def proof_upload_to(instance, filename):
    return f"bukti-bayar/{instance.sponsor_id}/{filename}"


class Payment(models.Model):
    class Status(models.TextChoices):
        RECORDED = "recorded", _("menunggu verifikasi")
        VERIFIED = "verified", _("terverifikasi")
        REJECTED = "rejected", _("ditolak")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments", verbose_name=_("tagihan"))
    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="payments", verbose_name=_("komitmen"))
    sponsor = models.ForeignKey(
        Sponsor, on_delete=models.PROTECT, related_name="payments", verbose_name=_("pemberi dana")
    )
    paid_on = models.DateField(_("tanggal bayar"))
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    reference = models.CharField(_("nomor referensi"), max_length=100)
    proof = models.FileField(_("bukti pembayaran"), upload_to=proof_upload_to, max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECORDED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    rejection_reason = models.CharField(_("alasan ditolak"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        constraints = [
            models.CheckConstraint(name="payment_amount_positive", condition=Q(amount__gt=0)),
            models.UniqueConstraint(fields=["sponsor", "reference"], name="payment_reference_unique_per_sponsor"),
        ]

    def __str__(self):
        return f"{self.reference} ({self.invoice})"

    @property
    def receipt_number(self) -> str:
        return f"KWT/{self.paid_on:%Y}/{self.pk or 0:05d}"


class Settlement(models.Model):
    """Money left on a pledge whose coverage ended (cancelled or completed): refunded, or carried over."""

    class Kind(models.TextChoices):
        REFUND = "refund", _("dikembalikan ke pemberi dana")
        CARRY_OVER = "carry_over", _("dialihkan ke komitmen lain")

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("komitmen"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    amount = models.BigIntegerField(_("jumlah (Rp)"))
    date = models.DateField(_("tanggal"))
    target_pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("komitmen tujuan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_in",
    )
    reference = models.CharField(_("nomor referensi"), max_length=100, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("penyelesaian saldo")
        verbose_name_plural = _("penyelesaian saldo")
        constraints = [
            models.CheckConstraint(name="settlement_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="settlement_target_only_for_carry_over",
                condition=(
                    Q(kind="carry_over", target_pledge__isnull=False) | Q(kind="refund", target_pledge__isnull=True)
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} ({self.pledge})"
