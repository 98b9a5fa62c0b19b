"""Indicators: linear (or linear-fractional) functions of a plan that sensitivity and MGA report.

An indicator is written `KIND:WHAT:GROUP:YEAR` (on the command line or in the model file's
`indicators:` list):

| kind | WHAT | value |
|---|---|---|
| `output` | a stage | O[G,stage,t] = Σ_{r∈G, k∈stage, m} a⁺[k,m] · act[r,k,m,t], kt/yr of the stage's main product |
| `share` | a stage | O[G,stage,t] / O[world,stage,t] (China's share of separation: `share:separation:china:2040`) |
| `capacity` | a stage | Σ_{r∈G, k∈stage} cap[r,k,t], kt/yr (existing + builds + projects online) |
| `recycled` | `oxide` or `magnet` | recycled output / all output in G of the commodities recycling makes (as `recycled_share.csv`) |

G is a region, a group or `*` (the world). a⁺[k,m] sums the positive coefficients of the stage's
main product (ore:, oxide:, metal:, magnet:, anything recycling makes), exactly as
`production_shares.csv` measures output.

Each indicator becomes `IndicatorForm`: numerator a·x + a₀ and, for ratios, denominator b·x + b₀
over the columns of the LP HiGHS holds. A ratio is not linear; `ree_opt.mga` optimises it by
Dinkelbach's parametric method (a sequence of LPs with objective a − s·b, exact at convergence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pyomo.core as pyo
from pyomo.repn import generate_standard_repn

from .errors import ConfigError
from .model.core import Core
from .model.registry import Registry
from .results import STAGE_OUTPUT

KINDS = ("share", "output", "capacity", "recycled")
UNITS = {"share": "fraction", "output": "kt/yr", "capacity": "kt/yr", "recycled": "fraction"}
_TEXT = re.compile(r"^(?P<kind>[a-z_]+):(?P<what>[a-z_]+):(?:(?P<group>[A-Za-z0-9_*.-]+):)?(?P<year>\d{4})$")


@dataclass(frozen=True)
class Indicator:
    kind: str
    what: str  # a stage, or for `recycled` the commodity kind (oxide, magnet)
    group: str
    year: int

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.what}:{self.group}:{self.year}"

    @property
    def unit(self) -> str:
        return UNITS[self.kind]

    @property
    def is_ratio(self) -> bool:
        return self.kind in ("share", "recycled")


def parse_indicator(text: str) -> Indicator:
    """`share:separation:china:2040` → Indicator; `recycled:oxide:2050` means the world (`*`)."""
    match = _TEXT.match(text.strip())
    if not match:
        raise ConfigError(f"indicator {text!r}: expected KIND:WHAT:GROUP:YEAR, e.g. share:separation:china:2040 (kinds: {', '.join(KINDS)})")
    kind, what, group, year = match.group("kind"), match.group("what"), match.group("group") or "*", int(match.group("year"))
    if kind not in KINDS:
        raise ConfigError(f"indicator {text!r}: unknown kind {kind!r}; kinds: {', '.join(KINDS)}")
    allowed = ("oxide", "magnet") if kind == "recycled" else tuple(STAGE_OUTPUT)
    if what not in allowed:
        raise ConfigError(f"indicator {text!r}: {'commodity kind' if kind == 'recycled' else 'stage'} {what!r} is not one of {', '.join(allowed)}")
    return Indicator(kind, what, group, year)


def default_indicators(periods: list[int], group: str = "china", years: tuple[int, ...] = (2030, 2040, 2050)) -> list[Indicator]:
    """China's share of each stage in 2030, 2040 and 2050 (those years the model has)."""
    return [Indicator("share", stage, group, t) for t in years if t in periods for stage in STAGE_OUTPUT]


# --- linear forms on a built model ------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorForm:
    """value = (a·x + a0) / (b·x + b0) over LP columns x (b None: value = a·x + a0)."""

    indicator: Indicator
    a: np.ndarray
    a0: float
    b: np.ndarray | None
    b0: float

    def parts(self, x: np.ndarray) -> tuple[float, float]:
        num = float(self.a @ x) + self.a0
        den = 1.0 if self.b is None else float(self.b @ x) + self.b0
        return num, den

    def value(self, x: np.ndarray) -> float:
        num, den = self.parts(x)
        return num / den if abs(den) > 1e-12 else float("nan")


def _check(ind: Indicator, core: Core) -> list[str]:
    if ind.year not in core.periods:
        raise ConfigError(f"indicator {ind.name}: {ind.year} is not a model period ({', '.join(map(str, core.periods))})")
    regions = core.data.regions_matching(ind.group)
    if not regions:
        raise ConfigError(f"indicator {ind.name}: unknown region or group {ind.group!r}; groups: {', '.join(core.data.groups)}")
    return regions


def _output_terms(reg: Registry, core: Core, regions: set[str], year: int, keep) -> list[tuple[float, object]]:
    """Σ a⁺ · act over activities in `regions` and `year`, positive coefficients of commodities `keep(k, c)` accepts."""
    terms = []
    for (r, k, mode, t), var in reg.activity.items():
        if t != year or r not in regions:
            continue
        coef = sum(a for c, a in core.io.get((k, mode), {}).items() if a > 0 and keep(k, c))
        if coef:
            terms.append((coef, var))
    return terms


def indicator_terms(reg: Registry, core: Core, ind: Indicator) -> tuple[object, object | None]:
    """Pyomo expressions (numerator, denominator or None) of an indicator on a built (deterministic) model,
    read through the registry's shared variables (activity, capacity)."""
    regions = set(_check(ind, core))
    world = set(core.data.regions)
    stage_of = {k: u.stage for (_r, k), u in core.units.items()}
    if ind.kind == "capacity":
        keys = [(r, k, t) for (r, k, t) in core.CAPACITY if t == ind.year and r in regions and core.units[(r, k)].stage == ind.what]
        return pyo.quicksum(reg.capacity[key] for key in keys), None
    if ind.kind == "recycled":
        recycling = {k for k, st in stage_of.items() if st == "recycling"}
        made = {c for (k, _m), io in core.io.items() if k in recycling for c, a in io.items() if a > 0 and not c.startswith("scrap:")}
        prefix = ind.what + ":"
        # as recycled_share.csv: oxides recycling makes; every magnet once recycling makes any magnet
        counted = (lambda c: c in made) if ind.what == "oxide" else (lambda c: any(x.startswith(prefix) for x in made))
        num = _output_terms(reg, core, regions, ind.year, lambda k, c: k in recycling and c.startswith(prefix) and counted(c))
        den = _output_terms(reg, core, regions, ind.year, lambda k, c: c.startswith(prefix) and counted(c))
    else:
        prefix = STAGE_OUTPUT[ind.what]
        keep = lambda k, c: stage_of.get(k) == ind.what and c.startswith(prefix)
        num = _output_terms(reg, core, regions, ind.year, keep)
        den = _output_terms(reg, core, world, ind.year, keep) if ind.kind == "share" else None
    as_expr = lambda terms: pyo.quicksum(a * v for a, v in terms) if terms else 0.0
    return as_expr(num), (as_expr(den) if den is not None else None)


def _vector(expr, col_of: dict[int, int], n: int) -> tuple[np.ndarray, float]:
    vec = np.zeros(n)
    if isinstance(expr, (int, float)):
        return vec, float(expr)
    repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
    for v, c in zip(repn.linear_vars, repn.linear_coefs):
        j = col_of.get(id(v))
        if j is not None:  # a variable in no row is not in the LP: it is zero
            vec[j] += float(c)
    return vec, float(repn.constant or 0.0)


def indicator_form(reg: Registry, core: Core, ind: Indicator, col_of: dict[int, int], n: int) -> IndicatorForm:
    """The indicator's numerator and denominator as vectors over the n LP columns."""
    num, den = indicator_terms(reg, core, ind)
    a, a0 = _vector(num, col_of, n)
    if den is None:
        return IndicatorForm(ind, a, a0, None, 0.0)
    b, b0 = _vector(den, col_of, n)
    return IndicatorForm(ind, a, a0, b, b0)


def expected_value(blocks: list[tuple[float, Registry, Core]], ind: Indicator) -> float:
    """Σ_s p_s·N_s (over Σ_s p_s·D_s for a ratio) on solved scenario blocks; one block of p = 1 for a deterministic model."""
    num = den = 0.0
    for p, reg, core in blocks:
        n, d = indicator_terms(reg, core, ind)
        num += p * pyo.value(n)
        den += p * (1.0 if d is None else pyo.value(d))
    return num / den if abs(den) > 1e-12 else float("nan")
