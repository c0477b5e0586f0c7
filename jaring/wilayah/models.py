from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

kecamatan_code_validator = RegexValidator(r"^31\.74\.\d{2}$", _("Kode kecamatan harus berbentuk 31.74.NN."))
kelurahan_code_validator = RegexValidator(r"^31\.74\.\d{2}\.\d{4}$", _("Kode kelurahan harus berbentuk 31.74.NN.NNNN."))
postal_code_validator = RegexValidator(r"^1\d{4}$", _("Kode pos harus lima angka."))


class Kecamatan(models.Model):
    kode = models.CharField(_("kode"), max_length=8, unique=True, validators=[kecamatan_code_validator])
    nama = models.CharField(_("nama"), max_length=100, unique=True)

    class Meta:
        ordering = ["kode"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.nama

    @property
    def kode_digits(self) -> str:
        return self.kode.replace(".", "")


class Kelurahan(models.Model):
    kode = models.CharField(_("kode"), max_length=13, unique=True, validators=[kelurahan_code_validator])
    nama = models.CharField(_("nama"), max_length=100, unique=True)
    kode_pos = models.CharField(_("kode pos"), max_length=5, validators=[postal_code_validator])
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="kelurahan", verbose_name=_("kecamatan")
    )

    class Meta:
        ordering = ["kode"]
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")

    def __str__(self):
        return self.nama

    @property
    def kode_digits(self) -> str:
        return self.kode.replace(".", "")


class Branch(models.Model):
    """A BPJS Ketenagakerjaan branch office (kantor cabang)."""

    slug = models.SlugField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=100, unique=True)
    alamat = models.CharField(_("alamat"), max_length=255, blank=True)
    telepon = models.CharField(_("telepon"), max_length=30, blank=True)

    class Meta:
        ordering = ["nama"]
        verbose_name = _("kantor cabang BPJS Ketenagakerjaan")
        verbose_name_plural = _("kantor cabang BPJS Ketenagakerjaan")

    def __str__(self):
        return f"BPJS Ketenagakerjaan Cabang {self.nama}"


class ServiceArea(models.Model):
    """Which branch serves a kecamatan. One branch per kecamatan; editable by an administrator."""

    kecamatan = models.OneToOneField(
        Kecamatan, on_delete=models.PROTECT, related_name="service_area", verbose_name=_("kecamatan")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="service_areas", verbose_name=_("kantor cabang")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kecamatan__kode"]
        verbose_name = _("wilayah layanan")
        verbose_name_plural = _("wilayah layanan")

    def __str__(self):
        return f"{self.kecamatan} → {self.branch.nama}"
