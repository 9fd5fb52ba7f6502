"""Each moment the citizen must know about: supplement request, apology, result, refusal, payment,
answered petition — with what the message must say."""

from datetime import timedelta
from types import SimpleNamespace

from django.core import mail
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.states import Channel
from motcua.integrations.models import Notification
from motcua.integrations.notifications.subscribers import on_payment_confirmed, on_petition_answered
from tests.factories import APPLICANT, required_components
from tests.integrations.conftest import receive


def walk_to_result(scene, d):
    services.assign(d.pk, actor=scene.head, assignee=scene.desk)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader)
    services.approve(d.pk, actor=scene.leader)
    services.forward(d.pk, actor=scene.leader, to_user=scene.clerk)
    return services.issue_result(d.pk, actor=scene.clerk, note="Giấy chứng nhận kết hôn")


def only(kind: str) -> tuple[Notification, Notification]:
    rows = Notification.objects.filter(kind=kind).order_by("channel")
    assert [n.channel for n in rows] == ["email", "sms"]
    return rows[0], rows[1]


def test_supplement_request_lists_what_to_add(scene, django_capture_on_commit_callbacks):
    d = receive(scene)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_supplement(
            d.pk,
            actor=scene.desk,
            items=[{"name": "Tờ khai", "reason": "thiếu chữ ký"}, "Bản sao giấy khai sinh"],
        )
    email, sms = only("supplement_requested")
    assert "1. Tờ khai: thiếu chữ ký" in email.body and "2. Bản sao giấy khai sinh" in email.body
    assert "To khai: thieu chu ky; Ban sao giay khai sinh" in sms.body
    assert email.state == sms.state == "sent"
    assert mail.outbox[-1].subject == f"Hồ sơ {d.code} cần bổ sung, hoàn thiện"


def test_apology_gives_the_new_appointment(scene, django_capture_on_commit_callbacks):
    from tests.dossiers.conftest import vn

    # The 2018 apology letter belongs to dossiers received before 1/7/2025 (Decree 61/2018).
    d = receive(scene, at=vn("2025-06-10 09:00"))
    new_due = d.due_at + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_apology(d.pk, actor=scene.desk, reason="Phải xác minh thêm", new_due_at=new_due)
    email, sms = only("apology")
    shown = timezone.localtime(new_due).strftime("%H:%M ngày %d/%m/%Y")
    assert shown in email.body and "Lý do: Phải xác minh thêm" in email.body
    assert "Hen tra ket qua moi: " + shown.replace("ngày", "ngay") in sms.body


def test_result_ready_says_how_to_receive_it(scene, django_capture_on_commit_callbacks):
    # Received 40 days ago (15 working days are past): the result is not early, so the plain
    # "result ready" notice goes (an early one is announced as such, Decree 118/2025 Art. 22.5).
    d = receive(scene, at=timezone.now() - timedelta(days=40))
    with django_capture_on_commit_callbacks(execute=True):
        walk_to_result(scene, d)
    email, sms = only("result_ready")
    assert "Bộ phận Một cửa của Ủy ban nhân dân phường Ba Đình" in email.body
    assert "giấy tờ tùy thân" in email.body and "Giấy chứng nhận kết hôn" in email.body
    assert d.code in sms.body and "Bo phan Mot cua" in sms.body
    # Intermediate steps (assign, forward, approve) tell the citizen nothing (and the reception
    # 40 days ago is old news).
    assert set(Notification.objects.values_list("kind", flat=True)) == {"result_ready"}


def test_refusal_at_reception_gives_the_reasons(scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive(scene, outcome="refuse", items=["Thủ tục không thuộc thẩm quyền"])
    email, sms = only("refused")
    assert "không được tiếp nhận" in email.body and "1. Thủ tục không thuộc thẩm quyền" in email.body
    assert sms.body == "Ho so khong duoc tiep nhan. Ly do: Thu tuc khong thuoc tham quyen."


def test_refusal_of_an_online_dossier(scene, django_capture_on_commit_callbacks):
    d = services.receive(
        actor=None,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        channel=Channel.ONLINE,
        components=required_components(scene.version),
    ).dossier
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse_reception(d.pk, actor=scene.desk, reasons=["Sai cơ quan"])
    email, _sms = only("refused")
    assert "Sai cơ quan" in email.body and email.state == "sent"


def test_refusal_after_appraisal(scene, django_capture_on_commit_callbacks):
    d = receive(scene)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk)
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse(d.pk, actor=scene.leader, reasons=["Không đủ điều kiện kết hôn"])
    email, sms = only("refused")
    assert "không được giải quyết" in email.body and d.code in email.subject
    assert "khong duoc giai quyet" in sms.body


def test_payment_confirmed(scene, sink, django_capture_on_commit_callbacks):
    d = receive(scene)
    payment = SimpleNamespace(pk=41, dossier=d, amount_vnd=1250000, receipt_number="BL-000123")
    with django_capture_on_commit_callbacks(execute=True):
        on_payment_confirmed(sender=None, payment=payment)
        on_payment_confirmed(sender=None, payment=payment)  # the provider's callback came twice
    email, sms = only("payment_confirmed")
    assert "Số tiền: 1.250.000 đồng" in email.body and "Số biên lai: BL-000123" in email.body
    assert sms.body == f"Da nhan thanh toan 1.250.000 dong cho ho so {d.code}. Bien lai so BL-000123."
    assert email.dossier_id == d.pk and email.event_seq is None


def test_petition_answered(db, sink, django_capture_on_commit_callbacks):
    petition = SimpleNamespace(
        pk=7,
        code="PAKN-2026-0007",
        title="Thái độ tiếp dân",
        sender_name="Trần Thị Bình",
        sender_email="binh@example.vn",
        sender_phone="+84 987 654 321",
        answer="Cơ quan đã nhắc nhở cán bộ.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        on_petition_answered(sender=None, petition=petition)
    email, sms = only("petition_answered")
    assert email.dossier is None and email.recipient == "binh@example.vn"
    assert "Kính gửi Trần Thị Bình" in email.body and "Cơ quan đã nhắc nhở cán bộ." in email.body
    assert sms.recipient == "0987654321" and sink[0]["to"] == "84987654321"
