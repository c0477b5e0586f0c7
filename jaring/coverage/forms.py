"""Forms for coverage pages: rules, screening period, proposals, replacements and the simulator."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from jaring.lib import clock
from jaring.lib.dates import add_months, first_of_month, month_label
from jaring.sponsors.models import Pledge, Sector
from jaring.wilayah.models import Kecamatan, Kelurahan

from .models import RuleSet


def month_choices(count: int = 25, *, back: int = 0) -> list[tuple[str, str]]:
    start = add_months(first_of_month(clock.today()), -back)
    return [(add_months(start, i).isoformat(), month_label(add_months(start, i))) for i in range(count + back)]


class MonthField(forms.TypedChoiceField):
    def __init__(self, *args, back: int = 0, **kwargs):
        kwargs.setdefault("coerce", datetime.date.fromisoformat)
        super().__init__(*args, choices=lambda: month_choices(back=back), **kwargs)


class RuleSetForm(forms.ModelForm):
    excluded_occupations = forms.CharField(
        label=_("Pekerjaan yang tidak dihitung bekerja"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Satu pekerjaan per baris, persis seperti tertulis di data sumber (huruf besar/kecil diabaikan)."),
    )
    note = forms.CharField(label=_("Catatan perubahan"), max_length=300, required=True)

    class Meta:
        model = RuleSet
        fields = [
            "name",
            "age_min",
            "age_max",
            "excluded_occupations",
            "p3ke_max_decile",
            "count_dtks",
            "dtsen_max_decile",
            "zakat_p3ke_max_decile",
            "zakat_dtsen_max_decile",
        ]
        help_texts = {
            "age_min": _("Usia pada bulan pertama kepesertaan."),
            "zakat_p3ke_max_decile": _("Dana zakat hanya untuk mustahik (fakir/miskin). Isi 0 untuk tidak memakai."),
            "zakat_dtsen_max_decile": _("Isi 0 untuk tidak memakai desil DTSEN."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["excluded_occupations"] = "\n".join(self.instance.excluded_occupations)

    def clean_excluded_occupations(self):
        return [line.strip() for line in self.cleaned_data["excluded_occupations"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if data.get("age_min") is not None and data.get("age_max") is not None and data["age_min"] > data["age_max"]:
            self.add_error("age_max", _("Usia maksimum tidak boleh di bawah usia minimum."))
        return data


class PeriodForm(forms.Form):
    first_month = MonthField(label=_("Bulan pertama"), back=12)
    months = forms.IntegerField(label=_("Jumlah bulan"), min_value=1, max_value=60, initial=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_month"].initial = add_months(first_of_month(clock.today()), 1).isoformat()


class ProposeForm(forms.Form):
    renewal_of = forms.ModelChoiceField(
        label=_("Perpanjangan dari komitmen"),
        queryset=Pledge.objects.none(),
        required=False,
        empty_label=_("— bukan perpanjangan —"),
        help_text=_("Pekerja komitmen sebelumnya didahulukan agar perlindungannya tidak terputus."),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["renewal_of"].queryset = candidates


class ReplaceForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=300)
    from_month = MonthField(label=_("Pengganti mulai bulan"), back=12, required=False)


class SimulatorForm(forms.Form):
    amount = forms.IntegerField(label=_("Jumlah dana (Rp)"), min_value=1, initial=20_160_000)
    months = forms.IntegerField(label=_("Jumlah bulan"), min_value=1, max_value=60, initial=12)
    first_month = MonthField(label=_("Bulan mulai"))
    sector = forms.ChoiceField(label=_("Sektor pekerja"), choices=Sector.choices, initial=Sector.OTHER)
    fund_type = forms.ChoiceField(label=_("Jenis dana"), choices=Pledge.FundType.choices, initial="csr")
    kecamatan = forms.ModelMultipleChoiceField(
        label=_("Kecamatan pilihan"), queryset=Kecamatan.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    kelurahan = forms.ModelMultipleChoiceField(
        label=_("Kelurahan pilihan"), queryset=Kelurahan.objects.all(), required=False
    )
    occupations = forms.CharField(label=_("Pekerjaan (pisahkan dengan koma)"), max_length=300, required=False)
    women_only = forms.BooleanField(label=_("Hanya pekerja perempuan"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_month"].initial = add_months(first_of_month(clock.today()), 1).isoformat()
