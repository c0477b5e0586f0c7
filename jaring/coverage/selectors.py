"""Reads of coverage: eligibility as set-based SQL, priority order, waiting list, simulator, scoped lists.

Eligibility is a set of named rules, each a ``Q`` over the worker table (plus one ``NOT EXISTS`` over coverages),
so a screening of a million workers is one aggregate query and an allocation one ordered query, never a Python
loop per worker. :func:`explain_worker` applies the same rules to one worker in Python to give plain reasons;
the tests hold both to the same answers.
"""

from __future__ import annotations

import datetime
import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import MD5, Coalesce, Concat, Least, RowNumber
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jaring.core.access import has_role
from jaring.core.roles import CITYWIDE_READ_ROLES, Role
from jaring.lib import clock
from jaring.lib.dates import add_months, first_of_month, last_day_of_month, month_label
from jaring.registry.models import Verification, Worker
from jaring.registry.nik import mask_name, mask_nik
from jaring.registry.selectors import sees_personal_data
from jaring.sponsors.models import Pledge
from jaring.sponsors.rates import RateMissing, cost_for_months
from jaring.sponsors.selectors import rate_table
from jaring.wilayah.access import scope_by_area
from jaring.wilayah.models import Kecamatan, Kelurahan

from .models import Allocation, Coverage, RuleSet, Screening

# (code, short title shown in tables) in the order a person reads them.
RULES = [
    ("area", gettext_lazy("Tinggal di kelurahan Jakarta Selatan")),
    ("age", gettext_lazy("Usia pada bulan pertama dalam batas")),
    ("occupation", gettext_lazy("Bekerja di luar hubungan kerja")),
    ("poverty", gettext_lazy("Termasuk keluarga miskin (P3KE/DTKS/DTSEN)")),
    ("identity", gettext_lazy("NIK valid dan masih hidup")),
    ("not_funded", gettext_lazy("Belum aktif BPJS Ketenagakerjaan dan tidak dibiayai APBD")),
    ("not_merged", gettext_lazy("Bukan data ganda yang sudah digabung")),
    ("not_covered", gettext_lazy("Belum dibiayai pemberi dana lain pada periode ini")),
]
# Column headings for tables with one column per rule.
RULE_SHORT = {
    "area": gettext_lazy("Wilayah"),
    "age": gettext_lazy("Usia"),
    "occupation": gettext_lazy("Pekerjaan"),
    "poverty": gettext_lazy("Kemiskinan"),
    "identity": gettext_lazy("NIK/hidup"),
    "not_funded": gettext_lazy("BPJS/APBD"),
    "not_merged": gettext_lazy("Data ganda"),
    "not_covered": gettext_lazy("Sudah didanai"),
}
RULE_CODES = [code for code, _title in RULES]
RULE_TITLES = dict(RULES)
NO_DECILE = 99  # sorts after every real decile
DTKS_WITHOUT_DECILE = 4  # listed in DTKS (the poorest 40%) without a decile counts as decile 4

COVERAGE_ROLES = (Role.ADMIN, Role.OPERATOR, Role.LEADERSHIP, Role.BRANCH_OFFICER, Role.KELURAHAN_OFFICER)
OFFICE = (Role.ADMIN, Role.OPERATOR)


@dataclass(frozen=True)
class Period:
    first_month: datetime.date
    last_month: datetime.date

    @classmethod
    def of(cls, first_month: datetime.date, months: int) -> Period:
        first = first_of_month(first_month)
        return cls(first, add_months(first, max(months, 1) - 1))

    @property
    def months(self) -> int:
        return (self.last_month.year - self.first_month.year) * 12 + self.last_month.month - self.first_month.month + 1

    @property
    def label(self) -> str:
        if self.first_month == self.last_month:
            return month_label(self.first_month)
        return f"{month_label(self.first_month)} – {month_label(self.last_month)}"


def default_period(months: int = 12, *, today: datetime.date | None = None) -> Period:
    """From next month, for ``months`` months: what a new pledge would usually cover."""
    today = today or clock.today()
    return Period.of(add_months(first_of_month(today), 1), months)


def pledge_period(pledge: Pledge) -> Period:
    return Period(pledge.start_month, pledge.end_month)


def ruleset_active() -> RuleSet:
    """The active rule set (a default version 1 is created if somehow none exists)."""
    ruleset = RuleSet.objects.filter(is_active=True).first()
    if ruleset is None:
        from .services import ruleset_ensure_default

        ruleset = ruleset_ensure_default()
    return ruleset


