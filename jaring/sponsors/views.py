"""Pages for the office (sponsors, outreach, rates, pledges, invoices, payments) and the sponsor portal.

Thin views: a form parses input, one service or selector does the work. Every object is fetched through a
``*_get_for_user`` selector, so another sponsor's id answers 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jaring.accounts.services import session_event
from jaring.core.access import role_required
from jaring.core.models import AuditEvent
from jaring.core.roles import Role
from jaring.lib import clock
from jaring.lib.xlsx import xlsx_response

from . import documents, selectors, services
from .forms import (
    ContactForm,
    ImportForm,
    InvitationForm,
    InvitationStatusForm,
    MembershipForm,
    PaymentForm,
    PledgeForm,
    RateForm,
    ReasonForm,
    SettlementForm,
    SponsorRegisterForm,
    SponsorSignupForm,
    apply_errors,
)
from .models import Invitation, Invoice, Payment, Pledge, Rate, Sponsor
from .outreach_import import parse_invitations
from .rates import PRESETS
from .validators import CONTENT_TYPES_BY_EXTENSION

OFFICE = (Role.ADMIN, Role.OPERATOR)
READ = (Role.ADMIN, Role.OPERATOR, Role.LEADERSHIP)
READ_AND_SPONSOR = (*READ, Role.SPONSOR)
OFFICE_AND_SPONSOR = (*OFFICE, Role.SPONSOR)


def _wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def _history(obj, limit=20):
    return AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk)).select_related("actor")[:limit]


# -- sponsor organisations --------------------------------------------------------------------------------------


@role_required(*READ)
def sponsor_list(request):
    sponsors = selectors.sponsors_for_user(request.user).select_related("kecamatan").order_by("legal_name")
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("jenis", "")
    verified = request.GET.get("verifikasi", "")
    if query:
        sponsors = sponsors.filter(Q(legal_name__icontains=query) | Q(npwp__icontains=query))
    if kind in Sponsor.Type.values:
        sponsors = sponsors.filter(type=kind)
    if verified == "ya":
        sponsors = sponsors.filter(verified_at__isnull=False)
    elif verified == "belum":
        sponsors = sponsors.filter(verified_at__isnull=True)
    if _wants_xlsx(request):
        return xlsx_response(
            "pemberi-dana.xlsx",
            [_("Nama resmi"), _("Jenis"), _("NPWP"), _("Alamat"), _("Kecamatan"), _("Terverifikasi")],
            (
                [s.legal_name, s.get_type_display(), s.npwp, s.address, str(s.kecamatan or ""), s.is_verified]
                for s in sponsors
            ),
            sheet=_("Pemberi dana"),
        )
    page = Paginator(sponsors, 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "sponsors/sponsor_list.html",
        {"page": page, "query": query, "kind": kind, "verified": verified, "types": Sponsor.Type.choices},
    )


@role_required(Role.SPONSOR)
def sponsor_mine(request):
    sponsor = selectors.sponsor_of_user(request.user)
    if sponsor is None:
        return redirect("sponsors:sponsor_register")
    return redirect("sponsors:sponsor_detail", pk=sponsor.pk)


@role_required(Role.SPONSOR)
def sponsor_register(request):
    if selectors.sponsor_of_user(request.user) is not None:
        return redirect("sponsors:sponsor_mine")
    form = SponsorRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sponsor = services.sponsor_register(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Organisasi %(name)s terdaftar dan menunggu verifikasi Sudin Nakertrans.")
                % {"name": sponsor.legal_name},
            )
            return redirect("sponsors:sponsor_detail", pk=sponsor.pk)
    return render(request, "sponsors/sponsor_register.html", {"form": form})


def sponsor_signup(request):
    """Public page: an organisation's staff member creates a sponsor account and registers the organisation."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SponsorSignupForm(request.POST or None)
    throttle_key = f"sponsor-signup:{request.META.get('REMOTE_ADDR', '')}"
    if request.method == "POST" and cache.get(throttle_key, 0) >= settings.SPONSOR_SIGNUPS_PER_HOUR:
        form.is_valid()
        form.add_error(None, _("Terlalu banyak pendaftaran dari alamat ini. Coba lagi dalam satu jam."))
    elif request.method == "POST" and form.is_valid():
        try:
            sponsor = services.sponsor_signup(**form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            user = sponsor.memberships.get().user
            cache.set(throttle_key, cache.get(throttle_key, 0) + 1, 60 * 60)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            session_event(user=user, action=AuditEvent.Action.LOGIN)
            messages.success(
                request,
                _("Akun dan organisasi %(name)s terdaftar. Organisasi menunggu verifikasi Sudin Nakertrans.")
                % {"name": sponsor.legal_name},
            )
            return redirect("sponsors:sponsor_detail", pk=sponsor.pk)
    return render(request, "sponsors/sponsor_signup.html", {"form": form})


@role_required(*READ_AND_SPONSOR)
def sponsor_detail(request, pk):
    sponsor = selectors.sponsor_get_for_user(request.user, pk)
    may_edit = request.user.role in OFFICE or request.user.role == Role.SPONSOR
    return render(
        request,
        "sponsors/sponsor_detail.html",
        {
            "sponsor": sponsor,
            "contacts": selectors.contacts_for_sponsor(sponsor),
            "members": sponsor.memberships.select_related("user"),
            "pledges": selectors.pledges_for_user(request.user).filter(sponsor=sponsor),
            "invitations": sponsor.invitations.all() if request.user.role in READ else [],
            "contact_form": ContactForm() if may_edit else None,
            "membership_form": MembershipForm() if request.user.role in OFFICE else None,
            "history": _history(sponsor) if request.user.role in READ else [],
        },
    )


@role_required(*OFFICE)
@require_POST
def sponsor_verify(request, pk):
    sponsor = selectors.sponsor_get_for_user(request.user, pk)
    try:
        services.sponsor_verify(acting_user=request.user, sponsor=sponsor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s telah diverifikasi.") % {"name": sponsor.legal_name})
    return redirect("sponsors:sponsor_detail", pk=sponsor.pk)


def _run_inline_form(request, form, action, success: str) -> None:
    """A small form posted from a detail page: run the service; report its errors or the success as a message."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, success)


@role_required(*OFFICE)
@require_POST
def membership_add(request, pk):
    sponsor = selectors.sponsor_get_for_user(request.user, pk)
    _run_inline_form(
        request,
        MembershipForm(request.POST),
        lambda **data: services.membership_add(acting_user=request.user, sponsor=sponsor, **data),
        _("Akun dihubungkan ke %(name)s.") % {"name": sponsor.legal_name},
    )
    return redirect("sponsors:sponsor_detail", pk=sponsor.pk)


@role_required(*OFFICE_AND_SPONSOR)
@require_POST
def contact_add(request, pk):
    sponsor = selectors.sponsor_get_for_user(request.user, pk)
    _run_inline_form(
        request,
        ContactForm(request.POST),
        lambda **data: services.contact_add(acting_user=request.user, sponsor=sponsor, **data),
        _("Narahubung ditambahkan."),
    )
    return redirect("sponsors:sponsor_detail", pk=sponsor.pk)


# -- outreach ---------------------------------------------------------------------------------------------------


@role_required(*READ)
def invitation_list(request):
    invitations = selectors.invitations_for_user(request.user).order_by("organisation_name")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    if status in Invitation.Status.values:
        invitations = invitations.filter(status=status)
    if query:
        invitations = invitations.filter(Q(organisation_name__icontains=query) | Q(letter_number__icontains=query))
    if _wants_xlsx(request):
        return xlsx_response(
            "penjangkauan.xlsx",
            [
                _("Organisasi"),
                _("Jenis"),
                _("Kecamatan"),
                _("Narahubung"),
                _("Telepon"),
                _("Nomor surat"),
                _("Tanggal surat"),
                _("Status"),
                _("Tindak lanjut"),
            ],
            (
                [
                    i.organisation_name,
                    i.get_organisation_type_display(),
                    str(i.kecamatan or ""),
                    i.contact_name,
                    i.contact_phone,
                    i.letter_number,
                    i.letter_date,
                    i.get_status_display(),
                    i.next_follow_up,
                ]
                for i in invitations
            ),
            sheet=_("Penjangkauan"),
        )
    counts = selectors.invitation_counts(request.user)
    return render(
        request,
        "sponsors/invitation_list.html",
        {
            "page": Paginator(invitations, 50).get_page(request.GET.get("halaman")),
            "due": selectors.follow_ups_due(request.user)[:20],
            "counts": [(value, label, counts[value]) for value, label in Invitation.Status.choices],
            "statuses": Invitation.Status.choices,
            "status": status,
            "query": query,
        },
    )


@role_required(*OFFICE)
def invitation_create(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s ditambahkan ke daftar penjangkauan.") % {"name": invitation})
            return redirect("sponsors:invitation_detail", pk=invitation.pk)
    return render(request, "sponsors/invitation_create.html", {"form": form})


@role_required(*READ)
def invitation_detail(request, pk):
    invitation = selectors.invitation_get_for_user(request.user, pk)
    form = None
    if request.user.role in OFFICE:
        form = InvitationStatusForm(
            request.POST or None,
            initial={"status": invitation.status, "next_follow_up": invitation.next_follow_up},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.invitation_update_status(acting_user=request.user, invitation=invitation, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Penjangkauan diperbarui."))
                return redirect("sponsors:invitation_detail", pk=invitation.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "sponsors/invitation_detail.html",
        {"invitation": invitation, "notes": invitation.notes.select_related("author"), "form": form},
    )


@role_required(*OFFICE)
def invitation_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    rows, file_errors = [], []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        rows, file_errors = parse_invitations(upload.name, upload.read())
        if not file_errors and rows and not any(row.errors for row in rows):
            result = services.invitations_import(acting_user=request.user, rows=[row.values for row in rows])
            messages.success(
                request,
                _("%(created)s organisasi ditambahkan, %(skipped)s sudah ada dan dilewati.") % result,
            )
            return redirect("sponsors:invitation_list")
        if not file_errors and not rows:
            file_errors = [_("Tidak ada baris data di berkas.")]
    bad_rows = [row for row in rows if row.errors]
    return render(
        request,
        "sponsors/invitation_import.html",
        {"form": form, "file_errors": file_errors, "bad_rows": bad_rows, "row_count": len(rows)},
    )


# -- rates ------------------------------------------------------------------------------------------------------


@role_required(*READ_AND_SPONSOR)
def rate_list(request):
    return render(
        request,
        "sponsors/rate_list.html",
        {
            "rates": Rate.objects.order_by("sector", "valid_from"),
            "discounts_apply": selectors.discounts_apply_to_sponsor_paid(),
        },
    )


@role_required(Role.ADMIN)
def rate_edit(request, pk=None):
    rate = get_object_or_404(Rate, pk=pk) if pk is not None else None
    form = RateForm(request.POST or None, instance=Rate.objects.get(pk=rate.pk) if rate else None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.rate_save(acting_user=request.user, rate=rate, **fields)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Tabel tarif disimpan."))
            return redirect("sponsors:rate_list")
    return render(request, "sponsors/rate_edit.html", {"form": form, "rate": rate})


@role_required(Role.ADMIN)
@require_POST
def rate_discount(request):
    applies = request.POST.get("applies") == "1"
    services.rate_discount_setting_set(acting_user=request.user, applies=applies)
    if applies:
        messages.success(request, _("Potongan iuran kini berlaku untuk peserta yang dibayar pemberi dana."))
    else:
        messages.success(request, _("Potongan iuran kini tidak berlaku untuk peserta yang dibayar pemberi dana."))
    return redirect("sponsors:rate_list")


# -- pledges ----------------------------------------------------------------------------------------------------


@role_required(*READ_AND_SPONSOR)
def pledge_list(request):
    pledges = selectors.pledges_for_user(request.user)
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    if status in Pledge.Status.values:
        pledges = pledges.filter(status=status)
    if query:
        pledges = pledges.filter(sponsor__legal_name__icontains=query)
    if _wants_xlsx(request):
        return xlsx_response(
            "komitmen.xlsx",
            [
                _("Nomor"),
                _("Pemberi dana"),
                _("Jenis dana"),
                _("Pekerja"),
                _("Bulan"),
                _("Bulan mulai"),
                _("Biaya (Rp)"),
                _("Status"),
            ],
            (
                [
                    p.number,
                    p.sponsor.legal_name,
                    p.get_fund_type_display(),
                    p.workers,
                    p.months,
                    p.start_month,
                    p.cost,
                    p.get_status_display(),
                ]
                for p in pledges
            ),
            sheet=_("Komitmen"),
        )
    return render(
        request,
        "sponsors/pledge_list.html",
        {
            "page": Paginator(pledges, 50).get_page(request.GET.get("halaman")),
            "statuses": Pledge.Status.choices,
            "status": status,
            "query": query,
            "sponsor": selectors.sponsor_of_user(request.user),
        },
    )


def _pledge_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["kecamatan"] = list(data["kecamatan"])
    data["kelurahan"] = list(data["kelurahan"])
    return data


@role_required(Role.SPONSOR)
def pledge_create(request):
    sponsor = selectors.sponsor_of_user(request.user)
    if sponsor is None:
        messages.error(request, _("Daftarkan organisasi Anda terlebih dahulu."))
        return redirect("sponsors:sponsor_register")
    initial = {"fund_type": Pledge.FundType.ZAKAT if sponsor.type == Sponsor.Type.ZAKAT else Pledge.FundType.CSR}
    preset = PRESETS.get(request.GET.get("skema", ""))
    if preset:
        initial["workers"], initial["months"] = preset
    form = PledgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_create(acting_user=request.user, sponsor=sponsor, **_pledge_data(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Draf komitmen disimpan. Periksa lalu ajukan ke Sudin Nakertrans."))
            return redirect("sponsors:pledge_detail", pk=pledge.pk)
    return render(request, "sponsors/pledge_create.html", {"form": form, "presets": PRESETS, "preset": preset})


@role_required(*OFFICE_AND_SPONSOR)
def pledge_edit(request, pk):
    pledge = selectors.pledge_get_for_user(request.user, pk)
    if pledge.status not in Pledge.EDITABLE:
        messages.error(request, _("Komitmen hanya dapat diubah saat berstatus draf atau dikembalikan."))
        return redirect("sponsors:pledge_detail", pk=pledge.pk)
    initial = {name: getattr(pledge, name) for name in services.PLEDGE_EDITABLE_FIELDS}
    initial["kecamatan"] = list(pledge.kecamatan.all())
    initial["kelurahan"] = list(pledge.kelurahan.all())
    form = PledgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_update(acting_user=request.user, pledge=pledge, **_pledge_data(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Perubahan komitmen disimpan."))
            return redirect("sponsors:pledge_detail", pk=pledge.pk)
    return render(request, "sponsors/pledge_edit.html", {"form": form, "pledge": pledge})


@role_required(*READ_AND_SPONSOR)
def pledge_detail(request, pk):
    pledge = selectors.pledge_get_for_user(request.user, pk)
    ledger = selectors.pledge_ledger(pledge)
    return render(
        request,
        "sponsors/pledge_detail.html",
        {
            "pledge": pledge,
            "ledger": ledger,
            "cost_groups": selectors.pledge_cost_groups(pledge),
            "invoices": pledge.invoices.order_by("period_start"),
            "payments": pledge.payments.select_related("invoice").order_by("-paid_on"),
            "actions": services.allowed_actions(request.user, pledge),
            "return_form": ReasonForm(),
            "settlements": pledge.settlements.select_related("target_pledge"),
            "carried_in": pledge.carried_in.select_related("pledge"),
            "settlement_form": _settlement_form(request.user, pledge, ledger),
            "history": _history(pledge),
        },
    )


def _settlement_form(user, pledge, ledger, data=None):
    if user.role not in OFFICE or pledge.status not in services.SETTLEABLE or (ledger.balance <= 0 and data is None):
        return None
    return SettlementForm(data, pledge=pledge, initial={"amount": ledger.balance, "date": clock.today()})


@role_required(*OFFICE)
@require_POST
def pledge_settle(request, pk):
    pledge = selectors.pledge_get_for_user(request.user, pk)
    form = _settlement_form(request.user, pledge, selectors.pledge_ledger(pledge), request.POST)
    if form is None:
        messages.error(request, _("Saldo hanya diselesaikan untuk komitmen yang dibatalkan atau selesai."))
    else:
        _run_inline_form(
            request,
            form,
            lambda **data: services.settlement_record(acting_user=request.user, pledge=pledge, **data),
            _("Penyelesaian saldo dicatat."),
        )
    return redirect("sponsors:pledge_detail", pk=pledge.pk)


PLEDGE_ACTIONS = {
    "ajukan": ("submit", services.pledge_submit, _("Komitmen diajukan ke Sudin Nakertrans.")),
    "setujui": ("approve", services.pledge_approve, _("Komitmen disetujui dan tagihannya diterbitkan.")),
    "kembalikan": ("return", services.pledge_return, _("Komitmen dikembalikan ke pemberi dana.")),
    "batalkan": ("cancel", services.pledge_cancel, _("Komitmen dibatalkan.")),
    "jalankan": ("activate", services.pledge_activate, _("Komitmen berjalan.")),
    "selesaikan": ("complete", services.pledge_complete, _("Komitmen selesai.")),
}


OFFICE_ONLY_ACTIONS = {"approve", "return", "activate", "complete"}


@role_required(*OFFICE_AND_SPONSOR)
@require_POST
def pledge_action(request, pk, action):
    if action not in PLEDGE_ACTIONS:
        raise Http404
    pledge = selectors.pledge_get_for_user(request.user, pk)
    name, service, done = PLEDGE_ACTIONS[action]
    if name in OFFICE_ONLY_ACTIONS and request.user.role not in OFFICE:
        raise PermissionDenied
    kwargs = {}
    if name in ("return", "cancel"):
        kwargs["reason"] = request.POST.get("reason", "")
    try:
        service(acting_user=request.user, pledge=pledge, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("sponsors:pledge_detail", pk=pledge.pk)


@role_required(*READ_AND_SPONSOR)
def pledge_letter_pdf(request, pk):
    pledge = selectors.pledge_get_for_user(request.user, pk)
    if pledge.status in (Pledge.Status.DRAFT, Pledge.Status.CANCELLED):
        raise Http404
    return documents.pdf_response(documents.pledge_letter(pledge), f"surat-komitmen-{pledge.pk}.pdf")


@role_required(*READ_AND_SPONSOR)
def pledge_certificate_pdf(request, pk):
    pledge = selectors.pledge_get_for_user(request.user, pk)
    if pledge.status != Pledge.Status.COMPLETED:
        raise Http404
    return documents.pdf_response(documents.certificate(pledge), f"piagam-{pledge.pk}.pdf")


# -- invoices and payments --------------------------------------------------------------------------------------


@role_required(*READ_AND_SPONSOR)
def invoice_list(request):
    invoices = selectors.invoices_for_user(request.user).order_by("due_date", "number")
    status = request.GET.get("status", "")
    if status in Invoice.Status.values:
        invoices = invoices.filter(status=status)
    if _wants_xlsx(request):
        return xlsx_response(
            "tagihan.xlsx",
            [
                _("Nomor"),
                _("Pemberi dana"),
                _("Komitmen"),
                _("Periode mulai"),
                _("Periode sampai"),
                _("Jumlah (Rp)"),
                _("Jatuh tempo"),
                _("Status"),
            ],
            (
                [
                    i.number,
                    i.pledge.sponsor.legal_name,
                    i.pledge.number,
                    i.period_start,
                    i.period_end,
                    i.amount,
                    i.due_date,
                    i.get_status_display(),
                ]
                for i in invoices
            ),
            sheet=_("Tagihan"),
        )
    return render(
        request,
        "sponsors/invoice_list.html",
        {
            "page": Paginator(invoices, 50).get_page(request.GET.get("halaman")),
            "statuses": Invoice.Status.choices,
            "status": status,
            "today": clock.today(),
        },
    )


@role_required(*READ_AND_SPONSOR)
def invoice_detail(request, pk):
    invoice = selectors.invoice_get_for_user(request.user, pk)
    open_amount = selectors.invoice_open_amount(invoice)
    may_pay = request.user.role in OFFICE_AND_SPONSOR and invoice.status == Invoice.Status.ISSUED and open_amount > 0
    form = None
    if may_pay:
        form = PaymentForm(
            request.POST or None,
            request.FILES or None,
            initial={"amount": open_amount, "paid_on": clock.today()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.payment_record(acting_user=request.user, invoice=invoice, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Pembayaran dicatat dan menunggu verifikasi Sudin Nakertrans."))
                return redirect("sponsors:invoice_detail", pk=invoice.pk)
    elif request.method == "POST":
        if request.user.role not in OFFICE_AND_SPONSOR:
            raise PermissionDenied
        messages.error(request, _("Tagihan ini tidak menerima pembayaran lagi."))
        return redirect("sponsors:invoice_detail", pk=invoice.pk)
    return render(
        request,
        "sponsors/invoice_detail.html",
        {
            "invoice": invoice,
            "payments": invoice.payments.select_related("verified_by"),
            "open_amount": open_amount,
            "paid_amount": selectors.invoice_paid_amount(invoice),
            "form": form,
        },
    )


@role_required(*READ_AND_SPONSOR)
def invoice_pdf(request, pk):
    invoice = selectors.invoice_get_for_user(request.user, pk)
    return documents.pdf_response(documents.invoice(invoice), f"tagihan-{invoice.pk}.pdf")


@role_required(*READ_AND_SPONSOR)
def payment_list(request):
    payments = selectors.payments_for_user(request.user)
    status = request.GET.get("status", "")
    if status in Payment.Status.values:
        payments = payments.filter(status=status)
    if _wants_xlsx(request):
        return xlsx_response(
            "pembayaran.xlsx",
            [_("Tanggal bayar"), _("Pemberi dana"), _("Tagihan"), _("Referensi"), _("Jumlah (Rp)"), _("Status")],
            (
                [p.paid_on, p.sponsor.legal_name, p.invoice.number, p.reference, p.amount, p.get_status_display()]
                for p in payments
            ),
            sheet=_("Pembayaran"),
        )
    return render(
        request,
        "sponsors/payment_list.html",
        {
            "page": Paginator(payments, 50).get_page(request.GET.get("halaman")),
            "statuses": Payment.Status.choices,
            "status": status,
            "reject_form": ReasonForm(),
        },
    )


@role_required(*OFFICE)
@require_POST
def payment_verify(request, pk):
    payment = selectors.payment_get_for_user(request.user, pk)
    try:
        if request.POST.get("decision") == "tolak":
            services.payment_reject(acting_user=request.user, payment=payment, reason=request.POST.get("reason", ""))
            messages.success(request, _("Pembayaran %(ref)s ditolak.") % {"ref": payment.reference})
        else:
            services.payment_verify(acting_user=request.user, payment=payment)
            messages.success(request, _("Pembayaran %(ref)s terverifikasi.") % {"ref": payment.reference})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("sponsors:payment_list")


@role_required(*READ_AND_SPONSOR)
def payment_proof(request, pk):
    payment = selectors.payment_get_for_user(request.user, pk)
    if not payment.proof:
        raise Http404
    name = payment.proof.name.rsplit("/", 1)[-1]
    content_type = CONTENT_TYPES_BY_EXTENSION.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    response = FileResponse(payment.proof.open("rb"), filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(*READ_AND_SPONSOR)
def payment_receipt_pdf(request, pk):
    payment = selectors.payment_get_for_user(request.user, pk)
    if payment.status != Payment.Status.VERIFIED:
        raise Http404
    return documents.pdf_response(documents.receipt(payment), f"kuitansi-{payment.pk}.pdf")
