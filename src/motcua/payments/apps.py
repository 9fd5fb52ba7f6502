from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Thanh toán phí, lệ phí: fee computation, provider plug-ins, reconciliation."""

    name = "motcua.payments"
    verbose_name = _("Thanh toán phí, lệ phí")
