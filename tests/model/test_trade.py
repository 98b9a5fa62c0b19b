from __future__ import annotations
import pytest
from tests.helpers import solve, var_values
from tests.helpers import _three_regions, two_regions


def test_trade_chooses_the_cheaper_route():
    # Demand 10 in c. Via a: 1 + 5 = 6 per kt; via b: 2 + 1 = 3 per kt. All from b: objective 30,
    # and the marginal cost of ore in c is 3 USD/kg (one more kt delivered from b).
    run = solve(_three_regions())
    ship = var_values(run.model.v_ship)
    assert ship[("ore:f", "b", "c", 2025)] == pytest.approx(10.0)
    assert ship[("ore:f", "a", "c", 2025)] == pytest.approx(0.0)
    assert run.objective == pytest.approx(30.0)
    mc = run.tables["marginal_costs"]
    assert float(mc[(mc.region == "c") & (mc.commodity == "ore:f")]["value"].iloc[0]) == pytest.approx(3.0)
    # a's mine is idle and a ships nothing: no ore moves in a, so its price is not unique (anything
    # from what a kg fetches to what it costs there is optimal) and the row is marked inactive
    active = mc.set_index(["region", "commodity"])["active"]
    assert not active["a", "ore:f"] and active["b", "ore:f"] and active["c", "ore:f"]


def test_transport_loss_can_flip_the_route():
    # With 60 % lost on b → c, a delivered kt via b costs (2 + 1) / 0.4 = 7.5 > 6 via a:
    # all 10 from a, objective 60.
    run = solve(_three_regions(loss_b_to_c=0.6))
    assert var_values(run.model.v_ship)[("ore:f", "a", "c", 2025)] == pytest.approx(10.0)
    assert run.objective == pytest.approx(60.0)


def test_no_policy_imports_from_the_cheaper_region():
    assert solve(two_regions()).objective == pytest.approx(10.0)


def test_cost_of_a_trade_ban():
    # Banning a → b (group g1 to group g2) forces b to mine its own 10 kt at 4: objective 40,
    # so the ban costs 40 − 10 = 30.
    run = solve(two_regions(), policies={"trade_bans": [{"origin": "g1", "destination": "g2"}]})
    assert run.objective == pytest.approx(40.0)
    assert ("ore:f", "a", "b", 2025) not in run.model.v_ship  # a banned route has no variable


def test_ban_outside_its_years_does_nothing():
    run = solve(two_regions(), policies={"trade_bans": [{"origin": "a", "destination": "b", "from_year": 2030}]})
    assert run.objective == pytest.approx(10.0)


def test_ban_that_makes_demand_unmeetable_shows_as_unmet():
    # b has no mine; with a → b banned all 10 kt are unmet at 100 MUSD/kt: objective 1000.
    run = solve(two_regions(mine_in_b=False), policies={"trade_bans": [{"origin": "a", "destination": "*", "commodities": ["ore:*"]}]})
    assert var_values(run.model.v_unmet)[("b", "ore:f", 2025)] == pytest.approx(10.0)
    assert run.objective == pytest.approx(1000.0)


@pytest.mark.parametrize("tariff, objective", [(2.0, 30.0), (4.0, 40.0)])
def test_tariff_on_imports(tariff, objective):
    # Import cost 1 + tariff vs own mine at 4: tariff 2 → import (3 × 10 = 30); tariff 4 →
    # 5 > 4, mine in b (40).
    run = solve(two_regions(), policies={"tariffs": [{"origin": "a", "destination": "b", "cost": tariff}]})
    assert run.objective == pytest.approx(objective)
