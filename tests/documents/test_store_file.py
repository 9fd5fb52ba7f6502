"""Storing a dossier's files: validated first, hashed, versioned; a refusal stores nothing."""

import hashlib
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.documents import services
from motcua.documents.models import DossierFile
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.dossiers.models import Dossier
from motcua.org.models import Role
from tests.documents.conftest import jpeg_bytes, pdf_bytes, png_bytes
from tests.factories import make_user


def component_code(dossier) -> str:
    return str(dossier.components[0]["component_id"])


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_scan_is_stored_under_the_dossier_with_its_hash(scene, dossier, settings):
    data = pdf_bytes(2)
    upload = SimpleUploadedFile("To khai ket hon.pdf", data, content_type="application/pdf")
    f = services.store_file(
        dossier, upload, kind="component", component_code=component_code(dossier), user=scene.desk
    )
    f.refresh_from_db()
    assert f.kind == DossierFile.Kind.COMPONENT and f.is_current and not f.signed
    assert f.original_name == "To khai ket hon.pdf"
    assert (f.content_type, f.size, f.uploaded_by) == ("application/pdf", len(data), scene.desk)
    assert f.sha256 == hashlib.sha256(data).hexdigest()
    assert re.fullmatch(rf"dossiers/{dossier.pk}/[0-9a-f]{{32}}\.pdf", f.file.name)
    assert (Path(settings.MEDIA_ROOT) / f.file.name).read_bytes() == data
    assert f.read() == data


def test_images_keep_their_real_type(scene, dossier):
    code = component_code(dossier)
    png = services.store_file(
        dossier, png_bytes(), name="anh.png", kind="component", component_code=code, user=None
    )
    jpg = services.store_file(dossier, jpeg_bytes(), name="ANH.JPEG", kind="other", user=scene.desk)
    assert (png.content_type, png.file.name[-4:]) == ("image/png", ".png")
    assert (jpg.content_type, jpg.file.name[-4:]) == ("image/jpeg", ".jpg")


def test_a_fake_pdf_is_refused_and_nothing_is_stored(scene, dossier, settings):
    fake = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4\n" + b"\x00rac" * 300)
    with pytest.raises(InvalidInput) as info:
        services.store_file(
            dossier, fake, kind="component", component_code=component_code(dossier), user=scene.desk
        )
    assert info.value.message == "Tệp “to-khai.pdf” không phải là tệp PDF hợp lệ."
    assert not DossierFile.objects.exists()
    assert stored_files(settings) == []


def test_an_oversized_upload_is_refused_and_nothing_is_stored(scene, dossier, settings):
    settings.MOTCUA_MAX_UPLOAD_BYTES = 100
    with pytest.raises(InvalidInput) as info:
        services.store_file(dossier, pdf_bytes(), name="scan.pdf", kind="other", user=scene.desk)
    assert info.value.code == "file_too_large"
    assert not DossierFile.objects.exists() and stored_files(settings) == []


def test_a_new_scan_of_the_same_component_supersedes_the_old_one(scene, dossier):
    code = component_code(dossier)
    first = services.store_file(
        dossier, pdf_bytes(1), name="v1.pdf", kind="component", component_code=code, user=None
    )
    second = services.store_file(
        dossier, pdf_bytes(2), name="v2.pdf", kind="component", component_code=code, user=None
    )
    other = services.store_file(dossier, png_bytes(), name="x.png", kind="other", user=None)
    again = services.store_file(dossier, png_bytes(), name="y.png", kind="other", user=None)
    first.refresh_from_db()
    assert not first.is_current and first.superseded_by == second
    assert second.is_current and second.superseded_by is None
    assert DossierFile.objects.filter(dossier=dossier, is_current=True).count() == 3
    assert other.is_current and again.is_current  # "other" files never replace each other


def test_a_scan_must_name_a_component_of_the_procedure(scene, dossier):
    with pytest.raises(InvalidInput, match="Cần chọn thành phần hồ sơ"):
        services.store_file(dossier, pdf_bytes(), name="a.pdf", kind="component", user=scene.desk)
    with pytest.raises(InvalidInput, match="không thuộc thủ tục này"):
        services.store_file(
            dossier, pdf_bytes(), name="a.pdf", kind="component", component_code="999999", user=scene.desk
        )
    with pytest.raises(InvalidInput, match="Loại tệp không hợp lệ"):
        services.store_file(dossier, pdf_bytes(), name="a.pdf", kind="ban-sao", user=scene.desk)
    assert not DossierFile.objects.exists()


def test_only_staff_of_the_agencies_or_the_applicant_may_upload(scene, dossier):
    from tests.factories import make_agency

    elsewhere = make_agency("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm")
    stranger = make_user(elsewhere, Role.DESK_OFFICER)
    with pytest.raises(Forbidden):
        services.store_file(dossier, pdf_bytes(), name="a.pdf", kind="other", user=stranger)
    citizen = make_user(None)
    citizen.personal_id = dossier.applicant.identifier
    citizen.save()
    f = services.store_file(dossier, pdf_bytes(), name="a.pdf", kind="other", user=citizen)
    assert f.uploaded_by == citizen
    with pytest.raises(Forbidden):  # a result comes from the agency, never from the applicant
        services.store_file(dossier, pdf_bytes(), name="kq.pdf", kind="result", user=citizen)


def test_storing_a_file_does_not_touch_the_dossier(scene, dossier):
    before = Dossier.objects.values().get(pk=dossier.pk)
    services.store_file(dossier, pdf_bytes(), name="a.pdf", kind="other", user=scene.desk)
    assert Dossier.objects.values().get(pk=dossier.pk) == before
    assert dossier.events.count() == 1


def test_no_more_files_once_the_dossier_is_withdrawn(scene, dossier):
    from motcua.dossiers import services as dossier_services

    d = dossier_services.withdraw(dossier.pk, actor=scene.desk, reason="Công dân rút hồ sơ")
    with pytest.raises(NotAllowed):
        services.store_file(d, pdf_bytes(), name="a.pdf", kind="other", user=scene.desk)


def test_the_current_files_and_the_history_of_a_slot_can_be_listed(scene, dossier):
    from motcua.documents import selectors

    code = component_code(dossier)
    old = services.store_file(
        dossier, pdf_bytes(1), name="v1.pdf", kind="component", component_code=code, user=None
    )
    new = services.store_file(
        dossier, pdf_bytes(2), name="v2.pdf", kind="component", component_code=code, user=None
    )
    assert list(selectors.current_files(dossier)) == [new]
    assert list(selectors.file_history(dossier, kind="component", component_code=code)) == [new, old]
    assert selectors.current_result(dossier) is None
