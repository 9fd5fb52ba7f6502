"""Queries of the PAR-INDEX, scoped to the caller, and the arithmetic of a scorecard.

Who sees what (``reform.access``): the province reform manager sees every edition of the units
they manage; a unit sees the published editions it takes part in and only its own assessment —
another unit's assessment is a 404 until results are published, after which every participant
sees every scorecard and the ranking; inspectors read published editions.

Arithmetic (par-index.yaml ``general_rules``): a leaf's final points are the council's when set,
else the survey's for a survey criterion, else the measured points of a measured criterion, else
the unit's own. Total = sum of the final points of the leaves (bonus/penalty included); the
applicable maximum = sum of the maxima of the other leaves; index % = total ÷ applicable maximum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from motcua.reform import access

from .measuring import Measured, measure
from .models import Assessment, Criterion, Edition, EditionState, Evidence, Score

ZERO = Decimal(0)


def managed(user, edition: Edition) -> bool:
    return edition.unit_id in access.managed_unit_ids(user)


def editions_for(user):
    qs = Edition.objects.select_related("framework", "unit")
    if user.is_superuser:
        return qs
    units = access.managed_unit_ids(user)
    mine = access.own_agency_ids(user)
    cond = Q(unit_id__in=units) | (Q(participants__agency_id__in=mine) & ~Q(state=EditionState.DRAFT))
    if access.is_inspector(user):
        cond |= ~Q(state=EditionState.DRAFT)
    return qs.filter(cond).distinct()


def get_edition(user, pk: int) -> Edition:
    edition = editions_for(user).filter(pk=pk).first()
    if edition is None:
        raise Http404(_("Không tìm thấy kỳ đánh giá."))
    return edition


def may_read_assessment(user, assessment: Assessment) -> bool:
    edition = assessment.edition
    if managed(user, edition) or assessment.agency_id in access.own_agency_ids(user):
        return True
    if edition.state == EditionState.DRAFT:
        return False
    if access.is_inspector(user):
        return True
    return (
        edition.state == EditionState.RESULTS
        and edition.participants.filter(agency_id__in=access.own_agency_ids(user)).exists()
    )


def get_assessment(user, pk: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related("edition__framework", "edition__unit", "agency")
        .filter(pk=pk)
        .first()
    )
    if assessment is None or not may_read_assessment(user, assessment):
        raise Http404(_("Không tìm thấy bản tự đánh giá."))
    return assessment


def get_evidence(user, pk: int) -> Evidence:
    evidence = Evidence.objects.select_related("score__assessment__edition").filter(pk=pk).first()
    if evidence is None or not may_read_assessment(user, evidence.score.assessment):
        raise Http404(_("Không tìm thấy tài liệu."))
    return evidence


# ------------------------------------------------------------------------------ scorecard


@dataclass
class Line:
    criterion: Criterion
    depth: int
    is_leaf: bool
    max_points: Decimal | None
    score: Score | None = None
    measured: Measured | None = None
    final: Decimal | None = None
    source: str = ""
    evidence: list = field(default_factory=list)


@dataclass
class Card:
    assessment: Assessment
    lines: list[Line]
    areas: list[Line]
    total: Decimal
    maximum: Decimal
    percent: Decimal | None
    band: str


def _stored(score: Score) -> Measured:
    measured = score.measured_points is not None or score.measured_rate is not None
    return Measured(
        measured or not score.measured_reason,
        score.measured_part,
        score.measured_whole,
        score.measured_rate,
        score.measured_points,
        score.measured_reason,
    )


def _final(line: Line) -> tuple[Decimal | None, str]:
    s, c = line.score, line.criterion
    if s is None:
        return None, ""
    if s.council_points is not None:
        return s.council_points, "council"
    if c.survey:
        return s.survey_points, "survey"
    if c.metric and line.measured and line.measured.points is not None:
        return line.measured.points, "measured"
    return s.self_points, "self"


def band_of(edition: Edition, percent: Decimal | None) -> str:
    if percent is None:
        return ""
    for band in edition.bands.all():
        if percent >= band.lower:
            return band.label
    return ""


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def scorecard(assessment: Assessment, *, live: bool | None = None) -> Card:
    edition = assessment.edition
    criteria = list(edition.criteria.order_by("order"))
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    scores = {
        s.criterion_id: s
        for s in assessment.scores.prefetch_related("evidence_files").select_related("council_by")
    }
    live = (not assessment.measured_frozen) if live is None else live
    lines: list[Line] = []

    def walk(parent_id, depth) -> tuple[Decimal, Decimal, list[Line]]:
        total, maximum, out = ZERO, ZERO, []
        for c in children.get(parent_id, []):
            kids = children.get(c.pk)
            line = Line(c, depth, not kids, c.max_points)
            lines.append(line)
            if kids:
                sub_total, sub_max, _sub = walk(c.pk, depth + 1)
                line.final = sub_total
                if line.max_points is None and sub_max:
                    line.max_points = sub_max
                total += sub_total
                maximum += sub_max
            else:
                line.score = scores.get(c.pk)
                if c.metric and line.score is not None:
                    line.measured = (
                        measure(c.metric, assessment.agency, edition.year, c.max_points, c.measure_rule)
                        if live
                        else _stored(line.score)
                    )
                line.final, line.source = _final(line)
                line.evidence = list(line.score.evidence_files.all()) if line.score else []
                total += line.final or ZERO
                if not c.is_bonus and c.max_points is not None:
                    maximum += c.max_points
            out.append(line)
        return total, maximum, out

    total, maximum, areas = walk(None, 0)
    percent = _q(total * 100 / maximum) if maximum else None
    return Card(assessment, lines, areas, _q(total), _q(maximum), percent, band_of(edition, percent))


# ------------------------------------------------------------------------------ ranking


@dataclass
class Ranked:
    assessment: Assessment
    group: str
    total: Decimal
    maximum: Decimal
    percent: Decimal | None
    band: str
    rank: int = 0
    previous: list[tuple[int, Decimal | None]] = field(default_factory=list)


def previous_results(edition: Edition, agency_id: int) -> list[tuple[int, Decimal | None]]:
    """(year, index %) of the same agency in earlier published editions of the same framework."""
    out = []
    earlier = Assessment.objects.filter(
        agency_id=agency_id,
        edition__framework_id=edition.framework_id,
        edition__unit_id=edition.unit_id,
        edition__year__lt=edition.year,
        edition__state=EditionState.RESULTS,
    ).select_related("edition", "agency")
    for a in earlier.order_by("-edition__year"):
        out.append((a.edition.year, scorecard(a, live=False).percent))
    return out


def ranking(edition: Edition, *, with_previous: bool = True) -> dict[str, list[Ranked]]:
    """Per ranking group, best first; equal indices share a rank (1, 1, 3)."""
    groups = {p.agency_id: p.group for p in edition.participants.all()}
    rows: dict[str, list[Ranked]] = {g: [] for g in edition.groups}
    for a in edition.assessments.select_related("agency", "edition"):
        card = scorecard(a)
        r = Ranked(a, groups.get(a.agency_id, ""), card.total, card.maximum, card.percent, card.band)
        if with_previous:
            r.previous = previous_results(edition, a.agency_id)
        rows.setdefault(r.group, []).append(r)
    for items in rows.values():
        items.sort(
            key=lambda r: (-(r.percent if r.percent is not None else Decimal(-1)), r.assessment.agency.name)
        )
        for i, r in enumerate(items):
            same = i and items[i - 1].percent == r.percent
            r.rank = items[i - 1].rank if same else i + 1
    return {g: items for g, items in rows.items() if items}


def progress(edition: Edition) -> list[dict]:
    """Every participant's assessment state and how many self-scored leaves are filled."""
    out = []
    assessments = {a.agency_id: a for a in edition.assessments.all()}
    for p in edition.participants.select_related("agency"):
        a = assessments.get(p.agency_id)
        filled = a.scores.filter(self_points__isnull=False).count() if a else 0
        out.append({"participant": p, "assessment": a, "filled": filled})
    return out
