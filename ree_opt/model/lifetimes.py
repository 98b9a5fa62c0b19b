"""End-of-life coefficients of magnets in use, in plain Python (no Pyomo).

EoL[r,s,t] = coll[r,s,t] · ( Σ_{t' ≤ t} served[r,s,t'] · L_t' · P(t' → t) + hist[r,s,t] ) / L_t

Magnets served in period t' are put in use evenly over its years y' ∈ t'; a magnet put in use
in year y' retires in year y' + a with probability f(a) = F(a) − F(a − 1), F the sector's
lifetime distribution (Weibull F(a) = 1 − exp(−(a/scale)^shape), or `fixed`: every magnet retires
after exactly `scale` years). P(t' → t) = (1/L_t') Σ_{y'∈t'} Σ_{y∈t} f(y − y') is the share of a
cohort of period t' that retires during period t (t' = t counts retirements inside one period).
`hist` is the same sum over historical consumption, years before the horizon. EoL is an annual
rate (kt/yr), so the total retired in t (kt) is divided by L_t. Collection applies in the year
of retirement (the rate of period t). Everything is linear in served = demand − unmet.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

DISTRIBUTIONS = ("weibull", "fixed")


def retirement_pmf(distribution: str, scale: float, shape: float | None, max_age: int) -> list[float]:
    """f(a) for a = 0..max_age: the probability that a magnet retires a years after entering use."""
    if distribution == "fixed":
        n = round(scale)
        return [1.0 if a == n else 0.0 for a in range(max_age + 1)]
    cdf = [1.0 - math.exp(-((a / scale) ** shape)) if a > 0 else 0.0 for a in range(max_age + 1)]
    return [0.0] + [cdf[a] - cdf[a - 1] for a in range(1, max_age + 1)]


@dataclass
class EndOfLife:
    """End-of-life scrap as linear functions of served demand.

    `served_coef[(r, scrap, t)]` lists (magnet commodity, t', coefficient) so that
    EoL[r,scrap,t] = Σ coef · served[r, magnet, t'] + `constant[(r, scrap, t)]` (historical stock).
    """

    served_coef: dict[tuple[str, str, int], list[tuple[str, int, float]]] = field(default_factory=lambda: defaultdict(list))
    constant: dict[tuple[str, str, int], float] = field(default_factory=lambda: defaultdict(float))
    sector_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (scrap, magnet) → sector

    @property
    def keys(self) -> list[tuple[str, str, int]]:
        """(r, scrap, t) where end-of-life scrap can arise."""
        return sorted(k for k in set(self.served_coef) | set(self.constant) if self.served_coef.get(k) or self.constant.get(k, 0.0) > 0)

    @property
    def sources(self) -> set[tuple[str, str]]:
        return {(r, c) for (r, c, _t) in self.keys}


def _interpolate(points: dict[int, float], years: list[int]) -> dict[int, float]:
    xs = sorted(points)
    return dict(zip(years, np.interp(years, xs, [points[x] for x in xs]).tolist()))


def collection_rates(table, regions: list[str], sectors: list[str], years: list[int]) -> dict[tuple[str, str, int], float]:
    """coll[r,s,y], linearly interpolated between listed years and held flat outside; a region row beats '*'; missing = 0."""
    out: dict[tuple[str, str, int], float] = {}
    for s in sectors:
        part = table[table["sector"] == s]
        for r in regions:
            rows = part[part["region"] == r]
            if rows.empty:
                rows = part[part["region"] == "*"]
            if rows.empty:
                continue
            for y, v in _interpolate(dict(zip(rows["year"], rows["rate"])), years).items():
                out[(r, s, y)] = v
    return out


def end_of_life(data, periods: list[int], length: dict[int, int], demand: dict[tuple[str, str, int], float],
                all_retiring: bool = False) -> EndOfLife:
    """The end-of-life coefficients for every sector with a lifetime in `sector_lifetimes`.

    With `all_retiring` every retiring magnet counts (rate 1, not collection_rates.csv): the flow
    that collection tiers (`model.collection`) draw on."""
    eol = EndOfLife()
    lifetimes = data["sector_lifetimes"]
    if lifetimes.empty:
        return eol
    first, last_year = periods[0], periods[-1] + length[periods[-1]] - 1
    hist = data["historical_consumption"]
    hist_years = [int(y) for y in hist["year"]] if not hist.empty else []
    earliest = min(hist_years + [first])
    max_age = last_year - earliest
    sectors = list(lifetimes["sector"])
    coll = {} if all_retiring else collection_rates(data["collection_rates"], data.regions, sectors, list(range(first, last_year + 1)))

    def rate(r: str, sector: str, y: int) -> float:
        return 1.0 if all_retiring else coll.get((r, sector, y), 0.0)
    years_of = {t: list(range(t, t + length[t])) for t in periods}
    period_of = {y: t for t in periods for y in years_of[t]}

    for row in lifetimes.to_dict("records"):
        sector, magnet, scrap = row["sector"], row["commodity"] or f"magnet:{row['sector']}", row["scrap"]
        eol.sector_of[(scrap, magnet)] = sector
        f = retirement_pmf(row["distribution"], row["scale"], row["shape"], max_age)
        # model cohorts: served[r, magnet, t'] kt/yr in every year of t'
        served_regions = sorted({r for (r, c, _t) in demand if c == magnet})
        for r in served_regions:
            for tp in periods:
                if (r, magnet, tp) not in demand:
                    continue
                retired: dict[int, float] = defaultdict(float)
                for yp in years_of[tp]:
                    for y in range(yp, last_year + 1):
                        if f[y - yp] > 0:
                            retired[period_of[y]] += f[y - yp] * rate(r, sector, y)
                for t, total in retired.items():
                    if total > 0:
                        eol.served_coef[(r, scrap, t)].append((magnet, tp, total / length[t]))
        # historical cohorts: consumption in years before the horizon, interpolated between listed years
        part = hist[(hist["sector"] == sector) & (hist["year"] < first)] if not hist.empty else hist
        for r, rows in part.groupby("region") if not part.empty else []:
            points = dict(zip(rows["year"], rows["value"]))
            inflow = _interpolate(points, list(range(min(points), first)))
            for yp, q in inflow.items():
                for y in range(first, last_year + 1):
                    if f[y - yp] > 0 and q > 0:
                        eol.constant[(r, scrap, period_of[y])] += q * f[y - yp] * rate(r, sector, y) / length[period_of[y]]
    return eol
