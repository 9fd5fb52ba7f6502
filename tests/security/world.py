"""A province for the access matrix: agency A holds one object of every kind a page or an API
operation can name; agency B has one officer per role; a citizen owns nothing of A's.

Province P (unit 01) holds the service centre (reform manager, inspector); communes A and B each
have a People's Committee receiving dossiers. Everything of A's is made through the services, as
the application makes it.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.catalog.models import FeeLine
from motcua.org.models import Agency, Role, User
from tests.factories import APPLICANT, make_agency, make_process, make_unit, make_user, make_version

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY_ROLES = (Role.DESK_OFFICER, Role.SPECIALIST, Role.HEAD, Role.LEADER, Role.CLERK)
YEAR = 2026
PARINDEX_TREE = """
framework: {code: ma-tran, name: "Bo chi so ma tran", total_points: 100}
groups: ["Xã"]
tree:
  - {code: "1.1", title: "Ban hành kế hoạch", max_points: 4, rule: "Kịp thời: 4", verified: true}
""".encode()


def pdf_upload(name: str = "tai-lieu.pdf") -> SimpleUploadedFile:
    from pypdf import PdfWriter

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def citizen(username: str, personal_id: str) -> User:
    """A citizen account that has proven its personal ID (as after a VNeID login)."""
    user = make_user(username=username)
    user.personal_id = personal_id
    user.full_name = username.title()
    user.save()
    try:
        from motcua.portal.verification import prove
    except ImportError:  # accounts that need no proof of their ID (before issue 14 item 4)
        return user
    prove(user, "vneid")
    return user


class World:
    """Agency A with its objects; agency B's officers; a citizen; the province's reform staff."""

    def __init__(self):
        self.province = make_unit("01", "Thành phố Hà Nội")
        commune_a = make_unit("00004", "Phường Ba Đình", level="commune", parent=self.province)
        commune_b = make_unit("00007", "Phường Hoàn Kiếm", level="commune", parent=self.province)
        self.centre = make_agency(
            "000.00.01.H56",
            "Trung tâm Phục vụ hành chính công",
            unit=self.province,
            kind=Agency.Kind.SERVICE_CENTRE,
        )
        committee = Agency.Kind.PEOPLES_COMMITTEE
        self.a = make_agency(
            "000.00.06.H56", "Ủy ban nhân dân phường Ba Đình", unit=commune_a, kind=committee
        )
        self.b = make_agency(
            "000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", unit=commune_b, kind=committee
        )
        self.staff_a = {role: make_user(self.a, role, username=f"a-{role}") for role in AGENCY_ROLES}
        # B's officers are staff, as the demo makes every officer: the administration is theirs too.
        self.staff_b = {role: make_user(self.b, role, username=f"b-{role}") for role in AGENCY_ROLES}
        User.objects.filter(pk__in=[u.pk for u in self.staff_b.values()]).update(is_staff=True)
        self.manager = make_user(self.centre, Role.REFORM_MANAGER, username="quanly")
        self.inspector = make_user(self.centre, Role.INSPECTOR, username="kiemtra")
        # A's desk officer has turned on a second factor: its secret is theirs alone.
        self.totp = TOTPDevice.objects.create(user=self.desk_a, name="Điện thoại", confirmed=True)
        self.citizen = citizen("congdan-khac", "001090099999")
        self.owner = citizen("chu-ho-so", APPLICANT["identifier"])  # the applicant of A's dossiers
        self.version = make_version()
        FeeLine.objects.filter(version=self.version).update(amount_vnd=50_000)
        make_process(self.version, self.a)
        self._dossier_side()
        self._feedback_side()
        self._plans()
        self._parindex()
        self._inspections()

    @property
    def desk_a(self) -> User:
        return self.staff_a[Role.DESK_OFFICER]

    # ------------------------------------------------------------------ one-stop desk, dossiers

    def _dossier_side(self):
        from motcua.desk import queue
        from motcua.desk.models import Booking, ServiceCounter
        from motcua.documents import services as documents
        from motcua.dossiers import services
        from motcua.feedback.models import Rating
        from motcua.payments import services as payments
        from tests.factories import required_components

        self.dossier = services.receive(
            actor=self.desk_a,
            version=self.version,
            agency=self.a,
            applicant=dict(APPLICANT),
            components=required_components(self.version),
            at=datetime(2026, 3, 10, 9, 0, tzinfo=VN),
        ).dossier
        # A second dossier waits for papers from its applicant (the online supplement page).
        self.waiting = services.receive(
            actor=self.desk_a,
            version=self.version,
            agency=self.a,
            applicant=dict(APPLICANT),
            components=required_components(self.version),
            outcome="request_supplement",
            items=["Bản sao giấy khai sinh"],
            at=datetime(2026, 3, 10, 9, 30, tzinfo=VN),
        ).dossier
        self.file = documents.store_file(
            self.dossier, pdf_upload().read(), name="to-khai.pdf", kind="other", user=self.desk_a
        )
        self.payment = payments.record_cash(self.dossier, actor=self.desk_a)
        self.counter = ServiceCounter.objects.create(agency=self.a, number=1, name="Tiếp nhận chung")
        self.ticket = queue.issue_ticket(self.a, now=datetime(2026, 3, 10, 8, 0, tzinfo=VN))
        self.booking = Booking.objects.create(
            agency=self.a,
            field=self.version.procedure.field,
            date=date(2026, 3, 11),
            slot=time(9, 0),
            name=APPLICANT["name"],
            phone=APPLICANT["phone"],
            personal_id=APPLICANT["identifier"],
            code="MATRAN01",
        )
        # A rating as the citizen leaves it once the result is returned (the model, not the flow:
        # the matrix needs the row, not the path to it).
        self.rating = Rating.objects.create(
            dossier=self.dossier,
            agency=self.a,
            level="satisfied",
            comment="Cán bộ nhiệt tình.",
            rated_at=datetime(2026, 3, 20, 9, 0, tzinfo=VN),
            channel="portal",
        )

    def _feedback_side(self):
        from motcua.feedback import services

        self.petition = services.submit_petition(
            agency=self.a,
            kind="report",
            sender_name="Nguyễn Văn An",
            personal_id=APPLICANT["identifier"],
            phone="0912345678",
            content="Cán bộ hẹn trả kết quả nhiều lần.",
        ).petition

    # ------------------------------------------------------------------ reform: plans

    def _plans(self):
        from motcua.reform.plans import services
        from motcua.reform.plans.models import PeriodicReport, ReformArea, ReportKind, TaskKind

        leader = self.staff_a[Role.LEADER]
        self.plan = services.create_plan(
            leader, self.a.pk, YEAR, "Kế hoạch CCHC", "15/KH-UBND", date(YEAR, 1, 5)
        )
        self.task = services.add_task(
            leader,
            self.plan.pk,
            kind=TaskKind.SPECIFIC,
            title="Số hóa hồ sơ",
            area=ReformArea.PROCEDURES,
            division="Bộ phận Một cửa",
            deadline=date(YEAR, 6, 30),
            deliverable="Báo cáo",
        )
        services.complete_task(leader, self.task.pk, completed_on=date(YEAR, 6, 1), evidence=pdf_upload())
        self.task.refresh_from_db()
        self.task_evidence = self.task.evidence.first()
        services.set_report_schedule(self.manager, YEAR, {ReportKind.Q1: date(YEAR, 4, 15)})
        self.report = PeriodicReport.objects.get(agency=self.a, deadline__kind=ReportKind.Q1)
        self.submission = services.submit_report(leader, self.report.pk, pdf_upload("q1.pdf"))

    # ------------------------------------------------------------------ reform: PAR-INDEX

    def _parindex(self):
        from motcua.reform.parindex import services

        self.edition = services.create_edition(
            self.manager, unit_id=self.province.pk, year=YEAR, upload=("t.yaml", PARINDEX_TREE)
        )
        services.add_participant(self.manager, self.edition, self.a, "Xã")
        services.publish(self.manager, self.edition, date(YEAR, 12, 31), today=date(YEAR, 1, 1))
        self.assessment = self.edition.assessments.get(agency=self.a)
        self.score = self.assessment.scores.first()
        self.evidence = services.add_evidence(
            self.staff_a[Role.LEADER], self.assessment, self.score, pdf_upload(), today=date(YEAR, 2, 1)
        )

    # ------------------------------------------------------------------ reform: inspections

    def _inspections(self):
        from motcua.reform.inspections import services
        from motcua.reform.inspections.models import FindingResult, TeamRole

        self.decision = services.create_decision(
            actor=self.manager,
            unit=self.province,
            number="125/QĐ-UBND",
            signed_on=date(YEAR, 3, 2),
            issuer="Ủy ban nhân dân Thành phố Hà Nội",
            signer="Nguyễn Văn Hùng",
            signer_title="Phó Chủ tịch",
            purpose="Kiểm tra công tác cải cách hành chính.",
        )
        self.member = services.add_member(
            self.decision, actor=self.manager, user=self.inspector, role=TeamRole.LEAD
        )
        self.visit = services.add_visit(
            self.decision,
            actor=self.manager,
            agency=self.a,
            planned_on=date(YEAR, 3, 16),
            kind="planned",
            period_from=date(YEAR, 2, 1),
            period_to=date(YEAR, 2, 28),
        )
        services.issue_decision(self.decision, actor=self.manager)
        services.start_visit(self.visit, actor=self.inspector)
        items = self.decision.checklist.areas.values_list("items__pk", flat=True)
        services.record_findings(
            self.visit, actor=self.inspector, results=dict.fromkeys(items, (FindingResult.PASS, ""))
        )
        services.record_reconciliation(self.visit, actor=self.inspector, paper_count=0)
        services.close_visit(self.visit, actor=self.inspector, summary="Đạt yêu cầu.")
        services.issue_notice(
            self.decision,
            actor=self.manager,
            number="45/TB-UBND",
            signed_on=date(YEAR, 4, 1),
            signer="Nguyễn Văn Hùng",
            summary="Đạt yêu cầu.",
            directives=[{"text": "Ghi bổ sung sổ theo dõi.", "agency": self.a, "deadline": date(YEAR, 5, 1)}],
        )
        self.directive = self.decision.notice.directives.get()
        services.report_directive(
            self.directive, actor=self.staff_a[Role.LEADER], report="Đã ghi bổ sung.", evidence=pdf_upload()
        )
        self.directive.refresh_from_db()

    # ------------------------------------------------------------------ what must not change

    def objects(self) -> list:
        """Agency A's objects whose every field must be the same after the visitors are done."""
        return [
            self.a,
            self.totp,
            self.dossier,
            self.waiting,
            self.file,
            self.payment,
            self.ticket,
            self.booking,
            self.rating,
            self.petition,
            self.plan,
            self.task,
            self.task_evidence,
            self.report,
            self.submission,
            self.edition,
            self.assessment,
            self.score,
            self.evidence,
            self.decision,
            self.member,
            self.visit,
            self.directive,
        ]


def fields_of(obj) -> dict:
    """The row as stored now; empty when it was deleted."""
    return type(obj).objects.filter(pk=obj.pk).values().first() or {}
