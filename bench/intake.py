"""Benchmark: dossiers received per second through the HTTP API on PostgreSQL, concurrent clients.

Run: ./run bench-intake [SECONDS] [CLIENTS] [ROUNDS]   (starts a throw-away PostgreSQL cluster,
as the tests do) or, with DATABASE_URL pointing at PostgreSQL: uv run python bench/intake.py …
The server is gunicorn (4 workers, ``--preload``: the app and the holiday library loaded once) on
127.0.0.1; clients post for SECONDS each, in ROUNDS alternated rounds (default 3), to
  1. POST /api/v1/dossiers — a full reception (applicant, code, due time, events), and
  2. POST /bench/insert — the baseline: the same bearer-token check (without the caller's roles,
     which only the reception needs), one row inserted.
Prints both median rates and, last, ``intake: RATIO`` = reception ÷ baseline (goal ≥ 0.5).
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765


def setup(rounds: int = 1) -> dict:
    """Migrate and create one agency per round (a day's dossier codes stop at 9999 an agency), a
    desk officer of all of them with a token, and a procedure."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from tests.factories import Desk, make_agency, make_process, make_user

    from motcua.org.models import Membership, Role
    from motcua.org.tokens import issue_token

    scene = Desk(identifier="000.00.99.B01", name="Bộ phận Một cửa (đo hiệu năng)")
    desk = make_user(scene.agency, Role.DESK_OFFICER)
    agencies = [scene.agency]
    for r in range(2, rounds + 1):
        name = f"Bộ phận Một cửa (đo hiệu năng) {r}"
        agency = make_agency(f"000.00.99.B{r:02d}", name, unit=scene.agency.unit)
        make_process(scene.version, agency)
        Membership.objects.create(user=desk, agency=agency, role=Role.DESK_OFFICER)
        agencies.append(agency)
    comps = [{"component_id": c.pk} for c in scene.version.components.all() if c.required]
    return {
        "token": issue_token(desk, "bench"),
        "agencies": [a.identifier_code for a in agencies],
        "procedure": scene.version.procedure.code,
        "components": comps,
    }


def serve() -> subprocess.Popen:
    # A local plain-HTTP server on the development key (a production server is HTTPS-only).
    env = {**os.environ, "MOTCUA_BENCH": "1", "MOTCUA_ALLOW_INSECURE_KEY": "1", "MOTCUA_HTTPS": "0"}
    # One token sends every dossier: the per-token limit is counted (its cost is measured) but set
    # far above what the bench can reach.
    env.setdefault("MOTCUA_RECEPTION_RATE", "1000000/m")
    proc = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "motcua.wsgi:application",
            "-w",
            "4",
            "--preload",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=1)  # noqa: S310
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def hammer(path: str, body_for, token: str, seconds: float, clients: int) -> tuple[float, int]:
    """Each client posts in a loop for ``seconds``; returns (requests/s, errors)."""
    done, errors = [0] * clients, [0] * clients
    stop_at = time.monotonic() + seconds

    def client(i: int) -> None:
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            req = urllib.request.Request(  # noqa: S310
                f"http://127.0.0.1:{PORT}{path}",
                data=json.dumps(body_for(i, n)).encode(),
                method="POST",
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": f"bench-{i}-{n}-{time.monotonic_ns()}",
                },
            )
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310
                    ok = resp.status in (200, 201)
            except OSError:
                ok = False
            done[i] += ok
            errors[i] += not ok

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started), sum(errors)


def main(seconds: float = 15, clients: int = 8, rounds: int = 3) -> float:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("MOTCUA_ALLOW_INSECURE_KEY", "1")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at PostgreSQL (use ./run bench-intake)")
    sys.path.insert(0, str(ROOT))
    info = setup(rounds)

    def dossier(i: int, n: int, agency: str) -> dict:
        return {
            "procedure_code": info["procedure"],
            "agency": agency,
            "components": info["components"],
            "applicant": {
                "kind": 1,
                "identifier": f"0310{80 + i % 10}{i:02d}{n:04d}",
                "name": "Người nộp đo hiệu năng",
            },
            "summary": "Đo hiệu năng tiếp nhận",
        }

    server = serve()
    bases, rates, errors = [], [], 0
    try:
        hammer("/bench/insert", lambda i, n: {}, info["token"], 2, clients)  # warm up both paths
        hammer("/api/v1/dossiers", lambda i, n: dossier(i, n, info["agencies"][0]), info["token"], 2, clients)
        # Alternated rounds: a machine whose load drifts during the run weighs on both alike.
        for agency in info["agencies"]:
            base, base_err = hammer("/bench/insert", lambda i, n: {}, info["token"], seconds, clients)
            rate, err = hammer(
                "/api/v1/dossiers", lambda i, n, a=agency: dossier(i, n, a), info["token"], seconds, clients
            )
            bases.append(base)
            rates.append(rate)
            errors += base_err + err
            print(f"  round {len(rates)}: baseline {base:,.0f} req/s, reception {rate:,.0f} dossiers/s")
    finally:
        server.terminate()
        server.wait(10)
    base, rate = statistics.median(bases), statistics.median(rates)
    print(f"clients: {clients}, {rounds} rounds of {seconds:.0f} s each, gunicorn 4 workers, PostgreSQL")
    print(f"baseline (token check + one insert): {base:,.0f} req/s (median)")
    print(f"reception (POST /api/v1/dossiers):  {rate:,.0f} dossiers/s (median; {errors} errors in all)")
    print(f"intake: {rate / base:.2f}")
    return rate / base


if __name__ == "__main__":
    main(*(float(a) if k == 0 else int(a) for k, a in enumerate(sys.argv[1:4])))
