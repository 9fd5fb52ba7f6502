"""Public look-ups: a dossier is shown only to whoever knows its code and its owner's identifier."""

from motcua.dossiers.models import Dossier, DossierEvent

# Plain words for the applicant, by action (the control sheet keeps the officers' wording).
PUBLIC_STEPS = {
    "submit": "Đã nộp hồ sơ trực tuyến",
    "accept": "Hồ sơ đã được tiếp nhận",
    "refuse_reception": "Hồ sơ không được tiếp nhận",
    "request_supplement": "Cơ quan yêu cầu bổ sung hồ sơ",
    "complete_supplement": "Đã nhận hồ sơ bổ sung",
    "assign": "Hồ sơ đang được xử lý",
    "forward": "Hồ sơ được chuyển bước xử lý",
    "send_back": "Hồ sơ được xem xét lại",
    "hand_off": "Hồ sơ được chuyển cơ quan phối hợp",
    "hand_back": "Cơ quan phối hợp đã trả hồ sơ",
    "approve": "Lãnh đạo đã phê duyệt",
    "request_obligation": "Chờ thực hiện nghĩa vụ tài chính",
    "fulfil_obligation": "Đã hoàn thành nghĩa vụ tài chính",
    "issue_apology": "Cơ quan xin lỗi và hẹn lại ngày trả kết quả",
    "issue_result": "Đã có kết quả, chờ trả",
    "refuse": "Hồ sơ bị từ chối giải quyết",
    "return_result": "Đã trả kết quả",
    "withdraw": "Hồ sơ đã được rút theo yêu cầu",
    "stop": "Dừng xử lý hồ sơ",
}


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
    events = DossierEvent.objects.filter(dossier=dossier).exclude(action="note").order_by("seq")
    return [(e.at, PUBLIC_STEPS.get(e.action, e.action)) for e in events]
