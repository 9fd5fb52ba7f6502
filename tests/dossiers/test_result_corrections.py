"""Correction of a result (đính chính), Decree 118/2025 Art. 23.1: the desk sends a wrong result
back to the competent authority, which returns the corrected one within 03 working days; the
dossier's state and timeliness stay; the original result stays stored and linked."""

from datetime import timedelta

import pytest
from django.test import override_settings

from motcua.documents import services as documents
from motcua.documents.models import DossierFile
from motcua.dossiers import corrections, services
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.dossiers.models import Dossier, ResultCorrection
from motcua.dossiers.states import State, Timeliness
from motcua.indicators.models import DailyFact
from motcua.integrations.models import Notification
from motcua.org.models import Agency, Role
from motcua.processing import selectors as worklists
from tests.documents.conftest import pdf_bytes
from tests.factories import APPLICANT, make_agency, make_process, make_unit, make_user, make_version
from tests.factories import required_components as required

from .conftest import vn

WRONG = "Sai năm sinh của người được cấp: ghi 1991, đúng là 1990"
EVER = override_settings(MOTCUA_NOTIFICATIONS_MAX_AGE=timedelta(days=36500))  # notify past events


@pytest.fixture
def province(db):
    return make_province()


def make_province() -> dict:
    """A commune centre receiving for a department (boundary-free): the department corrects."""
    unit = make_unit()
    commune_unit = make_unit("00004", "Phường Ba Đình", level="commune", parent=unit)
    department = make_agency("000.00.12.H56", "Sở Tư pháp", unit=unit, kind=Agency.Kind.DEPARTMENT)
    commune = make_agency(
        "000.00.41.H56",
        "Ủy ban nhân dân phường Ba Đình",
        unit=commune_unit,
        kind=Agency.Kind.PEOPLES_COMMITTEE,
    )
    version = make_version("2.000488", "Cấp phiếu lý lịch tư pháp")
    make_process(version, department)
    return {
        "department": department,
        "commune": commune,
        "version": version,
        "commune_desk": make_user(commune, Role.DESK_OFFICER),
        "commune_specialist": make_user(commune, Role.SPECIALIST),
        "dept_desk": make_user(department, Role.DESK_OFFICER),
        "specialist": make_user(department, Role.SPECIALIST),
        "leader": make_user(department, Role.LEADER),
        "clerk": make_user(department, Role.CLERK),
    }


def received(p, at="2026-04-20 09:00", **extra) -> Dossier:
    return services.receive(
        actor=p["commune_desk"],
        version=p["version"],
        agency=p["commune"],
        competent_agency=p["department"],
        applicant=dict(APPLICANT),
        components=required(p["version"]),
        at=vn(at),
        **extra,
    ).dossier


def with_result(p, d, day="2026-04-22", *, sign=False) -> Dossier:
    """The department's process to the result; ``sign``: the clerk signs it electronically."""
    services.forward(d.pk, actor=p["dept_desk"], to_user=p["specialist"], at=vn(f"{day} 08:00"))
    services.forward(d.pk, actor=p["specialist"], to_user=p["leader"], at=vn(f"{day} 09:00"))
    services.approve(d.pk, actor=p["leader"], at=vn(f"{day} 10:00"))
    d = services.forward(d.pk, actor=p["leader"], to_user=p["clerk"], at=vn(f"{day} 10:30"))
    if sign:
        documents.sign_result(Dossier.objects.get(pk=d.pk), pdf_bytes(), user=p["clerk"])
    return services.issue_result(d.pk, actor=p["clerk"], at=vn(f"{day} 11:00"))


def returned(p, *, sign=False, electronic=False) -> Dossier:
    """Received Mon 20/4/2026, result Wed 22/4, handed over at the commune desk Thu 23/4 08:00."""
    d = received(p, **({"result_delivery": "electronic"} if electronic else {}))
    with_result(p, d, sign=sign or electronic)
    return services.return_result(
        d.pk, actor=p["commune_desk"], method="desk", receiver="Nguyễn Văn An", at=vn("2026-04-23 08:00")
    )


def ask(p, d, at="2026-04-29 10:00", **extra):
    extra.setdefault("description", WRONG)
    extra.setdefault("found_by", "applicant")
    return corrections.request_correction(
        d.pk, actor=extra.pop("actor", p["commune_desk"]), at=vn(at), **extra
    )


def unchanged(d: Dossier) -> tuple:
    d = Dossier.objects.get(pk=d.pk)
    return (d.state, d.current_agency_id, d.event_count, ResultCorrection.objects.count())


