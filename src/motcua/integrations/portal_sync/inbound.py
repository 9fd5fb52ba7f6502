"""Online dossiers submitted on the national portal, pushed to us (domain §11).

The portal signs the JSON body with the shared secret (``X-DVC-Signature``). A dossier is
created through the one write path, ``services.receive(channel=ONLINE)``, with the idempotency key
``dvc-<portal id>``: the same push twice, or two pushes racing, give one dossier, which waits for
reception at the desk (state 1). Its sync key towards the portal is the portal's own id.

Body::

    {"MaHoSoCong": "G22-2511-000123", "MaTTHC": "1.000894", "MaCoQuan": "000.00.06.H56",
     "ChuHoSo": {"LoaiDoiTuong": 1, "SoDinhDanh": "001090012345", "HoTen": "...",
                 "DiaChi": "", "SoDienThoai": "", "Email": ""},
     "TrichYeu": "...", "ThanhPhan": [{"Ten": "Tờ khai đăng ký kết hôn", "SoLuong": 1}]}
"""

from __future__ import annotations

import json
import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from motcua.catalog.selectors import procedure_by_code, version_in_force
from motcua.dossiers import services
from motcua.dossiers.errors import DossierError
from motcua.dossiers.states import Channel
from motcua.integrations.models import PortalSubmission
from motcua.org.models import Agency

from . import payload, signing

logger = logging.getLogger(__name__)


def handle(body: bytes, signature: str | None) -> tuple[int, dict]:
    """One push from the portal: (HTTP status, JSON answer)."""
    if not signing.verify(body, signature):
        return 401, {"error": "Chữ ký không hợp lệ"}
    try:
        data = json.loads(body)
        portal_id = str(data["MaHoSoCong"]).strip()
        owner = data["ChuHoSo"]
    except (ValueError, KeyError, TypeError) as exc:
        return 400, {"error": f"Dữ liệu không hợp lệ: thiếu {exc}"}
    if not portal_id or len(portal_id) > 90:
        return 400, {"error": "MaHoSoCong không hợp lệ"}
    procedure = procedure_by_code(str(data.get("MaTTHC") or ""))
    version = procedure and version_in_force(procedure, timezone.localdate())
    if version is None:
        return 422, {"error": f"Không có thủ tục đang áp dụng mã {data.get('MaTTHC')!r}"}
    agency = Agency.objects.filter(identifier_code=str(data.get("MaCoQuan") or ""), active=True).first()
    if agency is None:
        return 422, {"error": f"Không có cơ quan mã {data.get('MaCoQuan')!r}"}
    try:
        result = services.receive(
            actor=None,
            version=version,
            agency=agency,
            channel=Channel.ONLINE,
            applicant={
                "kind": int(owner.get("LoaiDoiTuong") or 1),
                "identifier": str(owner.get("SoDinhDanh") or ""),
                "name": str(owner.get("HoTen") or ""),
                "address": str(owner.get("DiaChi") or ""),
                "phone": str(owner.get("SoDienThoai") or ""),
                "email": str(owner.get("Email") or ""),
            },
            summary=str(data.get("TrichYeu") or ""),
            components=_components(version, data.get("ThanhPhan")),
            idempotency_key=f"{payload.PORTAL_PREFIX}{portal_id}",
            portal_code=portal_id,  # the code the portal issued stays the code (Decree 118/2025 Art. 28)
        )
    except DossierError as exc:
        return 422, {"error": str(exc), "code": getattr(exc, "code", "")}
    _remember(portal_id, result.dossier, data)
    dossier = result.dossier
    answer = {
        "MaHoSoCong": portal_id,
        "MaHoSoHeThong": dossier.pk,
        "TrangThaiHoSo": int(dossier.state),
        "created": result.created,
    }
    return (201 if result.created else 200), answer


def _components(version, listed) -> list[dict]:
    by_name = {c.name.strip().casefold(): c for c in version.components.all()}
    out = []
    for entry in listed or []:
        if not isinstance(entry, dict):
            continue
        comp = by_name.get(str(entry.get("Ten") or "").strip().casefold())
        if comp is None:
            # Unknown names are passed on so that receive() names them in its error.
            out.append({"component_id": entry.get("Ma") or entry.get("Ten"), "count": 1})
            continue
        out.append({"component_id": comp.pk, "count": int(entry.get("SoLuong") or 1), "source": "online"})
    return out


def _remember(portal_id: str, dossier, data: dict) -> None:
    updated = PortalSubmission.objects.filter(portal_id=portal_id).update(
        times_received=F("times_received") + 1
    )
    if updated:
        return
    try:
        with transaction.atomic():
            PortalSubmission.objects.create(portal_id=portal_id, dossier=dossier, payload=data)
    except IntegrityError:  # a concurrent push of the same dossier got there first
        PortalSubmission.objects.filter(portal_id=portal_id).update(times_received=F("times_received") + 1)
