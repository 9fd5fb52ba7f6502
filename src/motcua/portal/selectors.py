"""Public look-ups: a dossier is shown only to whoever knows its code and its owner's identifier."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierEvent

from .verification import account_identifier, is_proven

# Plain words for the applicant, by action (the control sheet keeps the officers' wording).
PUBLIC_STEPS = {
    "submit": _("Đã nộp hồ sơ trực tuyến"),
    "accept": _("Hồ sơ đã được tiếp nhận"),
    "refuse_reception": _("Hồ sơ không được tiếp nhận"),
    "request_supplement": _("Cơ quan yêu cầu bổ sung hồ sơ"),
    "complete_supplement": _("Đã nhận hồ sơ bổ sung"),
    "assign": _("Hồ sơ đang được xử lý"),
    "forward": _("Hồ sơ được chuyển bước xử lý"),
    "send_back": _("Hồ sơ được xem xét lại"),
    "hand_off": _("Hồ sơ được chuyển cơ quan phối hợp"),
    "hand_back": _("Cơ quan phối hợp đã trả hồ sơ"),
    "approve": _("Lãnh đạo đã phê duyệt"),
    "request_obligation": _("Chờ thực hiện nghĩa vụ tài chính"),
    "fulfil_obligation": _("Đã hoàn thành nghĩa vụ tài chính"),
    "issue_apology": _("Cơ quan xin lỗi và hẹn lại ngày trả kết quả"),
    "apply_extension": _("Đã gia hạn, hẹn lại ngày trả kết quả"),
    "issue_result": _("Đã có kết quả, chờ trả"),
    "refuse": _("Hồ sơ bị từ chối giải quyết"),
    "return_result": _("Đã trả kết quả"),
    "withdraw": _("Hồ sơ đã được rút theo yêu cầu"),
    "amend": _("Đã điều chỉnh nội dung hồ sơ theo yêu cầu của người nộp"),
    "stop": _("Dừng xử lý hồ sơ"),
    "redirect": _("Hồ sơ không thuộc thẩm quyền của cơ quan tiếp nhận"),
    "close": _("Hồ sơ đã đóng do không bổ sung, hoàn thiện trong thời hạn"),
    "route_send": _("Hồ sơ được chuyển liên thông đến cơ quan phối hợp"),
    "route_done": _("Cơ quan phối hợp đã hoàn thành phần việc liên thông"),
    "request_correction": _("Kết quả được chuyển cơ quan có thẩm quyền để đính chính"),
    "issue_correction": _("Cơ quan có thẩm quyền đã đính chính kết quả"),
    "return_correction": _("Đã trả kết quả đã đính chính"),
}

# Between offices, not told to the applicant: notes, the appraisal's proposal of a supplement (the
# desk issues the request, Decree 118/2025 Art. 19.5) and the paper transfer to the competent authority.
# Setting up an inter-agency route is internal too: each hand-over along it is told (route_send).
INTERNAL = ("note", "propose_supplement", "request_extension", "transfer_paper", "check_amendment", "route")


def lookup(code: str, identifier: str) -> Dossier | None:
    code, identifier = (code or "").strip(), (identifier or "").strip()
    if not code or not identifier:
        return None
    return (
        Dossier.objects.select_related("agency", "procedure_version__procedure", "applicant")
        .filter(code=code, applicant__identifier=identifier)
        .first()
    )


def public_timeline(dossier: Dossier) -> list[tuple]:
    events = DossierEvent.objects.filter(dossier=dossier).exclude(action__in=INTERNAL).order_by("seq")
    return [(e.at, _public_text(e)) for e in events]


def _public_text(event: DossierEvent) -> str:
    text = str(PUBLIC_STEPS.get(event.action, event.action))
    if event.action == "redirect":  # the guidance is the answer itself (Decree 118/2025 Art. 17.2.b)
        data = event.data if isinstance(event.data, dict) else {}
        where = data.get("competent_agency_name") or ""
        text = f"{text}. {event.note}" + (f" — {_('Cơ quan có thẩm quyền')}: {where}" if where else "")
    if event.action == "apply_extension" and isinstance(event.data, dict) and event.data.get("new_due_at"):
        new = datetime.fromisoformat(event.data["new_due_at"])
        text = f"{text}: {timezone.localtime(new):%H:%M %d/%m/%Y}"
    return text


def citizen_identifier(user) -> str:
    """The personal ID (or enterprise code) a citizen account logs in with; "" for anyone else."""
    return account_identifier(user)


def my_dossiers(user):
    """The citizen's dossiers, newest first; none for others.

    An account that has proven its personal ID / enterprise code (``portal.verification``) sees
    every dossier of that identifier; until then only those it submitted itself online — anyone
    can type someone else's ID when registering (issue 14, item 4).
    """
    identifier = citizen_identifier(user)
    if not identifier:
        return Dossier.objects.none()
    if is_proven(user):
        mine = Dossier.objects.filter(applicant__identifier=identifier)
    else:
        mine = Dossier.objects.filter(submission__user=user, applicant__identifier=identifier)
    return mine.select_related("agency", "procedure_version__procedure", "applicant").order_by(
        "-submitted_at", "-id"
    )


def get_my_dossier(user, dossier_id: int) -> Dossier | None:
    """One of the citizen's own dossiers, or None — also for someone else's (no hint it exists)."""
    return my_dossiers(user).filter(pk=dossier_id).first()
