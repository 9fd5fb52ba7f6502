"""Demo PAR-INDEX for the demo province (idempotent: a second call changes nothing).

Two editions of the commune/department template (Hà Nội 5666/QĐ-UBND shape): last year's, run
to published results, and this year's, published with a few units' self-assessments sent. The
template's points are unknown, so the demo fills them — every filled maximum and every criterion
the demo adds carries the note "Giá trị minh họa (demo)": they are not from any decision.
Everything is written through ``parindex.services`` by the province reform manager or the unit's
leader.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from motcua.org.models import User

from . import services
from .models import Edition, EditionState

TEMPLATE = "hanoi-5666-2025.yaml"
DEMO = "Giá trị minh họa (demo), không lấy từ quyết định."
AREA_POINTS = {"2": "8", "4": "8", "5": "10", "6": "8", "7": "16", "9": "5"}
ADDED = [  # (code, parent, title, max, extra)
    (
        "1.1",
        "1",
        "Ban hành kế hoạch CCHC năm kịp thời",
        "4",
        {"rule": "Kịp thời: 4; chậm: 2; không ban hành: 0"},
    ),
    (
        "1.2",
        "1",
        "Mức độ hoàn thành kế hoạch CCHC năm",
        "4",
        {"metric": "reform_plan_completion_rate", "measure_rule": {"steps": [[0.9, 4], [0.7, 2], [0, 0]]}},
    ),
    (
        "1.3",
        "1",
        "Báo cáo CCHC gửi đúng thời hạn",
        "2",
        {"metric": "reform_report_timeliness", "measure_rule": {"steps": [[1, 2], [0.75, 1], [0, 0]]}},
    ),
    ("3.1", "3", "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn", "8", {"metric": "dossier_on_time_rate"}),
    ("3.2", "3", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "6", {"metric": "online_dossier_rate"}),
    (
        "3.3",
        "3",
        "Công khai thủ tục hành chính tại Bộ phận Một cửa",
        "6",
        {"evidence": "Ảnh chụp bảng niêm yết"},
    ),
    ("8.1", "8", "Mức độ hài lòng của người dân, tổ chức (điều tra xã hội học)", "20", {"survey": True}),
]


def _leader(province, agency) -> User | None:
    users = province.staff.get(agency.pk, {}).get("leader") or []
    return users[0] if users else None


def _group(agency) -> str:
    name = agency.name.lower()
    if "phường" in name:
        return "Phường"
    if "xã" in name or "đặc khu" in name:
        return "Xã, đặc khu"
    return "Sở, ban, ngành"


def _self_assess(edition: Edition, agency, user, today: date, rng: random.Random) -> None:
    assessment = edition.assessments.get(agency=agency)
    if assessment.state != "draft":
        return
    values = {}
    for score in assessment.scores.select_related("criterion", "assessment__agency", "assessment__edition"):
        c = score.criterion
        if not services.self_scored(score):
            continue
        if c.is_bonus:
            points = Decimal(rng.choice([0, 0, 1, 2, -1]))
        else:
            points = (c.max_points * Decimal(rng.randint(60, 100)) / 100).quantize(Decimal("0.5"))
        values[score.pk] = (str(points), "Giải trình cách chấm (minh họa)")
    services.save_self_scores(user, assessment, values, today=today)
    services.submit(user, assessment, today=today)


def _survey_csv(edition: Edition, rng: random.Random) -> bytes:
    lines = ["Cơ quan;Mã tiêu chí;Điểm"]
    for p in edition.participants.select_related("agency"):
        lines.append(f"{p.agency.identifier_code or p.agency.name};8.1;{rng.randint(140, 195) / 10}")
    return "\n".join(lines).encode()


def _first_edition(manager, province, year: int) -> Edition:
    e = services.create_edition(manager, unit_id=province.unit.pk, year=year, template=TEMPLATE)
    for code, parent, title, points, extra in ADDED:
        services.add_criterion(
            manager, e, code=code, parent_code=parent, title=title, max_points=points, note=DEMO, **extra
        )
    by_code = {c.code: c.pk for c in e.criteria.all()}
    services.set_max_points(manager, e, {by_code[k]: v for k, v in AREA_POINTS.items()}, note=DEMO)
    for agency in [*province.departments.values(), *province.communes]:
        services.add_participant(manager, e, agency, _group(agency))
    return e


def seed(province) -> None:
    manager = User.objects.filter(username="reformmanager").first()
    if manager is None:
        return
    today = timezone.localdate()
    year, rng = today.year, random.Random(2026)  # noqa: S311 — demo values, not secrets
    editions = Edition.objects.filter(unit=province.unit, framework__code="hanoi-5666-2025")
    if editions.filter(year=year).exists():
        return
    units = [*province.departments.values(), *province.communes]

    last = editions.filter(year=year - 1).first()
    if last is None:
        last = _first_edition(manager, province, year - 1)
        services.publish(manager, last, date(year - 1, 11, 30), today=date(year - 1, 1, 1))
        last.refresh_from_db()
        for agency in units:
            user = _leader(province, agency)
            if user:
                _self_assess(last, agency, user, date(year - 1, 11, 1), rng)
        services.close_self_assessment(manager, last)
        services.import_survey(manager, last, "dieu-tra-xa-hoi-hoc.csv", _survey_csv(last, rng))
        for agency in units[:3]:
            score = last.assessments.get(agency=agency).scores.get(criterion__code="3.3")
            services.adjust(manager, score, "3", "Niêm yết chưa đầy đủ thủ tục (minh họa)")
        services.publish_results(manager, last)

    current = services.copy_edition(manager, last, year)
    services.publish(manager, current, max(date(year, 12, 15), today + timedelta(days=14)))
    current.refresh_from_db()
    for agency in [*list(province.departments.values())[:1], *province.communes[:3]]:
        user = _leader(province, agency)
        if user:
            _self_assess(current, agency, user, today, rng)
    assert current.state == EditionState.PUBLISHED
