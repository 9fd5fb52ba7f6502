"""Group 1's "dossiers synchronised" on the dashboard: the measured rate, the dossiers behind it
and what is missing — and dossiers imported without telling the portal count as missing."""

from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import services
from motcua.indicators.formulas import INDICATORS
from motcua.indicators.periods import Period, Scope
from motcua.indicators.selectors import behind
from motcua.integrations.models import SyncGap
from motcua.integrations.portal_sync import outbox
from motcua.integrations.portal_sync.delivery import deliver_due
from motcua.org.models import Role
from tests.factories import make_user
from tests.integrations.conftest import receive
from tests.integrations.test_portal_sync_outbox import portal  # noqa: F401 — fixture


def _value(scene, today):
    return INDICATORS["g1_synchronised"].func(Scope.of(scene.agency), Period(today, today))


def test_rate_points_and_drill_down_agree(scene, portal):  # noqa: F811
    synced = receive(scene)
    behind_one = receive(scene)
    deliver_due()
    services.assign(behind_one.pk, actor=scene.head, assignee=scene.desk)  # not sent yet
    portal.configure(down=True)
    never = receive(scene)
    deliver_due()
    today = timezone.localdate()

    value = _value(scene, today)
    assert (value.part, value.whole, value.measured) == (1, 3, True)
    assert value.points == round(6 * 1 / 3, 2)
    period = Period(today, today)
    part = set(behind("g1_synchronised", scene.agency, period, "part").values_list("pk", flat=True))
    rest = set(behind("g1_synchronised", scene.agency, period, "rest").values_list("pk", flat=True))
    assert part == {synced.pk} and rest == {behind_one.pk, never.pk}

    portal.configure(down=False)
    deliver_due(now=timezone.now() + timezone.timedelta(minutes=1))
    assert _value(scene, today).part == 3


def test_history_imported_silently_counts_as_missing_until_backfilled(scene, portal):  # noqa: F811
    receive(scene)
    deliver_due()
    with outbox.muted("nhập lịch sử"):
        quiet = receive(scene)
    assert SyncGap.objects.count() == 1
    today = timezone.localdate()
    assert (_value(scene, today).part, _value(scene, today).whole) == (1, 2)
    rest = behind("g1_synchronised", scene.agency, Period(today, today), "rest")
    assert list(rest.values_list("pk", flat=True)) == [quiet.pk]

    assert outbox.backfill() == 1
    assert not SyncGap.objects.exists()
    deliver_due(now=timezone.now() + timezone.timedelta(minutes=1))
    assert _value(scene, today).part == 2


def test_dashboard_links_to_the_missing_dossiers(client, scene, portal):  # noqa: F811
    receive(scene)
    deliver_due()
    portal.configure(down=True)
    missing = receive(scene)
    deliver_due()
    manager = make_user(scene.agency, Role.HEAD, username="truongphong.dongbo")
    client.force_login(manager)
    page = client.get(reverse("indicator_dashboard"), {"co_quan": scene.agency.pk})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hồ sơ đồng bộ lên Cổng DVCQG" in text
    assert "1 chưa đạt" in text
    today = timezone.localdate().isoformat()
    drill = client.get(
        reverse("indicator_drilldown"),
        {
            "co_quan": scene.agency.pk,
            "ky": "khoang",
            "tu_ngay": today,
            "den_ngay": today,
            "chi_so": "g1_synchronised",
            "phan": "rest",
        },
    )
    body = drill.content.decode()
    assert drill.status_code == 200 and "phần còn thiếu" in body
    assert missing.code in body and 'id="drill-count">1<' in body


def test_not_measured_when_sync_is_off(scene, settings):
    settings.MOTCUA_PORTAL_SYNC = "0"
    value = _value(scene, timezone.localdate())
    assert not value.measured and "MOTCUA_PORTAL_SYNC" in value.reason
