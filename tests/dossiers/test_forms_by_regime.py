"""Forms by regime (issue 15 item 8): Decree 118 titles for dossiers received from 1/7/2025, the
2018 forms before; form 04 as the extension request with the apology letter; the closing / stop
notice; the transfer slip of a hand-off. Each read back from the PDF."""

import pytest
from django.test import Client

from motcua.dossiers import forms_pdf, services
from motcua.dossiers.errors import NotAllowed
from tests.dossiers.conftest import receive, vn
from tests.dossiers.test_forms_pdf import HEADER, flat
from tests.factories import make_agency

CODE = "000.00.06.H56-260305-0001"


def test_refusal_after_appraisal_under_decree_118_has_the_new_title(scene):
    d = receive(scene, "2026-03-05 09:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-03-05 10:00"))
    d = services.refuse(
        d.pk, actor=scene.head, reasons=["Hai bên chưa đủ tuổi kết hôn"], at=vn("2026-03-06 10:00")
    )
    out = flat(forms_pdf.render_refusal(d))
    assert "PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH" in out
    assert "TỪ CHỐI TIẾP NHẬN" not in out  # not the 2018 «từ chối tiếp nhận giải quyết»
    assert "Nghị định 118/2025/NĐ-CP" in out and "Thông tư 01/2018" not in out
    assert "sau khi thẩm tra, thẩm định hồ sơ" in out
    assert "Hai bên chưa đủ tuổi kết hôn" in out and HEADER in out


def test_refusal_at_reception_under_decree_118_is_the_same_form(scene):
    d = receive(scene, "2026-03-05 09:00", outcome="refuse", items=["Thủ tục không thuộc thẩm quyền"])
    out = flat(forms_pdf.render_refusal(d))
    assert "PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH" in out
    assert "qua kiểm tra hồ sơ khi tiếp nhận" in out


def test_form_04_is_the_extension_request_with_the_apology_letter(scene):
    d = receive(scene, "2026-03-05 16:00")  # due Thu 26/3/2026 16:00 (15 working days)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-03-06 08:00"))
    with pytest.raises(NotAllowed, match="đề nghị gia hạn"):
        forms_pdf.render_apology(d)
    services.request_extension(
        d.pk,
        actor=scene.head,
        reason="Chờ kết quả xác minh của cơ quan công an",
        new_due_at=vn("2026-04-02 16:00"),
        at=vn("2026-03-26 08:00"),  # on the due day: flagged late
    )
    out = flat(forms_pdf.render_apology(d))
    for expected in [
        HEADER,
        "PHIẾU ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "Mẫu số 04 - Nghị định 118/2025/NĐ-CP",
        "Kính gửi: Bộ phận Một cửa",
        CODE,
        "16:00 26/03/2026",  # the original due time
        "16:00 02/04/2026",  # the proposed one
        "Chờ kết quả xác minh của cơ quan công an",
        "muộn hơn thời hạn thông báo",
        "VĂN BẢN XIN LỖI",
        "Kính gửi: Nguyễn Văn An",
        "chân thành xin lỗi",
        "Hà Nội, ngày 26 tháng 03 năm 2026",
        str(scene.head),
    ]:
        assert expected in out, expected
    assert "đã điều chỉnh" not in out
    services.apply_extension(d.pk, actor=scene.desk, at=vn("2026-03-26 09:00"))
    out = flat(forms_pdf.render_apology(d))
    assert "Bộ phận Một cửa đã điều chỉnh thời gian trả kết quả trên Hệ thống lúc 09:00 26/03/2026" in out


