"""Catalogue rules shared by model clean, admin forms, services and the importer."""

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Procedure, ProcedureVersion, ProcessStep, ProcessTemplate, unit_word
from .text import format_number

StepLike = ProcessStep | Mapping[str, Any]


def validate_version_accepts_process(
    version: ProcedureVersion | None, procedure: Procedure | None = None
) -> None:
    """A process needs a version in force with a confirmed time limit to add its budgets up to."""
    name = str(procedure or (version.procedure if version else ""))
    if version is None:
        raise ValidationError(
            _(
                "Thủ tục «%(name)s» chưa có phiên bản đã công bố đang có hiệu lực nên chưa "
                "lập được quy trình nội bộ."
            )
            % {"name": name},
            code="no_version",
        )
    if not version.has_confirmed_time_limit():
        raise ValidationError(
            _(
                "Thủ tục «%(name)s» chưa có thời hạn giải quyết được xác nhận nên không kiểm "
                "tra được tổng thời gian các bước; cần xác nhận thời hạn giải quyết trước khi "
                "lập quy trình nội bộ."
            )
            % {"name": name},
            code="no_time_limit",
        )


def validate_process(
    template_or_steps: ProcessTemplate | Iterable[StepLike], version: ProcedureVersion | None
) -> None:
    """Reject a process whose steps do not fit the version's time limit.

    ``template_or_steps`` is a saved template (its stored steps are checked) or the steps about
    to be saved: ``ProcessStep`` objects or mappings with ``order``, ``name`` and ``budget``.
    Raises ``ValidationError`` listing every problem in Vietnamese.
    """
    procedure = None
    if isinstance(template_or_steps, ProcessTemplate):
        procedure = template_or_steps.procedure
        steps = list(template_or_steps.steps.all()) if template_or_steps.pk else []
    else:
        steps = list(template_or_steps)
    validate_version_accepts_process(version, procedure)
    assert version is not None

    messages: list[str] = []
    if not steps:
        messages.append(_("Quy trình phải có ít nhất một bước."))
    orders = [_get(step, "order") for step in steps]
    for order, seen in sorted(Counter(o for o in orders if o is not None).items()):
        if seen > 1:
            messages.append(_("Thứ tự bước %(order)s bị trùng.") % {"order": order})
    budgets: list[Decimal] = []
    for position, step in enumerate(steps, start=1):
        label = _step_label(step, position)
        if _get(step, "order") is None:
            messages.append(_("%(step)s: thiếu thứ tự bước.") % {"step": label})
        budget = _as_decimal(_get(step, "budget"))
        if budget is None or budget <= 0:
            messages.append(_("%(step)s: thời gian phải là số lớn hơn 0.") % {"step": label})
        else:
            budgets.append(budget)
    if steps and len(budgets) == len(steps):
        total = sum(budgets, Decimal(0))
        if total != version.time_limit:
            word = unit_word(version.time_limit_unit)
            messages.append(
                _(
                    "Tổng thời gian các bước (%(total)s %(unit)s) khác thời hạn giải quyết "
                    "(%(limit)s %(unit)s)."
                )
                % {
                    "total": format_number(total),
                    "limit": format_number(version.time_limit),
                    "unit": word,
                }
            )
    if messages:
        raise ValidationError(messages, code="process")


def validate_no_overlap(version: ProcedureVersion) -> None:
    """At most one published version of a procedure is in force on any date."""
    others = ProcedureVersion.objects.published().filter(procedure_id=version.procedure_id)
    if version.pk:
        others = others.exclude(pk=version.pk)
    if version.valid_from:
        others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=version.valid_from))
    if version.valid_to:
        others = others.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=version.valid_to))
    clash = others.order_by("number").first()
    if clash is not None:
        raise ValidationError(
            {
                "valid_from": _(
                    "Phiên bản %(number)s đã công bố có hiệu lực %(period)s, trùng thời gian "
                    "với phiên bản này; mỗi ngày chỉ được có một phiên bản đang có hiệu lực."
                )
                % {"number": clash.number, "period": period_text(clash)}
            },
            code="overlap",
        )


def period_text(version: ProcedureVersion) -> str:
    start = date_format(version.valid_from, "d/m/Y") if version.valid_from else None
    end = date_format(version.valid_to, "d/m/Y") if version.valid_to else None
    if start and end:
        return _("từ %(start)s đến %(end)s") % {"start": start, "end": end}
    if start:
        return _("từ %(start)s") % {"start": start}
    if end:
        return _("đến %(end)s") % {"end": end}
    return _("không giới hạn thời gian")


def _get(step: StepLike, key: str) -> Any:
    return step.get(key) if isinstance(step, Mapping) else getattr(step, key, None)


def _step_label(step: StepLike, position: int) -> str:
    order = _get(step, "order")
    name = _get(step, "name") or ""
    label = _("Bước %(order)s") % {"order": order if order is not None else f"#{position}"}
    return f"{label} ({name})" if name else label


def _as_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
