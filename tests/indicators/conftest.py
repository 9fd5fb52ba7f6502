"""A small province whose every figure is computed by hand in the comments below.

Province P (unit 01) holds agency A; commune C (child of P) holds agency B. V1 is the factories'
15-working-day marriage registration (fee 0, not online); V2 a 15-working-day procedure offered
fully online (toàn trình, legacy level 4) with a 50 000 đồng fee. Period: 1/2–31/3/2026, "now"
20/3/2026 12:00. Receptions at 10/2/2026 are due 10/3/2026 at the same time (Tết skipped).

Agency A
  D1  V1 desk  recv 10/2 09:00  result 11/2 14:00 EARLY    returned at desk 12/2, rated satisfied,
                                                             complaint petition 2/3 (not handled)
  D2  V1 desk  recv 10/2 15:00  result 10/3 14:00 ON TIME  returned electronically, rated unsatisfied
  D3  V1 post  recv 10/2 09:00  result 11/3 14:00 LATE     first step over budget (assigned 10/2)
  D4  V1 desk  supplement at reception 9/2, accepted 9/2 10:30, a second supplement 10/2: OPEN, late
  D5  V1 desk  recv 2/3 09:00 (due 23/3)                    OPEN within due time
  D6  V1 desk  recv 10/2 09:00 (due 10/3)                   OPEN late
  D7  V1 desk  refused at reception 12/2                    no clock
  D8  V1 desk  recv 11/2 09:00  withdrawn 12/2 09:00 EARLY
  D9  V2 online submitted 23/2 08:00 (component reused from the data store), accepted 09:00,
               paid online 10:00, result 24/2 14:00 EARLY, returned electronically, rated satisfied
  D10 V2 desk  recv 24/2 09:00, paid cash 09:30, result 25/2 14:00 EARLY
  D11 V2 online submitted 5/3 08:00, refused at reception 09:00
Agency B
  E1  V1 desk  recv 10/2 09:00  result 11/3 14:00 LATE
  E2  V1 desk  recv 16/3 09:00                              OPEN within due time
"""

from dataclasses import dataclass
from datetime import date

import pytest

from motcua.catalog.models import FeeLine
from motcua.dossiers import services
from motcua.dossiers.states import Channel
from motcua.feedback.services import rate, submit_petition
from motcua.indicators.periods import Period
from motcua.org.models import Agency
from motcua.payments import services as payments
from motcua.payments.providers import registry
from tests.dossiers.conftest import vn
from tests.factories import APPLICANT, Desk, make_process, make_unit, make_version, required_components

PERIOD = Period(date(2026, 2, 1), date(2026, 3, 31))
NOW = vn("2026-03-20 12:00")


def take(scene: Desk, version, at: str, channel=Channel.DESK, source="paper", **kwargs):
    components = [{**c, "source": source} for c in required_components(version)]
    actor = None if channel == Channel.ONLINE else scene.desk
    return services.receive(
        actor=actor,
        version=version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        channel=channel,
        components=components,
        at=vn(at),
        **kwargs,
    ).dossier


def walk(scene: Desk, d, day: str, assign_at: str | None = None):
    """Assignment, the four steps of the default process, approval, result at 14:00 of ``day``."""
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn(assign_at or f"{day} 08:00"))
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn(f"{day} 09:00"))
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn(f"{day} 10:00"))
    services.approve(d.pk, actor=scene.leader, at=vn(f"{day} 11:00"))
    services.forward(d.pk, actor=scene.leader, to_user=scene.clerk, at=vn(f"{day} 11:05"))
    return services.issue_result(d.pk, actor=scene.clerk, at=vn(f"{day} 14:00"))


@dataclass
class Province:
    a: Desk
    b: Desk
    province: object
    commune: object
    v1: object
    v2: object
    d: dict


@pytest.fixture(autouse=True)
def _no_portal(settings):
    """This province is not connected to the national portal: group 1's "synchronised" figure
    is not measured here (it is computed by hand in tests/integrations/test_portal_sync_indicator.py)."""
    settings.MOTCUA_PORTAL_SYNC = "0"


