"""The dossier lifecycle of domain §4 as one declarative table.

States carry the status codes of the national portal so that synchronisation is a mapping.
Each action lists the states it may start from, the state it leads to (``None`` = stays), the
roles that may perform it, and where the actor must hold that role.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Role


class State(models.IntegerChoices):
    AWAITING_RECEPTION = 1, _("Chờ tiếp nhận")
    RECEIVED = 2, _("Đã tiếp nhận")
    REFUSED = 3, _("Từ chối")
    PROCESSING = 4, _("Đang xử lý")
    AWAITING_SUPPLEMENT = 5, _("Chờ bổ sung")
    AWAITING_OBLIGATION = 6, _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    READY_FOR_RETURN = 9, _("Chờ trả kết quả")
    RETURNED = 10, _("Đã trả kết quả")
    # Decree 118/2025 Art. 19.5: the desk closes a dossier whose supplement did not come in time.
    # No portal code of its own is known: MOTCUA_PORTAL_STATUS_CLOSED maps it when synced.
    CLOSED = 11, _("Đóng hồ sơ")


# End of processing is the first of these (domain §4 rule 7).
ENDED = frozenset(
    {State.READY_FOR_RETURN, State.RETURNED, State.REFUSED, State.WITHDRAWN, State.STOPPED, State.CLOSED}
)
OPEN = frozenset(State) - ENDED
# The deadline clock stands still while waiting for the applicant (domain §4 rule 2).
PAUSED = frozenset({State.AWAITING_SUPPLEMENT, State.AWAITING_OBLIGATION})
BEFORE_RECEPTION = frozenset({State.AWAITING_RECEPTION})


class Channel(models.IntegerChoices):
    DESK = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Bưu chính công ích")


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class Where(StrEnum):
    """Which agency the actor's role is checked against."""

    RECEIVING = "receiving"  # the one-stop desk that received the dossier
    CURRENT = "current"  # the agency holding the dossier now (changes on hand-off)
    EITHER = "either"
    ANYONE = "anyone"  # the applicant or the portal (no staff role)
    # An agency of the dossier's inter-agency route: checked against the leg by dossiers.routing.
    LEG = "leg"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[State | None]
    target: State | None  # None: the state does not change (a step inside processing)
    roles: frozenset[str]
    where: Where
    # Decree 118/2025 Art. 21: the applicant may also do it themselves (their own dossier, from
    # the citizen page or the national portal), without a staff role.
    applicant: bool = False


def _t(action, label, sources, target, roles, where=Where.CURRENT, applicant=False) -> Transition:
    return Transition(action, label, frozenset(sources), target, frozenset(roles), where, applicant)


