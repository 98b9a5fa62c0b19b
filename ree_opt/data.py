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

from .errors import DataError
from .lifetimes import check_tables as check_circularity_tables
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


# --- cross-table checks ---------------------------------------------------------------------


def validate_tables(tables: dict[str, pd.DataFrame], origin: str, digest: str) -> ModelData:
    """Check references between tables; raise DataError with every problem found."""
    problems: list[str] = []
    warnings: list[str] = []

    def where(name: str, row: Any, column: str) -> str:
        return f"{origin}/{name}.csv row {int(row)}, column {column}"

    def check_in(name: str, column: str, allowed: set, what: str) -> None:
        df = tables[name]
        for value, row in zip(df[column], df["_row"]):
            if value is not None and value not in allowed:
                problems.append(f"{where(name, row, column)}: unknown {what} '{value}'")

    regions = set(tables["regions"]["region"])
    groups = set(tables["regions"]["group"])
    # a group may share its name with a region only if that region is its sole member
    members: dict[str, set] = {}
    for r, g in zip(tables["regions"]["region"], tables["regions"]["group"]):
        members.setdefault(g, set()).add(r)
    clash = sorted(g for g in groups & regions if members[g] != {g})
    if clash:
        problems.append(f"{origin}/regions.csv: names used both as a region and as a group of other regions: {', '.join(clash)}")
    commodities = set(tables["commodities"]["commodity"])
    com = tables["commodities"]
    for c, kind, row in zip(com["commodity"], com["kind"], com["_row"]):
        prefix, _, rest = c.partition(":")
        if not rest or prefix != kind:
            problems.append(f"{where('commodities', row, 'commodity')}: '{c}' must be written '{kind}:<name>'")

    feeds = tables["feeds"]
    feed_ids = set(feeds["feed"])
    tol = REGISTRY["feeds"].extra["sum_tolerance"]
    for feed, part in feeds.groupby("feed", sort=True):
        total = float(part["share"].sum())
        if abs(total - 1.0) > tol:
            problems.append(f"{origin}/feeds.csv rows {', '.join(str(r) for r in part['_row'])}: shares of feed '{feed}' sum to {total:.6g}, expected 1 (±{tol:g})")
        if f"ore:{feed}" not in commodities:
            problems.append(f"{origin}/feeds.csv row {int(part['_row'].iloc[0])}: feed '{feed}' has no commodity 'ore:{feed}' in commodities.csv")

    procs = tables["processes"]
    process_ids = set(procs["process"])
    stage_of = dict(zip(procs["process"], procs["stage"]))
    for feeds_list, row in zip(procs["feeds"], procs["_row"]):
        for f in feeds_list:
            if f not in feed_ids:
                problems.append(f"{where('processes', row, 'feeds')}: unknown feed '{f}'")

    deposits = tables["deposits"]
    deposit_ids = set(deposits["deposit"])
    deposit_region = dict(zip(deposits["deposit"], deposits["region"]))
    for d, row in zip(deposits["deposit"], deposits["_row"]):
        if d in process_ids:
            problems.append(f"{where('deposits', row, 'deposit')}: '{d}' is also a process id; deposit ids must differ from process ids")
    check_in("deposits", "region", regions, "region")
    check_in("deposits", "feed", feed_ids, "feed")
    check_in("deposits", "process", process_ids, "process")
    for p, row in zip(deposits["process"], deposits["_row"]):
        if p in stage_of and stage_of[p] != "mining":
            problems.append(f"{where('deposits', row, 'process')}: process '{p}' has stage '{stage_of[p]}', expected a mining process")
    mining_templates = set(deposits["process"])

    io = tables["process_io"]
    check_in("process_io", "process", process_ids, "process")
    check_in("process_io", "commodity", commodities, "commodity (not in commodities.csv)")
    for p, coef, row in zip(io["process"], io["coef"], io["_row"]):
        if coef == 0:
            problems.append(f"{where('process_io', row, 'coef')}: got 0, expected a non-zero coefficient (leave the row out instead)")
        if p in mining_templates:
            problems.append(f"{where('process_io', row, 'process')}: '{p}' is a deposit's mining process; its output is ore:<feed> of each deposit")

    sep = tables["separation"]
    check_in("separation", "process", process_ids, "process")
    for p, e, product, row in zip(sep["process"], sep["element"], sep["product"], sep["_row"]):
        if p in stage_of and stage_of[p] != "separation":
            problems.append(f"{where('separation', row, 'process')}: process '{p}' has stage '{stage_of[p]}', expected separation")
        target = product or f"oxide:{e}"
        if target not in commodities:
            problems.append(f"{where('separation', row, 'product')}: commodity '{target}' is not in commodities.csv")
    separation_processes = set(sep["process"])
    with_io = set(io["process"])
    for p, stage, row in zip(procs["process"], procs["stage"], procs["_row"]):
        if p not in with_io and p not in separation_processes and p not in mining_templates:
            problems.append(f"{where('processes', row, 'process')}: process '{p}' has no rows in process_io.csv or separation.csv, and no deposit uses it")

    units = process_ids | deposit_ids
    for name in ("existing_capacity", "projects", "process_region_costs"):
        check_in(name, "region", regions, "region")
        check_in(name, "process", units, "process or deposit")
        df = tables[name]
        for r, p, row in zip(df["region"], df["process"], df["_row"]):
            if p in deposit_region and deposit_region[p] != r:
                problems.append(f"{where(name, row, 'region')}: deposit '{p}' lies in '{deposit_region[p]}', got '{r}'")
            if p in mining_templates:
                problems.append(f"{where(name, row, 'process')}: '{p}' is a mining process; name the deposit instead")

    places = regions | groups | {"*"}
    check_in("build_limits", "region", places, "region or group")
    check_in("transport", "origin", places, "region or group")
    check_in("transport", "destination", places, "region or group")
    kinds = {c.partition(":")[0] for c in commodities}
    trans = tables["transport"]
    for c, row in zip(trans["commodity"], trans["_row"]):
        ok = c == "*" or c in commodities or (c.endswith(":*") and c[:-2] in kinds)
        if not ok:
            problems.append(f"{where('transport', row, 'commodity')}: unknown commodity or pattern '{c}'")

    check_in("demand", "region", regions, "region")
    check_in("demand", "commodity", commodities, "commodity (not in commodities.csv)")

    check_demand_response(tables["demand_response"], set(tables["demand"]["sector"]), where, problems)

    check_in("historical_consumption", "region", regions, "region")
    check_in("collection_rates", "region", regions | {"*"}, "region")
    check_in("process_emissions", "region", regions | {"*"}, "region")
    check_in("process_emissions", "process", units, "process or deposit")
    check_circularity_tables(tables, where, problems)

    source_ids = set(tables["sources"]["source"])
    check_in("deposits", "feed_source", source_ids, "source (not in sources.csv)")
    for table in TABLES:
        if table.name == "sources" or "source" not in tables[table.name].columns:
            continue
        df = tables[table.name]
        blank = 0
        for s, row in zip(df["source"], df["_row"]):
            if s is None:
                blank += 1
            elif s not in source_ids:
                problems.append(f"{where(table.name, row, 'source')}: unknown source '{s}' (not in sources.csv)")
        if blank:
            warnings.append(f"{origin}/{table.filename}: {blank} row(s) cite no source")

    if problems:
        raise DataError(problems)
    return ModelData(tables=tables, origin=origin, digest=digest, warnings=tuple(warnings))


def check_demand_response(dr: pd.DataFrame, sectors: set, where, problems: list[str]) -> None:
    """Each step names a sector of demand.csv, and a sector's steps have distinct orders (the merit order)."""
    seen: dict[tuple[str, int], str] = {}
    for sector, step, order, row in zip(dr["sector"], dr["step"], dr["order"], dr["_row"]):
        if sector not in sectors:
            problems.append(f"{where('demand_response', row, 'sector')}: '{sector}' is not a sector of demand.csv")
        if (sector, order) in seen:
            problems.append(f"{where('demand_response', row, 'order')}: order {order} of sector '{sector}' is already step "
                            f"'{seen[(sector, order)]}'; each step needs its own order")
        seen[(sector, order)] = step
