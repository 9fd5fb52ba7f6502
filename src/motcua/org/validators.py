"""Identifier checks for applicants, with messages a desk officer can act on.

Pure functions: they return nothing when the value is valid and raise ``ValidationError`` with
a Vietnamese message otherwise.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Province codes of birth registration used as the first three digits of the personal ID
# (Circular 07/2016/TT-BCA, Annex: the 63 pre-2025 provinces). The 2025 mergers did not reissue
# IDs, so the old codes stay valid for everyone alive.
PROVINCE_ID_PREFIXES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)

_PERSONAL_ID = re.compile(r"\d{12}")
_ENTERPRISE_CODE = re.compile(r"\d{10}(-\d{3})?")


def birth_century(personal_id: str) -> int:
    """Digit 4 encodes century and sex: 0/1 → 1900s, 2/3 → 2000s, 4/5 → 2100s …"""
    return 1900 + 100 * (int(personal_id[3]) // 2)


def validate_personal_id(value: str, today: date | None = None) -> None:
    """Số định danh cá nhân: 12 digits — province (3), century and sex (1), birth year (2), random (6)."""
    value = (value or "").strip()
    if not _PERSONAL_ID.fullmatch(value):
        raise ValidationError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số (đang nhập: “%(value)s”).") % {"value": value},
            code="personal_id_format",
        )
    if value[:3] not in PROVINCE_ID_PREFIXES:
        raise ValidationError(
            _("Ba chữ số đầu của số định danh (%(prefix)s) không phải mã tỉnh nơi đăng ký khai sinh.")
            % {"prefix": value[:3]},
            code="personal_id_province",
        )
    if int(value[3]) > 5:
        raise ValidationError(
            _("Chữ số thứ tư của số định danh (thế kỷ và giới tính) không hợp lệ."),
            code="personal_id_century",
        )
    year = birth_century(value) + int(value[4:6])
    if year > (today or date.today()).year:
        raise ValidationError(
            _("Năm sinh trong số định danh (%(year)s) ở tương lai.") % {"year": year},
            code="personal_id_future",
        )


def validate_enterprise_code(value: str) -> None:
    """Mã số doanh nghiệp: 10 digits, or 13 for a branch (``0101234567-001``)."""
    if not _ENTERPRISE_CODE.fullmatch((value or "").strip()):
        raise ValidationError(
            _("Mã số doanh nghiệp phải gồm 10 chữ số (chi nhánh: 10 chữ số, dấu gạch và 3 chữ số)."),
            code="enterprise_code_format",
        )
