"""Element prices derived from the balance duals: the didymium price is the 75:25 NdPr oxide blend."""

from __future__ import annotations

import pandas as pd
import pytest

from ree_opt.chemistry_results import element_prices


def test_didymium_price_is_the_75_25_blend_of_nd_and_pr():
    # p_NdPr = 0.75 · 80 + 0.25 · 40 = 70 (Fastmarkets' 75:25 NdPr oxide); metals and magnets are not elements' oxides
    marginal = pd.DataFrame([{"region": "a", "commodity": c, "year": 2030, "value": v, "unit": "USD/kg"}
                             for c, v in (("oxide:nd", 80.0), ("oxide:pr", 40.0), ("metal:nd", 95.0), ("oxide:dy", 300.0))])
    prices = element_prices(marginal).set_index("element")["value"]
    assert prices["ndpr"] == pytest.approx(70.0)
    assert set(prices.index) == {"nd", "pr", "dy", "ndpr"}
