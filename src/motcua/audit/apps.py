from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "motcua.audit"
    label = "audit"
    verbose_name = _("Nhật ký truy vết")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import tracked

        tracked.register()
