"""The dashboard reads the facts once per scope and period; every figure must stay the same."""

from motcua.indicators.formulas import INDICATORS, shared_sums
from tests.indicators.conftest import NOW, PERIOD


def test_every_indicator_is_the_same_with_one_grouped_read(province):
    scope, period, now = province.province, PERIOD, NOW
    alone = {k: ind.func(scope, period, now) for k, ind in INDICATORS.items()}
    with shared_sums():
        shared = {k: ind.func(scope, period, now) for k, ind in INDICATORS.items()}
    for key in INDICATORS:
        assert (alone[key].part, alone[key].whole, alone[key].number, alone[key].measured) == (
            shared[key].part,
            shared[key].whole,
            shared[key].number,
            shared[key].measured,
        ), key
