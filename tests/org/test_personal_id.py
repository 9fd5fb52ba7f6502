"""Applicants are identified by a valid 12-digit personal ID or enterprise code."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from motcua.org.validators import validate_enterprise_code, validate_personal_id


@pytest.mark.parametrize("value", ["001090012345", "079203000123", "096185999999"])
def test_valid_personal_ids(value):
    validate_personal_id(value, today=date(2026, 11, 23))


@pytest.mark.parametrize(
    "value, words",
    [
        ("", "12 chữ số"),
        ("00109001234", "12 chữ số"),
        ("0010900123456", "12 chữ số"),
        ("00109001234a", "12 chữ số"),
        ("003090012345", "mã tỉnh"),  # 003 is not a province code
        ("001690012345", "thế kỷ"),
        ("001227012345", "tương lai"),  # born 2027
    ],
)
def test_invalid_personal_ids_say_what_is_wrong(value, words):
    with pytest.raises(ValidationError) as info:
        validate_personal_id(value, today=date(2026, 11, 23))
    assert words in info.value.messages[0]


def test_enterprise_codes():
    validate_enterprise_code("0101234567")
    validate_enterprise_code("0101234567-001")
    with pytest.raises(ValidationError, match="10 chữ số"):
        validate_enterprise_code("01012345")
