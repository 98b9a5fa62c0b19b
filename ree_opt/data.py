"""Load and validate a dataset folder into a frozen `ModelData` object.

Parsing is done row by row with the schema registry (`ree_opt.schema`), so every problem is
reported with file, row, column, the bad value and what was expected. Row numbers are those a
spreadsheet shows: the header is row 1, the first data row is row 2. Cross-table references
(a deposit in an unknown region, a feed without its ore commodity, compositions not summing to
one) are checked before anything else may use the data.
"""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from .errors import ConfigError, DataError
from .data_checks import check_tables
from .schema import REGISTRY, TABLES, Column, Table

_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n"}


@dataclass(frozen=True)
class ModelData:
    """A validated dataset. Every table is a typed DataFrame with the schema's columns.

    Derived look-ups that several model families need are computed once here.
    """

    tables: Mapping[str, pd.DataFrame]
    origin: str
    digest: str
    warnings: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    # --- convenience look-ups -------------------------------------------------------------
    @property
    def regions(self) -> list[str]:
        return list(self.tables["regions"]["region"])

    @property
    def region_group(self) -> dict[str, str]:
        df = self.tables["regions"]
        return dict(zip(df["region"], df["group"]))

    @property
    def groups(self) -> list[str]:
        return sorted(set(self.tables["regions"]["group"]))

    def regions_matching(self, name: str) -> list[str]:
        """Regions named by a region id, a group id or '*'."""
        if name == "*":
            return self.regions
        if name in self.region_group:
            return [name]
        return [r for r, g in self.region_group.items() if g == name]

    def with_tables(self, **replacements: pd.DataFrame) -> "ModelData":
        """A copy with some tables replaced (used by policies that drop regions)."""
        tables = dict(self.tables)
        tables.update(replacements)
        return ModelData(tables=tables, origin=self.origin, digest=self.digest, warnings=self.warnings)

    def without(self, names: Iterable[str]) -> "ModelData":
        """The dataset without the named regions/groups: every row naming one as region, origin or destination goes."""
        gone = {r for name in names for r in self.regions_matching(name)}
        if not gone:
            return self
        if gone >= set(self.regions):
            raise ConfigError(f"policies.exclude: excluding {', '.join(sorted(names))} removes every region of the dataset")
        tables = {}
        for name, df in self.tables.items():
            keep = None
            for col in ("region", "origin", "destination"):
                if col in df.columns:
                    mask = ~df[col].isin(gone)
                    keep = mask if keep is None else keep & mask
            if keep is not None:
                tables[name] = df[keep].reset_index(drop=True)
        return self.with_tables(**tables)


# --- parsing --------------------------------------------------------------------------------


def _parse_value(col: Column, raw: str) -> tuple[Any, str | None]:
    """Return (value, problem). Blank → default (or a problem when the column is required)."""
    text = raw.strip()
    if text == "":
        if col.required:
            return None, "is required but blank"
        return col.default, None
    try:
        if col.kind == "float":
            value: Any = float(text)
            if not math.isfinite(value):
                raise ValueError
        elif col.kind == "int":
            as_float = float(text)
            if not as_float.is_integer():
                raise ValueError
            value = int(as_float)
        elif col.kind == "bool":
            low = text.lower()
            if low not in _TRUE | _FALSE:
                raise ValueError
            value = low in _TRUE
        elif col.kind == "list":
            value = tuple(p.strip() for p in text.split(";") if p.strip())
        elif col.kind == "id":
            if any(ch.isspace() for ch in text):
                raise ValueError
            value = text
        else:
            value = text
    except ValueError:
        return None, "is not valid"
    if col.choices and value not in col.choices:
        return None, "is not allowed"
    if col.kind in ("float", "int"):
        too_low = col.min is not None and (value <= col.min if col.min_exclusive else value < col.min)
        too_high = col.max is not None and value > col.max
        if too_low or too_high:
            return None, "is out of range"
    return value, None