# ---------------------------------------------------------------------------- the 3 working days


def test_due_three_working_days_across_a_weekend(province):
    d = returned(province)
    # Requested Fri 08/5/2026 15:30: Sat 9, Sun 10 skipped → Mon 11/5 (1), Tue 12/5 (2),
    # Wed 13/5 (3), at the same time of day.
    ask(province, d, "2026-05-08 15:30")
    c = ResultCorrection.objects.get(dossier=d)
    assert c.due_at == vn("2026-05-13 15:30")


def test_due_three_working_days_across_the_april_holidays(province):
    d = returned(province)
    # Requested Wed 29/4/2026 10:00. Thu 30/4 (Reunification Day) and Fri 1/5 (Labour Day) are
    # public holidays, Sat 2/5 and Sun 3/5 the weekend → Mon 4/5 (1), Tue 5/5 (2), Wed 6/5 (3):
    # due Wed 06/5/2026 10:00, on the department's calendar.
    d = ask(province, d, "2026-04-29 10:00")
    c = ResultCorrection.objects.get(dossier=d)
    assert c.due_at == vn("2026-05-06 10:00")
    assert c.agency == province["department"]
    event = d.events.get(action="request_correction")
    assert event.data["due_at"].startswith("2026-05-06T10:00")
    assert event.to_agency == province["department"] and event.note == WRONG


def test_a_request_after_office_hours_counts_from_the_next_opening(province):
    d = returned(province)
    # Requested Fri 24/4/2026 18:00, after closing: counted from Mon 27/4? No — Mon 27/4/2026 is
    # the day off for Hùng Kings' day (10/3 lunar = Sun 26/4). So from Tue 28/4 07:30:
    # Wed 29/4 (1); Thu 30/4, Fri 1/5 holidays; weekend; Mon 4/5 (2), Tue 5/5 (3) → Tue 05/5 07:30.
    ask(province, d, "2026-04-24 18:00")
    assert ResultCorrection.objects.get(dossier=d).due_at == vn("2026-05-05 07:30")


# ------------------------------------------------------------------------ the correction itself


def test_on_time_correction_keeps_state_and_timeliness_and_links_both_files(province):
    p = province
    d = returned(p, electronic=True)
    original = DossierFile.objects.get(dossier=d, kind="result", is_current=True)
    before = Dossier.objects.get(pk=d.pk)
    facts = list(DailyFact.objects.order_by("pk").values())
    d = ask(p, d, "2026-04-29 10:00")  # due Wed 06/5 10:00 (see above)
    assert d.state == State.RETURNED and d.current_agency == p["department"]
    # The department clerk signs the corrected result: it supersedes the original.
    corrected = documents.sign_result(Dossier.objects.get(pk=d.pk), pdf_bytes(2), user=p["clerk"])
    d = corrections.issue_correction(
        d.pk, actor=p["clerk"], note="Sửa năm sinh thành 1990", at=vn("2026-05-06 10:00")
    )
    c = ResultCorrection.objects.get(dossier=d)
    assert c.corrected_at == vn("2026-05-06 10:00") and c.late is False  # exactly at the due time
    assert c.original_file == original and c.corrected_file == corrected
    original.refresh_from_db()
    assert not original.is_current and original.superseded_by == corrected
    assert original.read().startswith(b"%PDF")  # still stored, still readable
    assert corrected.signed and corrected.is_current
    # Back at the commune desk; the dossier's state, end and timeliness are those of before.
    assert d.current_agency == p["commune"]
    assert (d.state, d.ended_at, d.timeliness, d.due_at, d.returned_at) == (
        before.state,
        before.ended_at,
        before.timeliness,
        before.due_at,
        before.returned_at,
    )
    assert d.timeliness == Timeliness.EARLY
    assert list(DailyFact.objects.order_by("pk").values()) == facts  # statistics untouched
    assert d.events.get(action="issue_correction").data["late"] is False


def test_late_correction_is_flagged_and_counted(province):
    p = province
    d = ask(p, returned(p), "2026-04-29 10:00")  # due Wed 06/5 10:00
    d = corrections.issue_correction(d.pk, actor=p["specialist"], at=vn("2026-05-06 14:00"))
    c = ResultCorrection.objects.get(dossier=d)
    assert c.late is True and d.events.get(action="issue_correction").data["late"] is True
    assert c.corrected_file is None  # a paper result: corrected on paper
    other = ask(p, returned(p), "2026-04-29 10:00")  # still at the department after its due time
    rows = corrections.counts(p["commune_desk"], vn("2026-04-01 00:00").date(), vn("2026-04-30 00:00").date())
    assert [(r.agency, r.requested, r.corrected, r.late) for r in rows] == [("Sở Tư pháp", 2, 1, 2)]
    # Requested in April: nothing counted for May.
    assert corrections.counts(p["leader"], vn("2026-05-01 00:00").date(), vn("2026-05-31 00:00").date()) == []
    assert ResultCorrection.objects.get(dossier=other).overdue(vn("2026-05-06 10:01"))


