"""Reconciliation of the paper ledger against the system's count: stored, shown, then frozen."""

from datetime import date

import pytest
from django.test import Client

from motcua.dossiers.errors import NotAllowed
from motcua.reform.inspections import services
from motcua.reform.inspections.models import Reconciliation
from tests.dossiers.conftest import receive

from .conftest import all_pass, issued_decision


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def received(scene):
    """Five dossiers received by the commune in February, one in March, none elsewhere."""
    for day in (
        "2026-02-02 08:30",
        "2026-02-03 09:00",
        "2026-02-10 10:00",
        "2026-02-24 14:00",
        "2026-02-27 16:00",
    ):
        receive(scene.desk, day)
    receive(scene.desk, "2026-03-02 09:00")
    return scene


def test_reconciliation_finds_the_difference_and_keeps_both_counts(received):
    s = received
    _d, v = issued_decision(s)
    services.start_visit(v, actor=s.inspector)
    response = _client(s.inspector).post(
        f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/doi-chieu/", {"paper_count": "3", "note": "Đếm tại quầy"}
    )
    assert response.status_code == 302
    rec = Reconciliation.objects.get(visit=v)
    assert (rec.paper_count, rec.system_count, rec.difference) == (3, 5, -2)
    page = _client(s.inspector).get(f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/").content.decode()
    assert "Sổ giấy: 3 — Hệ thống: 5" in page
    assert "−2" in page
    # The link to the system's ledger for the same agency and period.
    assert f"so-theo-doi/?co_quan={s.commune.pk}&amp;tu_ngay=2026-02-01&amp;den_ngay=2026-02-28" in page


def test_system_count_is_taken_when_recorded_and_reconciliation_is_frozen_after_closing(received):
    s = received
    _d, v = issued_decision(s)
    services.start_visit(v, actor=s.inspector)
    services.record_reconciliation(v, actor=s.inspector, paper_count=7)
    services.record_findings(v, actor=s.inspector, results=all_pass(v))
    services.close_visit(v, actor=s.inspector)
    receive(s.desk, "2026-02-20 09:00")  # a dossier back-dated into the period after the visit

    with pytest.raises(NotAllowed) as info:
        services.record_reconciliation(v, actor=s.inspector, paper_count=5)
    assert "đã kết thúc" in info.value.message
    rec = Reconciliation.objects.get(visit=v)
    assert (rec.paper_count, rec.system_count, rec.difference) == (7, 5, 2)

    response = _client(s.inspector).post(
        f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/doi-chieu/", {"paper_count": "6"}, follow=True
    )
    page = response.content.decode()
    assert "Cuộc kiểm tra đã kết thúc; kết quả không thể sửa." in page
    assert "Sổ giấy: 7 — Hệ thống: 5" in page and "+2" in page
    assert 'name="paper_count"' not in page  # no form on a closed visit
    assert Reconciliation.objects.get(visit=v).paper_count == 7


def test_bad_paper_count_is_refused_and_nothing_is_stored(received):
    s = received
    _d, v = issued_decision(s)
    services.start_visit(v, actor=s.inspector)
    response = _client(s.inspector).post(
        f"/cai-cach/kiem-tra/cuoc-kiem-tra/{v.pk}/doi-chieu/", {"paper_count": "-4"}
    )
    assert "Số hồ sơ trên sổ giấy phải là một số nguyên không âm." in response.content.decode()
    assert not Reconciliation.objects.exists()


def test_reconciliation_on_a_visit_not_started_is_refused(received):
    s = received
    _d, v = issued_decision(s)
    with pytest.raises(NotAllowed) as info:
        services.record_reconciliation(v, actor=s.inspector, paper_count=5)
    assert "chưa bắt đầu" in info.value.message
    assert not Reconciliation.objects.exists()
    assert v.period_from == date(2026, 2, 1)
