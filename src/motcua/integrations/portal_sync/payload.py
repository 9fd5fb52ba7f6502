"""The message sent to the portal for one dossier event (field names as seen in deployed systems).

Times are local ``yyyyMMddHHmmss`` (domain §11); statuses are the codes of domain §4, which are the
values of ``State``. The payload is a snapshot taken inside the transition's transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from . import conf

PORTAL_PREFIX = "dvc-"


def portal_time(at: datetime | None) -> str:
    return timezone.localtime(at).strftime("%Y%m%d%H%M%S") if at else ""


def sync_key(dossier) -> str:
    """Stable name of a dossier for the portal: the portal's own id for dossiers born there."""
    key = dossier.idempotency_key or ""
    if key.startswith(PORTAL_PREFIX):
        return key[len(PORTAL_PREFIX) :]
    return f"{conf.system_id()}-{dossier.pk}"


def _procedure(version) -> dict:
    # The version object comes from the write path's reference cache (a minute, dropped on edit),
    # which keeps its procedure and field once loaded; a cache of our own keyed by primary key
    # outlived edits and, in tests, the rows themselves.
    procedure = version.procedure
    return {"MaTTHC": procedure.code, "TenTTHC": procedure.name, "MaLinhVuc": procedure.field.code}


DIGITAL = {"upload", "reuse"}  # components received as files or reused from the data store


def _components(dossier) -> list[dict]:
    return [
        {
            "MaThanhPhan": c.get("component_id"),
            "TenThanhPhan": c.get("name", ""),
            "LoaiBan": c.get("copy_type", ""),
            "SoLuong": c.get("count", 1),
            "Nguon": c.get("source", ""),
        }
        for c in dossier.components or []
        if isinstance(c, dict)
    ]


def kind_of(event, first: bool) -> str:
    if first:
        return "create"
    return "step" if event.from_state == event.to_state else "update"


def build(dossier, event, kind: str) -> dict:
    """Online payment (0/1/2 in deployed systems) and VNeID verification are not sent yet: they
    live above the dossier (payments, portal accounts) and would cost a query per transition."""
    applicant = dossier.contact  # as given with this dossier
    components = _components(dossier)
    data = event.data or {}
    return {
        "LoaiDongBo": kind,
        "MaDongBo": sync_key(dossier),
        "Seq": event.seq,
        "HoSo": {
            "MaHoSo": dossier.code or "",
            **_procedure(dossier.procedure_version),
            "MaCoQuan": dossier.agency.identifier_code,
            "MaCoQuanXuLy": dossier.current_agency.identifier_code,
            "KenhThucHien": dossier.channel,
            "ChuHoSo": {
                "SoDinhDanh": applicant.identifier,
                "HoTen": applicant.name,
                "LoaiDoiTuong": applicant.kind,
                "DiaChi": applicant.address,
                "SoDienThoai": dossier.submitter_phone or applicant.phone,
                "Email": applicant.email,
            },
            "TrichYeu": dossier.summary,
            "NgayNopHoSo": portal_time(dossier.submitted_at),
            "NgayTiepNhan": portal_time(dossier.received_at),
            "NgayHenTra": portal_time(dossier.apology_due_at or dossier.due_at),
            "NgayKetThucXuLy": portal_time(dossier.ended_at),
            "NgayTra": portal_time(dossier.returned_at),
            "TrangThaiHoSo": conf.portal_status(dossier.state),
            "SoLanBoSung": dossier.supplement_count,
            "SoBoHoSo": dossier.sets,
            "ThanhPhanHoSo": components,
            "DaSoHoa": int(any(c["Nguon"] in DIGITAL for c in components)),
            "HinhThucNhanKetQua": dossier.result_delivery or "",
            "HinhThucTraKetQua": dossier.return_method or "",
        },
        "QuaTrinhXuLy": {
            "Seq": event.seq,
            "ThaoTac": event.action,
            "TuTrangThai": conf.portal_status(event.from_state),
            "DenTrangThai": conf.portal_status(event.to_state),
            "ThoiDiem": portal_time(event.at),
            "CanBo": event.actor_name,
            "BuocXuLy": event.step_index,
            "NoiDung": event.note,
            "ChiTiet": data,
            "HanBuoc": portal_time(dossier.step_due_at),
        },
    }
