"""Reads shared by views, exports and the API. Every ``*_for_user`` scopes by role; ``*_get_for_user`` 404s."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from jaring.core.access import get_in_scope, has_role
from jaring.core.roles import CITYWIDE_READ_ROLES, Role
from jaring.lib import clock

from .models import Contact, Invitation, Invoice, Payment, Pledge, Rate, Settlement, Sponsor
from .rates import RateRow, pledge_cost


def sponsor_of_user(user) -> Sponsor | None:
    """The organisation a sponsor user acts for, or None."""
    if not has_role(user, Role.SPONSOR):
        return None
    membership = getattr(user, "sponsor_membership", None)
    return membership.sponsor if membership else None


_get = get_in_scope


def _scoped(user, queryset, sponsor_path: str):
    """City office and leadership see all; a sponsor user only its own organisation's rows; others nothing."""
    if has_role(user, *CITYWIDE_READ_ROLES):
        return queryset
    if has_role(user, Role.SPONSOR):
        return queryset.filter(**{f"{sponsor_path}memberships__user": user})
    return queryset.none()


def sponsors_for_user(user):
    """Sponsors the user may see: all for the city office and leadership, its own for a sponsor user."""
    return _scoped(user, Sponsor.objects.all(), "")


def sponsor_get_for_user(user, pk) -> Sponsor:
    return _get(sponsors_for_user(user).select_related("kecamatan", "verified_by"), pk)


def contacts_for_sponsor(sponsor: Sponsor):
    return Contact.objects.filter(sponsor=sponsor)


def pledges_for_user(user):
    return _scoped(user, Pledge.objects.select_related("sponsor"), "sponsor__")


def pledge_get_for_user(user, pk) -> Pledge:
    return _get(pledges_for_user(user).prefetch_related("kecamatan", "kelurahan"), pk)


def invoices_for_user(user):
    return _scoped(user, Invoice.objects.select_related("pledge__sponsor"), "pledge__sponsor__")


def invoice_get_for_user(user, pk) -> Invoice:
    return _get(invoices_for_user(user), pk)


def payments_for_user(user):
    return _scoped(user, Payment.objects.select_related("sponsor", "invoice", "pledge", "verified_by"), "sponsor__")


def payment_get_for_user(user, pk) -> Payment:
    return _get(payments_for_user(user), pk)


def invitations_for_user(user):
    """Outreach is the city office's work: office and leadership only."""
    if has_role(user, *CITYWIDE_READ_ROLES):
        return Invitation.objects.select_related("kecamatan", "sponsor")
    return Invitation.objects.none()


def invitation_get_for_user(user, pk) -> Invitation:
    return _get(invitations_for_user(user), pk)


def follow_ups_due(user, *, today: datetime.date | None = None):
    """Open invitations whose next follow-up date has come."""
    today = today or clock.today()
    return (
        invitations_for_user(user)
        .filter(status__in=Invitation.OPEN_STATUSES, next_follow_up__lte=today)
        .order_by("next_follow_up", "organisation_name")
    )


def invitation_counts(user) -> dict[str, int]:
    counts = dict(invitations_for_user(user).values_list("status").annotate(n=Count("id")))
    return {value: counts.get(value, 0) for value in Invitation.Status.values}


def rate_table() -> list[RateRow]:
    """The whole rate table as plain rows for :mod:`jaring.sponsors.rates`."""
    return [
        RateRow(
            sector=rate.sector,
            valid_from=rate.valid_from,
            valid_to=rate.valid_to,
            jkk=rate.jkk,
            jkm=rate.jkm,
            is_discount=rate.is_discount,
            applies_to_sponsor_paid=rate.applies_to_sponsor_paid,
        )
        for rate in Rate.objects.all()
    ]


def discounts_apply_to_sponsor_paid() -> bool:
    """The administrator's switch, stored on the discount rows (all of them carry the same value)."""
    return Rate.objects.filter(is_discount=True, applies_to_sponsor_paid=True).exists()


