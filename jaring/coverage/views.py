"""Coverage pages: rules, screening, a worker's eligibility, allocations, coverages, waiting list, simulator.

Thin views: a form parses input, one service or selector does the work. Objects come through scoped selectors,
so another sponsor's pledge or a worker outside an officer's area answers 404.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jaring.core.access import role_required
from jaring.core.audit import personal_data_accessed
from jaring.core.roles import Role
from jaring.registry.models import Worker
from jaring.registry.selectors import REGISTRY_ROLES, worker_get_for_user
from jaring.sponsors.models import Pledge
from jaring.sponsors.selectors import pledge_get_for_user

from . import selectors, services
from .forms import PeriodForm, ProposeForm, ReplaceForm, RuleSetForm, SimulatorForm
from .models import Allocation, Coverage, RuleSet

OFFICE = (Role.ADMIN, Role.OPERATOR)
READ = (Role.ADMIN, Role.OPERATOR, Role.LEADERSHIP)
AREA = selectors.COVERAGE_ROLES
PAGE = 50


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@role_required(*AREA)
def home(request):
    user = request.user
    return render(
        request,
        "coverage/home.html",
        {
            "ruleset": selectors.ruleset_active(),
            "screening": selectors.screenings_for_user(user).first(),
            "ending_30": selectors.coverages_ending(user, within_days=30).count(),
            "ending_60": selectors.coverages_ending(user, within_days=60).count(),
            "proposals": selectors.allocations_for_user(user).filter(status=Allocation.Status.PROPOSED)[:20],
        },
    )


# -- rules -------------------------------------------------------------------------------------------------------


@role_required(*READ)
def ruleset_list(request):
    active = selectors.ruleset_active()
    form = None
    if request.user.role == Role.ADMIN:
        form = RuleSetForm(request.POST or None, instance=active if request.method != "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            note = data.pop("note")
            try:
                new = services.ruleset_update(acting_user=request.user, note=note, **data)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Aturan versi %(v)s aktif.") % {"v": new.version})
                return redirect("coverage:ruleset_list")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "coverage/ruleset_list.html",
        {"active": active, "rulesets": RuleSet.objects.select_related("created_by")[:30], "form": form},
    )


# -- screening ---------------------------------------------------------------------------------------------------


@role_required(*READ)
def screening_list(request):
    form = PeriodForm(request.POST or None)
    if request.method == "POST":
        if request.user.role not in OFFICE:
            raise PermissionDenied
        if form.is_valid():
            screening = services.screening_run(
                acting_user=request.user,
                first_month=form.cleaned_data["first_month"],
                months=form.cleaned_data["months"],
            )
            messages.success(request, _("Penyaringan selesai."))
            return redirect("coverage:screening_detail", pk=screening.pk)
    return render(
        request,
        "coverage/screening_list.html",
        {"screenings": selectors.screenings_for_user(request.user)[:50], "form": form},
    )


@role_required(*READ)
def screening_detail(request, pk):
    screening = selectors.screening_get_for_user(request.user, pk)
    return render(
        request,
        "coverage/screening_detail.html",
        {
            "screening": screening,
            "period": selectors.Period.of(screening.first_month, screening.months),
            "rules": selectors.screening_rule_rows(screening),
            "rule_codes": selectors.RULE_CODES,
        },
    )


@role_required(*READ)
def screening_workers(request, pk):
    """Every worker with eligible or not and the rules failed, under the screening's rules and period (paged)."""
    screening = selectors.screening_get_for_user(request.user, pk)
    period = selectors.Period.of(screening.first_month, screening.months)
    queryset = selectors.eligibility_annotate(
        Worker.objects.select_related("kelurahan"), ruleset=screening.ruleset, period=period
    )
    show = request.GET.get("tampil", "tidak-layak")
    if show == "tidak-layak":
        queryset = queryset.filter(eligible=False)
    elif show == "layak":
        queryset = queryset.filter(eligible=True)
    if request.GET.get("kelurahan", "").isdigit():
        queryset = queryset.filter(kelurahan_id=int(request.GET["kelurahan"]))
    after = request.GET.get("setelah", "")
    if after:
        queryset = queryset.filter(nik__gt=after)
    rows = list(queryset.order_by("nik")[: PAGE + 1])
    has_next = len(rows) > PAGE
    rows = rows[:PAGE]
    masked = selectors.masks_personal_data(request.user)
    items = [
        {"worker": w, **selectors.present_worker(w, masked), "failed": selectors.failed_rule_titles(w)} for w in rows
    ]
    return render(
        request,
        "coverage/screening_workers.html",
        {"screening": screening, "items": items, "has_next": has_next, "last": rows[-1].nik if rows else "",
         "show": show, "kelurahan": request.GET.get("kelurahan", "")},
    )  # fmt: skip


