"""Queries about a dossier's files. The caller has already decided the dossier is visible to them."""

from django.db.models import QuerySet

from .models import DossierFile


def current_files(dossier) -> QuerySet[DossierFile]:
    """The current version of every file of the dossier, components first, then results, then others."""
    return DossierFile.objects.filter(dossier=dossier, is_current=True).select_related("uploaded_by")


def file_history(dossier, *, kind: str, component_code: str = "") -> QuerySet[DossierFile]:
    """Every version stored in one slot (a component or the result), newest first."""
    return DossierFile.objects.filter(dossier=dossier, kind=kind, component_code=component_code).order_by(
        "-uploaded_at", "-id"
    )


def current_result(dossier) -> DossierFile | None:
    return current_files(dossier).filter(kind=DossierFile.Kind.RESULT).first()


def holds_signed_result(dossier) -> bool:
    """The dossier's current result document is stored and signed (``sign_result``)."""
    return DossierFile.objects.filter(
        dossier_id=dossier.pk, kind=DossierFile.Kind.RESULT, is_current=True, signed=True
    ).exists()
