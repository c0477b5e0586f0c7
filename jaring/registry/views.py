from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jaring.core.access import role_required
from jaring.core.audit import personal_data_accessed
from jaring.core.roles import Role
from jaring.wilayah.selectors import kecamatan_for_user, kelurahan_for_user

from . import selectors, services
from .forms import DuplicateDecisionForm, ImportUploadForm, WorkerFilterForm, WorkerForm
from .models import Worker
from .nik import mask_name, mask_nik
from .xlsx import issues_workbook, template_workbook, workers_workbook

REGISTRY_ROLES = selectors.REGISTRY_ROLES
IMPORT_ROLES = selectors.IMPORT_ROLES
EDIT_ROLES = (Role.ADMIN, Role.OPERATOR, Role.KELURAHAN_OFFICER)
EXPORT_LIMIT = 100_000

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _present(worker: Worker, masked: bool) -> dict:
    return {
        "worker": worker,
        "nik": mask_nik(worker.nik) if masked else worker.nik,
        "name": mask_name(worker.name) if masked else worker.name,
    }


@role_required(*REGISTRY_ROLES)
def worker_list(request):
    user = request.user
    form = WorkerFilterForm(
        request.GET or None, kelurahan_qs=kelurahan_for_user(user), kecamatan_qs=kecamatan_for_user(user)
    )
    data = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.worker_filter(selectors.workers_for_user(user), data)
    page = selectors.worker_page(
        queryset, after=request.GET.get("setelah", "")[:16], before=request.GET.get("sebelum", "")[:16]
    )
    masked = not selectors.sees_personal_data(user)
    rows = [_present(w, masked) for w in page["rows"]]
    if rows and not masked:
        personal_data_accessed(
            actor=user,
            object_type="registry.Worker",
            object_label=_("daftar pekerja (%(n)s baris)") % {"n": len(rows)},
            note=request.GET.urlencode()[:500],
        )
    query = request.GET.copy()
    for key in ("setelah", "sebelum"):
        query.pop(key, None)
    context = {
        "form": form,
        "rows": rows,
        "page": page,
        "masked": masked,
        "query": query.urlencode(),
        "can_edit": selectors.can_edit_workers(user),
        "can_export": user.role in IMPORT_ROLES,
    }
    template = "registry/_worker_table.html" if request.htmx else "registry/worker_list.html"
    return render(request, template, context)


@role_required(Role.ADMIN, Role.OPERATOR)
def worker_export(request):
    user = request.user
    form = WorkerFilterForm(request.GET or None, kelurahan_qs=kelurahan_for_user(user))
    data = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.worker_filter(selectors.workers_for_user(user), data).order_by("nik")
    rows = queryset.values_list(
        "nik",
        "name",
        "sex",
        "birth_date",
        "kelurahan__nama",
        "kelurahan__kecamatan__nama",
        "occupation",
        "p3ke_decile",
        "in_dtks",
        "dtsen_decile",
        "verification",
    )[:EXPORT_LIMIT]
    content = workers_workbook(rows.iterator(chunk_size=5000), masked=False)
    personal_data_accessed(
        actor=user,
        export=True,
        object_type="registry.Worker",
        object_label=_("ekspor daftar pekerja"),
        note=request.GET.urlencode()[:500],
    )
    return _xlsx_response(content, "pekerja-rentan.xlsx")


@role_required(*REGISTRY_ROLES)
def worker_detail(request, pk):
    user = request.user
    worker = selectors.worker_get_for_user(user, pk)
    masked = not selectors.sees_personal_data(user)
    if not masked:
        personal_data_accessed(actor=user, obj=worker)
    context = {
        **_present(worker, masked),
        "masked": masked,
        "sources": worker.sources.order_by("source"),
        "changes": worker.changes.select_related("actor", "batch")[:50],
        "can_edit": selectors.can_edit_workers(user),
    }
    return render(request, "registry/worker_detail.html", context)


