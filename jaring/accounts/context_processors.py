"""Navigation: each role sees only the pages it may use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jaring.core.roles import Role

ADMIN, OPER, LEAD, SPON, BRAN, KELU = (
    Role.ADMIN,
    Role.OPERATOR,
    Role.LEADERSHIP,
    Role.SPONSOR,
    Role.BRANCH_OFFICER,
    Role.KELURAHAN_OFFICER,
)
EVERYONE = {ADMIN, OPER, LEAD, SPON, BRAN, KELU}

# (url name, label, roles). Later capabilities add their entries here.
NAVIGATION = [
    ("home", _("Beranda"), EVERYONE),
    ("wilayah:kecamatan_list", _("Wilayah"), {ADMIN, OPER, LEAD, BRAN, KELU}),
    ("wilayah:branch_list", _("Kantor cabang"), EVERYONE),
    ("registry:worker_list", _("Pekerja"), {ADMIN, OPER, LEAD, BRAN, KELU}),
    ("registry:import_list", _("Impor"), {ADMIN, OPER}),
    ("registry:duplicate_list", _("Duplikat"), {ADMIN, OPER}),
    ("sponsors:sponsor_mine", _("Organisasi saya"), {SPON}),
    ("sponsors:sponsor_list", _("Pemberi dana"), {ADMIN, OPER, LEAD}),
    ("sponsors:invitation_list", _("Penjangkauan"), {ADMIN, OPER, LEAD}),
    ("sponsors:pledge_list", _("Komitmen"), {ADMIN, OPER, LEAD, SPON}),
    ("sponsors:invoice_list", _("Tagihan"), {ADMIN, OPER, LEAD, SPON}),
    ("sponsors:payment_list", _("Pembayaran"), {ADMIN, OPER, LEAD, SPON}),
    ("sponsors:rate_list", _("Tarif iuran"), {ADMIN, OPER, LEAD, SPON}),
    ("coverage:home", _("Kepesertaan"), {ADMIN, OPER, LEAD, BRAN, KELU}),
    ("accounts:user_list", _("Pengguna"), {ADMIN}),
    ("accounts:audit_list", _("Log audit"), {ADMIN}),
    ("api-docs", _("API"), EVERYONE),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav_items": []}
    path = request.path
    items = []
    for name, label, roles in NAVIGATION:
        if user.role in roles:
            url = reverse(name)
            active = path == url if url == "/" else path.startswith(url)
            items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items}
