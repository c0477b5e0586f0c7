from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "jaring.coverage"
    verbose_name = _("Kepesertaan")

    def ready(self):
        from jaring.sponsors.selectors import register_used_amount_provider

        from .selectors import pledge_used_amount

        register_used_amount_provider(pledge_used_amount)
