"""Writes for coverage: rule versions, screenings, allocations, approvals and replacements.

Keyword-only, one transaction each, audited. Every allocation and replacement first takes the allocation lock
(an advisory lock on PostgreSQL, a row lock on the active rule set elsewhere) and the pledge's row lock, then
reads the pool: two allocations at the same moment run one after the other, so they never pick the same
worker for overlapping months. The PostgreSQL exclusion constraint is the last line of defence.
"""

from __future__ import annotations

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from jaring.core.access import has_role
from jaring.core.audit import audit_record, diff, snapshot
from jaring.core.models import AuditEvent
from jaring.core.roles import OFFICE_ROLES, Role
from jaring.lib import clock
from jaring.lib.dates import add_months, first_of_month
from jaring.sponsors.models import Pledge
from jaring.wilayah.models import Kelurahan

from .models import DEFAULT_EXCLUDED_OCCUPATIONS, Allocation, Coverage, RuleSet, Screening
from .selectors import (
    NO_DECILE,
    Period,
    default_period,
    mustahik_condition,
    overlapping_coverages,
    pledge_period,
    pool_census,
    preference_condition,
    priority_queryset,
    ruleset_active,
    screening_counts,
)

RULESET_FIELDS = [
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
ALLOCATABLE = (Pledge.Status.APPROVED, Pledge.Status.ACTIVE)
CHECK_CHUNK = 500


def _require_office(user) -> None:
    if not has_role(user, *OFFICE_ROLES):
        raise PermissionDenied(_("Hanya administrator atau operator Sudin Nakertrans yang dapat melakukan ini."))


# -- rule sets ---------------------------------------------------------------------------------------------------


@transaction.atomic
def ruleset_ensure_default() -> RuleSet:
    ruleset = RuleSet.objects.filter(is_active=True).first()
    if ruleset:
        return ruleset
    version = (RuleSet.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    return RuleSet.objects.create(
        version=version, name=_("Aturan awal"), is_active=True, excluded_occupations=DEFAULT_EXCLUDED_OCCUPATIONS
    )


@transaction.atomic
def ruleset_update(*, acting_user, note: str = "", **params) -> RuleSet:
    """Save changed rules as a new version and make it the active one; the old version stays for the record."""
    if not has_role(acting_user, Role.ADMIN):
        raise PermissionDenied(_("Hanya administrator yang dapat mengubah aturan kelayakan."))
    unknown = set(params) - set(RULESET_FIELDS)
    if unknown:
        raise TypeError(f"ruleset_update got unexpected fields: {sorted(unknown)}")
    current = RuleSet.objects.select_for_update().filter(is_active=True).first() or ruleset_ensure_default()
    values = {name: getattr(current, name) for name in RULESET_FIELDS}
    values.update(params)
    values["excluded_occupations"] = sorted(
        {" ".join(str(o).upper().split()) for o in values["excluded_occupations"] if str(o).strip()}
    )
    version = (RuleSet.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    new = RuleSet(version=version, is_active=True, note=note.strip(), created_by=acting_user, **values)
    new.full_clean(exclude=["is_active"])
    current.is_active = False
    current.save(update_fields=["is_active"])
    new.save()
    before, after = diff(snapshot(current, RULESET_FIELDS), snapshot(new, RULESET_FIELDS))
    audit_record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=new, before=before, after=after, note=note)
    return new


# -- screening ---------------------------------------------------------------------------------------------------


@transaction.atomic
def screening_run(*, acting_user, first_month=None, months: int = 12) -> Screening:
    """Screen the whole registry under the active rules for a planned period; store the counts."""
    _require_office(acting_user)
    ruleset = ruleset_active()
    period = Period.of(first_month, months) if first_month else default_period(months)
    started = time.monotonic()
    counts = screening_counts(ruleset=ruleset, period=period)
    screening = Screening.objects.create(
        ruleset=ruleset,
        first_month=period.first_month,
        months=period.months,
        total=counts["total"],
        eligible=counts["eligible"],
        rule_counts=counts["rule_counts"],
        kelurahan_counts=counts["kelurahan_counts"],
        duration_ms=int((time.monotonic() - started) * 1000),
        created_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.CREATE,
        obj=screening,
        after={"ruleset": ruleset.version, "total": screening.total, "eligible": screening.eligible},
    )
    return screening


# -- allocation --------------------------------------------------------------------------------------------------


def _allocation_lock() -> None:
    """Serialise every allocation and replacement in the city (held until the transaction ends)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [74_05_2025])
    else:
        list(RuleSet.objects.select_for_update().filter(is_active=True).values_list("pk", flat=True))


def _lock_pledge(pledge: Pledge) -> Pledge:
    return Pledge.objects.select_for_update().select_related("sponsor").get(pk=pledge.pk)


def _pool_filter(pledge: Pledge, ruleset: RuleSet) -> Q:
    """The pledge's preferences; zakat only for mustahik; nobody already replaced out of this pledge."""
    condition = preference_condition(pledge)
    if pledge.fund_type == Pledge.FundType.ZAKAT:
        condition &= mustahik_condition(ruleset)
    condition &= ~Q(pk__in=Coverage.objects.filter(pledge=pledge, status=Coverage.Status.REPLACED).values("worker_id"))
    return condition


def _check_free(worker_ids: list[int], period: Period) -> None:
    """The check query: none of ``worker_ids`` may hold a live coverage overlapping ``period``."""
    for i in range(0, len(worker_ids), CHECK_CHUNK):
        taken = overlapping_coverages(period).filter(worker_id__in=worker_ids[i : i + CHECK_CHUNK])
        if taken.exists():
            raise ValidationError(_("Sebagian pekerja baru saja dialokasikan ke komitmen lain. Ulangi alokasi."))


def _reason_text(row: dict, *, states, names, renewal_of: Pledge | None) -> str:
    lines = []
    if row["renewal"]:
        lines.append(
            _("Perpanjangan: sudah dilindungi komitmen %(number)s, tetap didahulukan.") % {"number": renewal_of.number}
        )
    facts = []
    if row["p3ke_decile"]:
        facts.append(f"P3KE {row['p3ke_decile']}")
    if row["dtks_decile"]:
        facts.append(f"DTKS {row['dtks_decile']}")
    elif row["in_dtks"]:
        facts.append(_("DTKS tanpa desil (dihitung 4)"))
    if row["dtsen_decile"]:
        facts.append(f"DTSEN {row['dtsen_decile']}")
    decile = row["decile"]
    lines.append(
        _("Desil termiskin %(d)s (%(facts)s).")
        % {"d": decile if decile != NO_DECILE else "—", "facts": ", ".join(facts)}
    )
    state = states.get(row["kelurahan_id"])
    if state:
        lines.append(
            _(
                "Kelurahan %(kel)s: %(covered)s dari %(base)s pekerja layak sudah terlindungi (%(share)s%%) "
                "sebelum alokasi."
            )
            % {
                "kel": names.get(row["kelurahan_id"], "?"),
                "covered": state.covered,
                "base": state.base,
                "share": f"{100 * state.share:.1f}".replace(".", ","),
            }
        )
    lines.append(_("Urutan undian %(code)s (md5 NIK dan nomor komitmen).") % {"code": row["lottery"][:8]})
    return "\n".join(lines)


def _pick(*, pledge: Pledge, ruleset: RuleSet, period: Period, count: int, renewal_of: Pledge | None = None):
    extra = _pool_filter(pledge, ruleset)
    states, by_decile = pool_census(ruleset=ruleset, period=period, extra=extra)
    max_decile = None
    if renewal_of is None:  # renewals jump the decile order, so they need every decile
        reached = 0
        for decile in sorted(by_decile):
            reached += sum(by_decile[decile].values())
            if reached >= count:
                max_decile = decile
                break
    queryset = priority_queryset(
        ruleset=ruleset,
        period=period,
        salt=str(pledge.pk),
        states=states,
        extra=extra,
        renewal_of=renewal_of,
        max_decile=max_decile,
    ).values(
        "pk", "kelurahan_id", "decile", "renewal", "lottery", "p3ke_decile", "dtks_decile", "in_dtks", "dtsen_decile"
    )
    rows = list(queryset[:count]) if count > 0 else []
    return rows, states


@transaction.atomic
def allocation_propose(*, pledge: Pledge, acting_user, renewal_of: Pledge | None = None) -> Allocation:
    """Propose as many eligible workers as the pledge still funds, in priority order, with rank and reasons.

    Nothing is final: the coverages stay ``proposed`` until :func:`allocation_approve`. If the pool is too small
    the allocation records how many workers are missing.
    """
    _require_office(acting_user)
    started = time.monotonic()
    _allocation_lock()
    pledge = _lock_pledge(pledge)
    if pledge.status not in ALLOCATABLE:
        raise ValidationError(_("Hanya komitmen yang sudah disetujui atau berjalan yang dapat dialokasikan."))
    if Allocation.objects.filter(pledge=pledge, status=Allocation.Status.PROPOSED).exists():
        raise ValidationError(_("Komitmen ini masih memiliki usulan alokasi. Setujui atau batalkan dahulu."))
    if renewal_of is not None and (renewal_of.pk == pledge.pk or renewal_of.sponsor_id != pledge.sponsor_id):
        raise ValidationError(_("Perpanjangan hanya dari komitmen lain milik pemberi dana yang sama."))
    ruleset = ruleset_active()
    period = pledge_period(pledge)
    this_month = first_of_month(clock.today())
    if period.first_month < this_month:  # a top-up of a running pledge covers only the months still ahead
        if this_month > period.last_month:
            raise ValidationError(_("Periode komitmen ini sudah berakhir."))
        period = Period(this_month, period.last_month)
    held = Coverage.objects.filter(pledge=pledge, status__in=Coverage.LIVE).count()
    need = pledge.workers - held
    if need <= 0:
        raise ValidationError(_("Komitmen ini sudah terisi penuh (%(n)s pekerja).") % {"n": held})
    rows, states = _pick(pledge=pledge, ruleset=ruleset, period=period, count=need, renewal_of=renewal_of)
    _check_free([r["pk"] for r in rows], period)
    allocation = Allocation.objects.create(
        pledge=pledge,
        ruleset=ruleset,
        renewal_of=renewal_of,
        first_month=period.first_month,
        last_month=period.last_month,
        requested=need,
        proposed_count=len(rows),
        missing=need - len(rows),
        parameters={
            "kecamatan": sorted(pledge.kecamatan.values_list("kode", flat=True)),
            "kelurahan": sorted(pledge.kelurahan.values_list("kode", flat=True)),
            "occupations": pledge.occupations,
            "women_only": pledge.women_only,
            "fund_type": pledge.fund_type,
            "renewals": sum(1 for r in rows if r["renewal"]),
        },
        created_by=acting_user,
    )
    names = dict(Kelurahan.objects.values_list("pk", "nama"))
    start_rank = (Coverage.objects.filter(pledge=pledge).aggregate(r=Max("rank"))["r"] or 0) + 1
    Coverage.objects.bulk_create(
        [
            Coverage(
                worker_id=row["pk"],
                pledge=pledge,
                allocation=allocation,
                ruleset=ruleset,
                kelurahan_id=row["kelurahan_id"],
                first_month=period.first_month,
                last_month=period.last_month,
                status=Coverage.Status.PROPOSED,
                rank=start_rank + i,
                reasons=_reason_text(row, states=states, names=names, renewal_of=renewal_of),
            )
            for i, row in enumerate(rows)
        ],
        batch_size=1000,
    )
    allocation.duration_ms = int((time.monotonic() - started) * 1000)
    allocation.save(update_fields=["duration_ms"])
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.CREATE,
        obj=allocation,
        after={
            "pledge": pledge.pk,
            "ruleset": ruleset.version,
            "requested": need,
            "proposed": len(rows),
            "missing": allocation.missing,
        },
    )
    return allocation


def missing_message(allocation: Allocation) -> str:
    if not allocation.missing:
        return ""
    return _(
        "Kurang %(missing)s pekerja: hanya %(found)s dari %(need)s pekerja yang memenuhi syarat dan pilihan komitmen "
        "ini. Perluas wilayah/pekerjaan pilihan atau tunggu data registri baru."
    ) % {"missing": allocation.missing, "found": allocation.proposed_count, "need": allocation.requested}


def _decide(allocation: Allocation, acting_user, *, to_allocation: str, to_coverage: str) -> Allocation:
    _require_office(acting_user)
    _lock_pledge(allocation.pledge)
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if allocation.status != Allocation.Status.PROPOSED:
        raise ValidationError(_("Alokasi ini sudah diputuskan."))
    changed = Coverage.objects.filter(allocation=allocation, status=Coverage.Status.PROPOSED).update(
        status=to_coverage, updated_at=clock.now()
    )
    allocation.status = to_allocation
    allocation.decided_by = acting_user
    allocation.decided_at = clock.now()
    allocation.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.TRANSITION,
        obj=allocation,
        before={"status": Allocation.Status.PROPOSED},
        after={"status": to_allocation, "coverages": changed},
    )
    return allocation


