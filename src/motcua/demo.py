"""``motcua demo``: migrate, load a small demo province through the real services, serve.

This is the foundation's demo: the 44 real procedures of the shared fact file, one provincial
service centre and one department with an officer per role, internal processes, and a few
dossiers in every state, all created through the dossier write path. The full province with
20,000 historic dossiers is issue 3.
"""

import secrets
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

CATALOG = Path(__file__).parent / "demo_data" / "procedures.yaml"
ROLES = [
    "desk_officer",
    "specialist",
    "head",
    "leader",
    "clerk",
    "reform_manager",
    "inspector",
    "administrator",
]
# Identifier codes of the demo agencies follow the national pattern but are NOT the official codes.
CENTRE = ("000.00.00.DEMO1", "Trung tâm Phục vụ hành chính công (dữ liệu mẫu)")
DEPARTMENT = ("000.00.01.DEMO1", "Sở Tư pháp (dữ liệu mẫu)")


def _password() -> str:
    """One random password for every demo login, kept in the data folder so reruns print the same."""
    path = settings.DATA_DIR / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(9)
    path.write_text(password)
    path.chmod(0o600)
    return password


def _org():
    from motcua.org.models import AdministrativeUnit, Agency, UnitLevel

    province, _ = UnitLevel.objects.get_or_create(code="province", defaults={"name": "Cấp tỉnh", "rank": 1})
    UnitLevel.objects.get_or_create(code="commune", defaults={"name": "Cấp xã", "rank": 3})
    unit, _ = AdministrativeUnit.objects.get_or_create(
        level=province, code="01", defaults={"name": "Thành phố Hà Nội", "kind": "thành phố"}
    )
    centre, _ = Agency.objects.get_or_create(
        identifier_code=CENTRE[0],
        defaults={
            "name": CENTRE[1],
            "unit": unit,
            "kind": "trung_tam",
            "receives_dossiers": True,
            "boundary_free": True,
        },
    )
    department, _ = Agency.objects.get_or_create(
        identifier_code=DEPARTMENT[0],
        defaults={"name": DEPARTMENT[1], "unit": unit, "kind": "so", "parent": None},
    )
    return centre, department


def _users(centre, password: str) -> list[tuple[str, str]]:
    from motcua.org.models import Membership, Role, User

    logins = []
    for role in ROLES:
        username = role.replace("_", "")
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": f"{Role(role).label} (mẫu)", "is_staff": True}
        )
        if created:
            user.set_password(password)
            user.is_superuser = role == "administrator"
            user.save()
        Membership.objects.get_or_create(user=user, agency=centre, role=role)
        logins.append((str(Role(role).label), username))
    return logins


def _split_budget(limit: Decimal) -> list[Decimal]:
    """Reception, appraisal, approval, result: the appraisal takes what the others leave."""
    small = (limit / 8).quantize(Decimal("0.01"), rounding=ROUND_DOWN) or Decimal("0.01")
    return [small, limit - 3 * small, small, small]


def _processes(centre) -> int:
    from motcua.catalog.models import ProcessTemplate
    from motcua.catalog.selectors import version_in_force
    from motcua.catalog.services import save_process
    from motcua.org.models import Role

    made = 0
    today = timezone.localdate()
    names = ["Tiếp nhận, chuyển hồ sơ", "Thẩm định hồ sơ", "Phê duyệt", "Ban hành, trả kết quả"]
    roles = [Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.CLERK]
    from motcua.catalog.models import Procedure

    for procedure in Procedure.objects.all():
        version = version_in_force(procedure, today)
        if version is None or not version.has_confirmed_time_limit() or version.time_limit <= 0:
            continue
        if ProcessTemplate.objects.filter(procedure=procedure, agency=centre).exists():
            continue
        steps = [
            {"order": i + 1, "name": n, "role": r, "budget": b}
            for i, (n, r, b) in enumerate(zip(names, roles, _split_budget(version.time_limit), strict=True))
        ]
        save_process(
            ProcessTemplate(procedure=procedure, agency=centre, name=f"Quy trình {procedure.code}"), steps
        )
        made += 1
    return made