def test_desk_returns_the_corrected_result_and_the_applicant_is_told(province):
    p = province
    d = ask(p, returned(p), "2026-04-29 10:00")
    d = corrections.issue_correction(d.pk, actor=p["clerk"], at=vn("2026-05-04 09:00"))
    with pytest.raises(InvalidInput, match="người nhận"):
        corrections.return_correction(d.pk, actor=p["commune_desk"], method="desk", at=vn("2026-05-04 10:00"))
    with EVER:
        d = corrections.return_correction(
            d.pk, actor=p["commune_desk"], method="desk", receiver="Nguyễn Văn An", at=vn("2026-05-04 10:00")
        )
    c = ResultCorrection.objects.get(dossier=d)
    assert c.returned_at == vn("2026-05-04 10:00") and c.returned_to == "Nguyễn Văn An"
    assert d.state == State.RETURNED
    email = Notification.objects.get(kind=Notification.Kind.CORRECTED, channel="email")
    assert email.subject == f"Kết quả giải quyết hồ sơ {d.code} đã được đính chính"
    assert WRONG in email.body and d.code in email.body
    assert "không phải nộp thêm phí, lệ phí" in email.body
    sms = Notification.objects.get(kind=Notification.Kind.CORRECTED, channel="sms")
    assert d.code in sms.body and "dinh chinh" in sms.body
    # Closed: a new error may be reported again.
    ask(p, d, "2026-05-05 09:00", description="Sai địa chỉ thường trú", found_by="desk")
    assert ResultCorrection.objects.filter(dossier=d).count() == 2


def test_a_result_not_yet_handed_over_is_corrected_then_returned_as_usual(province):
    p = province
    d = with_result(p, received(p))  # ready for return at the commune desk
    d = ask(p, d, "2026-04-22 14:00", found_by="desk")
    with pytest.raises(NotAllowed, match="đang được cơ quan có thẩm quyền đính chính"):
        services.return_result(
            d.pk, actor=p["commune_desk"], method="desk", receiver="Nguyễn Văn An", at=vn("2026-04-23 08:00")
        )
    assert Dossier.objects.get(pk=d.pk).state == State.READY_FOR_RETURN
    corrections.issue_correction(d.pk, actor=p["clerk"], at=vn("2026-04-23 09:00"))
    d = services.return_result(
        d.pk, actor=p["commune_desk"], method="desk", receiver="Nguyễn Văn An", at=vn("2026-04-23 10:00")
    )
    assert d.state == State.RETURNED
    assert ResultCorrection.objects.get(dossier=d).returned_at == vn("2026-04-23 10:00")


def test_the_department_worklist_shows_dossiers_awaiting_correction(province):
    p = province
    d = ask(p, returned(p))
    assert "correction" in [t.key for t in worklists.tabs_for(p["specialist"])]
    assert list(worklists.worklist(p["specialist"], "correction")) == [d]
    assert list(worklists.worklist(p["commune_specialist"], "correction")) == []
    assert [c.dossier_id for c in corrections.open_for(p["commune_desk"])] == [d.pk]
    corrections.issue_correction(d.pk, actor=p["leader"], at=vn("2026-04-30 09:00"))
    assert list(worklists.worklist(p["specialist"], "correction")) == []


# --------------------------------------------------------------------- refusals change nothing


def test_no_correction_while_processing_or_without_a_result(province):
    p = province
    d = received(p)
    services.forward(d.pk, actor=p["dept_desk"], to_user=p["specialist"], at=vn("2026-04-21 08:00"))
    state = unchanged(d)
    with pytest.raises(NotAllowed, match="trạng thái «Đang xử lý»"):
        ask(p, d, "2026-04-21 10:00")
    assert unchanged(d) == state
    refused = services.refuse(
        d.pk, actor=p["leader"], reasons=["Không đủ điều kiện"], at=vn("2026-04-21 09:00")
    )
    state = unchanged(refused)
    with pytest.raises(NotAllowed, match="Từ chối"):
        ask(p, refused, "2026-04-22 10:00")
    assert unchanged(refused) == state


