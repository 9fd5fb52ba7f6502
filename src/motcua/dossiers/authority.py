"""Receiving point and competent authority (Decree 118/2025 Art. 3.7, 14.2, 20.1, 28).

Any centre of the province receives any procedure of the province (boundary-free reception); the
dossier is decided by the competent authority (cơ quan có thẩm quyền giải quyết): an agency with
an internal process for the procedure in the catalogue, nearest to the applicant's place when
several resolve it (commune procedures are resolved by every commune).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from motcua.org.models import AdministrativeUnit, Agency

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


def place_choices(day: date) -> list[AdministrativeUnit]:
    """The units an applicant can live or be seated in on ``day``: the lowest level in force
    (communes, wards, special zones since 1/7/2025), by name."""
    units = [u for u in AdministrativeUnit.objects.select_related("level") if u.is_active_on(day)]
    if not units:
        return []
    lowest = max(u.level.rank for u in units)
    return sorted((u for u in units if u.level.rank == lowest), key=lambda u: u.name)


def place(raw: str, day: date) -> AdministrativeUnit | None:
    """The applicant's place from a form value: empty for none; a unit not in force is refused."""
    raw = (raw or "").strip()
    if not raw:
        return None
    found = next((u for u in place_choices(day) if str(u.pk) == raw), None)
    if found is None:
        raise InvalidInput(
            _("Nơi cư trú, trụ sở đã chọn không phải đơn vị hành chính cấp xã đang có hiệu lực."),
            code="bad_place",
        )
    return found


def by_place(procedure_id: int, unit: AdministrativeUnit | None) -> Agency | None:
    """The competent authority the applicant's place designates: the one agency of that place
    resolving the procedure (commune procedures: the applicant's commune); None when the place
    names none or several (a provincial procedure: the desk chooses among the candidates)."""
    if unit is None:
        return None
    near = [a for a in competent_candidates(procedure_id) if a.unit_id == unit.pk]
    return near[0] if len(near) == 1 else None


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
