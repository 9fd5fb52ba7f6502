"""The applicant's own requests on a dossier in progress (Decree 118/2025 Art. 21) and the notice
before an early return (Art. 22.5).

*Stop* (yêu cầu dừng thực hiện thủ tục hành chính, Art. 21.1) and *adjustment of content* (điều
chỉnh nội dung hồ sơ, Art. 21.3) are the applicant's right from reception «cho đến trước khi cơ
quan … ban hành quyết định giải quyết»: the Decree leaves the agency no discretion, so a request
takes effect at once — recorded as the "withdraw" or "amend" event with its source (the citizen
page, the national portal) and no staff actor — instead of waiting for a desk's confirmation. The
receiving desk still records a written request on paper with the same "withdraw" action
(``services.withdraw``). After the result is issued both are refused with the reason.

An adjustment keeps the content before and after in the event and flags the dossier for a
re-check (``Dossier.amended_at``), cleared by an officer's "check_amendment". The time limit is
not changed: the Decree says nothing about an adjustment moving it.

Requests from the portal carry the portal's request id: the same id twice gives one event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.org.models import User

from .errors import InvalidInput, NotAllowed, NotFound
from .models import Dossier, DossierEvent
from .states import ENDED, State, transition

CITIZEN_PAGE = "citizen_page"
PORTAL = "portal"
SOURCES = {
    CITIZEN_PAGE: gettext_lazy("trang hồ sơ của người nộp trên Cổng dịch vụ công của tỉnh"),
    PORTAL: gettext_lazy("Cổng Dịch vụ công quốc gia"),
}
RESULT_ISSUED = frozenset({State.READY_FOR_RETURN, State.RETURNED})
# What the applicant may adjust (Art. 21.3): the summary, the e-form, the contact details. A
# component file is replaced by the caller (the documents app stores it) and named in ``files``.
FIELDS = {
    "summary": gettext_lazy("Trích yếu"),
    "applicant_name": gettext_lazy("Họ tên / tên tổ chức"),
    "contact_address": gettext_lazy("Địa chỉ liên hệ"),
    "contact_phone": gettext_lazy("Điện thoại liên hệ"),
    "contact_email": gettext_lazy("Thư điện tử liên hệ"),
}
MAX_LENGTH = {"summary": 500, "applicant_name": 255, "contact_address": 255, "contact_phone": 50}
REASON_MAX = 1000
FLAG = gettext_lazy("Hồ sơ đã được điều chỉnh — cần kiểm tra lại")


class DuplicateRequest(NotAllowed):
    """The same request id was already applied: the caller answers with the first outcome."""

    def __init__(self, event: DossierEvent):
        super().__init__(_("Yêu cầu này đã được ghi nhận."), code="duplicate_request")
        self.event = event


# ------------------------------------------------------------------------------ checks


def refusal(d: Dossier, action: str) -> str | None:
    """Why the applicant can no longer stop or adjust this dossier, in words for them; None if
    they can. The transition table stays the judge; this gives the clearer sentence first."""
    what = _("dừng giải quyết") if action == "withdraw" else _("điều chỉnh nội dung")
    if d.state == State.WITHDRAWN:
        return _("Hồ sơ đã được dừng giải quyết theo yêu cầu của người nộp.")
    if d.state in RESULT_ISSUED:
        return _(
            "Hồ sơ đã có kết quả giải quyết nên không thể %(what)s (Nghị định 118/2025/NĐ-CP, Điều 21: "
            "chỉ được yêu cầu trước khi ban hành kết quả)."
        ) % {"what": what}
    if d.state in ENDED:
        return _("Hồ sơ đã kết thúc xử lý (%(state)s) nên không thể %(what)s.") % {
            "state": d.state_label,
            "what": what,
        }
    if d.state not in transition(action).sources:  # pragma: no cover — every open state is a source
        return _("Không thể %(what)s hồ sơ ở trạng thái «%(state)s».") % {
            "what": what,
            "state": d.state_label,
        }
    return None


def _reason(text: str, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise InvalidInput(_("Cần ghi lý do yêu cầu dừng giải quyết hồ sơ."), code="empty_reason")
    if len(text) > REASON_MAX:
        raise InvalidInput(_("Lý do dài quá %(n)s ký tự.") % {"n": REASON_MAX}, code="reason_too_long")
    return text


def _source(source: str) -> str:
    if source not in SOURCES:
        raise InvalidInput(_("Nguồn yêu cầu không hợp lệ: %(s)s.") % {"s": source})
    return source


def _request_id(request_id: str) -> str:
    request_id = (request_id or "").strip()
    if len(request_id) > 100:
        raise InvalidInput(_("Mã yêu cầu dài quá 100 ký tự."))
    return request_id


def applied_request(d: Dossier, request_id: str) -> DossierEvent | None:
    """The event that already applied this request id, if any."""
    if not request_id:
        return None
    return d.events.filter(action__in=("withdraw", "amend"), data__request_id=request_id).first()


def _guard(dossier_id: int, action: str, request_id: str) -> Dossier:
    d = Dossier.objects.filter(pk=dossier_id).first()
    if d is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    done = applied_request(d, request_id)
    if done is not None:
        raise DuplicateRequest(done)
    why = refusal(d, action)
    if why:
        raise NotAllowed(why, code="after_result" if d.state in RESULT_ISSUED else "out_of_turn")
    return d


def _again_under_lock(d: Dossier, request_id: str) -> None:
    done = applied_request(d, request_id)
    if done is not None:  # a twin of this request got the lock first
        raise DuplicateRequest(done)


def _who(d: Dossier, source: str) -> str:
    return _("%(name)s (người nộp, qua %(source)s)") % {"name": d.contact.name, "source": SOURCES[source]}


# ------------------------------------------------------------------------------ stop (Art. 21.1)


def withdraw(
    dossier_id: int, *, reason: str, source: str, request_id: str = "", at: datetime | None = None
) -> Dossier:
    """The applicant stops their dossier; it ends at once as "withdrawn" (state 7)."""
    from . import services

    reason, source, request_id = _reason(reason, True), _source(source), _request_id(request_id)
    _guard(dossier_id, "withdraw", request_id)

    def change(d: Dossier, at: datetime):
        _again_under_lock(d, request_id)
        fields = services._close_pause(d, at, reason)
        data = {"source": source, "by_applicant": True}
        if request_id:
            data["request_id"] = request_id
        return {**fields, "actor_name": _who(d, source), "data": data}

    return services._act(dossier_id, "withdraw", None, at, change, by_applicant=True)


# ------------------------------------------------------------------- adjustment (Art. 21.3)


@dataclass(frozen=True)
class FileChange:
    """A component file the applicant replaced (stored by the documents app before the call)."""

    component: str
    file_name: str
    replaced: str = ""


def _clean_changes(d: Dossier, changes: dict) -> tuple[dict, dict]:
    """(row values to set, before/after by field) — only what really differs."""
    if not isinstance(changes, dict):
        raise InvalidInput(_("Nội dung điều chỉnh không hợp lệ."))
    unknown = sorted(set(changes) - set(FIELDS) - {"form_data"})
    if unknown:
        raise InvalidInput(
            _("Không điều chỉnh được các trường: %(f)s.") % {"f": ", ".join(unknown)}, code="unknown_field"
        )
    values, diff = {}, {}
    for name in FIELDS:
        if name not in changes or changes[name] is None:
            continue
        new = str(changes[name]).strip()
        limit = MAX_LENGTH.get(name)
        if limit and len(new) > limit:
            raise InvalidInput(
                _("%(f)s dài quá %(n)s ký tự.") % {"f": FIELDS[name], "n": limit}, code="too_long"
            )
        if name == "applicant_name" and not new:
            raise InvalidInput(_("Họ tên chủ hồ sơ không được để trống."), code="empty_name")
        if name == "contact_email" and new:
            try:
                validate_email(new)
            except ValidationError:
                raise InvalidInput(_("Địa chỉ thư điện tử không hợp lệ: %(e)s.") % {"e": new}) from None
        if name == "contact_phone" and new and not _phone_ok(new):
            raise InvalidInput(
                _("Số điện thoại không hợp lệ: %(p)s (cần 9–15 chữ số).") % {"p": new}, code="bad_phone"
            )
        old = current(d, name)
        if new != old:
            values[name], diff[name] = new, {"before": old, "after": new}
    if changes.get("form_data") is not None:
        form = changes["form_data"]
        if not isinstance(form, dict):
            raise InvalidInput(_("Nội dung tờ khai điện tử phải là danh sách trường và giá trị."))
        held = dict(d.form_data or {})
        before = {k: held.get(k) for k, v in form.items() if held.get(k) != v}
        if before:
            values["form_data"] = {**held, **{k: form[k] for k in before}}
            diff["form_data"] = {"before": before, "after": {k: form[k] for k in before}}
    return values, diff


CONTACT_OF = {
    "applicant_name": "name",
    "contact_address": "address",
    "contact_phone": "phone",
    "contact_email": "email",
}


def current(d: Dossier, name: str) -> str:
    """The value the applicant sees now: a contact detail not given with this dossier is the one
    on the applicant record (``Dossier.contact``)."""
    if name in CONTACT_OF:
        return getattr(d.contact, CONTACT_OF[name]) or ""
    return getattr(d, name) or ""


def _phone_ok(phone: str) -> bool:
    digits = phone.removeprefix("+").replace(" ", "").replace(".", "").replace("-", "")
    return digits.isdigit() and 9 <= len(digits) <= 15


def amend(
    dossier_id: int,
    *,
    changes: dict,
    source: str,
    reason: str = "",
    files: list[FileChange] | tuple = (),
    request_id: str = "",
    actor: User | None = None,
    at: datetime | None = None,
) -> Dossier:
    """The applicant adjusts the content of their dossier: an "amend" event keeping before and
    after; the dossier waits for an officer's re-check. ``actor``: a desk officer recording a
    written request (rights checked as usual); without one, the applicant acts themselves."""
    from . import services

    reason, source, request_id = _reason(reason, False), _source(source), _request_id(request_id)
    d = _guard(dossier_id, "amend", request_id)
    _values, diff = _clean_changes(d, changes)  # checked before the lock: bad input changes nothing
    if not diff and not files:
        raise InvalidInput(_("Không có nội dung nào thay đổi so với hồ sơ hiện tại."), code="nothing_changed")

    def change(d: Dossier, at: datetime):
        _again_under_lock(d, request_id)
        values, diff = _clean_changes(d, changes)  # against the locked row
        if not diff and not files:
            raise InvalidInput(
                _("Không có nội dung nào thay đổi so với hồ sơ hiện tại."), code="nothing_changed"
            )
        for name, value in values.items():
            setattr(d, name, value)
        # The time limit stays as it is: Art. 21.3 does not say that an adjustment moves it.
        d.amended_at = at
        data = {
            "source": source,
            "changes": diff,
            "files": [vars(f) for f in files],
            "by_applicant": actor is None,
        }
        if request_id:
            data["request_id"] = request_id
        fields = {"note": reason, "data": data}
        if actor is None:
            fields["actor_name"] = _who(d, source)
        return fields

    return services._act(dossier_id, "amend", actor, at, change, by_applicant=actor is None)


def check_amendment(dossier_id: int, *, actor: User, note: str = "", at: datetime | None = None) -> Dossier:
    """An officer has re-checked the adjusted content: the flag goes."""
    from . import services

    def change(d: Dossier, at: datetime):
        if d.amended_at is None:
            raise NotAllowed(
                _("Hồ sơ không có nội dung điều chỉnh nào đang chờ kiểm tra."), code="nothing_to_check"
            )
        amended = d.amended_at
        d.amended_at = None
        return {
            "agency": d.current_agency,
            "note": (note or "").strip(),
            "data": {"amended_at": services._iso(amended)},
        }

    return services._act(dossier_id, "check_amendment", actor, at, change)


def describe(event: DossierEvent) -> list[str]:
    """Lines saying what an "amend" event changed (for the timeline and the notice)."""
    data = event.data if isinstance(event.data, dict) else {}
    lines = []
    for name, change in (data.get("changes") or {}).items():
        if name == "form_data":
            for key, after in (change.get("after") or {}).items():
                before = (change.get("before") or {}).get(key)
                lines.append(
                    _("Tờ khai — %(k)s: «%(b)s» → «%(a)s»") % {"k": key, "b": before or "", "a": after}
                )
            continue
        label = FIELDS.get(name, name)
        lines.append(
            _("%(f)s: «%(b)s» → «%(a)s»")
            % {"f": label, "b": change.get("before", ""), "a": change.get("after")}
        )
    for f in data.get("files") or []:
        lines.append(
            _("Thay tệp thành phần «%(c)s»: %(n)s")
            % {"c": f.get("component", ""), "n": f.get("file_name", "")}
        )
    return lines


def source_label(event: DossierEvent) -> str:
    data = event.data if isinstance(event.data, dict) else {}
    return str(SOURCES.get(data.get("source"), ""))


def last_amendment(d: Dossier) -> DossierEvent | None:
    return d.events.filter(action="amend").order_by("-seq").first()


def applicant_withdrawal(d: Dossier) -> DossierEvent | None:
    """The event that stopped the dossier at the applicant's request, if it did."""
    if d.state != State.WITHDRAWN:
        return None
    return d.events.filter(action="withdraw").order_by("-seq").first()


# ------------------------------------------------------------------ early return (Art. 22.5)


def appointment(d: Dossier) -> datetime | None:
    """The appointment told to the applicant: the new one after an extension, else the due time."""
    return d.apology_due_at or d.due_at


def is_early(d: Dossier, at: datetime) -> bool:
    """A result issued on an earlier calendar day than the appointment is returned early: the
    desk must tell the applicant beforehand (Art. 22.5). Issued on the appointment's own day, the
    applicant comes as told — the same line as "early" in the statistics (domain §4 rule 7)."""
    due = appointment(d)
    return due is not None and timezone.localtime(at).date() < timezone.localtime(due).date()