def parse_rows(table: Table, header: list[str], rows: Iterable[tuple[int, list[str]]], label: str) -> tuple[pd.DataFrame, list[str]]:
    """Parse raw string rows of one table. Returns the typed frame and the problems found."""
    problems: list[str] = []
    known = {c.name for c in table.columns}
    unknown = [h for h in header if h not in known]
    if unknown:
        problems.append(f"{label}: unknown column(s) {', '.join(unknown)}; expected columns: {', '.join(c.name for c in table.columns)}")
    missing = [c.name for c in table.columns if c.required and c.name not in header]
    if missing:
        problems.append(f"{label}: missing required column(s) {', '.join(missing)}")
    if problems:
        return pd.DataFrame(columns=[c.name for c in table.columns]), problems

    records: list[dict[str, Any]] = []
    lines: list[int] = []
    seen_keys: dict[tuple, int] = {}
    for line, fields in rows:
        if len(fields) != len(header):
            problems.append(f"{label} row {line}: expected {len(header)} fields, got {len(fields)}")
            continue
        raw = dict(zip(header, fields))
        record: dict[str, Any] = {}
        bad = False
        for col in table.columns:
            value, problem = _parse_value(col, raw.get(col.name, ""))
            if problem:
                got = raw.get(col.name, "").strip()
                problems.append(f"{label} row {line}, column {col.name}: {problem}: got '{got}', expected {col.expectation()}")
                bad = True
            record[col.name] = value
        if bad:
            continue
        if table.key:
            key = tuple(record[k] for k in table.key)
            if key in seen_keys:
                problems.append(f"{label} row {line}: duplicate {', '.join(table.key)} = {', '.join(map(str, key))} (first at row {seen_keys[key]})")
                continue
            seen_keys[key] = line
        records.append(record)
        lines.append(line)
    frame = pd.DataFrame.from_records(records, columns=[c.name for c in table.columns])
    for col in table.columns:
        if col.default is None and not col.required:
            # keep blanks as None (pandas would turn them into NaN in a float column)
            frame[col.name] = pd.Series([r[col.name] for r in records], dtype=object)
    frame["_row"] = pd.Series(lines, dtype="int64")
    return frame, problems


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return [], []
        rows = [(reader.line_num, fields) for fields in reader if any(f.strip() for f in fields)]
    return header, rows


def _digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in sorted(paths):
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def load_dataset(folder: str | Path) -> ModelData:
    """Read and validate every table of a dataset folder. Raises DataError listing every problem."""
    root = Path(folder)
    if not root.is_dir():
        raise DataError([f"{root}: dataset folder not found"])
    known_files = {t.filename for t in TABLES}
    problems: list[str] = []
    stray = sorted(p.name for p in root.glob("*.csv") if p.name not in known_files)
    if stray:
        problems.append(f"{root}: unknown table(s) {', '.join(stray)}; known tables: {', '.join(sorted(known_files))}")
    tables: dict[str, pd.DataFrame] = {}
    read: list[Path] = []
    for table in TABLES:
        path = root / table.filename
        if not path.exists():
            if table.required:
                problems.append(f"{path}: required table is missing")
            tables[table.name] = parse_rows(table, [c.name for c in table.columns], [], str(path))[0]
            continue
        read.append(path)
        header, rows = _read_csv(path)
        frame, found = parse_rows(table, header, rows, str(path))
        tables[table.name] = frame
        problems += found
    if problems:
        raise DataError(problems)
    return validate_tables(tables, origin=str(root), digest=_digest(read))


def dataset_from_records(records: Mapping[str, list[dict[str, Any]]], origin: str = "<memory>") -> ModelData:
    """Build a ModelData from Python records (tests, notebooks), through the same validation."""
    tables: dict[str, pd.DataFrame] = {}
    problems: list[str] = []
    for name in records:
        if name not in REGISTRY:
            problems.append(f"{origin}: unknown table {name}")
    for table in TABLES:
        rows = records.get(table.name, [])
        header = sorted({k for r in rows for k in r}) or [c.name for c in table.columns if c.required]
        raw = [(i + 2, ["" if r.get(h) is None else str(r.get(h)) for h in header]) for i, r in enumerate(rows)]
        if not rows and table.required:
            problems.append(f"{origin}/{table.filename}: required table is missing")
        frame, found = parse_rows(table, header, raw, f"{origin}/{table.filename}")
        tables[table.name] = frame
        problems += found
    if problems:
        raise DataError(problems)
    digest = hashlib.sha256(repr(sorted((k, repr(v)) for k, v in records.items())).encode()).hexdigest()[:16]
    return validate_tables(tables, origin=origin, digest=digest)


def validate_tables(tables: dict[str, pd.DataFrame], origin: str, digest: str) -> ModelData:
    """Check references between tables (`ree_opt.data_checks`); raise DataError with every problem found."""
    problems, warnings = check_tables(tables, origin)
    if problems:
        raise DataError(problems)
    return ModelData(tables=tables, origin=origin, digest=digest, warnings=tuple(warnings))
