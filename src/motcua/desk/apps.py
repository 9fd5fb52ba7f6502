from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """Bộ phận Một cửa: queue tickets, reception at the desk, return of results."""

    name = "motcua.desk"
    verbose_name = _("Bộ phận Một cửa")
