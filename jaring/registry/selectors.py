"""Reads of the registry, scoped by role. Views, exports and the API all go through these."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from jaring.core.access import get_in_scope, has_role
from jaring.core.roles import Role
from jaring.wilayah.access import scope_by_area
from jaring.wilayah.models import Kelurahan

from .models import DuplicateCandidate, ImportBatch, ImportIssue, Worker, WorkerSource

REGISTRY_ROLES = (Role.ADMIN, Role.OPERATOR, Role.LEADERSHIP, Role.BRANCH_OFFICER, Role.KELURAHAN_OFFICER)
IMPORT_ROLES = (Role.ADMIN, Role.OPERATOR)
# Who needs to see NIK, name, birth date, address and phone in full: the office that runs the programme and the
# kelurahan officer who verifies their own residents. Leadership and branch officers see masked data here.
PERSONAL_DATA_ROLES = frozenset({Role.ADMIN, Role.OPERATOR, Role.KELURAHAN_OFFICER})
PAGE_SIZE = 50


def sees_personal_data(user) -> bool:
    return has_role(user, *PERSONAL_DATA_ROLES)


def can_edit_workers(user) -> bool:
    return has_role(user, Role.ADMIN, Role.OPERATOR, Role.KELURAHAN_OFFICER)


def workers_for_user(user) -> QuerySet[Worker]:
    if not has_role(user, *REGISTRY_ROLES):
        return Worker.objects.none()
    return scope_by_area(user, Worker.objects.all(), kelurahan_path="kelurahan")


def worker_get_for_user(user, pk) -> Worker:
    return get_in_scope(workers_for_user(user).select_related("kelurahan__kecamatan", "merged_into", "verified_by"), pk)


def worker_filter(queryset: QuerySet[Worker], data: dict) -> QuerySet[Worker]:
    """Apply the list filters (already validated by WorkerFilterForm)."""
    q = (data.get("q") or "").strip()
    if q:
        digits = q.replace(" ", "")
        if digits.isdigit() and len(digits) == 16:
            queryset = queryset.filter(nik=digits)
        elif digits.isdigit():
            queryset = queryset.filter(nik__startswith=digits)
        else:
            queryset = queryset.filter(name__istartswith=" ".join(q.split()))
    if data.get("kecamatan"):
        # A list of ids, not a join: the planner can then walk the NIK index and stop after one page.
        ids = list(Kelurahan.objects.filter(kecamatan=data["kecamatan"]).values_list("id", flat=True))
        queryset = queryset.filter(kelurahan_id__in=ids)
    if data.get("kelurahan"):
        queryset = queryset.filter(kelurahan=data["kelurahan"])
    if data.get("desil_p3ke"):
        queryset = queryset.filter(p3ke_decile=data["desil_p3ke"])
    if data.get("desil_dtsen"):
        queryset = queryset.filter(dtsen_decile=data["desil_dtsen"])
    if data.get("sumber"):
        queryset = queryset.filter(Exists(WorkerSource.objects.filter(worker=OuterRef("pk"), source=data["sumber"])))
    if data.get("pekerjaan"):
        queryset = queryset.filter(occupation__icontains=data["pekerjaan"])
    if data.get("verifikasi"):
        queryset = queryset.filter(verification=data["verifikasi"])
    for flag in ("bpjs_active", "apbd_funded", "deceased"):
        if data.get(flag):
            queryset = queryset.filter(**{flag: True})
    if data.get("digabung") != "1":
        queryset = queryset.filter(merged_into__isnull=True)
    return queryset


def worker_page(queryset: QuerySet[Worker], *, after: str = "", before: str = "", size: int = PAGE_SIZE):
    """Keyset paging by NIK: constant time on any page of a million rows (no OFFSET, no COUNT)."""
    queryset = queryset.select_related("kelurahan__kecamatan").only(
        "id",
        "nik",
        "name",
        "sex",
        "birth_date",
        "occupation",
        "p3ke_decile",
        "dtks_decile",
        "dtsen_decile",
        "in_dtks",
        "verification",
        "bpjs_active",
        "apbd_funded",
        "deceased",
        "merged_into_id",
        "kelurahan__nama",
        "kelurahan__kecamatan__nama",
    )
    if before:
        rows = list(queryset.filter(nik__lt=before).order_by("-nik")[: size + 1])
        has_previous = len(rows) > size
        rows = list(reversed(rows[:size]))
        has_next = True
    else:
        if after:
            queryset = queryset.filter(nik__gt=after)
        rows = list(queryset.order_by("nik")[: size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = bool(after)
    return {
        "rows": rows,
        "has_next": has_next and bool(rows),
        "has_previous": has_previous and bool(rows),
        "first": rows[0].nik if rows else "",
        "last": rows[-1].nik if rows else "",
    }


def import_batches_for_user(user) -> QuerySet[ImportBatch]:
    if not has_role(user, *IMPORT_ROLES):
        return ImportBatch.objects.none()
    return ImportBatch.objects.select_related("uploaded_by", "seen_before")


def import_batch_get_for_user(user, pk) -> ImportBatch:
    return get_in_scope(import_batches_for_user(user), pk)


def import_issues(batch: ImportBatch, *, limit: int | None = None) -> QuerySet[ImportIssue]:
    queryset = ImportIssue.objects.filter(batch=batch).order_by("row_number")
    return queryset[:limit] if limit else queryset


def duplicates_for_user(user) -> QuerySet[DuplicateCandidate]:
    if not has_role(user, *IMPORT_ROLES):
        return DuplicateCandidate.objects.none()
    return DuplicateCandidate.objects.select_related(
        "worker_a__kelurahan", "worker_b__kelurahan", "decided_by"
    ).order_by("decision", "-created_at", "-id")


def duplicate_get_for_user(user, pk) -> DuplicateCandidate:
    return get_in_scope(duplicates_for_user(user), pk)


def registry_summary(user) -> dict:
    """Counts for the home page: one aggregate query over the workers the user may see."""
    from django.db.models import Count, Q

    live = workers_for_user(user).filter(merged_into__isnull=True)
    summary = live.aggregate(
        total=Count("id"),
        needs_review=Count("id", filter=Q(verification="needs_review")),
        verified=Count("id", filter=Q(verification="verified")),
    )
    if has_role(user, *IMPORT_ROLES):
        summary["pending_duplicates"] = DuplicateCandidate.objects.filter(decision="pending").count()
        summary["last_import"] = ImportBatch.objects.order_by("-created_at").first()
    return summary
