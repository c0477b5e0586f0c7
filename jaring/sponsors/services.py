"""Writes for sponsors: keyword-only, one transaction each, validated with ``full_clean`` and audited.

Emails go out in ``transaction.on_commit`` so a rolled-back change never sends one.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from jaring.accounts.models import User
from jaring.accounts.services import user_create
from jaring.core.audit import audit_record, diff, snapshot
from jaring.core.models import AuditEvent
from jaring.core.roles import OFFICE_ROLES, Role
from jaring.lib import clock
from jaring.lib.dates import add_months, first_of_month, last_day_of_month, month_label, month_span
from jaring.lib.money import format_rupiah, terbilang

from . import rates as rate_math
from .models import (
    Contact,
    Invitation,
    InvitationNote,
    Invoice,
    Payment,
    Pledge,
    Rate,
    Settlement,
    Sponsor,
    SponsorMembership,
)
from .selectors import invoice_open_amount, invoice_paid_amount, pledge_ledger, rate_table
from .validators import normalise_npwp, normalise_phone, validate_proof

SPONSOR_FIELDS = ["type", "legal_name", "npwp", "address", "kecamatan_id", "verified_at", "verified_by_id"]
PLEDGE_FIELDS = [
    "sponsor_id",
    "fund_type",
    "sector",
    "workers",
    "months",
    "start_month",
    "occupations",
    "women_only",
    "priority_note",
    "status",
    "return_reason",
    "cost",
    "standard_value",
    "schedule",
]
INVITATION_FIELDS = [
    "organisation_name",
    "organisation_type",
    "address",
    "kecamatan_id",
    "contact_name",
    "contact_phone",
    "contact_email",
    "letter_number",
    "letter_date",
    "status",
    "next_follow_up",
    "sponsor_id",
]
RATE_FIELDS = [
    "sector",
    "valid_from",
    "valid_to",
    "jkk",
    "jkm",
    "is_discount",
    "applies_to_sponsor_paid",
    "legal_basis",
]
PAYMENT_FIELDS = ["invoice_id", "paid_on", "amount", "reference", "status", "verified_by_id", "verified_at"]


def _require_office(user) -> None:
    if getattr(user, "role", None) not in OFFICE_ROLES:
        raise ValidationError(_("Hanya administrator atau operator Sudin Nakertrans yang dapat melakukan ini."))


def _require_member_or_office(user, sponsor: Sponsor) -> None:
    if getattr(user, "role", None) in OFFICE_ROLES:
        return
    membership = getattr(user, "sponsor_membership", None) if user.role == Role.SPONSOR else None
    if membership is None or membership.sponsor_id != sponsor.pk:
        raise ValidationError(_("Anda tidak bertindak atas nama organisasi ini."))


# -- email ------------------------------------------------------------------------------------------------------


def _sponsor_addresses(sponsor: Sponsor) -> list[str]:
    members = User.objects.filter(sponsor_membership__sponsor=sponsor, is_active=True).exclude(email="")
    contacts = Contact.objects.filter(sponsor=sponsor).exclude(email="")
    return sorted({u.email for u in members} | {c.email for c in contacts})


def _office_addresses() -> list[str]:
    users = User.objects.filter(role__in=OFFICE_ROLES, is_active=True).exclude(email="")
    return sorted({u.email for u in users})


def _email_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    if not recipients:
        return
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True))


# -- sponsors and contacts ----------------------------------------------------------------------------------------


def _npwp(value: str) -> str:
    try:
        return normalise_npwp(value)
    except ValidationError as error:
        raise ValidationError({"npwp": error.messages})


def _check_new_name(name: str) -> None:
    if Sponsor.objects.filter(legal_name__iexact=name).exists():
        raise ValidationError(
            {
                "legal_name": _(
                    "Organisasi “%(name)s” sudah terdaftar di Jaring. Hubungi Sudin Nakertrans bila Anda mewakilinya."
                )
                % {"name": name}
            }
        )


def _new_sponsor(*, type: str, legal_name: str, npwp: str, address: str, kecamatan) -> Sponsor:
    """Validate and save a new organisation (name unique case-insensitively, NPWP checked)."""
    legal_name = " ".join(legal_name.split())
    _check_new_name(legal_name)
    sponsor = Sponsor(type=type, legal_name=legal_name, npwp=_npwp(npwp), address=address.strip(), kecamatan=kecamatan)
    sponsor.full_clean()
    sponsor.save()
    return sponsor


@transaction.atomic
def sponsor_register(
    *,
    acting_user,
    type: str,
    legal_name: str,
    npwp: str = "",
    address: str = "",
    kecamatan=None,
    position: str = "",
    phone: str = "",
) -> Sponsor:
    """A sponsor user registers the organisation it acts for; it stays pending until the office verifies it."""
    if acting_user.role != Role.SPONSOR:
        raise ValidationError(_("Hanya akun pemberi dana yang dapat mendaftarkan organisasi."))
    if SponsorMembership.objects.filter(user=acting_user).exists():
        raise ValidationError(_("Akun Anda sudah terhubung ke sebuah organisasi."))
    sponsor = _new_sponsor(type=type, legal_name=legal_name, npwp=npwp, address=address, kecamatan=kecamatan)
    SponsorMembership.objects.create(user=acting_user, sponsor=sponsor, position=position.strip())
    Contact.objects.create(
        sponsor=sponsor,
        name=acting_user.get_full_name(),
        position=position.strip(),
        phone=normalise_phone(phone),
        email=acting_user.email,
    )
    audit_record(
        actor=acting_user, action=AuditEvent.Action.CREATE, obj=sponsor, after=snapshot(sponsor, SPONSOR_FIELDS)
    )
    Invitation.objects.filter(organisation_name__iexact=sponsor.legal_name, sponsor__isnull=True).update(
        sponsor=sponsor
    )
    _email_on_commit(
        _("Pendaftaran pemberi dana baru: %(name)s") % {"name": sponsor.legal_name},
        _("%(name)s mendaftar di Jaring dan menunggu verifikasi Sudin Nakertrans.") % {"name": sponsor.legal_name},
        _office_addresses(),
    )
    return sponsor


@transaction.atomic
def sponsor_signup(
    *,
    username: str,
    full_name: str,
    email: str,
    password: str,
    type: str,
    legal_name: str,
    npwp: str = "",
    address: str = "",
    kecamatan=None,
    position: str = "",
    phone: str = "",
) -> Sponsor:
    """Someone from an organisation signs up: a sponsor account and its organisation, pending verification.

    All or nothing: if the organisation is refused (a wrong NPWP, a name already registered) no account remains.
    """
    try:
        phone_e164 = normalise_phone(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages})
    try:
        user = user_create(
            acting_user=None,
            username=username,
            full_name=full_name,
            email=email,
            role=Role.SPONSOR,
            password=password,
            phone=phone_e164,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise ValidationError({"password": error.messages})
    return sponsor_register(
        acting_user=user,
        type=type,
        legal_name=legal_name,
        npwp=npwp,
        address=address,
        kecamatan=kecamatan,
        position=position,
        phone=phone,
    )


@transaction.atomic
def sponsor_create(
    *, acting_user, type: str, legal_name: str, npwp: str = "", address: str = "", kecamatan=None
) -> Sponsor:
    """The office records an organisation (for instance one that pledged on paper)."""
    _require_office(acting_user)
    sponsor = _new_sponsor(type=type, legal_name=legal_name, npwp=npwp, address=address, kecamatan=kecamatan)
    audit_record(
        actor=acting_user, action=AuditEvent.Action.CREATE, obj=sponsor, after=snapshot(sponsor, SPONSOR_FIELDS)
    )
    return sponsor


@transaction.atomic
def sponsor_update(*, acting_user, sponsor: Sponsor, **changes) -> Sponsor:
    _require_member_or_office(acting_user, sponsor)
    allowed = {"type", "legal_name", "npwp", "address", "kecamatan"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"sponsor_update got unexpected fields: {sorted(unknown)}")
    sponsor = Sponsor.objects.select_for_update().get(pk=sponsor.pk)
    before = snapshot(sponsor, SPONSOR_FIELDS)
    if "npwp" in changes:
        changes["npwp"] = _npwp(changes["npwp"])
    for name, value in changes.items():
        setattr(sponsor, name, value.strip() if isinstance(value, str) else value)
    sponsor.full_clean()
    sponsor.save()
    old, new = diff(before, snapshot(sponsor, SPONSOR_FIELDS))
    if new:
        audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=sponsor, before=old, after=new)
    return sponsor


@transaction.atomic
def sponsor_verify(*, acting_user, sponsor: Sponsor) -> Sponsor:
    _require_office(acting_user)
    sponsor = Sponsor.objects.select_for_update().get(pk=sponsor.pk)
    if sponsor.is_verified:
        raise ValidationError(_("Organisasi ini sudah diverifikasi."))
    before = snapshot(sponsor, SPONSOR_FIELDS)
    sponsor.verified_at = clock.now()
    sponsor.verified_by = acting_user
    sponsor.save(update_fields=["verified_at", "verified_by"])
    old, new = diff(before, snapshot(sponsor, SPONSOR_FIELDS))
    audit_record(
        actor=acting_user, action=AuditEvent.Action.TRANSITION, obj=sponsor, before=old, after=new, note="verifikasi"
    )
    _email_on_commit(
        _("Organisasi Anda telah diverifikasi"),
        _("%(name)s telah diverifikasi oleh Sudin Nakertrans Jakarta Selatan.") % {"name": sponsor.legal_name},
        _sponsor_addresses(sponsor),
    )
    return sponsor


@transaction.atomic
def membership_add(*, acting_user, sponsor: Sponsor, user, position: str = "") -> SponsorMembership:
    """The office binds a sponsor account that has no organisation yet to ``sponsor``."""
    _require_office(acting_user)
    if user.role != Role.SPONSOR:
        raise ValidationError({"user": _("Hanya akun berperan pemberi dana yang dapat dihubungkan ke organisasi.")})
    if SponsorMembership.objects.filter(user=user).exists():
        raise ValidationError({"user": _("Akun ini sudah terhubung ke sebuah organisasi.")})
    membership = SponsorMembership.objects.create(user=user, sponsor=sponsor, position=position.strip())
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.CREATE,
        obj=membership,
        after={"user_id": user.pk, "sponsor_id": sponsor.pk, "position": membership.position},
    )
    return membership


@transaction.atomic
def contact_add(
    *, acting_user, sponsor: Sponsor, name: str, position: str = "", phone: str = "", email: str = ""
) -> Contact:
    _require_member_or_office(acting_user, sponsor)
    contact = Contact(
        sponsor=sponsor, name=name.strip(), position=position.strip(), phone=phone.strip(), email=email.strip()
    )
    contact.full_clean()
    contact.phone = normalise_phone(contact.phone)
    contact.save()
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.CREATE,
        obj=contact,
        after=snapshot(contact, ["sponsor_id", "name", "position", "phone", "email"]),
    )
    return contact


# -- outreach ---------------------------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    acting_user,
    organisation_name: str,
    organisation_type: str = "",
    address: str = "",
    kecamatan=None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    letter_number: str = "",
    letter_date: datetime.date | None = None,
    next_follow_up: datetime.date | None = None,
) -> Invitation:
    _require_office(acting_user)
    name = " ".join(organisation_name.split())
    if Invitation.objects.filter(organisation_name__iexact=name).exists():
        raise ValidationError({"organisation_name": _("Organisasi ini sudah ada di daftar penjangkauan.")})
    invitation = Invitation(
        organisation_name=name,
        organisation_type=organisation_type,
        address=address.strip(),
        kecamatan=kecamatan,
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        letter_number=letter_number.strip(),
        letter_date=letter_date,
        next_follow_up=next_follow_up,
        sponsor=Sponsor.objects.filter(legal_name__iexact=name).first(),
    )
    invitation.full_clean()
    invitation.contact_phone = normalise_phone(invitation.contact_phone)
    invitation.save()
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.CREATE,
        obj=invitation,
        after=snapshot(invitation, INVITATION_FIELDS),
    )
    return invitation


@transaction.atomic
def invitation_update_status(
    *,
    acting_user,
    invitation: Invitation,
    status: str,
    next_follow_up: datetime.date | None = None,
    note: str = "",
    note_date: datetime.date | None = None,
) -> Invitation:
    """Move an invitation along the pipeline; a note, if given, is kept with the date it refers to."""
    _require_office(acting_user)
    if status not in Invitation.Status.values:
        raise ValidationError({"status": _("Status penjangkauan tidak dikenal.")})
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    before = snapshot(invitation, INVITATION_FIELDS)
    invitation.status = status
    invitation.next_follow_up = next_follow_up if status in Invitation.OPEN_STATUSES else None
    invitation.full_clean()
    invitation.save()
    if note.strip():
        InvitationNote.objects.create(
            invitation=invitation, date=note_date or clock.today(), text=note.strip(), author=acting_user
        )
    old, new = diff(before, snapshot(invitation, INVITATION_FIELDS))
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.TRANSITION if "status" in new else AuditEvent.Action.UPDATE,
        obj=invitation,
        before=old,
        after=new,
        note=note.strip(),
    )
    return invitation


@transaction.atomic
def invitation_add_note(
    *, acting_user, invitation: Invitation, text: str, date: datetime.date | None = None
) -> InvitationNote:
    _require_office(acting_user)
    if not text.strip():
        raise ValidationError({"text": _("Catatan tidak boleh kosong.")})
    note = InvitationNote(invitation=invitation, date=date or clock.today(), text=text.strip(), author=acting_user)
    note.full_clean()
    note.save()
    audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=invitation, note=text.strip())
    return note


@transaction.atomic
def invitations_import(*, acting_user, rows: Iterable[dict]) -> dict[str, int]:
    """Load validated outreach rows (from :mod:`jaring.sponsors.outreach_import`); existing names are skipped."""
    _require_office(acting_user)
    created = skipped = 0
    existing = {name.lower() for name in Invitation.objects.values_list("organisation_name", flat=True)}
    for row in rows:
        if row["organisation_name"].lower() in existing:
            skipped += 1
            continue
        invitation_create(acting_user=acting_user, **row)
        existing.add(row["organisation_name"].lower())
        created += 1
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.IMPORT,
        object_type="sponsors.Invitation",
        object_label=_("impor daftar penjangkauan"),
        after={"created": created, "skipped": skipped},
    )
    return {"created": created, "skipped": skipped}


# -- rates ------------------------------------------------------------------------------------------------------


def _require_admin(user) -> None:
    if getattr(user, "role", None) != Role.ADMIN:
        raise ValidationError(_("Hanya administrator yang dapat mengubah tabel tarif."))


@transaction.atomic
def rate_save(*, acting_user, rate: Rate | None = None, **fields) -> Rate:
    """Create (``rate=None``) or change one row of the rate table."""
    _require_admin(acting_user)
    creating = rate is None
    rate = Rate() if creating else Rate.objects.select_for_update().get(pk=rate.pk)
    before = {} if creating else snapshot(rate, RATE_FIELDS)
    for name, value in fields.items():
        if name not in RATE_FIELDS:
            raise TypeError(f"rate_save got unexpected field {name!r}")
        setattr(rate, name, value)
    if not rate.is_discount:
        rate.applies_to_sponsor_paid = True
    rate.full_clean()
    rate.save()
    old, new = diff(before, snapshot(rate, RATE_FIELDS))
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        obj=rate,
        before=old or None,
        after=new,
    )
    return rate


@transaction.atomic
def rate_discount_setting_set(*, acting_user, applies: bool) -> int:
    """Whether discount periods apply to sponsor-paid participants (one switch for every discount row)."""
    _require_admin(acting_user)
    changed = Rate.objects.filter(is_discount=True).exclude(applies_to_sponsor_paid=applies)
    count = changed.update(applies_to_sponsor_paid=applies)
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.UPDATE,
        object_type="sponsors.Rate",
        object_label=_("potongan iuran untuk peserta yang dibayar pemberi dana"),
        before={"applies_to_sponsor_paid": not applies},
        after={"applies_to_sponsor_paid": applies},
    )
    return count


# -- pledges ----------------------------------------------------------------------------------------------------

PLEDGE_EDITABLE_FIELDS = {
    "fund_type",
    "sector",
    "workers",
    "months",
    "start_month",
    "occupations",
    "women_only",
    "priority_note",
    "schedule",
}


def _price(pledge: Pledge) -> None:
    """Set the pledge's cost and standard value from the rate table; refuse a pledge below the minimum."""
    if not (pledge.workers and pledge.months and pledge.start_month):
        return
    table = rate_table()
    try:
        cost = rate_math.pledge_cost(
            table, sector=pledge.sector, workers=pledge.workers, start_month=pledge.start_month, months=pledge.months
        )
        standard = rate_math.standard_value(
            table, sector=pledge.sector, workers=pledge.workers, start_month=pledge.start_month, months=pledge.months
        )
    except rate_math.RateMissing as missing:
        raise ValidationError(
            {
                "start_month": _("Tabel tarif belum memuat %(month)s untuk sektor ini. Hubungi Sudin Nakertrans.")
                % {"month": month_label(missing.month)}
            }
        )
    if standard < rate_math.MINIMUM_PLEDGE:
        raise ValidationError(
            _(
                "Nilai komitmen pada tarif standar %(value)s di bawah minimum %(minimum)s (misalnya 100 pekerja × "
                "12 bulan atau 200 pekerja × 6 bulan)."
            )
            % {"value": format_rupiah(standard), "minimum": format_rupiah(rate_math.MINIMUM_PLEDGE)},
            code="below_minimum",
        )
    pledge.cost = cost.total
    pledge.standard_value = standard