def test_only_the_receiving_desk_asks_and_only_the_competent_authority_corrects(province):
    p = province
    d = returned(p)
    other = make_agency("000.00.42.H56", "Ủy ban nhân dân phường Kim Mã")
    state = unchanged(d)
    for actor in (make_user(other, Role.DESK_OFFICER), p["dept_desk"], p["commune_specialist"]):
        with pytest.raises(Forbidden):
            ask(p, d, actor=actor)
    assert unchanged(d) == state
    d = ask(p, d)
    state = unchanged(d)
    # The commune's specialist is not of the competent authority; the desk cannot correct either.
    for actor in (p["commune_specialist"], p["commune_desk"], p["dept_desk"]):
        with pytest.raises(Forbidden):
            corrections.issue_correction(d.pk, actor=actor, at=vn("2026-04-30 09:00"))
    assert unchanged(d) == state


@pytest.mark.parametrize(
    ("description", "found_by", "message"),
    [
        ("", "applicant", "Cần mô tả sai sót"),
        ("   \n ", "desk", "Cần mô tả sai sót"),
        ("x" * 2001, "desk", "dài quá 2000 ký tự"),
        (WRONG, "someone", "Cần chọn ai phát hiện sai sót"),
    ],
)
def test_bad_request_input_is_refused_in_vietnamese(province, description, found_by, message):
    d = returned(province)
    state = unchanged(d)
    with pytest.raises(InvalidInput, match=message):
        ask(province, d, description=description, found_by=found_by)
    assert unchanged(d) == state


def test_one_open_correction_at_a_time_and_no_double_issue_or_return(province):
    p = province
    d = ask(p, returned(p), "2026-04-29 10:00")
    state = unchanged(d)
    with pytest.raises(NotAllowed, match="chuyển lúc 10:00 29/04/2026 chưa hoàn thành"):
        ask(p, d, "2026-04-29 11:00")
    with pytest.raises(NotAllowed, match="Chưa có kết quả đã đính chính"):
        corrections.return_correction(
            d.pk, actor=p["commune_desk"], method="electronic", at=vn("2026-04-29 11:00")
        )
    with pytest.raises(InvalidInput, match="trước thời điểm chuyển đính chính"):
        corrections.issue_correction(d.pk, actor=p["clerk"], at=vn("2026-04-29 09:00"))
    assert unchanged(d) == state
    corrections.issue_correction(d.pk, actor=p["clerk"], at=vn("2026-04-30 09:00"))
    state = unchanged(d)
    with pytest.raises(Forbidden):  # back at the commune desk: no longer the department's to act on
        corrections.issue_correction(d.pk, actor=p["clerk"], at=vn("2026-04-30 10:00"))
    with pytest.raises(NotAllowed, match="chuyển lúc 10:00 29/04/2026"):
        ask(p, d, "2026-04-30 11:00")
    assert unchanged(d) == state


def test_an_electronic_result_needs_a_signed_corrected_file(province):
    p = province
    d = ask(p, returned(p, electronic=True), "2026-04-29 10:00")
    state = unchanged(d)
    with pytest.raises(NotAllowed, match="cần tải lên và ký số văn bản kết quả đã đính chính"):
        corrections.issue_correction(d.pk, actor=p["clerk"], at=vn("2026-04-30 09:00"))
    assert unchanged(d) == state
    assert ResultCorrection.objects.get(dossier=d).corrected_at is None
    # A paper result that was also signed electronically is an electronic result too.
    signed_paper = ask(p, returned(p, sign=True), "2026-04-29 10:00")
    with pytest.raises(NotAllowed, match="ký số"):
        corrections.issue_correction(signed_paper.pk, actor=p["clerk"], at=vn("2026-04-30 09:00"))
    # Only the leader or the clerk signs: a specialist's signature is refused.
    with pytest.raises(Forbidden, match="lãnh đạo hoặc văn thư"):
        documents.sign_result(Dossier.objects.get(pk=d.pk), pdf_bytes(), user=p["specialist"])


def test_a_returned_result_without_a_correction_cannot_be_signed_again(province):
    p = province
    d = returned(p, electronic=True)
    commune_leader = make_user(p["commune"], Role.LEADER)  # the agency holding it now
    with pytest.raises(NotAllowed, match="trạng thái «Đã trả kết quả»"):
        documents.sign_result(Dossier.objects.get(pk=d.pk), pdf_bytes(), user=commune_leader)
    assert DossierFile.objects.filter(dossier=d, kind="result").count() == 1
