"""Small text helpers for the catalogue: accent-free search keys and Vietnamese number wording."""

import re
import unicodedata
from decimal import Decimal

# đ/Đ are separate letters, not a d with a combining mark, so NFD leaves them alone.
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """Bỏ dấu tiếng Việt: "Thủ tục đăng ký" → "Thu tuc dang ky"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare)


def search_key(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used to match searches typed either way."""
    return _SPACES.sub(" ", strip_accents(text or "").lower()).strip()


def search_terms(query: str) -> list[str]:
    return [term for term in search_key(query).split(" ") if term]


def format_number(value: Decimal | int | float) -> str:
    """A number as written in Vietnamese: decimal comma, no trailing zeros ("14,5", "15")."""
    number = Decimal(str(value)).normalize()
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number, "f").replace(".", ",")


def format_vnd(amount: int) -> str:
    """Dots as thousands separators, as on receipts: 200000 → "200.000 đồng"."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def slugify_vi(text: str) -> str:
    """A code made from a Vietnamese name: "Hộ tịch" → "ho-tich"."""
    return re.sub(r"[^a-z0-9]+", "-", search_key(text)).strip("-")
