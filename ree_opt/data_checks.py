"""Checks between the tables of a dataset, in stages so that one mistake gives one line.

Stage 1 checks what other tables refer to: the id tables are not empty, commodity names,
feed compositions, id clashes. Only if stage 1 passes does stage 2 check the references
(a deposit's region, a demand's commodity …): a broken `regions.csv` is then reported once,
not once per row that names a region. Stage 3 (only after stage 2 passes) checks what a
broken reference would also trip: every process is defined, the circularity tables; and the
sources. Every unknown name is one problem however many rows use it: the line names the
first row and counts the others.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .chemistry_data import check_tables as check_chemistry_tables
from .environment_data import check_tables as check_footprint_tables
from .schema import REGISTRY, TABLES

# tables whose ids the others refer to: empty, every reference to them would fail
_REFERENCED = ("regions", "commodities", "processes")


class Checker:
    """Collects problems with their location; unknown references are grouped by (what, value)."""

    def __init__(self, tables: dict[str, pd.DataFrame], origin: str):
        self.tables, self.origin = tables, origin
        self.problems: list[str] = []
        self.unknown: dict[Any, tuple[str, list[str]]] = {}

    def where(self, name: str, row: Any, column: str) -> str:
        return f"{self.origin}/{name}.csv row {int(row)}, column {column}"

    def check_in(self, name: str, column: str, allowed: set, what: str) -> None:
        df = self.tables[name]
        for value, row in zip(df[column], df["_row"]):
            if value is not None and value not in allowed:
                self.missing(value, what, self.where(name, row, column))

    def missing(self, value: Any, what: str, place: str) -> None:
        """Record an unknown name; every later use of the same name joins its one problem."""
        self.unknown.setdefault(value, (what, []))[1].append(place)

    def flush_unknown(self) -> None:
        """One line per unknown name: its first place, and how many other rows use it."""
        for value, (what, places) in self.unknown.items():
            more = f" (and {len(places) - 1} more row(s) using it)" if len(places) > 1 else ""
            noun, _, hint = what.partition(" (")
            hint = f" ({hint}" if hint else ""
            self.problems.append(f"{places[0]}: unknown {noun} '{value}'{hint}{more}")
        self.unknown.clear()


def check_tables(tables: dict[str, pd.DataFrame], origin: str) -> tuple[list[str], list[str]]:
    """(problems, warnings) of a parsed dataset; each stage runs only when the one before found nothing."""
    ck = Checker(tables, origin)
    _check_ids(ck)
    if ck.problems:
        return ck.problems, []
    _check_references(ck)
    ck.flush_unknown()
    if ck.problems:
        return ck.problems, []
    # last: a renamed or misplaced process would also look undefined; sources depend on nothing
    _check_defined(ck)
    _check_demand_response(ck)
    _check_circularity(ck)
    check_footprint_tables(ck.tables, ck.where, ck.problems)  # energy, carrier intensity, route emissions, feed thorium
    check_chemistry_tables(ck.tables, ck.where, ck.problems)  # recipe blends, mode costs, co-product markets, collection tiers
    source_ids = set(ck.tables["sources"]["source"])
    for table in TABLES:
        if table.name != "sources" and "source" in ck.tables[table.name].columns:
            ck.check_in(table.name, "source", source_ids, "source (not in sources.csv)")
    ck.check_in("deposits", "feed_source", source_ids, "source (not in sources.csv)")
    ck.flush_unknown()
    return ck.problems, _source_warnings(ck)


def _check_ids(ck: Checker) -> None:
    """Stage 1: the tables others refer to are present and their ids well formed."""
    t, origin = ck.tables, ck.origin
    for name in _REFERENCED:
        if t[name].empty:
            ck.problems.append(f"{origin}/{name}.csv: has no data rows; at least one {REGISTRY[name].key[0]} is needed")
    if ck.problems:
        return
    regions, groups = set(t["regions"]["region"]), set(t["regions"]["group"])
    members: dict[str, set] = {}
    for r, g in zip(t["regions"]["region"], t["regions"]["group"]):
        members.setdefault(g, set()).add(r)
    # a group may share its name with a region only if that region is its sole member
    clash = sorted(g for g in groups & regions if members[g] != {g})
    if clash:
        ck.problems.append(f"{origin}/regions.csv: names used both as a region and as a group of other regions: {', '.join(clash)}")
    com = t["commodities"]
    for c, kind, row in zip(com["commodity"], com["kind"], com["_row"]):
        prefix, _, rest = c.partition(":")
        if not rest or prefix != kind:
            ck.problems.append(f"{ck.where('commodities', row, 'commodity')}: '{c}' must be written '{kind}:<name>'")
    if ck.problems:
        return  # a misnamed commodity would also fail the feed checks below
    commodities = set(com["commodity"])
    tol = REGISTRY["feeds"].extra["sum_tolerance"]
    for feed, part in t["feeds"].groupby("feed", sort=True):
        total = float(part["share"].sum())
        if abs(total - 1.0) > tol:
            ck.problems.append(f"{origin}/feeds.csv rows {', '.join(str(r) for r in part['_row'])}: shares of feed '{feed}' sum to {total:.6g}, expected 1 (±{tol:g})")
        if f"ore:{feed}" not in commodities:
            ck.problems.append(f"{origin}/feeds.csv row {int(part['_row'].iloc[0])}: feed '{feed}' has no commodity 'ore:{feed}' in commodities.csv")
    process_ids = set(t["processes"]["process"])
    for d, row in zip(t["deposits"]["deposit"], t["deposits"]["_row"]):
        if d in process_ids:
            ck.problems.append(f"{ck.where('deposits', row, 'deposit')}: '{d}' is also a process id; deposit ids must differ from process ids")


def _check_references(ck: Checker) -> None:
    """Stage 2: every name a row uses exists, with the right stage."""
    t = ck.tables
    regions, groups = set(t["regions"]["region"]), set(t["regions"]["group"])
    commodities = set(t["commodities"]["commodity"])
    feed_ids = set(t["feeds"]["feed"])
    procs = t["processes"]
    process_ids = set(procs["process"])
    stage_of = dict(zip(procs["process"], procs["stage"]))
    for feeds_list, row in zip(procs["feeds"], procs["_row"]):
        unknown = [f for f in feeds_list if f not in feed_ids]
        if unknown:  # one cell, one line: several unknown feeds in it are named together
            ck.missing(";".join(unknown), "feed" if len(unknown) == 1 else "feeds", ck.where("processes", row, "feeds"))
    deposits = t["deposits"]
    ck.check_in("deposits", "region", regions, "region")
    ck.check_in("deposits", "feed", feed_ids, "feed")
    ck.check_in("deposits", "process", process_ids, "process")
    for p, row in zip(deposits["process"], deposits["_row"]):
        if p in stage_of and stage_of[p] != "mining":
            ck.problems.append(f"{ck.where('deposits', row, 'process')}: process '{p}' has stage '{stage_of[p]}', expected a mining process")
    # a deposit naming a non-mining process is reported above, not again where that process is used
    mining_templates = {p for p in deposits["process"] if stage_of.get(p) == "mining"}
    _check_process_tables(ck, commodities, stage_of, mining_templates)
    _check_units(ck, regions, process_ids | set(deposits["deposit"]), mining_templates)
    places = regions | groups | {"*"}
    ck.check_in("build_limits", "region", places, "region or group")
    ck.check_in("transport", "origin", places, "region or group")
    ck.check_in("transport", "destination", places, "region or group")
    kinds = {c.partition(":")[0] for c in commodities}
    for c, row in zip(t["transport"]["commodity"], t["transport"]["_row"]):
        if not (c == "*" or c in commodities or (c.endswith(":*") and c[:-2] in kinds)):
            ck.missing(c, "commodity or pattern", ck.where("transport", row, "commodity"))
    ck.check_in("demand", "region", regions, "region")
    ck.check_in("demand", "commodity", commodities, "commodity (not in commodities.csv)")
    ck.check_in("historical_consumption", "region", regions, "region")
    ck.check_in("collection_rates", "region", regions | {"*"}, "region")
    ck.check_in("process_emissions", "region", regions | {"*"}, "region")
    ck.check_in("process_emissions", "process", process_ids | set(deposits["deposit"]), "process or deposit")


def _check_process_tables(ck: Checker, commodities: set, stage_of: dict, mining_templates: set) -> None:
    """process_io and separation rows name known processes and commodities; every process is defined."""
    t = ck.tables
    io = t["process_io"]
    ck.check_in("process_io", "process", set(stage_of), "process")
    ck.check_in("process_io", "commodity", commodities, "commodity (not in commodities.csv)")
    for p, coef, row in zip(io["process"], io["coef"], io["_row"]):
        if coef == 0:
            ck.problems.append(f"{ck.where('process_io', row, 'coef')}: got 0, expected a non-zero coefficient (leave the row out instead)")
        if p in mining_templates:
            ck.problems.append(f"{ck.where('process_io', row, 'process')}: '{p}' is a deposit's mining process; its output is ore:<feed> of each deposit")
    sep = t["separation"]
    ck.check_in("separation", "process", set(stage_of), "process")
    for p, e, product, row in zip(sep["process"], sep["element"], sep["product"], sep["_row"]):
        if p in stage_of and stage_of[p] != "separation":
            ck.problems.append(f"{ck.where('separation', row, 'process')}: process '{p}' has stage '{stage_of[p]}', expected separation")
        target = product or f"oxide:{e}"
        if target not in commodities:
            ck.missing(target, "commodity (not in commodities.csv)", ck.where("separation", row, "product"))


def _check_defined(ck: Checker) -> None:
    """Stage 3: every process is defined by process_io, separation or a deposit."""
    t = ck.tables
    stage_of = dict(zip(t["processes"]["process"], t["processes"]["stage"]))
    mining = {p for p in t["deposits"]["process"] if stage_of.get(p) == "mining"}
    defined = set(t["process_io"]["process"]) | set(t["separation"]["process"]) | mining
    for p, row in zip(t["processes"]["process"], t["processes"]["_row"]):
        if p not in defined:
            ck.problems.append(f"{ck.where('processes', row, 'process')}: process '{p}' has no rows in process_io.csv or separation.csv, and no deposit uses it")


def _check_demand_response(ck: Checker) -> None:
    """Each step names a sector of demand.csv, and a sector's steps have distinct orders (the merit order)."""
    dr, sectors = ck.tables["demand_response"], set(ck.tables["demand"]["sector"])
    seen: dict[tuple[str, int], str] = {}
    for sector, step, order, row in zip(dr["sector"], dr["step"], dr["order"], dr["_row"]):
        if sector not in sectors:
            ck.problems.append(f"{ck.where('demand_response', row, 'sector')}: '{sector}' is not a sector of demand.csv")
        if (sector, order) in seen:
            ck.problems.append(f"{ck.where('demand_response', row, 'order')}: order {order} of sector '{sector}' is already "
                               f"step '{seen[(sector, order)]}'; each step needs its own order")
        seen[(sector, order)] = step


