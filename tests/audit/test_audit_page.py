"""The audit page: administrators and inspectors only, in Vietnamese, filtered and paginated."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from motcua.audit.models import PersonalDataAccess
from tests.factories import make_user

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def read(actor, code="000.00.06.H56-260210-0001", subject="001090012345", at=None, what="dossier_page"):
    row = PersonalDataAccess(
        actor=actor, actor_name=actor.username, what=what, dossier_code=code, subject=subject, ip="127.0.0.1"
    )
    if at is not None:
        row.at = at
    row.save()
    return row


def test_a_specialist_cannot_open_the_audit_page(client, scene):
    client.force_login(scene.specialist)
    response = client.get(reverse("audit_log"))
    assert response.status_code == 403
    assert "quản trị" in response.content.decode() or "kiểm tra" in response.content.decode()


def test_an_inspector_and_an_administrator_can(client, scene):
    for user in (scene.inspector, scene.admin):
        client.force_login(user)
        response = client.get(reverse("audit_log"))
        assert response.status_code == 200
        assert "Nhật ký" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client, scene):
    response = client.get(reverse("audit_log"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_officer_menu_links_the_page_for_inspectors_only(client, scene):
    link = f'href="{reverse("audit_log")}"'
    client.force_login(scene.inspector)
    assert link in client.get(reverse("officer_home")).content.decode()
    client.force_login(scene.specialist)
    assert link not in client.get(reverse("officer_home")).content.decode()


def test_reads_are_filtered_by_who_what_object_and_dates_shown_dd_mm_yyyy(client, scene):
    read(scene.desk, code="AAA-1", at=datetime(2026, 3, 2, 9, 30, tzinfo=VN))
    read(scene.specialist, code="BBB-2", subject="001090099999", at=datetime(2026, 3, 20, 14, 0, tzinfo=VN))
    read(scene.specialist, code="CCC-3", at=datetime(2026, 4, 5, 8, 0, tzinfo=VN), what="file")
    client.force_login(scene.inspector)

    def codes(**params):
        page = client.get(reverse("audit_log"), {"loai": "truy-cap", **params}).content.decode()
        return {c for c in ("AAA-1", "BBB-2", "CCC-3") if c in page}, page

    everything, page = codes()
    assert everything == {"AAA-1", "BBB-2", "CCC-3"}
    assert "02/03/2026" in page and "09:30" in page
    assert codes(ai=scene.specialist.username)[0] == {"BBB-2", "CCC-3"}
    assert codes(noi_dung="file")[0] == {"CCC-3"}
    assert codes(doi_tuong="001090099999")[0] == {"BBB-2"}
    assert codes(doi_tuong="AAA-1")[0] == {"AAA-1"}
    assert codes(tu_ngay="2026-03-10", den_ngay="2026-03-31")[0] == {"BBB-2"}
    assert codes(tu_ngay="10/03/2026", den_ngay="31/03/2026")[0] == {"BBB-2"}
    assert codes(den_ngay="2026-03-02")[0] == {"AAA-1"}


def test_a_wrong_date_gets_a_vietnamese_message_not_an_error(client, scene):
    read(scene.desk)
    client.force_login(scene.inspector)
    for bad in (
        {"tu_ngay": "31/02/2026"},
        {"den_ngay": "hôm qua"},
        {"tu_ngay": "2026-05-01", "den_ngay": "2026-04-01"},
    ):
        response = client.get(reverse("audit_log"), {"loai": "truy-cap", **bad})
        assert response.status_code == 400
        assert "ngày" in response.content.decode().lower()
    for extreme in ({"tu_ngay": "0001-01-01"}, {"den_ngay": "9999-12-31"}, {"trang": "9223372036854775808"}):
        assert client.get(reverse("audit_log"), {"loai": "truy-cap", **extreme}).status_code == 200


def test_the_list_is_paginated_newest_first(client, scene):
    start = datetime(2026, 1, 1, 8, 0, tzinfo=VN)
    for i in range(60):
        read(scene.desk, code=f"MA-{i:03d}", at=start + timedelta(minutes=i))
    client.force_login(scene.admin)
    first = client.get(reverse("audit_log"), {"loai": "truy-cap"}).content.decode()
    second = client.get(reverse("audit_log"), {"loai": "truy-cap", "trang": 2}).content.decode()
    assert "MA-059" in first and "MA-010" in first and "MA-009" not in first
    assert "MA-009" in second and "MA-000" in second and "MA-059" not in second
    assert "Trang 1/2" in first


def test_an_officer_from_another_agency_with_no_audit_role_is_refused(client, scene):
    client.force_login(make_user(scene.agency, "leader"))
    assert client.get(reverse("audit_log")).status_code == 403


def test_the_page_is_in_english_when_chosen(client, scene):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.force_login(scene.inspector)
    html = client.get(reverse("audit_log"), {"loai": "truy-cap"}).content.decode()
    assert "Audit trail" in html and "Personal data access" in html and "Nhật ký truy vết" not in html