# -- one worker --------------------------------------------------------------------------------------------------


@role_required(*REGISTRY_ROLES)
def worker_eligibility(request, pk):
    worker = worker_get_for_user(request.user, pk)
    form = PeriodForm(request.GET or None)
    period = None
    if request.GET and form.is_valid():
        period = selectors.Period.of(form.cleaned_data["first_month"], form.cleaned_data["months"])
    explanation = selectors.explain_worker(worker, period=period)
    masked = selectors.masks_personal_data(request.user)
    if not masked:
        personal_data_accessed(actor=request.user, obj=worker, note="kelayakan")
    coverages = selectors.coverages_for_user(request.user).filter(worker=worker).order_by("-first_month")
    return render(
        request,
        "coverage/worker_eligibility.html",
        {
            "worker": worker,
            **selectors.present_worker(worker, masked),
            "explanation": explanation,
            "form": form,
            "coverages": coverages,
        },
    )


# -- allocations -------------------------------------------------------------------------------------------------


@role_required(*READ)
def allocation_list(request):
    allocations = selectors.allocations_for_user(request.user)
    pledges = Pledge.objects.filter(status__in=services.ALLOCATABLE).select_related("sponsor").order_by("start_month")
    return render(
        request,
        "coverage/allocation_list.html",
        {"page": Paginator(allocations, PAGE).get_page(request.GET.get("halaman")), "pledges": pledges},
    )


