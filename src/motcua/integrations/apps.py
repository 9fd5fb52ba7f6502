from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Kết nối hệ thống ngoài: notifications (e-mail, SMS) and the national portal."""

    name = "motcua.integrations"
    verbose_name = _("Kết nối hệ thống ngoài")

    def ready(self) -> None:
        from .notifications import subscribers
        from .portal_sync import outbox as portal_outbox

        subscribers.connect()
        portal_outbox.connect()
        from .portal_sync import admin as portal_admin  # noqa: F401 — registers the admin views
