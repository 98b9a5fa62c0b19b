"""Embodied footprint per kt of each commodity by region (ree_opt.embodied), derived by hand."""

from __future__ import annotations

import pytest

from ree_opt.embodied import embodied

IO = {
    ("pit", "default"): {"ore": 1.0},
    ("sep", "f"): {"ore": -1.0, "nd": 0.2, "la": 0.7},
    ("metal", "nd"): {"nd": -1.2, "nd_metal": 1.0},
    ("magnet", "ev"): {"nd_metal": -0.4, "magnet": 1.0, "swarf": 0.3},
    ("recycle", "ev"): {"swarf": -1.0, "nd": 0.25},
}
GAMMA = {("a", "pit", "default"): 2.0, ("a", "sep", "f"): 9.0, ("b", "metal", "nd"): 3.0, ("b", "magnet", "ev"): 1.0,
         ("b", "recycle", "ev"): 4.0, ("b", "sep", "f"): 0.0}


def test_chain_through_trade():
    # a mines 10 ore at 2 t/t and separates it at 9 t/t: (9·10 + 2·10)/(0.2·10 + 0.7·10) = 110/9 per kt of Nd or La oxide
    # (mass allocation). b imports 2 kt Nd oxide, makes 5/3 kt metal at 3 t/t: (3·5/3 + 2·110/9)/(5/3) = 17.667 per kt;
    # 4 kt magnets at 1 t/t use 1.6 kt metal: (4 + 1.6·17.667)/4 = 8.0667 per kt magnet. Swarf is burden-free.
    act = {("a", "pit", "default"): 10.0, ("a", "sep", "f"): 10.0, ("b", "metal", "nd"): 5 / 3, ("b", "magnet", "ev"): 4.0}
    x, p = embodied(act, GAMMA, IO, {("nd", "a", "b"): 2.0}, burden_free={"swarf"})
    assert x[("a", "nd")] == pytest.approx(110 / 9) == x[("a", "la")]
    assert p[("b", "nd")] == pytest.approx(110 / 9)  # b makes no oxide: its pool is the import
    assert x[("b", "nd_metal")] == pytest.approx((5 + 2 * 110 / 9) / (5 / 3))
    assert x[("b", "magnet")] == pytest.approx((4 + 1.6 * (5 + 2 * 110 / 9) / (5 / 3)) / 4)
    assert ("b", "swarf") not in x


def test_pool_mixes_own_output_and_imports_and_recycling_is_cut_off():
    # b recycles 4 kt swarf at 4 t/t into 1 kt Nd oxide (swarf burden-free): x = 16 per kt; it imports 3 kt at 110/9:
    # pool = (1·16 + 3·110/9)/4 = (16 + 36.667)/4 = 13.1667
    act = {("a", "pit", "default"): 10.0, ("a", "sep", "f"): 10.0, ("b", "recycle", "ev"): 4.0}
    x, p = embodied(act, GAMMA, IO, {("nd", "a", "b"): 3.0}, burden_free={"swarf"})
    assert x[("b", "nd")] == pytest.approx(16.0)
    assert p[("b", "nd")] == pytest.approx((16 + 3 * 110 / 9) / 4)


def test_reference_intensity_uses_own_chain_or_the_world_mean():
    from ree_opt.embodied import reference_intensity

    units = {"a": ["pit", "sep"], "b": ["metal", "magnet", "sep"]}
    modes = {"pit": ["default"], "sep": ["f"], "metal": ["nd"], "magnet": ["ev"]}
    gamma = {("a", "pit", "default"): 2.0, ("a", "sep", "f"): 9.0, ("b", "sep", "f"): 4.5, ("b", "metal", "nd"): 3.0,
             ("b", "magnet", "ev"): 1.0}
    beta = reference_intensity(units, modes, IO, gamma, burden_free={"swarf"})
    # a: ore 2; oxide (9 + 1·2)/0.9 = 12.222 (Nd and La alike)
    assert beta[("a", "ore")] == 2.0 and beta[("a", "nd")] == pytest.approx(11 / 0.9)
    # b has no mine: its ore is the world mean (a's 2): oxide (4.5 + 2)/0.9 = 7.222; metal 3 + 1.2·7.222 = 11.667
    assert beta[("b", "nd")] == pytest.approx(6.5 / 0.9)
    assert beta[("b", "nd_metal")] == pytest.approx(3 + 1.2 * 6.5 / 0.9)
    # magnet: 1 + 0.4·11.667 per kt magnet (swarf burden-free, so the whole burden sits on the magnet)
    assert beta[("b", "magnet")] == pytest.approx(1 + 0.4 * (3 + 1.2 * 6.5 / 0.9))


def test_reference_intensity_weights_units_by_capacity():
    from ree_opt.embodied import reference_intensity

    # region b makes Nd oxide by separation (4.5 t/t, world-mean ore 2 → 6.5/0.9 = 7.222) and by recycling burden-free
    # swarf (4/0.25 = 16 per kt). Capacities 3 and 1: β = (3·7.222 + 1·16)/4 = 9.417; unweighted: (7.222 + 16)/2 = 11.611
    units = {"a": ["pit"], "b": ["sep", "recycle"]}
    modes = {"pit": ["default"], "sep": ["f"], "recycle": ["ev"]}
    gamma = {("a", "pit", "default"): 2.0, ("b", "sep", "f"): 4.5, ("b", "recycle", "ev"): 4.0}
    weighted = reference_intensity(units, modes, IO, gamma, {"swarf"}, weights={("b", "sep"): 3.0, ("b", "recycle"): 1.0})
    equal = reference_intensity(units, modes, IO, gamma, {"swarf"})
    assert weighted[("b", "nd")] == pytest.approx((3 * 6.5 / 0.9 + 16) / 4)
    assert equal[("b", "nd")] == pytest.approx((6.5 / 0.9 + 16) / 2)
