"""The one write path of the PAR-INDEX (architecture rule 1).

Each command runs in one transaction, locks the edition or assessment whose state it reads, checks
the caller through ``reform.access`` and the state, and refuses with a Vietnamese message
(``InvalidInput`` for bad input, ``NotAllowed`` out of turn, ``Forbidden`` without the role);
a refused command changes nothing.

Submitting a self-assessment (our rule, after Hà Nội plan 307/KH-UBND): every scored leaf the
unit scores itself needs points; a leaf given points above zero needs an evidence file or, when
there is none, a comment explaining how it was scored. Bonus/penalty leaves may stay empty
(none claimed). Submitting is refused after the deadline day.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.documents.validation import validate_upload
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.org.models import Agency
from motcua.reform import access

from . import importing
from .measuring import measure
from .models import (
    Assessment,
    AssessmentState,
    Band,
    Criterion,
    Edition,
    EditionState,
    Evidence,
    Framework,
    Participant,
    Score,
)

DEFAULT_BANDS = [
    (Decimal(80), "Tốt"),
    (Decimal(70), "Khá"),
    (Decimal(60), "Trung bình"),
    (Decimal(0), "Thấp"),
]
DEFAULT_BANDS_NOTE = (
    "Mức xếp loại mặc định lấy theo Quyết định 3009/QĐ-UBND (2017) của tỉnh Quảng Trị; "
    "có thể cấu hình, không phải quy định chung của cả nước."
)
MAX_TEXT = 4000


# ------------------------------------------------------------------------------ checks


def _manager(user, edition_or_unit_id) -> None:
    unit_id = edition_or_unit_id.unit_id if isinstance(edition_or_unit_id, Edition) else edition_or_unit_id
    if unit_id not in access.managed_unit_ids(user):
        raise Forbidden(_("Chỉ cán bộ quản lý cải cách hành chính cấp tỉnh được thực hiện việc này."))


def _unit(user, assessment: Assessment) -> None:
    if assessment.agency_id not in access.own_agency_ids(user):
        raise Forbidden(_("Chỉ lãnh đạo hoặc cán bộ CCHC của đơn vị được cập nhật bản tự đánh giá này."))


def _state(edition: Edition, *states: str, message: str) -> None:
    if edition.state not in states:
        raise NotAllowed(message, details={"state": edition.state})


def _lock_edition(edition: Edition) -> Edition:
    return Edition.objects.select_for_update().select_related("framework").get(pk=edition.pk)


def _lock_assessment(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("edition", "agency").get(pk=assessment.pk)


def parse_points(value, what: str = "") -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        return None
    try:
        points = Decimal(text)
    except InvalidOperation as exc:
        raise InvalidInput(_("Điểm “%(v)s” %(w)s không phải là số.") % {"v": value, "w": what}) from exc
    if not points.is_finite() or abs(points) >= 10000:
        raise InvalidInput(_("Điểm “%(v)s” %(w)s không hợp lệ.") % {"v": value, "w": what})
    return points.quantize(Decimal("0.01"))


def check_range(criterion: Criterion, points: Decimal) -> None:
    """0…max; a bonus/penalty leaf −|max|…+|max|."""
    top = criterion.max_points
    if top is None:
        raise InvalidInput(_("Tiêu chí %(c)s chưa có điểm tối đa, chưa chấm được.") % {"c": criterion.code})
    low = -abs(top) if criterion.is_bonus else Decimal(0)
    if points < low or points > abs(top):
        raise InvalidInput(
            _("Điểm của tiêu chí %(c)s phải từ %(lo)s đến %(hi)s (nhập %(p)s).")
            % {"c": criterion.code, "lo": f"{low:g}", "hi": f"{abs(top):g}", "p": f"{points:g}"}
        )


def leaves(edition: Edition) -> list[Criterion]:
    crits = list(edition.criteria.all())
    parents = {c.parent_id for c in crits if c.parent_id}
    return [c for c in crits if c.pk not in parents]


# ------------------------------------------------------------------------------ editions


def _framework(meta: dict, fallback_name: str) -> Framework:
    code = str(meta.get("code") or "").strip()
    name = str(meta.get("name") or fallback_name or "").strip()
    if not name:
        raise InvalidInput(_("Cần nhập tên bộ chỉ số."))
    if not code:
        from django.utils.text import slugify

        code = slugify(name)[:80] or "bo-chi-so"
    decision_date = meta.get("decision_date")
    if isinstance(decision_date, str):
        decision_date = date.fromisoformat(decision_date)
    defaults = {
        "name": name[:500],
        "decision_number": str(meta.get("decision_number") or ""),
        "decision_date": decision_date,
        "issuer": str(meta.get("issuer") or ""),
        "levels": str(meta.get("levels") or ""),
        "total_points": meta.get("total_points"),
        "self_points": meta.get("self_points"),
        "survey_points": meta.get("survey_points"),
        "sources": str(meta.get("sources") or ""),
        "completeness": str(meta.get("completeness") or ""),
    }
    framework, _created = Framework.objects.get_or_create(code=code, defaults=defaults)
    return framework


def _load_tree(edition: Edition, rows: list[importing.CriterionRow]) -> None:
    edition.criteria.all().delete()
    by_code: dict[str, Criterion] = {}
    for order, row in enumerate(rows, 1):
        by_code[row.code] = Criterion.objects.create(
            edition=edition,
            parent=by_code.get(row.parent_code),
            order=order,
            code=row.code,
            title=row.title[:500],
            max_points=row.max_points,
            rule=row.rule,
            evidence=row.evidence,
            survey=row.survey,
            kind=row.kind,
            verified=row.verified,
            note=row.note,
            source=row.source,
            metric=row.metric,
            measure_rule=row.measure_rule,
        )


def read_tree(filename: str, data: bytes) -> importing.TreeFile:
    name = (filename or "").lower()
    if name.endswith((".yaml", ".yml")):
        return importing.parse_yaml(data)
    if name.endswith(".xlsx"):
        return importing.parse_xlsx(data, filename)
    raise InvalidInput(_("Tệp bộ tiêu chí phải là YAML (.yaml) hoặc Excel (.xlsx)."))


@transaction.atomic
def create_edition(
    user,
    *,
    unit_id: int,
    year: int,
    template: str = "",
    upload: tuple[str, bytes] | None = None,
    framework_name: str = "",
) -> Edition:
    """A draft edition of a template shipped with the app, or of an uploaded YAML/Excel tree."""
    _manager(user, unit_id)
    if not (2000 <= int(year) <= 2100):
        raise InvalidInput(_("Năm đánh giá không hợp lệ."))
    if upload:
        tree = read_tree(*upload)
    elif template:
        tree = importing.read_template(template)
    else:
        raise InvalidInput(_("Chọn một mẫu bộ chỉ số hoặc tải lên tệp bộ tiêu chí."))
    framework = _framework(tree.framework, framework_name)
    if Edition.objects.filter(framework=framework, year=year, unit_id=unit_id).exists():
        raise NotAllowed(_("Đã có kỳ đánh giá năm %(y)d của bộ chỉ số này.") % {"y": year})
    edition = Edition.objects.create(
        framework=framework,
        year=year,
        unit_id=unit_id,
        groups=tree.groups or ["Sở, ban, ngành", "Phường", "Xã, đặc khu"],
        bands_note=DEFAULT_BANDS_NOTE,
    )
    for lower, label in DEFAULT_BANDS:
        Band.objects.create(edition=edition, lower=lower, label=label)
    _load_tree(edition, tree.rows)
    return edition


@transaction.atomic
def import_criteria(user, edition: Edition, filename: str, data: bytes) -> int:
    """Replace a draft edition's tree by a YAML/Excel file; all or nothing."""
    _manager(user, edition)
    edition = _lock_edition(edition)
    _state(edition, EditionState.DRAFT, message=_("Chỉ nhập bộ tiêu chí khi kỳ đánh giá đang soạn."))
    tree = read_tree(filename, data)
    _load_tree(edition, tree.rows)
    return len(tree.rows)


