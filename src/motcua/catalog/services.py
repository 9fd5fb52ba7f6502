"""Writes to the catalogue: publishing versions and saving internal processes."""

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Procedure, ProcedureVersion, ProcessStep, ProcessTemplate
from .validation import validate_process

STEP_KEYS = ("order", "name", "role", "agency", "budget")


@transaction.atomic
def publish_version(version: ProcedureVersion) -> ProcedureVersion:
    """Công bố: make a draft version the one in force from its ``valid_from``.

    The version in force until then is closed the day before. Raises ``ValidationError`` when
    the version lacks a start date (and another version exists), its time limit wording or its
    dossier components, or when it would overlap a version that starts later.
    """
    # Serialise publications of one procedure so two drafts cannot both close the same version.
    Procedure.objects.select_for_update().filter(pk=version.procedure_id).first()
    if version.pk and version.status != ProcedureVersion.Status.DRAFT:
        raise ValidationError(_("Chỉ công bố được phiên bản đang ở trạng thái dự thảo."))
    problems: dict[str, list[str]] = {}
    if not version.time_limit_unit and not version.time_limit_text.strip():
        problems["time_limit"] = [_("Chưa ghi thời hạn giải quyết.")]
    if not version.pk or not version.components.exists():
        problems["__all__"] = [_("Chưa có thành phần hồ sơ.")]
    others = ProcedureVersion.objects.published().filter(procedure_id=version.procedure_id)
    if version.pk:
        others = others.exclude(pk=version.pk)
    if version.valid_from is None and others.exists():
        problems["valid_from"] = [_("Cần ghi ngày có hiệu lực vì thủ tục đã có phiên bản được công bố.")]
    if problems:
        raise ValidationError(problems)
    version.status = ProcedureVersion.Status.PUBLISHED
    close_previous(version)
    version.full_clean()
    version.save()
    return version


def close_previous(version: ProcedureVersion) -> list[ProcedureVersion]:
    """End the published versions that started earlier the day before ``version`` starts."""
    if version.valid_from is None:
        return []
    earlier = ProcedureVersion.objects.published().filter(
        Q(valid_from__isnull=True) | Q(valid_from__lt=version.valid_from),
        Q(valid_to__isnull=True) | Q(valid_to__gte=version.valid_from),
        procedure_id=version.procedure_id,
    )
    if version.pk:
        earlier = earlier.exclude(pk=version.pk)
    closed = list(earlier)
    for previous in closed:
        previous.valid_to = version.valid_from - timedelta(days=1)
        previous.save(update_fields=["valid_to", "updated_at"])
    return closed


@transaction.atomic
def save_process(
    template: ProcessTemplate, steps: Iterable[ProcessStep | Mapping[str, Any]]
) -> ProcessTemplate:
    """Save a template with exactly these steps, or nothing at all.

    Steps are matched to the stored ones by their order and updated in place, so the steps that
    dossiers already went through keep their identity. Raises ``ValidationError`` (Vietnamese)
    when the template, a step, or the sum of budgets against the time limit is wrong.
    """
    new_steps = [_as_step(step) for step in steps]
    template.steps_checked_separately = True
    try:
        template.full_clean()
    finally:
        template.steps_checked_separately = False
    validate_process(new_steps, template.reference_version())
    errors: list[str] = []
    for step in new_steps:
        try:
            step.full_clean(exclude=["template"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors.extend(
                _("Bước %(order)s: %(message)s") % {"order": step.order, "message": m} for m in exc.messages
            )
    if errors:
        raise ValidationError(errors)
    template.save()
    stored = {step.order: step for step in template.steps.all()}
    for step in new_steps:
        current = stored.pop(step.order, None)
        if current is None:
            step.pk = None
            step.template = template
            step.save()
            continue
        changed = [
            k for k in ("name", "role", "agency_id", "budget") if getattr(current, k) != getattr(step, k)
        ]
        if changed:
            for key in changed:
                setattr(current, key, getattr(step, key))
            current.save(update_fields=changed)
    if stored:
        ProcessStep.objects.filter(pk__in=[s.pk for s in stored.values()]).delete()
    return template


def _as_step(step: ProcessStep | Mapping[str, Any]) -> ProcessStep:
    if isinstance(step, ProcessStep):
        return step
    unknown = set(step) - set(STEP_KEYS)
    if unknown:
        raise ValidationError(
            _("Bước có trường không hợp lệ: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
        )
    return ProcessStep(**{key: step[key] for key in STEP_KEYS if key in step})
