"""Master data whose every change django-auditlog records: who, when, from where, old → new.

Named by label so that this low app imports none of the apps it watches. What is *not* here is
deliberate (ADR 0003): dossiers, their events and the applicants written at reception are the
intake hot path, and the dossier's own append-only events already say who did what to it.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Written by the framework or derived from other fields: a change there is nobody's decision.
STAMPS = ["created_at", "updated_at"]

TRACKED: list[tuple[str, dict]] = [
    # Catalogue: procedures, versions, fees, components, internal processes and their steps.
    ("catalog.Field", {}),
    ("catalog.Procedure", {"exclude_fields": [*STAMPS, "search_text"]}),
    ("catalog.ProcedureVersion", {"exclude_fields": STAMPS}),
    ("catalog.FeeLine", {}),
    ("catalog.Component", {}),
    ("catalog.ProcessTemplate", {"exclude_fields": STAMPS}),
    ("catalog.ProcessStep", {}),
    # Organisation: units, agencies and their office hours, staff accounts and their roles.
    ("org.AdministrativeUnit", {}),
    ("org.Agency", {}),
    ("org.OfficeHoursPeriod", {"mapping_fields": {"agency": _("cơ quan")}}),
    ("org.Membership", {"mapping_fields": {"user": _("cán bộ"), "agency": _("cơ quan")}}),
    (
        "org.User",
        {
            # What decides who may do what; personal fields of citizens' accounts stay out.
            "include_fields": [
                "username",
                "full_name",
                "email",
                "is_active",
                "is_staff",
                "is_superuser",
                "password",
            ],
            "mask_fields": ["password"],
            "mask_callable": "motcua.audit.tracked.hidden",
            "m2m_fields": ["groups", "user_permissions"],
        },
    ),
    # Which roles must use a second factor, and officers' second-factor devices (never their key).
    ("signin.SecondFactorRole", {"exclude_fields": STAMPS}),
    ("otp_totp.TOTPDevice", {"include_fields": ["user", "name", "confirmed"]}),
    # Calendar overrides (extra days off, swapped working days) move every deadline.
    ("calendar.CalendarOverride", {"exclude_fields": STAMPS}),
    # Indicator targets assigned to units.
    ("indicators.Target", {}),
]


def hidden(value: str) -> str:
    """A password hash is never shown, not even half of it: only that it changed."""
    return "••••••"


def register() -> None:
    for label, options in TRACKED:
        model = apps.get_model(label)
        if not auditlog.contains(model):
            # Copies: the library appends to the lists it is given.
            auditlog.register(
                model, **{k: v if isinstance(v, (str, dict)) else list(v) for k, v in options.items()}
            )
    pre_log.connect(_skip_citizen_accounts, sender=apps.get_model("org.User"), dispatch_uid="audit-citizens")


def labels(model) -> dict:
    """Display names given here for fields whose model has none (``mapping_fields``)."""
    if model is None or not auditlog.contains(model):
        return {}
    return auditlog.get_model_fields(model)["mapping_fields"]


def _current_actor():
    from auditlog.context import auditlog_value

    try:
        return auditlog_value.get().get("actor")
    except LookupError:
        return None


def _skip_citizen_accounts(sender, instance, action, **kwargs) -> bool | None:
    """A citizen registering or logging in is not master data: keep their name and ID out of the log.

    Recorded after all: any account that is or was staff, superuser or holds a role, and any
    account changed by someone else (an administrator resetting a citizen's password).
    """
    if instance.is_staff or instance.is_superuser:
        return None
    actor = _current_actor()
    if actor is not None and actor.pk != instance.pk:
        return None
    # Before an update this reads the stored (old) row; after a creation, the new one.
    officer = (
        sender._default_manager.filter(pk=instance.pk)
        .filter(Q(is_staff=True) | Q(is_superuser=True) | Q(memberships__isnull=False))
        .exists()
    )
    return None if officer else False