def _check_start(pledge: Pledge) -> None:
    if pledge.start_month and pledge.start_month < first_of_month(clock.today()):
        raise ValidationError({"start_month": _("Bulan mulai sudah lewat. Pilih bulan ini atau sesudahnya.")})


@transaction.atomic
def pledge_create(
    *,
    acting_user,
    sponsor: Sponsor,
    fund_type: str,
    workers: int,
    months: int,
    start_month: datetime.date,
    sector: str = "other",
    kecamatan: Iterable = (),
    kelurahan: Iterable = (),
    occupations: str = "",
    women_only: bool = False,
    priority_note: str = "",
    schedule: int | None = Pledge.Schedule.UPFRONT,
) -> Pledge:
    _require_member_or_office(acting_user, sponsor)
    pledge = Pledge(
        sponsor=sponsor,
        fund_type=fund_type,
        sector=sector,
        workers=workers,
        months=months,
        start_month=first_of_month(start_month) if start_month else start_month,
        occupations=occupations.strip(),
        women_only=women_only,
        priority_note=priority_note.strip(),
        schedule=schedule,
        created_by=acting_user,
    )
    pledge.full_clean()
    _check_start(pledge)
    _price(pledge)
    pledge.save()
    pledge.kecamatan.set(kecamatan)
    pledge.kelurahan.set(kelurahan)
    after = snapshot(pledge, PLEDGE_FIELDS)
    after["kecamatan"] = sorted(k.pk for k in pledge.kecamatan.all())
    after["kelurahan"] = sorted(k.pk for k in pledge.kelurahan.all())
    audit_record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=pledge, after=after)
    return pledge


