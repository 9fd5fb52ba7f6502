"""Inter-agency routes under Decree 118/2025 Art. 20.2: a lead agency, participants each with a
task and its own limit in working days; sequential (paper) or parallel (electronic) hand-overs,
each with a transfer slip; late legs; every refusal changes nothing."""

from datetime import date

import pytest

from motcua.calendar.models import CalendarOverride
from motcua.dossiers import deadlines, routing, services
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed, NotFound
from motcua.dossiers.models import RouteLeg
from motcua.dossiers.routing import LegIn
from motcua.dossiers.selectors import get_visible
from motcua.dossiers.states import Channel, State
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk

POLICE = ("000.00.08.H56", "Công an phường Ba Đình")
TAX = ("000.00.09.H56", "Chi cục Thuế khu vực I")
LAND = ("000.00.10.H56", "Văn phòng đăng ký đất đai Hà Nội")


@pytest.fixture
def partners(scene):
    """Three participating agencies with their staff, and one agency outside every route."""
    return {
        "police": Desk(*POLICE, version=scene.version, with_process=False),
        "tax": Desk(*TAX, version=scene.version, with_process=False),
        "land": Desk(*LAND, version=scene.version, with_process=False),
        "outsider": Desk("000.00.11.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version),
    }


def at_appraisal(scene, received="2026-04-27 09:00", forwarded="2026-04-27 10:00", **kwargs):
    """A dossier received at the desk and forwarded to the specialist (step 2, appraisal)."""
    d = receive(scene, received, **kwargs)
    return services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn(forwarded))


def leg(desk, task, days, after=None):
    return LegIn(agency=desk.agency, task=task, working_days=days, after=after)


def snapshot(d):
    """What a refused action must leave untouched."""
    d.refresh_from_db()
    legs = list(RouteLeg.objects.filter(dossier=d).values_list("pk", "sent_at", "done_at", "result_note"))
    return (d.event_count, d.state, d.current_agency_id, d.handoff_from_id, d.assignee_id, legs)


def test_each_leg_is_due_on_its_own_calendar_across_a_holiday_and_a_weekend(scene, partners):
    police, tax = partners["police"], partners["tax"]
    # The tax office has its own extra day off on Wed 06/5/2026 (an administrator's override).
    CalendarOverride.objects.create(
        date=date(2026, 5, 6), kind=CalendarOverride.Kind.DAY_OFF, scope=TAX[0], reason="Nghỉ bù"
    )
    deadlines.forget_calendars()
    d = at_appraisal(scene)
    d = routing.set_up(
        d.pk,
        actor=scene.specialist,
        legs=[leg(police, "Xác minh nơi cư trú", 2), leg(tax, "Xác định nghĩa vụ thuế", 3)],
        at=vn("2026-04-29 10:00"),
    )
    first, second = RouteLeg.objects.filter(dossier=d).order_by("position")
    # Police receives Wed 29/4 10:00. Thu 30/4 (Reunification Day) and Fri 01/5 (Labour Day) are
    # public holidays, Sat 02/5 and Sun 03/5 the weekend: day 1 = Mon 04/5, day 2 = Tue 05/5.
    assert first.sent_at == vn("2026-04-29 10:00")
    assert first.due_at == vn("2026-05-05 10:00")
    assert second.sent_at is None and second.due_at is None  # paper: it waits for the police
    d = routing.finish(d.pk, actor=police.specialist, note="Đã xác minh cư trú", at=vn("2026-05-05 09:00"))
    second.refresh_from_db()
    # Tax receives Tue 05/5 09:00. Wed 06/5 is its own day off: day 1 = Thu 07/5, day 2 = Fri 08/5,
    # weekend 09–10/5, day 3 = Mon 11/5 → due Mon 11/5 09:00.
    assert second.sent_at == vn("2026-05-05 09:00")
    assert second.due_at == vn("2026-05-11 09:00")
    send = d.events.filter(action="route_send").order_by("seq").last()
    assert send.to_agency == tax.agency and send.data["agency_due_at"].startswith("2026-05-11T09:00")


