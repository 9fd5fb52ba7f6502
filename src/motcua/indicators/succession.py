"""A unit's figures together with its predecessors' (the units merged into it on 1 July 2025…).

Dossiers keep the unit and agency that received them: after a merger, the new commune's figures
start on the day it was formed. On request (``truoc_sap_xep=1`` on the indicator pages) a unit's
scope also takes every unit whose successor links lead to it or to a unit below it, transitively
(an old commune merged into a commune merged again later), with the units below those. A unit
split between several new units has no successor (``succession_unconfirmed``) and is never
counted with any of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.org.models import AdministrativeUnit, Agency

from .periods import Scope, unit_ids_below

PARAM = "truoc_sap_xep"


def asked(params) -> bool:
    return params.get(PARAM) in {"1", "on", "true"}


def _below(roots: set[int]) -> set[int]:
    """The units and all their descendants, one query per level (for several roots at once)."""
    ids, frontier = set(roots), set(roots)
    while frontier:
        frontier = (
            set(AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        )
        ids |= frontier
    return ids


def predecessor_ids(unit_ids: set[int]) -> set[int]:
    """Units (with their subtrees) whose successor chain ends in ``unit_ids``, not those themselves."""
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        direct = set(
            AdministrativeUnit.objects.filter(successor_id__in=frontier).values_list("pk", flat=True)
        )
        new = _below(direct - found - unit_ids) - found - unit_ids
        found |= new
        frontier = new
    return found


@dataclass(frozen=True)
class Lineage:
    scope: Scope
    predecessors: list[AdministrativeUnit]  # the units added, oldest level first


def with_predecessors(unit: AdministrativeUnit) -> Lineage:
    own = unit_ids_below(unit)
    extra = predecessor_ids(own)
    agencies = set(Agency.objects.filter(unit_id__in=own | extra).values_list("pk", flat=True))
    units = list(
        AdministrativeUnit.objects.filter(pk__in=extra)
        .select_related("level", "successor")
        .order_by("level__rank", "name", "pk")
    )
    label = _("%(unit)s, gồm các đơn vị trước sắp xếp") % {"unit": unit.name}
    return Lineage(Scope(frozenset(agencies), label), units)


def scope_for(subject, predecessors: bool) -> tuple[Scope, list[AdministrativeUnit]]:
    """The scope of a dashboard subject; predecessors apply to units only (an agency has no
    successor link: its unit has)."""
    if predecessors and isinstance(subject, AdministrativeUnit):
        lineage = with_predecessors(subject)
        return lineage.scope, lineage.predecessors
    return Scope.of(subject), []
