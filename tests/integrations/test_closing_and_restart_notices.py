"""Decree 118/2025 Art. 19.5 seen from outside: a restarted limit is a new appointment told to the
applicant; a closed dossier is told to the applicant with the reason and synced to the national
portal under the configured status code (MOTCUA_PORTAL_STATUS_CLOSED, default 8)."""

from datetime import timedelta

from django.utils import timezone

from motcua.dossiers import services
from motcua.integrations.models import Notification, SyncItem
from tests.integrations.conftest import receive


def _overdue_supplement(scene):
    # Received and asked 16 days ago: the notice is older than 15 days, the dossier may be closed now.
    then = timezone.now() - timedelta(days=16)
    d = receive(scene, at=then)
    return services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao giấy khai sinh"], at=then)


def test_closing_tells_the_applicant_why_and_syncs_the_mapped_code(scene, django_capture_on_commit_callbacks):
    d = _overdue_supplement(scene)
    with django_capture_on_commit_callbacks(execute=True):
        d = services.close(d.pk, actor=scene.desk)
    email = Notification.objects.get(dossier=d, kind="closed", channel="email")
    assert "Quá 15 ngày kể từ khi thông báo" in email.body and d.code in email.subject
    assert "đã được đóng" in email.body and "nộp một hồ sơ mới" in email.body
    assert "khoản 5 Điều 19 Nghị định 118/2025/NĐ-CP" in email.body
    assert not Notification.objects.filter(dossier=d, kind="refused").exists()
    sms = Notification.objects.get(dossier=d, kind="closed", channel="sms")
    assert sms.body.startswith(f"Ho so {d.code} da bi dong do khong bo sung trong thoi han (Dieu 19.5")
    assert "co the nop ho so moi" in sms.body
    item = SyncItem.objects.get(dossier=d, seq=d.event_count)
    assert item.status_code == 8
    assert item.payload["QuaTrinhXuLy"]["ThaoTac"] == "close"
    assert item.payload["QuaTrinhXuLy"]["DenTrangThai"] == 8


def test_the_portal_code_of_closing_is_a_setting(scene, settings, django_capture_on_commit_callbacks):
    settings.MOTCUA_PORTAL_STATUS_CLOSED = 12
    d = _overdue_supplement(scene)
    with django_capture_on_commit_callbacks(execute=True):
        d = services.close(d.pk, actor=scene.desk)
    item = SyncItem.objects.get(dossier=d, seq=d.event_count)
    assert item.status_code == 12 and item.payload["HoSo"]["TrangThaiHoSo"] == 12


def test_a_restarted_limit_is_told_as_a_new_appointment(scene, django_capture_on_commit_callbacks):
    d = receive(scene, at=timezone.now() - timedelta(days=3))
    d = services.request_supplement(
        d.pk, actor=scene.desk, items=["Bản sao"], at=timezone.now() - timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        d = services.complete_supplement(d.pk, actor=scene.desk)
    email = Notification.objects.get(
        dossier=d, kind="received", channel="email", key__endswith=f"-{d.event_count}"
    )
    assert "tính lại từ đầu" in email.body
    assert timezone.localtime(d.due_at).strftime("%d/%m/%Y") in email.body
