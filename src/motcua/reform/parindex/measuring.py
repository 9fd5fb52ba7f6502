"""Criteria the system measures itself: a par-index.yaml metric id → a figure → points.

Dossier metrics read ``motcua.indicators`` (the same functions the dashboards use, so the index
and the dashboard never disagree); plan completion and report timeliness read the reform-plans
app. A metric with no source here stays "chưa đo được" with its reason — never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# par-index.yaml system_metrics id → indicator key of motcua.indicators (None: no source yet).
METRICS: dict[str, str | None] = {
    "dossier_on_time_rate": "on_time_rate",
    "online_dossier_rate": "online_submission_rate",
    "digitisation_rate": "digitisation_rate",
    "online_payment_rate": "online_payment_rate",
    "dossier_satisfaction_rate": "satisfaction_rate",
    "electronic_result_rate": "g3_electronic_result",
    "data_reuse_rate": "g3_reused_data",
    "feedback_on_time_rate": "g5_petitions_on_time",
    "late_dossier_apology_rate": None,
    "online_service_with_dossiers_rate": None,
    "online_payment_procedures_with_transactions_rate": None,
    "feedback_satisfaction_rate": None,
    "procedure_published_on_time_rate": None,
    "reform_plan_completion_rate": "plans",
    "reform_report_timeliness": "plans",
}
METRIC_LABELS = {
    "dossier_on_time_rate": gettext_lazy("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"),
    "online_dossier_rate": gettext_lazy("Tỷ lệ hồ sơ trực tuyến"),
    "digitisation_rate": gettext_lazy("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC"),
    "online_payment_rate": gettext_lazy("Tỷ lệ thanh toán trực tuyến"),
    "dossier_satisfaction_rate": gettext_lazy("Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC"),
    "electronic_result_rate": gettext_lazy("Tỷ lệ cấp kết quả giải quyết TTHC điện tử"),
    "data_reuse_rate": gettext_lazy("Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa"),
    "feedback_on_time_rate": gettext_lazy("Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn"),
    "late_dossier_apology_rate": gettext_lazy("Tỷ lệ hồ sơ quá hạn có phiếu xin lỗi"),
    "online_service_with_dossiers_rate": gettext_lazy("Tỷ lệ DVC trực tuyến có phát sinh hồ sơ"),
    "online_payment_procedures_with_transactions_rate": gettext_lazy(
        "Tỷ lệ TTHC có phát sinh thanh toán trực tuyến"
    ),
    "feedback_satisfaction_rate": gettext_lazy("Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị"),
    "procedure_published_on_time_rate": gettext_lazy("Tỷ lệ TTHC được cập nhật, công khai đúng hạn"),
    "reform_plan_completion_rate": gettext_lazy("Mức độ hoàn thành kế hoạch CCHC năm"),
    "reform_report_timeliness": gettext_lazy("Báo cáo CCHC gửi đúng thời hạn"),
}


@dataclass(frozen=True)
class Measured:
    measured: bool
    part: Decimal | None = None
    whole: int | None = None
    rate: float | None = None
    points: Decimal | None = None
    reason: str = ""
    url: str = ""

    def display(self) -> str:
        if not self.measured:
            return _("chưa đo được")
        if self.rate is None:
            return "—"
        return f"{self.rate * 100:.1f}% ({self.part:g}/{self.whole})"


def points_for(rate: float | None, max_points: Decimal | None, rule: dict | None) -> Decimal | None:
    """Steps ``[[0.9, 2], [0.7, 1], [0, 0]]`` (first threshold reached) or max × rate (default)."""
    if rate is None or max_points is None:
        return None
    steps = (rule or {}).get("steps")
    if steps:
        for threshold, pts in sorted(steps, key=lambda s: -float(s[0])):
            if rate >= float(threshold):
                return min(Decimal(str(pts)), max_points)
        return Decimal(0)
    return (max_points * Decimal(str(min(rate, 1.0)))).quantize(Decimal("0.01"), ROUND_HALF_UP)


def drilldown_url(agency_id: int, key: str, start: date, end: date) -> str:
    query = urlencode(
        {
            "co_quan": agency_id,
            "ky": "khoang",
            "tu_ngay": start.isoformat(),
            "den_ngay": end.isoformat(),
            "chi_so": key,
            "phan": "part",
        }
    )
    return reverse("indicator_drilldown") + "?" + query


def _from_plans(metric: str, agency_id: int, year: int) -> tuple[int, int] | None | str:
    try:
        from motcua.reform.plans import selectors as plans
    except ImportError:
        return "missing"
    func = getattr(
        plans, "plan_completion" if metric == "reform_plan_completion_rate" else "report_timeliness", None
    )
    if func is None:
        return "missing"
    return func(agency_id, year)


def measure(metric: str, agency, year: int, max_points: Decimal | None, rule: dict | None) -> Measured:
    """The figure of ``metric`` for ``agency`` over the calendar ``year``, and its points."""
    source = METRICS.get(metric)
    if source is None:
        return Measured(False, reason=_("Hệ thống chưa có số liệu cho chỉ số này."))
    if source == "plans":
        got = _from_plans(metric, agency.pk, year)
        if got == "missing":
            return Measured(False, reason=_("Phân hệ kế hoạch CCHC chưa sẵn sàng."))
        if got is None:
            return Measured(
                False, reason=_("Đơn vị chưa có kế hoạch CCHC năm %(y)d trong hệ thống.") % {"y": year}
            )
        done, total = got
        rate = done / total if total else None
        why = "" if total else _("Kế hoạch chưa có nhiệm vụ hoặc báo cáo nào đến hạn.")
        return Measured(True, Decimal(done), total, rate, points_for(rate, max_points, rule), why)
    from motcua.indicators.formulas import INDICATORS
    from motcua.indicators.periods import Period, Scope

    period = Period.year(year)
    value = INDICATORS[source].func(Scope.of(agency), period)
    if not value.measured:
        return Measured(False, reason=value.reason)
    part = Decimal(str(value.part)) if value.part is not None else None
    why = "" if value.rate is not None else _("Không có hồ sơ nào trong năm.")
    return Measured(
        True,
        part,
        value.whole,
        value.rate,
        points_for(value.rate, max_points, rule),
        why,
        drilldown_url(agency.pk, source, period.start, period.end),
    )