def _dossiers(centre) -> int:
    from motcua.catalog.models import ProcessTemplate
    from motcua.catalog.selectors import version_in_force
    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier
    from motcua.org.models import User

    if Dossier.objects.exists():
        return 0
    u = {r: User.objects.get(username=r.replace("_", "")) for r in ROLES}
    templates = list(ProcessTemplate.objects.filter(agency=centre).select_related("procedure"))
    start = timezone.now() - timedelta(days=21)
    made = 0
    for n in range(24):
        template = templates[n % len(templates)]
        version = version_in_force(template.procedure, timezone.localdate())
        at = timezone.localtime(start + timedelta(days=n // 2, hours=n % 2 * 3))
        at = at.replace(hour=8 + n % 8, minute=15)
        applicant = {
            "kind": 1,
            "identifier": f"0010{90 + n % 9}{n:06d}",
            "name": f"Công dân mẫu {n + 1}",
            "address": "Hà Nội",
            "phone": f"09120000{n:02d}",
        }
        comps = [{"component_id": c.pk} for c in version.components.all() if c.required and c.mode == "nop"]
        d = services.receive(
            actor=u["desk_officer"],
            version=version,
            agency=centre,
            applicant=applicant,
            components=comps,
            summary=template.procedure.name[:200],
            at=at,
        ).dossier
        made += 1
        _advance(d, n % 6, u, at)
    return made


def _advance(d, how_far: int, u: dict, at: datetime) -> None:
    from motcua.dossiers import services

    step = timedelta(hours=1)
    if how_far == 0:
        return
    services.assign(d.pk, actor=u["head"], assignee=u["specialist"], at=at + step)
    if how_far == 1:
        services.request_supplement(
            d.pk, actor=u["specialist"], items=["Bổ sung bản sao giấy tờ"], at=at + 2 * step
        )
        return
    steps = d.process_steps
    for k in range(len(steps) - 1):
        if steps[k]["role"] == "leader":
            services.approve(d.pk, actor=u["leader"], at=at + (3 + k) * step)
        services.forward(d.pk, actor=u["head"], at=at + (3 + k) * step + timedelta(minutes=5))
    if how_far == 2:
        return
    if steps and steps[-1]["role"] == "leader":
        services.approve(d.pk, actor=u["leader"], at=at + 7 * step)
    services.issue_result(d.pk, actor=u["clerk"], at=at + 8 * step)
    if how_far >= 4:
        services.return_result(
            d.pk, actor=u["desk_officer"], method="desk", receiver="Người nộp hồ sơ", at=at + 24 * step
        )


def load() -> tuple[list[tuple[str, str]], str, dict]:
    from motcua.catalog.importers import import_catalog

    call_command("migrate", interactive=False, verbosity=0)
    report = import_catalog(CATALOG)
    if not report.ok:
        raise SystemExit("Không nạp được danh mục thủ tục mẫu:\n" + "\n".join(map(str, report.errors)))
    password = _password()
    with transaction.atomic():
        centre, _ = _org()
        logins = _users(centre, password)
        processes = _processes(centre)
    dossiers = _dossiers(centre)
    return logins, password, {"processes": processes, "dossiers": dossiers}


def main(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    logins, password, counts = load()
    positional = [a for a in argv if not a.startswith("--")]
    address = positional[0] if positional else "127.0.0.1:8000"
    print(
        "\nmotcua — dữ liệu mẫu đã sẵn sàng "
        f"({counts['processes']} quy trình mới, {counts['dossiers']} hồ sơ mới)."
    )
    print(f"Địa chỉ: http://{address}/   API: http://{address}/api/docs   Quản trị: http://{address}/admin/")
    print(f"Mật khẩu chung của các tài khoản mẫu: {password}")
    for label, username in logins:
        print(f"  {username:<16} {label}")
    print(flush=True)
    if "--no-serve" in argv:
        return 0
    execute_from_command_line(["motcua", "runserver", "--noreload", "--insecure", address])
    return 0
