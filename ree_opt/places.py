"""Matching of places (regions, groups, '*') and commodity patterns, shared by every rule that names them.

A place is a region id, a group id or '*'; a commodity pattern is '*', '<kind>:*' or an exact
name. Trade bans, tariffs, minimum shares, stockpiles, environment rules and disruption events all
name places and commodities this one way, and are checked against the dataset by `check_places`
and `check_commodities` before anything is built.
"""

from __future__ import annotations

from typing import Iterable, Protocol

from .data import ModelData
from .errors import ConfigError


def matches_commodity(pattern: str, commodity: str) -> bool:
    """'*' matches all; 'oxide:*' matches every oxide; otherwise an exact name."""
    if pattern == "*":
        return True
    if pattern.endswith(":*"):
        return commodity.startswith(pattern[:-1])
    return pattern == commodity


def matches_any(patterns: Iterable[str], commodity: str) -> bool:
    return any(matches_commodity(p, commodity) for p in patterns)


class RouteRule(Protocol):
    origin: str
    destination: str
    commodities: list[str]

    def covers(self, year: int) -> bool: ...


def matching_shipments(data: ModelData, shipments: Iterable[tuple[str, str, str, int]], rule: RouteRule) -> list[tuple[str, str, str, int]]:
    """Shipments (c, o, d, t) a ban or tariff applies to."""
    origins, dests = set(data.regions_matching(rule.origin)), set(data.regions_matching(rule.destination))
    return [(c, o, d, t) for (c, o, d, t) in shipments
            if o in origins and d in dests and rule.covers(t) and matches_any(rule.commodities, c)]


def check_places(data: ModelData, names: Iterable[str], field: str, allow_star: bool = True) -> None:
    """Every name is a region, a group (or '*' where allowed) of the dataset."""
    known = set(data.regions) | set(data.groups) | ({"*"} if allow_star else set())
    for name in names:
        if name not in known:
            raise ConfigError(f"{field}: unknown region or group '{name}' (regions: {', '.join(data.regions)}; groups: {', '.join(data.groups)})")


def check_commodities(data: ModelData, patterns: Iterable[str], field: str) -> None:
    """Every pattern matches at least one commodity of the dataset."""
    commodities = set(data["commodities"]["commodity"])
    for p in patterns:
        if not any(matches_commodity(p, c) for c in commodities):
            raise ConfigError(f"{field}: '{p}' matches no commodity in {data.origin}/commodities.csv")
