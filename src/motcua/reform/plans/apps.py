from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "motcua.reform.plans"
    label = "reform_plans"
    verbose_name = _("Kế hoạch cải cách hành chính")
