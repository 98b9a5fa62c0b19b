"""Every figure as a ratio against raw highspy reading and solving the same LP file, in one run.

    python benchmarks/bench_ratios.py                      # all parts, Markdown on stdout
    python benchmarks/bench_ratios.py --parts run stress   # some: run, stress, ef, annual, methods
    python benchmarks/bench_ratios.py --parts run --repeat 5   # medians of 5 interleaved pairs (this VM: ±30 % run to run)

- run:     `ree-opt run models/global.yaml` (whole process: start-up, load, build, solve, tables, folder)
           vs a process that only imports highspy, reads the LP file and solves it (same options); wall, peak RSS
           and CPU seconds (user + system: less hit than wall time when the VM loses its CPUs for a while).
- stress:  `ree-opt stress models/global_stochastic.yaml --plan <the global run>` in place (1 and N workers)
           and `--rebuild`: scenarios/s; per scenario, the time around HiGHS vs HiGHS's own re-solve time.
           `--stress-model models/global_stochastic20.yaml`: the same over 20 scenarios (set-up shared by more).
- ef:      `ree-opt run models/global_stochastic.yaml` (EF + VSS/EVPI) vs raw highspy on the EF's LP file.
- annual:  global with annual periods (`--set horizon.step=1`) end to end vs raw highspy.
- methods: dual simplex vs IPM (raw highspy, cold) on global at steps 5, 2 and 1: the `method: auto` rule.

Every process runs alone (one after the other); peak memory is each process's own ru_maxrss.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CLI = [str(Path(PY).with_name("ree-opt"))]

RAW = """
import sys, time, resource, highspy
t = time.perf_counter()
h = highspy.Highs(); h.setOptionValue("output_flag", False)
for k, v in {opts}.items(): h.setOptionValue(k, v)
h.readModel(sys.argv[1]); h.run()
print(h.getInfo().objective_function_value, h.getInfo().simplex_iteration_count, time.perf_counter() - t, h.getNumCol())
"""


class Timed(NamedTuple):
    wall: float  # seconds
    peak: float  # peak RSS of that process alone, MB (GNU time's %M)
    out: str  # its stdout
    cpu: float  # its user + system CPU seconds (%U + %S): less hit than wall time when the VM's CPUs are taken away


def timed(cmd: list[str]) -> Timed:
    t = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "PEAK_KB %M CPU %U %S"] + cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    fields = next(line.split() for line in reversed(proc.stderr.splitlines()) if line.startswith("PEAK_KB"))
    return Timed(wall, float(fields[1]) / 1024.0, proc.stdout, float(fields[3]) + float(fields[4]))


def write_lp(model: str, sets: list[str], path: Path, stochastic: bool = False) -> dict:
    """The LP ree_opt hands to HiGHS, written once; the HiGHS options it would use."""
    code = f"""
import json, sys
from pathlib import Path
from ree_opt.config import load_config
from ree_opt.solve import hand_off, highs_options
cfg = load_config({model!r}, {sets!r})
if {stochastic!r}:
    from ree_opt.stochastic import build_extensive_form
    from ree_opt.data import load_dataset
    m = build_extensive_form(load_dataset(cfg.dataset), cfg)
else:
    from ree_opt.pipeline import Instance
    m = Instance.create(cfg).model