@pytest.fixture
def province(db, django_capture_on_commit_callbacks) -> Province:
    province = make_unit("01", "Tỉnh mẫu")
    commune = make_unit("00004", "Xã mẫu", level="commune", parent=province)
    a = Desk()
    b = Desk("000.00.07.H56", "Ủy ban nhân dân xã mẫu", version=a.version)
    Agency.objects.filter(pk=b.agency.pk).update(unit=commune)
    v1 = a.version
    v2 = make_version("1.000002", "Cấp giấy phép mẫu", online_level="toan_trinh", legacy_level=4)
    FeeLine.objects.create(version=v2, order=2, name="Lệ phí cấp phép", amount_vnd=50_000)
    make_process(v2, a.agency)
    d = {}

    d[1] = take(a, v1, "2026-02-10 09:00")
    walk(a, d[1], "2026-02-11")
    services.return_result(
        d[1].pk, actor=a.desk, method="desk", receiver="Nguyễn Văn An", at=vn("2026-02-12 08:00")
    )

    d[2] = take(a, v1, "2026-02-10 15:00")
    walk(a, d[2], "2026-03-10")
    services.return_result(d[2].pk, actor=a.desk, method="electronic", at=vn("2026-03-11 08:00"))

    d[3] = take(a, v1, "2026-02-10 09:00", channel=Channel.POST)
    walk(a, d[3], "2026-03-11", assign_at="2026-02-10 10:00")

    d[4] = take(a, v1, "2026-02-09 09:00", outcome="request_supplement", items=["Thiếu giấy xác nhận"])
    services.complete_supplement(d[4].pk, actor=a.desk, at=vn("2026-02-09 10:00"))
    services.accept(d[4].pk, actor=a.desk, at=vn("2026-02-09 10:30"))
    services.assign(d[4].pk, actor=a.head, assignee=a.desk, at=vn("2026-02-10 08:00"))
    # Decree 118/2025 Art. 19.5: after reception the desk issues the request (the limit restarts).
    services.request_supplement(d[4].pk, actor=a.desk, items=["Bản sao"], at=vn("2026-02-10 09:00"))
    services.complete_supplement(d[4].pk, actor=a.desk, at=vn("2026-02-11 09:00"))

    d[5] = take(a, v1, "2026-03-02 09:00")
    d[6] = take(a, v1, "2026-02-10 09:00")
    d[7] = take(a, v1, "2026-02-12 09:00", outcome="refuse", items=["Không thuộc thẩm quyền"])
    d[8] = take(a, v1, "2026-02-11 09:00")
    services.withdraw(d[8].pk, actor=a.desk, reason="Người nộp xin rút", at=vn("2026-02-12 09:00"))

    d[9] = take(a, v2, "2026-02-23 08:00", channel=Channel.ONLINE, source="reuse")
    services.accept(d[9].pk, actor=a.desk, at=vn("2026-02-23 09:00"))
    payment, _url = payments.start_online(d[9], provider=registry.get_provider("simulator"), return_url="/")
    with django_capture_on_commit_callbacks(execute=True):
        payments._settle(payment, vn("2026-02-23 10:00"))  # what a genuine gateway callback does
    walk(a, d[9], "2026-02-24")
    services.return_result(d[9].pk, actor=a.desk, method="electronic", at=vn("2026-02-25 08:00"))

    d[10] = take(a, v2, "2026-02-24 09:00")
    with django_capture_on_commit_callbacks(execute=True):
        payments.record_cash(d[10], actor=a.desk, at=vn("2026-02-24 09:30"))
    walk(a, d[10], "2026-02-25")

    d[11] = take(a, v2, "2026-03-05 08:00", channel=Channel.ONLINE)
    services.refuse_reception(d[11].pk, actor=a.desk, reasons=["Sai thủ tục"], at=vn("2026-03-05 09:00"))

    with django_capture_on_commit_callbacks(execute=True):
        rate(d[1].pk, a.desk, "satisfied", channel="desk", at=vn("2026-02-12 09:00"))
        rate(d[2].pk, a.desk, "unsatisfied", channel="desk", at=vn("2026-03-12 09:00"))
        rate(d[9].pk, a.desk, "satisfied", channel="desk", at=vn("2026-02-25 09:00"))
    d[1].refresh_from_db()
    submit_petition(
        agency=a.agency,
        kind="complaint",
        sender_name=APPLICANT["name"],
        personal_id=APPLICANT["identifier"],
        content="Cán bộ hướng dẫn chưa rõ ràng.",
        phone=APPLICANT["phone"],
        dossier_code=d[1].code,
        at=vn("2026-03-02 09:00"),
    )

    d["e1"] = take(b, v1, "2026-02-10 09:00")
    walk(b, d["e1"], "2026-03-11")
    d["e2"] = take(b, v1, "2026-03-16 09:00")
    for key in d:
        d[key].refresh_from_db()
    return Province(a, b, province, commune, v1, v2, d)