def _lock(pledge: Pledge) -> Pledge:
    return Pledge.objects.select_for_update().select_related("sponsor").get(pk=pledge.pk)


@transaction.atomic
def pledge_update(*, acting_user, pledge: Pledge, kecamatan=None, kelurahan=None, **changes) -> Pledge:
    unknown = set(changes) - PLEDGE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"pledge_update got unexpected fields: {sorted(unknown)}")
    pledge = _lock(pledge)
    _require_member_or_office(acting_user, pledge.sponsor)
    if pledge.status not in Pledge.EDITABLE:
        raise ValidationError(_("Komitmen hanya dapat diubah saat berstatus draf atau dikembalikan."))
    before = snapshot(pledge, PLEDGE_FIELDS)
    for name, value in changes.items():
        if name == "start_month" and value:
            value = first_of_month(value)
        setattr(pledge, name, value.strip() if isinstance(value, str) else value)
    pledge.full_clean()
    _check_start(pledge)
    _price(pledge)
    pledge.save()
    if kecamatan is not None:
        pledge.kecamatan.set(kecamatan)
    if kelurahan is not None:
        pledge.kelurahan.set(kelurahan)
    old, new = diff(before, snapshot(pledge, PLEDGE_FIELDS))
    audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=pledge, before=old, after=new)
    return pledge


