from django import forms
from django.utils.translation import gettext_lazy as _

from .lookup import KelurahanLookup
from .models import Branch, Kecamatan, Kelurahan


class KelurahanField(forms.CharField):
    """A text field that accepts a kelurahan code or name in any common spelling and returns the Kelurahan."""

    default_error_messages = {
        "unknown": _("Kelurahan “%(value)s” tidak dikenal di Jakarta Selatan. Periksa ejaan atau kodenya."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Kelurahan"))
        kwargs.setdefault("help_text", _("Ketik nama atau kode kelurahan, misalnya “Rawa Jati” atau “31.74.08.1003”."))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("list", "kelurahan-options")
        self.widget.attrs.setdefault("autocomplete", "off")

    def prepare_value(self, value):
        if isinstance(value, Kelurahan):
            return value.nama
        if isinstance(value, int):
            kelurahan = Kelurahan.objects.filter(pk=value).first()
            return kelurahan.nama if kelurahan else value
        return value

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        ref = KelurahanLookup.from_db().resolve(value)
        if ref is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"value": value})
        return Kelurahan.objects.select_related("kecamatan").get(pk=ref.id)


class BranchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.nama


class ServiceAreaForm(forms.Form):
    """One branch choice per kecamatan."""

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        branches = Branch.objects.order_by("nama")
        self.kecamatan = list(Kecamatan.objects.order_by("kode"))
        current = {area.kecamatan_id: area.branch_id for area in areas}
        for kecamatan in self.kecamatan:
            self.fields[f"kecamatan_{kecamatan.pk}"] = BranchChoiceField(
                label=kecamatan.nama,
                queryset=branches,
                initial=current.get(kecamatan.pk),
                empty_label=None,
                error_messages={"invalid_choice": _("Pilih kantor cabang yang ada dalam daftar.")},
            )

    def choices(self):
        for kecamatan in self.kecamatan:
            yield kecamatan, self.cleaned_data[f"kecamatan_{kecamatan.pk}"]

    def rows(self):
        for kecamatan in self.kecamatan:
            yield kecamatan, self[f"kecamatan_{kecamatan.pk}"]


class BranchForm(forms.ModelForm):
    class Meta:
        model = Branch
        fields = ["alamat", "telepon"]