@role_required(*OFFICE)
def allocation_propose(request, pledge_pk):
    pledge = pledge_get_for_user(request.user, pledge_pk)
    form = ProposeForm(request.POST or None, candidates=services.renewal_candidates(pledge))
    if request.method == "POST" and form.is_valid():
        try:
            allocation = services.allocation_propose(
                pledge=pledge, acting_user=request.user, renewal_of=form.cleaned_data["renewal_of"]
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            if allocation.missing:
                messages.warning(request, services.missing_message(allocation))
            else:
                messages.success(request, _("Usulan alokasi dibuat. Periksa daftar lalu setujui."))
            return redirect("coverage:allocation_detail", pk=allocation.pk)
    return render(
        request,
        "coverage/allocation_propose.html",
        {
            "pledge": pledge,
            "form": form,
            "held": Coverage.objects.filter(pledge=pledge, status__in=Coverage.LIVE).count(),
        },
    )


@role_required(*READ)
def allocation_detail(request, pk):
    allocation = selectors.allocation_get_for_user(request.user, pk)
    masked = selectors.masks_personal_data(request.user)
    coverages = allocation.coverages.select_related("worker", "kelurahan__kecamatan").order_by("rank")
    page = Paginator(coverages, 100).get_page(request.GET.get("halaman"))
    rows = [{"coverage": c, **selectors.present_worker(c.worker, masked)} for c in page]
    return render(
        request,
        "coverage/allocation_detail.html",
        {
            "allocation": allocation,
            "page": page,
            "rows": rows,
            "missing_message": services.missing_message(allocation),
            "can_decide": request.user.role in OFFICE and allocation.status == Allocation.Status.PROPOSED,
            "can_replace": request.user.role in OFFICE,
        },
    )


@role_required(*OFFICE)
@require_POST
def allocation_decide(request, pk, decision):
    allocation = selectors.allocation_get_for_user(request.user, pk)
    service = {"setujui": services.allocation_approve, "batalkan": services.allocation_discard}.get(decision)
    if service is None:
        raise Http404
    try:
        service(allocation=allocation, acting_user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("Alokasi disetujui: pekerja siap didaftarkan ke BPJS Ketenagakerjaan.")
            if decision == "setujui"
            else _("Usulan alokasi dibatalkan."),
        )
    return redirect("coverage:allocation_detail", pk=allocation.pk)


@role_required(*OFFICE)
def coverage_replace(request, pk):
    coverage = selectors.coverage_get_for_user(request.user, pk)
    form = ReplaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            replacement = services.coverage_replace(
                coverage=coverage,
                reason=form.cleaned_data["reason"],
                from_month=form.cleaned_data["from_month"] or None,
                acting_user=request.user,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            if replacement is None:
                messages.warning(request, _("Tidak ada pekerja pengganti yang memenuhi syarat untuk sisa bulan."))
            else:
                messages.success(
                    request, _("Sisa bulan dialihkan ke pekerja peringkat %(r)s.") % {"r": replacement.rank}
                )
            return redirect("coverage:pledge_coverage", pledge_pk=coverage.pledge_id)
    masked = selectors.masks_personal_data(request.user)
    return render(
        request,
        "coverage/coverage_replace.html",
        {"coverage": coverage, "form": form, **selectors.present_worker(coverage.worker, masked)},
    )


# -- what a pledge protects (office, leadership and the owning sponsor) -------------------------------------------


@role_required(*READ, Role.SPONSOR)
def pledge_coverage(request, pledge_pk):
    pledge = pledge_get_for_user(request.user, pledge_pk)
    return render(
        request,
        "coverage/pledge_coverage.html",
        {
            "pledge": pledge,
            "summary": selectors.pledge_coverage(pledge, request.user, limit=5000),
            "can_replace": request.user.role in OFFICE,
            "can_allocate": request.user.role in OFFICE and pledge.status in services.ALLOCATABLE,
        },
    )


@role_required(*AREA)
def ending_list(request):
    days = 60 if request.GET.get("hari") == "60" else 30
    queryset = selectors.coverages_ending(request.user, within_days=days)
    page = Paginator(queryset, PAGE).get_page(request.GET.get("halaman"))
    masked = selectors.masks_personal_data(request.user)
    rows = [
        {"coverage": c, "ends": selectors.coverage_end_date(c), **selectors.present_worker(c.worker, masked)}
        for c in page
    ]
    return render(request, "coverage/ending_list.html", {"page": page, "rows": rows, "days": days})


# -- waiting list and simulator ----------------------------------------------------------------------------------


@role_required(*AREA)
def waiting_list(request):
    form = PeriodForm(request.GET or None)
    period = selectors.default_period()
    if request.GET and form.is_valid():
        period = selectors.Period.of(form.cleaned_data["first_month"], form.cleaned_data["months"])
    kelurahan = int(request.GET["kelurahan"]) if request.GET.get("kelurahan", "").isdigit() else None
    offset = max(int(request.GET.get("mulai", "0")) if request.GET.get("mulai", "0").isdigit() else 0, 0)
    page = selectors.waiting_page(request.user, period=period, kelurahan_id=kelurahan, offset=offset, limit=PAGE)
    masked = selectors.masks_personal_data(request.user)
    items = [
        {"worker": w, "position": offset + i + 1, **selectors.present_worker(w, masked)}
        for i, w in enumerate(page.workers)
    ]
    return render(
        request,
        "coverage/waiting_list.html",
        {"form": form, "period": period, "counts": page.counts,
         "items": items, "next_offset": offset + PAGE if page.has_more else None,
         "kelurahan": request.GET.get("kelurahan", "")},
    )  # fmt: skip


@role_required(*READ)
def simulator(request):
    form = SimulatorForm(request.GET or None)
    result = None
    elapsed = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        started = time.monotonic()
        try:
            result = selectors.simulate(
                amount=data["amount"],
                months=data["months"],
                first_month=data["first_month"],
                sector=data["sector"],
                fund_type=data["fund_type"],
                kecamatan=data["kecamatan"],
                kelurahan=data["kelurahan"],
                occupations=data["occupations"],
                women_only=data["women_only"],
            )
        except selectors.RateMissing as missing:
            form.add_error("first_month", _("Tabel tarif belum memuat bulan %(m)s.") % {"m": missing.month})
        elapsed = round((time.monotonic() - started) * 1000)
    return render(request, "coverage/simulator.html", {"form": form, "result": result, "elapsed": elapsed})
