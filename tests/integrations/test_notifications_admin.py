"""The notifications list: what failed and why, a resend for failed or given-up notices, and each
officer sees only the notices of dossiers that passed through their agencies."""

from django.core import mail
from django.test import Client

from motcua.integrations.models import Notification
from tests.factories import APPLICANT, Desk
from tests.integrations.conftest import receive

CHANGELIST = "/admin/integrations/notification/"


def staff_client(user) -> Client:
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_resend_sends_failed_and_dead_notices_again(
    scene, sink, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.integrations.providers.DownEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(scene)
    email = Notification.objects.get(dossier=d, channel="email")
    Notification.objects.filter(pk=email.pk).update(state="dead", attempts=5, next_attempt_at=None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = staff_client(scene.desk)
    sent = Notification.objects.filter(dossier=d).values_list("pk", flat=True)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            CHANGELIST,
            {"action": "resend_notifications", "_selected_action": list(sent)},
            follow=True,
        )
    assert "Đã đưa 1 thông báo vào hàng đợi gửi lại." in page.content.decode()
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 1)
    assert len(mail.outbox) == 1 and len(sink) == 1  # the SMS had gone already and is not resent


def test_list_filters_by_state_and_searches_by_dossier_code(
    scene, sink, settings, django_capture_on_commit_callbacks
):
    settings.MOTCUA_SMS_PROVIDER = "tests.integrations.providers.DownSmsProvider"
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(scene)
    client = staff_client(scene.desk)
    failed = client.get(CHANGELIST, {"state__exact": "failed"}).content.decode()
    assert "0912345678" in failed and "an@example.vn" not in failed
    found = client.get(CHANGELIST, {"q": d.code}).content.decode()
    assert "an@example.vn" in found and "0912345678" in found
    assert "an@example.vn" not in client.get(CHANGELIST, {"q": "khong-co"}).content.decode()


def test_officers_see_only_their_agencies_notices(scene, django_capture_on_commit_callbacks):
    other = Desk(
        "000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version, with_process=False
    )
    receive(scene)
    theirs = receive(other, {**APPLICANT, "identifier": "001090044444", "email": "khac@example.vn"})
    page = staff_client(scene.desk).get(CHANGELIST).content.decode()
    assert "an@example.vn" in page and "khac@example.vn" not in page
    row = Notification.objects.filter(dossier=theirs).first()
    assert staff_client(scene.desk).get(f"{CHANGELIST}{row.pk}/change/").status_code in (302, 404)
    assert staff_client(other.desk).get(f"{CHANGELIST}{row.pk}/change/").status_code == 200
