"""The database phase of an import: upsert each record inside one transaction, or nothing."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.org.models import Agency, UnitLevel

from ..models import Component, FeeLine, Field, Procedure, ProcedureVersion, ProcessTemplate
from ..services import close_previous, save_process
from ..text import slugify_vi
from .items import ProcessData
from .readers import LOC
from .records import ProcedureData
from .report import ImportReport, Loc

# Levels the catalogue may create when a file names them first; others must exist in org.
KNOWN_LEVELS = {
    "province": (gettext_lazy("Cấp tỉnh"), 1),
    "district": (gettext_lazy("Cấp huyện"), 2),
    "commune": (gettext_lazy("Cấp xã"), 3),
}
# Model field → key in the file, so that a model error points at what the person typed.
PROCEDURE_KEYS = {
    "source_id": "id",
    "alt_name": "name_variant_2026",
    "implementing_agency_text": "implementing_agency",
    "level_before_2025": "level_before_2025_07_01",
}
VERSION_KEYS = {
    "time_limit": "time_limit.value",
    "time_limit_unit": "time_limit.kind",
    "same_day_cutoff": "time_limit.cutoff",
    "time_limit_text": "time_limit.text",
    "result_document": "result",
    "steps_text": "steps",
    "unverified_fields": "unverified",
    "number": "version",
}


class _Abort(Exception):
    """The record has errors; its savepoint is rolled back."""


def write(records: list[ProcedureData], report: ImportReport) -> None:
    with transaction.atomic():
        writer = _Writer(report)
        for data in records:
            writer.write(data)
        if report.errors or report.dry_run:
            transaction.set_rollback(True)
    if report.errors:
        report.created = report.updated = report.unchanged = 0


class _Writer:
    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.failed = False

    def write(self, data: ProcedureData) -> None:
        self.failed = False
        try:
            with transaction.atomic():
                created, changed = self._write(data)
                if self.failed:
                    raise _Abort
        except _Abort:
            return
        except IntegrityError as exc:
            self._fail(data.loc, "", _("Dữ liệu mâu thuẫn với danh mục đã có: %(error)s") % {"error": exc})
            return
        if created:
            self.report.created += 1
        elif changed:
            self.report.updated += 1
        else:
            self.report.unchanged += 1

    def _fail(self, loc: Loc, key: str, message: str) -> None:
        self.failed = True
        self.report.errors.append(loc.error(key, message))

    def _fail_validation(self, loc: Loc, exc: ValidationError, keys: dict[str, str]) -> None:
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self._fail(loc, "", message)
            return
        for name, messages in exc.message_dict.items():
            key = "" if name == NON_FIELD_ERRORS else keys.get(name, name)
            for message in messages:
                self._fail(loc, key, message)

    def _write(self, data: ProcedureData) -> tuple[bool, bool]:
        level = self._level(data.level, data.loc, "level")
        before = (
            self._level(data.level_before, data.loc, "level_before_2025_07_01") if data.level_before else None
        )
        if self.failed:
            raise _Abort
        procedure, created, changed = self._procedure(data, self._field(data), level, before)
        version, version_changed = self._version(procedure, data)
        changed |= version_changed
        changed |= self._children(version, Component, data.components)
        changed |= self._children(version, FeeLine, data.fees)
        for process in data.processes:
            changed |= self._process(procedure, process)
        return created, changed

    def _level(self, code: str, loc: Loc, key: str) -> UnitLevel | None:
        # Not cached: a level created by a record whose savepoint rolls back must be created again.
        level = UnitLevel.objects.filter(code=code).first()
        if level is None and code in KNOWN_LEVELS:
            name, rank = KNOWN_LEVELS[code]
            level = UnitLevel.objects.create(code=code, name=str(name), rank=rank)
        if level is None:
            known = sorted({*KNOWN_LEVELS, *UnitLevel.objects.values_list("code", flat=True)})
            self._fail(
                loc,
                key,
                _("Cấp «%(code)s» chưa có trong danh mục cấp hành chính; dùng một trong: %(known)s.")
                % {"code": code, "known": ", ".join(known)},
            )
        return level

    def _field(self, data: ProcedureData) -> Field:
        found = None
        if data.field_code:
            found = Field.objects.filter(code=data.field_code).first()
        found = found or Field.objects.filter(name=data.field_name).first()
        if found is not None:
            return found
        base = data.field_code or slugify_vi(data.field_name)[:60] or "linh-vuc"
        code, suffix = base, 2
        while Field.objects.filter(code=code).exists():
            code, suffix = f"{base}-{suffix}", suffix + 1
        return Field.objects.create(code=code, name=data.field_name)

    def _procedure(
        self, data: ProcedureData, field: Field, level: UnitLevel | None, before: UnitLevel | None
    ) -> tuple[Procedure, bool, bool]:
        procedure = None
        if data.source_id:
            procedure = Procedure.objects.filter(source_id=data.source_id).first()
        if procedure is None and data.code:
            procedure = Procedure.objects.filter(code=data.code).first()
        created = procedure is None
        procedure = procedure or Procedure()
        values = {
            # A file without the code or id does not erase the one already stored.
            "code": data.code or procedure.code,
            "source_id": data.source_id or procedure.source_id,
            "field_id": field.pk,
            "level_id": level.pk if level else None,
            "level_before_2025_id": before.pk if before else None,
            **data.procedure,
        }
        changed = _assign(procedure, values)
        if changed:
            self._clean_and_save(procedure, data.loc, PROCEDURE_KEYS)
        return procedure, created, changed

    def _version(self, procedure: Procedure, data: ProcedureData) -> tuple[ProcedureVersion, bool]:
        version = ProcedureVersion.objects.filter(procedure=procedure, number=data.number).first()
        version = version or ProcedureVersion(procedure=procedure, number=data.number)
        if (
            version.status == ProcedureVersion.Status.PUBLISHED
            and data.status == ProcedureVersion.Status.DRAFT
        ):
            self._fail(
                data.loc,
                "status",
                _("Phiên bản %(number)s đã công bố, không đưa về dự thảo được; hãy ghi số phiên bản mới.")
                % {"number": data.number},
            )
            raise _Abort
        newly_published = (
            data.status == ProcedureVersion.Status.PUBLISHED
            and version.status != ProcedureVersion.Status.PUBLISHED
        )
        changed = _assign(version, {**data.version, "status": data.status}) or version.pk is None
        if changed:
            if newly_published:
                close_previous(version)
            self._clean_and_save(version, data.loc, VERSION_KEYS)
        return version, changed

    def _children(
        self, version: ProcedureVersion, model: type[models.Model], items: list[dict[str, Any]]
    ) -> bool:
        # Rows are matched by position and updated in place, so unchanged rows keep their identity.
        existing = list(model.objects.filter(version=version).order_by("order", "pk"))
        changed = False
        for index, item in enumerate(items):
            values = {k: val for k, val in item.items() if k != LOC}
            row = existing[index] if index < len(existing) else model(version=version)
            if _assign(row, values) or row.pk is None:
                changed = True
                self._clean_and_save(row, item[LOC], {}, exclude=["version"])
        for row in existing[len(items) :]:
            row.delete()
            changed = True
        return changed

    def _process(self, procedure: Procedure, data: ProcessData) -> bool:
        agency = self._agency(data.agency_code, data.loc, "agency")
        steps = [
            {
                "order": s.order,
                "name": s.name,
                "role": s.role,
                "budget": s.budget,
                "agency": self._agency(s.agency_code, s.loc, "agency") if s.agency_code else None,
            }
            for s in data.steps
        ]
        if self.failed or agency is None:
            raise _Abort
        template = ProcessTemplate.objects.filter(
            procedure=procedure, agency=agency, name=data.name
        ).first() or ProcessTemplate(procedure=procedure, agency=agency, name=data.name)
        wanted = [
            (s["order"], s["name"], s["role"], s["agency"].pk if s["agency"] else None, s["budget"])
            for s in steps
        ]
        stored = (
            [(s.order, s.name, s.role, s.agency_id, s.budget) for s in template.steps.order_by("order")]
            if template.pk
            else None
        )
        changed = _assign(template, {"valid_from": data.valid_from, "active": data.active})
        if not changed and stored == sorted(wanted, key=lambda s: s[0]):
            return False
        try:
            save_process(template, steps)
        except ValidationError as exc:
            self._fail_validation(data.loc, exc, {"valid_from": "valid_from", "agency": "agency"})
            raise _Abort from exc
        return True

    def _agency(self, code: str, loc: Loc, key: str) -> Agency | None:
        agency = Agency.objects.filter(identifier_code=code).first()
        if agency is None:
            self._fail(loc, key, _("Không có cơ quan mã định danh «%(code)s».") % {"code": code})
        return agency

    def _clean_and_save(
        self, obj: models.Model, loc: Loc, keys: dict[str, str], exclude: list[str] | None = None
    ) -> None:
        try:
            obj.full_clean(exclude=exclude)
        except ValidationError as exc:
            self._fail_validation(loc, exc, keys)
            raise _Abort from exc
        obj.save()


def _assign(obj: models.Model, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed
