"""Model definitions: `models/*.yaml` validated by pydantic.

A model file names a dataset, a horizon, a demand case, solver options and (in later
features) policies and disruptions. `extends: other.yaml` inherits another file and
overrides it key by key (nested mappings merge; lists and scalars replace). `--set a.b=v`
on the command line overrides any field the same way, after `extends` is resolved.

Checked here (errors): a key given twice in one mapping; years in 1900–2200; `base_year` within
50 years before the horizon's start and not after its end; a rule's `from_year` after its
`to_year`; `solver.extra` only the allowed HiGHS options (`ree_opt.highs_options`). Years of a
rule that cover no model period are a warning (`ree_opt.checks`), not an error, because
shortening a model with `--set horizon.end=…` must keep working on files with later rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .config_errors import UniqueKeyLoader, error_lines
from .errors import ConfigError
from .schema import STAGES, YEARS

BASE_YEAR_SPAN = 50  # base_year may lie this many years before horizon.start
STAGE_NAMES = STAGES  # every stage of the schema, "other" included (invest: true builds all of them)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Horizon(Strict):
    """Model periods: a step schedule from `start` to `end`, or explicit period start `years`.

    `step` is a number of years, or a schedule {year: step} giving the step in force from that year on,
    e.g. {2025: 1, 2030: 5} = 2025, 2026, …, 2030, 2035, … Period t stands for L_t years, t … t + L_t − 1:
    up to the next period's start; the last period for the step in force at it (with explicit `years`,
    for the last gap between them; a single year stands for itself).
    """

    start: int = Field(2025, ge=YEARS[0], le=YEARS[1], description="First modelled year.")
    end: int = Field(2050, ge=YEARS[0], le=YEARS[1], description="Last modelled year (a period starts here if reachable by step).")
    step: int | dict[int, int] = Field(5, description="Years between period starts (each period stands for that many "
                                       "years), or a schedule {year: step} in force from each year on.")
    years: tuple[int, ...] | None = Field(None, description="Explicit period start years (increasing); then start and "
                                          "end are the first and last of them and step is not used.")

    @model_validator(mode="before")
    @classmethod
    def _years_set_bounds(cls, values: Any) -> Any:
        if isinstance(values, dict) and values.get("years"):
            years = list(values["years"])
            values = {**values, "start": years[0], "end": years[-1]}
        return values

    @model_validator(mode="after")
    def _ordered(self) -> "Horizon":
        if self.years is not None:
            if any(b <= a for a, b in zip(self.years, self.years[1:])):
                raise ValueError(f"horizon.years must increase, got {list(self.years)}")
            return self
        if self.end < self.start:
            raise ValueError(f"horizon.end ({self.end}) is before horizon.start ({self.start})")
        schedule = self.step if isinstance(self.step, dict) else {self.start: self.step}
        if min(schedule) > self.start:
            raise ValueError(f"horizon.step: the schedule starts in {min(schedule)}, after horizon.start ({self.start})")
        bad = {y: v for y, v in schedule.items() if not 1 <= v <= 50}
        if bad:
            raise ValueError(f"horizon.step: steps must be 1-50 years, got {bad}")
        return self

    def step_at(self, year: int) -> int:
        """The step in force in `year` (the schedule's latest entry at or before it)."""
        if isinstance(self.step, int):
            return self.step
        return self.step[max(y for y in self.step if y <= year)]

    @property
    def periods(self) -> list[int]:
        if self.years is not None:
            return list(self.years)
        out, t = [], self.start
        while t <= self.end:
            out.append(t)
            t += self.step_at(t)
        return out

    @property
    def lengths(self) -> dict[int, int]:
        """L_t: years period t stands for."""
        periods = self.periods
        last = (periods[-1] - periods[-2] if len(periods) > 1 else 1) if self.years is not None else self.step_at(periods[-1])
        return {t: (nxt - t) for t, nxt in zip(periods, periods[1:])} | {periods[-1]: last}


class SolverOptions(Strict):
    """HiGHS settings."""

    time_limit: float | None = Field(None, gt=0, description="Wall-clock limit in seconds (None = no limit).")
    threads: int | None = Field(None, ge=1, description="HiGHS threads (None = HiGHS default).")
    method: Literal["choose", "simplex", "ipm", "pdlp", "auto"] = Field(
        "choose", description="HiGHS LP algorithm; auto: dual simplex below solve.AUTO_IPM_COLUMNS columns, IPM above (docs/benchmarks.md).")
    mip_gap: float | None = Field(None, ge=0, description="Relative MIP gap at which to stop.")
    extra: dict[str, Any] = Field(default_factory=dict, description="Further HiGHS options (an allow-list: none that touches files; see ree_opt.highs_options).")
    keep_lp_file: bool = Field(False, description="Keep the LP handed to HiGHS in the run folder (model.lp, as HiGHS writes it).")

    @model_validator(mode="after")
    def _extra_allowed(self) -> "SolverOptions":
        if not self.extra:
            return self  # asking HiGHS about options means importing it; `validate` of a usual model file need not
        from .highs_options import extra_problems

        problems = extra_problems(self.extra)
        if problems:
            raise ValueError(problems[0])
        return self


class YearRange(Strict):
    """Mixin: the periods a rule covers, `from_year` ≤ t ≤ `to_year` (blank = open-ended)."""

    from_year: int | None = Field(None, ge=YEARS[0], le=YEARS[1], description="First period covered (default: from the start).")
    to_year: int | None = Field(None, ge=YEARS[0], le=YEARS[1], description="Last period covered (default: to the end).")

    @model_validator(mode="after")
    def _ordered(self) -> "YearRange":
        if self.from_year is not None and self.to_year is not None and self.from_year > self.to_year:
            raise ValueError(f"from_year {self.from_year} is after to_year {self.to_year}; the rule would cover no year")
        return self

    def covers(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (self.to_year is None or year <= self.to_year)


class TradeBan(YearRange):
    """No shipments of `commodities` from `origin` to `destination` (regions, groups or '*')."""

    origin: str = Field(..., description="Region, group or '*'.")
    destination: str = Field("*", description="Region, group or '*'.")
    commodities: list[str] = Field(["*"], description="Commodities or patterns such as 'oxide:*', 'magnet:*', '*'.")


class Tariff(YearRange):
    """A specific tariff on shipments, MUSD/kt (= USD/kg); for an ad-valorem rate give rate × price."""

    origin: str
    destination: str = "*"
    commodities: list[str] = Field(["*"])
    cost: float = Field(..., ge=0, description="Tariff, MUSD/kt.")


class MinShare(YearRange):
    """At least `share` of `group`'s demand for `commodities` is met by a chain whose every stage lies in `chain_groups`."""

    group: str = Field(..., description="Region or group whose demand is covered.")
    commodities: list[str] = Field(..., description="Demanded commodities or patterns (e.g. 'magnet:*').")
    chain_groups: list[str] = Field(..., description="Regions/groups where every upstream stage must lie.")
    share: float = Field(..., ge=0, le=1)


class Stockpile(YearRange):
    """`group` holds at least `months` of its annual use of `commodity` in stock from `from_year`."""

    group: str
    commodity: str
    months: float = Field(..., ge=0)
    holding_cost: float = Field(0.5, ge=0, description="Cost of holding 1 kt in stock for a year, MUSD/kt/yr.")


class Policies(Strict):
    """Policy constraints; every one is off by default."""

    exclude: list[str] = Field(default_factory=list, description="Regions or groups removed with their supply and demand.")
    trade_bans: list[TradeBan] = Field(default_factory=list)
    tariffs: list[Tariff] = Field(default_factory=list)
    min_share: list[MinShare] = Field(default_factory=list)
    stockpiles: list[Stockpile] = Field(default_factory=list)

    def excluded_groups(self) -> tuple[list[str], list[str]]:
        """(groups removed with their supply *and demand*, groups whose every export is banned in every period).

        Only the second keeps demand as it is, so only its cost difference to an unconstrained model is a
        cost of exclusion; the first also drops the group's demand from the bill."""
        banned = [b.origin for b in self.trade_bans
                  if b.destination == "*" and b.commodities == ["*"] and b.from_year is None and b.to_year is None]
        return list(self.exclude), banned


# --- disruptions (two-stage uncertainty; see ree_opt/model/disruption.py) -----------------------


class Outage(YearRange):
    """Units in `region` (region, group or '*') of `stage` or `process` keep `keep` × their capacity."""

    kind: Literal["outage"]
    region: str = Field(..., description="Region, group or '*'.")
    stage: str | None = Field(None, description="Stage hit (e.g. mining); give this or `process`.")
    process: str | None = Field(None, description="Process or deposit hit; give this or `stage`.")
    keep: float = Field(..., ge=0, le=1, description="Fraction of capacity still available (0 = shut).")

    @model_validator(mode="after")
    def _target(self) -> "Outage":
        if (self.stage is None) == (self.process is None):
            raise ValueError("an outage names exactly one of `stage` or `process`")
        return self


class DisruptionBan(TradeBan):
    """No shipments of `commodities` from `origin` to `destination` in the covered periods."""

    kind: Literal["trade_ban"]


class DemandShock(YearRange):
    """Demand of `sector` in `region` for `commodities` is multiplied by `factor`."""

    kind: Literal["demand"]
    region: str = Field("*", description="Region, group or '*'.")
    sector: str = Field("*", description="Demand sector (as in demand.csv) or '*'.")
    commodities: list[str] = Field(["*"], description="Commodities or patterns such as 'magnet:*'.")
    factor: float = Field(..., ge=0, description="Multiplier of demand (1.3 = +30 %).")


class CostShock(YearRange):
    """An operating cost component is multiplied by `factor` in the covered periods."""

    kind: Literal["cost"]
    component: Literal["variable", "transport", "tariff", "disposal"] = Field(..., description="Operating cost component.")
    factor: float = Field(..., ge=0, description="Multiplier (2 = doubled).")


DisruptionEvent = Annotated[Union[Outage, DisruptionBan, DemandShock, CostShock], Field(discriminator="kind")]


class Scenario(Strict):
    """A named disruption scenario: its probability and the events it holds (none = undisrupted)."""

    name: str = Field(..., pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    probability: float = Field(..., ge=0, le=1)
    events: list[DisruptionEvent] = Field(default_factory=list)


class Risk(Strict):
    """Risk aversion of the stochastic plan: minimise (1 − weight)·E[cost] + weight·CVaR_alpha[cost]."""

    alpha: float = Field(0.9, ge=0, lt=1, description="CVaR level: the mean of the worst (1 − alpha) of outcomes.")
    weight: float = Field(0.0, ge=0, le=1, description="Weight λ of CVaR against the expected cost (0 = risk-neutral).")


Pollutant = Literal["co2e", "radioactive_residue", "wastewater", "thorium"]


class EmissionCap(YearRange):
    """Σ_{r ∈ region} emissions[r, pollutant, t] ≤ limit in every covered period t."""

    pollutant: Pollutant = Field("co2e", description="Pollutant capped (thorium: kt Th put into residues).")
    region: str = Field("*", description="Region, group or '*' (the world).")
    limit: float = Field(..., ge=0, description="Upper bound per year: kt/yr (wastewater: thousand m³/yr).")


class PricePath(Strict):
    """A price path: year → USD per t, linear between years, flat outside (prices ≥ 0)."""

    path: dict[int, float] = Field(..., min_length=1, description="Year → price, USD/t; linear between years, flat outside.")

    @model_validator(mode="after")
    def _nonnegative(self) -> "PricePath":
        if any(v < 0 for v in self.path.values()):
            raise ValueError("prices must be ≥ 0")
        return self


class CarbonPrice(PricePath):
    """A price on a pollutant in `region` (region, group or '*'), USD per t (wastewater: per m³), interpolated between years."""

    region: str = Field("*", description="Region, group or '*'.")
    pollutant: Pollutant = Field("co2e")


class BorderCharge(PricePath):
    """A carbon charge (USD per t CO2e) on imports into `importer` (region or group) of `commodities` from outside it.

    charge[c,o,d,t] = price[t] · β[o,c,t] per t shipped, β = the exporter's reference footprint of c
    (t CO2e per t, cradle to gate): its processes making c weighted by base-year capacity (equal where
    it has none), inputs from its own chain (else the world mean), fixed before solving so the charge
    stays linear in shipments. It is an approximation of the exporter's solved average, not a trace
    of each shipment's embodied emissions.
    """

    importer: str = Field(..., description="Region or group that levies the charge; shipments inside it are exempt.")
    commodities: list[str] = Field(["magnet:*"], min_length=1, description="Commodity ids or 'kind:*' patterns charged.")


class Environment(Strict):
    """Environmental limits and prices; off by default (emissions are still reported when the data has intensities)."""

    caps: list[EmissionCap] = Field(default_factory=list)
    carbon_price: list[CarbonPrice] = Field(default_factory=list, description="Price paths; where several match a region, they add up.")
    border_charge: list[BorderCharge] = Field(default_factory=list, description="Carbon charges on imports (CBAM-like).")
    hold_grid_flat: bool = Field(False, description="Hold every carrier intensity at its value in the first model year (no decarbonisation).")


class Invest(Strict):
    """What new capacity a model may add: generic builds by stage, and how announced projects enter.

    Committed projects (built or under construction) are always built. Announced ones are options
    (`optional`), built at their start year like committed ones (`committed`), or left out (`none`).
    `invest: true` = every stage may build, announced projects optional; `invest: false` = nothing new
    ({generic: [], projects: none}). The pipeline question ("what do existing and announced plants
    deliver?") is `invest: {generic: [], projects: committed}`.
    """

    generic: tuple[str, ...] = Field(STAGE_NAMES, description="Stages whose generic capacity may be built (e.g. [metal, magnet]).")
    projects: Literal["optional", "committed", "none"] = Field(
        "optional", description="Announced projects: optional (the model may take them), committed (built at their "
        "start year) or none (left out). Committed projects are always built.")

    @model_validator(mode="after")
    def _known_stages(self) -> "Invest":
        unknown = sorted(set(self.generic) - set(STAGE_NAMES))
        if unknown:
            raise ValueError(f"invest.generic: unknown stage(s) {unknown}; stages are {', '.join(STAGE_NAMES)}")
        return self


class ModelConfig(Strict):
    """A model definition. Paths are relative to the file that names them."""

    name: str = Field(..., pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Model name; run folders go under runs/<name>/.")
    description: str = Field("", description="What this model asks.")
    dataset: Path = Field(..., description="Dataset folder (CSV tables).")
    horizon: Horizon = Field(default_factory=Horizon)
    base_year: int | None = Field(None, ge=YEARS[0], le=YEARS[1], description="Year costs are discounted to (default: horizon.start); from horizon.start − 50 to horizon.end.")
    discount_rate: float = Field(0.05, ge=0, lt=1, description="Social discount rate for the objective (real).")
    demand_case: str = Field(..., description="Demand case in demand.csv.")
    invest: bool | Invest = Field(True, description="Allow new capacity: true, false (operate existing and committed "
                                  "capacity only), or {generic: [stages], projects: optional|committed|none}.")
    unmet_penalty: float = Field(1000.0, gt=0, description="Default price of unmet demand, MUSD/kt (= USD/kg), for commodities without their own.")
    solver: SolverOptions = Field(default_factory=SolverOptions)
    policies: Policies = Field(default_factory=Policies)
    disruptions: list[Scenario] = Field(default_factory=list, description="Disruption scenarios (probabilities sum to 1); off when empty.")
    stochastic: bool = Field(False, description="Solve a two-stage stochastic plan over `disruptions` (builds shared, operations per scenario).")
    risk: Risk = Field(default_factory=Risk)
    environment: Environment = Field(default_factory=Environment)
    demand_response: bool = Field(False, description="Sector demand-response steps of demand_response.csv (thrift, "
                                  "switching, deferral) before true loss at unmet_penalty.")
    base_year_utilisation: bool = Field(False, description="Calibration: existing capacity runs at most at its base-year "
                                        "utilisation (existing_capacity.csv), so the base year reproduces that year's output.")
    held_at_base_year: list[str] = Field(default_factory=list, description="Existing capacity (process or deposit names of "
                                         "existing_capacity.csv) that runs at most at its base-year utilisation in every period, where "
                                         "the base-year shortfall is a supply constraint that persists (conflict), not low demand.")
    recycling_from_stocks: bool = Field(False, description="End-of-life scrap from magnets in use (needs sector_lifetimes.csv in the dataset).")
    lumpy: bool = Field(False, description="Builds of processes with module_size/min_size come in modules or above a minimum size (a MIP).")
    output_dir: Path = Field(Path("runs"), description="Where run folders go (relative to the working directory).")
    indicators: list[str] = Field(default_factory=list, description="Indicators `sensitivity` and `mga` report, KIND:WHAT:GROUP:YEAR, e.g. share:separation:china:2040 (see ree_opt.indicators).")

    @property
    def periods(self) -> list[int]:
        return self.horizon.periods

    @field_validator("dataset", mode="before")
    @classmethod
    def _dataset_named(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            # Path("") is ".": an empty entry would silently read the working directory
            raise ValueError("is empty; name the dataset folder")
        return value

    @model_validator(mode="after")
    def _base_year(self) -> "ModelConfig":
        # a base year far from the horizon scales every cost by (1+r)^±years: harmless in exact
        # arithmetic, but it can push costs below HiGHS's tolerances or overflow a float
        lo, hi = self.horizon.start - BASE_YEAR_SPAN, self.horizon.end
        if self.base_year is not None and not lo <= self.base_year <= hi:
            raise ValueError(f"base_year: {self.base_year} must lie from {lo} (horizon.start − {BASE_YEAR_SPAN}) to {hi} (horizon.end)")
        return self

    @property
    def invest_options(self) -> Invest:
        """`invest` as options: true → every stage, announced projects optional; false → no stage, no announced project."""
        if isinstance(self.invest, Invest):
            return self.invest
        return Invest() if self.invest else Invest(generic=(), projects="none")

    @model_validator(mode="after")
    def _scenarios(self) -> "ModelConfig":
        if not self.disruptions:
            if self.stochastic:
                raise ValueError("stochastic: true needs a non-empty `disruptions` list")
            return self
        names = [sc.name for sc in self.disruptions]
        if len(set(names)) != len(names):
            raise ValueError(f"disruptions: scenario names must be unique, got {names}")
        total = sum(sc.probability for sc in self.disruptions)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"disruptions: probabilities must sum to 1, got {total:.6g}")
        lo, hi = self.horizon.start, self.horizon.end
        for i, sc in enumerate(self.disruptions):
            for j, ev in enumerate(sc.events):
                for end in ("from_year", "to_year"):
                    year = getattr(ev, end)
                    if year is not None and not lo <= year <= hi:
                        raise ValueError(f"disruptions[{i}].events[{j}].{end}: {year} is outside the horizon {lo}–{hi} (scenario '{sc.name}')")
        return self

    @property
    def discount_base_year(self) -> int:
        return self.base_year if self.base_year is not None else self.horizon.start


# --- loading ---------------------------------------------------------------------------------


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(path: Path) -> dict:
    if path.is_dir():
        raise ConfigError(f"{path}: is a directory, expected a model file (YAML)")
    if not path.is_file():
        raise ConfigError(f"{path}: model file not found")
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=UniqueKeyLoader) or {}
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: byte {exc.start} is not UTF-8; save the file as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    return raw


def resolve_raw(path: Path, _seen: tuple[Path, ...] = ()) -> dict:
    """Read a model file and everything it extends, into one raw mapping with absolute paths."""
    path = path.resolve()
    if path in _seen:
        raise ConfigError(f"{path}: 'extends' forms a cycle: {' -> '.join(str(p) for p in _seen + (path,))}")
    raw = _read_yaml(path)
    if "dataset" in raw and isinstance(raw["dataset"], str):
        raw["dataset"] = str((path.parent / raw["dataset"]).resolve())
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    if not isinstance(parent, str):
        raise ConfigError(f"{path}: 'extends' must be a file name, got {parent!r}")
    return _merge(resolve_raw(path.parent / parent, _seen + (path,)), raw)


def apply_overrides(raw: dict, overrides: list[str]) -> dict:
    """Apply `key.sub=value` overrides; values are read as YAML scalars or lists."""
    out = dict(raw)
    for item in overrides:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set {item!r}: expected key=value, e.g. --set horizon.end=2040")
        try:
            value = yaml.load(text, Loader=UniqueKeyLoader)
        except yaml.constructor.ConstructorError as exc:
            raise ConfigError(f"--set {item!r}: {exc.problem}") from None
        except yaml.YAMLError:
            value = text  # not YAML: the text as it is
        parts = key.strip().split(".")
        patch: Any = value
        for part in reversed(parts):
            patch = {part: patch}
        out = _merge(out, patch)
    return out


def config_from_raw(raw: dict, label: str = "<model>") -> ModelConfig:
    """Validate a raw mapping into a ModelConfig; errors name the field and what was expected."""
    try:
        return ModelConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError("\n".join(f"{label}: {line}" for line in error_lines(exc.errors(), ModelConfig))) from None


def load_config(path: str | Path, overrides: list[str] | None = None) -> ModelConfig:
    """Read a model file, resolve `extends`, apply `--set` overrides, validate."""
    path = Path(path)
    raw = apply_overrides(resolve_raw(path), overrides or [])
    return config_from_raw(raw, label=str(path))


def config_to_dict(cfg: ModelConfig) -> dict:
    """The resolved configuration as plain YAML-friendly data (written into run folders)."""
    return cfg.model_dump(mode="json")
