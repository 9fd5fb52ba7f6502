"""A small province for the index: centre, a department and two communes, and a four-leaf tree.

Province P (unit 01) holds the service centre (the reform manager and the inspector) and the
Department; commune unit C holds the People's Committees of communes A and B.

Tree (YAML, the par-index.yaml shape):
  1   Chỉ đạo, điều hành                (area)
  1.1 Ban hành kế hoạch            max 4  self-scored
  1.2 Hồ sơ đúng hạn               max 6  measured: dossier_on_time_rate, proportional
  2.1 Hài lòng (điều tra XHH)      max 10 survey
  3   Điểm thưởng, điểm trừ        max 2  bonus/penalty
Applicable maximum = 4 + 6 + 10 = 20.
"""

from datetime import date

import pytest

from motcua.org.models import Role
from motcua.reform.parindex import services
from tests.factories import make_agency, make_unit, make_user

YEAR = 2026
TREE = """
framework: {code: thu-nghiem, name: "Bo chi so thu nghiem", total_points: 100}
groups: ["Sở, ban, ngành", "Xã"]
tree:
  - code: "1"
    title_vi: "Chỉ đạo, điều hành"
    max_points: null
    children:
      - {code: "1.1", title: "Ban hành kế hoạch", max_points: 4, rule: "Kịp thời: 4", verified: true}
      - {code: "1.2", title: "Hồ sơ đúng hạn", max_points: 6, measurable_from_system: [dossier_on_time_rate]}
  - {code: "2.1", title: "Hài lòng", max_points: 10, survey: true}
  - {code: "3", title: "Điểm thưởng, điểm trừ", kind: bonus_penalty, max_points: 2}
""".encode()


class World:
    def __init__(self):
        self.province = make_unit("01", "Thành phố Hải Phòng")
        self.commune_unit = make_unit("02", "Xã Thử", level="commune", parent=self.province)
        self.centre = make_agency("000.00.01.D31", "Trung tâm Phục vụ hành chính công", unit=self.province)
        self.department = make_agency("000.00.02.D31", "Sở Tư pháp", unit=self.province)
        self.a = make_agency("000.00.03.D31", "Ủy ban nhân dân xã An Lão", unit=self.commune_unit)
        self.b = make_agency("000.00.04.D31", "Ủy ban nhân dân xã Bình Hà", unit=self.commune_unit)
        self.manager = make_user(self.centre, Role.REFORM_MANAGER, username="quanly")
        self.inspector = make_user(self.centre, Role.INSPECTOR, username="kiemtra")
        self.leader_a = make_user(self.a, Role.LEADER, username="lanhdao_a")
        self.leader_b = make_user(self.b, Role.LEADER, username="lanhdao_b")
        self.leader_d = make_user(self.department, Role.LEADER, username="lanhdao_so")

    def edition(self, year=YEAR, publish=True):
        e = services.create_edition(
            self.manager, unit_id=self.province.pk, year=year, upload=("t.yaml", TREE)
        )
        services.add_participant(self.manager, e, self.a, "Xã")
        services.add_participant(self.manager, e, self.b, "Xã")
        services.add_participant(self.manager, e, self.department, "Sở, ban, ngành")
        if publish:
            services.publish(self.manager, e, date(year, 12, 31), today=date(year, 1, 1))
            e.refresh_from_db()
        return e


@pytest.fixture
def world(db):
    return World()


def score(edition, agency, code):
    return edition.assessments.get(agency=agency).scores.get(criterion__code=code)
