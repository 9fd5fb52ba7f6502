"""The applicant's requests to stop or adjust a dossier, pushed by the national portal
(Decree 118/2025 Art. 21.3: «Tổ chức, cá nhân nộp hồ sơ trực tuyến thì được yêu cầu dừng hoặc điều
chỉnh nội dung hồ sơ thông qua chức năng của Cổng Dịch vụ công quốc gia»).

``POST /lien-thong/dvcqg/yeu-cau``, signed like every push (``X-DVC-Signature``). Body::

    {"MaYeuCau": "YC-2511-000045", "LoaiYeuCau": "DungXuLy" | "DieuChinh",
     "MaHoSoCong": "G22-2511-000123",          # or "MaHoSo": our code
     "SoDinhDanh": "001090012345",             # the owner: must be the dossier's
     "LyDo": "...",
     "NoiDungDieuChinh": {"TrichYeu": "...", "DiaChi": "...", "SoDienThoai": "...",
                          "Email": "...", "ToKhai": {"ngay_cuoi": "08/03/2026"}}}

Answers: 200 with the outcome (the same ``MaYeuCau`` again: 200, ``"TrungLap": true``, one event);
400 malformed; 401 bad signature; 404 no such dossier of that owner (an owner mismatch is answered
the same, so that nobody learns a dossier exists); 409 after the result or once the dossier has
ended, with the Vietnamese reason; 422 a refused content (empty reason, bad e-mail, no change).
"""

from __future__ import annotations

import json

from motcua.dossiers import applicant_requests as ar
from motcua.dossiers.errors import DossierError, NotAllowed, NotFound
from motcua.dossiers.models import Dossier
from motcua.integrations.models import PortalSubmission

from . import signing

KINDS = {"DungXuLy": "withdraw", "DieuChinh": "amend"}
# The portal's names of what may be adjusted → the dossier's fields.
FIELDS = {
    "TrichYeu": "summary",
    "HoTen": "applicant_name",
    "DiaChi": "contact_address",
    "SoDienThoai": "contact_phone",
    "Email": "contact_email",
}
OUTCOME = {"withdraw": "DaDungXuLy", "amend": "DaDieuChinh"}


def handle(body: bytes, signature: str | None) -> tuple[int, dict]:
    """One request from the portal: (HTTP status, JSON answer)."""
    if not signing.verify(body, signature):
        return 401, {"error": "Chữ ký không hợp lệ"}
    try:
        data = json.loads(body)
        request_id = str(data["MaYeuCau"]).strip()
        kind = KINDS[str(data["LoaiYeuCau"])]
        key = str(data.get("MaHoSoCong") or data.get("MaHoSo") or "").strip()
        owner = str(data["SoDinhDanh"]).strip()
    except (ValueError, KeyError, TypeError) as exc:
        return 400, {"error": f"Dữ liệu không hợp lệ: thiếu hoặc sai {exc}"}
    if not request_id or len(request_id) > 100:
        return 400, {"error": "MaYeuCau không hợp lệ"}
    if not key:
        return 400, {"error": "Cần MaHoSoCong hoặc MaHoSo"}
    dossier = _find(key, owner)
    if dossier is None:
        return 404, {"error": f"Không tìm thấy hồ sơ {key} của chủ hồ sơ đã nêu", "MaYeuCau": request_id}
    try:
        if kind == "withdraw":
            dossier = ar.withdraw(
                dossier.pk, reason=str(data.get("LyDo") or ""), source=ar.PORTAL, request_id=request_id
            )
        else:
            dossier = ar.amend(
                dossier.pk,
                changes=_changes(data.get("NoiDungDieuChinh")),
                reason=str(data.get("LyDo") or ""),
                source=ar.PORTAL,
                request_id=request_id,
            )
    except ar.DuplicateRequest as dup:
        if dup.event.action != kind:
            return 409, {"error": "MaYeuCau đã được dùng cho một yêu cầu khác", "MaYeuCau": request_id}
        return 200, _answer(Dossier.objects.get(pk=dossier.pk), kind, request_id, key, duplicate=True)
    except NotFound:
        return 404, {"error": f"Không tìm thấy hồ sơ {key}", "MaYeuCau": request_id}
    except NotAllowed as exc:
        return 409, {"error": exc.message, "code": exc.code, "MaYeuCau": request_id}
    except DossierError as exc:
        return 422, {"error": exc.message, "code": exc.code, "MaYeuCau": request_id}
    return 200, _answer(dossier, kind, request_id, key)


def _find(key: str, owner: str) -> Dossier | None:
    """The dossier the portal knows by its code (kept as ours, Art. 28) or ours, of that owner."""
    if not owner:
        return None
    dossier = Dossier.objects.filter(code=key, applicant__identifier=owner).first()
    if dossier is None:
        pushed = PortalSubmission.objects.filter(portal_id=key).values_list("dossier_id", flat=True).first()
        dossier = Dossier.objects.filter(pk=pushed, applicant__identifier=owner).first() if pushed else None
    return dossier


def _changes(raw) -> dict:
    if not isinstance(raw, dict):
        raise _invalid()
    changes = {FIELDS[k]: v for k, v in raw.items() if k in FIELDS}
    unknown = sorted(set(raw) - set(FIELDS) - {"ToKhai"})
    if unknown:
        changes.update({k: v for k, v in raw.items() if k in unknown})  # named by the write path's refusal
    if "ToKhai" in raw:
        changes["form_data"] = raw["ToKhai"]
    return changes


def _invalid():
    from motcua.dossiers.errors import InvalidInput

    return InvalidInput("NoiDungDieuChinh phải là đối tượng JSON các trường cần điều chỉnh.")


def _answer(dossier: Dossier, kind: str, request_id: str, key: str, duplicate: bool = False) -> dict:
    return {
        "MaYeuCau": request_id,
        "MaHoSoCong": key,
        "MaHoSoHeThong": dossier.pk,
        "KetQua": OUTCOME[kind],
        "TrangThaiHoSo": int(dossier.state),
        "TrungLap": duplicate,
    }
