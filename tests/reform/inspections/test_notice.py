"""The conclusions notice: refused before any visit is done; once issued it concludes the decision
and prints in the official layout with every directive."""

import io
from datetime import date

import pytest
from django.test import Client
from pypdf import PdfReader

from motcua.dossiers.errors import InvalidInput, NotAllowed
from motcua.reform.inspections import services
from motcua.reform.inspections.models import DecisionState, Notice

from .conftest import closed_visit, issued_decision

DIRECTIVES = [
    ("Rà soát, ghi bổ sung sổ theo dõi hồ sơ.", "desk", date(2026, 4, 30)),
    ("Niêm yết lại thủ tục hành chính tại quầy.", "desk", date(2026, 5, 15)),
    ("Tập huấn nghiệp vụ một cửa cho công chức.", "other", date(2026, 6, 1)),
]


def _rows(s):
    agencies = {"desk": s.commune, "other": s.other}
    return [{"text": t, "agency": agencies[a], "deadline": dl} for t, a, dl in DIRECTIVES]


def _issue(s, d, **extra):
    kwargs = {
        "actor": s.manager,
        "number": "45/TB-UBND",
        "signed_on": date(2026, 4, 1),
        "signer": "Nguyễn Văn Hùng",
        "signer_title": "Phó Chủ tịch",
        "summary": "Các đơn vị cơ bản thực hiện tốt nhiệm vụ cải cách hành chính.",
        "recipients": "Sở Nội vụ",
        "directives": _rows(s),
    }
    kwargs.update(extra)
    return services.issue_notice(d, **kwargs)


def test_notice_before_any_visit_is_done_is_refused(scene):
    d, _v = issued_decision(scene)
    with pytest.raises(NotAllowed) as info:
        _issue(scene, d)
    assert "Chưa có cuộc kiểm tra nào kết thúc" in info.value.message
    d.refresh_from_db()
    assert d.state == DecisionState.ISSUED and not Notice.objects.exists()


def test_directive_with_deadline_before_the_notice_is_refused_with_nothing_created(scene):
    d, _v = closed_visit(scene)
    rows = _rows(scene)
    rows[1]["deadline"] = date(2026, 3, 1)
    with pytest.raises(InvalidInput) as info:
        _issue(scene, d, directives=rows)
    assert info.value.message == "Thời hạn chỉ đạo thứ 2 không thể trước ngày thông báo."
    d.refresh_from_db()
    assert d.state == DecisionState.ISSUED and not Notice.objects.exists()


def test_notice_pdf_holds_number_title_and_every_directive(scene):
    d, _v = closed_visit(scene)
    notice = _issue(scene, d)
    d.refresh_from_db()
    assert d.state == DecisionState.CONCLUDED
    assert [x.order for x in notice.directives.all()] == [1, 2, 3]

    c = Client()
    c.force_login(scene.manager)
    response = c.get(f"/cai-cach/kiem-tra/quyet-dinh/{d.pk}/ket-luan.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 45/TB-UBND" in text
    assert "THÔNG BÁO" in text
    assert "Kết luận kiểm tra công tác cải cách hành chính năm 2026" in text
    assert "Hà Nội, ngày 01 tháng 04 năm 2026" in text
    assert "Quyết định số 125/QĐ-UBND" in text
    for n, (body, who, deadline) in enumerate(DIRECTIVES, start=1):
        agency = scene.commune if who == "desk" else scene.other
        assert f"{n}. {body} Đơn vị thực hiện: {agency.name}. Thời hạn: {deadline:%d/%m/%Y}." in text
    assert "Nơi nhận" in text and "Nguyễn Văn Hùng" in text

    # A unit with a directive may open the notice; an inspector outside the team may not.
    other = Client()
    other.force_login(scene.other_leader)
    assert other.get(f"/cai-cach/kiem-tra/quyet-dinh/{d.pk}/ket-luan.pdf").status_code == 200
    other.force_login(scene.outsider)
    assert other.get(f"/cai-cach/kiem-tra/quyet-dinh/{d.pk}/ket-luan.pdf").status_code == 404


def test_notice_form_with_bad_input_shows_message_and_keeps_what_was_typed(scene):
    d, _v = closed_visit(scene)
    c = Client()
    c.force_login(scene.manager)
    response = c.post(
        f"/cai-cach/kiem-tra/quyet-dinh/{d.pk}/ket-luan/",
        {"number": "45/TB-UBND", "signed_on": "2026-04-01", "signer": "Nguyễn Văn Hùng", "summary": "Tốt."},
    )
    page = response.content.decode()
    assert "Thông báo kết luận cần ít nhất một nội dung chỉ đạo." in page
    assert 'value="45/TB-UBND"' in page
    assert not Notice.objects.exists()
