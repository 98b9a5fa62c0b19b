"""Cross-table checks of a parsed dataset: references between tables, compositions, recipes, sources.

Each check appends one message per problem, naming file, row (as a spreadsheet numbers it) and
column, so a user sees every problem at once. `check_tables` returns (problems, warnings).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .environment_data import check_tables as check_footprint_tables
from .chemistry_data import check_tables as check_chemistry_tables
from .schema import REGISTRY, TABLES


class _Report:
    """Problems and warnings found so far, with the helpers every check uses."""

    def __init__(self, tables: dict[str, pd.DataFrame], origin: str):
        self.tables, self.origin = tables, origin
        self.problems: list[str] = []
        self.warnings: list[str] = []

    def where(self, name: str, row: Any, column: str) -> str:
        return f"{self.origin}/{name}.csv row {int(row)}, column {column}"

    def check_in(self, name: str, column: str, allowed: set, what: str) -> None:
        df = self.tables[name]
        for value, row in zip(df[column], df["_row"]):
            if value is not None and value not in allowed:
                self.problems.append(f"{self.where(name, row, column)}: unknown {what} '{value}'")


def check_tables(tables: dict[str, pd.DataFrame], origin: str) -> tuple[list[str], list[str]]:
    """Every cross-table check; (problems, warnings)."""
    rep = _Report(tables, origin)
    for check in (_regions_and_commodities, _feeds_and_processes, _deposits, _recipes, _unit_references, _places_and_demand,
                  _demand_response, _circularity, _footprints, _chemistry, _sources):
        check(rep)
    return rep.problems, rep.warnings


def _regions_and_commodities(rep: _Report) -> None:
    tables, origin = rep.tables, rep.origin
    regions = set(tables["regions"]["region"])
    groups = set(tables["regions"]["group"])
    # a group may share its name with a region only if that region is its sole member
    members: dict[str, set] = {}
    for r, g in zip(tables["regions"]["region"], tables["regions"]["group"]):
        members.setdefault(g, set()).add(r)
    clash = sorted(g for g in groups & regions if members[g] != {g})
    if clash:
        rep.problems.append(f"{origin}/regions.csv: names used both as a region and as a group of other regions: {', '.join(clash)}")
    com = tables["commodities"]
    for c, kind, row in zip(com["commodity"], com["kind"], com["_row"]):
        prefix, _, rest = c.partition(":")
        if not rest or prefix != kind:
            rep.problems.append(f"{rep.where('commodities', row, 'commodity')}: '{c}' must be written '{kind}:<name>'")


def _feeds_and_processes(rep: _Report) -> None:
    tables, origin = rep.tables, rep.origin
    commodities = set(tables["commodities"]["commodity"])
    feeds = tables["feeds"]
    feed_ids = set(feeds["feed"])
    tol = REGISTRY["feeds"].extra["sum_tolerance"]
    for feed, part in feeds.groupby("feed", sort=True):
        total = float(part["share"].sum())
        if abs(total - 1.0) > tol:
            rep.problems.append(f"{origin}/feeds.csv rows {', '.join(str(r) for r in part['_row'])}: shares of feed '{feed}' sum to {total:.6g}, expected 1 (±{tol:g})")
        if f"ore:{feed}" not in commodities:
            rep.problems.append(f"{origin}/feeds.csv row {int(part['_row'].iloc[0])}: feed '{feed}' has no commodity 'ore:{feed}' in commodities.csv")
    procs = tables["processes"]
    for feeds_list, row in zip(procs["feeds"], procs["_row"]):
        for f in feeds_list:
            if f not in feed_ids:
                rep.problems.append(f"{rep.where('processes', row, 'feeds')}: unknown feed '{f}'")


def _deposits(rep: _Report) -> None:
    tables = rep.tables
    procs = tables["processes"]
    process_ids, stage_of = set(procs["process"]), dict(zip(procs["process"], procs["stage"]))
    deposits = tables["deposits"]
    for d, row in zip(deposits["deposit"], deposits["_row"]):
        if d in process_ids:
            rep.problems.append(f"{rep.where('deposits', row, 'deposit')}: '{d}' is also a process id; deposit ids must differ from process ids")
    rep.check_in("deposits", "region", set(tables["regions"]["region"]), "region")
    rep.check_in("deposits", "feed", set(tables["feeds"]["feed"]), "feed")
    rep.check_in("deposits", "process", process_ids, "process")
    for p, row in zip(deposits["process"], deposits["_row"]):
        if p in stage_of and stage_of[p] != "mining":
            rep.problems.append(f"{rep.where('deposits', row, 'process')}: process '{p}' has stage '{stage_of[p]}', expected a mining process")


def _recipes(rep: _Report) -> None:
    tables = rep.tables
    procs = tables["processes"]
    process_ids, stage_of = set(procs["process"]), dict(zip(procs["process"], procs["stage"]))
    commodities = set(tables["commodities"]["commodity"])
    mining_templates = set(tables["deposits"]["process"])
    io = tables["process_io"]
    rep.check_in("process_io", "process", process_ids, "process")
    rep.check_in("process_io", "commodity", commodities, "commodity (not in commodities.csv)")
    for p, coef, row in zip(io["process"], io["coef"], io["_row"]):
        if coef == 0:
            rep.problems.append(f"{rep.where('process_io', row, 'coef')}: got 0, expected a non-zero coefficient (leave the row out instead)")
        if p in mining_templates:
            rep.problems.append(f"{rep.where('process_io', row, 'process')}: '{p}' is a deposit's mining process; its output is ore:<feed> of each deposit")
    sep = tables["separation"]
    rep.check_in("separation", "process", process_ids, "process")
    for p, e, product, row in zip(sep["process"], sep["element"], sep["product"], sep["_row"]):
        if p in stage_of and stage_of[p] != "separation":
            rep.problems.append(f"{rep.where('separation', row, 'process')}: process '{p}' has stage '{stage_of[p]}', expected separation")
        target = product or f"oxide:{e}"
        if target not in commodities:
            rep.problems.append(f"{rep.where('separation', row, 'product')}: commodity '{target}' is not in commodities.csv")
    separation_processes, with_io = set(sep["process"]), set(io["process"])
    for p, row in zip(procs["process"], procs["_row"]):
        if p not in with_io and p not in separation_processes and p not in mining_templates:
            rep.problems.append(f"{rep.where('processes', row, 'process')}: process '{p}' has no rows in process_io.csv or separation.csv, and no deposit uses it")


def _unit_references(rep: _Report) -> None:
    tables = rep.tables
    deposits = tables["deposits"]
    units = set(tables["processes"]["process"]) | set(deposits["deposit"])
    deposit_region = dict(zip(deposits["deposit"], deposits["region"]))
    mining_templates = set(deposits["process"])
    for name in ("existing_capacity", "projects", "process_region_costs"):
        rep.check_in(name, "region", set(tables["regions"]["region"]), "region")
        rep.check_in(name, "process", units, "process or deposit")
        df = tables[name]
        for r, p, row in zip(df["region"], df["process"], df["_row"]):
            if p in deposit_region and deposit_region[p] != r:
                rep.problems.append(f"{rep.where(name, row, 'region')}: deposit '{p}' lies in '{deposit_region[p]}', got '{r}'")
            if p in mining_templates:
                rep.problems.append(f"{rep.where(name, row, 'process')}: '{p}' is a mining process; name the deposit instead")


def _places_and_demand(rep: _Report) -> None:
    tables = rep.tables
    regions = set(tables["regions"]["region"])
    commodities = set(tables["commodities"]["commodity"])
    places = regions | set(tables["regions"]["group"]) | {"*"}
    rep.check_in("build_limits", "region", places, "region or group")
    rep.check_in("transport", "origin", places, "region or group")
    rep.check_in("transport", "destination", places, "region or group")
    kinds = {c.partition(":")[0] for c in commodities}
    trans = tables["transport"]
    for c, row in zip(trans["commodity"], trans["_row"]):
        if not (c == "*" or c in commodities or (c.endswith(":*") and c[:-2] in kinds)):
            rep.problems.append(f"{rep.where('transport', row, 'commodity')}: unknown commodity or pattern '{c}'")
    rep.check_in("demand", "region", regions, "region")
    rep.check_in("demand", "commodity", commodities, "commodity (not in commodities.csv)")
    rep.check_in("historical_consumption", "region", regions, "region")
    rep.check_in("collection_rates", "region", regions | {"*"}, "region")
    rep.check_in("process_emissions", "region", regions | {"*"}, "region")
    rep.check_in("process_emissions", "process", set(tables["processes"]["process"]) | set(tables["deposits"]["deposit"]), "process or deposit")


def _demand_response(rep: _Report) -> None:
    """Each step names a sector of demand.csv, and a sector's steps have distinct orders (the merit order)."""
    dr, sectors = rep.tables["demand_response"], set(rep.tables["demand"]["sector"])
    seen: dict[tuple[str, int], str] = {}
    for sector, step, order, row in zip(dr["sector"], dr["step"], dr["order"], dr["_row"]):
        if sector not in sectors:
            rep.problems.append(f"{rep.where('demand_response', row, 'sector')}: '{sector}' is not a sector of demand.csv")
        if (sector, order) in seen:
            rep.problems.append(f"{rep.where('demand_response', row, 'order')}: order {order} of sector '{sector}' is already "
                                f"step '{seen[(sector, order)]}'; each step needs its own order")
        seen[(sector, order)] = step


