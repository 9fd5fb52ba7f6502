"""Officers' pages through the Django test client: reception → processing → result → return,
and the scoping of every page that takes a dossier."""

import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.org.models import Role
from tests.factories import APPLICANT, Desk, make_agency, make_user


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


def login(client, user):
    client.force_login(user)
    return client


def reception_form(scene: Desk, **extra) -> dict:
    data = {
        "co_quan": scene.agency.pk,
        "thu_tuc": scene.version.procedure.pk,
        "idem": "k1",
        "loai": "1",
        "so_dinh_danh": APPLICANT["identifier"],
        "ho_ten": APPLICANT["name"],
        "dia_chi": APPLICANT["address"],
        "so_bo": "1",
        "kenh": "1",
        "outcome": "accept",
    }
    for c in scene.version.components.filter(condition=""):
        data[f"tp_{c.pk}"] = "on"
        data[f"sl_{c.pk}"] = "1"
    data.update(extra)
    return data


def test_procedure_search_without_diacritics_finds_the_procedure(client, scene):
    login(client, scene.desk)
    page = client.get(reverse("reception_procedures"), {"q": "ket hon", "co_quan": scene.agency.pk})
    assert "Đăng ký kết hôn" in page.content.decode()


def test_accept_at_the_desk_creates_one_dossier_even_when_posted_twice(client, scene):
    login(client, scene.desk)
    first = client.post(reverse("reception_new"), reception_form(scene))
    second = client.post(reverse("reception_new"), reception_form(scene), follow=True)
    assert Dossier.objects.count() == 1
    d = Dossier.objects.get()
    assert first.status_code == 302 and first["Location"] == reverse("dossier_detail", args=[d.pk])
    assert d.state == State.RECEIVED and d.code
    assert "gửi trùng" in second.content.decode()


def test_missing_component_is_refused_with_its_name_and_creates_nothing(client, scene):
    login(client, scene.desk)
    form = reception_form(scene)
    first = scene.version.components.order_by("order").first()
    form.pop(f"tp_{first.pk}")
    page = client.post(reverse("reception_new"), form)
    assert page.status_code == 422
    assert "Thiếu thành phần hồ sơ bắt buộc" in page.content.decode()
    assert first.name in page.content.decode()
    assert not Dossier.objects.exists()


def test_wrong_personal_id_is_refused_in_vietnamese(client, scene):
    login(client, scene.desk)
    page = client.post(reverse("reception_new"), reception_form(scene, so_dinh_danh="12345"))
    assert page.status_code == 422
    assert "12 chữ số" in page.content.decode()
    assert not Dossier.objects.exists()


def test_whole_path_through_pages(client, scene):
    login(client, scene.desk)
    client.post(reverse("reception_new"), reception_form(scene))
    d = Dossier.objects.get()

    def act(user, name, **data):
        login(client, user)
        response = client.post(reverse("dossier_act", args=[d.pk, name]), data, follow=True)
        assert "Đã thực hiện" in response.content.decode(), response.content.decode()[:3000]
        d.refresh_from_db()
        return response

    act(scene.head, "assign", assignee=scene.desk.pk)
    act(scene.desk, "forward", to_user=scene.specialist.pk)
    act(scene.specialist, "note", note="Đã xác minh giấy tờ")
    act(scene.specialist, "forward", to_user=scene.leader.pk)
    act(scene.leader, "approve")
    act(scene.leader, "forward", to_user=scene.clerk.pk)
    act(scene.clerk, "issue_result")
    assert d.state == State.READY_FOR_RETURN
    login(client, scene.desk)
    page = client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    assert "Chữ ký số hợp lệ" in page
    page = act(scene.desk, "return_result", method="desk", receiver="Nguyễn Văn An")
    assert d.state == State.RETURNED
    text = page.content.decode()
    assert "Đã trả kết quả" in text and "Đã xác minh giấy tờ" in text


