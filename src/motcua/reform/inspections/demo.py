"""Demo inspection: one concluded inspection of earlier months of this year (domain §10 seed).

Written through ``services`` like any other change. Idempotent: the decision number is the key,
and a second call finds it and changes nothing.
"""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.dossiers.ledger import ledger_count
from motcua.org.models import Role, User

from . import services
from .models import Decision, FindingResult, TeamRole, VisitKind

NUMBER = "125/QĐ-UBND"


def _at(day, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def _pdf() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def seed(province) -> Decision:
    existing = Decision.objects.filter(unit=province.unit, number=NUMBER).first()
    if existing is not None:
        return existing
    manager = User.objects.get(username="reformmanager")
    inspector = User.objects.get(username="inspector")
    today = timezone.localdate()
    start = today - timedelta(days=80)
    first, second = province.communes[0], province.communes[1]
    d = services.create_decision(
        actor=manager,
        unit=province.unit,
        number=NUMBER,
        signed_on=start,
        issuer=f"Ủy ban nhân dân {province.unit.name}",
        signer="Nguyễn Văn Hùng",
        signer_title="Phó Chủ tịch",
        purpose=(
            "Kiểm tra việc thực hiện nhiệm vụ cải cách hành chính, cơ chế một cửa, một cửa liên thông "
            "và việc ghi sổ theo dõi hồ sơ tại Ủy ban nhân dân cấp xã."
        ),
    )
    services.add_member(d, actor=manager, user=manager, role=TeamRole.LEAD)
    services.add_member(d, actor=manager, user=inspector, role=TeamRole.MEMBER)
    visits = [
        services.add_visit(
            d,
            actor=manager,
            agency=agency,
            planned_on=start + timedelta(days=days),
            kind=kind,
            period_from=start - timedelta(days=90),
            period_to=start - timedelta(days=1),
        )
        for agency, days, kind in ((first, 14, VisitKind.PLANNED), (second, 17, VisitKind.UNANNOUNCED))
    ]
    services.issue_decision(d, actor=manager, at=_at(start))
    items = list(d.checklist.areas.values_list("items__pk", "items__code"))
    for n, v in enumerate(visits):
        on = _at(v.planned_on, 8)
        services.start_visit(v, actor=inspector, at=on)
        results = {pk: (FindingResult.PASS, "") for pk, _code in items}
        for pk, code in items:
            if code == "so-theo-doi":
                results[pk] = (FindingResult.FAIL, "Sổ theo dõi hồ sơ giấy không khớp số liệu trên hệ thống.")
            if code == "phieu-xin-loi" and n == 0:
                results[pk] = (FindingResult.FAIL, "Một số hồ sơ trễ hạn chưa có phiếu xin lỗi.")
        services.record_findings(v, actor=inspector, results=results, at=on + timedelta(hours=2))
        system = ledger_count(v.agency_id, v.period_from, v.period_to)
        paper = system - 3 if system >= 3 else system + 3
        services.record_reconciliation(
            v,
            actor=inspector,
            paper_count=paper,
            note="Đếm trực tiếp trên sổ theo dõi hồ sơ giấy tại Bộ phận Một cửa.",
            at=on + timedelta(hours=3),
        )
        if n == 0:
            desk = province.staff[v.agency_id][Role.DESK_OFFICER][0]
            services.record_breach(
                v,
                actor=inspector,
                officer=desk,
                description="Không vào sổ theo dõi một số hồ sơ tiếp nhận trực tiếp trong kỳ.",
                rule="Quy định về sổ theo dõi hồ sơ (mẫu số 06) của cơ chế một cửa",
                handling="Nhắc nhở, yêu cầu rút kinh nghiệm và ghi bổ sung sổ.",
                at=on + timedelta(hours=4),
            )
        services.close_visit(
            v, actor=inspector, summary="Đơn vị thực hiện cơ bản đầy đủ.", at=on + timedelta(hours=5)
        )
    notice_day = start + timedelta(days=30)
    notice = services.issue_notice(
        d,
        actor=manager,
        number="45/TB-UBND",
        signed_on=notice_day,
        signer="Nguyễn Văn Hùng",
        signer_title="Phó Chủ tịch",
        summary=(
            "Các đơn vị đã triển khai kế hoạch cải cách hành chính năm; niêm yết thủ tục hành chính "
            "đầy đủ.\nTồn tại: sổ theo dõi hồ sơ giấy không khớp số liệu trên hệ thống; một số hồ sơ "
            "trễ hạn chưa có phiếu xin lỗi."
        ),
        recipients="Ban Chỉ đạo cải cách hành chính tỉnh\nSở Nội vụ",
        directives=[
            {
                "text": "Rà soát, ghi bổ sung sổ theo dõi hồ sơ cho khớp với hệ thống.",
                "agency": first,
                "deadline": notice_day + timedelta(days=15),
            },
            {
                "text": "Lập phiếu xin lỗi cho mọi hồ sơ trễ hạn theo mẫu số 04.",
                "agency": first,
                "deadline": today + timedelta(days=20),
            },
            {
                "text": "Tổ chức tập huấn nghiệp vụ một cửa cho công chức tiếp nhận hồ sơ.",
                "agency": second,
                "deadline": today - timedelta(days=10),
            },
        ],
        at=_at(notice_day),
    )
    done, reported, _late = notice.directives.order_by("order")
    leader = province.staff[first.pk][Role.LEADER][0]
    for dv, day in ((done, notice_day + timedelta(days=10)), (reported, today - timedelta(days=2))):
        services.report_directive(
            dv,
            actor=leader,
            report="Đã thực hiện; gửi kèm biên bản.",
            evidence=SimpleUploadedFile("bien-ban.pdf", _pdf(), content_type="application/pdf"),
            at=_at(day),
        )
    services.confirm_directive(done, actor=manager, at=_at(notice_day + timedelta(days=12)))
    d.refresh_from_db()
    return d