def _check_units(ck: Checker, regions: set, units: set, mining_templates: set) -> None:
    """Capacity, projects and regional costs name a known region and a process or deposit in it."""
    deposit_region = dict(zip(ck.tables["deposits"]["deposit"], ck.tables["deposits"]["region"]))
    for name in ("existing_capacity", "projects", "process_region_costs"):
        ck.check_in(name, "region", regions, "region")
        ck.check_in(name, "process", units, "process or deposit")
        df = ck.tables[name]
        for r, p, row in zip(df["region"], df["process"], df["_row"]):
            # an unknown region is reported once, as unknown, not again as a mismatch
            if p in deposit_region and deposit_region[p] != r and {deposit_region[p], r} <= regions:
                ck.problems.append(f"{ck.where(name, row, 'region')}: deposit '{p}' lies in '{deposit_region[p]}', got '{r}'")
            if p in mining_templates:
                ck.problems.append(f"{ck.where(name, row, 'process')}: '{p}' is a mining process; name the deposit instead")


def _source_warnings(ck: Checker) -> list[str]:
    warnings = []
    for table in TABLES:
        df = ck.tables[table.name]
        if table.name != "sources" and "source" in df.columns:
            blank = sum(1 for s in df["source"] if s is None)
            if blank:
                warnings.append(f"{ck.origin}/{table.filename}: {blank} row(s) cite no source")
    return warnings


