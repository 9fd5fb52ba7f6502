from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """Chỉ số Quyết định 766: facts, formulas, targets and rankings (domain §7)."""

    name = "motcua.indicators"
    label = "indicators"
    verbose_name = _("Chỉ số chất lượng phục vụ")

    def ready(self) -> None:
        from . import figures, receivers  # noqa: F401  (figures registers the seed-era figures)

        receivers.connect()
