"""What an import says back: counts and every row error, each with a place a person can find."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class CatalogFileError(ValueError):
    """The file cannot be read at all (missing, unknown format, not YAML/JSON/xlsx)."""


@dataclass(frozen=True)
class RowError:
    """One problem: where (record or sheet, row), which field, and what to do, in Vietnamese."""

    source: str
    row: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = self.source
        if self.row is not None:
            place = _("%(source)s, dòng %(row)s") % {"source": place, "row": self.row}
        if self.field:
            place = f"{place}, {self.field}"
        return f"{place}: {self.message}"


@dataclass(frozen=True)
class Loc:
    """Where a raw item came from; ``prefix`` and ``names`` turn a data key into what the file says.

    YAML items nested in a record carry a prefix (``components[2].``); spreadsheet rows carry
    the column names (``time_limit.kind`` is the column ``time_limit_kind``).
    """

    source: str
    row: int | None = None
    prefix: str = ""
    names: Mapping[str, str] = field(default_factory=dict)

    def error(self, key: str, message: str) -> RowError:
        shown = self.names.get(key, key)
        return RowError(
            self.source,
            self.row,
            f"{self.prefix}{shown}" if shown else self.prefix.rstrip("."),
            message,
        )

    def child(self, prefix: str, row: int | None = None) -> "Loc":
        return Loc(self.source, row if row is not None else self.row, f"{self.prefix}{prefix}", self.names)


@dataclass
class ImportReport:
    """Kết quả nhập danh mục. Counts are procedures (records); nothing is written unless ``ok``."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        counts = _("%(created)s thủ tục mới, %(updated)s cập nhật, %(unchanged)s không đổi") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if not self.ok:
            return _("Không nhập gì: %(count)s lỗi.") % {"count": len(self.errors)}
        if self.dry_run:
            return _("Chạy thử (không ghi gì): %(counts)s.") % {"counts": counts}
        return _("Đã nhập: %(counts)s.") % {"counts": counts}
