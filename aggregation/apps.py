from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AggregationConfig(AppConfig):
    name = "aggregation"
    verbose_name = _("Aggregation")
