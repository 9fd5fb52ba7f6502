"""Benchmark: dossiers generated per second by the demo generator, through the real services.

Run: uv run python bench/generate.py [N]   (default 1,000; embedded SQLite in a temporary folder,
or DATABASE_URL). Prints ``generate: VALUE`` last (dossiers per second, each with its whole path
of events).
"""

import os
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MOTCUA_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("MOTCUA_DATA_DIR", tempfile.mkdtemp(prefix="motcua-bench-"))


def main(n: int = 1000) -> float:
    import django

    django.setup()
    from motcua import demo
    from motcua.demo.history import History
    from motcua.dossiers.models import Dossier, DossierEvent

    province, _ = demo.load()
    before = DossierEvent.objects.count()
    start = time.perf_counter()
    made = History(province, target=n, days=120, seed=11).run()
    elapsed = time.perf_counter() - start
    events = DossierEvent.objects.count() - before
    rate = made / elapsed
    print(f"dossiers: {made:,} with {events:,} events in {elapsed:.1f} s ({events / elapsed:,.0f} events/s)")
    print(f"database: {Dossier.objects.db} ({os.environ.get('DATABASE_URL', 'SQLite')[:30]})")
    print(f"generate: {rate:.1f}")
    return rate


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
