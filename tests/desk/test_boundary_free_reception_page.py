"""The reception page of a commune centre offers the competent authority of a provincial procedure
(pre-selected when the catalogue names only one) and the dossier page shows the paper transfer."""

from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.org.models import Agency, Role
from tests.factories import APPLICANT, make_agency, make_process, make_unit, make_user, make_version


def _scene():
    unit = make_unit()
    commune_unit = make_unit("00004", "Phường Ba Đình", level="commune", parent=unit)
    department = make_agency("000.00.12.H56", "Sở Tư pháp", unit=unit, kind=Agency.Kind.DEPARTMENT)
    commune = make_agency(
        "000.00.41.H56", "Ủy ban nhân dân phường Ba Đình", unit=commune_unit, boundary_free=True
    )
    version = make_version("2.000488", "Cấp phiếu lý lịch tư pháp")
    make_process(version, department)
    return department, commune, version, make_user(commune, Role.DESK_OFFICER)


def _form(commune, version, **extra) -> dict:
    data = {
        "co_quan": commune.pk,
        "thu_tuc": version.procedure.pk,
        "idem": "k1",
        "loai": "1",
        "so_dinh_danh": APPLICANT["identifier"],
        "ho_ten": APPLICANT["name"],
        "dia_chi": APPLICANT["address"],
        "so_bo": "1",
        "kenh": "1",
        "outcome": "accept",
    }
    for c in version.components.filter(condition=""):
        data[f"tp_{c.pk}"] = "on"
        data[f"sl_{c.pk}"] = "1"
    return data | extra


def test_commune_desk_finds_the_provincial_procedure_and_the_department_is_preselected(client, db):
    department, commune, version, desk = _scene()
    client.force_login(desk)
    found = client.get(reverse("reception_procedures"), {"q": "ly lich tu phap", "co_quan": commune.pk})
    assert "Cấp phiếu lý lịch tư pháp" in found.content.decode()
    page = client.get(reverse("reception_new"), {"thu_tuc": version.procedure.pk}).content.decode()
    assert "Cơ quan có thẩm quyền giải quyết" in page
    assert f'<option value="{department.pk}" selected>Sở Tư pháp (000.00.12.H56)</option>' in page


def test_received_for_the_department_and_the_desk_records_the_paper_transfer(client, db):
    department, commune, version, desk = _scene()
    client.force_login(desk)
    response = client.post(
        reverse("reception_new"), _form(commune, version, co_quan_tham_quyen=department.pk)
    )
    d = Dossier.objects.get()
    assert response.status_code == 302
    assert d.code.startswith("000.00.12.H56-") and d.current_agency == department
    page = client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    assert "Hạn chuyển hồ sơ giấy" in page and "chưa chuyển" in page and "Chuyển hồ sơ giấy" in page
    client.post(reverse("dossier_act", args=[d.pk, "transfer_paper"]), {"note": ""})
    d.refresh_from_db()
    assert d.paper_transferred_at is not None


def test_a_forged_competent_authority_is_refused_in_vietnamese_and_nothing_is_made(client, db):
    _department, commune, version, desk = _scene()
    client.force_login(desk)
    other = make_agency("000.00.13.H56", "Sở Y tế", unit=commune.unit.parent)
    page = client.post(reverse("reception_new"), _form(commune, version, co_quan_tham_quyen=other.pk))
    assert page.status_code == 422
    assert "Cơ quan có thẩm quyền đã chọn không giải quyết thủ tục này." in page.content.decode()
    assert not Dossier.objects.exists()


def test_the_desk_head_page_counts_late_transfers_of_the_month(client, db):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from motcua.dossiers import services

    department, commune, version, desk = _scene()
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    d = services.receive(
        actor=desk,
        version=version,
        agency=commune,
        competent_agency=department,
        applicant=dict(APPLICANT),
        components=[{"component_id": c.pk, "count": 1} for c in version.components.filter(required=True)],
        at=datetime(2026, 3, 10, 9, 0, tzinfo=vn),
    ).dossier
    # Paper due Wednesday 11/3 09:00 (1 working day), carried at 10:00: late.
    services.transfer_paper(d.pk, actor=desk, at=datetime(2026, 3, 11, 10, 0, tzinfo=vn))
    client.force_login(desk)
    page = client.get(reverse("queue_stats"), {"co_quan": commune.pk, "ngay": "2026-03-31"}).content.decode()
    assert "Chuyển hồ sơ đến cơ quan có thẩm quyền" in page
    assert (
        '<tr class="late"><th scope="row">Hồ sơ giấy chuyển quá 01 ngày làm việc</th><td>1</td></tr>' in page
    )
    april = client.get(reverse("queue_stats"), {"co_quan": commune.pk, "ngay": "2026-04-30"}).content.decode()
    assert '<th scope="row">Hồ sơ giấy chuyển quá 01 ngày làm việc</th><td>0</td></tr>' in april
