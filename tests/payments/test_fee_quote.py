"""The quote: known amounts summed, an amount set by the province never counted as 0."""

from motcua.catalog.models import FeeLine
from motcua.payments.fees import fee_quote

from .conftest import FEE


def test_known_amounts_are_summed(scene):
    FeeLine.objects.create(version=scene.version, order=2, name="Phí sao lục", amount_vnd=8_000)
    quote = fee_quote(scene.version)
    assert quote.total_vnd == FEE + 8_000
    assert quote.total_display == "208.000 đồng"
    assert not quote.has_unknown and quote.payable
    assert [line.name for line in quote.lines] == ["Lệ phí đăng ký kết hôn", "Phí sao lục"]


def test_an_amount_set_by_the_provincial_council_is_flagged_not_zero(scene):
    FeeLine.objects.create(version=scene.version, order=2, name="Phí thẩm định", amount_vnd=None)
    quote = fee_quote(scene.version)
    assert quote.total_vnd == FEE
    assert quote.has_unknown
    assert [line.name for line in quote.unknown_lines] == ["Phí thẩm định"]
    assert quote.unknown_lines[0].display == "do HĐND tỉnh quy định"
    assert "không thanh toán trực tuyến" in quote.notice()


def test_only_unknown_amounts_cannot_be_paid_online(scene):
    FeeLine.objects.filter(version=scene.version).update(amount_vnd=None)
    quote = fee_quote(scene.version)
    assert quote.total_vnd == 0 and quote.has_unknown
    assert not quote.payable and not quote.free
    assert "Hội đồng nhân dân tỉnh" in quote.notice()


def test_zero_total_means_nothing_to_pay(scene):
    FeeLine.objects.filter(version=scene.version).update(amount_vnd=0)
    quote = fee_quote(scene.version)
    assert quote.free and not quote.payable
    assert "không cần thanh toán" in quote.notice()


def test_the_page_says_what_cannot_be_paid_online(citizen_client, dossier):
    FeeLine.objects.create(version=dossier.procedure_version, order=2, name="Phí thẩm định", amount_vnd=None)
    page = citizen_client.get(f"/thanh-toan/ho-so/{dossier.pk}/").content.decode()
    assert "do HĐND tỉnh quy định" in page
    assert "Thanh toán trực tuyến" in page
    assert "200.000 đồng" in page
    assert "không thanh toán trực tuyến" in page


def test_a_free_procedure_offers_no_payment_button(citizen_client, dossier):
    FeeLine.objects.filter(version=dossier.procedure_version).update(amount_vnd=0)
    page = citizen_client.get(f"/thanh-toan/ho-so/{dossier.pk}/").content.decode()
    assert "không cần thanh toán" in page
    assert "Thanh toán trực tuyến" not in page
    assert citizen_client.post(f"/thanh-toan/ho-so/{dossier.pk}/").status_code == 302
    assert not dossier.payments.exists()
