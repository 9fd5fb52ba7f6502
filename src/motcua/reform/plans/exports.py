"""Excel exports (openpyxl): one plan with its tasks, and the province overview of a year."""

from __future__ import annotations

import io
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from .models import ReformPlan
from .selectors import AgencyRow, completion_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LATE_FILL = PatternFill("solid", fgColor="FDE2E1")


def _header(sheet, titles: list[str], row: int) -> None:
    for col, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plan_workbook(plan: ReformPlan, today: date) -> bytes:
    tasks = list(plan.tasks.select_related("responsible").order_by("kind", "number"))
    figures = completion_of(tasks, today)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Nhiệm vụ")
    sheet["A1"] = plan.title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = _("%(agency)s — năm %(year)s — %(state)s") % {
        "agency": plan.agency.name,
        "year": plan.year,
        "state": plan.get_state_display(),
    }
    sheet["A3"] = _("Nhiệm vụ cụ thể hoàn thành: %(done)s/%(planned)s; nhiệm vụ chung: %(gd)s/%(gp)s") % {
        "done": figures.specific_done,
        "planned": figures.specific_planned,
        "gd": figures.general_done,
        "gp": figures.general_planned,
    }
    titles = [
        _("Loại"),
        _("STT"),
        _("Nội dung nhiệm vụ"),
        _("Lĩnh vực"),
        _("Bộ phận chủ trì"),
        _("Người phụ trách"),
        _("Thời hạn"),
        _("Sản phẩm"),
        _("Tình trạng"),
        _("Ngày hoàn thành"),
        _("Ghi chú"),
    ]
    _header(sheet, titles, 5)
    for row, task in enumerate(tasks, start=6):
        values = [
            task.get_kind_display(),
            task.number,
            task.title,
            task.get_area_display(),
            task.division,
            str(task.responsible or ""),
            task.deadline,
            task.deliverable,
            task.status_label(today),
            task.completed_on,
            task.note,
        ]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            if task.is_overdue(today) or task.done_late:
                cell.fill = LATE_FILL
    for col, width in zip("ABCDEFGHIJK", (16, 6, 60, 30, 24, 22, 12, 30, 24, 14, 30), strict=True):
        sheet.column_dimensions[col].width = width
    return _save(book)


def overview_workbook(rows: list[AgencyRow], year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Tổng hợp %(year)s") % {"year": year}
    sheet["A1"] = _("Tình hình thực hiện kế hoạch và báo cáo cải cách hành chính năm %(year)s") % {
        "year": year
    }
    sheet["A1"].font = Font(bold=True, size=13)
    titles = [
        _("Cơ quan"),
        _("Kế hoạch"),
        _("Nhiệm vụ cụ thể hoàn thành"),
        _("Nhiệm vụ cụ thể theo kế hoạch"),
        _("Tỷ lệ (%)"),
        _("Nhiệm vụ chung hoàn thành"),
        _("Nhiệm vụ chung theo kế hoạch"),
        _("Nhiệm vụ quá hạn"),
        _("Báo cáo đúng hạn"),
        _("Báo cáo trễ hạn"),
        _("Báo cáo chưa gửi (quá hạn)"),
    ]
    _header(sheet, titles, 3)
    for n, item in enumerate(rows, start=4):
        c = item.completion
        values = [
            item.agency.name,
            (item.plan.get_state_display() if item.plan else _("Chưa có kế hoạch")),
            c.specific_done if c else None,
            c.specific_planned if c else None,
            c.specific_percent if c else None,
            c.general_done if c else None,
            c.general_planned if c else None,
            len(c.overdue) if c else None,
            item.reports["on_time"],
            item.reports["late"],
            item.reports["missing"],
        ]
        for col, value in enumerate(values, start=1):
            sheet.cell(row=n, column=col, value=value)
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 18
    return _save(book)
