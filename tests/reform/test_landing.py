"""The reform section's landing page: who may open it, and what it offers them."""

from django.urls import reverse

from motcua.org.models import Role
from tests.factories import make_agency, make_unit, make_user


def test_reform_people_see_the_three_parts_and_desk_officers_are_refused(client, db):
    province = make_unit("31", "Thành phố Hải Phòng")
    commune = make_unit("11311", "Phường Hồng Bàng", level="commune", parent=province)
    centre = make_agency("000.00.01.H31", "Trung tâm Phục vụ hành chính công", unit=province)
    ward = make_agency("000.00.40.H31", "Ủy ban nhân dân phường Hồng Bàng", unit=commune)

    client.force_login(make_user(centre, Role.REFORM_MANAGER, username="quanly"))
    page = client.get(reverse("reform_home"))
    text = page.content.decode()
    assert page.status_code == 200
    for title in (
        "Chỉ số cải cách hành chính",
        "Kế hoạch cải cách hành chính",
        "Kiểm tra cải cách hành chính",
    ):
        assert title in text
    assert "của các đơn vị trên địa bàn" in text

    client.force_login(make_user(ward, Role.LEADER, username="lanhdao"))
    assert "Công tác cải cách hành chính của đơn vị" in client.get(reverse("reform_home")).content.decode()

    client.force_login(make_user(ward, Role.DESK_OFFICER, username="motcua"))
    assert client.get(reverse("reform_home")).status_code == 403