# Who may move a pledge from which states: (target, from states, sponsor may do it)
TRANSITIONS = {
    "submit": (Pledge.Status.SUBMITTED, (Pledge.Status.DRAFT, Pledge.Status.RETURNED), True),
    "approve": (Pledge.Status.APPROVED, (Pledge.Status.SUBMITTED,), False),
    "return": (Pledge.Status.RETURNED, (Pledge.Status.SUBMITTED,), False),
    "activate": (Pledge.Status.ACTIVE, (Pledge.Status.APPROVED,), False),
    "complete": (Pledge.Status.COMPLETED, (Pledge.Status.ACTIVE,), False),
    "cancel": (
        Pledge.Status.CANCELLED,
        (Pledge.Status.DRAFT, Pledge.Status.SUBMITTED, Pledge.Status.RETURNED, Pledge.Status.APPROVED),
        True,
    ),
}
SPONSOR_CANCELLABLE = (Pledge.Status.DRAFT, Pledge.Status.SUBMITTED, Pledge.Status.RETURNED)


def allowed_actions(user, pledge: Pledge) -> set[str]:
    """The transitions ``user`` may apply to ``pledge`` now (for showing buttons)."""
    office = getattr(user, "role", None) in OFFICE_ROLES
    actions = set()
    for action, (_target, sources, sponsor_may) in TRANSITIONS.items():
        if pledge.status not in sources:
            continue
        if office or (sponsor_may and user.role == Role.SPONSOR):
            if action == "cancel" and not office and pledge.status not in SPONSOR_CANCELLABLE:
                continue
            actions.add(action)
    return actions


