"""Demo reform plans and periodic reports for the demo province (idempotent).

One commune gets a plan shaped like the seed document — 7 general and 24 specific tasks, 23 of the
specific ones done, one overdue; every other department and commune a smaller plan. The report
schedule of the year is created with the default dates, and a mix of reports sent on time, late
and not at all. Everything is written through ``plans.services`` by the unit's leader.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from motcua.org.models import Agency, User

from . import services
from .models import PeriodicReport, ReformArea, ReformPlan, ReportDeadline, TaskKind

AREAS = list(ReformArea.values)
GENERAL = [
    "Quán triệt, tuyên truyền các văn bản chỉ đạo về cải cách hành chính",
    "Kiện toàn tổ chức, nâng cao hiệu lực chỉ đạo, điều hành công tác cải cách hành chính",
    "Rà soát, hoàn thiện thể chế thuộc thẩm quyền",
    "Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
    "Nâng cao chất lượng đội ngũ cán bộ, công chức",
    "Quản lý, sử dụng tài chính công hiệu quả, tiết kiệm",
    "Đẩy mạnh chuyển đổi số, xây dựng chính quyền số",
]
SPECIFIC = [
    "Ban hành kế hoạch cải cách hành chính năm",
    "Ban hành kế hoạch tuyên truyền cải cách hành chính",
    "Kiểm tra công tác cải cách hành chính tại các bộ phận",
    "Rà soát văn bản quy phạm pháp luật do đơn vị ban hành",
    "Công bố, công khai thủ tục hành chính tại Bộ phận Một cửa",
    "Rà soát, đề xuất đơn giản hóa thủ tục hành chính",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Tiếp nhận, xử lý phản ánh, kiến nghị về thủ tục hành chính",
    "Rà soát chức năng, nhiệm vụ của các bộ phận chuyên môn",
    "Xây dựng đề án vị trí việc làm",
    "Đánh giá, xếp loại cán bộ, công chức",
    "Bồi dưỡng kỹ năng giao tiếp cho công chức Bộ phận Một cửa",
    "Thực hiện cơ chế tự chủ tài chính",
    "Công khai dự toán, quyết toán ngân sách",
    "Cung cấp dịch vụ công trực tuyến toàn trình",
    "Thanh toán trực tuyến phí, lệ phí",
    "Vận hành hệ thống quản lý văn bản và điều hành",
    "Sử dụng chữ ký số trong văn bản điện tử",
    "Khảo sát mức độ hài lòng của người dân, doanh nghiệp",
    "Niêm yết số điện thoại đường dây nóng",
    "Báo cáo cải cách hành chính định kỳ đúng hạn",
    "Tổ chức hội nghị đối thoại với người dân",
    "Cập nhật cơ sở dữ liệu cán bộ, công chức",
    "Tổng kết công tác cải cách hành chính năm",
]


def _pdf(name: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def _year(today: date) -> int:
    # Early in a year nothing can be done yet: show last year's plans instead.
    return today.year if today >= date(today.year, 3, 1) else today.year - 1


def seed(province, today: date | None = None) -> None:
    today = today or timezone.localdate()
    year = _year(today)
    agencies = [*province.departments.values(), *province.communes]
    for n, agency in enumerate(agencies):
        leader = _leader(province, agency)
        if leader is None or ReformPlan.objects.filter(agency=agency, year=year).exists():
            continue
        full = agency == province.communes[0] if province.communes else n == 0
        _plan(agency, leader, year, today, n, full)
    _reports(province, agencies, year, today)


def _leader(province, agency: Agency) -> User | None:
    leaders = province.staff.get(agency.pk, {}).get("leader") or []
    return leaders[0] if leaders else None


def _plan(agency: Agency, leader: User, year: int, today: date, n: int, full: bool) -> None:
    plan = services.create_plan(
        leader,
        agency.pk,
        year,
        f"Kế hoạch cải cách hành chính năm {year} của {agency.name}",
        f"{(n + 1) * 7}/KH-{agency.short_name or 'UBND'}"[:50],
        date(year, 1, 5),
    )
    general = GENERAL if full else GENERAL[:2]
    specific = SPECIFIC if full else SPECIFIC[: 4 + n % 3]
    end = min(today - timedelta(days=15), date(year, 12, 31))
    span = max((end - date(year, 1, 20)).days, 1)
    for i, title in enumerate(general):
        services.add_task(
            leader,
            plan.pk,
            kind=TaskKind.GENERAL,
            title=title,
            area=AREAS[i % len(AREAS)],
            division="Văn phòng",
            deadline=date(year, 12, 31),
            deliverable="Báo cáo kết quả thực hiện",
        )
    tasks = []
    for i, title in enumerate(specific):
        deadline = date(year, 1, 20) + timedelta(days=span * i // len(specific))
        tasks.append(
            services.add_task(
                leader,
                plan.pk,
                kind=TaskKind.SPECIFIC,
                title=title,
                area=AREAS[(i * 3) % len(AREAS)],
                division="Văn phòng" if i % 2 else "Bộ phận Một cửa",
                responsible=leader,
                deadline=deadline,
                deliverable="Văn bản, báo cáo",
            )
        )
    # Full plan: all done but the last (overdue); small plans: all done but one or two.
    open_count = 1 if full else 1 + n % 2
    for i, task in enumerate(tasks[: len(tasks) - open_count]):
        late = i % 6 == 5
        done_on = task.deadline + timedelta(days=5) if late else task.deadline - timedelta(days=2)
        services.complete_task(leader, task.pk, min(done_on, today), _pdf(f"ket-qua-{task.number}.pdf"))
    for task in tasks[len(tasks) - open_count :]:
        services.start_task(leader, task.pk)
    for task in plan.tasks.filter(kind=TaskKind.GENERAL)[: len(general) - 1]:
        services.start_task(leader, task.pk)
    services.issue_plan(leader, plan.pk)


def _reports(province, agencies: list[Agency], year: int, today: date) -> None:
    manager = User.objects.filter(username="reformmanager").first()
    if manager is None:
        return
    if not ReportDeadline.objects.filter(year=year).exists():
        services.set_report_schedule(manager, year, {})
    tz = timezone.get_current_timezone()
    for n, agency in enumerate(agencies):
        leader = _leader(province, agency)
        if leader is None:
            continue
        reports = PeriodicReport.objects.filter(agency=agency, deadline__year=year).select_related("deadline")
        for k, report in enumerate(reports.order_by("deadline__due_on")):
            if report.submitted_at or report.due_on >= today:
                continue
            choice = (n + k) % 5
            if choice == 4:  # missing: due date passed, nothing sent
                continue
            day = report.due_on + timedelta(days=4) if choice == 3 else report.due_on - timedelta(days=2)
            at = datetime.combine(min(day, today), time(9, 30), tzinfo=tz)
            services.submit_report(leader, report.pk, _pdf(f"bao-cao-{report.deadline.kind}.pdf"), at=at)
