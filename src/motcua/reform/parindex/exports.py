"""The ranking and one unit's scorecard as Excel (openpyxl) and as official PDF (state header).

A maximum no source gives is written "chưa xác định", a figure the system cannot measure "chưa
đo được" — never 0.
"""

from __future__ import annotations

import io
from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.forms_pdf import long_date, place_of, render_pdf

from .models import Edition
from .selectors import Card, Ranked

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _n(value):
    return "" if value is None else float(value)


def _max(value):
    return _("chưa xác định") if value is None else float(value)


def _book():
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    return book, Font(bold=True)


def _save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ranking_xlsx(edition: Edition, groups: dict[str, list[Ranked]]) -> bytes:
    book, bold = _book()
    sheet = book.active
    sheet.title = _("Xếp hạng")[:31]
    sheet.append([_("Kết quả Chỉ số cải cách hành chính năm %(y)d") % {"y": edition.year}])
    sheet.append([edition.framework.name])
    sheet.append([edition.bands_note])
    for group, items in groups.items():
        sheet.append([])
        sheet.append([_("Nhóm: %(g)s") % {"g": group}])
        header = [
            _("Hạng"),
            _("Đơn vị"),
            _("Tổng điểm"),
            _("Điểm tối đa áp dụng"),
            _("Chỉ số (%)"),
            _("Xếp loại"),
        ]
        header += [_("Năm %(y)d (%%)") % {"y": y} for y, _p in (items[0].previous if items else [])]
        sheet.append(header)
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for r in items:
            sheet.append(
                [r.rank, r.assessment.agency.name, _n(r.total), _n(r.maximum), _n(r.percent), r.band]
                + [_n(p) for _y, p in r.previous]
            )
    sheet.column_dimensions["B"].width = 50
    return _save(book)


def scorecard_xlsx(card: Card) -> bytes:
    book, bold = _book()
    sheet = book.active
    sheet.title = _("Phiếu chấm điểm")[:31]
    a = card.assessment
    sheet.append([_("Phiếu chấm điểm Chỉ số cải cách hành chính năm %(y)d") % {"y": a.edition.year}])
    sheet.append([a.agency.name])
    sheet.append(
        [
            _("Mã"),
            _("Tiêu chí"),
            _("Điểm tối đa"),
            _("Tự chấm"),
            _("Đo từ hệ thống"),
            _("Điều tra XHH"),
            _("Thẩm định"),
            _("Lý do điều chỉnh"),
            _("Điểm đạt"),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for line in card.lines:
        s = line.score
        measured = ""
        if line.measured is not None:
            measured = (
                _n(line.measured.points) if line.measured.points is not None else line.measured.display()
            )
        sheet.append(
            [
                line.criterion.code,
                line.criterion.title,
                _max(line.max_points),
                _n(s.self_points) if s else "",
                measured,
                _n(s.survey_points) if s else "",
                _n(s.council_points) if s else "",
                s.council_reason if s else "",
                _n(line.final),
            ]
        )
    sheet.append([])
    sheet.append(["", _("Tổng điểm"), _n(card.maximum), "", "", "", "", "", _n(card.total)])
    sheet.append(["", _("Chỉ số (%)"), "", "", "", "", "", "", _n(card.percent)])
    sheet.append(["", _("Xếp loại"), "", "", "", "", "", "", card.band])
    sheet.column_dimensions["B"].width = 60
    return _save(book)


def _header(edition: Edition) -> dict:
    return {
        "edition": edition,
        "agency": SimpleNamespace(name=_("Ủy ban nhân dân %(u)s") % {"u": edition.unit.name}, parent=None),
        "place": place_of(SimpleNamespace(unit=edition.unit)),
        "signed_on": long_date(timezone.now()),
    }


def ranking_pdf(edition: Edition, groups: dict[str, list[Ranked]]) -> bytes:
    return render_pdf("reform/parindex/pdf/ranking.html", {**_header(edition), "groups": groups})


def scorecard_pdf(card: Card) -> bytes:
    return render_pdf(
        "reform/parindex/pdf/scorecard.html", {**_header(card.assessment.edition), "card": card}
    )
