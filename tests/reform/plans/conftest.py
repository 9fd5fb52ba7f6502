"""A province with a service centre (reform manager, inspector), a department and two communes."""

import io
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from motcua.org.models import Agency, Role, User
from motcua.reform.plans import services
from motcua.reform.plans.models import ReformArea, TaskKind
from tests.factories import make_agency, make_unit, make_user

YEAR = 2025


def pdf_upload(name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def fake_pdf(name: str = "gia-mao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 day la tep chay duoc", content_type="application/pdf")


@dataclass
class World:
    centre: Agency
    department: Agency
    commune: Agency
    other: Agency
    manager: User
    inspector: User
    leader: User
    other_leader: User
    officer: User  # a desk officer of the commune: no reform role


@pytest.fixture
def world(db) -> World:
    province = make_unit()
    commune_unit = make_unit("00001", "Phường Ba Đình", level="commune", parent=province)
    other_unit = make_unit("00002", "Phường Hoàn Kiếm", level="commune", parent=province)
    centre = make_agency(
        "000.00.01.H56", "Trung tâm Phục vụ hành chính công", unit=province, kind=Agency.Kind.SERVICE_CENTRE
    )
    department = make_agency("000.00.02.H56", "Sở Nội vụ", unit=province, kind=Agency.Kind.DEPARTMENT)
    commune = make_agency(
        "000.00.06.H56",
        "Ủy ban nhân dân phường Ba Đình",
        unit=commune_unit,
        kind=Agency.Kind.PEOPLES_COMMITTEE,
    )
    other = make_agency(
        "000.00.07.H56",
        "Ủy ban nhân dân phường Hoàn Kiếm",
        unit=other_unit,
        kind=Agency.Kind.PEOPLES_COMMITTEE,
    )
    leader = make_user(commune, Role.LEADER, username="lanhdaobadinh")
    leader.email = "lanhdao@badinh.example.vn"
    leader.save()
    other_leader = make_user(other, Role.LEADER, username="lanhdaohoankiem")
    other_leader.email = "lanhdao@hoankiem.example.vn"
    other_leader.save()
    return World(
        centre=centre,
        department=department,
        commune=commune,
        other=other,
        manager=make_user(centre, Role.REFORM_MANAGER, username="reformmanager"),
        inspector=make_user(centre, Role.INSPECTOR, username="inspector"),
        leader=leader,
        other_leader=other_leader,
        officer=make_user(commune, Role.DESK_OFFICER, username="motcuabadinh"),
    )


def make_plan(user, agency, year=YEAR, title="Kế hoạch cải cách hành chính năm 2025"):
    return services.create_plan(user, agency.pk, year, title, "15/KH-UBND", date(year, 1, 5))


def add_task(user, plan, kind=TaskKind.SPECIFIC, deadline=date(YEAR, 6, 30), **extra):
    data = {
        "kind": kind,
        "title": "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "area": ReformArea.PROCEDURES,
        "division": "Bộ phận Một cửa",
        "deadline": deadline,
        "deliverable": "Báo cáo kết quả số hóa",
        **extra,
    }
    return services.add_task(user, plan.pk, **data)
