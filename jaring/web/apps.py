from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """Site-wide pages (home per role, error pages). Downstream of every domain app; nothing imports it."""

    name = "jaring.web"
    verbose_name = _("Situs")
