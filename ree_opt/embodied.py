"""Embodied footprint of each commodity by region in a solved period (post-solve, plain Python).

    x[r,c] = Σ_{k,m} s[k,m,c] · ( γ[r,k,m]·act[r,k,m] + Σ_i u[k,m,i]·act[r,k,m] · p[r,i] ) / prod[r,c]
    p[r,c] = ( prod[r,c]·x[r,c] + Σ_o imp[o→r,c]·x[o,c] ) / ( prod[r,c] + Σ_o imp[o→r,c] )

x is the footprint per kt of c made in r (cradle to gate, along the chain the solution actually
uses), p the footprint per kt of the pool of c that r consumes (own output and imports). u are the
input coefficients (−a[k,m,i] for a < 0), s the mass share of c in the outputs of (k, m) other than
burden-free ones: scrap and other commodities in `burden_free` enter the next process burden-free
(the cut-off rule for recycled content), so recycling loops carry no burden round and the system is
acyclic. Re-exports are not modelled (exports leave from own output), so imports carry the
exporter's x. A commodity neither made nor imported in r (end-of-life scrap from stocks) has p = 0.

The fixed point is reached by repeated substitution: each pass settles one more stage of the chain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

Key = tuple[str, str]  # (region, commodity)


def _production(activity, io, burden_free):
    """prod[r,c] and, per unit-mode, the mass shares of its burdened outputs."""
    prod: dict[Key, float] = defaultdict(float)
    shares: dict[tuple[str, str], dict[str, float]] = {}
    for (r, k, m), act in activity.items():
        outputs = {c: a for c, a in io.get((k, m), {}).items() if a > 0 and c not in burden_free}
        total = sum(outputs.values())
        shares[(k, m)] = {c: a / total for c, a in outputs.items()} if total > 0 else {}
        for c, a in outputs.items():
            prod[(r, c)] += a * act
    return dict(prod), shares


def embodied(
    activity: Mapping[tuple[str, str, str], float],
    gamma: Mapping[tuple[str, str, str], float],
    io: Mapping[tuple[str, str], Mapping[str, float]],
    imports: Mapping[tuple[str, str, str], float],
    burden_free: set[str] = frozenset(),
    passes: int = 50,
) -> tuple[dict[Key, float], dict[Key, float]]:
    """(x, p): footprint per kt of each commodity made in r, and of r's consumption pool.

    activity[(r,k,m)] and imports[(c, origin, destination)] are in kt/yr of one period;
    gamma[(r,k,m)] is the footprint per kt of activity (e.g. t CO2e/t).
    """
    activity = {key: v for key, v in activity.items() if v > 1e-12}
    prod, shares = _production(activity, io, burden_free)
    inflow: dict[Key, list[tuple[str, float]]] = defaultdict(list)
    for (c, o, d), q in imports.items():
        if q > 1e-12 and o != d:
            inflow[(d, c)].append((o, q))
    x: dict[Key, float] = {}
    p: dict[Key, float] = {}
    for _ in range(passes):
        burden: dict[Key, float] = defaultdict(float)
        for (r, k, m), act in activity.items():
            upstream = sum(-a * act * p.get((r, i), 0.0) for i, a in io.get((k, m), {}).items() if a < 0)
            total = gamma.get((r, k, m), 0.0) * act + upstream
            for c, share in shares[(k, m)].items():
                burden[(r, c)] += share * total
        new_x = {key: burden[key] / q for key, q in prod.items() if q > 0}
        new_p = {}
        for key in set(prod) | set(inflow):
            own = prod.get(key, 0.0)
            qty = own + sum(q for _o, q in inflow.get(key, []))
            load = own * new_x.get(key, 0.0) + sum(q * new_x.get((o, key[1]), 0.0) for o, q in inflow.get(key, []))
            new_p[key] = load / qty if qty > 0 else 0.0
        if new_x == x and new_p == p:
            break
        x, p = new_x, new_p
    return x, p


def reference_intensity(
    units: Mapping[str, list[str]],
    modes: Mapping[str, list[str]],
    io: Mapping[tuple[str, str], Mapping[str, float]],
    gamma: Mapping[tuple[str, str, str], float],
    burden_free: set[str] = frozenset(),
    weights: Mapping[tuple[str, str], float] | None = None,
    passes: int = 50,
) -> dict[Key, float]:
    """β[r,c]: a region's average footprint per kt of c, known before solving (for a border charge).

        β[r,c] = Σ_{(k,m) in r making c} w[r,k,m] ( γ[r,k,m] + Σ_i u[k,m,i] · β*[r,i] ) / Σ_{c'} a[k,m,c']

    over the burdened outputs c' of (k, m); β*[r,i] = β[r,i] where r makes i, else the mean of β[·,i]
    over the regions that do. w: the units' `weights[(r, k)]` (e.g. base-year capacity) where any unit
    of r making c has one, else equal, split equally over a unit's modes. Approximations: a fixed mix
    (the solved mix is unknown before solving, and using it would make a charge on shipments
    bilinear), inputs from the region's own chain where it has one. `units[r]` lists the processes
    and deposits of region r.
    """
    weights = weights or {}
    makers: dict[Key, list[tuple[str, str]]] = defaultdict(list)
    for r, ks in units.items():
        for k in ks:
            for m in modes.get(k, ["default"]):
                for c, a in io.get((k, m), {}).items():
                    if a > 0 and c not in burden_free:
                        makers[(r, c)].append((k, m))
    beta: dict[Key, float] = {}
    for _ in range(passes):
        by_c: dict[str, list[float]] = defaultdict(list)
        for (_r, c), v in beta.items():
            by_c[c].append(v)
        world = {c: sum(vs) / len(vs) for c, vs in by_c.items()}
        new: dict[Key, float] = {}
        for (r, c), kms in makers.items():
            w = {km: weights.get((r, km[0]), 0.0) / len(modes.get(km[0], ["default"])) for km in kms}
            if sum(w.values()) <= 0:
                w = dict.fromkeys(kms, 1.0)
            total = 0.0
            for k, m in kms:
                coefs = io[(k, m)]
                out = sum(a for c2, a in coefs.items() if a > 0 and c2 not in burden_free)
                upstream = sum(-a * beta.get((r, i), world.get(i, 0.0)) for i, a in coefs.items() if a < 0)
                total += w[(k, m)] * (gamma.get((r, k, m), 0.0) + upstream) / out
            new[(r, c)] = total / sum(w.values())
        if new == beta:
            break
        beta = new
    return beta
