"""Every dossier event becomes a sync item in the transaction of the change, and is sent to the
portal in order per dossier: a failing item holds back its own dossier, never the others."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.errors import DossierError
from motcua.dossiers.states import State
from motcua.integrations.models import SyncItem
from motcua.integrations.portal_sync import outbox
from motcua.integrations.portal_sync.delivery import MAX_ATTEMPTS, deliver_due, resend
from motcua.integrations.portal_sync.simulator import portal as simulator
from tests.integrations.conftest import receive

SIMULATOR = "motcua.integrations.portal_sync.clients.SimulatorClient"


@pytest.fixture
def portal(settings):
    settings.MOTCUA_PORTAL_CLIENT = SIMULATOR
    settings.MOTCUA_PORTAL_SECRET = "bi-mat-chung"
    settings.MOTCUA_SIMULATORS = frozenset({"portal"})
    simulator.reset()
    yield simulator
    simulator.reset()


def walk(scene, d):
    """From reception to returned result: the events a dossier sends to the portal."""
    services.assign(d.pk, actor=scene.head, assignee=scene.desk)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader)
    services.approve(d.pk, actor=scene.leader)
    services.forward(d.pk, actor=scene.leader, to_user=scene.clerk)
    services.issue_result(d.pk, actor=scene.clerk)
    return services.return_result(d.pk, actor=scene.desk, method="desk", receiver="An")


def test_each_event_writes_one_item_with_the_portal_payload(scene, portal):
    d = receive(scene)
    [item] = SyncItem.objects.filter(dossier=d)
    assert (item.seq, item.kind, item.status_code, item.state) == (1, "create", 2, "pending")
    body = item.payload
    assert body["LoaiDongBo"] == "create" and body["Seq"] == 1
    assert body["MaDongBo"] == f"MOTCUA-{d.pk}"
    dossier = body["HoSo"]
    assert dossier["MaHoSo"] == d.code and d.code.startswith("000.00.06.H56-")
    # Contact, components (with copy type and source), the digitised flag and delivery (domain §11).
    assert dossier["ThanhPhanHoSo"] and {"TenThanhPhan", "LoaiBan", "SoLuong", "Nguon"} <= set(
        dossier["ThanhPhanHoSo"][0]
    )
    assert dossier["DaSoHoa"] == int(any(c["source"] in {"upload", "reuse"} for c in d.components))
    assert {"DiaChi", "SoDienThoai", "Email"} <= set(dossier["ChuHoSo"])
    assert dossier["MaTTHC"] == "1.000894"
    assert dossier["MaCoQuan"] == "000.00.06.H56"
    assert dossier["ChuHoSo"]["SoDinhDanh"] == "001090012345"
    assert dossier["KenhThucHien"] == 1
    assert dossier["TrangThaiHoSo"] == State.RECEIVED
    assert len(dossier["NgayTiepNhan"]) == 14 and dossier["NgayHenTra"] > dossier["NgayTiepNhan"]
    assert body["QuaTrinhXuLy"]["ThaoTac"] == "accept"

    d = walk(scene, d)
    items = list(SyncItem.objects.filter(dossier=d).order_by("seq"))
    events = list(d.events.order_by("seq"))
    assert [i.seq for i in items] == [e.seq for e in events]
    assert [i.status_code for i in items] == [e.to_state for e in events]
    assert [i.kind for i in items] == ["create", "update", "step", "step", "step", "step", "update", "update"]
    last = items[-1].payload["HoSo"]
    assert last["TrangThaiHoSo"] == State.RETURNED and last["NgayTra"] and last["NgayKetThucXuLy"]


def test_a_rolled_back_change_writes_nothing(scene, portal):
    d = receive(scene)
    with pytest.raises(DossierError), transaction.atomic():
        services.assign(d.pk, actor=scene.head, assignee=scene.desk)
        raise DossierError("rollback")
    assert SyncItem.objects.filter(dossier=d).count() == 1


def test_muted_imports_write_nothing(scene, portal):
    with outbox.muted():
        d = receive(scene)
    assert not SyncItem.objects.filter(dossier=d).exists()
    # The first change after the import creates the dossier on the portal.
    services.assign(d.pk, actor=scene.head, assignee=scene.desk)
    [item] = SyncItem.objects.filter(dossier=d)
    assert (item.seq, item.kind) == (2, "create")
    assert deliver_due()["sent"] == 1
    assert portal.holdings()[f"MOTCUA-{d.pk}"]["seqs"] == [2]


def test_items_are_sent_in_order_and_acknowledged(scene, portal):
    d = walk(scene, receive(scene))
    assert deliver_due() == {"sent": 8}
    assert [i["Seq"] for i in portal.store[f"MOTCUA-{d.pk}"]] == list(range(1, 9))
    assert set(SyncItem.objects.values_list("state", flat=True)) == {"sent"}
    assert SyncItem.objects.get(dossier=d, seq=3).ack_id == f"MOTCUA-{d.pk}:3"
    assert deliver_due() == {}


def test_a_failing_item_blocks_its_dossier_only(scene, portal):
    a = receive(scene)
    services.assign(a.pk, actor=scene.head, assignee=scene.desk)
    b = receive(scene)
    portal.configure(fail_next=1)  # the first send (a #1) fails
    outcomes = deliver_due()
    assert outcomes == {"failed": 1, "sent": 1}
    first = SyncItem.objects.get(dossier=a, seq=1)
    assert first.state == "failed" and "503" in first.last_error
    assert 20 < (first.next_attempt_at - timezone.now()).total_seconds() <= 30
    # a #2 is never sent before a #1; b went through.
    assert SyncItem.objects.get(dossier=a, seq=2).state == "pending"
    assert f"MOTCUA-{a.pk}" not in portal.store and f"MOTCUA-{b.pk}" in portal.store
    assert deliver_due() == {}  # a #1 is not due yet, a #2 waits behind it
    assert deliver_due(now=timezone.now() + timedelta(minutes=1)) == {"sent": 2}
    assert [i["Seq"] for i in portal.store[f"MOTCUA-{a.pk}"]] == [1, 2]


def test_retries_give_up_then_resend_from_the_admin(scene, portal, admin_user):
    d = receive(scene)
    portal.configure(down=True)
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        deliver_due(now=now)
        now += timedelta(hours=2)
    item = SyncItem.objects.get(dossier=d)
    assert (item.state, item.attempts) == ("dead", MAX_ATTEMPTS)
    assert "ngừng hoạt động" in item.last_error

    portal.configure(down=False)
    assert deliver_due(now=now) == {}  # dead stays dead until an officer resends it
    model_admin = site._registry[SyncItem]
    request = RequestFactory().post("/")
    request.user = admin_user
    request._messages = _Messages()
    model_admin.resend_items(request, SyncItem.objects.filter(pk=item.pk))
    item.refresh_from_db()
    assert (item.state, item.attempts) == ("pending", 0)
    assert deliver_due() == {"sent": 1}


def test_permanent_refusal_is_dead_at_once(scene, portal, settings):
    settings.MOTCUA_PORTAL_SECRET = "khac"
    d = receive(scene)
    portal.secret = "bi-mat-chung"  # the portal expects another secret: 401 is not retried
    try:
        assert deliver_due() == {"dead": 1}
    finally:
        portal.secret = None
    assert "401" in SyncItem.objects.get(dossier=d).last_error
    assert resend(SyncItem.objects.values_list("pk", flat=True)) == 1


def test_admin_lists_and_filters(scene, portal, admin_client):
    receive(scene)
    response = admin_client.get("/admin/integrations/syncitem/?state__exact=pending")
    assert response.status_code == 200
    assert "MOTCUA-" in response.content.decode()


class _Messages:
    def add(self, level, message, extra_tags=""):
        self.last = message


def test_a_replayed_event_adds_nothing(scene, portal):
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.signals import dossier_changed

    d = receive(scene)
    dossier_changed.send(sender=Dossier, dossier=d, event=d.events.get(), previous_state=None)
    assert SyncItem.objects.filter(dossier=d).count() == 1


def test_backfill_creates_muted_dossiers_on_the_portal(scene, portal):
    import io

    from django.core.management import call_command

    with outbox.muted():
        d = walk(scene, receive(scene))
    out = io.StringIO()
    call_command("portal_sync", "--backfill", stdout=out)
    assert "Đã tạo 1" in out.getvalue() and "Đã gửi 1" in out.getvalue()
    held = portal.holdings()[f"MOTCUA-{d.pk}"]
    assert (held["seqs"], held["TrangThaiHoSo"]) == ([8], State.RETURNED)


def test_a_burst_of_receptions_queues_one_sending_job(scene, settings, django_capture_on_commit_callbacks):
    """With the database queue, commits within half a second ride on one "send what is due" job,
    queued to run after them; the next burst queues the next job."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    outbox._covered_until = 0.0
    with django_capture_on_commit_callbacks(execute=True):
        first = receive(scene)
    with django_capture_on_commit_callbacks(execute=True):
        receive(scene)
        receive(scene)
    portal_jobs = DBTaskResult.objects.filter(task_path__contains="portal_sync")
    jobs = list(portal_jobs)
    assert [j.task_path.rsplit(".", 1)[-1] for j in jobs] == ["sync_due"]
    assert jobs[0].run_after > timezone.now()  # runs after the commits it stands for
    assert SyncItem.objects.filter(state=SyncItem.State.PENDING).count() == 3
    outbox._covered_until = 0.0  # half a second later
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(first.pk, actor=scene.desk, reason="Người nộp rút hồ sơ")
    assert portal_jobs.all().count() == 2