_used_amount_provider: Callable[[Pledge], int] | None = None


def register_used_amount_provider(provider: Callable[[Pledge], int]) -> None:
    """Called by the coverage app when it loads. Sponsors sit upstream of coverage and never import it; coverage
    hands in the function that prices a pledge's committed coverage months from the rate table."""
    global _used_amount_provider
    _used_amount_provider = provider


def used_amount(pledge: Pledge) -> int:
    """Rupiah of this pledge already committed to coverage months (0 when no coverage app is installed)."""
    return _used_amount_provider(pledge) if _used_amount_provider is not None else 0


@dataclass(frozen=True)
class Ledger:
    pledged: int
    invoiced: int
    paid: int
    pending: int
    used: int
    refunded: int = 0
    carried_out: int = 0
    carried_in: int = 0

    @property
    def balance(self) -> int:
        """Money received and not used by coverage, refunded or carried over (settled when coverage ends)."""
        return self.paid + self.carried_in - self.used - self.refunded - self.carried_out

    @property
    def outstanding(self) -> int:
        """Invoiced but not yet paid (verified)."""
        return max(self.invoiced - self.paid, 0)

    @property
    def not_invoiced(self) -> int:
        return max(self.pledged - self.invoiced, 0)


def pledge_ledger(pledge: Pledge) -> Ledger:
    invoiced = pledge.invoices.exclude(status=Invoice.Status.CANCELLED).aggregate(total=Sum("amount"))["total"] or 0
    payments = pledge.payments.aggregate(
        paid=Sum("amount", filter=Q(status=Payment.Status.VERIFIED)),
        pending=Sum("amount", filter=Q(status=Payment.Status.RECORDED)),
    )
    settled = pledge.settlements.aggregate(
        refunded=Sum("amount", filter=Q(kind=Settlement.Kind.REFUND)),
        carried_out=Sum("amount", filter=Q(kind=Settlement.Kind.CARRY_OVER)),
    )
    carried_in = Settlement.objects.filter(target_pledge=pledge).aggregate(total=Sum("amount"))["total"] or 0
    return Ledger(
        pledged=pledge.cost,
        invoiced=invoiced,
        paid=payments["paid"] or 0,
        pending=payments["pending"] or 0,
        used=used_amount(pledge),
        refunded=settled["refunded"] or 0,
        carried_out=settled["carried_out"] or 0,
        carried_in=carried_in,
    )


def invoice_open_amount(invoice: Invoice) -> int:
    """What is still due on an invoice: its amount less payments recorded or verified (not rejected)."""
    counted = invoice.payments.exclude(status=Payment.Status.REJECTED).aggregate(total=Sum("amount"))["total"] or 0
    return max(invoice.amount - counted, 0)


def invoice_paid_amount(invoice: Invoice) -> int:
    return invoice.payments.filter(status=Payment.Status.VERIFIED).aggregate(total=Sum("amount"))["total"] or 0


@dataclass(frozen=True)
class CostGroup:
    first: datetime.date
    last: datetime.date
    months: int
    persons: int
    per_person: int

    @property
    def amount(self) -> int:
        return self.months * self.persons * self.per_person


def pledge_cost_groups(pledge: Pledge) -> list[CostGroup]:
    """The pledge's months priced from the current rate table, consecutive months at one rate grouped together."""
    try:
        lines = pledge_cost(
            rate_table(),
            sector=pledge.sector,
            workers=pledge.workers,
            start_month=pledge.start_month,
            months=pledge.months,
        ).lines
    except LookupError:
        return []
    groups: list[CostGroup] = []
    for line in lines:
        last = groups[-1] if groups else None
        if last and last.per_person == line.per_person:
            groups[-1] = CostGroup(last.first, line.month, last.months + 1, line.persons, line.per_person)
        else:
            groups.append(CostGroup(line.month, line.month, 1, line.persons, line.per_person))
    return groups
