import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jaring.accounts.models import User
from jaring.core.roles import Role
from jaring.lib import clock
from jaring.lib.dates import add_months, first_of_month, month_label
from jaring.wilayah.models import Kecamatan, Kelurahan

from .models import Invitation, Pledge, Rate, Sector, Settlement, Sponsor
from .validators import NPWP_HELP, validate_npwp, validate_phone

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on a field when the form has it, otherwise on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class KecamatanChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Kecamatan.objects.order_by("nama"))
        kwargs.setdefault("label", _("Kecamatan"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", _("— pilih kecamatan —"))
        super().__init__(**kwargs)


class SponsorRegisterForm(forms.Form):
    type = forms.ChoiceField(label=_("Jenis organisasi"), choices=Sponsor.Type.choices)
    legal_name = forms.CharField(label=_("Nama resmi organisasi"), max_length=200)
    npwp = forms.CharField(
        label=_("NPWP"), max_length=25, required=False, help_text=NPWP_HELP, validators=[validate_npwp]
    )
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    kecamatan = KecamatanChoiceField()
    position = forms.CharField(label=_("Jabatan Anda"), max_length=100, required=False)
    phone = forms.CharField(label=_("Telepon Anda"), max_length=30, required=False, validators=[validate_phone])


class SponsorSignupForm(SponsorRegisterForm):
    full_name = forms.CharField(label=_("Nama lengkap Anda"), max_length=150)
    email = forms.EmailField(label=_("Email Anda"))
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    password = forms.CharField(
        label=_("Kata sandi"),
        widget=forms.PasswordInput,
        help_text=_("Minimal 10 karakter, tidak hanya angka, dan tidak mirip nama pengguna."),
    )
    password2 = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput)

    field_order = [
        "full_name",
        "email",
        "phone",
        "position",
        "username",
        "password",
        "password2",
        "type",
        "legal_name",
        "npwp",
        "address",
        "kecamatan",
    ]

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") and data["password"] != data["password2"]:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        data.pop("password2", None)
        return data


class MembershipForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Akun pemberi dana"),
        queryset=User.objects.none(),
        help_text=_("Akun berperan pemberi dana yang belum terhubung ke organisasi (dibuat di menu Pengguna)."),
    )
    position = forms.CharField(label=_("Jabatan"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            role=Role.SPONSOR, is_active=True, sponsor_membership__isnull=True
        ).order_by("username")


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    position = forms.CharField(label=_("Jabatan"), max_length=100, required=False)
    phone = forms.CharField(label=_("Telepon"), max_length=30, required=False, validators=[validate_phone])
    email = forms.EmailField(label=_("Email"), required=False)


class InvitationForm(forms.Form):
    organisation_name = forms.CharField(label=_("Nama organisasi"), max_length=200)
    organisation_type = forms.ChoiceField(label=_("Jenis"), choices=[("", "—"), *Sponsor.Type.choices], required=False)
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    kecamatan = KecamatanChoiceField()
    contact_name = forms.CharField(label=_("Narahubung"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Telepon"), max_length=30, required=False, validators=[validate_phone])
    contact_email = forms.EmailField(label=_("Email"), required=False)
    letter_number = forms.CharField(label=_("Nomor surat"), max_length=100, required=False)
    letter_date = forms.DateField(label=_("Tanggal surat"), required=False, widget=DATE_INPUT)
    next_follow_up = forms.DateField(label=_("Tindak lanjut berikutnya"), required=False, widget=DATE_INPUT)


class InvitationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Invitation.Status.choices)
    next_follow_up = forms.DateField(
        label=_("Tindak lanjut berikutnya"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Hanya untuk status diundang atau ditindaklanjuti."),
    )
    note_date = forms.DateField(label=_("Tanggal catatan"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas daftar undangan"),
        help_text=_(
            "CSV atau .xlsx dengan kolom: nama_organisasi, jenis, alamat, kecamatan, narahubung, telepon, email, "
            "nomor_surat, tanggal_surat, tindak_lanjut."
        ),
    )


class RateForm(forms.ModelForm):
    class Meta:
        model = Rate
        fields = [
            "sector",
            "valid_from",
            "valid_to",
            "jkk",
            "jkm",
            "is_discount",
            "applies_to_sponsor_paid",
            "legal_basis",
        ]
        widgets = {"valid_from": DATE_INPUT, "valid_to": DATE_INPUT, "legal_basis": forms.Textarea(attrs={"rows": 4})}


def month_choices(count: int = 24):
    start = first_of_month(clock.today())
    return [(add_months(start, n).isoformat(), month_label(add_months(start, n))) for n in range(count)]


class PledgeForm(forms.Form):
    fund_type = forms.ChoiceField(label=_("Jenis dana"), choices=Pledge.FundType.choices)
    sector = forms.ChoiceField(label=_("Sektor pekerja"), choices=Sector.choices, initial=Sector.OTHER)
    workers = forms.IntegerField(label=_("Jumlah pekerja"), min_value=1, max_value=100_000)
    months = forms.IntegerField(label=_("Jumlah bulan"), min_value=1, max_value=60)
    start_month = forms.TypedChoiceField(label=_("Bulan mulai"), coerce=datetime.date.fromisoformat)
    schedule = forms.TypedChoiceField(
        label=_("Jadwal pembayaran"), choices=Pledge.Schedule.choices, coerce=int, initial=Pledge.Schedule.UPFRONT
    )
    kecamatan = forms.ModelMultipleChoiceField(
        label=_("Kecamatan pilihan"),
        queryset=Kecamatan.objects.order_by("nama"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila boleh di seluruh Jakarta Selatan."),
    )
    kelurahan = forms.ModelMultipleChoiceField(
        label=_("Kelurahan pilihan"),
        queryset=Kelurahan.objects.order_by("nama"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    occupations = forms.CharField(label=_("Pekerjaan yang diutamakan"), max_length=300, required=False)
    women_only = forms.BooleanField(label=_("Hanya pekerja perempuan"), required=False)
    priority_note = forms.CharField(
        label=_("Kelompok prioritas"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = month_choices()
        current = self.initial.get("start_month")
        if current and current.isoformat() not in dict(choices):
            choices.insert(0, (current.isoformat(), month_label(current)))
        self.fields["start_month"].choices = choices
        if not current:
            self.initial["start_month"] = choices[1][0]


class SettlementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Penyelesaian"), choices=Settlement.Kind.choices)
    amount = forms.IntegerField(label=_("Jumlah (Rp)"), min_value=1)
    date = forms.DateField(label=_("Tanggal"), widget=DATE_INPUT)
    target_pledge = forms.ModelChoiceField(
        label=_("Komitmen tujuan (bila dialihkan)"), queryset=Pledge.objects.none(), required=False
    )
    reference = forms.CharField(label=_("Nomor referensi transfer"), max_length=100, required=False)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_pledge"].queryset = (
            Pledge.objects.filter(sponsor=pledge.sponsor, status__in=[Pledge.Status.APPROVED, Pledge.Status.ACTIVE])
            .exclude(pk=pledge.pk)
            .select_related("sponsor")
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Tanggal bayar"), widget=DATE_INPUT)
    amount = forms.IntegerField(label=_("Jumlah (Rp)"), min_value=1)
    reference = forms.CharField(label=_("Nomor referensi transfer"), max_length=100)
    proof = forms.FileField(
        label=_("Bukti pembayaran"),
        help_text=_("PDF, JPG atau PNG, maksimal 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