def _sources(rep: _Report) -> None:
    source_ids = set(rep.tables["sources"]["source"])
    rep.check_in("deposits", "feed_source", source_ids, "source (not in sources.csv)")
    for table in TABLES:
        if table.name == "sources" or "source" not in rep.tables[table.name].columns:
            continue
        df = rep.tables[table.name]
        blank = 0
        for s, row in zip(df["source"], df["_row"]):
            if s is None:
                blank += 1
            elif s not in source_ids:
                rep.problems.append(f"{rep.where(table.name, row, 'source')}: unknown source '{s}' (not in sources.csv)")
        if blank:
            rep.warnings.append(f"{rep.origin}/{table.filename}: {blank} row(s) cite no source")


def _footprints(rep: _Report) -> None:
    """The footprint tables of issue 16 (energy, carrier intensity, route emissions, feed thorium)."""
    check_footprint_tables(rep.tables, rep.where, rep.problems)


def _circularity(rep: _Report) -> None:
    """The circularity tables: one sector per magnet commodity, known scrap commodities, lifetimes complete."""
    tables, where, problems = rep.tables, rep.where, rep.problems
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


def _chemistry(rep: _Report) -> None:
    """Recipe blends, mode costs, co-product markets and collection tiers (`ree_opt.chemistry_data`)."""
    check_chemistry_tables(rep.tables, rep.where, rep.problems)