@transaction.atomic
def set_max_points(user, edition: Edition, values: dict[int, str], *, note: str = "") -> int:
    """Điểm tối đa set by the province for this year (flagged: not from the decision);
    ``note`` is appended to each changed criterion's note (the demo marks its values so)."""
    _manager(user, edition)
    edition = _lock_edition(edition)
    _state(edition, EditionState.DRAFT, message=_("Chỉ sửa điểm tối đa khi kỳ đánh giá đang soạn."))
    criteria = {c.pk: c for c in edition.criteria.all()}
    changed = []
    for pk, raw in values.items():
        criterion = criteria.get(pk)
        if criterion is None:
            continue
        points = parse_points(raw, _("của tiêu chí %(c)s") % {"c": criterion.code})
        if points is not None and points < 0 and not criterion.is_bonus:
            raise InvalidInput(_("Điểm tối đa của tiêu chí %(c)s không được âm.") % {"c": criterion.code})
        if points != criterion.max_points:
            criterion.max_points = points
            criterion.points_set_by_province = points is not None
            if note and note not in criterion.note:
                criterion.note = f"{criterion.note} {note}".strip()
            changed.append(criterion)
    Criterion.objects.bulk_update(changed, ["max_points", "points_set_by_province", "note"])
    return len(changed)


