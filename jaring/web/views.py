from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from jaring.accounts.models import User
from jaring.core.roles import Role
from jaring.registry.selectors import REGISTRY_ROLES, registry_summary
from jaring.sponsors.selectors import pledges_for_user, sponsor_of_user
from jaring.wilayah import selectors as wilayah


@login_required
def home(request):
    user = request.user
    context = {"counts": wilayah.reference_counts()}
    if user.role in REGISTRY_ROLES:
        context["registry"] = registry_summary(user)
    if user.sees_whole_city:
        context["kecamatan_list"] = wilayah.kecamatan_overview(user)
        context["branches"] = wilayah.branches_for_user(user).annotate(kecamatan_count=Count("service_areas"))
        if user.is_admin:
            counts = dict(User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id")))
            context["users_by_role"] = [(label, counts.get(value, 0)) for value, label in Role.choices]
        template = "web/home_office.html"
    elif user.role == Role.SPONSOR:
        context["sponsor"] = sponsor_of_user(user)
        context["pledges"] = pledges_for_user(user).order_by("-id")[:10]
        context["branches"] = wilayah.branches_for_user(user).prefetch_related("service_areas__kecamatan")
        template = "web/home_sponsor.html"
    elif user.role == Role.BRANCH_OFFICER:
        context["branch"] = user.branch
        context["kecamatan_list"] = wilayah.kecamatan_overview(user)
        template = "web/home_branch.html"
    else:
        context["kelurahan"] = wilayah.kelurahan_get_for_user(user, user.kelurahan_id)
        template = "web/home_kelurahan.html"
    return render(request, template, context)


def healthz(request):
    """Liveness check for the process supervisor: the app answers and the database responds."""
    User.objects.exists()
    return HttpResponse("ok", content_type="text/plain")