@transaction.atomic
def allocation_approve(*, allocation: Allocation, acting_user) -> Allocation:
    """The office approves the proposed list: its coverages become ``approved`` (ready to send to BPJS)."""
    return _decide(
        allocation, acting_user, to_allocation=Allocation.Status.APPROVED, to_coverage=Coverage.Status.APPROVED
    )


@transaction.atomic
def allocation_discard(*, allocation: Allocation, acting_user) -> Allocation:
    """Drop a proposal: its coverages are cancelled and the workers return to the pool."""
    return _decide(
        allocation, acting_user, to_allocation=Allocation.Status.DISCARDED, to_coverage=Coverage.Status.CANCELLED
    )


# -- replacements ------------------------------------------------------------------------------------------------


@transaction.atomic
def coverage_replace(*, coverage: Coverage, reason: str, acting_user, from_month=None) -> Coverage | None:
    """A worker drops out (rejected by BPJS, deceased, found ineligible): the remaining months go to the next
    eligible worker for the same pledge. Returns the replacement, or None if nobody eligible is left."""
    _require_office(acting_user)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tuliskan alasan penggantian.")})
    _allocation_lock()
    pledge = _lock_pledge(coverage.pledge)
    coverage = Coverage.objects.select_for_update().get(pk=coverage.pk)
    if coverage.status not in Coverage.RUNNING:
        raise ValidationError(_("Hanya kepesertaan yang masih berjalan yang dapat diganti."))
    start = first_of_month(from_month or max(coverage.first_month, first_of_month(clock.today())))
    start = max(start, coverage.first_month)
    before = snapshot(coverage, ["status", "last_month", "end_reason"])
    original_last = coverage.last_month
    coverage.end_reason = reason.strip()[:300]
    if start > original_last:
        coverage.status = Coverage.Status.ENDED
        coverage.save(update_fields=["status", "end_reason", "updated_at"])
        audit_record(actor=acting_user, action=AuditEvent.Action.TRANSITION, obj=coverage, before=before,
                     after=snapshot(coverage, ["status", "last_month", "end_reason"]), note=reason)  # fmt: skip
        return None
    old_status = coverage.status
    coverage.status = Coverage.Status.REPLACED
    if start > coverage.first_month:
        coverage.last_month = add_months(start, -1)  # the months before stay paid for and protected
    coverage.save(update_fields=["status", "last_month", "end_reason", "updated_at"])
    old, new = diff(before, snapshot(coverage, ["status", "last_month", "end_reason"]))
    audit_record(actor=acting_user, action=AuditEvent.Action.TRANSITION, obj=coverage, before=old, after=new,
                 note=reason)  # fmt: skip
    ruleset = ruleset_active()
    period = Period(start, original_last)
    rows, states = _pick(pledge=pledge, ruleset=ruleset, period=period, count=1)
    if not rows:
        return None
    _check_free([rows[0]["pk"]], period)
    names = dict(Kelurahan.objects.filter(pk=rows[0]["kelurahan_id"]).values_list("pk", "nama"))
    rank = (Coverage.objects.filter(pledge=pledge).aggregate(r=Max("rank"))["r"] or 0) + 1
    replacement = Coverage(
        worker_id=rows[0]["pk"],
        pledge=pledge,
        allocation=coverage.allocation,
        ruleset=ruleset,
        kelurahan_id=rows[0]["kelurahan_id"],
        first_month=period.first_month,
        last_month=period.last_month,
        status=Coverage.Status.PROPOSED if old_status == Coverage.Status.PROPOSED else Coverage.Status.APPROVED,
        rank=rank,
        replaces=coverage,
        reasons=_("Pengganti pekerja peringkat %(rank)s (%(reason)s) untuk %(period)s.")
        % {"rank": coverage.rank, "reason": reason.strip(), "period": period.label}
        + "\n"
        + _reason_text(rows[0], states=states, names=names, renewal_of=None),
    )
    replacement.full_clean(exclude=["worker", "pledge", "allocation", "ruleset", "kelurahan", "replaces"])
    replacement.save()
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.CREATE,
        obj=replacement,
        after={"replaces": coverage.pk, "worker": replacement.worker_id, "first_month": period.first_month},
        note=reason,
    )
    return replacement


def renewal_candidates(pledge: Pledge):
    """Other pledges of the same sponsor that hold coverages (a renewal keeps their workers first)."""
    return (
        Pledge.objects.filter(sponsor_id=pledge.sponsor_id)
        .exclude(pk=pledge.pk)
        .filter(pk__in=Coverage.objects.filter(status__in=Coverage.COMMITTED).values("pledge_id"))
        .order_by("-start_month")
    )
