"""The audit log: the one model of the core package, below every domain app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
        # The table kept the name it had when the model lived in accounts (moved without copying rows).
        db_table = "accounts_auditevent"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"
