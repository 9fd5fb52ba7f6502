"""In the browser: choosing the applicant's ward on the reception page switches the competent
authority to that ward's People's Committee without reloading the form (Decree 118/2025 Art. 14.2)."""

from playwright.sync_api import expect

from tests.desk.test_reception_by_place import _scene


def test_choosing_the_ward_switches_the_competent_authority(
    page, live_server, officer_login, transactional_db
):
    a, b, ward_b, _old, version, desk = _scene()
    officer_login(desk)
    page.goto(f"{live_server.url}/mot-cua/tiep-nhan/?thu_tuc={version.procedure.pk}")
    competent = page.locator("#co_quan_tham_quyen")
    expect(competent).to_have_value(str(a.pk))
    page.fill("#so_dinh_danh", "001090012345")  # typed before the swap: kept, outside the block
    page.select_option("#noi_cu_tru", str(ward_b.pk))
    expect(page.locator("#co_quan_tham_quyen")).to_have_value(str(b.pk))
    expect(page.locator("#noi_cu_tru")).to_have_value(str(ward_b.pk))
    expect(page.locator("#so_dinh_danh")).to_have_value("001090012345")
