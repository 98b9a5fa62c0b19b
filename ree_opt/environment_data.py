"""Cross-table checks of the footprint tables (issue 16), called by the dataset validator.

energy_use and route_emissions name a process (or deposit) and a mode of it ('*' = every mode);
carrier_intensity names a region or '*'; feed_radionuclides names a feed of feeds.csv. A mode is
a separation feed (separation processes) or a mode of process_io.csv.
"""

from __future__ import annotations


def _modes(tables: dict) -> dict[str, set[str]]:
    """Modes of each process: feeds for separation processes, process_io modes otherwise."""
    feeds = set(tables["feeds"]["feed"])
    out: dict[str, set[str]] = {p: set(feeds) for p in tables["separation"]["process"]}
    for p, mode in zip(tables["process_io"]["process"], tables["process_io"]["mode"]):
        out.setdefault(p, set()).add(mode)
    return out


def check_tables(tables: dict, where, problems: list[str]) -> None:
    """Append one line per bad reference to `problems` (file, row, column, what was expected)."""
    units = set(tables["processes"]["process"]) | set(tables["deposits"]["deposit"])
    modes = _modes(tables)
    for name in ("energy_use", "route_emissions"):
        df = tables[name]
        for k, mode, row in zip(df["process"], df["mode"], df["_row"]):
            if k not in units:
                problems.append(f"{where(name, row, 'process')}: unknown process or deposit '{k}'")
            elif mode not in (None, "*") and mode not in modes.get(k, set()):
                known = ", ".join(sorted(modes.get(k, set()))) or "only '*' (it has no modes)"
                problems.append(f"{where(name, row, 'mode')}: '{k}' has no mode '{mode}'; expected one of {known}")
    regions = set(tables["regions"]["region"]) | {"*"}
    ci = tables["carrier_intensity"]
    for r, row in zip(ci["region"], ci["_row"]):
        if r not in regions:
            problems.append(f"{where('carrier_intensity', row, 'region')}: unknown region '{r}' (expected a region of regions.csv or *)")
    feeds = set(tables["feeds"]["feed"])
    fr = tables["feed_radionuclides"]
    for f, row in zip(fr["feed"], fr["_row"]):
        if f not in feeds:
            problems.append(f"{where('feed_radionuclides', row, 'feed')}: unknown feed '{f}' (not in feeds.csv)")
