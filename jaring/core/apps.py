from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Roles, access guards, the audit log and request context: what every domain app needs, importing none."""

    name = "jaring.core"
    label = "core"
    verbose_name = _("Inti")
