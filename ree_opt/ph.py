"""Progressive hedging over MPI: the `mpiexec … mpisppy.generic_cylinders` command, its run and its final bounds.

The cylinders (issue 15): rank 0 is the PH hub; with 3 ranks a Lagrangian spoke gives the lower
bound L(W) = Σ_s p_s min_x [cost_s(x) + W_s·x] at the hub's W's and an xhat-shuffle spoke the
upper bound (the expected cost of one scenario's first stage, fixed in every scenario); with
R = 3k ranks each cylinder gets k ranks. One rank runs the hub alone: its lower bound is the
wait-and-see bound (iteration 0, W = 0) and its upper bound the expected cost of the final x̄
(mpi-sppy's XhatXbar extension, added by `ree_opt.mpisppy_model.hub_and_spoke_dict_callback`;
it re-solves every scenario once more at the end, slowly on `global`: appsi removes the
linearised proximal cuts one by one).

Rho is cost-proportional per variable: ρ_i = RHO_MULTIPLIER · |c_i|, c_i the first-stage cost
coefficient (mpi-sppy's CoeffRho; `--default-rho 1` only for a variable without a cost). On
example_stochastic a small multiplier makes W converge well (the Lagrangian bound) but the
scenarios' builds agree slowly (the xhat bound), a large one the reverse; 0.2 balanced them
(docs/cluster.md has the measurements).
"""

from __future__ import annotations

import os

from .errors import ConfigError

MODULE = "ree_opt.mpisppy_model"
RHO_MULTIPLIER = 0.2
REL_GAP = 0.01
MAX_ITERATIONS = 100
ITER0_METHOD = "ipm"  # iteration 0 solves cold: IPM took 11 s, dual simplex 23 s on one `global` scenario


def mpiexec_path() -> str | None:
    """The `mpiexec` next to this Python (the `mpich` wheel puts one there), else one on PATH."""
    import shutil
    import sys
    from pathlib import Path

    here = Path(sys.executable).parent / "mpiexec"
    return str(here) if here.exists() else shutil.which("mpiexec")


def ph_command(model_file: str, ranks: int = 3, max_iterations: int = MAX_ITERATIONS, rel_gap: float = REL_GAP,
               rho_multiplier: float = RHO_MULTIPLIER, time_limit: float | None = None, options_file: str | None = None,
               extra: list[str] | None = None) -> list[str]:
    """The mpiexec command line: PH hub, + xhat-shuffle upper bound at 2 ranks, + Lagrangian lower bound at 3.

    `options_file`: an mpi-sppy solver-options file (JSON with "iter0"/"iterk" blocks of HiGHS options).
    """
    import sys

    mpiexec = mpiexec_path()
    if mpiexec is None:
        raise ConfigError("mpiexec not found: pip install mpi4py mpich (the project's `test` extra installs both)")
    # `-m mpi4py` aborts every rank when one raises, instead of leaving the others waiting forever
    cmd = [mpiexec, "-n", str(ranks), sys.executable, "-m", "mpi4py", "-m", "mpisppy.generic_cylinders", "--module-name", MODULE,
           "--model-file", str(model_file), "--solver-name", "appsi_highs",
           "--default-rho", "1", "--coeff-rho", "--coeff-rho-multiplier", str(rho_multiplier),
           "--max-iterations", str(max_iterations), "--rel-gap", str(rel_gap),
           # appsi_highs takes no quadratic objective, so the proximal term is linearised (needed with integers too)
           "--linearize-proximal-terms"]
    if ranks >= 3:
        cmd += ["--lagrangian", "--xhatshuffle"]
    elif ranks == 2:
        cmd += ["--xhatshuffle"]
    if options_file:
        cmd += ["--solver-options-file", str(options_file)]
    if time_limit is not None:
        cmd += ["--time-limit", str(int(time_limit))]  # mpi-sppy's hub limit takes whole seconds
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


def run_ph(model_file: str, ranks: int = 3, timeout: float = 3600.0, iter0_method: str | None = ITER0_METHOD,
           **kwargs) -> tuple[dict[str, float], str]:
    """Run PH under mpiexec; return the final bounds plus wall, user and system seconds of all ranks, and the log.

    `iter0_method`: HiGHS's `solver` for iteration 0 (cold solves); later iterations keep HiGHS's
    default, dual simplex warm from the last basis.
    """
    import json
    import resource
    import signal
    import subprocess
    import tempfile
    import time
    from pathlib import Path

    t0, cpu0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        with tempfile.TemporaryDirectory(prefix="ree_opt_ph_") as tmp:  # mpi-sppy writes hub.log etc. into its working directory
            options = Path(tmp) / "solver_options.json"
            options.write_text(json.dumps({"iter0": {"solver": iter0_method} if iter0_method else {}}))
            cmd = ph_command(str(Path(model_file).resolve()), ranks=ranks, options_file=str(options), **kwargs)
            # its own process group, so a timeout ends mpiexec and every rank it started, nothing else
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp,
                                    env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
            try:
                log, _ = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                raise ConfigError(f"mpi-sppy did not finish within {timeout:.0f} s") from None
    except OSError as exc:
        raise ConfigError(f"cannot start mpiexec: {exc}") from None
    if proc.returncode != 0:
        tail = "\n".join(log.splitlines()[-15:])
        raise ConfigError(f"mpiexec exited with code {proc.returncode}:\n{tail}")
    stats = parse_ph_log(log)
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats.update(wall_seconds=time.perf_counter() - t0, user_seconds=cpu.ru_utime - cpu0.ru_utime,
                 system_seconds=cpu.ru_stime - cpu0.ru_stime)
    return stats, log
