"""The ``motcua`` console script: one entry point for people and scripts.

motcua due MOMENT LIMIT UNIT [--agency CODE] [--paused START/END]... [--restart-from MOMENT]
motcua import-catalog FILE [--dry-run]
motcua setup            migrate the database (SQLite by default, DATABASE_URL otherwise)
motcua serve [ADDR]     migrate, then serve on 127.0.0.1:8000
motcua worker [--sweep-every SECONDS] [db_worker options]
                        background jobs, notification and portal retries, reform reminders
motcua manage ARGS...   any Django management command
"""

import os
import sys

USAGE = __doc__ or ""


# Commands that serve people or act for them: they never fall back to a guessable key.
SERVERS = {"serve", "worker"}


def _django_setup(command: str = "") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    # The command line is a local tool (due, import, manage); a server sets SECRET_KEY itself
    # (``./run demo`` and ``./run shell`` opt in to the development key explicitly).
    if command not in SERVERS:
        os.environ.setdefault("MOTCUA_ALLOW_INSECURE_KEY", "1")
    if command == "demo":
        # The demo serves plain HTTP on 127.0.0.1; with DEBUG off the site would be HTTPS-only.
        os.environ.setdefault("MOTCUA_HTTPS", "0")
    import django

    django.setup()


def _announce_simulators() -> None:
    from django.conf import settings

    from motcua.common.simulators import banner

    line = banner(settings.MOTCUA_SIMULATORS)
    if line:
        print(line, file=sys.stderr, flush=True)


def _resolve_agency(code: str):
    from motcua.org.models import Agency

    try:
        agency = Agency.objects.prefetch_related("hours").get(identifier_code=code)
    except Agency.DoesNotExist as exc:
        raise LookupError(code) from exc
    except Exception as exc:  # database not set up yet: no agency can be known
        raise LookupError(code) from exc
    return agency.office_hours(), agency.identifier_code


def _ensure_data_dir() -> None:
    from django.conf import settings

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE.strip())
        return 0
    command, rest = argv[0], argv[1:]
    try:
        _django_setup(command)
    except Exception as exc:  # ImproperlyConfigured: one clear line, no traceback
        from django.core.exceptions import ImproperlyConfigured

        if not isinstance(exc, ImproperlyConfigured):
            raise
        print(f"motcua: {exc}", file=sys.stderr)
        return 2
    if command in SERVERS or command == "demo":
        _announce_simulators()
    if command == "due":
        from motcua.calendar.cli import run_due

        return run_due(rest, resolve_agency=_resolve_agency)
    if command == "import-catalog":
        from motcua.catalog.cli import run_import

        return run_import(rest)
    from django.core.management import call_command, execute_from_command_line

    _ensure_data_dir()
    if command == "demo":
        from motcua.demo import main as demo_main

        return demo_main(rest)
    if command == "setup":
        call_command("migrate", interactive=False, verbosity=1)
        return 0
    if command == "serve":
        call_command("migrate", interactive=False, verbosity=0)
        execute_from_command_line(
            ["motcua", "runserver", "--noreload", "--insecure", *(rest or ["127.0.0.1:8000"])]
        )
        return 0
    if command == "worker":
        from motcua.integrations.notifications.worker import run_worker
        from motcua.reform.plans.tasks import remind_daily

        return run_worker(rest, extra_threads=[remind_daily])
    if command == "manage":
        execute_from_command_line(["motcua", *rest])
        return 0
    print(f"motcua: lệnh không hợp lệ: {command}\n\n{USAGE.strip()}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