def test_sequential_route_travels_the_chain_and_returns_to_the_lead(scene, partners):
    police, tax = partners["police"], partners["tax"]
    d = at_appraisal(scene)
    assert d.channel == Channel.DESK
    d = routing.set_up(
        d.pk,
        actor=scene.specialist,
        legs=[leg(police, "Xác minh nơi cư trú", 2), leg(tax, "Xác định nghĩa vụ thuế", 3)],
        at=vn("2026-05-12 09:00"),
    )
    # Received at the desk (paper): sequential by default; the dossier goes to the police first.
    assert RouteLeg.objects.filter(dossier=d).first().mode == "sequential"
    assert d.current_agency == police.agency and d.handoff_from == scene.agency
    assert get_visible(police.specialist, d.pk)
    with pytest.raises(NotFound):  # tax has not received it yet
        get_visible(tax.specialist, d.pk)
    d = routing.finish(d.pk, actor=police.specialist, note="Đã xác minh", at=vn("2026-05-13 09:00"))
    assert d.current_agency == tax.agency and d.handoff_from == scene.agency
    assert get_visible(tax.specialist, d.pk)
    d = routing.finish(d.pk, actor=tax.specialist, note="Đã xác định thuế", at=vn("2026-05-14 09:00"))
    # The last agency hands the dossier back to the lead, which continues its process.
    assert d.current_agency == scene.agency and d.handoff_from is None and d.state == State.PROCESSING
    assert [e.action for e in d.events.order_by("seq")][-5:] == [
        "route",
        "route_send",
        "route_done",
        "route_send",
        "route_done",
    ]
    last = d.events.order_by("seq").last()
    assert last.to_agency == scene.agency and last.data["route_closed"] is True
    assert not routing.has_open_route(d)
    d = services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn("2026-05-14 10:00"))
    assert d.current_step["name"] == "Phê duyệt"


def test_parallel_route_with_a_dependency_sends_b_when_a_is_done(scene, partners):
    police, tax, land = partners["police"], partners["tax"], partners["land"]
    d = at_appraisal(scene)
    d = routing.set_up(
        d.pk,
        actor=scene.specialist,
        mode="parallel",
        legs=[
            leg(police, "Xác minh nơi cư trú", 1),
            leg(tax, "Xác định nghĩa vụ thuế theo kết quả xác minh", 2, after=1),
            leg(land, "Trích lục bản đồ địa chính", 3),
        ],
        at=vn("2026-05-12 10:00"),
    )
    a, b, c = RouteLeg.objects.filter(dossier=d).order_by("position")
    # Electronic fan-out: the lead keeps the dossier; police and land receive it at once.
    assert d.current_agency == scene.agency and d.handoff_from is None
    assert a.sent_at == c.sent_at == vn("2026-05-12 10:00")
    assert b.sent_at is None and b.depends_on == a
    with pytest.raises(NotFound):
        get_visible(tax.specialist, d.pk)
    before = snapshot(d)
    with pytest.raises(NotAllowed, match="chưa nhận hồ sơ"):
        routing.finish(d.pk, actor=tax.specialist, note="Xong", leg_id=b.pk, at=vn("2026-05-12 11:00"))
    assert snapshot(d) == before
    # Police done Wed 13/5 15:00: its result goes on to tax, which receives the dossier now.
    # Tue 12/5 10:00 + 1 working day = Wed 13/5 10:00, so 15:00 is late.
    d = routing.finish(d.pk, actor=police.specialist, note="Đã xác minh", at=vn("2026-05-13 15:00"))
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.due_at == vn("2026-05-13 10:00") and a.late
    # Tax: Wed 13/5 15:00 + 2 working days = Fri 15/5 15:00.
    assert b.sent_at == vn("2026-05-13 15:00") and b.due_at == vn("2026-05-15 15:00")
    assert get_visible(tax.specialist, d.pk)
    assert d.current_agency == scene.agency  # still the lead's, all along
    routing.finish(d.pk, actor=tax.specialist, note="Đã tính thuế", at=vn("2026-05-14 09:00"))
    d = routing.finish(d.pk, actor=land.specialist, note="Đã trích lục", at=vn("2026-05-14 10:00"))
    assert not routing.has_open_route(d)
    sends = d.events.filter(action="route_send").order_by("seq")
    assert [e.to_agency_id for e in sends] == [police.agency.pk, land.agency.pk, tax.agency.pk]
    assert sends.last().agency == police.agency  # tax received it from the agency whose result it uses


