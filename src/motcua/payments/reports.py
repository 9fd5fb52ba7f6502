"""Reconciliation (đối soát) of an agency's payments and the monthly report of fees collected.

Collected fees go to the budget account monthly (domain §8); the report lists them per
procedure, split by how they were paid.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Payment
from .services import PENDING_TTL

FLAGS = {
    "paid_without_receipt": gettext_lazy("Đã thanh toán nhưng chưa có số biên lai"),
    "paid_without_txn": gettext_lazy("Thanh toán trực tuyến không có mã giao dịch của cổng"),
    "amount": gettext_lazy("Số tiền cổng báo về không khớp"),
    "duplicate": gettext_lazy("Thanh toán trùng, cần hoàn tiền"),
    "stale_pending": gettext_lazy("Chờ thanh toán quá 15 phút"),
}


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def flags_of(payment: Payment, now: datetime) -> list[str]:
    flags = []
    if payment.state == Payment.State.PAID and payment.receipt_number is None:
        flags.append("paid_without_receipt")
    if (
        payment.state == Payment.State.PAID
        and payment.method == Payment.Method.ONLINE
        and not payment.provider_txn
    ):
        flags.append("paid_without_txn")
    if payment.anomaly:
        flags.append(payment.anomaly)
    if payment.state == Payment.State.PENDING and payment.created_at < now - PENDING_TTL:
        flags.append("stale_pending")
    return flags


@dataclass
class ReconciliationRow:
    payment: Payment
    flags: list[str]

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAGS[f]) for f in self.flags]


@dataclass
class Reconciliation:
    start: date
    end: date
    rows: list[ReconciliationRow]
    # (method, state) → (count, total đồng)
    summary: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)

    @property
    def flagged(self) -> list[ReconciliationRow]:
        return [row for row in self.rows if row.flags]

    def summary_rows(self) -> list[dict]:
        methods, states = dict(Payment.Method.choices), dict(Payment.State.choices)
        return [
            {"method": methods[m], "state": states[s], "count": c, "total": t}
            for (m, s), (c, t) in sorted(self.summary.items())
        ]


def reconciliation(
    payments: QuerySet[Payment], start: date, end: date, now: datetime | None = None
) -> Reconciliation:
    """Payments created or paid between ``start`` and ``end`` (local dates, inclusive), flagged."""
    now = now or timezone.now()
    low, high = _bounds(start, end)
    qs = (
        payments.filter(Q(created_at__gte=low, created_at__lt=high) | Q(paid_at__gte=low, paid_at__lt=high))
        .select_related("dossier", "agency")
        .order_by("created_at", "id")
    )
    rows = [ReconciliationRow(p, flags_of(p, now)) for p in qs]
    summary: dict[tuple[str, str], tuple[int, int]] = {}
    for row in rows:
        key = (row.payment.method, row.payment.state)
        count, total = summary.get(key, (0, 0))
        summary[key] = (count + 1, total + row.payment.amount_vnd)
    return Reconciliation(start=start, end=end, rows=rows, summary=summary)


# ---------------------------------------------------------------------------------- monthly


@dataclass
class MonthlyLine:
    code: str
    name: str
    count: int
    cash: int
    post: int
    online: int

    @property
    def total(self) -> int:
        return self.cash + self.post + self.online


@dataclass
class MonthlyReport:
    agency: object
    year: int
    month: int
    lines: list[MonthlyLine]

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}"

    def total(self, name: str) -> int:
        return sum(getattr(line, name) for line in self.lines)

    @property
    def totals(self) -> dict[str, int]:
        return {name: self.total(name) for name in ("count", "cash", "post", "online", "total")}


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def monthly(agency, year: int, month: int) -> MonthlyReport:
    """Fees paid to ``agency`` in the month, per procedure: count, cash, post, online."""
    low, high = _bounds(*month_bounds(year, month))
    procedure = "dossier__procedure_version__procedure"
    rows = (
        Payment.objects.filter(agency=agency, state=Payment.State.PAID, paid_at__gte=low, paid_at__lt=high)
        .values(f"{procedure}__code", f"{procedure}__name")
        .annotate(
            count=Count("id"),
            cash=Sum("amount_vnd", filter=Q(method=Payment.Method.CASH), default=0),
            post=Sum("amount_vnd", filter=Q(method=Payment.Method.POST), default=0),
            online=Sum("amount_vnd", filter=Q(method=Payment.Method.ONLINE), default=0),
        )
        .order_by(f"{procedure}__code")
    )
    lines = [
        MonthlyLine(
            code=r[f"{procedure}__code"],
            name=r[f"{procedure}__name"],
            count=r["count"],
            cash=r["cash"],
            post=r["post"],
            online=r["online"],
        )
        for r in rows
    ]
    return MonthlyReport(agency=agency, year=year, month=month, lines=lines)


def monthly_xlsx(report: MonthlyReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"{report.year}-{report.month:02d}"
    sheet.append([_("BÁO CÁO PHÍ, LỆ PHÍ ĐÃ THU THÁNG %(m)s") % {"m": report.label}])
    sheet.append([str(report.agency)])
    sheet.append([])
    headers = [
        _("STT"),
        _("Mã thủ tục"),
        _("Tên thủ tục"),
        _("Số giao dịch"),
        _("Tiền mặt (đồng)"),
        _("Bưu chính (đồng)"),
        _("Trực tuyến (đồng)"),
        _("Tổng cộng (đồng)"),
    ]
    sheet.append(headers)
    for index, line in enumerate(report.lines, start=1):
        sheet.append([index, line.code, line.name, line.count, line.cash, line.post, line.online, line.total])
    t = report.totals
    sheet.append(["", "", _("Tổng cộng"), t["count"], t["cash"], t["post"], t["online"], t["total"]])
    for row in (1, 4, sheet.max_row):
        for cell in sheet[row]:
            cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (6, 14, 60, 12, 16, 16, 16, 18), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5, min_col=5, max_col=8):
        for cell in row:
            cell.number_format = "#,##0"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
