"""Receiving point and competent authority (Decree 118/2025 Art. 3.7, 14.2, 20.1, 28).

Any centre of the province receives any procedure of the province (boundary-free reception); the
dossier is decided by the competent authority (cơ quan có thẩm quyền giải quyết): an agency with
an internal process for the procedure in the catalogue, nearest to the applicant's place when
several resolve it (commune procedures are resolved by every commune).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.org.models import Agency

from .errors import InvalidInput


def competent_candidates(procedure_id: int, place_unit_id: int | None = None) -> list[Agency]:
    """Agencies resolving the procedure (an active internal process); those of the applicant's
    place (its unit or the unit above it) first when a place is given."""
    from motcua.catalog.models import ProcessTemplate

    agencies = list(
        Agency.objects.filter(
            pk__in=ProcessTemplate.objects.filter(procedure_id=procedure_id, active=True).values("agency_id"),
            active=True,
        ).select_related("unit")
    )
    if place_unit_id is not None:
        near = [a for a in agencies if a.unit_id == place_unit_id]
        if near:
            return near
    return agencies


def resolve(procedure_id: int, receiving: Agency, chosen: Agency | None) -> Agency:
    """The competent authority of a dossier received at ``receiving``: the one chosen, which must
    resolve the procedure (an internal process in the catalogue); without a choice the receiving
    agency itself, as before (the desk's page pre-selects the catalogue's only candidate)."""
    if chosen is None or chosen.pk == receiving.pk:
        return receiving
    if not chosen.active or chosen.pk not in {a.pk for a in competent_candidates(procedure_id)}:
        raise InvalidInput(
            _("%(agency)s không có thẩm quyền giải quyết thủ tục này (không có quy trình nội bộ).")
            % {"agency": chosen.name},
            code="not_competent",
        )
    return chosen
