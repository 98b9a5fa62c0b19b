"""An infeasible model is explained by HiGHS's IIS, mapped back to the rule of the model file."""

from __future__ import annotations

from tests.bad_inputs.tiny import records
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.infeasibility import explain
from ree_opt.pipeline import Instance
from ree_opt.solve import hand_off

# Region b (group g2) demands 3 → 4 kt/yr of metal:nd; its only oxide source is the deposit and
# separation in region a (g1). A trade ban g1 → g2 closes every route, and min_share asks that
# 100 % of g2's demand be met by a chain in g1 ∪ g2 that delivers to b: impossible, since unmet
# demand does not count as served. The conflict lies wholly inside policies.min_share[0].
RAW = {"name": "inf", "dataset": ".", "demand_case": "base", "horizon": {"start": 2025, "end": 2030, "step": 5},
       "policies": {"min_share": [{"group": "g2", "commodities": ["metal:*"], "chain_groups": ["g1", "g2"], "share": 1.0}],
                    "trade_bans": [{"origin": "g1", "destination": "g2"}]}}


def _solve(raw):
    cfg = config_from_raw(raw)
    data = dataset_from_records(records())
    inst = Instance.create(cfg, data)
    h, index, _ = hand_off(inst.model, cfg.solver)
    h.run()
    return h, index


def test_min_share_with_its_only_source_banned_names_its_rule():
    h, index = _solve(RAW)
    assert h.modelStatusToString(h.getModelStatus()) == "Infeasible"
    found = explain(h, index.columns, index.rows)
    assert found is not None
    assert set(found.table["rule"]) == {"policies.min_share[0]"}
    share = found.table[found.table["family"] == "c_share"]
    # b's demand is 4 kt/yr in 2030 and held flat at 4 in 2025: one period's share row, 1.0 × 4 = 4, is enough for
    # an irreducible conflict
    assert len(share) == 1 and share["name"].iloc[0] in ("min_share_0.c_share[2025]", "min_share_0.c_share[2030]")
    assert list(share["bound_value"]) == [4.0]
    assert found.lines[1] == "  policies.min_share[0]"
    assert any(line.startswith("    c_share: demand served by the chain ≥ share × demand") for line in found.lines)


def test_a_share_the_chain_can_meet_is_feasible():
    # without the ban, a's chain ships to b and the same 100 % share holds
    raw = {**RAW, "policies": {"min_share": RAW["policies"]["min_share"]}}
    h, _ = _solve(raw)
    assert h.modelStatusToString(h.getModelStatus()) == "Optimal"
