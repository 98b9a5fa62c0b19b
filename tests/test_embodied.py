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
