"""Benchmark: the whole-province yearly dashboard against opening one dossier's page (issue 6).

Run: ./run bench-dashboard [N]   (throw-away PostgreSQL cluster, generates N dossiers, default
1,000,000) or, with DATABASE_URL pointing at PostgreSQL:
    uv run python bench/dashboard.py [N] [--page URL | --functions]
Dossiers are generated in bulk (``motcua manage generate_province``) up to N, unless the database
already holds that many. Then, in the same run and alternately, ``REPEAT`` times each:

1. the dashboard: the page ``/chi-so/?don_vi=<province>&ky=nam&nam=<this year>`` (scorecard,
   seed-era figures, targets, charts, 12-month trend) through the Django test client, logged in
   as the province's reform manager — or another page with ``--page URL``; with ``--functions``
   (or where the page does not exist) the functions behind it: the province's Decision 766
   scorecard for the year plus the seed-era figures and tables, targets and trend
   (``indicators.dashboard.build(province unit, Period.year)``);
2. one dossier's officer page ``/ho-so/<id>/`` through the Django test client, logged in as a desk
   officer of its receiving agency.

Prints both medians and, last, ``dashboard_ratio: VALUE`` = dashboard median ÷ dossier page
median (goal ≤ 5, and the same at 100,000 and 1,000,000 dossiers: rule 5, cost grows with
agencies × days, not with dossiers).
"""

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MOTCUA_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("MOTCUA_DATA_DIR", tempfile.mkdtemp(prefix="motcua-bench-"))

REPEAT = 20


def dashboard_functions(unit, period):
    """What the dashboard computes (``indicators.dashboard.build``): the scorecard, the seed-era
    figures and tables, targets and the 12-month trend, from the facts."""
    from motcua.indicators.dashboard import build

    return build(unit, period)


def timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main(n: int = 1_000_000, page: str | None = None, functions: bool = False) -> float:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from motcua import demo
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.dossiers.states import State
    from motcua.indicators.periods import Period
    from motcua.org.models import Membership, Role, User

    if connection.vendor != "postgresql":
        raise SystemExit(
            "bench/dashboard.py cần PostgreSQL: đặt DATABASE_URL hoặc chạy ./run bench-dashboard"
        )
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", interactive=False, verbosity=0)
    have = Dossier.objects.count()
    if have < n:
        start = time.perf_counter()
        call_command("generate_province", "--dossiers", str(n - have))
        print(f"generation: {n - have:,} dossiers in {time.perf_counter() - start:.1f} s", flush=True)
    province, _ = demo.load()
    dossiers = Dossier.objects.count()
    events = DossierEvent.objects.count()
    period = Period.year(timezone.localdate().year)

    # One dossier of the middle of the year with a full path, opened by a desk officer of its agency.
    target = (
        Dossier.objects.filter(state=State.RETURNED, agency=province.centre)
        .order_by("pk")
        .values_list("pk", "agency_id", "event_count")[dossiers // 10]
        if Dossier.objects.filter(state=State.RETURNED, agency=province.centre).count() > dossiers // 10
        else Dossier.objects.filter(state=State.RETURNED)
        .order_by("pk")
        .values_list("pk", "agency_id", "event_count")[0]
    )
    dossier_id, agency_id, event_count = target
    officer = User.objects.get(
        pk=Membership.objects.filter(agency_id=agency_id, role=Role.DESK_OFFICER).values_list(
            "user_id", flat=True
        )[0]
    )
    officer_client = Client()
    officer_client.force_login(officer)
    url = f"/ho-so/{dossier_id}/"

    def dossier_page():
        response = officer_client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    if page is None and not functions:
        try:
            page = (
                f"{reverse('indicator_dashboard')}?don_vi={province.unit.pk}&ky=nam&nam={period.start.year}"
            )
        except NoReverseMatch:
            page = None
    if page:
        manager_client = Client()
        manager_client.force_login(User.objects.get(username="reformmanager"))

        def dashboard():
            response = manager_client.get(page)
            assert response.status_code == 200, (page, response.status_code)

        what = f"page {page}"
    else:

        def dashboard():
            dashboard_functions(province.unit, period)

        what = "scorecard + seed-era figures (functions)"

    for _ in range(2):  # warm-up: caches, prepared plans, first connection
        dashboard()
        dossier_page()
    board, one = [], []
    for _ in range(REPEAT):
        board.append(timed(dashboard))
        one.append(timed(dossier_page))
    board_ms, one_ms = statistics.median(board) * 1000, statistics.median(one) * 1000
    print(f"database: {dossiers:,} dossiers, {events:,} events (PostgreSQL)")
    print(f"dashboard: {what}, {province.unit.name}, {period}: median {board_ms:.1f} ms "
          f"(min {min(board) * 1000:.1f}, max {max(board) * 1000:.1f}) over {REPEAT}")  # fmt: skip
    print(f"dossier page: {url} ({event_count} events): median {one_ms:.1f} ms "
          f"(min {min(one) * 1000:.1f}, max {max(one) * 1000:.1f}) over {REPEAT}")  # fmt: skip
    ratio = board_ms / one_ms
    print(f"dashboard_ratio: {ratio:.2f}")
    return ratio


if __name__ == "__main__":
    args = sys.argv[1:]
    page_arg = None
    only_functions = "--functions" in args
    if only_functions:
        args.remove("--functions")
    if "--page" in args:
        i = args.index("--page")
        page_arg = args[i + 1]
        del args[i : i + 2]
    main(int(args[0]) if args else 1_000_000, page_arg, only_functions)