DESK = {Role.DESK_OFFICER}
PROCESSORS = {Role.SPECIALIST, Role.HEAD, Role.LEADER, Role.CLERK}
MANAGERS = {Role.HEAD, Role.LEADER}
WORKING = {State.RECEIVED, State.PROCESSING}
S = State

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("submit", _("Nộp hồ sơ trực tuyến"), {None}, S.AWAITING_RECEPTION, set(), Where.ANYONE),
        _t("accept", _("Tiếp nhận hồ sơ"), {None, S.AWAITING_RECEPTION}, S.RECEIVED, DESK, Where.RECEIVING),
        _t(
            "refuse_reception",
            _("Từ chối tiếp nhận"),
            {None, S.AWAITING_RECEPTION},
            S.REFUSED,
            DESK,
            Where.RECEIVING,
        ),
        _t(
            "request_supplement",
            _("Yêu cầu bổ sung hồ sơ"),
            {None, S.AWAITING_RECEPTION, *WORKING},
            S.AWAITING_SUPPLEMENT,
            DESK | PROCESSORS,
            Where.EITHER,
        ),
        # Decree 118/2025 Art. 19.5: after reception the appraising agency proposes, the desk issues.
        _t(
            "propose_supplement",
            _("Đề nghị bổ sung hồ sơ (chuyển Bộ phận Một cửa)"),
            WORKING,
            None,
            PROCESSORS,
        ),
        _t(
            "complete_supplement",
            _("Tiếp nhận hồ sơ bổ sung"),
            {S.AWAITING_SUPPLEMENT},
            None,
            DESK | PROCESSORS,
            Where.EITHER,
        ),
        _t("assign", _("Phân công xử lý"), WORKING, S.PROCESSING, MANAGERS),
        _t("forward", _("Chuyển bước tiếp theo"), WORKING, S.PROCESSING, PROCESSORS | DESK),
        _t("send_back", _("Trả lại bước trước"), {S.PROCESSING}, S.PROCESSING, PROCESSORS),
        _t("note", _("Ghi ý kiến xác minh"), {S.PROCESSING}, None, PROCESSORS),
        _t("hand_off", _("Chuyển liên thông"), {S.PROCESSING}, S.PROCESSING, PROCESSORS),
        _t("hand_back", _("Trả lại cơ quan chủ trì"), {S.PROCESSING}, S.PROCESSING, PROCESSORS),
        # Decree 118/2025 Art. 20.2 (dossiers.routing): the holder sets up the route; each agency
        # receives the dossier with its transfer slip and records its part done.
        _t("route", _("Chuyển liên thông theo tuyến"), {S.PROCESSING}, S.PROCESSING, PROCESSORS),
        _t(
            "route_send",
            _("Chuyển hồ sơ liên thông (phiếu chuyển xử lý)"),
            {S.PROCESSING, *PAUSED},
            None,
            PROCESSORS,
            Where.LEG,
        ),
        _t(
            "route_done",
            _("Hoàn thành phần việc liên thông"),
            {S.PROCESSING, *PAUSED},
            None,
            PROCESSORS,
            Where.LEG,
        ),
        _t("approve", _("Phê duyệt"), {S.PROCESSING}, S.PROCESSING, {Role.LEADER}),
        _t(
            "request_obligation",
            _("Yêu cầu thực hiện nghĩa vụ tài chính"),
            {S.PROCESSING},
            S.AWAITING_OBLIGATION,
            PROCESSORS,
        ),
        _t(
            "fulfil_obligation",
            _("Hoàn thành nghĩa vụ tài chính"),
            {S.AWAITING_OBLIGATION},
            S.PROCESSING,
            DESK | PROCESSORS,
            Where.EITHER,
        ),
        _t(
            "issue_apology",
            _("Phát hành phiếu xin lỗi, hẹn lại"),
            {*WORKING, *PAUSED},
            None,
            PROCESSORS | DESK,
            Where.EITHER,
        ),
        # Decree 118/2025 Art. 19.6: the agency holding the dossier asks (head or leader), the
        # receiving desk applies the new appointment (dossiers.extension).
        _t(
            "request_extension",
            _("Đề nghị gia hạn thời gian giải quyết"),
            {*WORKING, *PAUSED},
            None,
            MANAGERS,
        ),
        _t(
            "apply_extension",
            _("Điều chỉnh thời gian trả kết quả (gia hạn)"),
            {*WORKING, *PAUSED},
            None,
            DESK,
            Where.RECEIVING,
        ),
        _t(
            "issue_result",
            _("Ban hành kết quả"),
            {S.PROCESSING},
            S.READY_FOR_RETURN,
            {Role.CLERK, Role.LEADER, Role.SPECIALIST},
        ),
        _t("refuse", _("Từ chối giải quyết"), {S.PROCESSING}, S.REFUSED, MANAGERS),
        _t("return_result", _("Trả kết quả"), {S.READY_FOR_RETURN}, S.RETURNED, DESK, Where.RECEIVING),
        # Decree 118/2025 Art. 20.1.a: the receiving desk carries the paper to the competent authority.
        _t(
            "transfer_paper",
            _("Chuyển hồ sơ giấy"),
            {*WORKING, *PAUSED, S.READY_FOR_RETURN},
            None,
            DESK,
            Where.RECEIVING,
        ),
        # Decree 118/2025 Art. 21.1: «dừng thực hiện thủ tục hành chính» at the applicant's request,
        # until the result is issued (never from READY_FOR_RETURN on); the desk records a written
        # request, the applicant may also ask on the citizen page or through the national portal.
        _t(
            "withdraw",
            _("Rút hồ sơ theo yêu cầu"),
            {S.AWAITING_RECEPTION, *WORKING, *PAUSED},
            S.WITHDRAWN,
            DESK,
            Where.RECEIVING,
            applicant=True,
        ),
        # Art. 21.3: «điều chỉnh nội dung hồ sơ» in the same window; the dossier is flagged for a
        # re-check, which an officer of the receiving desk or the holding agency clears.
        _t(
            "amend",
            _("Điều chỉnh nội dung hồ sơ theo yêu cầu"),
            {S.AWAITING_RECEPTION, *WORKING, *PAUSED},
            None,
            DESK,
            Where.RECEIVING,
            applicant=True,
        ),
        _t(
            "check_amendment",
            _("Đã kiểm tra nội dung điều chỉnh"),
            {S.AWAITING_RECEPTION, *WORKING, *PAUSED, S.READY_FOR_RETURN},
            None,
            DESK | PROCESSORS,
            Where.EITHER,
        ),
        _t("stop", _("Dừng xử lý"), {*WORKING, *PAUSED}, S.STOPPED, MANAGERS),
        # Decree 118/2025 Art. 17.2.b: an online dossier for another authority ends with guidance.
        _t(
            "redirect",
            _("Không thuộc thẩm quyền, hướng dẫn nộp đúng nơi"),
            {S.AWAITING_RECEPTION},
            S.REFUSED,
            DESK,
            Where.RECEIVING,
        ),
        # Decree 118/2025 Art. 19.5: only the desk closes, once the supplement is overdue.
        _t("close", _("Đóng hồ sơ"), {S.AWAITING_SUPPLEMENT}, S.CLOSED, DESK, Where.RECEIVING),
        # Decree 118/2025 Art. 23.1 (dossiers.corrections): the desk sends a wrong result back to the
        # competent authority, which corrects it within 03 working days; the desk returns it. The
        # dossier's state and timeliness stay as they were.
        _t(
            "request_correction",
            _("Chuyển đính chính kết quả"),
            {S.READY_FOR_RETURN, S.RETURNED},
            None,
            DESK,
            Where.RECEIVING,
        ),
        _t(
            "issue_correction",
            _("Đính chính kết quả"),
            {S.READY_FOR_RETURN, S.RETURNED},
            None,
            {Role.CLERK, Role.LEADER, Role.SPECIALIST},
        ),
        _t(
            "return_correction",
            _("Trả kết quả đã đính chính"),
            {S.RETURNED},
            None,
            DESK,
            Where.RECEIVING,
        ),
    ]
}


def transition(action: str) -> Transition:
    try:
        return TRANSITIONS[action]
    except KeyError:
        raise KeyError(action) from None
