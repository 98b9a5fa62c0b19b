"""Benchmark: stress-test throughput, extensive-form size/time/memory, and PH over MPI, by number of scenarios.

Scenarios are drawn at random (seeded) from the example model's kinds of disruption: outages of
a region's stage, China export bans on sets of commodities, demand surges by sector, cost shocks;
each scenario has probability 1/N. Every EF case runs in its own process so peak memory
(ru_maxrss) belongs to it alone.

    python benchmarks/bench_disruptions.py                       # everything, prints Markdown tables
    python benchmarks/bench_disruptions.py --stress 40 --ef 10 50 --ph 50 --ph-ranks 1 3 --ph-iterations 20
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "models" / "example.yaml"


def random_scenarios(n: int, seed: int = 1) -> list[dict]:
    """N scenarios of 1–2 random events on the example dataset, equal probabilities (the first undisrupted)."""
    rng = random.Random(seed)
    regions, stages = ["china", "usa", "australia", "malaysia"], ["mining", "separation", "metal", "magnet"]
    bans = [["oxide:dy", "oxide:tb", "metal:dy", "metal:tb", "magnet:*"], ["*"], ["magnet:*"], ["oxide:*"]]
    years = [2025, 2030, 2035, 2040]

    def event() -> dict:
        start = rng.choice(years)
        span = {"from_year": start, "to_year": min(2050, start + rng.choice([0, 5, 10]))}
        kind = rng.random()
        if kind < 0.4:
            return {"kind": "outage", "region": rng.choice(regions), "stage": rng.choice(stages), "keep": round(rng.uniform(0, 0.8), 2), **span}
        if kind < 0.7:
            return {"kind": "trade_ban", "origin": "china", "destination": "*", "commodities": rng.choice(bans), **span}
        if kind < 0.9:
            return {"kind": "demand", "sector": rng.choice(["ev", "other"]), "commodities": ["magnet:*"], "factor": round(rng.uniform(1.0, 1.5), 2), **span}
        return {"kind": "cost", "component": rng.choice(["transport", "variable"]), "factor": round(rng.uniform(1.0, 3.0), 2), **span}

    out = [{"name": "s000", "probability": 1.0 / n, "events": []}]
    for i in range(1, n):
        out.append({"name": f"s{i:03d}", "probability": 1.0 / n, "events": [event() for _ in range(rng.choice([1, 2]))]})
    return out


def write_model(folder: Path, n: int, stochastic: bool = True, method: str = "ipm") -> Path:
    path = folder / f"bench_{n}.yaml"
    raw = {"extends": str(BASE), "name": f"bench_{n}", "stochastic": stochastic, "disruptions": random_scenarios(n),
           "solver": {"method": method, "time_limit": 1200}}
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    return path


def stress_case(n: int) -> list[dict]:
    """Scenarios per second of the persistent re-solve and of a rebuild per scenario, same plan and scenarios."""
    from ree_opt.api import load_config, run_model
    from ree_opt.stress import Plan, stress_test

    with tempfile.TemporaryDirectory() as tmp:
        cfg = load_config(write_model(Path(tmp), n, stochastic=False, method="choose"))
        base = run_model(cfg)
        plan = Plan.from_instance(base.instance)
        rows = []
        for persistent in (True, False):
            res = stress_test(base.data, cfg, plan, persistent=persistent)
            rows.append({"mode": "persistent" if persistent else "rebuild", "scenarios": n + 1, "seconds": round(res.seconds, 2),
                         "scenarios_per_s": round(res.scenarios_per_second, 2)})
        return rows


def ef_case(n: int) -> dict:
    """Build and solve the EF of N scenarios in this process (called in a subprocess)."""
    from ree_opt.api import load_config, load_dataset, peak_memory_mb
    from ree_opt.stochastic import solve_stochastic

    with tempfile.TemporaryDirectory() as tmp:
        cfg = load_config(write_model(Path(tmp), n))
        t0 = time.perf_counter()
        res = solve_stochastic(load_dataset(cfg.dataset), cfg, with_value=False)
        wall = time.perf_counter() - t0
    return {"scenarios": n, **{f"lp_{k}": v for k, v in res.solve.size.items()}, "status": res.solve.status,
            "build_s": round(res.timings["build"], 2), "handoff_s": round(res.timings["handoff"], 2),
            "highs_s": round(res.timings["highs"], 2), "total_s": round(wall, 2), "peak_mb": round(peak_memory_mb(), 1),
            "objective": round(res.objective, 3)}


def ph_case(n: int, ranks: int, iterations: int, timeout: float) -> dict:
    from ree_opt.ph import run_ph

    with tempfile.TemporaryDirectory() as tmp:
        model = write_model(Path(tmp), n)
        stats, _log = run_ph(str(model), ranks=ranks, timeout=timeout, max_iterations=iterations)
    return {"scenarios": n, "ranks": ranks, "iterations": int(stats["iterations"]), "wall_s": round(stats["wall_seconds"], 1),
            "user_s": round(stats["user_seconds"], 1), "system_s": round(stats["system_seconds"], 1),
            "lower": round(stats["best_bound"], 1), "upper": round(stats["best_incumbent"], 1), "rel_gap": stats["rel_gap"]}


def table(rows: list[dict]) -> str:
    if not rows:
        return ""
    cols = list(rows[0])
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stress", type=int, default=40, help="scenarios in the stress-throughput case (0 = skip)")
    ap.add_argument("--ef", type=int, nargs="*", default=[10, 50, 200], help="scenario counts for the EF cases")
    ap.add_argument("--ph", type=int, default=200, help="scenarios for PH (0 = skip)")
    ap.add_argument("--ph-ranks", type=int, nargs="*", default=[1, 3])
    ap.add_argument("--ph-iterations", type=int, default=30)
    ap.add_argument("--ph-timeout", type=float, default=1800)
    ap.add_argument("--ef-one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.ef_one:
        print(json.dumps(ef_case(args.ef_one)))
        return
    if args.stress:
        print("## Stress-test throughput\n\n" + table(stress_case(args.stress)) + "\n", flush=True)
    ef_rows = []
    for n in args.ef:
        proc = subprocess.run([sys.executable, __file__, "--ef-one", str(n)], capture_output=True, text=True)
        if proc.returncode != 0:
            ef_rows.append({"scenarios": n, "status": "failed: " + proc.stderr.strip().splitlines()[-1][:100]})
        else:
            ef_rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    if ef_rows:
        print("## Extensive form\n\n" + table(ef_rows) + "\n", flush=True)
    if args.ph:
        print("## Progressive hedging (mpi-sppy)\n", flush=True)
        for i, ranks in enumerate(args.ph_ranks):
            try:
                row = ph_case(args.ph, ranks, args.ph_iterations, args.ph_timeout)
            except Exception as exc:  # a timeout in one case must not lose the others
                row = {"scenarios": args.ph, "ranks": ranks, "iterations": "", "wall_s": "", "lower": "", "upper": "", "rel_gap": f"failed: {exc}"}
            text = table([row])
            print(text if i == 0 else text.splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
