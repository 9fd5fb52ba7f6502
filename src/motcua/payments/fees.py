"""Fee computation (domain §8): what a dossier owes, from the fee lines of its procedure version.

A line without an amount in đồng is set by the provincial People's Council (do HĐND tỉnh quy
định) or stated otherwise ("10 USD/bản"): it is never counted as 0. Such lines are listed but
cannot be paid online; the desk collects them once the officer knows the amount.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.catalog.models import FeeLine, ProcedureVersion
from motcua.catalog.text import format_vnd


@dataclass(frozen=True)
class QuoteLine:
    """One fee line as quoted: its amount in đồng, or None when the law leaves it to the province."""

    name: str
    kind: str
    amount_vnd: int | None
    display: str

    @property
    def known(self) -> bool:
        return self.amount_vnd is not None

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "amount_vnd": self.amount_vnd, "display": self.display}


@dataclass(frozen=True)
class Quote:
    """Báo giá phí, lệ phí: the lines, the total of the known amounts, and whether any is unknown."""

    lines: tuple[QuoteLine, ...]
    total_vnd: int
    has_unknown: bool

    @property
    def payable(self) -> bool:
        """Something to pay online: a positive total of known amounts."""
        return self.total_vnd > 0

    @property
    def free(self) -> bool:
        """Nothing at all to pay: every line is known and the total is zero (or no line at all)."""
        return self.total_vnd == 0 and not self.has_unknown

    @property
    def unknown_lines(self) -> list[QuoteLine]:
        return [line for line in self.lines if not line.known]

    @property
    def total_display(self) -> str:
        return format_vnd(self.total_vnd)

    def notice(self) -> str:
        """The sentence the page shows under the lines, or "" when the total says it all."""
        if self.free:
            return _("Thủ tục này không thu phí, lệ phí: không cần thanh toán.")
        if self.has_unknown and not self.payable:
            return _(
                "Mức thu do Hội đồng nhân dân tỉnh quy định: không thanh toán trực tuyến được, "
                "vui lòng nộp tại Bộ phận Một cửa."
            )
        if self.has_unknown:
            return _(
                "Có khoản thu do Hội đồng nhân dân tỉnh quy định: khoản đó không thanh toán trực tuyến, "
                "vui lòng nộp tại Bộ phận Một cửa."
            )
        return ""

    def lines_data(self) -> list[dict]:
        return [line.as_dict() for line in self.lines]


def quote_line(fee: FeeLine) -> QuoteLine:
    return QuoteLine(name=fee.name, kind=fee.kind, amount_vnd=fee.amount_vnd, display=fee.amount_display())


def fee_quote(version: ProcedureVersion) -> Quote:
    """The quote of a procedure version: known amounts summed, unknown ones flagged, never zeroed."""
    lines = tuple(quote_line(fee) for fee in FeeLine.objects.filter(version=version).order_by("order", "pk"))
    total = sum(line.amount_vnd for line in lines if line.amount_vnd is not None)
    return Quote(lines=lines, total_vnd=total, has_unknown=any(not line.known for line in lines))