h, _s, _t = hand_off(m, cfg.solver, Path({str(path)!r}))
opts = highs_options(cfg.solver); v = h.getOptionValue("solver"); opts["solver"] = v[1] if isinstance(v, tuple) else v
print(json.dumps(opts))
"""
    return json.loads(timed([PY, "-c", code]).out.strip().splitlines()[-1])


def raw(lp: Path, opts: dict) -> dict:
    run = timed([PY, "-c", RAW.format(opts=opts), str(lp)])
    obj, iters, highs_s, cols = run.out.strip().splitlines()[-1].split()  # (highspy prints a banner first)
    return {"wall": run.wall, "peak": run.peak, "cpu": run.cpu, "objective": float(obj), "iterations": int(iters), "highs_s": float(highs_s),
            "columns": int(cols)}


def ratio_row(name: str, ours: tuple[float, float], base: dict) -> str:
    return f"| {name} | {ours[0]:.1f} | {base['wall']:.1f} | {ours[0] / base['wall']:.2f}× | {ours[1]:.0f} | {base['peak']:.0f} | {ours[1] / base['peak']:.2f}× |"


def part_run(tmp: Path, sets: list[str], label: str, repeat: int = 1) -> list[str]:
    """Ours against raw highspy, `repeat` interleaved pairs (raw, ours, raw, ours …, so drift in the machine's
    speed hits both); the row gives medians, and with repeats a second row the spread and the per-pair ratios."""
    lp = tmp / f"{label}.lp"
    opts = write_lp("models/global.yaml", sets, lp)
    set_args = [a for s in sets for a in ("--set", s)]
    bases, ours = [], []
    for _ in range(repeat):
        bases.append(raw(lp, opts))
        run = timed(CLI + ["run", "models/global.yaml", "--out", str(tmp / "runs")] + set_args)
        ours.append((run.wall, run.peak, run.cpu))
    base = {"wall": median(b["wall"] for b in bases), "peak": median(b["peak"] for b in bases)}
    rows = [ratio_row(f"{label} ({bases[0]['columns']} columns, {opts['solver']}; median of {repeat})",
                      (median(w for w, _p, _c in ours), median(p for _w, p, _c in ours)), base)]
    cpu_ours, cpu_raw = median(c for _w, _p, c in ours), median(b["cpu"] for b in bases)
    rows.append(f"| (CPU seconds, user + system: ours {cpu_ours:.1f}, raw {cpu_raw:.1f}, {cpu_ours / cpu_raw:.2f}× at the medians) | | | | | | |")
    if repeat > 1:
        ratios = sorted(w / b["wall"] for (w, _p, _c), b in zip(ours, bases))
        rows.append(f"| (range: ours {min(o[0] for o in ours):.1f}–{max(o[0] for o in ours):.1f} s, raw "
                    f"{min(b['wall'] for b in bases):.1f}–{max(b['wall'] for b in bases):.1f} s; pair ratios "
                    f"{', '.join(f'{r:.2f}' for r in ratios)}) | | | | | | |")
    return rows


def part_stress(tmp: Path, workers: int, model: str) -> list[str]:
    runs = tmp / "runs"
    if not (runs / "global").is_dir():
        timed(CLI + ["run", "models/global.yaml", "--out", str(runs)])
    plan = sorted((runs / "global").iterdir())[-1]
    rows = []
    for label, extra in (("in place, 1 worker", ["--workers", "1"]), (f"in place, {workers} workers", ["--workers", str(workers)]),
                         ("rebuild", ["--rebuild", "--workers", "1"])):
        out_dir = tmp / f"stress_{label.split(',')[0].replace(' ', '_')}_{extra[-1]}"
        wall = timed(CLI + ["stress", model, "--plan", str(plan), "--out", str(out_dir)] + extra).wall
        manifest = json.loads(next(out_dir.rglob("manifest.json")).read_text())
        rows.append((label, wall, manifest["scenarios_per_second"], manifest["seconds"], manifest["scenarios"]))
    lines = ["| stress mode | process s | stress s | scenarios/s | vs rebuild |", "|---|---|---|---|---|"]
    rebuild = rows[-1][2]
    lines += [f"| {r[0]} | {r[1]:.1f} | {r[3]:.1f} | {r[2]:.3f} | {r[2] / rebuild:.2f}× |" for r in rows]
    lines += ["", *per_scenario_overhead(plan, model)]
    return lines


def per_scenario_overhead(plan: Path, model: str) -> list[str]:
    """Per scenario in one process: time of the whole re-solve step vs HiGHS's own run() inside it."""
    code = f"""
import time
from ree_opt.config import load_config
from ree_opt.data import load_dataset
from ree_opt.model import prepare
from ree_opt.stress import _plan_solver, _stress_one, read_plan, scenarios_with_baseline
cfg = load_config({model!r}); data = load_dataset(cfg.dataset)
t = time.perf_counter(); s = _plan_solver(data, cfg, read_plan({str(plan)!r}), prepare(cfg, data)); setup = time.perf_counter() - t
print("setup", setup)
for sc in scenarios_with_baseline(cfg):
    o = _stress_one(s, sc)
    print(sc.name, o.seconds, s.rs.last.solve_seconds, s.rs.h.getInfo().simplex_iteration_count)
"""
    out = timed([PY, "-c", code]).out
    lines = ["| scenario | step s | HiGHS s | ratio | iterations |", "|---|---|---|---|---|"]
    tot = [0.0, 0.0]
    for line in out.strip().splitlines():
        parts = line.split()
        if parts[0] == "setup":
            setup = float(parts[1])
            continue
        step, highs = float(parts[1]), float(parts[2])
        tot[0] += step
        tot[1] += highs
        lines.append(f"| {parts[0]} | {step:.2f} | {highs:.2f} | {step / highs:.3f}× | {parts[3]} |")
    lines.append(f"| all | {tot[0]:.2f} | {tot[1]:.2f} | {tot[0] / tot[1]:.3f}× | set-up (build, hand-off, base solve) {setup:.1f} s |")
    return lines