@transaction.atomic
def add_criterion(
    user, edition: Edition, *, code: str, title: str, parent_code: str = "", max_points=None, **extra
) -> Criterion:
    """One criterion added by the province for this year (draft only)."""
    _manager(user, edition)
    edition = _lock_edition(edition)
    _state(edition, EditionState.DRAFT, message=_("Chỉ thêm tiêu chí khi kỳ đánh giá đang soạn."))
    code, title = (code or "").strip(), (title or "").strip()
    errors: list[str] = []
    existing = [
        importing.CriterionRow(code=c.code, title=c.title, parent_code=c.parent.code if c.parent else "")
        for c in edition.criteria.select_related("parent")
    ]
    row = importing.CriterionRow(
        code=code, title=title, parent_code=parent_code, metric=extra.get("metric", "")
    )
    if not code or not title:
        errors.append(_("Cần nhập mã và tên tiêu chí."))
    importing.check_rows([*existing, row], errors)
    importing.fail(errors)
    parent = edition.criteria.filter(code=parent_code).first() if parent_code else None
    last = edition.criteria.order_by("-order").values_list("order", flat=True).first() or 0
    points = parse_points(max_points)
    criterion = Criterion.objects.create(
        edition=edition,
        parent=parent,
        order=last + 1,
        code=code,
        title=title,
        max_points=points,
        points_set_by_province=points is not None,
        **extra,
    )
    _in_tree_order(edition)
    criterion.refresh_from_db(fields=["order"])
    return criterion


def _in_tree_order(edition: Edition) -> None:
    """Number the criteria depth first (an area, its criteria, their sub-criteria, the next area),
    keeping the order of siblings, so a criterion added later sits under its parent on every page."""
    criteria = list(edition.criteria.order_by("order"))
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    ordered: list[Criterion] = []

    def walk(parent_id: int | None) -> None:
        for c in children.get(parent_id, []):
            ordered.append(c)
            walk(c.pk)

    walk(None)
    for n, c in enumerate(ordered, 1):
        c.order = n
    Criterion.objects.bulk_update(ordered, ["order"])


@transaction.atomic
def add_participant(user, edition: Edition, agency: Agency, group: str) -> Participant:
    _manager(user, edition)
    edition = _lock_edition(edition)
    _state(
        edition,
        EditionState.DRAFT,
        EditionState.PUBLISHED,
        message=_("Không thêm đơn vị được nữa: kỳ đánh giá đã hết thời gian tự đánh giá."),
    )
    if agency.pk not in access.managed_agency_ids(user) or agency.unit_id not in access.managed_unit_ids(
        user
    ):
        raise InvalidInput(_("Cơ quan không thuộc địa bàn quản lý."))
    group = (group or "").strip()
    if not group:
        raise InvalidInput(_("Cần chọn nhóm xếp hạng cho đơn vị."))
    if edition.participants.filter(agency=agency).exists():
        raise InvalidInput(_("%(a)s đã có trong kỳ đánh giá.") % {"a": agency.name})
    participant = Participant.objects.create(edition=edition, agency=agency, group=group[:100])
    if group not in edition.groups:
        edition.groups = [*edition.groups, group]
        edition.save(update_fields=["groups"])
    if edition.state == EditionState.PUBLISHED:
        _open_assessment(edition, agency)
    return participant


def _open_assessment(edition: Edition, agency: Agency) -> Assessment:
    assessment, _created = Assessment.objects.get_or_create(edition=edition, agency=agency)
    for criterion in leaves(edition):
        Score.objects.get_or_create(assessment=assessment, criterion=criterion)
    return assessment


def unset_points(edition: Edition) -> list[Criterion]:
    return [c for c in leaves(edition) if c.max_points is None]


