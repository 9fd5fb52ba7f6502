"""Helpers of the citizen's walks: a procedure offered online with a fee, a citizen account, a real
small PDF to upload, and the online submission done in the browser."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import connection, transaction
from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from motcua.catalog.models import FeeLine
from motcua.documents.services import result_pdf, sign_result
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel
from motcua.org.models import User
from tests.factories import Desk, prove_identity, required_components

CITIZEN_PASSWORD = "mat-khau-cong-dan-2026"
FEE_VND = 50_000
REQUIRED = ("Tờ khai đăng ký kết hôn", "Giấy xác nhận tình trạng hôn nhân")


def online_scene() -> Desk:
    """The ``Desk`` scene with "Đăng ký kết hôn" offered fully online and a 50.000 đồng fee."""
    scene = Desk()
    scene.version.online_level = "toan_trinh"
    scene.version.save(update_fields=["online_level"])
    FeeLine.objects.filter(version=scene.version).update(amount_vnd=FEE_VND)
    return scene


def make_citizen(personal_id: str = "001090012345", name: str = "Nguyễn Văn An") -> User:
    user = User(
        username=personal_id,
        personal_id=personal_id,
        full_name=name,
        email=f"{personal_id}@example.vn",
        phone="0912345678",
    )
    user.set_password(CITIZEN_PASSWORD)
    user.save()
    return prove_identity(user)  # sees the dossiers of its ID, not only what it submitted


def small_pdf(folder: Path, name: str = "giay-to.pdf") -> Path:
    """A real one-page PDF (A4, blank) written with pypdf."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Giấy tờ scan"})
    path = folder / name
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def open_procedure(page: Page, live_server, query: str = "ket hon") -> None:
    """From the public catalogue to the procedure's page, searching without diacritics."""
    page.goto(f"{live_server.url}/thu-tuc/")
    page.get_by_label("Tên thủ tục (gõ có dấu hoặc không dấu)").fill(query)
    page.get_by_role("button", name="Tìm").click()
    expect(page.locator("#results")).to_contain_text("1 thủ tục")
    page.locator("#results").get_by_role("link", name="Đăng ký kết hôn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký kết hôn")


def fill_submission(page: Page, pdf: Path, summary: str = "Đăng ký kết hôn với bà Trần Thị Bích") -> None:
    """On the submission page: the summary and one file per required component."""
    page.get_by_label("Nội dung đề nghị").fill(summary)
    for name in REQUIRED:
        page.get_by_label(f"Tệp — {name}").set_input_files(str(pdf))


def submit_online(page: Page, live_server, pdf: Path) -> Dossier:
    """Catalogue → procedure → form → files → submit; returns the dossier awaiting reception."""
    open_procedure(page, live_server)
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    fill_submission(page, pdf)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url("**/cong-dan/ho-so/*/")
    expect(page.locator("#state")).to_have_text("Chờ tiếp nhận")
    return Dossier.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))


def online_dossier(scene: Desk, citizen: User) -> Dossier:
    """An online dossier of the citizen awaiting reception, made through the write path."""
    return services.receive(
        actor=citizen,
        version=scene.version,
        agency=scene.agency,
        applicant={"kind": 1, "identifier": citizen.personal_id, "name": citizen.full_name},
        channel=Channel.ONLINE,
        components=required_components(scene.version),
    ).dossier


def to_signed_result(scene: Desk, d: Dossier) -> Dossier:
    """Accepted, assigned, through every step and approved, with the signed result issued."""
    services.accept(d.pk, actor=scene.desk)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader)
    services.approve(d.pk, actor=scene.leader)
    services.forward(d.pk, actor=scene.leader, to_user=scene.clerk)

    def issue() -> Dossier:
        # As the clerk's "Ban hành kết quả": signed, then issued. pyHanko runs its own event loop,
        # which Playwright's loop in this thread does not allow: the signing gets a thread.
        try:
            with transaction.atomic():
                signed = Dossier.objects.get(pk=d.pk)
                sign_result(signed, result_pdf(signed), user=scene.clerk)
                return services.issue_result(d.pk, actor=scene.clerk)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(issue).result()
