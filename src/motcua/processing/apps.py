from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessingConfig(AppConfig):
    """Xử lý hồ sơ: worklists, steps, assignment, approval, inter-agency hand-off."""

    name = "motcua.processing"
    verbose_name = _("Xử lý hồ sơ")
