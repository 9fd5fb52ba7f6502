"""Reconciliation and the monthly report, checked against figures worked out by hand."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from motcua.catalog.models import FeeLine
from motcua.org.models import Role
from motcua.payments import reports, services
from motcua.payments.models import Payment
from tests.factories import Desk, make_process, make_user, make_version

from .conftest import receive, vn

CERTIFY = "Chứng thực bản sao từ bản chính"


def _payment(dossier, *, created: str, method="online", state="paid", amount=200_000, **fields) -> Payment:
    payment = Payment.objects.create(
        dossier=dossier,
        agency_id=dossier.agency_id,
        amount_vnd=amount,
        method=method,
        provider="simulator" if method == "online" else "",
        reference=services.new_reference(),
        state=state,
        **fields,
    )
    Payment.objects.filter(pk=payment.pk).update(created_at=vn(created))
    payment.refresh_from_db()
    return payment


@pytest.fixture
def certify(scene):
    version = make_version(code="2.000815", name=CERTIFY)
    FeeLine.objects.filter(version=version).update(amount_vnd=10_000)
    make_process(version, scene.agency)
    return version


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_monthly_report_per_procedure(scene, certify):
    marriage_cash = receive(scene)
    services.record_cash(marriage_cash, actor=scene.desk, at=vn("2026-11-05 10:00"))
    marriage_online = receive(scene, at="2026-11-19 09:00")
    _payment(
        marriage_online, created="2026-11-20 09:00", paid_at=vn("2026-11-20 09:01"), provider_txn="1234567890"
    )
    _payment(receive(scene, at="2026-11-19 10:00"), created="2026-11-21 09:00", state="failed")
    late_evening = receive(scene, certify, at="2026-11-30 08:00")
    services.record_cash(late_evening, actor=scene.desk, method="post", at=vn("2026-11-30 23:30"))
    next_month = receive(scene, certify, at="2026-11-30 09:00")
    services.record_cash(next_month, actor=scene.desk, at=vn("2026-12-01 00:10"))
    other = Desk(
        "000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version, with_process=False
    )
    make_process(scene.version, other.agency)
    elsewhere = receive(
        other, at="2026-11-10 09:00", applicant={"kind": 1, "identifier": "001190054321", "name": "B"}
    )
    services.record_cash(elsewhere, actor=other.desk, at=vn("2026-11-10 10:00"))

    report = reports.monthly(scene.agency, 2026, 11)
    lines = {(line.code, line.count, line.cash, line.post, line.online, line.total) for line in report.lines}
    assert lines == {
        ("1.000894", 2, 200_000, 0, 200_000, 400_000),
        ("2.000815", 1, 0, 10_000, 0, 10_000),
    }
    assert report.totals == {"count": 3, "cash": 200_000, "post": 10_000, "online": 200_000, "total": 410_000}
    assert reports.monthly(scene.agency, 2026, 12).totals["total"] == 10_000

    leader = _client(scene.leader)
    page = leader.get("/thanh-toan/bao-cao-thang/?thang=2026-11")
    assert page.status_code == 200 and "410000" in page.content.decode() and CERTIFY in page.content.decode()

    xlsx = leader.get("/thanh-toan/bao-cao-thang/?thang=2026-11&dinh_dang=xlsx")
    assert xlsx.status_code == 200 and "bao-cao-phi-000.00.06.H56-2026-11.xlsx" in xlsx["Content-Disposition"]
    rows = [list(r) for r in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)]
    assert rows[0][0] == "BÁO CÁO PHÍ, LỆ PHÍ ĐÃ THU THÁNG 11/2026"
    assert rows[4] == [1, "1.000894", "Đăng ký kết hôn", 2, 200_000, 0, 200_000, 400_000]
    assert rows[5] == [2, "2.000815", CERTIFY, 1, 0, 10_000, 0, 10_000]
    assert rows[6][2:] == ["Tổng cộng", 3, 200_000, 10_000, 200_000, 410_000]


def test_reconciliation_flags_mismatches(scene):
    d = [receive(scene, at=f"2026-11-19 {9 + i:02d}:00") for i in range(6)]
    ok = _payment(
        d[0],
        created="2026-11-20 09:00",
        paid_at=vn("2026-11-20 09:01"),
        provider_txn="1111111111",
        receipt_number=8,
    )
    cash = services.record_cash(d[1], actor=scene.desk, at=vn("2026-11-20 08:00"))
    Payment.objects.filter(pk=cash.pk).update(created_at=vn("2026-11-20 08:00"))
    stale = _payment(d[2], created="2026-11-20 11:30", state="pending")
    fresh = _payment(d[2], created="2026-11-20 11:50", state="pending")
    wrong = _payment(d[3], created="2026-11-20 10:00", state="pending", anomaly="amount")
    no_receipt = _payment(d[4], created="2026-11-20 10:30", paid_at=vn("2026-11-20 10:31"), provider_txn="22")
    no_txn = _payment(d[5], created="2026-11-20 10:40", paid_at=vn("2026-11-20 10:41"), receipt_number=9)
    _payment(d[2], created="2026-11-19 10:00", state="failed")  # the day before: not in the period

    result = reports.reconciliation(
        Payment.objects.filter(agency=scene.agency),
        vn("2026-11-20 00:00").date(),
        vn("2026-11-20 00:00").date(),
        now=vn("2026-11-20 12:00"),
    )
    flags = {row.payment.pk: row.flags for row in result.rows}
    assert flags == {
        ok.pk: [],
        cash.pk: [],
        stale.pk: ["stale_pending"],
        fresh.pk: [],
        wrong.pk: ["amount", "stale_pending"],
        no_receipt.pk: ["paid_without_receipt"],
        no_txn.pk: ["paid_without_txn"],
    }
    assert result.summary == {
        ("online", "paid"): (3, 600_000),
        ("online", "pending"): (3, 600_000),
        ("cash", "paid"): (1, 200_000),
    }

    page = _client(scene.head).get("/thanh-toan/doi-soat/?tu_ngay=2026-11-20&den_ngay=2026-11-20")
    text = page.content.decode()
    assert page.status_code == 200
    for expected in [
        "1111111111",
        "Số tiền cổng báo về không khớp",
        "Chờ thanh toán quá 15 phút",
        "Đã thanh toán nhưng chưa có số biên lai",
        stale.reference,
    ]:
        assert expected in text, expected


def test_reports_are_for_desk_heads_and_leaders_of_the_agency(scene):
    assert _client(scene.specialist).get("/thanh-toan/doi-soat/").status_code == 403
    assert _client(scene.desk).get("/thanh-toan/doi-soat/").status_code == 200
    outsider = make_user(
        Desk("000.00.07.H56", "UBND phường Hoàn Kiếm", version=scene.version, with_process=False).agency,
        Role.LEADER,
    )
    page = _client(outsider).get(f"/thanh-toan/bao-cao-thang/?thang=2026-11&co_quan={scene.agency.pk}")
    assert scene.agency.name not in page.content.decode()
