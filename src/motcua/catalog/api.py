"""Public read API of the catalogue (mounted at /api/v1/catalog/): search and procedure detail."""

from datetime import date
from typing import Literal

from django.db.models import F, Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from motcua.params import BoundedPageNumber, Day

from .models import Component, FeeLine, Procedure, ProcedureVersion
from .models.procedures import UNIT_LABELS
from .selectors import procedure_by_code, published_procedures, version_detail

router = Router(tags=["catalog"], auth=None)

OnlineFilter = Literal["toan_trinh", "mot_phan", "none"]


class NamedCode(Schema):
    code: str
    name: str


class ProcedureSummary(Schema):
    code: str
    id: str
    name: str
    field: NamedCode
    level: NamedCode
    online_level: str
    online_level_label: str
    time_limit: str
    has_unverified: bool

    @staticmethod
    def resolve_id(obj: Procedure) -> str:
        return obj.source_id

    @staticmethod
    def resolve_online_level(obj: Procedure) -> str:
        version = _current(obj)
        return version.online_level if version else ""

    @staticmethod
    def resolve_online_level_label(obj: Procedure) -> str:
        version = _current(obj)
        return version.online_level_label() if version else ""

    @staticmethod
    def resolve_time_limit(obj: Procedure) -> str:
        version = _current(obj)
        return version.time_limit_display() if version else ""

    @staticmethod
    def resolve_has_unverified(obj: Procedure) -> bool:
        version = _current(obj)
        return bool(version and version.unverified_fields)


class TimeLimitOut(Schema):
    value: float | None
    unit: str | None
    unit_label: str | None
    confirmed: bool
    text: str
    display: str
    same_day_cutoff: str


class ComponentOut(Schema):
    order: int
    name: str
    copy_type: str
    copy_type_label: str
    copy_type_text: str
    count: int | None
    mode: str
    mode_label: str
    condition: str
    required: bool
    form_template: str


class FeeOut(Schema):
    kind: str
    kind_label: str
    name: str
    amount_vnd: int | None
    amount_display: str
    unit: str
    basis: str
    exemptions: str


class VersionOut(Schema):
    number: int
    valid_from: date | None
    valid_to: date | None
    decision_number: str
    decision_date: date | None
    time_limit: TimeLimitOut
    online_level: str
    online_level_label: str
    fully_online: bool
    legacy_level: int | None
    postal: bool
    inter_agency: bool
    boundary_free: bool
    paper_result: bool
    max_supplements: int
    pause_on_financial_obligation: bool
    has_fees: bool
    steps: str
    conditions: str
    result_document: str
    legal_basis: list[str]
    components: list[ComponentOut]
    fees: list[FeeOut]
    unverified_fields: list[str]
    notes: str
    sources: list[str]


class ProcedureDetail(Schema):
    code: str
    id: str
    name: str
    alt_name: str
    field: NamedCode
    level: NamedCode
    subjects: str
    for_individuals: bool
    for_organisations: bool
    implementing_agency: str
    unverified_fields: list[str]
    version: VersionOut


class ProcedureFilters(Schema):
    q: str = ""
    field: str | None = None
    level: str | None = None
    online_level: OnlineFilter | None = None
    on: Day | None = None


@router.get("/procedures", response=list[ProcedureSummary], auth=None, summary="Tra cứu thủ tục hành chính")
@paginate(BoundedPageNumber, page_size=20)
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilters]):
    """Search code and name with or without accents; filter by field, level, online level."""
    on = filters.on or timezone.localdate()
    online = "" if filters.online_level == "none" else filters.online_level
    in_force = ProcedureVersion.objects.in_force(on).order_by(F("valid_from").desc(nulls_last=True))
    return published_procedures(
        filters.q,
        field=filters.field,
        level=filters.level,
        online_level=online,
        on=on,
    ).prefetch_related(Prefetch("versions", queryset=in_force, to_attr="versions_in_force"))


@router.get(
    "/procedures/{path:code}",
    response=ProcedureDetail,
    auth=None,
    summary="Chi tiết thủ tục hành chính",
)
def get_procedure(request: HttpRequest, code: str, on: Day | None = None):
    """The procedure with the version in force (today unless ``on`` is given)."""
    procedure = procedure_by_code(code)
    version = version_detail(procedure, on) if procedure else None
    if procedure is None or version is None:
        raise HttpError(404, _("Không tìm thấy thủ tục mã «%(code)s» đang có hiệu lực.") % {"code": code})
    return {
        "code": procedure.code,
        "id": procedure.source_id,
        "name": procedure.name,
        "alt_name": procedure.alt_name,
        "field": procedure.field,
        "level": procedure.level,
        "subjects": procedure.subjects,
        "for_individuals": procedure.for_individuals,
        "for_organisations": procedure.for_organisations,
        "implementing_agency": procedure.implementing_agency_text,
        "unverified_fields": version.unverified_fields,
        "version": _version(version),
    }


def _current(procedure: Procedure) -> ProcedureVersion | None:
    versions = getattr(procedure, "versions_in_force", None)
    if versions is None:
        return version_detail(procedure)
    return versions[0] if versions else None


def _version(version: ProcedureVersion) -> dict:
    fees = list(version.fees.all())
    unit = version.time_limit_unit or None
    return {
        "number": version.number,
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
        "decision_number": version.decision_number,
        "decision_date": version.decision_date,
        "time_limit": {
            "value": float(version.time_limit) if version.time_limit is not None else None,
            "unit": unit,
            "unit_label": str(UNIT_LABELS[unit]) if unit else None,
            "confirmed": version.has_confirmed_time_limit(),
            "text": version.time_limit_text,
            "display": version.time_limit_display(),
            "same_day_cutoff": version.same_day_cutoff.strftime("%H:%M"),
        },
        "online_level": version.online_level,
        "online_level_label": version.online_level_label(),
        "fully_online": version.is_fully_online(),
        "legacy_level": version.legacy_level,
        "postal": version.postal,
        "inter_agency": version.inter_agency,
        "boundary_free": version.boundary_free,
        "paper_result": version.paper_result,
        "max_supplements": version.max_supplements,
        "pause_on_financial_obligation": version.pause_on_financial_obligation,
        "has_fees": version.has_fees(),
        "steps": version.steps_text,
        "conditions": version.conditions,
        "result_document": version.result_document,
        "legal_basis": [line for line in version.legal_basis.splitlines() if line.strip()],
        "components": [_component(c) for c in version.components.all()],
        "fees": [_fee(f) for f in fees],
        "unverified_fields": version.unverified_fields,
        "notes": version.notes,
        "sources": version.sources,
    }


def _component(component: Component) -> dict:
    return {
        "order": component.order,
        "name": component.name,
        "copy_type": component.copy_type,
        "copy_type_label": component.copy_type_label(),
        "copy_type_text": component.copy_type_text,
        "count": component.count,
        "mode": component.mode,
        "mode_label": str(component.get_mode_display()),
        "condition": component.condition,
        "required": component.required,
        "form_template": component.form_template,
    }


def _fee(fee: FeeLine) -> dict:
    return {
        "kind": fee.kind,
        "kind_label": str(fee.get_kind_display()),
        "name": fee.name,
        "amount_vnd": fee.amount_vnd,
        "amount_display": fee.amount_display(),
        "unit": fee.unit,
        "basis": fee.basis,
        "exemptions": fee.exemptions,
    }
