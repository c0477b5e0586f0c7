from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jaring.core.access import role_required
from jaring.core.roles import Role

from . import selectors, services
from .forms import BranchForm, ServiceAreaForm

AREA_ROLES = (Role.ADMIN, Role.OPERATOR, Role.LEADERSHIP, Role.BRANCH_OFFICER, Role.KELURAHAN_OFFICER)


@role_required(*AREA_ROLES)
def kecamatan_list(request):
    return render(
        request, "wilayah/kecamatan_list.html", {"kecamatan_list": selectors.kecamatan_overview(request.user)}
    )


@role_required(*AREA_ROLES)
def kelurahan_detail(request, pk):
    kelurahan = selectors.kelurahan_get_for_user(request.user, pk)
    officers = kelurahan.officers.filter(is_active=True) if request.user.is_office else None
    return render(request, "wilayah/kelurahan_detail.html", {"kelurahan": kelurahan, "officers": officers})


@role_required(*AREA_ROLES, Role.SPONSOR)
def branch_list(request):
    branches = selectors.branches_for_user(request.user).prefetch_related("service_areas__kecamatan")
    return render(request, "wilayah/branch_list.html", {"branches": branches})


@role_required(*AREA_ROLES, Role.SPONSOR)
def branch_detail(request, pk):
    branch = selectors.branch_get_for_user(request.user, pk)
    return render(
        request,
        "wilayah/branch_detail.html",
        {"branch": branch, "areas": selectors.branch_areas(branch)},
    )


@role_required(Role.ADMIN)
def branch_edit(request, pk):
    branch = selectors.branch_get_for_user(request.user, pk)
    form = BranchForm(request.POST or None, instance=branch)
    if request.method == "POST" and form.is_valid():
        services.branch_update(
            branch=branch,
            acting_user=request.user,
            alamat=form.cleaned_data["alamat"],
            telepon=form.cleaned_data["telepon"],
        )
        messages.success(request, _("Data kantor cabang disimpan."))
        return redirect("wilayah:branch_detail", pk=branch.pk)
    return render(request, "wilayah/branch_edit.html", {"branch": branch, "form": form})


@role_required(Role.ADMIN)
def service_area_edit(request):
    form = ServiceAreaForm(request.POST or None, areas=selectors.service_areas())
    if request.method == "POST" and form.is_valid():
        for kecamatan, branch in form.choices():
            services.service_area_set(kecamatan=kecamatan, branch=branch, acting_user=request.user)
        messages.success(request, _("Wilayah layanan kantor cabang disimpan."))
        return redirect("wilayah:branch_list")
    return render(request, "wilayah/service_area_edit.html", {"form": form})