@transaction.atomic
def publish(user, edition: Edition, deadline: date | None, *, today: date | None = None) -> Edition:
    """Công bố bộ tiêu chí: self-assessment opens until ``deadline``."""
    _manager(user, edition)
    edition = _lock_edition(edition)
    _state(edition, EditionState.DRAFT, message=_("Kỳ đánh giá đã được công bố."))
    missing = unset_points(edition)
    if missing:
        codes = ", ".join(f"{c.code}. {c.title}" for c in missing)
        raise NotAllowed(
            _("Chưa công bố được: các tiêu chí sau chưa có điểm tối đa: %(c)s.") % {"c": codes},
            details={"criteria": [c.code for c in missing]},
        )
    if not leaves(edition):
        raise NotAllowed(_("Chưa công bố được: kỳ đánh giá chưa có tiêu chí nào."))
    if not edition.participants.exists():
        raise NotAllowed(_("Chưa công bố được: chưa có đơn vị nào được đánh giá."))
    if deadline is None:
        raise InvalidInput(_("Cần nhập hạn tự đánh giá."))
    if deadline < (today or timezone.localdate()):
        raise InvalidInput(_("Hạn tự đánh giá không được trước ngày hôm nay."))
    edition.state = EditionState.PUBLISHED
    edition.self_deadline = deadline
    edition.published_at = timezone.now()
    edition.save(update_fields=["state", "self_deadline", "published_at"])
    for participant in edition.participants.select_related("agency"):
        _open_assessment(edition, participant.agency)
    return edition


def _freeze(assessment: Assessment) -> None:
    """Store the measured figures: from now on the assessment shows these, not live ones."""
    if assessment.measured_frozen:
        return
    edition = assessment.edition
    for score in assessment.scores.select_related("criterion").filter(criterion__metric__gt=""):
        m = measure(
            score.criterion.metric,
            assessment.agency,
            edition.year,
            score.criterion.max_points,
            score.criterion.measure_rule,
        )
        score.measured_part, score.measured_whole, score.measured_rate = m.part, m.whole, m.rate
        score.measured_points = m.points
        score.measured_reason = m.reason[:500] if not m.measured or m.rate is None else ""
        score.save()
    assessment.measured_frozen = True
    assessment.save(update_fields=["measured_frozen"])


@transaction.atomic
def close_self_assessment(user, edition: Edition) -> Edition:
    """Hết hạn tự đánh giá: the council starts; drafts are closed with their figures frozen."""
    _manager(user, edition)
    edition = _lock_edition(edition)
    _state(edition, EditionState.PUBLISHED, message=_("Chỉ chuyển sang thẩm định khi đang tự đánh giá."))
    for assessment in edition.assessments.select_for_update().select_related("agency", "edition"):
        _freeze(assessment)
    edition.state = EditionState.APPRAISAL
    edition.closed_at = timezone.now()
    edition.save(update_fields=["state", "closed_at"])
    return edition


@transaction.atomic
def publish_results(user, edition: Edition) -> Edition:
    _manager(user, edition)
    edition = _lock_edition(edition)
    _state(edition, EditionState.APPRAISAL, message=_("Chỉ công bố kết quả sau khi thẩm định."))
    edition.state = EditionState.RESULTS
    edition.results_at = timezone.now()
    edition.save(update_fields=["state", "results_at"])
    return edition


@transaction.atomic
def copy_edition(user, edition: Edition, year: int) -> Edition:
    """The same criteria, points, bands and participants for another year, as a draft."""
    _manager(user, edition)
    if Edition.objects.filter(framework=edition.framework, year=year, unit=edition.unit).exists():
        raise NotAllowed(_("Đã có kỳ đánh giá năm %(y)d của bộ chỉ số này.") % {"y": year})
    new = Edition.objects.create(
        framework=edition.framework,
        year=year,
        unit=edition.unit,
        groups=list(edition.groups),
        bands_note=edition.bands_note,
    )
    for band in edition.bands.all():
        Band.objects.create(edition=new, lower=band.lower, label=band.label)
    mapping: dict[int, Criterion] = {}
    for c in edition.criteria.order_by("order"):
        old_pk, parent = c.pk, mapping.get(c.parent_id)
        c.pk, c.edition, c.parent = None, new, parent
        c.save()
        mapping[old_pk] = c
    for p in edition.participants.all():
        Participant.objects.create(edition=new, agency_id=p.agency_id, group=p.group)
    return new