def test_stop_and_withdrawal_notices(scene):
    d = receive(scene, "2026-03-05 09:00")
    with pytest.raises(NotAllowed, match="không bị đóng hoặc dừng"):
        forms_pdf.render_end_notice(d)
    services.withdraw(d.pk, actor=scene.desk, reason="Đơn xin dừng ngày 06/3/2026", at=vn("2026-03-06 09:00"))
    out = flat(forms_pdf.render_end_notice(d))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in out
    assert "yêu cầu dừng thực hiện thủ tục hành chính" in out and "Đơn xin dừng ngày 06/3/2026" in out
    assert "khoản 1 Điều 21 Nghị định 118/2025/NĐ-CP" in out and "Kính gửi: Nguyễn Văn An" in out


def test_transfer_slip_of_a_hand_off(scene):
    partner = make_agency("000.00.08.H56", "Công an phường Ba Đình")
    d = receive(scene, "2026-03-05 09:00")
    with pytest.raises(NotAllowed, match="chưa được chuyển liên thông"):
        forms_pdf.render_transfer_slip(d)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-03-05 10:00"))
    services.hand_off(
        d.pk,
        actor=scene.head,
        to_agency=partner,
        note="Xác minh nơi cư trú của người nộp",
        at=vn("2026-03-06 09:00"),
    )
    out = flat(forms_pdf.render_transfer_slip(d))
    for expected in [
        "PHIẾU CHUYỂN XỬ LÝ",
        "Kính gửi: Công an phường Ba Đình",
        CODE,
        "Ủy ban nhân dân phường Ba Đình",
        "09:00 06/03/2026",
        "Xác minh nơi cư trú của người nộp",
        "09:00 26/03/2026",  # the dossier's due time (15 working days from Thu 05/3 09:00)
        "điểm a khoản 2 Điều 20 Nghị định 118/2025/NĐ-CP",
    ]:
        assert expected in out, expected


def test_the_new_forms_are_served_to_who_may_see_the_dossier(scene):
    d = receive(scene, "2026-03-05 09:00")
    services.withdraw(d.pk, actor=scene.desk, reason="Theo đơn", at=vn("2026-03-06 09:00"))
    client = Client()
    client.force_login(scene.desk)
    r = client.get(f"/api/v1/dossiers/{d.pk}/forms/07")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in flat(r.content)
    r = client.get(f"/api/v1/dossiers/{d.pk}/forms/08")
    assert r.status_code in (403, 409, 422) and "liên thông" in r.json()["detail"]


def test_closing_notice_after_an_unanswered_supplement(scene):
    d = receive(scene, "2026-03-05 09:00")
    services.request_supplement(
        d.pk, actor=scene.desk, items=["Bản sao giấy khai sinh"], at=vn("2026-03-06 09:00")
    )
    # Notice Fri 06/3/2026; 15 calendar days later is Sat 21/3: closed on Mon 23/3.
    services.close(d.pk, actor=scene.desk, at=vn("2026-03-23 09:00"))
    out = flat(forms_pdf.render_end_notice(d))
    for expected in [
        "THÔNG BÁO ĐÓNG HỒ SƠ",
        "Kính gửi: Nguyễn Văn An",
        "09:00 06/03/2026",  # the supplement notice
        "Bản sao giấy khai sinh",
        "Sau 15 ngày kể từ khi thông báo",
        "khoản 5 Điều 19 Nghị định 118/2025/NĐ-CP",
        "09:00 23/03/2026",
    ]:
        assert expected in out, expected


@pytest.mark.parametrize(
    ("received", "basis"),
    [("2026-03-05 09:00", "Nghị định 118/2025/NĐ-CP"), ("2025-06-05 09:00", "Thông tư 01/2018/TT-VPCP")],
)
def test_the_receipt_and_the_supplement_request_name_the_rules_of_their_regime(scene, received, basis):
    # Found in the browser walk: form 01 of a dossier received in 2026 said "Thông tư 01/2018".
    d = receive(scene, received)
    assert f"Mẫu số 01 - {basis}" in flat(forms_pdf.render_receipt(d))
    asked = receive(scene, received, outcome="request_supplement", items=["Bản sao giấy khai sinh"])
    assert f"Mẫu số 02 - {basis}" in flat(forms_pdf.render_supplement_request(asked))