def test_forms_open_as_pdf_from_the_dossier_page(client, scene):
    login(client, scene.desk)
    client.post(reverse("reception_new"), reception_form(scene))
    d = Dossier.objects.get()
    page = client.get(reverse("dossier_detail", args=[d.pk]))
    assert reverse("dossier_form", args=[d.pk, "01"]) in page.content.decode()
    pdf = client.get(reverse("dossier_form", args=[d.pk, "01"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_action_out_of_turn_gets_a_message_and_changes_nothing(client, scene):
    login(client, scene.desk)
    client.post(reverse("reception_new"), reception_form(scene))
    d = Dossier.objects.get()
    login(client, scene.clerk)
    page = client.post(reverse("dossier_act", args=[d.pk, "issue_result"]), follow=True)
    d.refresh_from_db()
    assert d.state == State.RECEIVED
    assert "Không thể" in page.content.decode() or "không có quyền" in page.content.decode()


def test_another_agencys_officer_cannot_open_list_or_act(client, scene):
    login(client, scene.desk)
    client.post(reverse("reception_new"), reception_form(scene))
    d = Dossier.objects.get()
    other_agency = make_agency("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm")
    stranger = make_user(other_agency, Role.DESK_OFFICER, Role.HEAD, Role.LEADER)
    login(client, stranger)
    for url in [
        reverse("dossier_detail", args=[d.pk]),
        reverse("dossier_form", args=[d.pk, "01"]),
        reverse("dossier_form", args=[d.pk, "05"]),
    ]:
        assert client.get(url).status_code == 404, url
    for name in ["assign", "forward", "withdraw", "stop", "issue_apology", "return_result"]:
        assert client.post(reverse("dossier_act", args=[d.pk, name]), {"reason": "x"}).status_code == 404
    for url in [reverse("worklist") + f"?tab={t}" for t in ["mine", "unassigned", "agency", "reception"]] + [
        reverse("dossier_search") + f"?q={d.code}",
        reverse("warnings"),
    ]:
        page = client.get(url).content.decode()
        assert reverse("dossier_detail", args=[d.pk]) not in page, url
        assert APPLICANT["name"] not in page, url
    d.refresh_from_db()
    assert d.event_count == 1


def test_head_sees_unassigned_dossier_and_assigns_from_the_list(client, scene):
    login(client, scene.desk)
    client.post(reverse("reception_new"), reception_form(scene))
    d = Dossier.objects.get()
    login(client, scene.head)
    page = client.get(reverse("worklist"), {"tab": "unassigned"})
    assert d.code in page.content.decode()
    client.post(
        reverse("dossier_act", args=[d.pk, "assign"]),
        {"assignee": scene.desk.pk, "next": "list"},
        HTTP_REFERER=reverse("worklist") + "?tab=unassigned",
    )
    d.refresh_from_db()
    assert d.assignee == scene.desk  # the first step is the desk's: reception and transfer
    login(client, scene.desk)
    assert d.code in client.get(reverse("worklist")).content.decode()


def test_pages_need_login(client, scene):
    response = client.get(reverse("worklist"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_result_signed_by_someone_not_allowed_to_sign_issues_nothing(client, db):
    from tests.factories import make_process, make_version

    version = make_version()
    scene = Desk(version=version, with_process=False)
    # A process whose last step is the specialist's: the specialist issues, but may not sign.
    make_process(
        version,
        scene.agency,
        steps=[
            ("Tiếp nhận, chuyển hồ sơ", Role.DESK_OFFICER, "0.5"),
            ("Lãnh đạo phê duyệt", Role.LEADER, "1"),
            ("Hoàn thiện kết quả", Role.SPECIALIST, "13.5"),
        ],
    )
    login(client, scene.desk)
    client.post(reverse("reception_new"), reception_form(scene))
    d = Dossier.objects.get()
    client.post(reverse("dossier_act", args=[d.pk, "forward"]), {"to_user": scene.leader.pk})
    login(client, scene.leader)
    client.post(reverse("dossier_act", args=[d.pk, "approve"]))
    client.post(reverse("dossier_act", args=[d.pk, "forward"]), {"to_user": scene.specialist.pk})
    d.refresh_from_db()
    assert d.step_index == 2 and d.assignee == scene.specialist
    login(client, scene.specialist)
    page = client.post(reverse("dossier_act", args=[d.pk, "issue_result"]), follow=True).content.decode()
    d.refresh_from_db()
    assert d.state == State.PROCESSING
    assert "ký" in page.lower()


def test_result_file_opens_for_the_agency_and_is_a_404_for_another(client, scene):
    from motcua.documents.models import DossierFile

    login(client, scene.desk)
    client.post(reverse("reception_new"), reception_form(scene))
    d = Dossier.objects.get()
    for user, name, data in [
        (scene.head, "assign", {"assignee": scene.desk.pk}),
        (scene.desk, "forward", {"to_user": scene.specialist.pk}),
        (scene.specialist, "forward", {"to_user": scene.leader.pk}),
        (scene.leader, "approve", {}),
        (scene.leader, "forward", {"to_user": scene.clerk.pk}),
        (scene.clerk, "issue_result", {}),
    ]:
        login(client, user)
        client.post(reverse("dossier_act", args=[d.pk, name]), data)
    result = DossierFile.objects.get(dossier=d, kind="result")
    url = reverse("dossier_file", args=[d.pk, result.pk])
    login(client, scene.desk)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    stranger = make_user(make_agency("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm"), Role.DESK_OFFICER)
    login(client, stranger)
    assert client.get(url).status_code == 404


def test_ledger_page_lists_the_period_and_exports_pdf_and_excel(client, scene):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    login(client, scene.desk)
    client.post(reverse("reception_new"), reception_form(scene))
    d = Dossier.objects.get()
    day = d.received_at.astimezone().date().isoformat()
    page = client.get(reverse("ledger"), {"tu_ngay": day, "den_ngay": day}).content.decode()
    assert d.code in page and APPLICANT["name"] in page
    pdf = client.get(reverse("ledger"), {"tu_ngay": day, "den_ngay": day, "dang": "pdf"})
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert d.code in " ".join(text.split())
    xlsx = client.get(reverse("ledger"), {"tu_ngay": day, "den_ngay": day, "dang": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][1] == d.code
    stranger = make_user(make_agency("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm"), Role.DESK_OFFICER)
    login(client, stranger)
    other = client.get(reverse("ledger"), {"co_quan": scene.agency.pk, "tu_ngay": day, "den_ngay": day})
    assert d.code not in other.content.decode()


def test_a_scan_that_is_not_what_it_says_is_refused_and_nothing_is_created(client, scene):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.documents.models import DossierFile

    login(client, scene.desk)
    first = scene.version.components.order_by("order").first()
    fake = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00 this is a program, not a PDF", "application/pdf")
    page = client.post(reverse("reception_new"), {**reception_form(scene), f"tep_{first.pk}": fake})
    assert page.status_code == 422
    assert "to-khai.pdf" in page.content.decode()
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()


def test_a_real_scan_is_kept_with_its_component(client, scene):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    from motcua.documents.models import DossierFile

    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    login(client, scene.desk)
    first = scene.version.components.order_by("order").first()
    scan = SimpleUploadedFile("to-khai.pdf", buffer.getvalue(), "application/pdf")
    client.post(reverse("reception_new"), {**reception_form(scene), f"tep_{first.pk}": scan})
    d = Dossier.objects.get()
    f = DossierFile.objects.get(dossier=d)
    assert f.kind == "component" and f.component_code == str(first.pk)
    assert "to-khai.pdf" in client.get(reverse("dossier_detail", args=[d.pk])).content.decode()


def test_procedure_filter_lists_procedures_without_a_code_and_chooses_nothing_by_default(client, scene):
    """A procedure whose national code is unconfirmed (empty) was shown as chosen on every list
    and could not be filtered on."""
    from motcua.dossiers import services
    from tests.factories import make_process, make_version, required_components

    uncoded = make_version(code="", name="Đổi Giấy phép lái xe")
    make_process(uncoded, scene.agency)
    for version in (scene.version, uncoded):
        services.receive(
            actor=scene.desk,
            version=version,
            agency=scene.agency,
            applicant=dict(APPLICANT),
            components=required_components(version),
        )
    login(client, scene.desk)
    search = reverse("dossier_search")
    page = client.get(search).content.decode()
    assert "Đổi Giấy phép lái xe" in page and "2 hồ sơ" in page
    assert page.count(" selected>") == 0  # "Tất cả" is the first option: nothing marked
    only = client.get(search, {"thu_tuc": uncoded.procedure.pk}).content.decode()
    assert "1 hồ sơ" in only and f'value="{uncoded.procedure.pk}" selected' in only
    assert "1 hồ sơ" in client.get(search, {"thu_tuc": scene.version.procedure.code}).content.decode()