# -- the rules as SQL ------------------------------------------------------------------------------------------


def _years_before(month: datetime.date, years: int) -> datetime.date:
    return month.replace(year=month.year - years)  # months are first days: never 29 February


def overlapping_coverages(period: Period, *, exclude_pledge=None) -> QuerySet[Coverage]:
    """Live coverages that share at least one month with ``period``."""
    queryset = Coverage.objects.filter(
        status__in=Coverage.LIVE, first_month__lte=period.last_month, last_month__gte=period.first_month
    )
    if exclude_pledge is not None:
        queryset = queryset.exclude(pledge=exclude_pledge)
    return queryset


def rule_conditions(ruleset: RuleSet, period: Period, *, exclude_pledge=None) -> dict[str, Q]:
    """One ``Q`` per rule over ``Worker``: true when the worker passes that rule."""
    first = period.first_month
    occupation = ~Q(occupation="")
    for name in ruleset.excluded_occupations_normalised:
        occupation &= ~Q(occupation__iexact=name)
    poverty = Q(p3ke_decile__lte=ruleset.p3ke_max_decile) | Q(dtsen_decile__lte=ruleset.dtsen_max_decile)
    if ruleset.count_dtks:
        poverty |= Q(in_dtks=True) | Q(dtks_decile__isnull=False)
    return {
        "area": Q(kelurahan_id__in=Subquery(Kelurahan.objects.values("pk"))),
        "age": Q(
            birth_date__isnull=False,
            birth_date__lte=_years_before(first, ruleset.age_min),
            birth_date__gt=_years_before(first, ruleset.age_max + 1),
        ),
        "occupation": occupation,
        "poverty": poverty,
        "identity": Q(deceased=False)
        & (Q(dukcapil_match=True) | Q(dukcapil_match__isnull=True))
        & ~Q(verification=Verification.NEEDS_REVIEW),
        "not_funded": Q(bpjs_active=False, apbd_funded=False),
        "not_merged": Q(merged_into__isnull=True),
        "not_covered": ~Q(
            Exists(overlapping_coverages(period, exclude_pledge=exclude_pledge).filter(worker=OuterRef("pk")))
        ),
    }


def _all(conditions: dict[str, Q], *, without: tuple[str, ...] = ()) -> Q:
    combined = Q()
    for code, condition in conditions.items():
        if code not in without:
            combined &= condition
    return combined


def mustahik_condition(ruleset: RuleSet) -> Q:
    """Who zakat money may protect (fakir and miskin), by the rule set's decile settings."""
    condition = Q(pk__in=[])
    if ruleset.zakat_p3ke_max_decile:
        condition |= Q(p3ke_decile__lte=ruleset.zakat_p3ke_max_decile)
    if ruleset.zakat_dtsen_max_decile:
        condition |= Q(dtsen_decile__lte=ruleset.zakat_dtsen_max_decile)
    return condition


