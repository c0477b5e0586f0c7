from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from jaring.core.roles import Role
from jaring.wilayah.forms import KelurahanField
from jaring.wilayah.models import Branch

from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Periksa kembali; huruf besar dan kecil dibedakan."),
        "inactive": _("Akun ini tidak aktif. Hubungi administrator Sudin Nakertrans."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Nama pengguna")
        self.fields["password"].label = _("Kata sandi")


class UserForm(forms.ModelForm):
    kelurahan = KelurahanField(required=False)
    password = forms.CharField(
        label=_("Kata sandi awal"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=password_validation.password_validators_help_text_html(),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "role", "branch", "kelurahan", "is_active"]
        labels = {"username": _("Nama pengguna"), "is_active": _("Aktif")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = Branch.objects.order_by("nama")
        self.fields["branch"].required = False
        self.fields["email"].required = True
        if self.instance.pk:
            self.fields["username"].disabled = True
            del self.fields["password"]
        else:
            self.fields["password"].required = True
            del self.fields["is_active"]

    def clean(self):
        data = super().clean()
        role, branch, kelurahan = data.get("role"), data.get("branch"), data.get("kelurahan")
        if role == Role.BRANCH_OFFICER and not branch:
            self.add_error("branch", _("Petugas kantor cabang harus terikat pada satu kantor cabang."))
        if role == Role.KELURAHAN_OFFICER and not kelurahan and not self.has_error("kelurahan"):
            self.add_error("kelurahan", _("Petugas kelurahan harus terikat pada satu kelurahan."))
        if role != Role.BRANCH_OFFICER:
            data["branch"] = None
        if role != Role.KELURAHAN_OFFICER:
            data["kelurahan"] = None
        password = data.get("password")
        if password and not self.instance.pk:
            candidate = User(
                username=data.get("username", ""),
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data
