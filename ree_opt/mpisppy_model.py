"""mpi-sppy entry points: each disruption scenario of a model file is one mpi-sppy scenario.

min Σ_s p_s · cost_s(x, y_s)  with first stage x = (v_build, v_project) shared (nonanticipative), y_s = operations.

`scenario_creator` wraps the same `build_model` as the in-process extensive form
(`ree_opt.stochastic`), applies the scenario's disruptions, and declares the first-stage
variables and their cost (capex + fixed O&M) as the root node. Run progressive hedging with a
Lagrangian lower-bound spoke and an xhat upper-bound spoke:

    mpiexec -n 3 python -m mpisppy.generic_cylinders --module-name ree_opt.mpisppy_model \\
        --model-file models/example_stochastic.yaml --solver-name appsi_highs \\
        --default-rho 1 --max-iterations 100 --lagrangian --xhatshuffle --rel-gap 0.001 \\
        --linearize-proximal-terms

or `ree-opt ph MODEL.yaml --ranks 3`, which builds that command. With HiGHS the proximal term
must be linearised (`--linearize-proximal-terms`): appsi_highs takes no quadratic objective,
and HiGHS solves convex QPs only without integers. The model keeps complete recourse (unmet demand is priced),
so every candidate plan the xhat spoke tries is feasible in every scenario.
"""

from __future__ import annotations

import os
from functools import lru_cache

import pyomo.environ as pyo

from .config import ModelConfig, load_config
from .data import ModelData, load_dataset
from .errors import ConfigError
from .model import Prepared, prepare
from .model.core import Core
from .pipeline import Instance

ENV_MODEL = "REE_OPT_MODEL_FILE"
_state: dict[str, str] = {}


@lru_cache(maxsize=4)
def _load(model_file: str) -> tuple[ModelConfig, ModelData, Prepared]:
    """Config, data and the prepared record, computed once per process (every scenario on a rank shares them)."""
    cfg = load_config(model_file)
    if not cfg.disruptions:
        raise ConfigError(f"{model_file}: mpi-sppy needs a model with `disruptions`")
    data = load_dataset(cfg.dataset)
    return cfg, data, prepare(cfg, data)


def _model_file(model_file: str | None = None) -> str:
    path = model_file or _state.get("model_file") or os.environ.get(ENV_MODEL)
    if not path:
        raise ConfigError(f"no model file: pass --model-file or set {ENV_MODEL}")
    return str(path)


BUILD_BOUND_FACTOR = 20.0


def build_bound(s: Core) -> float:
    """An upper bound for every build, kt/yr: 20 × the world's peak-period demand summed over commodities.

    The model itself leaves builds unbounded above, but a Lagrangian subproblem (costs plus
    W·x without the proximal term) is then unbounded whenever a W outweighs a capex. A bound
    this loose never binds at an optimum of a realistic model (the EF test checks it does not
    change the optimum on the example).
    """
    peak = max((sum(v for (_r, _c, t), v in s.demand.items() if t == period) for period in s.periods), default=0.0)
    return BUILD_BOUND_FACTOR * max(peak, 1.0)


def first_stage_cost(m: pyo.ConcreteModel) -> pyo.Expression:
    return m.e_cost["capex"] + m.e_cost["fixed_om"]


def scenario_creator(scenario_name: str, model_file: str | None = None) -> pyo.ConcreteModel:
    """One scenario's model: `build_model` with the scenario applied, its probability and root node attached."""
    from mpisppy.utils import sputils

    cfg, data, prepared = _load(_model_file(model_file))
    by_name = {sc.name: sc for sc in cfg.disruptions}
    if scenario_name not in by_name:
        raise ConfigError(f"scenario '{scenario_name}' is not in {cfg.name} (scenarios: {', '.join(by_name)})")
    sc = by_name[scenario_name]
    inst = Instance.create(cfg, data, prepared)
    inst.apply(sc)
    m = inst.model
    bound = build_bound(prepared.core)
    for var in inst.registry.builds.values():
        var.setub(bound)
    # the first stage as the features declared it (with `lumpy: true` the module counts and switches too)
    sputils.attach_root_node(m, first_stage_cost(m), inst.first_stage)
    m._mpisppy_probability = sc.probability
    return m


def scenario_names_creator(num_scens: int | None = None, start: int | None = None) -> list[str]:
    """The model's scenario names, in file order (the first `num_scens` from `start` when given)."""
    cfg, _, _ = _load(_model_file())
    names = [sc.name for sc in cfg.disruptions]
    start = start or 0
    return names[start:] if num_scens is None else names[start:start + num_scens]


