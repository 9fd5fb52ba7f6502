from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Đánh giá sự hài lòng, phản ánh kiến nghị (PAKN)."""

    name = "motcua.feedback"
    verbose_name = _("Đánh giá, phản ánh kiến nghị")
