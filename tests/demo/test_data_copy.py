"""The demo's copy of the procedures fact file must not drift from the shared one."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "procedures.yaml"
COPY = Path(__file__).resolve().parents[2] / "src" / "motcua" / "demo_data" / "procedures.yaml"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/ is not beside this checkout")
def test_demo_copy_matches_shared_fact_file():
    assert COPY.read_bytes() == SHARED.read_bytes(), "copy ../shared/data/procedures.yaml into demo_data/"
