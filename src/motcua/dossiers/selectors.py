"""Queries on dossiers, always scoped to what the caller may see (architecture rule 4)."""

from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.org.models import User
from motcua.org.selectors import agency_ids

from .errors import NotFound
from .models import Dossier, DossierParticipation


def visible_dossiers(user: User) -> QuerySet[Dossier]:
    """Dossiers that passed through one of the caller's agencies; nothing for anyone else."""
    ids = agency_ids(user)
    if not ids:
        return Dossier.objects.none()
    return Dossier.objects.filter(
        Exists(DossierParticipation.objects.filter(dossier=OuterRef("pk"), agency_id__in=ids))
    )


def get_visible(user: User, dossier_id: int) -> Dossier:
    """One dossier, or ``NotFound`` — also for another unit's dossier (no hint that it exists)."""
    dossier = (
        visible_dossiers(user)
        .select_related(
            "agency", "current_agency", "applicant", "procedure_version__procedure", "assignee", "received_by"
        )
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ, hoặc tài khoản không có quyền xem hồ sơ này."))
    return dossier


def search(
    user: User,
    *,
    q: str = "",
    state: int | None = None,
    channel: int | None = None,
    procedure_code: str = "",
    received_from: date | None = None,
    received_to: date | None = None,
) -> QuerySet[Dossier]:
    qs = visible_dossiers(user).select_related("applicant", "procedure_version__procedure", "agency")
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(code__iexact=q)
            | Q(code__istartswith=q)
            | Q(applicant__identifier=q)
            | Q(applicant__name__icontains=q)
            | Q(applicant_name__icontains=q)  # the name given with the dossier
        )
    if state is not None:
        qs = qs.filter(state=state)
    if channel is not None:
        qs = qs.filter(channel=channel)
    if procedure_code:
        qs = qs.filter(procedure_version__procedure__code=procedure_code)
    tz = timezone.get_current_timezone()
    if received_from:
        qs = qs.filter(received_at__gte=datetime.combine(received_from, time.min, tz))
    if received_to:
        qs = qs.filter(received_at__lte=datetime.combine(received_to, time.max, tz))
    return qs
