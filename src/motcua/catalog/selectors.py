"""Read-only queries on the catalogue. The catalogue is public, so nothing here is user-scoped."""

from datetime import date

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from motcua.org.models import Agency

from .models import Procedure, ProcedureVersion, ProcessStep, ProcessTemplate
from .text import search_terms


def version_in_force(procedure: Procedure, on: date) -> ProcedureVersion | None:
    """The published version that applies to a request received on ``on``, if any."""
    return (
        ProcedureVersion.objects.in_force(on)
        .filter(procedure=procedure)
        .order_by(F("valid_from").desc(nulls_last=True))
        .first()
    )


def published_procedures(
    q: str = "",
    *,
    field: str | None = None,
    level: str | None = None,
    online_level: str | None = None,
    on: date | None = None,
) -> QuerySet[Procedure]:
    """Procedures with a version in force on ``on`` (today by default).

    ``q`` matches code and name with or without Vietnamese accents, every word in any order;
    ``field`` and ``level`` are codes; ``online_level`` filters the version in force
    (``toan_trinh``, ``mot_phan``, or ``""`` for procedures not offered online).
    """
    on = on or timezone.localdate()
    in_force = ProcedureVersion.objects.in_force(on).filter(procedure=OuterRef("pk"))
    qs = Procedure.objects.filter(Exists(in_force)).select_related("field", "level")
    for term in search_terms(q or ""):
        qs = qs.filter(search_text__contains=term)
    if field:
        qs = qs.filter(field__code=field)
    if level:
        qs = qs.filter(level__code=level)
    if online_level is not None:
        qs = qs.filter(Exists(in_force.filter(online_level=online_level)))
    return qs.order_by("code", "name")


def procedure_by_code(code: str) -> Procedure | None:
    """Look a procedure up by its code, or by its import id when the source gives no code."""
    code = (code or "").strip()
    if not code:
        return None
    found = Procedure.objects.select_related("field", "level").filter(code=code).first()
    return found or Procedure.objects.select_related("field", "level").filter(source_id=code).first()


def version_detail(procedure: Procedure, on: date | None = None) -> ProcedureVersion | None:
    """The version in force with its components and fees loaded, for display."""
    on = on or timezone.localdate()
    return (
        ProcedureVersion.objects.in_force(on)
        .filter(procedure=procedure)
        .prefetch_related("components", "fees")
        .order_by(F("valid_from").desc(nulls_last=True))
        .first()
    )


def process_for(procedure: Procedure, agency: Agency, on: date | None = None) -> ProcessTemplate | None:
    """The active internal process of ``agency`` for ``procedure`` that applies on ``on``."""
    on = on or timezone.localdate()
    candidates = (
        ProcessTemplate.objects.filter(procedure=procedure, agency=agency, active=True)
        .prefetch_related(Prefetch("steps", queryset=ProcessStep.objects.order_by("order")))
        .order_by(F("valid_from").desc(nulls_last=True), "-pk")
    )
    for template in candidates:
        if template.valid_from is None or template.valid_from <= on:
            return template
    return None
