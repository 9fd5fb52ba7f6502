"""The dossiers behind every figure: their count equals the figure, and only the caller's."""

import pytest

from motcua.indicators.formulas import INDICATORS
from motcua.indicators.selectors import DOSSIER_FIGURES, behind

from .conftest import NOW, PERIOD

# This province has no portal connection (conftest): the synchronised figure's drill-down is
# checked in tests/integrations/test_portal_sync_indicator.py.
KEYS = [
    *(k for k in DOSSIER_FIGURES if k != "g1_synchronised"),
    "steps_over_budget",
    "g5_petitions_on_time",
    "g5_petitions_satisfied",
]


@pytest.mark.parametrize("key", KEYS)
def test_counts_agree_with_the_figure(province, key):
    officer = province.a.desk
    value = INDICATORS[key].func(province.a.agency, PERIOD, NOW)
    whole = behind(key, province.a.agency, PERIOD, "whole", user=officer, now=NOW)
    assert whole.count() == value.whole
    if value.measure != "days":
        assert behind(key, province.a.agency, PERIOD, "part", user=officer, now=NOW).count() == value.part
    # Another agency's officer sees none of them.
    assert behind(key, province.a.agency, PERIOD, "whole", user=province.b.desk, now=NOW).count() == 0


def test_the_dossiers_themselves(province):
    d = province.d
    late = behind("g2_timeliness", province.a.agency, PERIOD, "whole", now=NOW).exclude(
        pk__in=behind("g2_timeliness", province.a.agency, PERIOD, "part", now=NOW)
    )
    assert set(late) == {d[3], d[4], d[6]}
    electronic = behind("g3_electronic_result", province.a.agency, PERIOD, user=province.a.desk, now=NOW)
    assert set(electronic) == {d[2], d[9]}
    unit = behind("received_desk", province.province, PERIOD, user=None, now=NOW)
    assert unit.count() == 9 and d["e1"] in unit
