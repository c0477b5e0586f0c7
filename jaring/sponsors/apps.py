from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SponsorsConfig(AppConfig):
    name = "jaring.sponsors"
    verbose_name = _("Pemberi dana")