@role_required(*EDIT_ROLES)
def worker_create(request):
    form = WorkerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = form.worker_fields()
        try:
            worker = services.worker_create(
                acting_user=request.user,
                nik=fields.pop("nik"),
                name=fields.pop("name"),
                kelurahan=fields.pop("kelurahan"),
                **fields,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if worker.review_reasons:
                messages.warning(
                    request, _("Pekerja ditambahkan, tetapi perlu verifikasi: %(r)s") % {"r": worker.review_reasons}
                )
            else:
                messages.success(request, _("Pekerja %(name)s ditambahkan.") % {"name": worker.name})
            return redirect("registry:worker_detail", pk=worker.pk)
    return render(request, "registry/worker_form.html", {"form": form})


@role_required(*EDIT_ROLES)
@require_POST
def worker_verify(request, pk):
    worker = selectors.worker_get_for_user(request.user, pk)
    if worker.merged_into_id:
        messages.error(request, _("Pekerja ini sudah digabung ke data lain; verifikasi data utamanya."))
    else:
        services.worker_verify(acting_user=request.user, worker=worker, note=request.POST.get("note", "")[:300])
        messages.success(request, _("Data %(name)s ditandai terverifikasi.") % {"name": worker.name})
    return redirect("registry:worker_detail", pk=worker.pk)


@role_required(*EDIT_ROLES)
@require_POST
def worker_flags(request, pk):
    """Mark a worker as deceased, already active in BPJS or funded by APBD (or clear it)."""
    worker = selectors.worker_get_for_user(request.user, pk)
    changes = {flag: request.POST.get(flag) == "on" for flag in ("deceased", "bpjs_active", "apbd_funded")}
    services.worker_update(acting_user=request.user, worker=worker, note=request.POST.get("note", ""), **changes)
    messages.success(request, _("Penanda pekerja disimpan."))
    return redirect("registry:worker_detail", pk=worker.pk)


@role_required(*IMPORT_ROLES)
def import_list(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_batch_create(
                uploaded_by=request.user,
                source=form.cleaned_data["source"],
                file_name=upload.name,
                data=upload.read(),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("registry:import_detail", pk=batch.pk)
    batches = selectors.import_batches_for_user(request.user)[:50]
    return render(request, "registry/import_list.html", {"form": form, "batches": batches})


@role_required(*IMPORT_ROLES)
def import_detail(request, pk):
    batch = selectors.import_batch_get_for_user(request.user, pk)
    context = {"batch": batch, "issues": selectors.import_issues(batch, limit=20)}
    if request.htmx:
        return render(request, "registry/_import_status.html", context)
    return render(request, "registry/import_detail.html", context)


@role_required(*IMPORT_ROLES)
def import_issues_download(request, pk):
    batch = selectors.import_batch_get_for_user(request.user, pk)
    personal_data_accessed(actor=request.user, obj=batch, export=True, note="baris bermasalah")
    return _xlsx_response(issues_workbook(batch, selectors.import_issues(batch)), f"impor-{batch.pk}-masalah.xlsx")


@role_required(*IMPORT_ROLES)
@require_POST
def import_cancel(request, pk):
    batch = selectors.import_batch_get_for_user(request.user, pk)
    try:
        services.import_batch_cancel(batch=batch, acting_user=request.user)
        messages.info(request, _("Pembatalan diminta. Registri tidak berubah bila impor belum selesai dimuat."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("registry:import_detail", pk=batch.pk)


@role_required(*IMPORT_ROLES)
@require_POST
def import_restart(request, pk):
    batch = selectors.import_batch_get_for_user(request.user, pk)
    try:
        services.import_batch_restart(batch=batch, acting_user=request.user)
        messages.info(request, _("Impor dijalankan ulang."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("registry:import_detail", pk=batch.pk)


@role_required(*REGISTRY_ROLES)
def template_download(request):
    return _xlsx_response(template_workbook(), "templat-impor-jaring.xlsx")


@role_required(*IMPORT_ROLES)
def duplicate_list(request):
    pending = selectors.duplicates_for_user(request.user).filter(decision="pending")[:100]
    decided = selectors.duplicates_for_user(request.user).exclude(decision="pending")[:30]
    return render(request, "registry/duplicate_list.html", {"pending": pending, "decided": decided})


@role_required(*IMPORT_ROLES)
def duplicate_detail(request, pk):
    candidate = selectors.duplicate_get_for_user(request.user, pk)
    form = DuplicateDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        keep = {"merge_a": candidate.worker_a, "merge_b": candidate.worker_b}.get(decision)
        try:
            services.duplicate_decide(
                acting_user=request.user,
                candidate=candidate,
                merge=keep is not None,
                keep=keep,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Keputusan disimpan."))
        return redirect("registry:duplicate_list")
    personal_data_accessed(actor=request.user, obj=candidate)
    return render(request, "registry/duplicate_detail.html", {"candidate": candidate, "form": form})