def _transition(acting_user, pledge: Pledge, action: str, *, note: str = "", **extra) -> tuple[Pledge, dict]:
    target, sources, sponsor_may = TRANSITIONS[action]
    pledge = _lock(pledge)
    if sponsor_may:
        _require_member_or_office(acting_user, pledge.sponsor)
    else:
        _require_office(acting_user)
    if action not in allowed_actions(acting_user, pledge):
        raise ValidationError(
            _("Komitmen berstatus “%(status)s” tidak dapat diubah menjadi “%(target)s”.")
            % {"status": pledge.get_status_display(), "target": Pledge.Status(target).label}
        )
    before = snapshot(pledge, PLEDGE_FIELDS)
    pledge.status = target
    for name, value in extra.items():
        setattr(pledge, name, value)
    pledge.full_clean()
    pledge.save()
    old, new = diff(before, snapshot(pledge, PLEDGE_FIELDS))
    audit_record(actor=acting_user, action=AuditEvent.Action.TRANSITION, obj=pledge, before=old, after=new, note=note)
    return pledge, new


@transaction.atomic
def pledge_submit(*, acting_user, pledge: Pledge) -> Pledge:
    current = _lock(pledge)
    _check_start(current)
    _price(current)  # the table may have changed since the draft: price it again
    Pledge.objects.filter(pk=current.pk).update(cost=current.cost, standard_value=current.standard_value)
    pledge, _changes = _transition(acting_user, current, "submit", submitted_at=clock.now(), return_reason="")
    _email_on_commit(
        _("Komitmen baru diajukan: %(number)s") % {"number": pledge.number},
        _("%(sponsor)s mengajukan komitmen %(number)s: %(workers)s pekerja × %(months)s bulan, %(cost)s.")
        % {
            "sponsor": pledge.sponsor.legal_name,
            "number": pledge.number,
            "workers": pledge.workers,
            "months": pledge.months,
            "cost": format_rupiah(pledge.cost),
        },
        _office_addresses(),
    )
    return pledge


