from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "motcua.documents"
    label = "documents"
    verbose_name = _("Tệp và chữ ký số")

    def ready(self):
        from motcua.dossiers import services

        from .selectors import holds_signed_result

        # The write path asks before issuing a result the applicant wants electronically.
        services.result_document_held = holds_signed_result
