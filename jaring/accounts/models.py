from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jaring.core.roles import CITYWIDE_READ_ROLES, OFFICE_ROLES, Role
from jaring.wilayah.models import Branch, Kelurahan


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
