"""Sponsor organisations and the users who act for them.

Issue 2 lays the ground (an organisation and its members, so that a sponsor user is bound to exactly one
organisation); outreach, pledges, invoices and payments arrive with issue 4.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jaring.wilayah.models import Kecamatan


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
    npwp = models.CharField(_("NPWP"), max_length=20, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    kecamatan = models.ForeignKey(
        Kecamatan, verbose_name=_("kecamatan"), null=True, blank=True, on_delete=models.PROTECT
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
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
