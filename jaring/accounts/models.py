from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jaring.wilayah.models import Branch, Kelurahan

from .roles import CITYWIDE_READ_ROLES, OFFICE_ROLES, Role


class User(AbstractUser):
    """A person who signs in. The role decides what they see; a branch or kelurahan binds officers.

    A sponsor user's organisation lives in ``sponsors.SponsorMembership`` (sponsors is downstream of accounts).
    """

    full_name = models.CharField(_("nama lengkap"), max_length=150)
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("kantor cabang"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
    )
    kelurahan = models.ForeignKey(
        Kelurahan,
        verbose_name=_("kelurahan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
    )
    phone = models.CharField(_("telepon"), max_length=30, blank=True)

    objects = UserManager()
    REQUIRED_FIELDS = ["email", "full_name", "role"]

    class Meta:
        ordering = ["username"]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                name="user_role_valid",
                condition=Q(role__in=[choice.value for choice in Role]),
            ),
            models.CheckConstraint(
                name="user_branch_only_for_branch_officer",
                condition=(Q(role=Role.BRANCH_OFFICER, branch__isnull=False) | ~Q(role=Role.BRANCH_OFFICER))
                & (Q(branch__isnull=True) | Q(role=Role.BRANCH_OFFICER)),
            ),
            models.CheckConstraint(
                name="user_kelurahan_only_for_kelurahan_officer",
                condition=(Q(role=Role.KELURAHAN_OFFICER, kelurahan__isnull=False) | ~Q(role=Role.KELURAHAN_OFFICER))
                & (Q(kelurahan__isnull=True) | Q(role=Role.KELURAHAN_OFFICER)),
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    @property
    def is_office(self) -> bool:
        return self.role in OFFICE_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def sees_whole_city(self) -> bool:
        return self.role in CITYWIDE_READ_ROLES


class AuditEvent(models.Model):
    """Who did what to which object, the values before and after, when and from where."""

    class Action(models.TextChoices):
        CREATE = "create", _("membuat")
        UPDATE = "update", _("mengubah")
        DELETE = "delete", _("menghapus")
        TRANSITION = "transition", _("mengubah status")
        LOGIN = "login", _("masuk")
        LOGIN_FAILED = "login_failed", _("gagal masuk")
        LOGOUT = "logout", _("keluar")
        PASSWORD_CHANGE = "password_change", _("mengganti kata sandi")
        VIEW_PERSONAL = "view_personal", _("melihat data pribadi")
        EXPORT_PERSONAL = "export_personal", _("mengekspor data pribadi")
        IMPORT = "import", _("mengimpor")

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("pelaku"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("pelaku (teks)"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("jenis objek"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("id objek"), max_length=64, blank=True)
    object_label = models.CharField(_("objek"), max_length=255, blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"
