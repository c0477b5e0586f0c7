import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from jaring.core.roles import Role
from jaring.lib import clock
from jaring.wilayah.forms import KelurahanField
from jaring.wilayah.models import Kecamatan, Kelurahan

from .models import Sex, Source, Verification
from .nik import NikError, clean_nik

MAX_UPLOAD_MB = 600


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("NIK atau nama"), required=False, max_length=60)
    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), queryset=Kecamatan.objects.none(), required=False)
    kelurahan = forms.ModelChoiceField(label=_("Kelurahan"), queryset=Kelurahan.objects.none(), required=False)
    desil_p3ke = forms.TypedChoiceField(
        label=_("Desil P3KE"), choices=[("", "—")] + [(i, i) for i in range(1, 5)], coerce=int, required=False
    )
    desil_dtsen = forms.TypedChoiceField(
        label=_("Desil DTSEN"), choices=[("", "—")] + [(i, i) for i in range(1, 11)], coerce=int, required=False
    )
    sumber = forms.ChoiceField(label=_("Sumber"), choices=[("", "—")] + list(Source.choices), required=False)
    pekerjaan = forms.CharField(label=_("Pekerjaan"), required=False, max_length=60)
    verifikasi = forms.ChoiceField(
        label=_("Verifikasi"), choices=[("", "—")] + list(Verification.choices), required=False
    )
    bpjs_active = forms.BooleanField(label=_("Sudah aktif BPJS"), required=False)
    apbd_funded = forms.BooleanField(label=_("Dibiayai APBD"), required=False)
    deceased = forms.BooleanField(label=_("Meninggal"), required=False)

    def __init__(self, *args, kelurahan_qs=None, kecamatan_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = kelurahan_qs if kelurahan_qs is not None else Kelurahan.objects.all()
        self.fields["kecamatan"].queryset = kecamatan_qs if kecamatan_qs is not None else Kecamatan.objects.all()
        self.fields["kelurahan"].empty_label = _("Semua kelurahan")
        self.fields["kecamatan"].empty_label = _("Semua kecamatan")
        self.fields["kelurahan"].widget.attrs["aria-label"] = _("Kelurahan")
        self.fields["kecamatan"].widget.attrs["aria-label"] = _("Kecamatan")
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Pilihan tidak tersedia.")


class WorkerForm(forms.Form):
    """Add a worker by hand; the same validation as the importers (stdnum for the NIK)."""

    nik = forms.CharField(label=_("NIK"), max_length=30)
    name = forms.CharField(label=_("Nama sesuai KTP"), max_length=150)
    kk = forms.CharField(label=_("Nomor KK"), max_length=30, required=False)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("", "—")] + list(Sex.choices), required=False)
    birth_date = forms.DateField(
        label=_("Tanggal lahir"),
        required=False,
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "DD/MM/YYYY"}),
        error_messages={"invalid": _("Tanggal lahir tidak valid; tulis DD/MM/YYYY, misalnya 17/08/1980.")},
    )
    kelurahan = KelurahanField()
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    rt = forms.RegexField(
        label=_("RT"),
        regex=r"^\d{1,3}$",
        required=False,
        error_messages={"invalid": _("RT berupa angka, paling banyak 3 digit.")},
    )
    rw = forms.RegexField(
        label=_("RW"),
        regex=r"^\d{1,3}$",
        required=False,
        error_messages={"invalid": _("RW berupa angka, paling banyak 3 digit.")},
    )
    occupation = forms.CharField(label=_("Pekerjaan"), max_length=100, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False)
    p3ke_decile = forms.TypedChoiceField(
        label=_("Desil P3KE"),
        choices=[("", "—")] + [(i, i) for i in range(1, 5)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    dtsen_decile = forms.TypedChoiceField(
        label=_("Desil DTSEN"),
        choices=[("", "—")] + [(i, i) for i in range(1, 11)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    bpjs_active = forms.BooleanField(label=_("Sudah aktif BPJS Ketenagakerjaan"), required=False)
    apbd_funded = forms.BooleanField(label=_("Iurannya dibiayai APBD"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.role == Role.KELURAHAN_OFFICER:
            self.fields["kelurahan"].initial = user.kelurahan.nama

    def clean_nik(self):
        try:
            return clean_nik(self.cleaned_data["nik"])
        except NikError as error:
            raise forms.ValidationError(str(error))

    def clean_kk(self):
        kk = "".join(self.cleaned_data.get("kk", "").split())
        if kk and not (kk.isdigit() and len(kk) == 16):
            raise forms.ValidationError(_("Nomor KK harus 16 angka."))
        return kk

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if not phone:
            return ""
        try:
            number = phonenumbers.parse(phone, "ID")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(_("Nomor telepon “%(value)s” tidak valid.") % {"value": phone})
        return "0" + str(number.national_number)

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > clock.today():
            raise forms.ValidationError(_("Tanggal lahir tidak boleh di masa depan."))
        return value

    def clean_kelurahan(self):
        kelurahan = self.cleaned_data.get("kelurahan")
        own_only = self.user is not None and self.user.role == Role.KELURAHAN_OFFICER
        if own_only and kelurahan and kelurahan.pk != self.user.kelurahan_id:
            raise forms.ValidationError(
                _("Anda hanya dapat menambah pekerja di Kelurahan %(own)s.") % {"own": self.user.kelurahan.nama}
            )
        return kelurahan

    def worker_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["rt"] = data["rt"].zfill(3) if data.get("rt") else ""
        data["rw"] = data["rw"].zfill(3) if data.get("rw") else ""
        return data


class ImportUploadForm(forms.Form):
    source = forms.ChoiceField(label=_("Sumber data"), choices=[c for c in Source.choices if c[0] != Source.MANUAL])
    file = forms.FileField(
        label=_("Berkas (CSV atau .xlsx)"),
        help_text=_("CSV dengan pemisah koma, titik koma atau tab (UTF-8 atau Windows-1252), atau Excel .xlsx."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".tsv", ".xlsx")):
            raise forms.ValidationError(
                _("Berkas harus CSV atau Excel (.xlsx); “%(name)s” tidak didukung.") % {"name": upload.name}
            )
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("Berkas terlalu besar (maksimal %(mb)s MB).") % {"mb": MAX_UPLOAD_MB})
        if upload.size == 0:
            raise forms.ValidationError(_("Berkas kosong."))
        return upload


class DuplicateDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("merge_a", _("Gabung, pertahankan A")),
            ("merge_b", _("Gabung, pertahankan B")),
            ("distinct", _("Orang berbeda")),
        ],
        widget=forms.RadioSelect,
        label=_("Keputusan"),
    )
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)