def eligibility_annotate(
    queryset: QuerySet[Worker], *, ruleset: RuleSet, period: Period, exclude_pledge=None
) -> QuerySet[Worker]:
    """Annotate ``ok_<rule>`` (bool) for every rule and ``eligible`` (all of them)."""
    conditions = rule_conditions(ruleset, period, exclude_pledge=exclude_pledge)
    annotations = {
        f"ok_{code}": Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())
        for code, condition in conditions.items()
    }
    annotations["eligible"] = Case(
        When(_all(conditions), then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    return queryset.annotate(**annotations)


def eligible_workers(
    *, ruleset: RuleSet, period: Period, exclude_pledge=None, queryset: QuerySet[Worker] | None = None
) -> QuerySet[Worker]:
    queryset = Worker.objects.all() if queryset is None else queryset
    return queryset.filter(_all(rule_conditions(ruleset, period, exclude_pledge=exclude_pledge)))


def failed_rule_titles(row) -> list[str]:
    """Titles of the rules an annotated worker row fails (for list pages)."""
    return [str(title) for code, title in RULES if not getattr(row, f"ok_{code}", True)]


# -- one worker, in plain words --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    code: str
    title: str
    passed: bool
    text: str


@dataclass
class Explanation:
    worker: Worker
    ruleset: RuleSet
    period: Period
    results: list[RuleResult]
    coverages: list = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def reasons(self) -> list[str]:
        """Why the worker is not eligible, one readable sentence per failed rule."""
        return [r.text for r in self.results if not r.passed]


def _age_at(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def explain_worker(
    worker: Worker, *, ruleset: RuleSet | None = None, period: Period | None = None, exclude_pledge=None
):
    """Every rule for one worker with a sentence a person can read ("Usia 67 tahun pada bulan pertama, …")."""
    ruleset = ruleset or ruleset_active()
    period = period or default_period()
    first = period.first_month
    results = []

    def add(code, passed, text):
        results.append(RuleResult(code, str(RULE_TITLES[code]), passed, text))

    kelurahan = Kelurahan.objects.filter(pk=worker.kelurahan_id).select_related("kecamatan").first()
    if kelurahan:
        add("area", True, _("Tinggal di Kelurahan %(kel)s, Kecamatan %(kec)s.") % {
            "kel": kelurahan.nama, "kec": kelurahan.kecamatan.nama})  # fmt: skip
    else:
        add("area", False, _("Kelurahan domisili tidak dikenal sebagai kelurahan Jakarta Selatan."))

    if worker.birth_date is None:
        add("age", False, _("Tanggal lahir belum tercatat, sehingga usia tidak dapat diperiksa."))
    else:
        age = _age_at(worker.birth_date, first)
        values = {"age": age, "month": month_label(first), "min": ruleset.age_min, "max": ruleset.age_max}
        if age < ruleset.age_min:
            add("age", False, _("Usia %(age)s tahun pada bulan pertama (%(month)s), di bawah batas %(min)s.") % values)
        elif age > ruleset.age_max:
            add("age", False, _("Usia %(age)s tahun pada bulan pertama (%(month)s), di atas batas %(max)s.") % values)
        else:
            add("age", True, _("Usia %(age)s tahun pada bulan pertama (%(month)s), dalam batas %(min)s–%(max)s.")
                % values)  # fmt: skip

    occupation = " ".join((worker.occupation or "").upper().split())
    if not occupation:
        add("occupation", False, _("Pekerjaan belum tercatat."))
    elif occupation in ruleset.excluded_occupations_normalised:
        add("occupation", False, _("Pekerjaan “%(job)s” tidak dihitung sebagai bekerja.") % {"job": worker.occupation})
    else:
        add("occupation", True, _("Bekerja sebagai %(job)s.") % {"job": worker.occupation})

    facts = []
    if worker.p3ke_decile:
        facts.append(_("desil P3KE %(d)s") % {"d": worker.p3ke_decile})
    if worker.in_dtks or worker.dtks_decile:
        facts.append(_("terdaftar di DTKS"))
    if worker.dtsen_decile:
        facts.append(_("desil DTSEN %(d)s") % {"d": worker.dtsen_decile})
    poor = bool(
        (worker.p3ke_decile and worker.p3ke_decile <= ruleset.p3ke_max_decile)
        or (worker.dtsen_decile and worker.dtsen_decile <= ruleset.dtsen_max_decile)
        or (ruleset.count_dtks and (worker.in_dtks or worker.dtks_decile))
    )
    limits = {"p": ruleset.p3ke_max_decile, "d": ruleset.dtsen_max_decile}
    if poor:
        add("poverty", True, _("Termasuk miskin: %(facts)s.") % {"facts": ", ".join(facts)})
    elif facts:
        add("poverty", False, _("Tidak cukup miskin menurut aturan (%(facts)s; batas desil P3KE %(p)s, DTSEN %(d)s).")
            % {"facts": ", ".join(facts), **limits})  # fmt: skip
    else:
        add("poverty", False, _("Tidak tercatat di P3KE, DTKS maupun DTSEN."))

    problems = []
    if worker.deceased:
        problems.append(_("tercatat meninggal dunia"))
    if worker.dukcapil_match is False:
        problems.append(_("NIK tidak padan dengan data Dukcapil"))
    if worker.verification == Verification.NEEDS_REVIEW:
        problems.append(_("data NIK perlu verifikasi dahulu"))
    if problems:
        add("identity", False, _("Tidak dapat didaftarkan: %(p)s.") % {"p": ", ".join(problems)})
    else:
        add("identity", True, _("NIK valid dan tidak tercatat meninggal."))

    funded = []
    if worker.bpjs_active:
        funded.append(_("sudah aktif di BPJS Ketenagakerjaan"))
    if worker.apbd_funded:
        funded.append(_("iurannya sudah dibiayai APBD"))
    if funded:
        add("not_funded", False, _("Tidak perlu dibiayai: %(p)s.") % {"p": ", ".join(funded)})
    else:
        add("not_funded", True, _("Belum aktif BPJS Ketenagakerjaan dan tidak dibiayai APBD."))

    if worker.merged_into_id:
        add(
            "not_merged",
            False,
            _("Data ini digabung ke data pekerja lain (ID %(id)s).") % {"id": worker.merged_into_id},
        )
    else:
        add("not_merged", True, _("Data tunggal, tidak digabung."))

    overlaps = list(
        overlapping_coverages(period, exclude_pledge=exclude_pledge)
        .filter(worker=worker)
        .select_related("pledge__sponsor")
        .order_by("first_month")
    )
    if overlaps:
        texts = [
            _("%(period)s oleh %(sponsor)s (%(number)s)")
            % {
                "period": Period(c.first_month, c.last_month).label,
                "sponsor": c.pledge.sponsor.legal_name,
                "number": c.pledge.number,
            }
            for c in overlaps
        ]
        add("not_covered", False, _("Sudah dibiayai pada periode ini: %(list)s.") % {"list": "; ".join(texts)})
    else:
        add("not_covered", True, _("Belum dibiayai pemberi dana lain pada %(period)s.") % {"period": period.label})
    return Explanation(worker=worker, ruleset=ruleset, period=period, results=results, coverages=overlaps)


# -- screening counts ------------------------------------------------------------------------------------------


def screening_counts(*, ruleset: RuleSet, period: Period, queryset: QuerySet[Worker] | None = None) -> dict:
    """Per-kelurahan totals, eligible counts and failures per rule: one GROUP BY over the worker table."""
    queryset = Worker.objects.all() if queryset is None else queryset
    conditions = rule_conditions(ruleset, period)
    aggregates = {"total": Count("id"), "eligible": Count("id", filter=_all(conditions))}
    for code, condition in conditions.items():
        aggregates[f"fail_{code}"] = Count("id", filter=~condition)
    rows = list(queryset.order_by().values("kelurahan_id").annotate(**aggregates))
    names = {k.pk: (k.nama, k.kecamatan.nama) for k in Kelurahan.objects.select_related("kecamatan")}
    per_kelurahan = []
    rule_totals = dict.fromkeys(RULE_CODES, 0)
    total = eligible = 0
    for row in rows:
        total += row["total"]
        eligible += row["eligible"]
        for code in RULE_CODES:
            rule_totals[code] += row[f"fail_{code}"]
        nama, kecamatan = names.get(row["kelurahan_id"], (_("(tidak dikenal)"), ""))
        per_kelurahan.append(
            {
                "kelurahan_id": row["kelurahan_id"],
                "kelurahan": nama,
                "kecamatan": kecamatan,
                "total": row["total"],
                "eligible": row["eligible"],
                "fails": {code: row[f"fail_{code}"] for code in RULE_CODES},
            }
        )
    per_kelurahan.sort(key=lambda r: (r["kecamatan"], r["kelurahan"]))
    return {"total": total, "eligible": eligible, "rule_counts": rule_totals, "kelurahan_counts": per_kelurahan}


def screenings_for_user(user) -> QuerySet[Screening]:
    if not has_role(user, *CITYWIDE_READ_ROLES):
        return Screening.objects.none()
    return Screening.objects.select_related("ruleset", "created_by")


def screening_get_for_user(user, pk) -> Screening:
    try:
        return screenings_for_user(user).get(pk=pk)
    except (Screening.DoesNotExist, ValueError, TypeError):
        raise Http404


def screening_rule_rows(screening: Screening) -> list[dict]:
    return [{"code": code, "title": str(title), "failed": screening.rule_counts.get(code, 0)} for code, title in RULES]


# -- priority order ---------------------------------------------------------------------------------------------


def decile_expression():
    """The poorest of a worker's deciles; DTKS without a decile counts as 4; none at all sorts last."""
    dtks = Coalesce(
        F("dtks_decile"), Case(When(in_dtks=True, then=Value(DTKS_WITHOUT_DECILE)), default=Value(NO_DECILE))
    )
    return Least(
        Coalesce(F("p3ke_decile"), Value(NO_DECILE)), dtks, Coalesce(F("dtsen_decile"), Value(NO_DECILE)),
        output_field=IntegerField(),
    )  # fmt: skip


def poorest_decile(worker) -> int:
    dtks = worker.dtks_decile or (DTKS_WITHOUT_DECILE if worker.in_dtks else NO_DECILE)
    return min(worker.p3ke_decile or NO_DECILE, dtks, worker.dtsen_decile or NO_DECILE)


def tiebreak_expression(salt: str):
    """A fair, stable lottery: md5 of NIK and a salt (the pledge). Neither alphabetical nor by id."""
    return MD5(Concat(F("nik"), Value(f":{salt}")))


@dataclass(frozen=True)
class KelurahanState:
    kelurahan_id: int
    base: int  # workers who pass every rule except "not covered": the people the kelurahan should protect
    covered: int  # of those, how many already hold a live coverage in the period

    @property
    def share(self) -> float:
        return self.covered / self.base if self.base else 1.0


def kelurahan_states(*, ruleset: RuleSet, period: Period, exclude_pledge=None) -> dict[int, KelurahanState]:
    """Coverage of each kelurahan in ``period``: one GROUP BY."""
    return pool_census(ruleset=ruleset, period=period, exclude_pledge=exclude_pledge)[0]


def pool_census(*, ruleset: RuleSet, period: Period, extra: Q | None = None, exclude_pledge=None):
    """One GROUP BY (kelurahan, decile) over the workers who pass every rule but "not covered".

    Returns the coverage state of each kelurahan and the pool (eligible, not covered, matching ``extra``) counted
    per decile and kelurahan: what the allocation needs to know before it orders anybody.
    """
    conditions = rule_conditions(ruleset, period, exclude_pledge=exclude_pledge)
    free = conditions["not_covered"]
    rows = (
        Worker.objects.filter(_all(conditions, without=("not_covered",)))
        .order_by()
        .annotate(decile=decile_expression())
        .values("kelurahan_id", "decile")
        .annotate(
            base=Count("id"),
            covered=Count("id", filter=~free),
            pool=Count("id", filter=free & extra if extra is not None else free),
        )
    )
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    by_decile: dict[int, dict[int, int]] = defaultdict(dict)
    for row in rows:
        totals[row["kelurahan_id"]][0] += row["base"]
        totals[row["kelurahan_id"]][1] += row["covered"]
        if row["pool"]:
            by_decile[row["decile"]][row["kelurahan_id"]] = row["pool"]
    states = {k: KelurahanState(k, base, covered) for k, (base, covered) in totals.items()}
    return states, dict(by_decile)


def preference_condition(pledge: Pledge | None = None, *, kecamatan=(), kelurahan=(), occupations="", women_only=False):
    """The pledge's preferences as a filter: area (kecamatan or kelurahan), occupations, women only."""
    if pledge is not None:
        kecamatan = list(pledge.kecamatan.values_list("pk", flat=True))
        kelurahan = list(pledge.kelurahan.values_list("pk", flat=True))
        occupations = pledge.occupations
        women_only = pledge.women_only
    condition = Q()
    kecamatan = [getattr(k, "pk", k) for k in kecamatan]
    kelurahan = [getattr(k, "pk", k) for k in kelurahan]
    if kecamatan or kelurahan:
        area = Q(pk__in=[])
        if kelurahan:
            area |= Q(kelurahan_id__in=kelurahan)
        if kecamatan:
            area |= Q(kelurahan_id__in=Subquery(Kelurahan.objects.filter(kecamatan_id__in=kecamatan).values("pk")))
        condition &= area
    terms = [" ".join(t.split()) for t in (occupations or "").replace(";", ",").split(",") if t.strip()]
    if terms:
        jobs = Q(pk__in=[])
        for term in terms:
            jobs |= Q(occupation__icontains=term)
        condition &= jobs
    if women_only:
        condition &= Q(sex="P")
    return condition


def priority_queryset(
    *,
    ruleset: RuleSet,
    period: Period,
    salt: str,
    states: dict[int, KelurahanState],
    exclude_pledge=None,
    extra: Q | None = None,
    renewal_of: Pledge | None = None,
    max_decile: int | None = None,
) -> QuerySet[Worker]:
    """Eligible workers in allocation order, as one SQL query (``max_decile`` skips deciles never reached).

    Order: renewals of ``renewal_of`` first; then the poorest decile; then the kelurahan furthest behind, counting
    the workers chosen before (the projected share (covered + n) / base, so a big pledge spreads over kelurahan
    instead of filling one); then a lottery on md5(NIK + salt).
    """
    queryset = eligible_workers(ruleset=ruleset, period=period, exclude_pledge=exclude_pledge)
    if extra is not None:
        queryset = queryset.filter(extra)
    renewal = Value(0)
    if renewal_of is not None:
        renewal = Case(
            When(
                Exists(
                    Coverage.objects.filter(
                        pledge=renewal_of,
                        worker=OuterRef("pk"),
                        status__in=(Coverage.Status.APPROVED, Coverage.Status.SENT, Coverage.Status.ACTIVE,
                                    Coverage.Status.ENDED),
                    )
                ),
                then=Value(1),
            ),
            default=Value(0),
        )  # fmt: skip
    base_share = Case(
        *[When(kelurahan_id=k, then=Value(s.covered / s.base)) for k, s in states.items() if s.base],
        default=Value(1.0),
        output_field=FloatField(),
    )
    step = Case(
        *[When(kelurahan_id=k, then=Value(1.0 / s.base)) for k, s in states.items() if s.base],
        default=Value(1.0),
        output_field=FloatField(),
    )
    queryset = queryset.annotate(renewal=renewal, decile=decile_expression())
    if max_decile is not None:
        queryset = queryset.filter(decile__lte=max_decile)
    queryset = queryset.annotate(lottery=tiebreak_expression(salt)).annotate(
        n_in_kelurahan=Window(
            RowNumber(),
            partition_by=[F("kelurahan_id")],
            order_by=[F("renewal").desc(), F("decile").asc(), F("lottery").asc()],
        ),
    )
    queryset = queryset.annotate(priority=base_share + F("n_in_kelurahan") * step)
    return queryset.order_by("-renewal", "decile", "priority", "lottery")


# -- scoped coverage lists --------------------------------------------------------------------------------------


def coverages_for_user(user) -> QuerySet[Coverage]:
    """Office and leadership: all; sponsor: its own pledges'; branch/kelurahan officers: their area."""
    queryset = Coverage.objects.select_related("worker", "kelurahan__kecamatan", "pledge__sponsor")
    if has_role(user, Role.SPONSOR):
        return queryset.filter(pledge__sponsor__memberships__user=user)
    if has_role(user, *COVERAGE_ROLES):
        return scope_by_area(user, queryset, kelurahan_path="kelurahan")
    return queryset.none()


def allocations_for_user(user) -> QuerySet[Allocation]:
    queryset = Allocation.objects.select_related("pledge__sponsor", "ruleset", "created_by", "decided_by")
    if has_role(user, *CITYWIDE_READ_ROLES):
        return queryset
    if has_role(user, Role.SPONSOR):
        return queryset.filter(pledge__sponsor__memberships__user=user)
    return queryset.none()


def allocation_get_for_user(user, pk) -> Allocation:
    try:
        return allocations_for_user(user).get(pk=pk)
    except (Allocation.DoesNotExist, ValueError, TypeError):
        raise Http404


def coverage_get_for_user(user, pk) -> Coverage:
    try:
        return coverages_for_user(user).get(pk=pk)
    except (Coverage.DoesNotExist, ValueError, TypeError):
        raise Http404


def masks_personal_data(user) -> bool:
    return not sees_personal_data(user)


def present_worker(worker: Worker, masked: bool) -> dict:
    return {
        "nik": mask_nik(worker.nik) if masked else worker.nik,
        "name": mask_name(worker.name) if masked else worker.name,
    }


def coverages_ending(user, *, within_days: int, today: datetime.date | None = None) -> QuerySet[Coverage]:
    """Running coverages whose last month ends between today and ``within_days`` days from now."""
    today = today or clock.today()
    horizon = today + datetime.timedelta(days=within_days)
    # a coverage ends on the last day of its last month; that day is <= horizon iff last_month <= bound
    bound = add_months(first_of_month(horizon + datetime.timedelta(days=1)), -1)
    return (
        coverages_for_user(user)
        .filter(status__in=Coverage.RUNNING, last_month__gte=first_of_month(today), last_month__lte=bound)
        .order_by("last_month", "kelurahan_id", "rank")
    )


def coverage_end_date(coverage: Coverage) -> datetime.date:
    return last_day_of_month(coverage.last_month)


@dataclass(frozen=True)
class PledgeCoverage:
    workers: int
    per_kecamatan: list
    per_kelurahan: list
    months: list
    rows: list
    missing: int
    replaced: int


def pledge_coverage(pledge: Pledge, user, *, limit: int = 200) -> PledgeCoverage:
    """What a pledge protects: number of workers, where, which months, and the (masked) list."""
    masked = masks_personal_data(user)
    live = Coverage.objects.filter(pledge=pledge, status__in=Coverage.LIVE)
    per_kecamatan = list(live.values(nama=F("kelurahan__kecamatan__nama")).annotate(n=Count("id")).order_by("nama"))
    per_kelurahan = list(
        live.values(nama=F("kelurahan__nama"), kecamatan=F("kelurahan__kecamatan__nama"))
        .annotate(n=Count("id"))
        .order_by("kecamatan", "nama")
    )
    months = list(live.values("first_month", "last_month").annotate(n=Count("id")).order_by("first_month"))
    for m in months:
        m["label"] = Period(m["first_month"], m["last_month"]).label
    rows = []
    queryset = (
        Coverage.objects.filter(pledge=pledge)
        .exclude(status=Coverage.Status.CANCELLED)
        .select_related("worker", "kelurahan__kecamatan", "replaces__worker")
        .order_by("rank")
    )
    for coverage in queryset[:limit]:
        rows.append({"coverage": coverage, **present_worker(coverage.worker, masked)})
    workers = sum(r["n"] for r in per_kecamatan)
    return PledgeCoverage(
        workers=workers,
        per_kecamatan=per_kecamatan,
        per_kelurahan=per_kelurahan,
        months=months,
        rows=rows,
        missing=max(pledge.workers - live.filter(status__in=Coverage.RUNNING).count(), 0) if workers else 0,
        replaced=Coverage.objects.filter(pledge=pledge, status=Coverage.Status.REPLACED).count(),
    )


def pledge_used_amount(pledge: Pledge, *, as_of: datetime.date | None = None) -> int:
    """Rupiah of ``pledge`` spent on coverage months that have begun by ``as_of`` (default: today): committed
    coverages (approved, sent, active, ended, replaced), each month priced from the rate table. Months still ahead
    are committed but not yet spent, so the ledger's balance never goes below what was paid for them."""
    current = first_of_month(as_of or clock.today())
    groups = (
        Coverage.objects.filter(pledge=pledge, status__in=Coverage.COMMITTED, first_month__lte=current)
        .values("first_month", "last_month")
        .annotate(n=Count("id"))
    )
    table = rate_table()
    total = 0
    for group in groups:
        period = Period(group["first_month"], min(group["last_month"], current))
        months = [add_months(period.first_month, i) for i in range(period.months)]
        try:
            total += cost_for_months(table, sector=pledge.sector, persons=group["n"], months=months).total
        except RateMissing:
            continue
    return total


# -- waiting list and simulator ---------------------------------------------------------------------------------


WAITING_SALT = "daftar-tunggu"


@dataclass
class WaitingPage:
    counts: list[dict]  # per kelurahan the user may see: eligible (base), waiting, waiting in decile 1, covered share
    workers: list  # the requested slice of the waiting list, in allocation order, with ``decile`` annotated
    has_more: bool


def waiting_page(
    user,
    *,
    period: Period | None = None,
    ruleset: RuleSet | None = None,
    kelurahan_id: int | None = None,
    offset: int = 0,
    limit: int = 50,
) -> WaitingPage:
    """Eligible workers not yet funded for ``period``, in the order an allocation would take them.

    One census (GROUP BY kelurahan and decile) gives the per-kelurahan counts and tells how many deciles the
    requested page reaches, so the ordered query sorts only those deciles, not the whole pool.
    """
    ruleset = ruleset or ruleset_active()
    period = period or default_period()
    if not has_role(user, *COVERAGE_ROLES):
        return WaitingPage([], [], False)
    states, by_decile = pool_census(ruleset=ruleset, period=period)
    visible = dict(
        scope_by_area(user, Kelurahan.objects.select_related("kecamatan"), kelurahan_path="").values_list(
            "id", "kecamatan__nama"
        )
    )
    names = dict(Kelurahan.objects.filter(id__in=visible).values_list("id", "nama"))
    counts = []
    for kid, state in states.items():
        if kid not in visible or not state.base:
            continue
        waiting = state.base - state.covered
        counts.append(
            {
                "kelurahan_id": kid,
                "kelurahan": names[kid],
                "kecamatan": visible[kid],
                "base": state.base,
                "waiting": waiting,
                "waiting_d1": by_decile.get(1, {}).get(kid, 0),
                "covered": state.covered,
                "share": round(100 * state.covered / state.base, 1),
            }
        )
    counts.sort(key=lambda row: (row["kecamatan"], row["kelurahan"]))
    # Only kelurahan the user may see, whatever id was asked for.
    wanted = [k for k in visible if kelurahan_id is None or k == kelurahan_id]
    needed, reached, max_decile = offset + limit + 1, 0, None
    for decile in sorted(by_decile):
        reached += sum(n for k, n in by_decile[decile].items() if k in wanted)
        max_decile = decile
        if reached >= needed:
            break
    queryset = priority_queryset(
        ruleset=ruleset, period=period, salt=WAITING_SALT, states=states, max_decile=max_decile
    )
    queryset = queryset.filter(kelurahan_id__in=wanted)
    rows = list(queryset.select_related("kelurahan")[offset : offset + limit + 1])
    return WaitingPage(counts=counts, workers=rows[:limit], has_more=len(rows) > limit)


@dataclass
class Simulation:
    workers: int
    per_worker: int
    amount: int
    pool: int
    missing: int
    leftover: int
    per_kecamatan: list
    period: Period


def simulate(
    *,
    amount: int,
    months: int,
    first_month: datetime.date | None = None,
    sector: str = "other",
    fund_type: str = "csr",
    kecamatan=(),
    kelurahan=(),
    occupations: str = "",
    women_only: bool = False,
    ruleset: RuleSet | None = None,
) -> Simulation:
    """How many workers ``amount`` protects for ``months`` and how coverage per kecamatan would change.

    One aggregate query (kelurahan coverage and the pool counted per kelurahan and decile), then the allocation
    order replayed over those counts in Python (at most 65 kelurahan × a few deciles).
    """
    ruleset = ruleset or ruleset_active()
    period = Period.of(first_month or default_period().first_month, months)
    month_list = [add_months(period.first_month, i) for i in range(period.months)]
    per_worker = cost_for_months(rate_table(), sector=sector, persons=1, months=month_list).total
    affordable = amount // per_worker if per_worker else 0
    extra = preference_condition(
        kecamatan=kecamatan, kelurahan=kelurahan, occupations=occupations, women_only=women_only
    )
    if fund_type == Pledge.FundType.ZAKAT:
        extra &= mustahik_condition(ruleset)
    census, by_decile = pool_census(ruleset=ruleset, period=period, extra=extra)
    states = {k: [st.base, st.covered] for k, st in census.items()}
    pool = sum(sum(d.values()) for d in by_decile.values())
    chosen: dict[int, int] = defaultdict(int)
    remaining = min(affordable, pool)
    for decile in sorted(by_decile):
        groups = by_decile[decile]
        size = sum(groups.values())
        if remaining >= size:
            for k, n in groups.items():
                chosen[k] += n
            remaining -= size
            continue
        # water-filling: the next worker comes from the kelurahan with the lowest projected share
        heap = []
        for k, n in groups.items():
            b, c = states.get(k, [1, 0])
            heapq.heappush(heap, ((c + chosen[k] + 1) / max(b, 1), k, n))
        while remaining and heap:
            _share, k, left = heapq.heappop(heap)
            chosen[k] += 1
            remaining -= 1
            if left > 1:
                b, c = states.get(k, [1, 0])
                heapq.heappush(heap, ((c + chosen[k] + 1) / max(b, 1), k, left - 1))
        break
    kelurahan_kecamatan = dict(Kelurahan.objects.values_list("pk", "kecamatan_id"))
    per_kecamatan = []
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for k, (b, c) in states.items():
        kec = kelurahan_kecamatan.get(k)
        if kec is None:
            continue
        totals[kec][0] += b
        totals[kec][1] += c
    for k, n in chosen.items():
        totals[kelurahan_kecamatan.get(k)][2] += n
    for kec in Kecamatan.objects.order_by("nama"):
        b, c, n = totals.get(kec.pk, [0, 0, 0])
        per_kecamatan.append(
            {
                "kecamatan_id": kec.pk,
                "kecamatan": kec.nama,
                "base": b,
                "covered": c,
                "added": n,
                "share_before": round(100 * c / b, 1) if b else 0.0,
                "share_after": round(100 * (c + n) / b, 1) if b else 0.0,
            }
        )
    workers = min(affordable, pool)
    return Simulation(
        workers=workers,
        per_worker=per_worker,
        amount=amount,
        pool=pool,
        missing=max(affordable - pool, 0),
        leftover=amount - workers * per_worker,
        per_kecamatan=per_kecamatan,
        period=period,
    )
