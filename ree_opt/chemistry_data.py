"""Cross-table checks of the recipe-blend, co-product market and collection-tier tables (issue 11).

Called by the dataset validator (`ree_opt.data.validate_tables`); plain Python, no Pyomo.
"""

from __future__ import annotations

from collections import defaultdict

TOL = 1e-6


def _blend_groups(tables: dict) -> dict[tuple[str, str, str], list[dict]]:
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for row in tables["blends"].to_dict("records"):
        groups[(row["process"], row["mode"], row["group"])].append(row)
    return groups


def recipe_modes(tables: dict) -> dict[str, set[str]]:
    """Modes each process has in process_io (mode '*' rows excluded)."""
    modes: dict[str, set[str]] = defaultdict(set)
    for k, m in zip(tables["process_io"]["process"], tables["process_io"]["mode"]):
        if m != "*":
            modes[k].add(m)
    return modes


def _check_recipe_in_bounds(tables: dict, where, problems: list[str]) -> None:
    """The process_io recipe of every blended mode must be one of the blends the bounds allow."""
    io = tables["process_io"]
    coef = {(k, m, c): a for k, m, c, a in zip(io["process"], io["mode"], io["commodity"], io["coef"])}
    modes = recipe_modes(tables)
    for (k, mode, group), rows in _blend_groups(tables).items():
        first = int(rows[0]["_row"])
        if sum(r["min_share"] for r in rows) > 1 + TOL or sum(r["max_share"] for r in rows) < 1 - TOL:
            problems.append(f"{where('blends', first, 'min_share')}: shares of group '{group}' of {k}/{mode} cannot add up to 1 (Σ min > 1 or Σ max < 1)")
            continue
        for m in sorted(modes.get(k, set())) if mode == "*" else [mode]:
            used = {r["commodity"]: -coef.get((k, m, r["commodity"]), 0.0) for r in rows}
            if any(v < 0 for v in used.values()):
                problems.append(f"{where('blends', first, 'commodity')}: group '{group}' of {k}/{m} holds an output of the recipe; blend inputs only")
                continue
            total = sum(used.values())
            if total <= 0:
                problems.append(f"{where('blends', first, 'group')}: group '{group}' of {k}/{m} has no input in process_io.csv (nothing to blend)")
                continue
            for r in rows:
                share = used[r["commodity"]] / total
                if not r["min_share"] - TOL <= share <= r["max_share"] + TOL:
                    problems.append(f"{where('blends', r['_row'], 'min_share')}: the process_io recipe of {k}/{m} has {share:.4f} of group '{group}' "
                                    f"as {r['commodity']}, outside [{r['min_share']:g}, {r['max_share']:g}]")


def _check_carriers(tables: dict, where, problems: list[str]) -> None:
    """A `carried_by` output must be an output of every mode the row names, and carry some recipe input.

    The carried output follows the blend at f = a[k,m,carrier] / Σ (−a[k,m,c]) over the inputs it carries,
    so that ratio must exist: the carrier an output (a > 0) and its inputs in the recipe (Σ > 0).
    """
    io = tables["process_io"]
    coef = {(k, m, c): a for k, m, c, a in zip(io["process"], io["mode"], io["commodity"], io["coef"])}
    modes = recipe_modes(tables)
    carried: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for row in tables["blends"].to_dict("records"):
        if row["carried_by"]:
            for m in sorted(modes.get(row["process"], set())) if row["mode"] == "*" else [row["mode"]]:
                carried[(row["process"], m, row["carried_by"])].append(row)
    for (k, m, carrier), rows in carried.items():
        at = where("blends", rows[0]["_row"], "carried_by")
        if coef.get((k, m, carrier), 0.0) <= 0:
            problems.append(f"{at}: '{carrier}' is not an output of {k}/{m} in process_io.csv (a carrier must be one)")
        elif sum(-coef.get((k, m, r["commodity"]), 0.0) for r in rows) <= 0:
            problems.append(f"{at}: the recipe of {k}/{m} takes none of what '{carrier}' carries, so its ratio to the input is undefined")


def check_tables(tables: dict, where, problems: list[str]) -> None:
    """Cross-table checks of blends, mode_costs, markets and collection_tiers."""
    commodities = set(tables["commodities"]["commodity"])
    regions = set(tables["regions"]["region"])
    processes = set(tables["processes"]["process"])
    modes = recipe_modes(tables)
    in_group: dict[tuple[str, str, str], str] = {}
    for row in tables["blends"].to_dict("records"):
        at = row["_row"]
        if row["process"] not in processes:
            problems.append(f"{where('blends', at, 'process')}: unknown process '{row['process']}'")
            continue
        if row["mode"] != "*" and row["mode"] not in modes.get(row["process"], set()):
            problems.append(f"{where('blends', at, 'mode')}: process '{row['process']}' has no mode '{row['mode']}' in process_io.csv")
        if row["commodity"] not in commodities:
            problems.append(f"{where('blends', at, 'commodity')}: unknown commodity '{row['commodity']}' (not in commodities.csv)")
        if row["min_share"] > row["max_share"]:
            problems.append(f"{where('blends', at, 'max_share')}: got {row['max_share']:g}, expected ≥ min_share {row['min_share']:g}")
        key = (row["process"], row["mode"], row["commodity"])
        if in_group.setdefault(key, row["group"]) != row["group"]:
            problems.append(f"{where('blends', at, 'group')}: {row['commodity']} is already in group '{in_group[key]}' of {row['process']}/{row['mode']}")
        if row["carried_by"] and row["carried_by"] not in commodities:
            problems.append(f"{where('blends', at, 'carried_by')}: unknown commodity '{row['carried_by']}' (not in commodities.csv)")
    if not problems:
        _check_recipe_in_bounds(tables, where, problems)
        _check_carriers(tables, where, problems)
    for row in tables["mode_costs"].to_dict("records"):
        if row["mode"] not in modes.get(row["process"], set()):
            problems.append(f"{where('mode_costs', row['_row'], 'mode')}: process '{row['process']}' has no mode '{row['mode']}' in process_io.csv")
    for row in tables["markets"].to_dict("records"):
        if row["region"] not in regions:
            problems.append(f"{where('markets', row['_row'], 'region')}: unknown region '{row['region']}'")
        if row["commodity"] not in commodities:
            problems.append(f"{where('markets', row['_row'], 'commodity')}: unknown commodity '{row['commodity']}' (not in commodities.csv)")
    sectors = set(tables["sector_lifetimes"]["sector"])
    for row in tables["collection_tiers"].to_dict("records"):
        if row["sector"] not in sectors:
            problems.append(f"{where('collection_tiers', row['_row'], 'sector')}: sector '{row['sector']}' has no lifetime in sector_lifetimes.csv")
        if row["region"] != "*" and row["region"] not in regions:
            problems.append(f"{where('collection_tiers', row['_row'], 'region')}: unknown region '{row['region']}'")