def test_a_leg_done_after_its_due_time_is_late(scene, partners):
    police = partners["police"]
    d = at_appraisal(scene)
    d = routing.set_up(
        d.pk, actor=scene.head, legs=[leg(police, "Xác minh nơi cư trú", 2)], at=vn("2026-05-15 16:00")
    )
    # Fri 15/5 16:00 + 2 working days (weekend 16–17/5 skipped) = Tue 19/5 16:00.
    police_leg = RouteLeg.objects.get(dossier=d)
    assert police_leg.due_at == vn("2026-05-19 16:00")
    assert routing.status(police_leg, vn("2026-05-19 16:00")) == "open"
    assert routing.status(police_leg, vn("2026-05-19 16:01")) == "overdue"
    d = routing.finish(d.pk, actor=police.specialist, note="Đã xác minh", at=vn("2026-05-20 08:00"))
    police_leg.refresh_from_db()
    assert police_leg.late and routing.status(police_leg) == "late"
    assert d.events.order_by("seq").last().data["late"] is True


def test_an_online_dossier_goes_in_parallel_by_default(scene, partners):
    d = services.receive(
        actor=None,
        version=scene.version,
        agency=scene.agency,
        applicant={"kind": 1, "identifier": "001090012345", "name": "Nguyễn Văn An"},
        channel=Channel.ONLINE,
        components=[{"component_id": c.pk} for c in scene.version.components.filter(condition="")],
        at=vn("2026-05-11 08:00"),
    ).dossier
    services.accept(d.pk, actor=scene.desk, at=vn("2026-05-11 09:00"))
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-05-11 10:00"))
    d = routing.set_up(
        d.pk, actor=scene.specialist, legs=[leg(partners["police"], "Xác minh", 1)], at=vn("2026-05-11 11:00")
    )
    assert RouteLeg.objects.get(dossier=d).mode == "parallel"
    assert d.current_agency == scene.agency


def test_the_lead_cannot_issue_the_result_while_a_leg_is_open(scene, partners):
    police = partners["police"]
    d = at_appraisal(scene)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn("2026-05-12 08:00"))
    services.approve(d.pk, actor=scene.leader, at=vn("2026-05-12 08:30"))
    services.forward(d.pk, actor=scene.leader, to_user=scene.clerk, at=vn("2026-05-12 08:40"))
    d = routing.set_up(
        d.pk,
        actor=scene.clerk,
        mode="parallel",
        legs=[leg(police, "Xác nhận nhân thân", 1)],
        at=vn("2026-05-12 09:00"),
    )
    before = snapshot(d)
    with pytest.raises(NotAllowed, match="Công an phường Ba Đình chưa hoàn thành"):
        services.issue_result(d.pk, actor=scene.clerk, at=vn("2026-05-12 10:00"))
    assert snapshot(d) == before
    routing.finish(d.pk, actor=police.specialist, note="Đã xác nhận", at=vn("2026-05-12 14:00"))
    d = services.issue_result(d.pk, actor=scene.clerk, at=vn("2026-05-12 15:00"))
    assert d.state == State.READY_FOR_RETURN


def _refused(d, exc, match, call):
    before = snapshot(d)
    with pytest.raises(exc, match=match):
        call()
    assert snapshot(d) == before


def test_every_bad_route_is_refused_and_changes_nothing(scene, partners):
    police, tax = partners["police"], partners["tax"]
    d = at_appraisal(scene)
    at = vn("2026-05-12 09:00")

    def set_up(legs, actor=scene.specialist, mode=None):
        return lambda: routing.set_up(d.pk, actor=actor, legs=legs, mode=mode, at=at)

    ok = [leg(police, "Xác minh", 2)]
    # Only in processing: a dossier just received at the desk is not routed yet.
    fresh = receive(scene, "2026-05-11 09:00")
    _refused(
        fresh,
        NotAllowed,
        "Đã tiếp nhận",
        lambda: routing.set_up(fresh.pk, actor=scene.head, legs=ok, at=at),
    )
    # Not the holder: the police is not holding the dossier; the clerk does not work the appraisal.
    _refused(d, Forbidden, "Không có quyền|không có quyền", set_up(ok, actor=police.specialist))
    _refused(d, Forbidden, "đang được giao cho", set_up(ok, actor=scene.clerk))
    _refused(d, InvalidInput, "ít nhất một cơ quan", set_up([]))
    _refused(d, InvalidInput, "chính mình", set_up([LegIn(scene.agency, "Tự xử lý", 2)]))
    police.agency.active = False
    police.agency.save()
    services.forget_reference_data()
    _refused(d, InvalidInput, "không còn hoạt động", set_up(ok))
    police.agency.active = True
    police.agency.save()
    _refused(
        d, InvalidInput, "đã có trong tuyến", set_up([leg(police, "Xác minh", 2), leg(police, "Lần 2", 1)])
    )
    # The procedure's own limit is 15 working days: 0 and 1000 are out of range.
    _refused(d, InvalidInput, "từ 1 đến 15 ngày", set_up([leg(police, "Xác minh", 0)]))
    _refused(d, InvalidInput, "từ 1 đến 15 ngày", set_up([leg(police, "Xác minh", 1000)]))
    _refused(d, InvalidInput, "nội dung công việc", set_up([leg(police, "   ", 2)]))
    _refused(d, InvalidInput, "Phương thức", set_up(ok, mode="nhanh"))
    _refused(
        d,
        InvalidInput,
        "vòng lặp",
        set_up([leg(police, "Xác minh", 2, after=2), leg(tax, "Thuế", 2, after=1)], mode="parallel"),
    )
    _refused(d, InvalidInput, "dòng khác", set_up([leg(police, "Xác minh", 2), leg(tax, "Thuế", 2, after=3)]))
    land = partners["land"]
    # Paper goes down the rows in order: row 3 cannot come "after row 1".
    _refused(
        d,
        InvalidInput,
        "tuần tự",
        set_up([leg(police, "Xác minh", 2), leg(tax, "Thuế", 2), leg(land, "Trích lục", 2, after=1)]),
    )
    assert not RouteLeg.objects.exists()

    routing.set_up(d.pk, actor=scene.specialist, legs=ok, mode="parallel", at=at)
    _refused(d, NotAllowed, "chưa hoàn thành", set_up([leg(tax, "Thuế", 2)]))  # a second open route
    # A single hand-off on top of an open route, and a hand-back that would skip the route.
    _refused(
        d,
        NotAllowed,
        "liên thông theo tuyến",
        lambda: services.hand_off(d.pk, actor=scene.specialist, to_agency=tax.agency, at=at),
    )


