"""Rating a dossier: by its owner, after the result, once (domain §9)."""

import pytest

from motcua.dossiers import services as dossiers
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.feedback import services
from motcua.feedback.models import Rating
from tests.dossiers.conftest import receive, vn

from .conftest import with_result


def test_owner_rates_a_dossier_with_its_result(scene, citizen):
    d = with_result(scene)
    r = services.rate(d, citizen, "satisfied", "  Nhanh, chu đáo  ", {"officer": 5, "result": "4"})
    assert r.level == "satisfied" and r.comment == "Nhanh, chu đáo"
    assert r.channel == "portal" and r.rated_by == citizen and r.agency == scene.agency
    assert r.sipas() == {"access": None, "procedure": None, "officer": 5, "result": 4, "feedback": None}


def test_returned_dossier_can_be_rated(scene, citizen):
    d = with_result(scene)
    dossiers.return_result(d.pk, actor=scene.desk, method="desk", receiver="An", at=vn("2026-02-12 08:00"))
    assert services.rate(d.pk, citizen, "normal").level == "normal"


def test_no_rating_before_the_result(scene, citizen):
    d = receive(scene)
    with pytest.raises(NotAllowed, match="Chỉ đánh giá được khi hồ sơ đã có kết quả"):
        services.rate(d, citizen, "unsatisfied")
    assert not Rating.objects.exists()


def test_a_second_rating_is_refused_and_the_first_stays(scene, citizen):
    d = with_result(scene)
    services.rate(d, citizen, "satisfied")
    with pytest.raises(NotAllowed, match="đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần"):
        services.rate(d, citizen, "unsatisfied", "Đổi ý")
    assert list(Rating.objects.values_list("level", flat=True)) == ["satisfied"]


def test_only_the_owner_rates(scene, stranger):
    d = with_result(scene)
    with pytest.raises(Forbidden, match="Chỉ chủ hồ sơ"):
        services.rate(d, stranger, "unsatisfied")
    with pytest.raises(Forbidden, match="Chỉ chủ hồ sơ"):
        services.rate(d, scene.specialist, "satisfied", channel="desk")  # not a desk officer
    assert not Rating.objects.exists()


def test_desk_officer_records_a_kiosk_rating_for_the_applicant(scene):
    d = with_result(scene)
    with pytest.raises(InvalidInput, match="tại quầy hoặc qua máy đánh giá"):
        services.rate(d, scene.desk, "satisfied")  # an officer cannot pose as the portal
    r = services.rate(d, scene.desk, "satisfied", channel="kiosk")
    assert r.channel == "kiosk" and r.rated_by == scene.desk


@pytest.mark.parametrize(
    ("level", "sipas", "message"),
    [
        ("great", None, "Hãy chọn một mức"),
        ("satisfied", {"officer": 6}, "Điểm «Công chức giải quyết» phải từ 1 đến 5"),
        ("satisfied", {"officer": "x"}, "phải từ 1 đến 5"),
        ("satisfied", {"speed": 3}, "Không có tiêu chí"),
    ],
)
def test_bad_input_changes_nothing(scene, citizen, level, sipas, message):
    d = with_result(scene)
    with pytest.raises(InvalidInput, match=message):
        services.rate(d, citizen, level, sipas=sipas)
    assert not Rating.objects.exists()


def test_rating_given_is_announced_after_commit(scene, citizen, django_capture_on_commit_callbacks):
    from motcua.feedback.signals import rating_given

    heard = []

    def listener(sender, rating, **kw):
        heard.append(rating.level)

    rating_given.connect(listener)
    try:
        d = with_result(scene)
        with django_capture_on_commit_callbacks(execute=True):
            services.rate(d, citizen, "normal")
    finally:
        rating_given.disconnect(listener)
    assert heard == ["normal"]
