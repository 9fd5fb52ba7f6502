"""The desk records cash (or a postal payment): paid at once, gap-free receipt numbers per agency."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from motcua.catalog.models import FeeLine
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.org.models import Role
from motcua.payments import services
from motcua.payments.models import Payment
from tests.factories import make_agency, make_user

from .conftest import FEE, pdf_text, receive


def test_cash_payment_gets_the_next_receipt_number_and_a_signal(
    scene, confirmed, django_capture_on_commit_callbacks
):
    first, second = receive(scene), receive(scene, at="2026-11-05 10:00")
    with django_capture_on_commit_callbacks(execute=True):
        a = services.record_cash(first, actor=scene.desk, payer_name="Nguyễn Thị Hoa")
        b = services.record_cash(second, actor=scene.desk, method=Payment.Method.POST)
    assert (a.receipt_number, b.receipt_number) == (1, 2)
    assert a.state == b.state == Payment.State.PAID
    assert a.amount_vnd == FEE and a.recorded_by == scene.desk
    assert b.payer_name == "Nguyễn Văn An"
    assert confirmed == [a, b]
    text = pdf_text(_receipt(scene, a))
    assert "Tiền mặt tại Bộ phận Một cửa" in text and "Nguyễn Thị Hoa" in text and str(scene.desk) in text


def _receipt(scene, payment) -> bytes:
    client = Client()
    client.force_login(scene.desk)
    return client.get(f"/thanh-toan/bien-lai/{payment.pk}.pdf").content


def test_a_dossier_is_paid_once(scene, dossier):
    services.record_cash(dossier, actor=scene.desk)
    with pytest.raises(NotAllowed, match="đã được thanh toán"):
        services.record_cash(dossier, actor=scene.desk)
    assert dossier.payments.count() == 1


def test_only_the_desk_of_the_receiving_agency_collects(scene, dossier):
    with pytest.raises(Forbidden):
        services.record_cash(dossier, actor=scene.specialist)
    assert not dossier.payments.exists()


def test_amount_must_match_the_quote_unless_the_province_sets_a_line(scene, dossier):
    with pytest.raises(InvalidInput, match="200.000 đồng"):
        services.record_cash(dossier, actor=scene.desk, amount_vnd=150_000)
    FeeLine.objects.create(version=scene.version, order=2, name="Phí thẩm định", amount_vnd=None)
    with pytest.raises(InvalidInput, match="không được nhỏ hơn"):
        services.record_cash(dossier, actor=scene.desk, amount_vnd=150_000)
    with pytest.raises(InvalidInput, match="số nguyên"):
        services.record_cash(dossier, actor=scene.desk, amount_vnd="hai trăm")
    assert not dossier.payments.exists()
    assert services.record_cash(dossier, actor=scene.desk, amount_vnd="250.000").amount_vnd == 250_000


def test_the_panel_and_its_form_on_the_officer_page(scene, dossier):
    client = Client()
    client.force_login(scene.desk)
    request = RequestFactory().get("/")
    request.user = scene.desk
    panel = render_to_string("payments/_dossier_panel.html", {"dossier": dossier}, request=request)
    assert "Thu phí tại quầy" in panel and "200.000 đồng" in panel

    response = client.post(
        f"/thanh-toan/ho-so/{dossier.pk}/thu-tai-quay/", {"payer_name": "Lê Văn Cường", "method": "cash"}
    )
    assert response.status_code == 302 and response.url == f"/ho-so/{dossier.pk}/"
    payment = dossier.payments.get()
    assert payment.payer_name == "Lê Văn Cường" and payment.receipt_number == 1

    htmx = client.post(f"/thanh-toan/ho-so/{dossier.pk}/thu-tai-quay/", HTTP_HX_REQUEST="true")
    page = htmx.content.decode()
    assert htmx.status_code == 200 and "0000001/2026" in page and "Thu phí tại quầy" not in page
    assert dossier.payments.count() == 1


def test_an_officer_of_another_agency_cannot_record(scene, dossier):
    outsider = make_user(make_agency("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm"), Role.DESK_OFFICER)
    client = Client()
    client.force_login(outsider)
    assert client.post(f"/thanh-toan/ho-so/{dossier.pk}/thu-tai-quay/").status_code == 404
    assert not dossier.payments.exists()