def test_finishing_is_for_the_legs_own_agency_once_with_a_note(scene, partners):
    police, tax, outsider = partners["police"], partners["tax"], partners["outsider"]
    d = at_appraisal(scene)
    d = routing.set_up(
        d.pk,
        actor=scene.specialist,
        legs=[leg(police, "Xác minh", 2), leg(tax, "Thuế", 2)],
        at=vn("2026-05-12 09:00"),
    )
    police_leg = RouteLeg.objects.get(dossier=d, agency=police.agency)
    at = vn("2026-05-12 14:00")
    # Tax is the second agency of the paper chain: it has not received the dossier yet.
    _refused(
        d, NotAllowed, "chưa nhận hồ sơ", lambda: routing.finish(d.pk, actor=tax.specialist, note="x", at=at)
    )
    _refused(
        d,
        Forbidden,
        "do Công an phường Ba Đình thực hiện",
        lambda: routing.finish(d.pk, actor=tax.specialist, note="x", leg_id=police_leg.pk, at=at),
    )
    _refused(
        d,
        Forbidden,
        "do Công an phường Ba Đình thực hiện",
        lambda: routing.finish(d.pk, actor=scene.specialist, note="x", leg_id=police_leg.pk, at=at),
    )
    _refused(d, Forbidden, "không thuộc", lambda: routing.finish(d.pk, actor=outsider.head, note="x", at=at))
    _refused(
        d, InvalidInput, "kết quả", lambda: routing.finish(d.pk, actor=police.specialist, note="  ", at=at)
    )
    _refused(
        d,
        InvalidInput,
        "trước thời điểm nhận",
        lambda: routing.finish(d.pk, actor=police.specialist, note="x", at=vn("2026-05-12 08:00")),
    )
    # While the paper is at the police, a hand-back would skip the route.
    _refused(
        d,
        NotAllowed,
        "Hoàn thành phần việc",
        lambda: services.hand_back(d.pk, actor=police.specialist, at=at),
    )
    routing.finish(d.pk, actor=police.specialist, note="Đã xác minh", at=at)
    _refused(
        d,
        NotAllowed,
        "đã hoàn thành lúc 14:00 12/05/2026",
        lambda: routing.finish(d.pk, actor=police.specialist, note="Lần nữa", at=vn("2026-05-12 15:00")),
    )
    with pytest.raises(NotFound):
        get_visible(outsider.head, d.pk)


