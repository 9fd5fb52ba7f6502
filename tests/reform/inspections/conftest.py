"""A small province for inspection tests: a centre with a reform manager and inspectors, two
communes (one with a full desk that receives dossiers) and their leaders."""

import io
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.org.models import Agency, Role, User
from motcua.reform.inspections import services
from motcua.reform.inspections.models import Decision, FindingResult, TeamRole, Visit, VisitKind
from tests.factories import Desk, make_agency, make_unit, make_user


@dataclass
class Scene:
    centre: Agency
    desk: Desk
    other: Agency
    manager: User
    inspector: User
    outsider: User
    leader: User
    other_leader: User

    @property
    def commune(self) -> Agency:
        return self.desk.agency


@pytest.fixture
def scene(db) -> Scene:
    return build_scene()


def build_scene() -> Scene:
    province = make_unit("01", "Thành phố Hà Nội")
    make_unit("00004", "Phường Ba Đình", level="commune", parent=province)
    centre = make_agency(
        "000.00.01.H56", "Trung tâm Phục vụ hành chính công thành phố", unit=province, kind="trung_tam"
    )
    desk = Desk("000.00.06.H56", "Ủy ban nhân dân phường Ba Đình")
    other = make_agency("000.00.07.H56", "Ủy ban nhân dân phường Ngọc Hà", unit=province)
    return Scene(
        centre=centre,
        desk=desk,
        other=other,
        manager=make_user(centre, Role.REFORM_MANAGER, username="quanly"),
        inspector=make_user(centre, Role.INSPECTOR, username="kiemtra"),
        outsider=make_user(centre, Role.INSPECTOR, username="ngoaidoan"),
        leader=desk.leader,
        other_leader=make_user(other, Role.LEADER, username="lanhdaongocha"),
    )


def make_decision(s: Scene, number: str = "125/QĐ-UBND") -> Decision:
    return services.create_decision(
        actor=s.manager,
        unit=s.centre.unit,
        number=number,
        signed_on=date(2026, 3, 2),
        issuer="Ủy ban nhân dân Thành phố Hà Nội",
        signer="Nguyễn Văn Hùng",
        signer_title="Phó Chủ tịch",
        purpose="Kiểm tra công tác cải cách hành chính năm 2026.",
    )


def issued_decision(s: Scene, kind: str = VisitKind.PLANNED) -> tuple[Decision, Visit]:
    d = make_decision(s)
    services.add_member(d, actor=s.manager, user=s.inspector, role=TeamRole.LEAD)
    visit = services.add_visit(
        d,
        actor=s.manager,
        agency=s.commune,
        planned_on=date(2026, 3, 16),
        kind=kind,
        period_from=date(2026, 2, 1),
        period_to=date(2026, 2, 28),
    )
    return services.issue_decision(d, actor=s.manager), visit


def all_pass(visit: Visit) -> dict:
    ids = visit.decision.checklist.areas.values_list("items__pk", flat=True)
    return dict.fromkeys(ids, (FindingResult.PASS, ""))


def closed_visit(s: Scene, kind: str = VisitKind.PLANNED, paper: int = 0) -> tuple[Decision, Visit]:
    d, v = issued_decision(s, kind)
    services.start_visit(v, actor=s.inspector)
    services.record_findings(v, actor=s.inspector, results=all_pass(v))
    services.record_reconciliation(v, actor=s.inspector, paper_count=paper)
    services.close_visit(v, actor=s.inspector, summary="Đạt yêu cầu.")
    return d, v


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def evidence(name: str = "bien-ban.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if data is None else data, content_type="application/pdf")
