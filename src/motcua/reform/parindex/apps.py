from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParindexConfig(AppConfig):
    name = "motcua.reform.parindex"
    label = "reform_parindex"
    verbose_name = _("Chỉ số cải cách hành chính (PAR-INDEX)")
