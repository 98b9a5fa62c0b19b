"""Horizon schedules: periods and the years each stands for (L_t), derived by hand."""

import pytest

from ree_opt.config import Horizon


def test_uniform_step_keeps_its_meaning():
    h = Horizon(start=2025, end=2050, step=5)
    assert h.periods == [2025, 2030, 2035, 2040, 2045, 2050]
    assert set(h.lengths.values()) == {5}  # the last period (2050) stands for 2050-2054, as before


def test_annual_then_five_yearly_schedule():
    # {2025: 1, 2030: 5}: starts 2025..2029 one year apart; from 2030 the step is 5 -> 2030, 2035, 2040
    h = Horizon(start=2025, end=2040, step={2025: 1, 2030: 5})
    assert h.periods == [2025, 2026, 2027, 2028, 2029, 2030, 2035, 2040]
    assert h.lengths == {2025: 1, 2026: 1, 2027: 1, 2028: 1, 2029: 1, 2030: 5, 2035: 5, 2040: 5}
    # the periods cover 2025-2044 without gap or overlap: 5 x 1 + 3 x 5 = 20 years
    assert sum(h.lengths.values()) == 20


def test_explicit_years_take_their_gaps():
    h = Horizon(years=[2024, 2025, 2027, 2030])
    assert (h.start, h.end) == (2024, 2030)
    assert h.lengths == {2024: 1, 2025: 2, 2027: 3, 2030: 3}  # the last period repeats the last gap


@pytest.mark.parametrize("kwargs, message", [
    (dict(years=[2030, 2025]), "must increase"),
    (dict(start=2025, step={2026: 1}), "after horizon.start"),
    (dict(start=2025, step={2025: 0}), "1-50"),
])
def test_bad_schedules_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Horizon(**kwargs)


# --- invest options (pipeline mode) ------------------------------------------------------------------

def test_invest_true_and_false_keep_their_meaning():
    from ree_opt.config import Invest, ModelConfig

    assert ModelConfig(name="a", dataset=".", demand_case="x", invest=True).invest_options == Invest()
    off = ModelConfig(name="a", dataset=".", demand_case="x", invest=False).invest_options
    assert (off.generic, off.projects) == ((), "none")


def test_invest_options_name_known_stages_only():
    from ree_opt.config import ModelConfig

    cfg = ModelConfig(name="a", dataset=".", demand_case="x", invest={"generic": ["metal", "magnet"], "projects": "committed"})
    assert (cfg.invest_options.generic, cfg.invest_options.projects) == (("metal", "magnet"), "committed")
    with pytest.raises(ValueError, match="unknown stage"):
        ModelConfig(name="a", dataset=".", demand_case="x", invest={"generic": ["smelting"]})
