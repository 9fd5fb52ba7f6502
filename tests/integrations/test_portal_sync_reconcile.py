"""Reconciliation per period and the "dossiers synchronised" rate, with the drill-down."""

import io
import json

from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers import services
from motcua.integrations.portal_sync.delivery import deliver_due
from motcua.integrations.portal_sync.reconcile import reconcile, synchronised_rate
from tests.factories import make_agency
from tests.integrations.conftest import receive
from tests.integrations.test_portal_sync_outbox import portal  # noqa: F401 — fixture


def test_rate_and_drill_down(scene, portal):  # noqa: F811
    synced = receive(scene)
    behind = receive(scene)
    deliver_due()
    services.assign(behind.pk, actor=scene.head, assignee=scene.desk)  # status 4 not sent yet
    portal.configure(down=True)
    never = receive(scene)
    deliver_due()
    today = timezone.localdate()

    rate = synchronised_rate([scene.agency.pk], today, today)
    assert (rate["received"], rate["synchronised"], rate["rate"]) == (3, 1, 33.33)
    by_id = {row["dossier_id"]: row for row in rate["missing"]}
    assert set(by_id) == {behind.pk, never.pk}
    assert by_id[behind.pk]["reason"] == "status_mismatch"
    assert (by_id[behind.pk]["status"], by_id[behind.pk]["portal_status"]) == (4, 2)
    assert by_id[never.pk]["reason"] == "missing"
    assert (
        by_id[never.pk]["outbox_state"] == "failed" and "ngừng hoạt động" in by_id[never.pk]["outbox_error"]
    )
    assert synced.pk not in by_id

    # Other agencies and other periods hold nothing.
    other = make_agency("000.00.07.H56", "Ủy ban nhân dân phường Kim Mã")
    assert synchronised_rate([other.pk], today, today) == {
        "received": 0,
        "synchronised": 0,
        "rate": None,
        "missing": [],
    }
    last_year = today.replace(year=today.year - 1)
    assert synchronised_rate(None, last_year, last_year)["received"] == 0

    # The outbox's own view agrees; after the portal is back everything is synchronised.
    assert synchronised_rate(None, today, today, source="outbox")["synchronised"] == 1
    portal.configure(down=False)
    deliver_due(now=timezone.now() + timezone.timedelta(minutes=1))
    assert synchronised_rate(None, today, today)["rate"] == 100.0


def test_keys_unknown_to_the_system_are_reported(scene, portal):  # noqa: F811
    receive(scene)
    deliver_due()
    portal.store["MOTCUA-999999"] = [
        {"Seq": 1, "LoaiDongBo": "create", "HoSo": {"TrangThaiHoSo": 2}, "MaDongBo": "MOTCUA-999999"}
    ]
    report = reconcile()
    assert report.unknown_on_portal == ["MOTCUA-999999"]
    assert report.rate == 100.0


def test_command(scene, portal):  # noqa: F811
    receive(scene)
    portal.configure(down=True)
    deliver_due()
    out = io.StringIO()
    today = timezone.localdate().isoformat()
    call_command("portal_reconcile", "--from", today, "--to", today, "--agency", "000.00.06.H56", stdout=out)
    text = out.getvalue()
    assert "tiếp nhận 1, đã đồng bộ 0 (0.00%)" in text and "missing" in text
    out = io.StringIO()
    call_command("portal_reconcile", "--json", stdout=out)
    assert json.loads(out.getvalue())["received"] == 1
    out = io.StringIO()
    portal.configure(down=False)
    call_command("portal_sync", stdout=out)
    assert "Đã gửi 0" in out.getvalue()  # the failed item is not due yet
