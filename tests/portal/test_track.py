"""Tracking by code + ID number without logging in — the link in the receipt's QR code."""

import pytest
from django.test import Client

from motcua.dossiers import services
from motcua.dossiers.forms_pdf import lookup_url
from tests.dossiers.conftest import receive, vn
from tests.factories import APPLICANT, Desk


@pytest.fixture
def scene(db):
    return Desk()


def test_owner_sees_state_appointment_and_plain_timeline(scene):
    d = receive(scene, "2026-02-10 09:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-02-10 10:00"))
    page = Client().get("/tra-cuu/", {"ma": d.code, "so": APPLICANT["identifier"]}).content.decode()
    assert d.code in page and "Đăng ký kết hôn" in page
    assert "Đang xử lý" in page and "09:00 10/03/2026" in page
    assert "Hồ sơ đã được tiếp nhận" in page and "Hồ sơ đang được xử lý" in page


def test_qr_link_opens_the_form_with_the_code_filled(scene):
    d = receive(scene)
    path = lookup_url(d.code).split("8000", 1)[1]
    page = Client().get(path).content.decode()
    assert f'value="{d.code}"' in page and "số định danh" in page.lower()


@pytest.mark.parametrize("identifier", ["001090099999", "", "' OR 1=1 --"])
def test_wrong_identifier_reveals_nothing(scene, identifier):
    d = receive(scene)
    page = Client().get("/tra-cuu/", {"ma": d.code, "so": identifier}).content.decode()
    assert "Đăng ký kết hôn" not in page and "Nguyễn Văn An" not in page


def test_unknown_code_and_foreign_code_give_the_same_message(scene):
    d = receive(scene)
    unknown = Client().get("/tra-cuu/", {"ma": "000.00.06.H56-260210-9999", "so": APPLICANT["identifier"]})
    foreign = Client().get("/tra-cuu/", {"ma": d.code, "so": "001090099999"})
    message = "Không tìm thấy hồ sơ với mã hồ sơ và số định danh đã nhập."
    assert message in unknown.content.decode() and message in foreign.content.decode()


def test_every_action_is_told_in_words_or_kept_internal():
    # A new action without wording showed its code name ("route_send", "request_correction") on the
    # citizen's timeline: each action is either told in plain words or kept between offices.
    from motcua.dossiers.states import TRANSITIONS
    from motcua.portal.selectors import INTERNAL, PUBLIC_STEPS

    assert [a for a in TRANSITIONS if a not in PUBLIC_STEPS and a not in INTERNAL] == []
    assert not set(PUBLIC_STEPS) & set(INTERNAL)
