"""The result document: rendered, signed with the agency's certificate, verified, tamper-evident."""

import io
import os
import stat
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.documents import pki, services, signing
from motcua.documents.models import DossierFile
from motcua.dossiers import services as dossier_services
from motcua.dossiers.errors import Forbidden, NotAllowed
from motcua.org.models import Agency
from tests.documents.conftest import pdf_bytes, text
from tests.dossiers.conftest import receive, vn
from tests.dossiers.test_lifecycle import walk_to_result

AGENCY = "Ủy ban nhân dân phường Ba Đình"
CODE = "000.00.06.H56-260210-0001"


@pytest.fixture
def signed(scene, approved) -> DossierFile:
    return services.sign_result(approved, services.result_pdf(approved), user=scene.leader)


def test_the_result_document_reads_back_with_code_applicant_and_signer(scene, approved):
    scene.agency.kind = Agency.Kind.PEOPLES_COMMITTEE
    scene.agency.save()
    approved.refresh_from_db()
    out = text(services.result_pdf(approved))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH",
        "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        f"Mã hồ sơ: {CODE}",
        "Đăng ký kết hôn",
        "Nguyễn Văn An",
        "001090012345",
        "Hà Nội, ngày 11 tháng 02 năm 2026",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        scene.leader.full_name,
    ]:
        assert expected in out, expected


def test_no_result_document_before_reception(scene):
    d = receive(scene, channel=2)  # online: waits for reception, has no code yet
    with pytest.raises(NotAllowed):
        services.result_pdf(d)


def test_a_signed_result_verifies_with_the_agency_as_signer(scene, approved, signed):
    assert signed.kind == DossierFile.Kind.RESULT and signed.signed and signed.is_current
    assert signed.original_name == f"ket-qua-{CODE}.pdf"
    assert signed.signature["signer"] == AGENCY and signed.signature["ok"] is True
    check = services.verify(signed)
    assert (check.signed, check.intact, check.valid, check.trusted) == (True, True, True, True)
    assert check.signer == AGENCY and check.organisation == "Thành phố Hà Nội"
    assert check.signed_at is not None
    assert check.reason == "Ký số kết quả giải quyết TTHC"
    assert check.message.startswith(f"Chữ ký số hợp lệ — Ký bởi: {AGENCY}, lúc ")
    # Signing added a revision; the document itself still reads the same.
    assert CODE in text(signed.read()) and "Nguyễn Văn An" in text(signed.read())


def test_the_signature_is_visible_in_the_box_kept_free_for_it(signed):
    reader = PdfFileReader(io.BytesIO(signed.read()))
    (sig,) = reader.embedded_signatures
    widget = sig.sig_field
    rect = [float(x) for x in widget["/Rect"]]
    assert rect == [float(x) for x in services.STAMP.pdf()]
    assert "/AP" in widget


def test_an_unknown_pdf_is_signed_without_drawing_over_it(scene, approved):
    f = services.sign_result(approved, pdf_bytes(), user=scene.clerk)
    (sig,) = PdfFileReader(io.BytesIO(f.read())).embedded_signatures
    rect = [float(x) for x in sig.sig_field.get("/Rect", [0, 0, 0, 0])]
    assert rect[2] - rect[0] == 0
    assert services.verify(f).ok


def test_changed_bytes_after_signing_are_detected(signed):
    data = bytearray(signed.read())
    at = data.index(b"WeasyPrint")
    data[at] = ord("w")
    check = services.verify(bytes(data))
    assert check.signed and not check.intact and not check.valid and not check.trusted
    assert check.message.startswith("Tài liệu đã bị sửa sau khi ký")


def test_text_added_in_a_later_revision_is_detected(signed):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed.read()))
    stamp = generic.StreamObject(stream_data=b"BT /F1 24 Tf 60 60 Td (DA SUA) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stamp))
    out = io.BytesIO()
    writer.write(out)
    check = services.verify(out.getvalue())
    assert check.signed and not check.intact and not check.valid
    assert check.message.startswith("Tài liệu đã bị sửa sau khi ký")


def test_a_signature_from_an_unknown_authority_is_not_trusted(signed):
    check = signing.verify_pdf(signed.read(), roots=[])
    assert check.intact and check.valid and not check.trusted and not check.ok
    assert "không do tổ chức cung cấp dịch vụ chứng thực chữ ký số tin cậy cấp" in check.message


def test_an_unsigned_or_broken_file_says_so():
    assert services.verify(pdf_bytes()).message == "Tài liệu không có chữ ký số."
    broken = services.verify(b"khong phai pdf")
    assert not broken.signed and "không phải là PDF hợp lệ" in broken.message


def test_a_signed_pdf_uploaded_later_keeps_its_verified_signature(scene, approved, signed):
    f = services.store_file(approved, signed.read(), name="kq-cu.pdf", kind="other", user=scene.desk)
    assert f.signed and f.signature["signer"] == AGENCY and f.signature["trusted"] is True


def test_signing_again_supersedes_the_previous_result(scene, approved, signed):
    again = services.sign_result(approved, services.result_pdf(approved), user=scene.clerk)
    signed.refresh_from_db()
    assert not signed.is_current and signed.superseded_by == again
    assert list(DossierFile.objects.filter(kind="result", is_current=True)) == [again]


def test_only_the_leader_or_the_clerk_signs(scene, approved):
    with pytest.raises(Forbidden):
        services.sign_result(approved, services.result_pdf(approved), user=scene.specialist)
    assert not DossierFile.objects.exists()


def test_no_signature_before_processing_nor_before_the_leader_approves(scene):
    d = receive(scene)
    pdf = services.result_pdf(d)
    with pytest.raises(NotAllowed, match="đang ở trạng thái «Đã tiếp nhận»"):
        services.sign_result(d, pdf, user=scene.leader)
    dossier_services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-02-11 08:00"))
    d = dossier_services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-02-11 09:00"))
    with pytest.raises(NotAllowed, match="chưa được lãnh đạo phê duyệt"):
        services.sign_result(d, pdf, user=scene.leader)
    assert not DossierFile.objects.exists()


def test_a_result_ready_for_return_can_be_signed(scene):
    d = walk_to_result(scene, receive(scene))
    f = services.sign_result(d, services.result_pdf(d), user=scene.clerk)
    assert services.verify(f).ok


def test_the_demo_authority_is_created_once_with_private_keys(scene, settings, signed):
    folder = Path(settings.DATA_DIR) / "pki"
    ca_cert, _ = pki.ensure_ca()
    assert ca_cert == pki.ensure_ca()[0]
    assert pki.agency_certificate(scene.agency)[0] == pki.agency_certificate(scene.agency)[0]
    keys = sorted(p.name for p in folder.glob("*.key.pem"))
    assert keys == [f"agency-{scene.agency.pk}.key.pem", "ca.key.pem"]
    for key in keys:
        assert stat.S_IMODE(os.stat(folder / key).st_mode) == 0o600


def test_a_renamed_agency_gets_a_certificate_in_its_new_name(scene):
    old, _ = pki.agency_certificate(scene.agency)
    scene.agency.name = "Ủy ban nhân dân phường Ba Đình mới"
    scene.agency.save()
    new, _ = pki.agency_certificate(scene.agency)
    assert new != old
    assert new.subject.rfc4514_string().endswith(
        "CN=Ủy ban nhân dân phường Ba Đình mới,O=Thành phố Hà Nội,C=VN"
    )
