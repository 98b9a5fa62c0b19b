"""Consistency of a model file's years with its horizon and its dataset: warnings, returned.

These are warnings, not errors, because each is a legitimate model that merely does nothing
with the item in question, and the usual way to get there is shortening a model for a quick
look (`--set horizon.end=2030`): a rule from 2035, a project starting in 2035, must not make
that model fail. They are returned (never printed here) so a command prints them once.

- a policy rule or emission cap whose years cover no model period (`policies.min_share[0]`);
- a project whose `start_year` is after the last period: it never comes online;
- existing capacity whose `retire_year` is at or before the first period: it is never online.
"""

from __future__ import annotations

from typing import Iterable

from .config import ModelConfig, YearRange
from .data import ModelData

_RULES = ("trade_bans", "tariffs", "min_share", "stockpiles")


def _rules(cfg: ModelConfig) -> Iterable[tuple[str, YearRange]]:
    for name in _RULES:
        for i, rule in enumerate(getattr(cfg.policies, name)):
            yield f"policies.{name}[{i}]", rule
    for i, cap in enumerate(cfg.environment.caps):
        yield f"environment.caps[{i}]", cap


def horizon_warnings(cfg: ModelConfig, data: ModelData | None = None) -> list[str]:
    """Rules, projects and existing capacity that no model period sees."""
    periods = cfg.periods
    first, last = periods[0], periods[-1]
    out = []
    for key, rule in _rules(cfg):
        if not any(rule.covers(t) for t in periods):
            span = f"{rule.from_year or '…'}–{rule.to_year or '…'}"
            out.append(f"{key}: its years {span} cover no model period ({first}–{last}); the rule does nothing")
    if data is None:
        return out
    origin = data.origin
    projects = data["projects"]
    late = [(f"{origin}/projects.csv row {int(row)}, column start_year: {status} project '{p}' starts in {year}, after the last "
             f"period {last}; it never comes online", f"{p} (row {int(row)}, {year})")
            for p, status, year, row in zip(projects["project"], projects["status"], projects["start_year"], projects["_row"]) if year > last]
    out += _at_most_three(late, f"{origin}/projects.csv: {len(late)} projects start after the last period {last} and never come online")
    cap = data["existing_capacity"]
    gone = [(f"{origin}/existing_capacity.csv row {int(row)}, column retire_year: capacity of '{p}' in '{r}' retires in {year}, by the "
             f"first period {first}; it is never online", f"{p} in {r} (row {int(row)}, {year})")
            for r, p, year, row in zip(cap["region"], cap["process"], cap["retire_year"], cap["_row"]) if year is not None and year <= first]
    out += _at_most_three(gone, f"{origin}/existing_capacity.csv: {len(gone)} capacities retire by the first period {first} and are never online")
    return out


def _at_most_three(found: list[tuple[str, str]], summary: str) -> list[str]:
    """A line per item for up to three; beyond, one line that names the first few (a one-year
    calibration model would otherwise print a line for every later project)."""
    if len(found) <= 3:
        return [line for line, _ in found]
    names = ", ".join(name for _, name in found[:3])
    return [f"{summary}: {names} and {len(found) - 3} more"]