def part_ef(tmp: Path) -> list[str]:
    lp = tmp / "ef.lp"
    opts = write_lp("models/global_stochastic.yaml", [], lp, stochastic=True)
    base = raw(lp, opts)
    wall, peak, _out, _cpu = timed(CLI + ["run", "models/global_stochastic.yaml", "--out", str(tmp / "runs")])
    manifest = json.loads(sorted((tmp / "runs" / "global_stochastic").glob("*/manifest.json"))[-1].read_text())
    t = manifest["timings_s"]
    return [ratio_row(f"global_stochastic EF + VSS/EVPI ({base['columns']} columns)", (wall, peak), base),
            f"| (of which VSS/EVPI {t.get('vss_evpi', 0):.1f} s, EF HiGHS {t.get('highs', 0):.1f} s) | | | | | | |"]


def part_methods(tmp: Path) -> list[str]:
    lines = ["| model | columns | dual simplex s | IPM s | simplex / IPM |", "|---|---|---|---|---|"]
    for step in (5, 2, 1):
        lp = tmp / f"methods_{step}.lp"
        opts = write_lp("models/global.yaml", [f"horizon.step={step}"], lp)
        t = {}
        for method in ("simplex", "ipm"):
            t[method] = raw(lp, {**opts, "solver": method})
        lines.append(f"| global step {step} | {t['ipm']['columns']} | {t['simplex']['highs_s']:.1f} | {t['ipm']['highs_s']:.1f} | "
                     f"{t['simplex']['highs_s'] / t['ipm']['highs_s']:.2f} |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--parts", nargs="*", default=["run", "stress", "ef", "annual", "methods"])
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--repeat", type=int, default=1, help="run and annual: interleaved pairs (ours, raw), medians reported")
    ap.add_argument("--stress-model", default="models/global_stochastic.yaml",
                    help="stress: whose scenarios (e.g. models/global_stochastic20.yaml: set-up shared by 20 scenarios)")
    args = ap.parse_args()
    header = ["| case | ours s | raw highspy s | time ratio | ours MB | raw MB | memory ratio |", "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="ree_bench_") as tmp_name:
        tmp = Path(tmp_name)
        out: list[str] = []
        if "run" in args.parts:
            out += ["## global end to end vs raw highspy", "", *header, *part_run(tmp, [], "global", args.repeat), ""]
        if "stress" in args.parts:
            out += [f"## stress on global (plan of the global run, scenarios of {args.stress_model})", "",
                    *part_stress(tmp, args.workers, args.stress_model), ""]
        if "ef" in args.parts:
            out += ["## extensive form", "", *header, *part_ef(tmp), ""]
        if "annual" in args.parts:
            out += ["## annual global", "", *header, *part_run(tmp, ["horizon.step=1"], "global annual", args.repeat), ""]
        if "methods" in args.parts:
            out += ["## method by size (raw highspy, cold)", "", *part_methods(tmp), ""]
        print("\n".join(out))


if __name__ == "__main__":
    main()
