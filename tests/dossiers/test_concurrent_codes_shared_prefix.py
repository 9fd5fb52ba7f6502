"""Two receiving points take numbers for the same prefix and day at the same time (Decree 118/2025
Art. 28): a commune centre receiving for a department and the department's own desk, each from
its own processes. One counter per prefix and day: the codes are unique and gap-free, and each
desk's ledger lines are gap-free too."""

import multiprocessing as mp

import pytest
from django.db import connections

from motcua.dossiers.models import Dossier
from motcua.org.models import Agency, Role
from tests.factories import (
    APPLICANT,
    make_agency,
    make_process,
    make_unit,
    make_user,
    make_version,
    required_components,
)

PER_WORKER = 8
PREFIX = "000.00.12.H56"


def _receive_many(worker: int, ids: dict, queue) -> None:
    connections.close_all()  # a forked child must not share the parent's database connection
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers import services
    from motcua.org.models import Agency, User

    version = ProcedureVersion.objects.get(pk=ids["version"])
    point = ids["points"][worker % 2]
    agency = Agency.objects.get(pk=point["agency"])
    desk = User.objects.get(pk=point["desk"])
    department = Agency.objects.get(pk=ids["department"])
    codes = []
    for n in range(PER_WORKER):
        result = services.receive(
            actor=desk,
            version=version,
            agency=agency,
            competent_agency=department,
            applicant={**APPLICANT, "identifier": f"0010900{worker:02d}{n:03d}"},
            components=ids["components"],
            at=datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        )
        codes.append(result.dossier.code)
    connections.close_all()
    queue.put(codes)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_points_share_one_gap_free_counter_per_prefix_and_day():
    unit = make_unit()
    department = make_agency(PREFIX, "Sở Tư pháp", unit=unit, kind=Agency.Kind.DEPARTMENT)
    commune = make_agency("000.00.41.H56", "Ủy ban nhân dân phường Ba Đình", unit=unit)
    version = make_version("2.000488", "Cấp phiếu lý lịch tư pháp")
    make_process(version, department)
    ids = {
        "version": version.pk,
        "department": department.pk,
        "points": [
            {"agency": commune.pk, "desk": make_user(commune, Role.DESK_OFFICER).pk},
            {"agency": department.pk, "desk": make_user(department, Role.DESK_OFFICER).pk},
        ],
        "components": required_components(version),
    }
    workers = 4  # two processes at each point
    connections.close_all()
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_receive_many, args=(w, ids, queue)) for w in range(workers)]
    for p in procs:
        p.start()
    codes = [c for _ in procs for c in queue.get(timeout=120)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    # 4 processes × 8 = 32 numbers of one day and prefix: 0001 … 0032, none twice, none missing.
    expected = {f"{PREFIX}-260310-{n:04d}" for n in range(1, workers * PER_WORKER + 1)}
    assert sorted(codes) == sorted(expected)
    assert set(Dossier.objects.values_list("code", flat=True)) == expected
    # Each receiving point's ledger: 16 lines, 1 … 16.
    for agency in (commune, department):
        lines = sorted(Dossier.objects.filter(agency=agency).values_list("ledger_line", flat=True))
        assert lines == list(range(1, 2 * PER_WORKER + 1))