def inparser_adder(cfg) -> None:
    cfg.num_scens_optional()
    cfg.add_to_config("model_file", description="ree_opt model file (YAML) with `disruptions`", domain=str, default=None)


def kw_creator(cfg) -> dict:
    path = cfg.get("model_file") or os.environ.get(ENV_MODEL)
    if path:
        _state["model_file"] = str(path)
    return {"model_file": _model_file(path)}


def scenario_denouement(rank: int, scenario_name: str, scenario: pyo.ConcreteModel) -> None:
    """Nothing to do per scenario: results are written by the hub (`--solution-base-name`)."""


# --- running progressive hedging over MPI (what `ree-opt ph` calls) ---------------------------


def mpiexec_path() -> str | None:
    """The `mpiexec` next to this Python (the `mpich` wheel puts one there), else one on PATH."""
    import shutil
    import sys
    from pathlib import Path

    here = Path(sys.executable).parent / "mpiexec"
    return str(here) if here.exists() else shutil.which("mpiexec")


def ph_command(model_file: str, ranks: int = 3, max_iterations: int = 100, rel_gap: float = 1e-3, rho: float = 1.0,
               time_limit: float | None = None, extra: list[str] | None = None) -> list[str]:
    """The mpiexec command line for PH (hub) + Lagrangian lower bound + xhat-shuffle upper bound."""
    import sys

    mpiexec = mpiexec_path()
    if mpiexec is None:
        raise ConfigError("mpiexec not found: pip install mpi4py mpich (the project's `test` extra installs both)")
    # `-m mpi4py` aborts every rank when one raises, instead of leaving the others waiting forever
    cmd = [mpiexec, "-n", str(ranks), sys.executable, "-m", "mpi4py", "-m", "mpisppy.generic_cylinders", "--module-name", __name__,
           "--model-file", str(model_file), "--solver-name", "appsi_highs", "--default-rho", str(rho),
           "--max-iterations", str(max_iterations), "--rel-gap", str(rel_gap),
           # appsi_highs takes no quadratic objective, so the proximal term is linearised (needed with integers too)
           "--linearize-proximal-terms"]
    if ranks >= 3:
        cmd += ["--lagrangian", "--xhatshuffle"]
    elif ranks == 2:
        cmd += ["--xhatshuffle"]
    if time_limit is not None:
        cmd += ["--time-limit", str(time_limit)]
    return cmd + list(extra or [])


def parse_ph_log(text: str) -> dict[str, float]:
    """Best bound, best incumbent, relative gap and iterations from mpi-sppy's 'Statistics at termination' line."""
    import re

    lines = text.splitlines()
    for i, line in enumerate(lines):
        if "Statistics at termination" in line:
            for row in lines[i + 1:]:
                nums = re.findall(r"-?\d+\.?\d*(?:[eE][-+]?\d+)?%?|-?inf%?", row.split("]", 1)[-1])
                if len(nums) >= 5 and not row.strip().endswith("Gap"):
                    it, bound, inc, gap = nums[0], nums[1], nums[2], nums[3]
                    return {"iterations": float(it), "best_bound": float(bound), "best_incumbent": float(inc),
                            "rel_gap": float(gap.rstrip("%")) / 100.0}
    raise ConfigError("mpi-sppy printed no final statistics (see its log)")


def run_ph(model_file: str, ranks: int = 3, timeout: float = 3600.0, **kwargs) -> tuple[dict[str, float], str]:
    """Run PH under mpiexec; return the final bounds (plus wall seconds) and the full log."""
    import subprocess
    import time

    import tempfile
    from pathlib import Path

    cmd = ph_command(str(Path(model_file).resolve()), ranks=ranks, **kwargs)
    t0 = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="ree_opt_ph_") as tmp:  # mpi-sppy writes hub.log etc. into its working directory
            # its own process group, so a timeout ends mpiexec and every rank it started, nothing else
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp,
                                    env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
            try:
                log, _ = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                import signal

                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                raise ConfigError(f"mpi-sppy did not finish within {timeout:.0f} s") from None
    except OSError as exc:
        raise ConfigError(f"cannot start mpiexec: {exc}") from None
    if proc.returncode != 0:
        tail = "\n".join(log.splitlines()[-15:])
        raise ConfigError(f"mpiexec exited with code {proc.returncode}:\n{tail}")
    stats = parse_ph_log(log)
    stats["wall_seconds"] = time.perf_counter() - t0
    return stats, log