# ------------------------------------------------------------------------------ the unit


def _open_for_unit(assessment: Assessment, today: date | None = None) -> None:
    edition = assessment.edition
    if edition.state != EditionState.PUBLISHED:
        raise NotAllowed(_("Kỳ đánh giá không còn nhận tự đánh giá."))
    if assessment.state != AssessmentState.DRAFT:
        raise NotAllowed(_("Bản tự đánh giá đã gửi, không sửa được nữa."))
    if edition.self_deadline and (today or timezone.localdate()) > edition.self_deadline:
        raise NotAllowed(
            _("Đã quá hạn tự đánh giá (%(d)s).") % {"d": edition.self_deadline.strftime("%d/%m/%Y")}
        )


def self_scored(score: Score) -> bool:
    """Whether the unit scores this leaf itself (not survey; measured only when not measurable)."""
    c = score.criterion
    if c.survey:
        return False
    if c.metric and score.assessment.measured_frozen:
        return score.measured_points is None
    if c.metric:
        m = measure(
            c.metric, score.assessment.agency, score.assessment.edition.year, c.max_points, c.measure_rule
        )
        return m.points is None
    return True


@transaction.atomic
def save_self_scores(user, assessment: Assessment, values: dict[int, tuple[str, str]], *, today=None) -> int:
    """Điểm tự chấm + giải trình per leaf: ``{score id: (points, comment)}``; all or nothing."""
    _unit(user, assessment)
    assessment = _lock_assessment(assessment)
    _open_for_unit(assessment, today)
    scores = {
        s.pk: s
        for s in assessment.scores.select_related("criterion", "assessment__agency", "assessment__edition")
    }
    changed = []
    for pk, (raw, comment) in values.items():
        score = scores.get(pk)
        if score is None:
            continue
        comment = (comment or "").strip()
        if len(comment) > MAX_TEXT:
            raise InvalidInput(_("Giải trình của tiêu chí %(c)s quá dài.") % {"c": score.criterion.code})
        points = parse_points(raw, _("của tiêu chí %(c)s") % {"c": score.criterion.code})
        if points is not None:
            if not self_scored(score):
                raise InvalidInput(
                    _("Tiêu chí %(c)s do hệ thống đo hoặc điều tra xã hội học chấm, đơn vị không tự chấm.")
                    % {"c": score.criterion.code}
                )
            check_range(score.criterion, points)
        if points != score.self_points or comment != score.self_comment:
            score.self_points, score.self_comment = points, comment
            changed.append(score)
    Score.objects.bulk_update(changed, ["self_points", "self_comment"])
    return len(changed)


@transaction.atomic
def add_evidence(user, assessment: Assessment, score: Score, upload, *, today=None) -> Evidence:
    """Tài liệu kiểm chứng: PDF/JPG/PNG whose content is checked before anything is stored."""
    _unit(user, assessment)
    assessment = _lock_assessment(assessment)
    _open_for_unit(assessment, today)
    if score.assessment_id != assessment.pk:
        raise InvalidInput(_("Tiêu chí không thuộc bản tự đánh giá này."))
    if upload is None:
        raise InvalidInput(_("Chọn tệp tài liệu kiểm chứng."))
    content_type, ext = validate_upload(upload.name, upload)
    upload.seek(0)
    evidence = Evidence(score=score, name=upload.name[:255], content_type=content_type, uploaded_by=user)
    evidence.file.save(f"{score.criterion.code}.{ext}", upload, save=False)
    evidence.save()
    return evidence


def submit_problems(assessment: Assessment) -> list[str]:
    problems = []
    for score in assessment.scores.select_related("criterion", "assessment__agency", "assessment__edition"):
        c = score.criterion
        if not self_scored(score):
            continue
        if score.self_points is None and not c.is_bonus:
            problems.append(_("%(c)s chưa có điểm tự chấm") % {"c": c.code})
        elif (
            score.self_points
            and score.self_points > 0
            and not score.self_comment
            and not score.evidence_files.exists()
        ):
            problems.append(_("%(c)s chưa có tài liệu kiểm chứng hoặc giải trình") % {"c": c.code})
    return problems


