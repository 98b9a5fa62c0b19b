"""Model files: validation, `extends`, and `--set` overrides."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT
from ree_opt.config import load_config
from ree_opt.data import load_dataset
from ree_opt.errors import ConfigError
from ree_opt.model import prepare


def write(path, text):
    path.write_text(text)
    return path


def test_example_model_loads_with_absolute_dataset_path():
    cfg = load_config(ROOT / "models" / "example.yaml")
    assert cfg.dataset == (ROOT / "data" / "example").resolve()
    assert cfg.periods == [2025, 2030, 2035, 2040, 2045, 2050]


def test_extends_merges_nested_keys_and_set_overrides(tmp_path):
    base = write(tmp_path / "base.yaml", f"name: base\ndataset: {ROOT / 'data' / 'example'}\ndemand_case: base\nsolver: {{time_limit: 10, method: ipm}}\n")
    child = write(tmp_path / "child.yaml", "extends: base.yaml\nname: child\nsolver: {method: simplex}\n")
    cfg = load_config(child, ["horizon.step=1", "horizon.end=2027", "discount_rate=0.07"])
    assert cfg.name == "child"
    assert cfg.solver.time_limit == 10 and cfg.solver.method == "simplex"  # nested merge keeps time_limit
    assert cfg.periods == [2025, 2026, 2027]  # annual periods work
    assert cfg.discount_rate == 0.07
    assert base.exists()


def test_unknown_key_is_an_error(tmp_path):
    path = write(tmp_path / "m.yaml", "name: m\ndataset: .\ndemand_case: base\nhorizn: {start: 2025}\n")
    with pytest.raises(ConfigError, match="horizn: unknown key .not allowed here.; did you mean horizon"):
        load_config(path)


def test_bad_values_and_bad_override(tmp_path):
    path = write(tmp_path / "m.yaml", "name: m\ndataset: .\ndemand_case: base\nhorizon: {start: 2030, end: 2025}\n")
    with pytest.raises(ConfigError, match="horizon.end .2025. is before horizon.start .2030."):
        load_config(path)
    good = write(tmp_path / "g.yaml", "name: g\ndataset: .\ndemand_case: base\n")
    with pytest.raises(ConfigError, match="discount_rate"):
        load_config(good, ["discount_rate=2"])
    with pytest.raises(ConfigError, match="expected key=value"):
        load_config(good, ["discount_rate"])


def test_extends_cycle_and_missing_file(tmp_path):
    write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "extends: a.yaml\n")
    with pytest.raises(ConfigError, match="cycle"):
        load_config(tmp_path / "a.yaml")
    with pytest.raises(ConfigError, match="model file not found"):
        load_config(tmp_path / "nope.yaml")


def test_unknown_demand_case_is_named():
    cfg = load_config(ROOT / "models" / "example.yaml", ["demand_case=boom"])
    with pytest.raises(ConfigError, match="demand_case 'boom' is not in .*demand.csv .cases there: base."):
        prepare(cfg, load_dataset(cfg.dataset))


def test_excluded_groups_tells_a_removal_from_a_ban_for_the_whole_horizon():
    from ree_opt.config import Policies

    def groups(**policies):
        return Policies.model_validate(policies).excluded_groups()

    assert groups() == ([], [])
    assert groups(exclude=["china"]) == (["china"], [])
    assert groups(trade_bans=[{"origin": "china"}]) == ([], ["china"])  # defaults: every destination and commodity
    # a ban limited in years, destinations or commodities leaves some Chinese supply: not an exclusion
    assert groups(trade_bans=[{"origin": "china", "to_year": 2030}]) == ([], [])
    assert groups(trade_bans=[{"origin": "china", "destination": "usa"}]) == ([], [])
    assert groups(trade_bans=[{"origin": "china", "commodities": ["magnet:*"]}]) == ([], [])
