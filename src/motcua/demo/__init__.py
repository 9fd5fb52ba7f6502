"""``motcua demo``: migrate, load the demo province through the real services, serve.

The province is Thành phố Hải Phòng after the 2025 reorganisation (real units and agency names
from ``demo_data/province.yaml``), the 44 real procedures of ``demo_data/procedures.yaml``, an
internal process for each procedure with a confirmed time limit, officers for every role, and
dossiers since January 2025 created through the dossier write path (``history.py``): before
1 July 2025 at the old districts' and communes' desks (``predecessors.py``) under Decree 61/2018,
from then on at the new communes and the city's centre under Decree 118/2025.
"""

import secrets
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

CATALOG = Path(__file__).resolve().parent.parent / "demo_data" / "procedures.yaml"
DEFAULT_TARGET = 20_000


def _password() -> str:
    """One random password for every demo login, kept in the data folder so reruns print the same."""
    path = settings.DATA_DIR / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(9)
    path.write_text(password)
    path.chmod(0o600)
    return password


def load():
    """Migrate and load the catalogue and the province (idempotent). Returns (province, password)."""
    from auditlog.context import disable_auditlog

    # The seed is nobody's decision: 3,000 "created by the system" entries in the audit trail would
    # bury the changes people make while trying the demo, and cost 1.5 s of its start (ADR 0003).
    with disable_auditlog():
        return _load()


def _load():
    from motcua.catalog.importers import import_catalog

    from .province import load_province

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    report = import_catalog(CATALOG)
    if not report.ok:
        raise SystemExit("Không nạp được danh mục thủ tục mẫu:\n" + "\n".join(map(str, report.errors)))
    password = _password()
    province = load_province(password)
    from .extras import seed_all

    seed_all(province, password)
    return province, password


def generate(province, target: int, report=None) -> int:
    """Create the history if the database has fewer dossiers than ``target``."""
    from motcua.dossiers.models import Dossier
    from motcua.indicators.rebuild import rebuild
    from motcua.indicators.receivers import deferred
    from motcua.integrations.notifications.subscribers import muted
    from motcua.integrations.portal_sync.outbox import muted as portal_muted

    from .history import History
    from .province import old_processes

    have = Dossier.objects.count()
    if have >= target:
        return 0
    if report:
        print("  … quy trình nội bộ của các cơ quan trước sắp xếp (01/07/2025)", flush=True)
    old_processes(province)
    # A year of history notifies nobody, and its daily facts are built once from the events at the
    # end (the same computation as `rebuild_facts --check`) instead of one upsert per transition.
    with muted(), portal_muted("Lịch sử hồ sơ của tỉnh mẫu, chưa gửi lên Cổng DVCQG"), deferred():
        made = History(province, target=target - have).run(report=report)
    rebuild()
    return made


def sync_history() -> int:
    """Tell the (simulated) national portal about the history: queue a creation for every dossier
    it never heard of, then send the queue — what an operator does after importing old data."""
    from motcua.integrations.portal_sync.outbox import backfill
    from motcua.integrations.portal_sync.worker import sweep_once

    queued = 0
    while made := backfill(2000):
        queued += made
    while sweep_once(500):
        pass
    return queued


def logins(province) -> list[tuple[str, str]]:
    from motcua.org.models import Role

    centre, commune = province.centre, province.communes[0]
    rows = []
    for agency in (centre, commune):
        for role, users in province.staff[agency.pk].items():
            rows.append((f"{Role(role).label} — {agency.name}", users[0].username))
    rows += [
        (str(Role(r).label), r.replace("_", "")) for r in ("reform_manager", "inspector", "administrator")
    ]
    from .extras import CITIZEN

    rows.append(("Công dân — Cổng dịch vụ công (/cong-dan/dang-nhap/)", CITIZEN["personal_id"]))
    return rows


def main(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line

    flags = {a for a in argv if a.startswith("--")}
    positional = [a for a in argv if not a.startswith("--")]
    address = positional[0] if positional else "127.0.0.1:8000"
    target = next((int(a.split("=", 1)[1]) for a in flags if a.startswith("--dossiers=")), DEFAULT_TARGET)
    started = time.monotonic()
    province, password = load()
    print(f"motcua: đã nạp danh mục và tỉnh mẫu ({time.monotonic() - started:.0f} s).", flush=True)

    def history() -> None:
        made = generate(
            province,
            target,
            report=lambda n: print(f"  … {n:,} hồ sơ lịch sử", flush=True) if n % 2000 < 100 else None,
        )
        print(f"motcua: đã tạo {made:,} hồ sơ lịch sử ({time.monotonic() - started:.0f} s).", flush=True)
        from .extras import seed_reform

        seed_reform(province)
        print(
            "motcua: đã nạp kế hoạch, chỉ số và kiểm tra cải cách hành chính "
            f"({time.monotonic() - started:.0f} s).",
            flush=True,
        )
        queued = sync_history()
        print(
            f"motcua: đã đồng bộ {queued:,} hồ sơ lịch sử lên Cổng DVCQG mô phỏng "
            f"({time.monotonic() - started:.0f} s).",
            flush=True,
        )

    print(
        f"\nmotcua — tỉnh mẫu: {province.unit.name}, {len(province.communes)} xã/phường, "
        f"{len(province.departments)} sở, trung tâm phục vụ hành chính công."
    )
    print(
        f"Trước 01/07/2025: {len(province.old_districts)} quận/huyện và {len(province.old_communes)} "
        "xã/phường cũ với Bộ phận Một cửa (đã ngừng hoạt động; hồ sơ cũ giữ đơn vị cũ)."
    )
    print(f"Địa chỉ: http://{address}/   API: http://{address}/api/docs   Quản trị: http://{address}/admin/")
    print(f"Mật khẩu chung của các tài khoản mẫu: {password}")
    for label, username in logins(province):
        print(f"  {username:<18} {label}")
    print(flush=True)
    if "--no-serve" in flags:
        history()
        return 0
    # Serve at once; the history since January 2025 keeps arriving in the background (oldest first).
    threading.Thread(target=history, name="demo-history", daemon=True).start()
    sys.stdout.flush()
    execute_from_command_line(["motcua", "runserver", "--noreload", "--insecure", address])
    return 0
