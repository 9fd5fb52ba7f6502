"""The dashboard as a spreadsheet (openpyxl, a sheet per section) and as a PDF report (WeasyPrint).

Both take the ``dashboard.Dashboard`` the page shows. An indicator the system cannot measure is
written as the words "chưa đo được" with its reason — never as a number, not even 0.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.forms_pdf import long_date, place_of, render_pdf
from motcua.org.models import AdministrativeUnit, Agency

from .dashboard import Dashboard
from .scoring import Ranked
from .values import NOT_MEASURED, Value

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value: Value):
    """The cell of a value: its number, or the words saying why there is none."""
    if not value.measured:
        return str(NOT_MEASURED)
    n = value.number
    return "" if n is None else round(n, 2)


def band_text(dash: Dashboard) -> str:
    band = dash.card.band
    if band is None:
        return ""
    if band.confirmed:
        return str(band.label)
    return _("%(b)s (mức xếp loại chưa được văn bản quy định chính thức)") % {"b": band.label}


def _scorecard_rows(dash: Dashboard) -> list[list]:
    rows = []
    for g in dash.groups:
        points = g.points if g.measured else str(NOT_MEASURED)
        rows.append(
            [f"{_('Nhóm')} {g.code}", g.label, g.max_points, points if points is not None else "", "", "", ""]
        )
        for v in g.values:
            rows.append(
                [
                    "",
                    v.label,
                    v.max_points,
                    str(NOT_MEASURED) if not v.measured else ("" if v.points is None else v.points),
                    _number(v),
                    "" if v.part is None else v.part,
                    "" if v.whole is None else v.whole,
                    v.reason,
                ]
            )
    return rows


def _sheet(wb, title: str, header: list, rows: list[list], first=False):
    from openpyxl.styles import Font

    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.column_dimensions["B"].width = 60
    return ws


def subject_label(subject) -> str:
    return subject.name


def dashboard_xlsx(dash: Dashboard, ranked: list[Ranked]) -> bytes:
    """Sheets: Bảng điểm (scorecard), Số liệu (figures and tables), Chỉ tiêu, Xếp hạng."""
    from openpyxl import Workbook

    wb = Workbook()
    title = [_("Đơn vị"), subject_label(dash.subject), _("Kỳ"), str(dash.period)]
    if dash.predecessors:  # asked for: the units merged into it are counted too (succession)
        title += [_("Gồm số liệu của các đơn vị trước sắp xếp"), ", ".join(u.name for u in dash.predecessors)]
    ws = _sheet(
        wb,
        _("Bảng điểm"),
        title,
        [
            [],
            [
                _("Nhóm"),
                _("Chỉ số"),
                _("Điểm tối đa"),
                _("Điểm"),
                _("Giá trị"),
                _("Phần"),
                _("Tổng"),
                _("Lý do"),
            ],
            *_scorecard_rows(dash),
            [],
            ["", _("Tổng điểm"), 100, dash.card.total],
            ["", _("Điểm tối đa của các chỉ số đo được"), dash.card.max_measured],
            ["", _("Xếp loại"), band_text(dash)],
        ],
        first=True,
    )
    ws.freeze_panes = "A3"
    figures = [
        [v.label, _number(v), v.display(), None if v.measure == "days" else v.part, v.whole]
        for v in dash.figures
    ]
    channels = [[_("Kênh %(c)s") % {"c": c}, n] for c, n in dash.channels.items()]
    times = [[f"{t.code} {t.name}", t.average_days, "", t.ended] for t in dash.times]
    steps = [
        [f"{s.procedure_name} — {s.step_order}. {s.step_name}", s.over_budget, "", s.done, s.average_days]
        for s in dash.bottlenecks
    ]
    _sheet(
        wb,
        _("Số liệu"),
        [_("Số liệu"), _("Giá trị"), _("Hiển thị"), _("Phần"), _("Tổng")],
        [
            *figures,
            [],
            [_("Hồ sơ tiếp nhận theo kênh")],
            *channels,
            [],
            [_("Thời gian giải quyết trung bình theo thủ tục (ngày)"), "", "", _("Số hồ sơ")],
            *times,
            [],
            [_("Bước xử lý quá thời gian"), _("Quá hạn"), "", _("Đã xong"), _("Số ngày trung bình")],
            *steps,
        ],
    )
    _sheet(
        wb,
        _("Chỉ tiêu"),
        [
            _("Chỉ số"),
            _("So sánh"),
            _("Ngưỡng"),
            _("Từ ngày"),
            _("Đến ngày"),
            _("Văn bản"),
            _("Giá trị"),
            _("Đạt"),
            _("Chênh lệch"),
        ],
        [
            [
                r.label,
                r.target.comparison,
                float(r.target.threshold),
                r.target.period_start,
                r.target.period_end,
                r.target.decision_number,
                str(NOT_MEASURED) if r.value is None else r.value,
                "" if r.met is None else (_("Đạt") if r.met else _("Chưa đạt")),
                "" if r.gap is None else r.gap,
            ]
            for r in dash.targets
        ],
    )
    _sheet(
        wb,
        _("Xếp hạng"),
        [_("Hạng"), _("Đơn vị"), _("Tổng điểm")],
        [["" if r.position is None else r.position, r.subject.name, _number(r.value)] for r in ranked],
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def dashboard_pdf(dash: Dashboard) -> bytes:
    """Báo cáo chỉ số: national heading, unit, period, the scorecard table and the figures."""
    subject = dash.subject
    parent = subject.parent if isinstance(subject, (AdministrativeUnit, Agency)) else None
    return render_pdf(
        "indicators/report.html",
        {
            "dash": dash,
            "subject": subject,
            "parent": parent,
            "band": band_text(dash),
            "place": place_of(subject),
            "signed_on": long_date(timezone.now()),
            "not_measured": NOT_MEASURED,
        },
    )