@transaction.atomic
def pledge_approve(*, acting_user, pledge: Pledge, issued_on: datetime.date | None = None) -> Pledge:
    """Approve a submitted pledge and issue its invoices on the pledge's payment schedule."""
    if not Sponsor.objects.filter(pk=pledge.sponsor_id, verified_at__isnull=False).exists():
        raise ValidationError(_("Verifikasi organisasi pemberi dana terlebih dahulu sebelum menyetujui komitmennya."))
    pledge, _changes = _transition(acting_user, pledge, "approve", decided_at=clock.now(), decided_by=acting_user)
    _email_on_commit(
        _("Komitmen %(number)s disetujui") % {"number": pledge.number},
        _("Komitmen %(number)s senilai %(cost)s (%(words)s) disetujui Sudin Nakertrans Jakarta Selatan.")
        % {"number": pledge.number, "cost": format_rupiah(pledge.cost), "words": terbilang(pledge.cost)},
        _sponsor_addresses(pledge.sponsor),
    )
    invoice_schedule(acting_user=acting_user, pledge=pledge, every_months=pledge.schedule or 0, issued_on=issued_on)
    return pledge


@transaction.atomic
def pledge_return(*, acting_user, pledge: Pledge, reason: str) -> Pledge:
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan pengembalian agar pemberi dana dapat memperbaikinya.")})
    pledge, _changes = _transition(
        acting_user,
        pledge,
        "return",
        note=reason.strip(),
        return_reason=reason.strip(),
        decided_at=clock.now(),
        decided_by=acting_user,
    )
    _email_on_commit(
        _("Komitmen %(number)s dikembalikan") % {"number": pledge.number},
        _("Komitmen %(number)s dikembalikan untuk diperbaiki. Alasan: %(reason)s")
        % {"number": pledge.number, "reason": pledge.return_reason},
        _sponsor_addresses(pledge.sponsor),
    )
    return pledge


@transaction.atomic
def pledge_cancel(*, acting_user, pledge: Pledge, reason: str = "") -> Pledge:
    """Cancel a pledge; its invoices without a verified payment are cancelled too (paid money shows as balance)."""
    pledge, _changes = _transition(acting_user, pledge, "cancel", note=reason.strip())
    for invoice in pledge.invoices.filter(status=Invoice.Status.ISSUED):
        if invoice_paid_amount(invoice) == 0:
            invoice.status = Invoice.Status.CANCELLED
            invoice.save(update_fields=["status"])
            audit_record(
                actor=acting_user,
                action=AuditEvent.Action.TRANSITION,
                obj=invoice,
                before={"status": Invoice.Status.ISSUED},
                after={"status": Invoice.Status.CANCELLED},
            )
    return pledge


@transaction.atomic
def pledge_activate(*, acting_user, pledge: Pledge) -> Pledge:
    if not Payment.objects.filter(pledge=pledge, status=Payment.Status.VERIFIED).exists():
        raise ValidationError(_("Komitmen baru dapat dijalankan setelah ada pembayaran yang terverifikasi."))
    pledge, _changes = _transition(acting_user, pledge, "activate")
    return pledge


@transaction.atomic
def pledge_complete(*, acting_user, pledge: Pledge) -> Pledge:
    pledge, _changes = _transition(acting_user, pledge, "complete")
    return pledge


# -- invoices and payments --------------------------------------------------------------------------------------


def _chunks(months: list[datetime.date], every: int) -> list[list[datetime.date]]:
    if every <= 0:
        return [months]
    return [months[i : i + every] for i in range(0, len(months), every)]


