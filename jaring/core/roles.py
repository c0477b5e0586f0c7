from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator Sudin Nakertrans")
    OPERATOR = "operator", _("Operator Sudin Nakertrans")
    LEADERSHIP = "leadership", _("Pimpinan")
    SPONSOR = "sponsor", _("Pemberi dana")
    BRANCH_OFFICER = "branch_officer", _("Petugas kantor cabang BPJS")
    KELURAHAN_OFFICER = "kelurahan_officer", _("Petugas kelurahan")


OFFICE_ROLES = frozenset({Role.ADMIN, Role.OPERATOR})
CITYWIDE_READ_ROLES = frozenset({Role.ADMIN, Role.OPERATOR, Role.LEADERSHIP})
ALL_ROLES = frozenset(Role)
