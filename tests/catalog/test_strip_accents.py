"""Accent-free keys let people search the way they type."""

from decimal import Decimal

import pytest

from motcua.catalog.text import format_number, format_vnd, search_key, strip_accents


@pytest.mark.parametrize(
    "text, bare",
    [
        ("Thủ tục đăng ký khai sinh", "Thu tuc dang ky khai sinh"),
        ("ĐĂNG KÝ KẾT HÔN", "DANG KY KET HON"),
        ("Lệ phí trước bạ", "Le phi truoc ba"),
        ("Ủy ban nhân dân", "Uy ban nhan dan"),
        ("1.001193", "1.001193"),
    ],
)
def test_strip_accents(text, bare):
    assert strip_accents(text) == bare


def test_search_key_folds_case_spacing_and_decomposed_input():
    decomposed = "Đa\u0306ng ky\u0301  khai   sinh"  # combining marks typed separately
    assert search_key(decomposed) == "dang ky khai sinh"


@pytest.mark.parametrize(
    "value, text",
    [
        (Decimal("14.5"), "14,5"),
        (Decimal("15.00"), "15"),
        (Decimal("0.25"), "0,25"),
        (Decimal("100"), "100"),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, text):
    assert format_number(value) == text


def test_amounts_use_dot_thousands():
    assert format_vnd(200000) == "200.000 đồng"
