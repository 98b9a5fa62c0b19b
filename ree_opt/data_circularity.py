"""Cross-table checks of the circularity tables (sector lifetimes, collection rates, historical consumption).

Run by the dataset validator (`ree_opt.data`), so a dataset is checked whether or not a model
switches recycling from stocks on.
"""

from __future__ import annotations


def check_tables(tables: dict, where, problems: list[str]) -> None:
    """Cross-table checks of the circularity tables (called by the dataset validator)."""
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
