from __future__ import annotations
import pytest
from tests.helpers import one_mine_records
from ree_opt.api import run_model
from ree_opt.stress import Plan, stress_test
from tests.helpers import _setup, _summary, two_region_records, _err


def test_trade_ban_forces_dearer_domestic_supply():
    # Undisrupted: b buys from a at 2 + 1 = 3 < 6: cost 5 × 3 = 15. Ban g1 → * of ore:*: b mines its own at
    # 6: cost 30, extra 15. Ban plus b's mine shut: nothing reaches b: 5 × 100 = 500 unmet, extra 485.
    scen = [{"name": "ban", "probability": 0.5, "events": [{"kind": "trade_ban", "origin": "g1", "commodities": ["ore:*"]}]},
            {"name": "ban_and_outage", "probability": 0.5, "events": [
                {"kind": "trade_ban", "origin": "a", "destination": "b", "commodities": ["*"]},
                {"kind": "outage", "region": "b", "process": "e", "keep": 0.0}]}]
    data, cfg = _setup(two_region_records(), scen)
    base = run_model(cfg, data=data)
    assert base.objective == pytest.approx(15.0)
    rows = _summary(stress_test(data, cfg, Plan.from_instance(base.instance)))
    assert rows["ban"]["extra_cost"] == pytest.approx(15.0)
    assert rows["ban_and_outage"]["extra_cost"] == pytest.approx(485.0)
    assert rows["ban_and_outage"]["unmet_kt"] == pytest.approx(5.0)


@pytest.mark.parametrize("disruptions, expected", [
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "atlantis", "stage": "mining", "keep": 0}]}],
     "disruptions[0].events[0] (scenario 'x').region: unknown region or group 'atlantis'"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "trade_ban", "origin": "a", "destination": "mars"}]}],
     "unknown region or group 'mars'"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "stage": "smelting", "keep": 0}]}],
     "disruptions[0].events[0] (scenario 'x').stage: unknown stage 'smelting'"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "demand", "sector": "toys", "factor": 2}]}],
     "sector: unknown sector 'toys'"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "trade_ban", "origin": "a", "commodities": ["magnet:*"]}]}],
     "'magnet:*' matches no commodity"),
    ([{"name": "x", "probability": 1.5, "events": []}], "disruptions[0].probability: Input should be less than or equal to 1"),
    ([{"name": "x", "probability": -0.1, "events": []}], "disruptions[0].probability: Input should be greater than or equal to 0"),
    ([{"name": "x", "probability": 0.5, "events": []}, {"name": "y", "probability": 0.4, "events": []}],
     "disruptions: probabilities must sum to 1, got 0.9"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "stage": "mining", "keep": 0, "from_year": 2031}]}],
     "disruptions[0].events[0].from_year: 2031 is outside the horizon 2025–2025"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "stage": "mining", "keep": 1.2}]}],
     "keep: Input should be less than or equal to 1"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "keep": 0}]}],
     "an outage names exactly one of `stage` or `process`"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "quake", "region": "a"}]}], "disruptions[0].events[0]"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "cost", "component": "capex", "factor": 2}]}], "component"),
    ([{"name": "undisrupted", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "stage": "mining", "keep": 0}]}],
     "'undisrupted' is the reserved name"),
    ([{"name": "x", "probability": 1.0, "events": [{"kind": "outage", "region": "a", "process": "mine", "keep": 0}]}],
     "'mine' is a mining process; name a deposit, or use stage: mining"),
])
def test_bad_disruption_definitions_name_the_field(disruptions, expected):
    assert expected in _err(one_mine_records(), disruptions)


def test_stochastic_without_disruptions_is_an_error():
    assert "stochastic: true needs a non-empty `disruptions` list" in _err(one_mine_records(), [], stochastic=True)


def test_a_shocked_cost_term_without_a_period_index_is_an_error_not_a_silent_miss():
    # disruption.link places a cost shock on a term by the period its variable is indexed by last; a term of
    # a shockable component on a variable with no period index would be missed, so it must be refused
    import pyomo.environ as pyo

    from ree_opt.model import build_model, disruption, prepare
    from tests.helpers import SCENARIOS, one_mine_stress_records

    data, cfg = _setup(one_mine_stress_records(), SCENARIOS)
    prepared = prepare(cfg, data)
    m, reg = build_model(prepared)
    m.v_stray = pyo.Var()
    reg.costs = {"variable": [(1.0, m.v_stray)]}  # the built model's registry has dropped its own cost pairs
    m.del_component("COST_SHOCKED")
    m.del_component("p_cost_factor")
    with pytest.raises(RuntimeError, match="v_stray not indexed by period last"):
        disruption.link(m, prepared.of(disruption), reg)
