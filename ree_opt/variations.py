"""Variations of inputs for sensitivity runs: parse a SPEC and apply one level of it.

A SPEC names what to vary and the levels to try:

    TABLE[.COLUMN][SELECTORS]=V1,V2,…    set the selected cells to each value
    TABLE[.COLUMN][SELECTORS]*F1,F2,…    multiply the selected cells by each factor
    KEY=V1,V2,…  /  KEY*F1,F2,…          a model-file key (dotted path, as --set)

SELECTORS is `[col=value,col2!=value,…]`; a value may list alternatives `region=usa|canada`.
Without `.COLUMN` every float column of the table that is not part of its key is scaled
(a factor only: `demand[case=steps]*0.8,1.2`, `process_region_costs[region=china]*0.8,1.2`).
A factor leaves blank cells blank (they mean "no limit" or "use the default"); a selection whose
cells are all blank is an error. Examples:

    regions.cost_of_capital[region=china]=0.06,0.09
    deposits.max_capacity[deposit=bayan_obo]=60,120
    discount_rate=0.03,0.07
    demand_case=steps,aps

Applying never mutates its input: `apply_to_data` returns a new `ModelData` (its digest changed,
so run folders tell the variant from the original), `apply_to_raw` a new raw model mapping.
Errors are one line naming the SPEC and what was expected.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
import yaml

from .config import ModelConfig, apply_overrides
from .data import ModelData
from .errors import ConfigError
from .schema import REGISTRY

_HEAD = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_.]*)(?:\[(?P<sel>[^\]]*)\])?$")


@dataclass(frozen=True)
class Selector:
    """Rows whose `column` (compared as text) is (or, negated, is not) one of `values`."""

    column: str
    values: tuple[str, ...]
    negate: bool = False

    def text(self) -> str:
        return f"{self.column}{'!=' if self.negate else '='}{'|'.join(self.values)}"


@dataclass(frozen=True)
class Variation:
    """One SPEC: a data cell range (table, column, selectors) or a model-file key, and its levels."""

    spec: str
    mode: str  # "values" (set) or "factor" (multiply)
    levels: tuple[Any, ...]
    table: str | None = None
    column: str | None = None  # None: every float, non-key column of the table (factor only)
    selectors: tuple[Selector, ...] = ()
    key: str | None = None  # model-file key when the target is the config

    @property
    def target(self) -> str:
        """What is varied, without the levels, e.g. `regions.cost_of_capital[region=china]`."""
        if self.key is not None:
            return self.key
        sel = f"[{','.join(s.text() for s in self.selectors)}]" if self.selectors else ""
        return f"{self.table}{'.' + self.column if self.column else ''}{sel}"

    def label(self, level: Any) -> str:
        return f"{self.target}{'=' if self.mode == 'values' else '*'}{level}"


def _split_operator(spec: str) -> tuple[str, str, str]:
    """HEAD, operator ('=' or '*'), LEVELS: the first '=' or '*' outside the brackets."""
    depth = 0
    for i, ch in enumerate(spec):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif depth == 0 and ch in "=*":
            return spec[:i].strip(), ch, spec[i + 1:].strip()
    raise ConfigError(f"--vary {spec!r}: expected TABLE.COLUMN[SELECTORS]=V1,V2 or …*F1,F2 (or KEY=V1,V2), found no '=' or '*'")


def _selectors(spec: str, text: str | None) -> tuple[Selector, ...]:
    if not text:
        return ()
    out = []
    for part in text.split(","):
        col, neg, vals = part.partition("!=") if "!=" in part else part.partition("=")
        values = tuple(v.strip() for v in vals.split("|") if v.strip())
        if not neg or not col.strip() or not values:
            raise ConfigError(f"--vary {spec!r}: selector {part.strip()!r} must read column=value or column!=value")
        out.append(Selector(col.strip(), values, negate=neg == "!="))
    return tuple(out)


def _levels(spec: str, mode: str, text: str) -> tuple[Any, ...]:
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise ConfigError(f"--vary {spec!r}: no levels after the '{'=' if mode == 'values' else '*'}'")
    if mode == "values":
        return tuple(yaml.safe_load(t) for t in items)
    try:
        factors = tuple(float(t) for t in items)
    except ValueError:
        raise ConfigError(f"--vary {spec!r}: factors must be numbers, got {text!r}") from None
    if any(f < 0 for f in factors):
        raise ConfigError(f"--vary {spec!r}: factors must be ≥ 0, got {text!r}")
    return factors


def parse_variation(spec: str) -> Variation:
    """Parse a SPEC (see the module docstring); a first dotted part that names a table means a data cell."""
    head, op, rest = _split_operator(spec.strip())
    mode = "values" if op == "=" else "factor"
    levels = _levels(spec, mode, rest)
    match = _HEAD.match(head)
    if not match:
        raise ConfigError(f"--vary {spec!r}: cannot read {head!r}; expected TABLE.COLUMN[col=value,…] or a model-file key")
    name, sel = match.group("name"), match.group("sel")
    table, _, column = name.partition(".")
    if table not in REGISTRY:
        if sel is not None:
            raise ConfigError(f"--vary {spec!r}: unknown table {table!r}; tables: {', '.join(sorted(REGISTRY))}")
        return Variation(spec=spec, mode=mode, levels=levels, key=name)
    var = Variation(spec=spec, mode=mode, levels=levels, table=table, column=column or None, selectors=_selectors(spec, sel))
    _check_columns(var)
    return var


def _check_columns(var: Variation) -> None:
    table = REGISTRY[var.table]
    names = [c.name for c in table.columns]
    for s in var.selectors:
        if s.column not in names:
            raise ConfigError(f"--vary {var.spec!r}: table {var.table} has no column {s.column!r} to select on; columns: {', '.join(names)}")
    numeric = [c.name for c in table.columns if c.kind == "float" and c.name not in table.key]
    if var.column is None:
        if var.mode == "values":
            raise ConfigError(f"--vary {var.spec!r}: name the column to set, e.g. {var.table}.{(numeric or ['COLUMN'])[0]}[…]=…")
        if not numeric:
            raise ConfigError(f"--vary {var.spec!r}: table {var.table} has no numeric column to scale")
        return
    col = next((c for c in table.columns if c.name == var.column), None)
    if col is None:
        raise ConfigError(f"--vary {var.spec!r}: table {var.table} has no column {var.column!r}; numeric columns: {', '.join(numeric)} "
                          f"(or leave the column out to scale all of them: {var.table}[…]*F)")
    if col.kind not in ("float", "int"):
        raise ConfigError(f"--vary {var.spec!r}: column {var.table}.{var.column} is not numeric ({col.kind})")


def _mask(var: Variation, df: pd.DataFrame) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for s in var.selectors:
        hit = df[s.column].map(lambda v: str(v) if v is not None else "").isin(s.values)
        mask &= ~hit if s.negate else hit
    if not mask.any():
        shown = sorted({str(v) for v in df[var.selectors[-1].column]})[:12] if var.selectors else []
        known = f" ({var.selectors[-1].column} values: {', '.join(shown)})" if shown else ""
        raise ConfigError(f"--vary {var.spec!r}: [{','.join(s.text() for s in var.selectors)}] matches no row of {var.table}{known}")
    return mask


def _checked(var: Variation, column: str, value: float, row: int) -> float:
    col = next(c for c in REGISTRY[var.table].columns if c.name == column)
    low = col.min is not None and (value <= col.min if col.min_exclusive else value < col.min)
    high = col.max is not None and value > col.max
    if low or high:
        raise ConfigError(f"--vary {var.spec!r}: {var.table}.csv row {row}, column {column}: {value:g} is out of range, expected {col.expectation()}")
    if col.kind == "int":
        if float(value) != int(value):
            raise ConfigError(f"--vary {var.spec!r}: {var.table}.{column} takes whole numbers, got {value:g}")
        return int(value)
    return float(value)


def apply_to_data(data: ModelData, var: Variation, level: Any) -> ModelData:
    """A copy of `data` with the selected cells set to `level` (values) or multiplied by it (factor)."""
    if var.table is None:
        raise ConfigError(f"--vary {var.spec!r}: a model-file key, not a data table")
    df = data[var.table].copy()
    mask = _mask(var, df)
    table = REGISTRY[var.table]
    columns = [var.column] if var.column else [c.name for c in table.columns if c.kind == "float" and c.name not in table.key]
    changed = 0
    for column in columns:
        new = list(df[column])
        for i in (j for j, hit in enumerate(mask) if hit):
            old = new[i]
            blank = old is None or (isinstance(old, float) and pd.isna(old))
            if var.mode == "factor" and blank:  # blank = no limit / the default: nothing to scale
                continue
            if not isinstance(level, (int, float)) or isinstance(level, bool):
                raise ConfigError(f"--vary {var.spec!r}: {var.table}.{column} is numeric, got level {level!r}")
            value = level * old if var.mode == "factor" else level
            new[i] = _checked(var, column, value, int(df["_row"].iloc[i]))
            changed += 1
        df[column] = pd.Series(new, index=df.index, dtype=df[column].dtype if df[column].dtype != object else object)
    if not changed:
        raise ConfigError(f"--vary {var.spec!r}: every selected cell of {var.table} is blank (no limit or the default); "
                          f"a factor needs a value (set values with '=' instead)")
    digest = hashlib.sha256(f"{data.digest}|{var.label(level)}".encode()).hexdigest()[:16]
    return dataclasses.replace(data, tables={**data.tables, var.table: df}, digest=digest)


def _lookup(cfg: ModelConfig, key: str) -> Any:
    node: Any = cfg.model_dump(mode="json")
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise ConfigError(f"unknown model-file key {key!r} (and no data table of that name; tables: {', '.join(sorted(REGISTRY))})")
        node = node[part]
    return node


def apply_to_raw(raw: dict, cfg: ModelConfig, var: Variation, level: Any) -> dict:
    """A copy of the raw model mapping with `var.key` set to `level` or to its current value × `level`."""
    if var.key is None:
        raise ConfigError(f"--vary {var.spec!r}: a data table, not a model-file key")
    try:
        current = _lookup(cfg, var.key)
    except ConfigError as exc:
        raise ConfigError(f"--vary {var.spec!r}: {exc}") from None
    if var.key == "dataset":
        raise ConfigError(f"--vary {var.spec!r}: the dataset cannot be varied; vary its tables instead")
    if var.mode == "factor":
        if not isinstance(current, (int, float)) or isinstance(current, bool):
            raise ConfigError(f"--vary {var.spec!r}: {var.key} is {current!r}, not a number to multiply")
        level = current * level
    return apply_overrides(raw, [f"{var.key}={json.dumps(level)}"])


def apply_variation(var: Variation, level: Any, raw: dict, cfg: ModelConfig, data: ModelData) -> tuple[ModelConfig, ModelData]:
    """The model definition and data of one case: `var` at `level`, everything else as given."""
    from .config import config_from_raw

    if var.key is not None:
        return config_from_raw(apply_to_raw(raw, cfg, var, level), label=f"--vary {var.spec}"), data
    return cfg, apply_to_data(data, var, level)