@transaction.atomic
def invoice_schedule(
    *, acting_user, pledge: Pledge, every_months: int, issued_on: datetime.date | None = None
) -> list[Invoice]:
    """Issue a pledge's invoices: all up front (``every_months=0``) or one per 3, 6 or 12 months.

    Each invoice is priced month by month from the rate table, so together they add up to the pledge's cost.
    An invoice is due on the 15th of the month before its first month, and never sooner than 14 days after issue.
    """
    _require_office(acting_user)
    if every_months not in Pledge.Schedule.values:
        raise ValidationError(_("Jadwal pembayaran harus sekaligus, atau setiap 3, 6 atau 12 bulan."))
    pledge = _lock(pledge)
    if pledge.status not in (Pledge.Status.APPROVED, Pledge.Status.ACTIVE):
        raise ValidationError(_("Tagihan hanya diterbitkan untuk komitmen yang disetujui."))
    if pledge.invoices.exclude(status=Invoice.Status.CANCELLED).exists():
        raise ValidationError(_("Tagihan komitmen ini sudah diterbitkan."))
    issued_on = issued_on or clock.today()
    cost = rate_math.pledge_cost(
        rate_table(), sector=pledge.sector, workers=pledge.workers, start_month=pledge.start_month, months=pledge.months
    )
    by_month = {line.month: line.amount for line in cost.lines}
    months = month_span(pledge.start_month, pledge.months)
    invoices = []
    sequence = pledge.invoices.count()
    for chunk in _chunks(months, every_months):
        sequence += 1
        due = max(add_months(chunk[0], -1).replace(day=15), issued_on + datetime.timedelta(days=14))
        invoice = Invoice(
            number=f"TAG/{issued_on.year}/{pledge.pk:05d}-{sequence:02d}",
            pledge=pledge,
            period_start=chunk[0],
            period_end=last_day_of_month(chunk[-1]),
            amount=sum(by_month[month] for month in chunk),
            issued_on=issued_on,
            due_date=due,
        )
        invoice.full_clean()
        invoice.save()
        audit_record(
            actor=acting_user,
            action=AuditEvent.Action.CREATE,
            obj=invoice,
            after=snapshot(invoice, ["number", "pledge_id", "period_start", "period_end", "amount", "due_date"]),
        )
        invoices.append(invoice)
    if pledge.schedule != every_months:
        Pledge.objects.filter(pk=pledge.pk).update(schedule=every_months)
    lines = "\n".join(
        f"- {inv.number}: {format_rupiah(inv.amount)}, jatuh tempo {inv.due_date:%d/%m/%Y}" for inv in invoices
    )
    _email_on_commit(
        _("Tagihan komitmen %(number)s") % {"number": pledge.number},
        _("Tagihan untuk komitmen %(number)s telah terbit:\n%(lines)s") % {"number": pledge.number, "lines": lines},
        _sponsor_addresses(pledge.sponsor),
    )
    return invoices


@transaction.atomic
def payment_record(
    *,
    acting_user,
    invoice: Invoice,
    paid_on: datetime.date,
    amount: int,
    reference: str,
    proof,
) -> Payment:
    """Record a payment against an invoice, with its proof. Refuses more than is still due and a reused reference."""
    invoice = Invoice.objects.select_for_update().select_related("pledge__sponsor").get(pk=invoice.pk)
    pledge = invoice.pledge
    sponsor = pledge.sponsor
    _require_member_or_office(acting_user, sponsor)
    if invoice.status != Invoice.Status.ISSUED:
        raise ValidationError(
            _("Tagihan %(number)s berstatus “%(status)s”; pembayaran tidak dapat dicatat.")
            % {"number": invoice.number, "status": invoice.get_status_display()}
        )
    if pledge.status not in (Pledge.Status.APPROVED, Pledge.Status.ACTIVE):
        raise ValidationError(
            _("Komitmen berstatus “%(status)s” tidak menerima pembayaran.") % {"status": pledge.get_status_display()}
        )
    errors = {}
    reference = " ".join((reference or "").split())
    if not reference:
        errors["reference"] = _("Isi nomor referensi transfer.")
    elif Payment.objects.filter(sponsor=sponsor, reference__iexact=reference).exists():
        errors["reference"] = _(
            "Nomor referensi %(ref)s sudah pernah dicatat. Pembayaran yang sama tidak dicatat dua kali."
        ) % {"ref": reference}
    amount = int(amount or 0)
    due = invoice_open_amount(invoice)
    if amount <= 0:
        errors["amount"] = _("Jumlah pembayaran harus lebih dari nol.")
    elif amount > due:
        errors["amount"] = _("Jumlah %(amount)s melebihi sisa tagihan %(due)s.") % {
            "amount": format_rupiah(amount),
            "due": format_rupiah(due),
        }
    if paid_on and paid_on > clock.today():
        errors["paid_on"] = _("Tanggal bayar tidak boleh di masa depan.")
    try:
        extension = validate_proof(proof)
    except ValidationError as error:
        errors["proof"] = error.messages
    if errors:
        raise ValidationError(errors)
    proof.name = f"bukti-{uuid.uuid4().hex[:16]}.{extension}"
    payment = Payment(
        invoice=invoice,
        pledge=pledge,
        sponsor=sponsor,
        paid_on=paid_on,
        amount=amount,
        reference=reference,
        proof=proof,
        recorded_by=acting_user,
    )
    payment.full_clean()
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        raise ValidationError({"reference": _("Nomor referensi ini sudah pernah dicatat.")})
    audit_record(
        actor=acting_user, action=AuditEvent.Action.CREATE, obj=payment, after=snapshot(payment, PAYMENT_FIELDS)
    )
    return payment


