"""Boundary-free reception of a procedure several agencies resolve: the applicant's place picks the
competent authority (Decree 118/2025 Art. 14.2, 20.1 — «chọn cơ quan có thẩm quyền» from the
catalogue and the applicant's place). A commune procedure received at ward A for someone living in
ward B is decided by ward B."""

from datetime import date

from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.org.models import Agency, Role
from tests.desk.test_boundary_free_reception_page import _form
from tests.factories import make_agency, make_process, make_unit, make_user, make_version


def _scene():
    city = make_unit()
    ward_a = make_unit("00004", "Phường Ba Đình", level="commune", parent=city)
    ward_b = make_unit("00008", "Phường Ngọc Hà", level="commune", parent=city)
    # A ward abolished on 1/7/2025: nobody lives there any more.
    old = make_unit("00010", "Phường Quán Thánh (cũ)", level="commune", parent=city)
    old.valid_to = date(2025, 7, 1)
    old.successor = ward_a
    old.save()
    a = make_agency("000.00.41.H56", "Ủy ban nhân dân phường Ba Đình", unit=ward_a, boundary_free=True)
    b = make_agency("000.00.42.H56", "Ủy ban nhân dân phường Ngọc Hà", unit=ward_b, kind=Agency.Kind.OTHER)
    version = make_version("1.001193", "Đăng ký khai sinh")
    make_process(version, a)
    make_process(version, b)
    return a, b, ward_b, old, version, make_user(a, Role.DESK_OFFICER)


def _selected(page: str, agency) -> bool:
    return f'<option value="{agency.pk}" selected>{agency.name} ({agency.identifier_code})</option>' in page


def test_the_place_preselects_the_ward_of_the_applicant(client, db):
    a, b, ward_b, old, version, desk = _scene()
    client.force_login(desk)
    url = reverse("reception_new")
    page = client.get(url, {"thu_tuc": version.procedure.pk}).content.decode()
    # Two wards resolve it: the place is asked; without it the receiving ward comes first.
    assert "Nơi cư trú / trụ sở của chủ hồ sơ" in page and _selected(page, a)
    assert "Phường Ngọc Hà" in page and "Phường Quán Thánh (cũ)" not in page  # only units in force
    page = client.get(url, {"thu_tuc": version.procedure.pk, "noi_cu_tru": ward_b.pk}).content.decode()
    assert _selected(page, b) and not _selected(page, a)


def test_received_at_ward_a_for_a_resident_of_ward_b_is_decided_by_ward_b(client, db):
    a, b, ward_b, old, version, desk = _scene()
    client.force_login(desk)
    response = client.post(reverse("reception_new"), _form(a, version, noi_cu_tru=ward_b.pk))
    assert response.status_code == 302
    d = Dossier.objects.get()
    assert d.agency == a and d.competent_agency == b and d.code.startswith("000.00.42.H56-")


def test_a_place_not_in_force_or_made_up_is_refused_and_nothing_is_received(client, db):
    a, b, ward_b, old, version, desk = _scene()
    client.force_login(desk)
    for bad in (old.pk, "abc", 999_999):
        page = client.post(reverse("reception_new"), _form(a, version, noi_cu_tru=bad))
        assert page.status_code == 422
        text = page.content.decode()
        assert "Nơi cư trú, trụ sở đã chọn không phải đơn vị hành chính cấp xã đang có hiệu lực." in text
    assert not Dossier.objects.exists()


def test_an_explicit_choice_wins_over_the_place(client, db):
    a, b, ward_b, old, version, desk = _scene()
    client.force_login(desk)
    client.post(reverse("reception_new"), _form(a, version, noi_cu_tru=ward_b.pk, co_quan_tham_quyen=a.pk))
    assert Dossier.objects.get().competent_agency == a
