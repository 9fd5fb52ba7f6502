"""Loose ends of the Decree 118/2025 lifecycle found walking the pages: the 2018 apology letter
is refused for new dossiers (Art. 19.6 has the extension request), the supplement the desk issues
names the desk (Art. 19.5), a restarted time limit restarts the step's budget too, the dossier page
opens only the action that is due, the desk's home lists proposals to issue, and the desk head
sees late supplement and extension requests."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.errors import NotAllowed
from motcua.dossiers.states import State
from tests.dossiers.conftest import receive, vn
from tests.dossiers.test_boundary_free_reception import _receive, province  # noqa: F401 — fixture
from tests.factories import Desk

REASON = "Chờ kết quả xác minh của cơ quan công an"


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(user, name: str, *args, query: str = "") -> str:
    response = _client(user).get(reverse(name, args=args) + query)
    assert response.status_code == 200
    return response.content.decode()


def _opened(html: str) -> list[str]:
    """The action forms the dossier page shows open."""
    return re.findall(r'<details class="action" id="([a-z_]+)" open>', html)


def _in_appraisal(scene, received="2026-03-02 09:00", day="2026-03-03"):
    d = receive(scene, received)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn(f"{day} 09:10"))
    return services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn(f"{day} 09:20"))


# --------------------------------------------------------- 1. no 2018 apology under Decree 118


def test_the_2018_apology_is_refused_for_a_dossier_under_decree_118(scene):
    d = _in_appraisal(scene)  # received Mon 2/3/2026: Decree 118/2025
    before = (d.events.count(), d.apology_due_at, d.due_at)
    with pytest.raises(NotAllowed, match="Phiếu đề nghị gia hạn thời gian giải quyết") as refused:
        services.issue_apology(
            d.pk,
            actor=scene.head,
            reason=REASON,
            new_due_at=vn("2026-04-02 16:00"),
            at=vn("2026-03-20 10:00"),
        )
    assert refused.value.code == "apology_new_regime"
    d.refresh_from_db()
    assert (d.events.count(), d.apology_due_at, d.due_at) == before


def test_the_page_offers_the_apology_only_before_july_2025_and_refuses_a_crafted_post(scene):
    new = _in_appraisal(scene)
    old = _in_appraisal(scene, received="2025-06-02 09:00", day="2025-06-03")
    assert 'id="issue_apology"' not in _page(scene.head, "dossier_detail", new.pk)
    assert 'id="request_extension"' in _page(scene.head, "dossier_detail", new.pk)
    old_page = _page(scene.head, "dossier_detail", old.pk)
    assert 'id="issue_apology"' in old_page and 'id="request_extension"' not in old_page

    client = _client(scene.head)
    url = reverse("dossier_act", args=[new.pk, "issue_apology"])
    response = client.post(url, {"reason": REASON, "new_due_at": "2026-04-02T16:00"}, follow=True)
    assert "không dùng phiếu xin lỗi và hẹn lại" in response.content.decode()
    new.refresh_from_db()
    assert new.apology_due_at is None and not new.events.filter(action="issue_apology").exists()


def test_the_warning_list_points_each_late_dossier_to_its_regimes_step(scene):
    new = _in_appraisal(scene)  # due Mon 23/3/2026 09:00: long past
    old = _in_appraisal(scene, received="2025-06-02 09:00", day="2025-06-03")
    html = _page(scene.head, "warnings")
    assert f'/ho-so/{new.pk}/#request_extension">Đề nghị gia hạn' in html
    assert f'/ho-so/{old.pk}/#issue_apology">Phát hành phiếu xin lỗi' in html
    services.request_extension(
        new.pk, actor=scene.head, reason=REASON, new_due_at=vn("2027-01-29 16:00"), at=vn("2026-03-20 10:00")
    )
    html = _page(scene.desk, "warnings")
    assert f'/ho-so/{new.pk}/#apply_extension">Chờ Bộ phận Một cửa điều chỉnh' in html


# ------------------------------------------- 5. the desk's request names the desk (Art. 19.5)


def test_the_supplement_issued_by_the_commune_desk_names_the_commune(province):  # noqa: F811
    p = province
    d = _receive(p, "2026-03-10 09:00", competent=p["department"])
    services.forward(d.pk, actor=p["dept_desk"], to_user=p["specialist"], at=vn("2026-03-10 10:00"))
    services.propose_supplement(d.pk, actor=p["specialist"], items=["Bản sao"], at=vn("2026-03-11 09:00"))
    services.request_supplement(d.pk, actor=p["commune_desk"], items=["Bản sao"], at=vn("2026-03-11 10:00"))
    event = d.events.get(action="request_supplement")
    assert event.agency == p["commune"]  # the history says the commune desk issued it
    assert event.data["on_behalf_of"] == p["department"].pk
    # It still counts towards the department's one request: a second one is refused by name.
    services.complete_supplement(d.pk, actor=p["commune_desk"], at=vn("2026-03-12 09:00"))
    services.propose_supplement(d.pk, actor=p["specialist"], items=["Ảnh"], at=vn("2026-03-12 10:00"))
    with pytest.raises(NotAllowed, match="Sở Tư pháp đã yêu cầu bổ sung hồ sơ này 1 lần"):
        services.request_supplement(d.pk, actor=p["commune_desk"], items=["Ảnh"], at=vn("2026-03-12 11:00"))
    assert d.events.filter(action="request_supplement").count() == 1


# ------------------------------------------------- 6. the step's budget restarts with the limit


def test_a_restarted_time_limit_restarts_the_current_steps_budget(scene):
    d = _in_appraisal(scene)
    # Appraisal (13 working days) from Tue 3/3/2026 09:20: 4–6/3 (3), 9–13/3 (8), 16–20/3 (13)
    # → Fri 20/3 09:20.
    assert d.step_due_at == vn("2026-03-20 09:20")
    services.propose_supplement(d.pk, actor=scene.specialist, items=["Bản sao"], at=vn("2026-03-04 09:00"))
    services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao"], at=vn("2026-03-04 10:00"))
    d = services.complete_supplement(d.pk, actor=scene.desk, at=vn("2026-03-09 09:00"))
    # Whole budget again from Mon 9/3 09:00: 10–13/3 (4), 16–20/3 (9), 23–26/3 (13) → Thu 26/3
    # 09:00. (Moved by the pause it would have been Fri 20/3 09:20 + 23 office hours.)
    assert d.current_step["name"] == "Thẩm định hồ sơ"
    assert d.step_started_at == vn("2026-03-09 09:00")
    assert d.step_due_at == vn("2026-03-26 09:00")
    assert d.due_at == vn("2026-03-30 09:00")  # the dossier's 15 days restart too
    assert d.events.order_by("-seq").first().data["step_due_at"].startswith("2026-03-26T09:00")
    # Finished on Wed 25/3, the step kept its (restarted) budget.
    d = services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn("2026-03-25 10:00"))
    assert d.events.order_by("-seq").first().data["kept_budget"] is True


def test_before_july_2025_the_steps_due_time_moves_by_the_pause(scene):
    d = _in_appraisal(scene, received="2025-06-02 09:00", day="2025-06-03")
    # 13 working days from Tue 3/6/2025 09:20 → Fri 20/6/2025 09:20 (no holiday in June).
    assert d.step_due_at == vn("2025-06-20 09:20")
    services.request_supplement(d.pk, actor=scene.specialist, items=["Bản sao"], at=vn("2025-06-04 09:20"))
    d = services.complete_supplement(d.pk, actor=scene.desk, at=vn("2025-06-05 09:20"))
    # Paused one working day (Wed 09:20 → Thu 09:20): Fri 20/6 09:20 → Mon 23/6 09:20.
    assert d.step_due_at == vn("2025-06-23 09:20")
    assert d.step_started_at == vn("2025-06-03 09:20")


# ------------------------------------------------ 3. the dossier page opens what is due, only


def test_a_plain_dossier_opens_no_action_form(scene):
    d = _in_appraisal(scene)
    for user in (scene.desk, scene.specialist, scene.head):
        assert _opened(_page(user, "dossier_detail", d.pk)) == []


def test_the_commune_desk_sees_the_due_paper_transfer_then_the_proposal_open(province):  # noqa: F811
    p = province
    d = _receive(p, "2026-03-10 09:00", competent=p["department"])
    services.forward(d.pk, actor=p["dept_desk"], to_user=p["specialist"], at=vn("2026-03-10 10:00"))
    assert _opened(_page(p["commune_desk"], "dossier_detail", d.pk)) == ["transfer_paper"]
    services.propose_supplement(
        d.pk, actor=p["specialist"], items=["Bản sao giấy khai sinh", "Ảnh 4x6"], at=vn("2026-03-11 09:00")
    )
    # The paper transfer is still due first: one form open at a time.
    assert _opened(_page(p["commune_desk"], "dossier_detail", d.pk)) == ["transfer_paper"]
    services.transfer_paper(d.pk, actor=p["commune_desk"], at=vn("2026-03-10 15:00"))
    html = _page(p["commune_desk"], "dossier_detail", d.pk)
    assert _opened(html) == ["request_supplement"]
    # The request is pre-filled with the items the department proposed.
    assert 'name="items" required>Bản sao giấy khai sinh\nẢnh 4x6</textarea>' in html
    assert _opened(_page(p["specialist"], "dossier_detail", d.pk)) == []
    services.request_supplement(d.pk, actor=p["commune_desk"], items=["Bản sao"], at=vn("2026-03-11 10:00"))
    # Issued on 11/3/2026, unanswered: more than 15 days have passed since, closing is what is due.
    assert _opened(_page(p["commune_desk"], "dossier_detail", d.pk)) == ["close"]


def test_a_waiting_extension_request_is_open_for_the_desk(scene):
    d = _in_appraisal(scene)
    services.request_extension(
        d.pk, actor=scene.head, reason=REASON, new_due_at=vn("2026-04-02 16:00"), at=vn("2026-03-20 10:00")
    )
    assert _opened(_page(scene.desk, "dossier_detail", d.pk)) == ["apply_extension"]


# ------------------------------------------- 4. the receiving desk's home lists the proposals


def test_the_commune_desks_home_lists_proposals_waiting_to_be_issued(province):  # noqa: F811
    p = province
    d = _receive(p, "2026-03-10 09:00", competent=p["department"])
    services.forward(d.pk, actor=p["dept_desk"], to_user=p["specialist"], at=vn("2026-03-10 10:00"))
    assert "Đề nghị bổ sung chờ phát hành" not in _page(p["commune_desk"], "officer_home")
    services.propose_supplement(
        d.pk, actor=p["specialist"], items=["Bản sao giấy khai sinh", "Ảnh 4x6"], at=vn("2026-03-11 09:00")
    )
    html = _page(p["commune_desk"], "officer_home")
    assert "Đề nghị bổ sung chờ phát hành" in html
    row = html[html.index(d.code) :]
    row = row[: row.index("</tr>")]
    assert "Sở Tư pháp" in row and "Bản sao giấy khai sinh; Ảnh 4x6" in row and "09:00 11/03/2026" in row
    # Only the receiving desk issues it: the department's own desk and another desk see nothing.
    assert d.code not in _page(p["dept_desk"], "officer_home")
    other = Desk(identifier="000.00.07.H56", name="Ủy ban nhân dân phường Kim Mã", version=p["version"])
    assert d.code not in _page(other.desk, "officer_home")
    # Issued: gone from the list.
    services.request_supplement(d.pk, actor=p["commune_desk"], items=["Bản sao"], at=vn("2026-03-11 10:00"))
    assert d.code not in _page(p["commune_desk"], "officer_home")


# --------------------------------------- 8. late supplement and extension requests, desk head


def test_the_desk_head_sees_late_supplement_and_extension_requests_of_the_period(scene):
    # Supplement window: 3 working days from Mon 2/3/2026 09:00 → Thu 5/3 09:00.
    on_time = _in_appraisal(scene)
    services.request_supplement(on_time.pk, actor=scene.desk, items=["Bản sao"], at=vn("2026-03-04 10:00"))
    late = _in_appraisal(scene)
    services.request_supplement(late.pk, actor=scene.desk, items=["Bản sao"], at=vn("2026-03-06 10:00"))
    # Extensions: received Thu 5/3 16:00, due Thu 26/3 16:00; the last day to ask is Wed 25/3.
    ext_on_time = _in_appraisal(scene, received="2026-03-05 16:00", day="2026-03-06")
    services.request_extension(
        ext_on_time.pk,
        actor=scene.head,
        reason=REASON,
        new_due_at=vn("2026-04-02 16:00"),
        at=vn("2026-03-25 10:00"),
    )
    ext_late = _in_appraisal(scene, received="2026-03-05 16:00", day="2026-03-06")
    services.request_extension(
        ext_late.pk,
        actor=scene.head,
        reason=REASON,
        new_due_at=vn("2026-04-02 16:00"),
        at=vn("2026-03-26 08:00"),
    )
    # Another agency's late request is not this head's business.
    other = Desk(identifier="000.00.07.H56", name="Ủy ban nhân dân phường Kim Mã", version=scene.version)
    theirs = _in_appraisal(other)
    services.request_supplement(theirs.pk, actor=other.desk, items=["Bản sao"], at=vn("2026-03-06 10:00"))

    march = _page(scene.head, "queue_stats", query="?ngay=2026-03-31")
    assert '<td id="late-supplements">1 / 2</td>' in march
    assert '<td id="late-extensions">1 / 2</td>' in march
    # Up to Thu 5/3 only the on-time supplement request had been made.
    early = _page(scene.head, "queue_stats", query="?ngay=2026-03-05")
    assert '<td id="late-supplements">0 / 1</td>' in early
    assert '<td id="late-extensions">0 / 0</td>' in early
    february = _page(scene.head, "queue_stats", query="?ngay=2026-02-28")
    assert '<td id="late-supplements">0 / 0</td>' in february
    theirs_march = _page(other.head, "queue_stats", query="?ngay=2026-03-31")
    assert '<td id="late-supplements">1 / 1</td>' in theirs_march
    late.refresh_from_db()
    assert late.state == State.AWAITING_SUPPLEMENT  # a late request is flagged, not refused