@transaction.atomic
def payment_verify(*, acting_user, payment: Payment) -> Payment:
    _require_office(acting_user)
    payment = Payment.objects.select_for_update().select_related("invoice", "sponsor", "pledge").get(pk=payment.pk)
    if payment.status != Payment.Status.RECORDED:
        raise ValidationError(_("Pembayaran ini sudah diproses."))
    before = snapshot(payment, PAYMENT_FIELDS)
    payment.status = Payment.Status.VERIFIED
    payment.verified_by = acting_user
    payment.verified_at = clock.now()
    payment.save(update_fields=["status", "verified_by", "verified_at"])
    old, new = diff(before, snapshot(payment, PAYMENT_FIELDS))
    audit_record(actor=acting_user, action=AuditEvent.Action.TRANSITION, obj=payment, before=old, after=new)
    invoice = payment.invoice
    if invoice_paid_amount(invoice) >= invoice.amount and invoice.status == Invoice.Status.ISSUED:
        invoice.status = Invoice.Status.PAID
        invoice.save(update_fields=["status"])
        audit_record(
            actor=acting_user,
            action=AuditEvent.Action.TRANSITION,
            obj=invoice,
            before={"status": Invoice.Status.ISSUED},
            after={"status": Invoice.Status.PAID},
        )
    _email_on_commit(
        _("Pembayaran %(ref)s terverifikasi") % {"ref": payment.reference},
        _(
            "Pembayaran %(amount)s (%(words)s) untuk tagihan %(invoice)s telah diverifikasi. "
            "Kuitansi dapat diunduh di Jaring."
        )
        % {"amount": format_rupiah(payment.amount), "words": terbilang(payment.amount), "invoice": invoice.number},
        _sponsor_addresses(payment.sponsor),
    )
    return payment


@transaction.atomic
def payment_reject(*, acting_user, payment: Payment, reason: str) -> Payment:
    _require_office(acting_user)
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan penolakan.")})
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.RECORDED:
        raise ValidationError(_("Pembayaran ini sudah diproses."))
    before = snapshot(payment, PAYMENT_FIELDS)
    payment.status = Payment.Status.REJECTED
    payment.rejection_reason = reason.strip()[:300]
    payment.verified_by = acting_user
    payment.verified_at = clock.now()
    payment.save(update_fields=["status", "rejection_reason", "verified_by", "verified_at"])
    old, new = diff(before, snapshot(payment, PAYMENT_FIELDS))
    audit_record(
        actor=acting_user, action=AuditEvent.Action.TRANSITION, obj=payment, before=old, after=new, note=reason.strip()
    )
    return payment


SETTLEABLE = (Pledge.Status.CANCELLED, Pledge.Status.COMPLETED)


@transaction.atomic
def settlement_record(
    *,
    acting_user,
    pledge: Pledge,
    kind: str,
    amount: int,
    date: datetime.date | None = None,
    target_pledge: Pledge | None = None,
    reference: str = "",
    note: str = "",
) -> Settlement:
    """Settle money left on a cancelled or completed pledge: refund it, or carry it over to another pledge of the
    same sponsor that is approved or running. Never more than the pledge's balance."""
    _require_office(acting_user)
    pledge = _lock(pledge)
    if pledge.status not in SETTLEABLE:
        raise ValidationError(_("Saldo hanya diselesaikan untuk komitmen yang dibatalkan atau selesai."))
    if kind not in Settlement.Kind.values:
        raise ValidationError({"kind": _("Pilih dikembalikan atau dialihkan.")})
    errors = {}
    balance = pledge_ledger(pledge).balance
    amount = int(amount or 0)
    if amount <= 0:
        errors["amount"] = _("Jumlah harus lebih dari nol.")
    elif amount > balance:
        errors["amount"] = _("Jumlah %(amount)s melebihi saldo %(balance)s.") % {
            "amount": format_rupiah(amount),
            "balance": format_rupiah(balance),
        }
    if kind == Settlement.Kind.CARRY_OVER:
        if target_pledge is not None:
            target_pledge = Pledge.objects.select_for_update().get(pk=target_pledge.pk)
        if target_pledge is None:
            errors["target_pledge"] = _("Pilih komitmen tujuan.")
        elif (
            target_pledge.pk == pledge.pk
            or target_pledge.sponsor_id != pledge.sponsor_id
            or target_pledge.status not in (Pledge.Status.APPROVED, Pledge.Status.ACTIVE)
        ):
            errors["target_pledge"] = _(
                "Saldo hanya dapat dialihkan ke komitmen lain milik pemberi dana yang sama "
                "yang disetujui atau berjalan."
            )
    else:
        target_pledge = None
    if errors:
        raise ValidationError(errors)
    settlement = Settlement(
        pledge=pledge,
        kind=kind,
        amount=amount,
        date=date or clock.today(),
        target_pledge=target_pledge,
        reference=reference.strip(),
        note=note.strip(),
        recorded_by=acting_user,
    )
    settlement.full_clean()
    settlement.save()
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.CREATE,
        obj=settlement,
        after=snapshot(settlement, ["pledge_id", "kind", "amount", "date", "target_pledge_id", "reference", "note"]),
    )
    return settlement
