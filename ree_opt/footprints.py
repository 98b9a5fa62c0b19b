"""Footprints per unit of activity from their causes (issue 16), in plain Python (no Pyomo).

    γ[r,k,m,t,co2e] = Σ_c E[k,m,c] · I[r,c,t] / 1000 + D[k,m,co2e]          (t CO2e per t of activity)
    γ[r,k,m,t,q]    = D[k,m,q]                    for q ≠ co2e (route rows)
    γ[r,k,f,t,thorium] = Th[f] / 1000             for a separation process k on feed f (t Th per t REO)
    I[r,c,t] = (1/L_t) Σ_{y ∈ t} interp(y)         carrier intensity averaged over the years of period t

E (energy_use.csv: electricity MWh/t, heat and diesel GJ/t), I (carrier_intensity.csv: g CO2e/kWh =
kg/MWh, kg CO2/GJ), D (route_emissions.csv), Th (feed_radionuclides.csv: kg Th per t REO). interp is
linear between a region's listed years and flat outside them; a region's own rows beat '*'. With
`hold_flat`, every year takes the carrier's value in `base_year` (a grid that does not decarbonise).

Look-up for unit k (a process, or a deposit whose mining process is its template) in mode m, per
carrier or pollutant: (k, m) beats (k, '*') beats (template, m) beats (template, '*'). A (process, pollutant) with neither energy nor
route rows falls back to process_emissions.csv (region's own row beats '*'), as before issue 16:
recycling keeps its studies' totals there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np

from .data import ModelData

KG_PER_T = 1000.0  # energy × intensity is in kg per t of activity; γ is in t/t (= kt/kt)


def _keys(k: str, m: str, template: Mapping[str, str]) -> list[tuple[str, str]]:
    keys = [(k, m), (k, "*")]
    if k in template:
        keys += [(template[k], m), (template[k], "*")]
    return keys


def _first(table: Mapping[tuple[str, str], dict], k: str, m: str, template: Mapping[str, str]) -> dict:
    """Per item (carrier or pollutant), the most specific row for unit k in mode m ({} if none)."""
    out: dict = {}
    for key in reversed(_keys(k, m, template)):
        out.update(table.get(key, {}))
    return out


class CarrierIntensity:
    """I[r, c, year] by linear interpolation of carrier_intensity.csv; region rows beat '*'."""

    def __init__(self, data: ModelData, hold_flat: bool = False, base_year: int = 2025) -> None:
        points: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
        df = data["carrier_intensity"]
        for r, c, y, v in zip(df["region"], df["carrier"], df["year"], df["value"]):
            points[(r, c)].append((int(y), float(v)))
        self.points = {key: sorted(p) for key, p in points.items()}
        self.hold_flat, self.base_year = hold_flat, base_year

    def __call__(self, r: str, c: str, year: int) -> float:
        pts = self.points.get((r, c)) or self.points.get(("*", c))
        if not pts:
            return 0.0
        y = self.base_year if self.hold_flat else year
        return float(np.interp(y, [p[0] for p in pts], [p[1] for p in pts]))

    def period(self, r: str, c: str, years: Iterable[int]) -> float:
        ys = list(years)
        return sum(self(r, c, y) for y in ys) / len(ys)


def _energy(data: ModelData) -> dict[tuple[str, str], dict[str, float]]:
    out: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    df = data["energy_use"]
    for k, m, c, v in zip(df["process"], df["mode"], df["carrier"], df["value"]):
        out[(k, m or "*")][c] = float(v)
    return dict(out)


def _routes(data: ModelData) -> tuple[dict[tuple[str, str], dict[str, float]], set[tuple[str, str]]]:
    """Route rows by (unit, mode), and the (process, pollutant) pairs they cover."""
    out: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    covered: set[tuple[str, str]] = set()
    df = data["route_emissions"]
    for k, m, q, v in zip(df["process"], df["mode"], df["pollutant"], df["value"]):
        out[(k, m or "*")][q] = float(v)
        covered.add((k, q))
    return dict(out), covered


def _legacy(data: ModelData) -> dict[tuple[str, str, str], float]:
    df = data["process_emissions"]
    return {(k, r, q): float(v) for k, r, q, v in zip(df["process"], df["region"], df["pollutant"], df["intensity"])}


def footprints(
    data: ModelData,
    units: Iterable[tuple[str, str]],
    modes: Mapping[str, list[str]],
    years: Mapping[int, list[int]],
    hold_flat: bool = False,
) -> dict[tuple[str, str, str, int], dict[str, float]]:
    """γ[(r, k, m, t)][q] > 0 for every unit (r, k), mode m of k and period t (years[t] = its years)."""
    template = dict(zip(data["deposits"]["deposit"], data["deposits"]["process"]))
    energy, (routes, covered), legacy = _energy(data), _routes(data), _legacy(data)
    with_energy = {k for (k, _m) in energy}
    thorium = dict(zip(data["feed_radionuclides"]["feed"], data["feed_radionuclides"]["thorium"]))
    separation = set(data["separation"]["process"])
    first_year = min(y for ys in years.values() for y in ys)
    intensity = CarrierIntensity(data, hold_flat=hold_flat, base_year=first_year)
    legacy_q = sorted({q for (_k, _r, q) in legacy})
    out: dict[tuple[str, str, str, int], dict[str, float]] = {}
    for r, k in units:
        base = template.get(k, k)
        for m in modes.get(k, ["default"]):
            e = _first(energy, k, m, template)
            route = _first(routes, k, m, template)
            fixed = {q: v for q, v in route.items() if q != "co2e"}
            if m in thorium and base in separation:
                fixed["thorium"] = float(thorium[m]) / KG_PER_T
            for q in legacy_q:
                if (base, q) in covered or (k, q) in covered or (q == "co2e" and (base in with_energy or k in with_energy)):
                    continue
                for key in ((k, r, q), (k, "*", q), (base, r, q), (base, "*", q)):
                    if key in legacy:
                        fixed[q] = legacy[key]
                        break
            for t, ys in years.items():
                gamma = dict(fixed)
                if e or "co2e" in route:
                    energy_kg = sum(v * intensity.period(r, c, ys) for c, v in e.items())
                    gamma["co2e"] = energy_kg / KG_PER_T + route.get("co2e", 0.0)
                gamma = {q: v for q, v in gamma.items() if v > 0}
                if gamma:
                    out[(r, k, m, t)] = gamma
    return out
