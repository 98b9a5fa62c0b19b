"""Recipe choice: a mode takes interchangeable inputs within blend bounds; modes may cost more.

Σ_{c∈g} w_c·x[r,k,m,c,t] = R[k,m,g]·act[r,k,m,t],   R[k,m,g] = Σ_{c∈g} w_c·(−a[k,m,c]);
lo_c·Σ_{c'∈g} x[r,k,m,c',t] ≤ x[r,k,m,c,t] ≤ hi_c·Σ_{c'∈g} x[r,k,m,c',t];   cost += extra[k,m]·act

The blend x replaces the recipe's fixed inputs of the group in the commodity balance: the recipe
term a·act that `operations` registers for c ∈ g is cancelled here (−a·act), so operations knows
nothing of blends and the recipe in process_io stays one feasible blend (the loader checks it).
With weights 1 (Nd and Pr) the group's mass is kept; with weights ≠ 1 (Tb = 1.9 Dy-equivalent) the
requirement is kept instead. An output that carries an input (`carried_by`: the swarf of a metal)
follows the blend: + f·x[r,k,m,c,t] + f·a[k,m,c]·act in the carrier's balance, where
f = a[k,m,carrier] / Σ_c (−a[k,m,c]) over the inputs it carries (process_io), so the swarf holds what
the blend put in. `extra[k,m]` (mode_costs.csv) lets one capacity run a dearer mode
(grain-boundary diffusion) without a separate process. Creates v_blend, c_blend_level,
c_blend_min, c_blend_max; adds to the cost component `variable`. Reports recipe_shares.csv
(world blend by process, mode, group, commodity and year), recipe_modes.csv (share of each
output made by each mode) and the blend's difference to the recipe in flows.csv (mode `<m>:blend`),
for the inputs and for the outputs that carry them.
Adds nothing when blends.csv and mode_costs.csv are empty.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from ..lazy import pyo

from .core import Core, no_checks
from .registry import Registry
from .values import TOL, frame, val


@dataclass(frozen=True)
class Member:
    commodity: str
    weight: float
    lo: float
    hi: float
    recipe: float  # −a[k,m,c] ≥ 0: what the recipe takes per unit of activity
    carrier: str = ""  # an output of the mode that carries this input (its swarf), or ""
    carry: float = 0.0  # f = a[k,m,carrier] / Σ recipe of the inputs it carries: carrier out per kt in


@dataclass(frozen=True)
class BlendPrep:
    core: Core
    groups: dict[tuple[str, str], dict[str, tuple[Member, ...]]]  # (k, m) → group → members
    extra_cost: dict[tuple[str, str], float]  # (k, m) → MUSD/kt on top of the unit's var_cost
    BLEND: tuple[tuple[str, str, str, str, int], ...]  # (r, k, m, c, t)

    def level(self, k: str, m: str, g: str) -> float:
        return sum(x.weight * x.recipe for x in self.groups[(k, m)][g])

    def member(self, k: str, m: str, c: str) -> tuple[str, Member]:
        """(group, member) of input c in mode (k, m)."""
        return next((g, x) for g, xs in self.groups[(k, m)].items() for x in xs if x.commodity == c)


check = no_checks


def prepare(core: Core, cfg, data) -> BlendPrep:
    groups: dict[tuple[str, str], dict[str, list[Member]]] = defaultdict(lambda: defaultdict(list))
    carried: dict[tuple[str, str, str], float] = defaultdict(float)  # (k, m, carrier) → Σ recipe of what it carries
    rows = [(row, m) for row in data["blends"].to_dict("records")
            for m in (core.modes.get(row["process"], []) if row["mode"] == "*" else [row["mode"]])]
    for row, m in rows:
        if row["carried_by"]:
            carried[(row["process"], m, row["carried_by"])] += -core.io.get((row["process"], m), {}).get(row["commodity"], 0.0)
    for row, m in rows:
        k, io = row["process"], core.io.get((row["process"], m), {})
        carry = io.get(row["carried_by"], 0.0) / carried[(k, m, row["carried_by"])] if row["carried_by"] else 0.0
        groups[(k, m)][row["group"]].append(Member(row["commodity"], row["weight"], row["min_share"], row["max_share"],
                                                   -io.get(row["commodity"], 0.0), row["carried_by"], carry))
    extra = {(row["process"], row["mode"]): row["extra_cost"] for row in data["mode_costs"].to_dict("records")}
    frozen = {km: {g: tuple(ms) for g, ms in gs.items()} for km, gs in groups.items()}
    keys = tuple((r, k, m, x.commodity, t) for (r, k, m, t) in core.ACTIVITY if (k, m) in frozen
                 for g in frozen[(k, m)].values() for x in g)
    return BlendPrep(core=core, groups=frozen, extra_cost=extra, BLEND=keys)


def build(m: pyo.ConcreteModel, prep: BlendPrep, reg: Registry) -> None:
    s = prep.core
    for (r, k, mode, t) in s.ACTIVITY:
        if prep.extra_cost.get((k, mode)):
            reg.cost("variable", prep.extra_cost[(k, mode)] * s.weight[t], reg.activity[r, k, mode, t])
    if not prep.BLEND:
        return
    m.v_blend = pyo.Var(prep.BLEND, domain=pyo.NonNegativeReals, doc="blended input of a mode, kt/yr")
    rows = [(r, k, mode, g, t) for (r, k, mode, t) in s.ACTIVITY if (k, mode) in prep.groups for g in prep.groups[(k, mode)]]
    for (r, k, mode, g, t) in rows:
        act = reg.activity[r, k, mode, t]
        for x in prep.groups[(k, mode)][g]:
            v = m.v_blend[r, k, mode, x.commodity, t]
            if x.recipe:
                reg.balance[(r, x.commodity, t)].append((x.recipe, act))  # cancels operations' a·act
            reg.balance[(r, x.commodity, t)].append((-1.0, v))
            if x.carry:  # the carrier follows the blend: add f·x, cancel the f·recipe·act share of operations' a·act
                reg.balance[(r, x.carrier, t)].append((x.carry, v))
                if x.recipe:
                    reg.balance[(r, x.carrier, t)].append((-x.carry * x.recipe, act))

    def members(r, k, mode, g, t):
        return [(x, m.v_blend[r, k, mode, x.commodity, t]) for x in prep.groups[(k, mode)][g]]

    m.c_blend_level = pyo.Constraint(rows, rule=lambda m, r, k, mode, g, t: pyo.quicksum(
        x.weight * v for x, v in members(r, k, mode, g, t)) == prep.level(k, mode, g) * reg.activity[r, k, mode, t])
    bounded = [(r, k, mode, g, x.commodity, t) for (r, k, mode, g, t) in rows for x in prep.groups[(k, mode)][g]]
    share = {(k, mode, x.commodity): x for (k, mode), gs in prep.groups.items() for xs in gs.values() for x in xs}

    def total(r, k, mode, g, t):
        return pyo.quicksum(v for _x, v in members(r, k, mode, g, t))

    m.c_blend_min = pyo.Constraint([b for b in bounded if share[(b[1], b[2], b[4])].lo > 0], rule=lambda m, r, k, mode, g, c, t:
                                   m.v_blend[r, k, mode, c, t] >= share[(k, mode, c)].lo * total(r, k, mode, g, t))
    m.c_blend_max = pyo.Constraint([b for b in bounded if share[(b[1], b[2], b[4])].hi < 1], rule=lambda m, r, k, mode, g, c, t:
                                   m.v_blend[r, k, mode, c, t] <= share[(k, mode, c)].hi * total(r, k, mode, g, t))


FLOW_COLUMNS = ["region", "process", "mode", "commodity", "year", "value", "unit"]


def report(m: pyo.ConcreteModel, prep: BlendPrep, reg: Registry) -> dict[str, pd.DataFrame]:
    """recipe_shares.csv, recipe_modes.csv and the blend's difference to the recipe in flows.csv."""
    shares = []
    world: dict[tuple[str, str, str, str, int], float] = defaultdict(float)
    diffs: dict[tuple[str, str, str, str, int], float] = defaultdict(float)  # blend − recipe, flow signs
    for (r, k, mode, c, t) in prep.BLEND:
        x = val(m.v_blend[r, k, mode, c, t])
        g, y = prep.member(k, mode, c)
        world[(k, mode, g, c, t)] += x
        more = x - y.recipe * val(reg.activity[r, k, mode, t])  # input taken beyond the recipe
        diffs[(r, k, mode, c, t)] -= more
        if y.carry:
            diffs[(r, k, mode, y.carrier, t)] += y.carry * more
    flows = [{"region": r, "process": k, "mode": f"{mode}:blend", "commodity": c, "year": t, "value": d, "unit": "kt/yr"}
             for (r, k, mode, c, t), d in diffs.items() if abs(d) > TOL]
    group_total: dict[tuple, float] = defaultdict(float)
    for (k, mode, g, _c, t), x in world.items():
        group_total[(k, mode, g, t)] += x
    for (k, mode, g, c, t), x in sorted(world.items()):
        tot = group_total[(k, mode, g, t)]
        if tot > TOL:
            shares.append({"process": k, "mode": mode, "group": g, "commodity": c, "year": t, "value": x, "share": x / tot, "unit": "kt/yr"})
    out = {"recipe_shares": frame(shares, ["process", "mode", "group", "commodity", "year", "value", "share", "unit"]),
           "recipe_modes": recipe_modes(prep, reg)}
    if flows:
        out["flows"] = frame(flows, FLOW_COLUMNS)
    return out


def recipe_modes(prep: BlendPrep, reg: Registry) -> pd.DataFrame:
    """World output of each commodity a blended process makes, by mode and year, and its share."""
    s, made = prep.core, defaultdict(float)
    blended = {k for (k, _m) in prep.groups} | {k for (k, _m) in prep.extra_cost}
    for (r, k, mode, t) in s.ACTIVITY:
        if k in blended:
            for c, a in s.io.get((k, mode), {}).items():
                if a > 0 and not c.startswith("scrap:"):
                    made[(k, c, mode, t)] += a * val(reg.activity[r, k, mode, t])
    totals: dict[tuple, float] = defaultdict(float)
    for (k, c, _mode, t), v in made.items():
        totals[(k, c, t)] += v
    rows = [{"process": k, "commodity": c, "mode": mode, "year": t, "value": v, "share": v / totals[(k, c, t)], "unit": "kt/yr"}
            for (k, c, mode, t), v in sorted(made.items()) if totals[(k, c, t)] > TOL]
    return frame(rows, ["process", "commodity", "mode", "year", "value", "share", "unit"])
