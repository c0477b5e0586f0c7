from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from jaring.core.access import role_required
from jaring.core.models import AuditEvent
from jaring.core.roles import Role

from . import services
from .forms import LoginForm, UserForm
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        services.session_event(user=form.get_user(), action=AuditEvent.Action.LOGIN)
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.session_event(user=request.user, action=AuditEvent.Action.LOGOUT)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def get_success_url(self):
        return "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        services.session_event(user=self.request.user, action=AuditEvent.Action.PASSWORD_CHANGE)
        messages.success(self.request, _("Kata sandi Anda telah diganti."))
        return response


@login_required
def api_token(request):
    """Shows whether the user has an API token; POST creates a new one (replacing the old)."""
    token = Token.objects.filter(user=request.user).first()
    new_key = None
    if request.method == "POST":
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
        new_key = token.key
        messages.success(request, _("Token API baru dibuat. Salin sekarang: token hanya ditampilkan sekali."))
    return render(request, "accounts/api_token.html", {"token": token, "new_key": new_key})


@role_required(Role.ADMIN)
def user_list(request):
    users = User.objects.select_related("branch", "kelurahan").order_by("role", "username")
    role = request.GET.get("peran", "")
    if role in Role.values:
        users = users.filter(role=role)
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(username__icontains=query) | users.filter(full_name__icontains=query)
    counts = dict(User.objects.values_list("role").annotate(n=Count("id")))
    page = Paginator(users, 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "roles": Role.choices, "role": role, "query": query, "counts": counts},
    )


def _user_from_form(form):
    data = form.cleaned_data
    return {key: data.get(key) for key in ["full_name", "email", "role", "branch", "kelurahan", "phone"]}


@role_required(Role.ADMIN)
def user_create(request):
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(
                acting_user=request.user,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                **_user_from_form(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Pengguna %(name)s dibuat.") % {"name": user.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@role_required(Role.ADMIN)
def user_edit(request, pk):
    try:
        target = User.objects.get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404
    form = UserForm(request.POST or None, instance=User.objects.get(pk=target.pk))
    if request.method == "POST" and form.is_valid():
        if target == request.user and (not form.cleaned_data["is_active"] or form.cleaned_data["role"] != Role.ADMIN):
            form.add_error(None, _("Anda tidak dapat menonaktifkan atau menurunkan peran akun Anda sendiri."))
        else:
            try:
                services.user_update(
                    acting_user=request.user,
                    user=target,
                    is_active=form.cleaned_data["is_active"],
                    **_user_from_form(form),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Perubahan pada %(name)s disimpan.") % {"name": target.username})
                return redirect("accounts:user_list")
    history = AuditEvent.objects.filter(object_type="accounts.User", object_id=str(target.pk))[:20]
    return render(request, "accounts/user_form.html", {"form": form, "target": target, "history": history})


@role_required(Role.ADMIN)
@require_POST
def user_reset_password(request, pk):
    try:
        target = User.objects.get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404
    password = request.POST.get("password", "")
    try:
        services.user_set_password(acting_user=request.user, user=target, password=password)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Kata sandi %(name)s diganti.") % {"name": target.username})
    return redirect("accounts:user_edit", pk=target.pk)


@role_required(Role.ADMIN)
def audit_list(request):
    events = AuditEvent.objects.select_related("actor")
    action = request.GET.get("tindakan", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    actor = request.GET.get("pelaku", "").strip()
    if actor:
        events = events.filter(actor_label__icontains=actor)
    page = Paginator(events, 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "accounts/audit_list.html",
        {"page": page, "actions": AuditEvent.Action.choices, "action": action, "actor": actor},
    )
