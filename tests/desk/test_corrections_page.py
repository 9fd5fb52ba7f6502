"""Correction of a result (Decree 118/2025 Art. 23.1) as the officers see it: the dossier page's
block and buttons, the «Đính chính kết quả» list with its counts, and the JSON API."""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.documents import services as documents
from motcua.documents.models import DossierFile
from motcua.dossiers import corrections, services
from motcua.dossiers.models import Dossier, ResultCorrection
from motcua.dossiers.states import State
from motcua.org.models import Role
from tests.documents.conftest import pdf_bytes
from tests.dossiers.test_result_corrections import WRONG, make_province
from tests.factories import APPLICANT, make_agency, make_user
from tests.factories import required_components as required


@pytest.fixture
def p(db) -> dict:
    return make_province()


def returned(p, days_ago: int, *, electronic: bool = False) -> Dossier:
    """Received ``days_ago`` days ago at the commune for the department, result the next hour,
    handed over at the commune desk the hour after; electronic: signed by the department clerk."""
    start = timezone.now() - timedelta(days=days_ago)
    hour = timedelta(hours=1)
    d = services.receive(
        actor=p["commune_desk"],
        version=p["version"],
        agency=p["commune"],
        competent_agency=p["department"],
        applicant=dict(APPLICANT),
        components=required(p["version"]),
        at=start,
        **({"result_delivery": "electronic"} if electronic else {}),
    ).dossier
    services.forward(d.pk, actor=p["dept_desk"], to_user=p["specialist"], at=start + hour)
    services.forward(d.pk, actor=p["specialist"], to_user=p["leader"], at=start + 2 * hour)
    services.approve(d.pk, actor=p["leader"], at=start + 3 * hour)
    services.forward(d.pk, actor=p["leader"], to_user=p["clerk"], at=start + 4 * hour)
    if electronic:
        documents.sign_result(Dossier.objects.get(pk=d.pk), pdf_bytes(), user=p["clerk"])
    services.issue_result(d.pk, actor=p["clerk"], at=start + 5 * hour)
    return services.return_result(
        d.pk, actor=p["commune_desk"], method="desk", receiver="Nguyễn Văn An", at=start + 6 * hour
    )


def offered(html: str) -> set[str]:
    return set(re.findall(r'<details class="action" id="([a-z_]+)"', html))


