from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Kết nối hệ thống ngoài: notifications (e-mail, SMS) and the national portal."""

    name = "motcua.integrations"
    verbose_name = _("Kết nối hệ thống ngoài")

    def ready(self) -> None:
        from .notifications import subscribers

        subscribers.connect()
