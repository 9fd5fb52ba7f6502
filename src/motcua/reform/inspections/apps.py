from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "motcua.reform.inspections"
    label = "reform_inspections"
    verbose_name = _("Kiểm tra cải cách hành chính")