@transaction.atomic
def submit(user, assessment: Assessment, *, today=None) -> Assessment:
    _unit(user, assessment)
    assessment = _lock_assessment(assessment)
    _open_for_unit(assessment, today)
    problems = submit_problems(assessment)
    if problems:
        raise InvalidInput(
            _("Chưa gửi được bản tự đánh giá: %(p)s.") % {"p": "; ".join(problems)},
            details={"problems": problems},
        )
    _freeze(assessment)
    assessment.state = AssessmentState.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    assessment.save(update_fields=["state", "submitted_at", "submitted_by"])
    return assessment


# ------------------------------------------------------------------------------ the council


@transaction.atomic
def adjust(user, score: Score, points, reason: str) -> Score:
    """Hội đồng thẩm định điều chỉnh: the original self/measured points stay beside it."""
    score = (
        Score.objects.select_for_update().select_related("criterion", "assessment__edition").get(pk=score.pk)
    )
    edition = score.assessment.edition
    _manager(user, edition)
    _state(edition, EditionState.APPRAISAL, message=_("Chỉ thẩm định khi kỳ đánh giá đang ở bước thẩm định."))
    reason = (reason or "").strip()
    value = parse_points(points, _("thẩm định của tiêu chí %(c)s") % {"c": score.criterion.code})
    if value is None:
        raise InvalidInput(_("Cần nhập điểm thẩm định."))
    if not reason:
        raise InvalidInput(
            _("Cần ghi lý do điều chỉnh điểm của tiêu chí %(c)s.") % {"c": score.criterion.code}
        )
    if len(reason) > MAX_TEXT:
        raise InvalidInput(_("Lý do điều chỉnh quá dài."))
    check_range(score.criterion, value)
    score.council_points, score.council_reason = value, reason
    score.council_by, score.council_at = user, timezone.now()
    score.save(update_fields=["council_points", "council_reason", "council_by", "council_at"])
    return score


@transaction.atomic
def import_survey(user, edition: Edition, filename: str, data: bytes) -> int:
    """Điểm điều tra xã hội học from .xlsx/.csv; every row checked before any is written."""
    _manager(user, edition)
    edition = _lock_edition(edition)
    _state(
        edition,
        EditionState.PUBLISHED,
        EditionState.APPRAISAL,
        message=_("Chỉ nhập điểm điều tra xã hội học trước khi công bố kết quả."),
    )
    rows = importing.parse_survey(data, filename)
    participants = list(edition.participants.select_related("agency"))
    by_code = {p.agency.identifier_code.lower(): p.agency for p in participants if p.agency.identifier_code}
    by_name = {p.agency.name.lower(): p.agency for p in participants}
    criteria = {c.code: c for c in leaves(edition)}
    scores = {
        (s.assessment.agency_id, s.criterion_id): s
        for s in Score.objects.filter(assessment__edition=edition).select_related("assessment")
    }
    errors, plan = [], []
    for row in rows:
        where = _("Dòng %(n)d") % {"n": row.line}
        agency = by_code.get(row.agency.lower()) or by_name.get(row.agency.lower())
        criterion = criteria.get(row.criterion)
        if agency is None:
            errors.append(
                _("%(w)s: “%(a)s” không phải đơn vị được đánh giá.") % {"w": where, "a": row.agency}
            )
        if criterion is None:
            errors.append(_("%(w)s: không có tiêu chí “%(c)s”.") % {"w": where, "c": row.criterion})
        elif not criterion.survey:
            errors.append(
                _("%(w)s: tiêu chí %(c)s không chấm bằng điều tra xã hội học.")
                % {"w": where, "c": criterion.code}
            )
        elif row.points < 0 or criterion.max_points is None or row.points > criterion.max_points:
            errors.append(
                _("%(w)s: điểm %(p)s vượt quá điểm tối đa %(m)s của tiêu chí %(c)s.")
                % {
                    "w": where,
                    "p": f"{row.points:g}",
                    "m": f"{criterion.max_points or 0:g}",
                    "c": criterion.code,
                }
                if row.points >= 0
                else _("%(w)s: điểm không được âm.") % {"w": where}
            )
        if agency and criterion and (agency.pk, criterion.pk) in scores:
            plan.append((scores[(agency.pk, criterion.pk)], row.points))
    importing.fail(errors)
    for score, points in plan:
        score.survey_points = points.quantize(Decimal("0.01"))
        score.save(update_fields=["survey_points"])
    return len(plan)
