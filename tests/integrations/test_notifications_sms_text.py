"""SMS go out unaccented (160 characters a segment, not 70) to Vietnamese mobile numbers only."""

import pytest

from motcua.integrations.notifications import sms
from motcua.integrations.notifications.channels import PermanentFailure
from motcua.integrations.notifications.sms_sink import SinkProvider


def test_diacritics_and_typographic_marks_are_stripped():
    assert sms.to_sms_text("Hồ sơ đã được tiếp nhận — Ủy ban “Đống Đa”…") == (
        'Ho so da duoc tiep nhan - Uy ban "Dong Da"...'
    )
    assert sms.to_sms_text("Điều chỉnh   giấy\n\n  tờ  ") == "Dieu chinh giay\nto"


@pytest.mark.parametrize(
    ("length", "parts"),
    [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3)],
)
def test_segments_count_160_then_153_per_part(length, parts):
    assert sms.segments("a" * length) == parts


def test_extension_characters_count_double():
    assert sms.segments("[" * 80) == 1
    assert sms.segments("[" * 81) == 2


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("0912345678", "0912345678"), ("+84 912 345 678", "0912345678"), ("84-912.345.678", "0912345678")],
)
def test_mobile_numbers_are_normalized(raw, normal):
    assert sms.normalize_phone(raw) == normal
    assert sms.international(raw) == "84" + normal[1:]


@pytest.mark.parametrize("raw", ["", "091234567", "09123456789", "024 3825 1234", "+1 912 345 678", "abc"])
def test_numbers_that_cannot_receive_sms_are_refused_with_a_reason(raw):
    with pytest.raises(sms.InvalidPhone, match="cần 10 chữ số bắt đầu bằng 0 hoặc \\+84"):
        sms.normalize_phone(raw)


def test_the_sink_behaves_like_a_brandname_gateway(settings, sink):
    provider = SinkProvider()
    message_id = provider.send_sms("0912345678", "Ho so da co ket qua")
    assert sink == [
        {
            "id": message_id,
            "to": "84912345678",
            "text": "Ho so da co ket qua",
            "segments": 1,
            "at": sink[0]["at"],
        }
    ]
    with pytest.raises(PermanentFailure, match="không dấu"):
        provider.send_sms("0912345678", "Hồ sơ")
    with pytest.raises(PermanentFailure, match="không nhận được tin nhắn"):
        provider.send_sms("12345", "Ho so")
    settings.MOTCUA_SMS_MAX_SEGMENTS = 2
    with pytest.raises(PermanentFailure, match="dài 3 phần"):
        provider.send_sms("0912345678", "x" * 307)
    assert len(sink) == 1