def test_the_transfer_slip_names_every_agencys_task_and_limit(scene, partners):
    from motcua.dossiers import forms_pdf
    from tests.dossiers.test_forms_pdf import flat

    police, tax = partners["police"], partners["tax"]
    d = at_appraisal(scene)
    d = routing.set_up(
        d.pk,
        actor=scene.specialist,
        legs=[leg(police, "Xác minh nơi cư trú", 2), leg(tax, "Xác định nghĩa vụ thuế", 3)],
        at=vn("2026-05-12 09:00"),
    )
    routing.finish(d.pk, actor=police.specialist, note="Đã xác minh", at=vn("2026-05-13 09:00"))
    first, second = d.events.filter(action="route_send").order_by("seq")
    text = flat(forms_pdf.render_transfer_slip(d, first.seq))
    assert "PHIẾU CHUYỂN XỬ LÝ" in text and "Số: 001/2026/PCXL" in text
    assert d.code in text
    assert "Kính gửi: Công an phường Ba Đình" in text
    assert "Cơ quan chủ trì giải quyết Ủy ban nhân dân phường Ba Đình" in text
    # Each agency's task and limit (Art. 20.2.a), whichever agency this slip goes to.
    assert "1 Công an phường Ba Đình Xác minh nơi cư trú 2 ngày làm việc" in text
    assert "2 Chi cục Thuế khu vực I Xác định nghĩa vụ thuế 3 ngày làm việc" in text
    # The police's own due time: Tue 12/5 09:00 + 2 working days = Thu 14/5 09:00.
    assert "Thời hạn giải quyết của Công an phường Ba Đình 09:00 14/05/2026" in text
    second_text = flat(forms_pdf.render_transfer_slip(d, second.seq))
    # The second slip: from the police to tax, numbered next; Wed 13/5 09:00 + 3 = Mon 18/5 09:00.
    assert "Số: 002/2026/PCXL" in second_text and "Kính gửi: Chi cục Thuế khu vực I" in second_text
    assert "Cơ quan chuyển Công an phường Ba Đình" in second_text
    assert "Thời hạn giải quyết của Chi cục Thuế khu vực I 09:00 18/05/2026" in second_text
    # The control sheet (form 05) lists each hand-over of the route and the part done.
    rows = [(r["action"], r["receiver"]) for r in forms_pdf.control_rows(d)]
    assert ("Chuyển hồ sơ liên thông (phiếu chuyển xử lý)", "Công an phường Ba Đình") in rows
    assert ("Hoàn thành phần việc liên thông", "Chi cục Thuế khu vực I") in rows


def test_a_single_hand_off_can_carry_its_own_limit_on_the_slip(scene, partners):
    from motcua.dossiers import forms_pdf
    from tests.dossiers.test_forms_pdf import flat

    police = partners["police"]
    d = at_appraisal(scene)
    before = snapshot(d)
    with pytest.raises(InvalidInput, match="từ 1 đến 15 ngày"):
        services.hand_off(
            d.pk, actor=scene.specialist, to_agency=police.agency, working_days=0, at=vn("2026-05-15 10:00")
        )
    assert snapshot(d) == before
    d = services.hand_off(
        d.pk,
        actor=scene.specialist,
        to_agency=police.agency,
        note="Xác minh nơi cư trú",
        working_days=3,
        at=vn("2026-05-15 10:00"),
    )
    # Fri 15/5 10:00 + 3 working days (weekend 16–17/5 skipped): Mon, Tue, Wed 20/5 10:00.
    event = d.events.get(action="hand_off")
    assert event.data == {"working_days": 3, "agency_due_at": "2026-05-20T10:00:00+07:00"}
    text = flat(forms_pdf.render_transfer_slip(d))
    assert "Thời hạn giải quyết của Công an phường Ba Đình 10:00 20/05/2026" in text


def test_a_route_left_open_when_the_applicant_withdraws_shows_as_ended(scene, partners):
    police, tax = partners["police"], partners["tax"]
    d = at_appraisal(scene)
    d = routing.set_up(
        d.pk,
        actor=scene.specialist,
        legs=[leg(police, "Xác minh nơi cư trú", 2), leg(tax, "Xác định nghĩa vụ thuế", 3)],
        at=vn("2026-05-12 09:00"),
    )
    d = services.withdraw(d.pk, actor=scene.desk, reason="Người nộp xin rút hồ sơ", at=vn("2026-05-13 09:00"))
    # The police part was due Thu 14/5 09:00 (2 working days from Tue 12/5 09:00): long past by 20/5,
    # yet nobody is warned and the route table says the parts will not be done (it said "quá hạn").
    table = routing.table(d, now=vn("2026-05-20 09:00"))
    assert [r["status"] for r in table["rows"]] == ["ended", "ended"] and table["open"] is False
    assert str(table["rows"][0]["status_label"]) == "Không thực hiện tiếp: hồ sơ đã kết thúc"
    assert routing.overdue_legs(police.specialist, now=vn("2026-05-20 09:00")) == []