def _check_circularity(ck: Checker) -> None:
    """The circularity tables: one sector per magnet commodity, known scrap commodities, lifetimes complete."""
    tables, where, problems = ck.tables, ck.where, ck.problems
    commodities = dict(zip(tables["commodities"]["commodity"], tables["commodities"]["disposable"]))
    lt = tables["sector_lifetimes"]
    first_row: dict[str, int] = {}
    for row in lt.to_dict("records"):
        magnet = row["commodity"] or f"magnet:{row['sector']}"
        if magnet in first_row:
            # served demand is known per commodity, so two sectors on one commodity would both count all of it
            problems.append(f"{where('sector_lifetimes', row['_row'], 'commodity')}: '{magnet}' already has a lifetime (row {first_row[magnet]}); one sector per magnet commodity")
        first_row.setdefault(magnet, int(row["_row"]))
        if magnet not in commodities:
            problems.append(f"{where('sector_lifetimes', row['_row'], 'commodity')}: unknown commodity '{magnet}' (not in commodities.csv)")
        if row["scrap"] not in commodities:
            problems.append(f"{where('sector_lifetimes', row['_row'], 'scrap')}: unknown commodity '{row['scrap']}' (not in commodities.csv)")
        elif not commodities[row["scrap"]]:
            problems.append(f"{where('sector_lifetimes', row['_row'], 'scrap')}: '{row['scrap']}' must be disposable in commodities.csv (scrap not recycled goes to landfill)")
        if row["distribution"] == "weibull" and row["shape"] is None:
            problems.append(f"{where('sector_lifetimes', row['_row'], 'shape')}: is required for a weibull lifetime: got '', expected a number > 0")
    sectors = set(lt["sector"])
    for name in ("collection_rates", "historical_consumption"):
        df = tables[name]
        for s, row in zip(df["sector"], df["_row"]):
            if s not in sectors:
                problems.append(f"{where(name, row, 'sector')}: sector '{s}' has no lifetime in sector_lifetimes.csv")
