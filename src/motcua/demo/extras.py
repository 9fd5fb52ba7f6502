"""The parts of the demo province that serve the pages: counters and kiosks, the leaders' duty
roster, e-forms for the online procedures, and a citizen account to try the portal with."""

from datetime import timedelta
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.org.models import DutyShift, Role, User

EFORMS = Path(__file__).resolve().parent.parent / "demo_data" / "eforms.yaml"
CITIZEN = {"personal_id": "031090001234", "full_name": "Vũ Thị Hồng Nhung", "phone": "0912345678"}


def seed_desks(province) -> None:
    """Two counters at every one-stop desk (idempotent)."""
    from motcua.desk.queue import seed_counters

    for agency in province.receiving:
        seed_counters(agency)


def seed_duty(province, days: int = 14) -> None:
    """Leaders take turns on duty at each receiving agency for the next two weeks."""
    today = timezone.localdate()
    for agency in province.receiving:
        leaders = province.staff.get(agency.pk, {}).get(Role.LEADER, [])
        for i in range(days):
            day = today + timedelta(days=i)
            if day.weekday() >= 5 or not leaders:
                continue
            DutyShift.objects.get_or_create(
                agency=agency,
                day=day,
                user=leaders[i % len(leaders)],
                defaults={"note": "Trực Bộ phận Một cửa"},
            )


def seed_eforms() -> None:
    """E-form fields of ``demo_data/eforms.yaml`` on the versions in force of those procedures."""
    data = yaml.safe_load(EFORMS.read_text(encoding="utf-8")) or {}
    for code, fields in data.items():
        ProcedureVersion.objects.filter(procedure__code=str(code), form_fields=[]).update(form_fields=fields)


def seed_citizen(password: str) -> User:
    """One citizen account (personal ID of a person born in Hải Phòng, code 031) for the portal."""
    user, created = User.objects.get_or_create(
        username=CITIZEN["personal_id"],
        defaults={
            "personal_id": CITIZEN["personal_id"],
            "full_name": CITIZEN["full_name"],
            "phone": CITIZEN["phone"],
            "email": "nhung.vu@example.vn",
            "password": make_password(password),
        },
    )
    from motcua.portal.models import IdentityProof
    from motcua.portal.verification import prove

    prove(user, IdentityProof.Method.DEMO)  # a demo person: nobody else's dossiers to protect
    return user


def seed_reform(province) -> None:
    """The reform programme of the year (plans first: the index measures their completion; the
    inspection reconciles ledgers, so it comes after the dossier history)."""
    from motcua.reform.inspections.demo import seed as seed_inspections
    from motcua.reform.parindex.demo import seed as seed_index
    from motcua.reform.plans.demo import seed as seed_plans

    seed_plans(province)
    seed_index(province)
    seed_inspections(province)


def seed_all(province, password: str) -> User:
    seed_desks(province)
    seed_duty(province)
    seed_eforms()
    return seed_citizen(password)
