"""Text rules of an SMS brandname message in Vietnam: unaccented GSM text, mobile numbers.

Operators bill an unaccented message per 160-character segment; a Unicode (accented) message
would fit only 70 characters, so every SMS is sent without diacritics.
"""

import math
import re
import unicodedata

from django.utils.translation import gettext as _

SEGMENT = 160
# A long message is split into parts that each carry a 7-character joining header.
CONCATENATED_SEGMENT = 153
# GSM 03.38 extension characters take two positions each.
DOUBLE_WIDTH = frozenset("^{}\\[~]|€")
_PUNCTUATION = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
    }
)
_MOBILE = re.compile(r"^(?:0|\+84|84)(\d{9})$")


class InvalidPhone(ValueError):
    """The number cannot receive an SMS."""


def unaccent(text: str) -> str:
    """ "Hồ sơ đã được tiếp nhận" → "Ho so da duoc tiep nhan"; anything else outside ASCII → "?"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_PUNCTUATION))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.encode("ascii", "replace").decode("ascii")


def to_sms_text(text: str) -> str:
    """The text as it goes out: unaccented, with runs of blanks and line breaks made single."""
    lines = [" ".join(line.split()) for line in unaccent(text).splitlines()]
    return "\n".join(line for line in lines if line)


def length(text: str) -> int:
    return sum(2 if c in DOUBLE_WIDTH else 1 for c in text)


def segments(text: str) -> int:
    """How many billed messages the text takes."""
    size = length(text)
    if size <= SEGMENT:
        return 1
    return math.ceil(size / CONCATENATED_SEGMENT)


def is_gsm_text(text: str) -> bool:
    return all(c == "\n" or " " <= c <= "~" for c in text)


def normalize_phone(raw: str) -> str:
    """A Vietnamese mobile number as 0 + 9 digits; "+84 912 345 678" → "0912345678"."""
    compact = re.sub(r"[\s.\-()]", "", raw or "")
    match = _MOBILE.match(compact)
    if not match:
        raise InvalidPhone(
            _("Số điện thoại «%(phone)s» không nhận được tin nhắn: cần 10 chữ số bắt đầu bằng 0 hoặc +84.")
            % {"phone": raw}
        )
    return "0" + match.group(1)


def international(phone: str) -> str:
    """0912345678 → 84912345678, the form SMS gateways take."""
    return "84" + normalize_phone(phone)[1:]
