"""Explain an infeasible LP: HiGHS's irreducible infeasible subset (IIS), mapped back to the model's rules.

An IIS is a smallest set of constraints and variable bounds that cannot all hold; dropping any
one of them makes the rest feasible. HiGHS computes it from the LP it holds
(`Highs.getIis`, option `iis_strategy` = irreducible). Each row and column of the LP is mapped
back, through the hand-off's index (`solve.LpIndex`), to its Pyomo component, and from the component's
name to the model-file key or data table that made it (`policies.min_share[0]`,
`environment.caps[1]`, `deposits.csv reserves` …), with what the constraint says.

Unmet demand is priced, so demand alone never makes a model infeasible: an IIS always holds a
policy, a cap, a limit or a bound that forces supply the chain cannot give. Routes closed by a
trade ban are not variables at all, so a ban shows only through what it leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import highspy
import pandas as pd

# constraint family → (rule it belongs to, what it says); "{i}" is the rule's position in its list
FAMILIES: dict[str, tuple[str, str]] = {
    "c_share": ("policies.min_share[{i}]", "demand served by the chain ≥ share × demand"),
    "c_clean_balance": ("policies.min_share[{i}]", "chain-made material: production + imports from the chain ≥ use"),
    "c_served": ("policies.min_share[{i}]", "served by the chain ≤ demand − unmet"),
    "c_x": ("policies.min_share[{i}]", "chain activity ≤ activity"),
    "c_y": ("policies.min_share[{i}]", "chain shipments ≤ shipments"),
    "c_stockpile": ("policies.stockpiles[{i}]", "stock ≥ months × annual use"),
    "c_stock_nonneg": ("policies.stockpiles", "stock level ≥ 0"),
    "c_emission_cap": ("environment.caps[{i}]", "emissions ≤ limit"),
    "c_outage": ("disruptions", "activity ≤ kept share of capacity"),
    "c_balance": ("balance", "production − use + imports − exports + unmet − disposal = demand"),
    "c_capacity_use": ("capacity", "activity ≤ availability × capacity"),
    "c_capacity_max": ("deposits.csv max_capacity", "capacity ≤ the deposit's max_capacity"),
    "c_build_limit": ("build_limits.csv", "new capacity ≤ max_new_capacity × years"),
    "c_reserves": ("deposits.csv reserves", "Σ years × extraction ≤ reserves"),
    "c_eol": ("recycling_from_stocks", "end-of-life scrap = lifetime-weighted served demand"),
    "c_build_modules": ("lumpy", "build = module_size × modules"),
    "c_build_min": ("lumpy", "build ≥ min_size × on"),
    "c_build_max": ("lumpy", "build ≤ big-M × on"),
    # variable bounds
    "v_unmet": ("balance", "0 ≤ unmet ≤ demand"),
    "v_build": ("invest / processes.csv buildable", "new capacity (fixed at 0 without investment)"),
    "v_project": ("projects.csv", "announced project ≤ its capacity"),
    "served": ("policies.min_share[{i}]", "served by the chain ≥ 0"),
    "x": ("policies.min_share[{i}]", "chain activity ≥ 0"),
    "y": ("policies.min_share[{i}]", "chain shipments ≥ 0"),
    "v_activity": ("operations", "activity ≥ 0"),
    "v_ship": ("trade", "shipments ≥ 0"),
}
_BLOCK_RULE = re.compile(r"^(min_share)_(\d+)$")
_BOUND = {2: "lower", 3: "upper", 4: "both", 1: "free", 0: "none", -1: "dropped"}


@dataclass
class Explanation:
    """The IIS as a table (one row per LP row or column) and as lines for the console."""

    table: pd.DataFrame
    lines: list[str]


def rule_of(obj: Any) -> tuple[str, str, str]:
    """(family, rule key, meaning) of a Pyomo constraint or variable data object."""
    comp = obj.parent_component()
    family = comp.local_name
    block = comp.parent_block()
    i = None
    match = _BLOCK_RULE.match(block.local_name) if block is not None and block.parent_block() is not None else None
    if match:  # everything in a min_share_<i> block belongs to that rule
        i = match.group(2)
        if family not in FAMILIES:
            return family, f"policies.min_share[{i}]", ""
    elif isinstance(obj.index(), tuple) and obj.index() and isinstance(obj.index()[0], int) and family in ("c_stockpile", "c_emission_cap"):
        i = obj.index()[0]
    rule, meaning = FAMILIES.get(family, (family, ""))
    return family, rule.replace("{i}", str(i)) if i is not None else rule.replace("[{i}]", ""), meaning


def compute_iis(h: highspy.Highs) -> Any | None:
    """HiGHS's irreducible infeasible subset of the LP `h` holds, or None if it finds none."""
    if h.setOptionValue("iis_strategy", int(highspy.IisStrategy.kIisStrategyIrreducible)) != highspy.HighsStatus.kOk:
        return None  # a HiGHS without this strategy: no explanation rather than a wrong one
    status, iis = h.getIis()
    if status == highspy.HighsStatus.kError or not iis.valid_ or not (len(iis.row_index_) or len(iis.col_index_)):
        return None
    return iis


def explain(h: highspy.Highs, columns: list, rows: list) -> Explanation | None:
    """The IIS of the infeasible LP in `h`, each member named by its Pyomo component and model rule
    (`columns[j]`, `rows[i]`: the component of column j and row i, None where the hand-off made it)."""
    iis = compute_iis(h)
    if iis is None:
        return None
    lp = h.getLp()
    table_rows = []
    members = [("constraint", lp.row_names_[i], rows[i], b, lp.row_lower_[i], lp.row_upper_[i]) for i, b in zip(iis.row_index_, iis.row_bound_)]
    members += [("bound", lp.col_names_[j], columns[j], b, lp.col_lower_[j], lp.col_upper_[j]) for j, b in zip(iis.col_index_, iis.col_bound_)]
    for kind, symbol, obj, bound, lower, upper in members:
        if kind == "bound" and int(bound) not in (2, 3, 4):
            continue  # a column whose bounds take no part in the conflict
        name = obj.name if obj is not None else symbol
        family, rule, meaning = rule_of(obj) if obj is not None else ("", "", "")
        side = _BOUND.get(int(bound), str(bound))
        value = lower if side == "lower" else upper if side == "upper" else None
        table_rows.append({"kind": kind, "name": name, "family": family, "rule": rule, "bound": side, "bound_value": value, "meaning": meaning})
    table = pd.DataFrame(table_rows, columns=["kind", "name", "family", "rule", "bound", "bound_value", "meaning"])
    return Explanation(table=table, lines=_lines(table))


def _lines(table: pd.DataFrame) -> list[str]:
    """The rules in conflict, model-file rules first (they are what a user changes); under each,
    its constraint families with what they say, one example and a count."""
    lines = ["infeasible: these rules cannot all hold together (an irreducible infeasible subset found by HiGHS):"]
    order = sorted(set(table["rule"]), key=lambda r: (not r.startswith(("policies", "environment", "disruptions")), r))
    for rule in order:
        lines.append(f"  {rule or '(unnamed)'}")
        part = table[table["rule"] == rule]
        for family, rows in part.groupby("family", sort=False):
            count = f" ({len(rows)} rows)" if len(rows) > 1 else ""
            meaning = rows["meaning"].iloc[0]
            lines.append(f"    {family}: {meaning or rows['kind'].iloc[0]}; e.g. {rows['name'].iloc[0]}{count}")
    return lines
