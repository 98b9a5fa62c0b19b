"""Policies applied to data and index sets before the model is built.

`exclude` removes regions (with their supply and demand) from the data; trade bans remove
shipments from the sparse shipment set (so a banned route has no variable at all); tariffs add
a cost per kt on matching shipments. The same ban and matching logic serves disruption
scenarios. Minimum-share and stockpile constraints are a model family (`model/policy.py`).
"""

from __future__ import annotations

from typing import Iterable, Protocol

from .config import ModelConfig
from .data import ModelData
from .errors import ConfigError


def matches_commodity(pattern: str, commodity: str) -> bool:
    """'*' matches all; 'oxide:*' matches every oxide; otherwise an exact name."""
    if pattern == "*":
        return True
    if pattern.endswith(":*"):
        return commodity.startswith(pattern[:-1])
    return pattern == commodity


class RouteRule(Protocol):
    origin: str
    destination: str
    commodities: list[str]

    def covers(self, year: int) -> bool: ...


def matching_shipments(data: ModelData, shipments: Iterable[tuple[str, str, str, int]], rule: RouteRule) -> list[tuple[str, str, str, int]]:
    """Shipments (c, o, d, t) a ban or tariff applies to."""
    origins, dests = set(data.regions_matching(rule.origin)), set(data.regions_matching(rule.destination))
    return [
        (c, o, d, t) for (c, o, d, t) in shipments
        if o in origins and d in dests and rule.covers(t) and any(matches_commodity(p, c) for p in rule.commodities)
    ]


def _check_places(data: ModelData, names: Iterable[str], field: str, allow_star: bool = True) -> None:
    known = set(data.regions) | set(data.groups) | ({"*"} if allow_star else set())
    for name in names:
        if name not in known:
            raise ConfigError(f"{field}: unknown region or group '{name}' (regions: {', '.join(data.regions)}; groups: {', '.join(data.groups)})")


def check_policies(cfg: ModelConfig, data: ModelData) -> None:
    """Every region, group and commodity a policy names must exist in the dataset."""
    pol = cfg.policies
    commodities = set(data["commodities"]["commodity"])
    _check_places(data, pol.exclude, "policies.exclude", allow_star=False)

    def check_commodities(patterns: Iterable[str], field: str) -> None:
        for p in patterns:
            if not any(matches_commodity(p, c) for c in commodities):
                raise ConfigError(f"{field}: '{p}' matches no commodity in {data.origin}/commodities.csv")

    for i, rule in enumerate(list(pol.trade_bans) + list(pol.tariffs)):
        kind = "trade_bans" if i < len(pol.trade_bans) else "tariffs"
        _check_places(data, [rule.origin, rule.destination], f"policies.{kind}")
        check_commodities(rule.commodities, f"policies.{kind}")
    for rule in pol.min_share:
        _check_places(data, [rule.group, *rule.chain_groups], "policies.min_share", allow_star=False)
        check_commodities(rule.commodities, "policies.min_share")
    for rule in pol.stockpiles:
        _check_places(data, [rule.group], "policies.stockpiles", allow_star=False)
        if rule.commodity not in commodities:  # a stock is of one commodity: no patterns
            raise ConfigError(f"policies.stockpiles: '{rule.commodity}' is not a commodity in {data.origin}/commodities.csv (give one exact name)")
    for kind, rules in (("caps", cfg.environment.caps), ("carbon_price", cfg.environment.carbon_price)):
        for i, rule in enumerate(rules):
            _check_places(data, [rule.region], f"environment.{kind}[{i}].region")


def exclude_regions(data: ModelData, names: Iterable[str]) -> ModelData:
    """The dataset without the named regions/groups: their deposits, capacity, projects, demand and routes."""
    gone = {r for name in names for r in data.regions_matching(name)}
    if not gone:
        return data
    if gone >= set(data.regions):
        raise ConfigError("policies.exclude removes every region of the dataset")
    tables = {}
    for name, df in data.tables.items():
        keep = None
        for col in ("region", "origin", "destination"):
            if col in df.columns:
                mask = ~df[col].isin(gone)
                keep = mask if keep is None else keep & mask
        if keep is not None:
            tables[name] = df[keep].reset_index(drop=True)
    return data.with_tables(**tables)
