from __future__ import annotations
import pytest
from tests.helpers import solve, var_values
from ree_opt.data import dataset_from_records
import math
from ree_opt.errors import DataError
from ree_opt.model.lifetimes import retirement_pmf
from tests.helpers import stock_records, solve_stocks


def test_fixed_two_year_lifetime_gives_hand_derived_end_of_life():
    # Annual periods, every magnet retires after exactly 2 years, half is collected:
    # 2025 ← history 2023: 4 × 0.5 = 2;  2026 ← history 2024: 6 × 0.5 = 3;
    # 2027 ← served 2025: 10 × 0.5 = 5;  2028 ← served 2026: 10 × 0.5 = 5.
    # No recycling process, so all of it is disposed of (at no cost).
    run = solve_stocks(stock_records(), end=2028)
    eol = var_values(run.model.v_eol)
    assert {t: eol[("a", "scrap:eol", t)] for t in (2025, 2026, 2027, 2028)} == pytest.approx({2025: 2, 2026: 3, 2027: 5, 2028: 5})
    assert var_values(run.model.v_dispose)[("a", "scrap:eol", 2027)] == pytest.approx(5)
    table = run.tables["eol_scrap"]
    assert set(table["sector"]) == {"s"} and table["value"].sum() == pytest.approx(15)


def test_short_loop_uses_end_of_life_scrap_and_reports_recycled_share():
    # Primary magnets cost 2 + 3 = 5 MUSD/kt, short-loop magnets 1 MUSD/kt, so all end-of-life
    # scrap (2, 3, 5, 5 as above) is recycled: objective = Σ_t 5 (10 − R_t) + R_t = 200 − 4 × 15 = 140.
    # In 2027 half of magnet:s (5 of 10) comes from recycling.
    run = solve_stocks(stock_records(recycle=True), end=2028)
    assert run.objective == pytest.approx(140.0)
    share = run.tables["recycled_share"]
    row = share[(share["year"] == 2027) & (share["commodity"] == "magnet:s")].iloc[0]
    assert (row["recycled"], row["total"], row["share"]) == pytest.approx((5.0, 10.0, 0.5))


def test_unmet_demand_is_not_served_so_it_never_retires():
    # With the mine gone (no ore), the 2025 demand is met only by the historical scrap (2 kt via the
    # short loop); the other 8 kt are unmet, so 2027 gets 2 × 0.5 = 1 kt of scrap from the 2 kt served.
    rec = stock_records(recycle=True, years=(2025,))
    rec["existing_capacity"] = [row for row in rec["existing_capacity"] if row["process"] != "d"]
    run = solve_stocks(rec, end=2027, invest=False)
    eol = var_values(run.model.v_eol)
    assert eol[("a", "scrap:eol", 2025)] == pytest.approx(2.0)
    assert eol[("a", "scrap:eol", 2027)] == pytest.approx(1.0)


def test_lifetime_not_a_multiple_of_the_period_spreads_over_periods():
    # 5-year periods 2025, 2030, 2035; fixed lifetime 7 yr; all collected; demand 10 kt/yr.
    # Cohort 2025 (years 2025–29) retires in 2032–36: 3 of its 5 years fall in period 2030, 2 in 2035.
    # Annual EoL: 2030 = 10 × 5 × 3/5 / 5 = 6; 2035 = 2025-cohort 4 + 2030-cohort (2037–39 of 2037–41) 6 = 10.
    # History (2023, 2024) retires in 2030 and 2031: (4 + 6) / 5 = 2 more kt/yr in period 2030.
    run = solve_stocks(stock_records(lifetime=7, collection=1.0, years=(2025,)), start=2025, end=2035, step=5)
    eol = var_values(run.model.v_eol)
    assert ("a", "scrap:eol", 2025) not in eol
    assert eol[("a", "scrap:eol", 2030)] == pytest.approx(6 + 2)
    assert eol[("a", "scrap:eol", 2035)] == pytest.approx(10)


def test_weibull_retirement_probabilities():
    # Shape 1 is the exponential: f(a) = e^{−(a−1)/λ} − e^{−a/λ}; with λ = 2: f(1) = 1 − e^{−0.5}.
    f = retirement_pmf("weibull", 2.0, 1.0, 200)
    assert f[0] == 0 and f[1] == pytest.approx(1 - math.exp(-0.5)) and f[2] == pytest.approx(math.exp(-0.5) - math.exp(-1))
    assert sum(f) == pytest.approx(1.0)
    # EV lifetime of van Nielen (scale 15.5, shape 3.6): mean ≈ 14 yr (ref part 2 §7).
    g = retirement_pmf("weibull", 15.5, 3.6, 100)
    assert sum(a * p for a, p in enumerate(g)) == pytest.approx(14.0, abs=0.6)


def test_bad_lifetime_rows_name_file_row_and_column():
    rec = stock_records()
    rec["sector_lifetimes"][0].update(distribution="weibull", scrap="scrap:nope")
    with pytest.raises(DataError) as err:
        dataset_from_records(rec)
    text = str(err.value)
    assert "sector_lifetimes.csv row 2, column scrap: unknown commodity 'scrap:nope'" in text
    assert "sector_lifetimes.csv row 2, column shape: is required for a weibull lifetime" in text


def test_two_sectors_cannot_share_a_magnet_commodity():
    # served = demand − unmet is known per commodity: two lifetimes on it would count it twice.
    rec = stock_records()
    rec["sector_lifetimes"].append({"sector": "s2", "commodity": "magnet:s", "scrap": "scrap:eol", "distribution": "fixed", "scale": 3})
    with pytest.raises(DataError, match="sector_lifetimes.csv row 3, column commodity: 'magnet:s' already has a lifetime \\(row 2\\)"):
        dataset_from_records(rec)


def test_switch_off_leaves_no_end_of_life_flows():
    # recycling_from_stocks is off by default: the same data builds no v_eol and the short loop has
    # nothing to recycle: every magnet is primary, 4 years × 10 kt × 5 MUSD/kt = 200.
    run = solve(stock_records(recycle=True), end=2028)
    assert not hasattr(run.model, "v_eol") and run.tables["eol_scrap"].empty
    assert run.objective == pytest.approx(200.0)