def page(client, user, d) -> str:
    client.force_login(user)
    response = client.get(reverse("dossier_detail", args=[d.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_desk_sends_the_result_back_from_the_dossier_page(client, p):
    d = returned(p, 5)
    html = page(client, p["commune_desk"], d)
    assert "request_correction" in offered(html) and 'id="corrections"' not in html
    act = reverse("dossier_act", args=[d.pk, "request_correction"])
    # An empty description: a Vietnamese message, nothing stored.
    html = client.post(act, {"found_by": "applicant", "description": "  "}, follow=True).content.decode()
    assert "Cần mô tả sai sót" in html and not ResultCorrection.objects.exists()
    html = client.post(act, {"found_by": "applicant", "description": WRONG}, follow=True).content.decode()
    assert "Đã thực hiện: Chuyển đính chính kết quả." in html
    c = ResultCorrection.objects.get(dossier=d)
    block = html.split('id="corrections"')[1].split("</section>")[0]
    assert WRONG in block and "Người nộp hồ sơ phát hiện khi nhận kết quả" in block
    assert timezone.localtime(c.due_at).strftime("%H:%M %d/%m/%Y") in block
    assert "Đang chờ đính chính" in block and "Chưa — đang chờ Sở Tư pháp" in block
    timeline = html.split('id="timeline"')[1].split("</ol>")[0]
    assert "Chuyển đính chính kết quả" in timeline and WRONG in timeline
    due = timezone.localtime(c.due_at).strftime("%H:%M %d/%m/%Y")
    assert f"Hạn chuyển lại kết quả đã đính chính: {due}." in timeline
    # Sent: no second request, no return of the wrong result while the department has it.
    assert not offered(html) & {"request_correction", "return_correction", "issue_correction"}


def test_the_department_corrects_from_its_worklist_and_the_page(client, p):
    d = returned(p, 5, electronic=True)
    original = DossierFile.objects.get(dossier=d, kind="result", is_current=True)
    corrections.request_correction(d.pk, actor=p["commune_desk"], description=WRONG, found_by="desk")
    client.force_login(p["clerk"])
    listing = client.get(reverse("worklist") + "?tab=correction").content.decode()
    assert "Chờ đính chính kết quả" in listing and d.code in listing
    html = page(client, p["clerk"], d)
    assert "issue_correction" in offered(html)
    act = reverse("dossier_act", args=[d.pk, "issue_correction"])
    # An electronic result without the corrected document: refused, still at the department.
    html = client.post(act, {"note": "Sửa năm sinh"}, follow=True).content.decode()
    assert "cần tải lên và ký số văn bản kết quả đã đính chính" in html
    assert ResultCorrection.objects.get(dossier=d).corrected_at is None
    upload = SimpleUploadedFile("ket-qua-dinh-chinh.pdf", pdf_bytes(2), content_type="application/pdf")
    html = client.post(
        act, {"note": "Sửa năm sinh", "corrected_result": upload}, follow=True
    ).content.decode()
    c = ResultCorrection.objects.get(dossier=d)
    assert c.corrected_at is not None and c.corrected_file.signed and c.original_file == original
    # The block links both versions; the wrong one can still be downloaded by the department.
    block = html.split('id="corrections"')[1].split("</section>")[0]
    original_url = reverse("dossier_file", args=[d.pk, original.pk])
    assert original_url in block and reverse("dossier_file", args=[d.pk, c.corrected_file.pk]) in block
    assert "Đính chính đúng hạn" in block and "thay thế bản bị sai sót" in block
    download = client.get(original_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == original.read()
    # Back at the commune desk, which returns it.
    html = page(client, p["commune_desk"], d)
    assert "return_correction" in offered(html) and "issue_correction" not in offered(html)
    client.post(
        reverse("dossier_act", args=[d.pk, "return_correction"]),
        {"method": "electronic", "receiver": ""},
    )
    assert ResultCorrection.objects.get(dossier=d).returned_at is not None
    assert Dossier.objects.get(pk=d.pk).state == State.RETURNED


def test_the_list_shows_open_corrections_due_overdue_and_counts(client, p):
    late = returned(p, 40)
    corrections.request_correction(
        late.pk,
        actor=p["commune_desk"],
        description=WRONG,
        found_by="applicant",
        at=timezone.now() - timedelta(days=20),  # three working days are long gone
    )
    fresh = returned(p, 2)
    corrections.request_correction(fresh.pk, actor=p["commune_desk"], description=WRONG, found_by="desk")
    other = make_agency("000.00.42.H56", "Ủy ban nhân dân phường Kim Mã")
    client.force_login(p["commune_desk"])
    html = client.get(reverse("corrections_list")).content.decode()
    assert 'href="' + reverse("corrections_list") + '"' in html  # in the desk's menu
    rows = html.split('id="open-corrections"')[1].split("</table>")[0]
    assert late.code in rows and fresh.code in rows
    assert rows.count("Quá hạn đính chính") == 1 and rows.count("Đang chờ đính chính") == 1
    # Counts for a period covering both requests: 2 for the department, 1 late (still open, overdue).
    today = timezone.localdate()
    query = f"?tu_ngay={(today - timedelta(days=30)).isoformat()}&den_ngay={today.isoformat()}"
    html = client.get(reverse("corrections_list") + query).content.decode()
    counts = html.split('id="correction-counts"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="num">(\d+)</td>', counts)
    assert "Sở Tư pháp" in counts and cells == ["2", "0", "1"]
    # A period before both: nothing to count.
    before = today - timedelta(days=60)
    old = f"?tu_ngay={(before - timedelta(days=30)).isoformat()}&den_ngay={before.isoformat()}"
    assert (
        "Không có yêu cầu đính chính nào trong khoảng thời gian này."
        in client.get(reverse("corrections_list") + old).content.decode()
    )
    # Bad periods: reversed, or outside what the system counts with.
    reversed_ = f"?tu_ngay={today.isoformat()}&den_ngay={before.isoformat()}"
    assert "Ngày kết thúc phải sau ngày bắt đầu." in client.get(
        reverse("corrections_list") + reversed_
    ).content.decode("utf-8")
    assert client.get(reverse("corrections_list") + "?tu_ngay=9999-01-01").status_code == 400
    # Another unit's desk sees none of it; an officer without a desk or processing role is refused.
    client.force_login(make_user(other, Role.DESK_OFFICER))
    html = client.get(reverse("corrections_list")).content.decode()
    assert late.code not in html and "Không có yêu cầu đính chính nào chưa hoàn thành." in html
    client.force_login(make_user(other, Role.REFORM_MANAGER))
    assert client.get(reverse("corrections_list")).status_code == 403


def test_the_json_api_requests_and_issues_a_correction(client, p):
    d = returned(p, 5)
    client.handler.enforce_csrf_checks = False
    url = f"/api/v1/dossiers/{d.pk}"
    client.force_login(p["commune_desk"])

    def post(path, data):
        return client.post(f"{url}/{path}", json.dumps(data), content_type="application/json")

    refused = post("request-correction", {"description": "", "found_by": "applicant"})
    assert refused.status_code == 422 and "Cần mô tả sai sót" in refused.json()["detail"]
    assert not ResultCorrection.objects.exists()
    ok = post("request-correction", {"description": WRONG, "found_by": "applicant"})
    assert ok.status_code == 200 and ok.json()["events"][-1]["action"] == "request_correction"
    again = post("request-correction", {"description": WRONG, "found_by": "applicant"})
    assert again.status_code == 409 and "chưa hoàn thành" in again.json()["detail"]
    # The commune desk may not correct; the department specialist may.
    assert post("issue-correction", {"note": ""}).status_code == 403
    client.force_login(p["specialist"])
    done = post("issue-correction", {"note": "Sửa năm sinh"})
    assert done.status_code == 200 and done.json()["events"][-1]["action"] == "issue_correction"
    assert ResultCorrection.objects.get(dossier=d).corrected_by == p["specialist"]
