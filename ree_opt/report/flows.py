"""Flows between (stage, region group) nodes for a Sankey: mine → separation → metal → magnet → demand.

For commodity c used in region d in year t, the supply at d is what d's processes made and kept,
    kept(d, c) = max(0, made(d, c) − exported(d, c)),
plus imports(o → d, c); every use at d (a process's input, served demand, disposal of a surplus)
draws from these sources in proportion:
    link(source node → use node) += use × source amount ÷ (kept + imports).
A source is "<stage> · <group>" of the making region (split by stage where several stages make c);
supply not made by any process of a known stage (end-of-life scrap from stocks, which flows.csv
lists under the pseudo-process `end_of_life`) is "stocks · <group>".
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

RANK = {"mining": 0, "stocks": 0, "separation": 1, "recycling": 1, "metal": 2, "magnet": 3, "demand": 4, "surplus": 4}


def _node(stage: str, group: str) -> str:
    return f"{stage} · {group}"


def _sources(made: dict, ships: dict, c: str, d: str) -> dict[str, float]:
    """Source node → amount of c available at region d (made and kept, or imported)."""
    out: dict[str, float] = defaultdict(float)
    exported = sum(v for (cc, o, _), v in ships.items() if cc == c and o == d)
    for origin, amount in [(d, None)] + [(o, v) for (cc, o, dd), v in ships.items() if cc == c and dd == d]:
        by_stage = made.get((origin, c), {})
        total = sum(by_stage.values())
        amount = max(0.0, total - exported) if amount is None else amount
        if amount <= 0:
            continue
        for stage, v in by_stage.items() if total > 0 else [("stocks", 1.0)]:
            out[(stage, origin)] += amount * v / (total if total > 0 else 1.0)
    return out


def sankey_links(
    flows: pd.DataFrame,
    shipments: pd.DataFrame,
    uses: pd.DataFrame,
    stage_of: dict[str, str],
    group_of: dict[str, str],
    year: int,
) -> pd.DataFrame:
    """Links (source, target, y, source_rank, target_rank) between "<stage> · <group>" nodes in `year`.

    `flows`: region, process, commodity, year, value (> 0 made, < 0 used) as in flows.csv;
    `shipments`: commodity, origin, destination, year, value; `uses`: region, commodity, year,
    value, target_stage for uses outside processes (served demand → "demand", disposal → "surplus").
    """
    f = flows[flows["year"] == year]
    made: dict = defaultdict(lambda: defaultdict(float))
    use: dict = defaultdict(float)
    for r, p, c, v in zip(f["region"], f["process"], f["commodity"], f["value"]):
        if v > 0:
            made[(r, c)][stage_of.get(p, "stocks")] += v
        elif v < 0:
            use[(r, c, stage_of.get(p, "stocks"))] += -v
    u = uses[uses["year"] == year]
    for r, c, v, st in zip(u["region"], u["commodity"], u["value"], u["target_stage"]):
        use[(r, c, st)] += v
    s = shipments[shipments["year"] == year]
    ships = {(c, o, d): v for c, o, d, v in zip(s["commodity"], s["origin"], s["destination"], s["value"]) if v > 0}
    links: dict = defaultdict(float)
    for (d, c, target_stage), amount in use.items():
        src = _sources(made, ships, c, d) or {("stocks", d): 1.0}
        total = sum(src.values())
        for (stage, origin), v in src.items():
            links[(_node(stage, group_of[origin]), stage, _node(target_stage, group_of[d]), target_stage)] += amount * v / total
    rows = [
        {"source": s, "target": t, "y": v, "source_rank": RANK.get(ss, 1), "target_rank": RANK.get(ts, 1)}
        for (s, ss, t, ts), v in links.items()
        if v > 1e-9
    ]
    out = pd.DataFrame(rows, columns=["source", "target", "y", "source_rank", "target_rank"])
    return out.sort_values(["source_rank", "source", "target"]).reset_index(drop=True)
