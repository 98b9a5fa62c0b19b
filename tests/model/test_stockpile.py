from __future__ import annotations
import pytest
from tests.helpers import one_mine_records, solve
from ree_opt.config import config_from_raw
from ree_opt.data import dataset_from_records
from ree_opt.errors import ConfigError
from ree_opt.model import prepare
from tests.helpers import tiny_config
from tests.helpers import two_regions


def test_stockpile_target():
    # One region, demand 10 kt/yr, one 1-year period; hold 6 months of annual use (demand 10 →
    # 5 kt) in stock: mine 15 (15 × 1 = 15) and pay holding 0.5 MUSD/kt/yr on 5 kt (2.5). Total 17.5.
    rec = one_mine_records(var_cost=1.0, existing=20.0, demand=10.0)
    run = solve(rec, policies={"stockpiles": [{"group": "a", "commodity": "ore:f", "months": 6, "holding_cost": 0.5}]})
    assert run.objective == pytest.approx(17.5)
    assert run.model.e_stock_level["a", "ore:f", 2025]() == pytest.approx(5.0)


def test_stockpile_needs_one_exact_commodity():
    data = dataset_from_records(two_regions())
    cfg = config_from_raw(tiny_config(policies={"stockpiles": [{"group": "b", "commodity": "ore:*", "months": 3}]}))
    with pytest.raises(ConfigError, match="give one exact name"):
        prepare(cfg, data)
