"""Figures for Decision 766 group 5 (domain §7), computed by hand on a small set."""

from datetime import date

from django.test import Client

from motcua.feedback import selectors, services
from tests.dossiers.conftest import vn

from .conftest import CITIZEN_ID, petition, with_result

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def rated(scene, citizen, level, at, comment="", **sipas):
    # Each rating needs its own dossier; received the same day, all with their results.
    d = with_result(scene)
    return services.rate(d, citizen, level, comment, sipas, at=vn(at))


def test_satisfaction_counts_and_rate(scene, other, citizen):
    rated(scene, citizen, "satisfied", "2026-03-02 09:00", officer=5, result=4)
    rated(scene, citizen, "satisfied", "2026-03-15 09:00", officer=4)
    rated(scene, citizen, "normal", "2026-03-31 23:30", result=2)  # last evening of the month
    rated(scene, citizen, "unsatisfied", "2026-03-20 09:00", "Phải đi lại ba lần")
    rated(scene, citizen, "unsatisfied", "2026-04-01 00:10")  # April: outside
    figures = selectors.satisfaction_figures({scene.agency.pk}, *MARCH)
    assert figures.counts == {"satisfied": 2, "normal": 1, "unsatisfied": 1}
    # Not unsatisfied: (2 + 1) / 4 = 75 %.
    assert (figures.not_unsatisfied.part, figures.not_unsatisfied.whole) == (3, 4)
    assert figures.not_unsatisfied.rate == 0.75 and figures.not_unsatisfied.percent == "75.0%"
    averages = selectors.sipas_averages({scene.agency.pk}, *MARCH)
    assert averages["officer"] == 4.5 and averages["result"] == 3.0 and averages["access"] is None
    assert selectors.satisfaction_figures({other.agency.pk}, *MARCH).not_unsatisfied.rate is None


def test_petition_figures(scene, other):
    # Received Mon 2/3/2026 09:00: decide by Wed 4/3 09:00, answer by Mon 23/3 09:00.
    a = petition(scene.agency, "2026-03-02 09:00")  # on time, satisfied
    services.publish(a, actor=scene.desk, at=vn("2026-03-03 09:00"))
    services.answer(a, actor=scene.head, text="Đã xử lý", at=vn("2026-03-10 09:00"))
    services.confirm_satisfaction(a, True, personal_id=CITIZEN_ID, at=vn("2026-03-11 09:00"))
    b = petition(scene.agency, "2026-03-02 09:00")  # answered late, unsatisfied
    services.publish(b, actor=scene.desk, at=vn("2026-03-03 09:00"))
    services.answer(b, actor=scene.head, text="Muộn", at=vn("2026-03-23 09:01"))
    services.confirm_satisfaction(b, False, personal_id=CITIZEN_ID, at=vn("2026-03-24 09:00"))
    c = petition(scene.agency, "2026-03-02 09:00")  # refused on time
    services.refuse(c, actor=scene.desk, reason="Trùng", at=vn("2026-03-04 08:00"))
    d = petition(scene.agency, "2026-03-02 09:00")  # answered on time, no opinion yet
    services.publish(d, actor=scene.desk, at=vn("2026-03-02 10:00"))
    services.answer(d, actor=scene.leader, text="OK", at=vn("2026-03-05 10:00"))
    petition(scene.agency, "2026-03-02 09:00")  # never decided: overdue since 4/3
    petition(scene.agency, "2026-03-30 09:00")  # open, not yet due by 31/3
    petition(other.agency, "2026-03-02 09:00")  # another agency
    f = selectors.petition_figures({scene.agency.pk}, *MARCH)
    assert f.received == 6
    # Ended in March: a, b, c, d; on time: a, c, d; plus one overdue open petition → 3 / 5.
    assert (f.on_time.part, f.on_time.whole) == (3, 5)
    # Opinions: a satisfied, b not → 1 / 2; d without an opinion is reported apart.
    assert (f.satisfied.part, f.satisfied.whole, f.no_opinion) == (1, 2, 1)


def test_summary_page_per_agency_and_month(scene, other, citizen):
    rated(scene, citizen, "satisfied", "2026-03-02 09:00", "Rất chu đáo", officer=5)
    rated(scene, citizen, "unsatisfied", "2026-03-03 09:00", "Phải chờ lâu")
    c = Client()
    c.force_login(scene.head)
    page = c.get("/phan-anh/danh-gia/tong-hop/", {"thang": "2026-03"}).content.decode()
    assert "Tổng hợp đánh giá sự hài lòng" in page and "Công chức giải quyết" in page
    assert "Rất chu đáo" in page and "Phải chờ lâu" in page and "50.0%" in page
    assert "Xử lý đúng hạn" in page
    april = c.get("/phan-anh/danh-gia/tong-hop/", {"thang": "2026-04"}).content.decode()
    assert "Rất chu đáo" not in april
    c.force_login(other.head)  # another agency sees only its own ratings
    assert "Rất chu đáo" not in c.get("/phan-anh/danh-gia/tong-hop/", {"thang": "2026-03"}).content.decode()
