"""mpi-sppy entry points: each disruption scenario of a model file is one mpi-sppy scenario.

min Σ_s p_s · cost_s(x, y_s)  with first stage x = (v_build, v_project) shared (nonanticipative), y_s = operations.

`scenario_creator` wraps the same `build_model` as the in-process extensive form
(`ree_opt.stochastic`), applies the scenario's disruptions, bounds every build (`build_bound`),
and declares the first-stage variables and their cost (capex + fixed O&M) as the root node.
`hub_and_spoke_dict_callback` adapts mpi-sppy's cylinders to a machine with fewer cores than
ranks. `ree_opt.ph` builds and runs the command (`ree-opt ph MODEL.yaml --ranks 3`). With HiGHS
the proximal term must be linearised (`--linearize-proximal-terms`): appsi_highs takes no
quadratic objective. The model keeps complete recourse (unmet demand is priced), so every
candidate plan an xhat spoke tries is feasible in every scenario.
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
from .model.lumpy import build_upper
from .pipeline import Instance

ENV_MODEL = "REE_OPT_MODEL_FILE"
SPOKE_NAP = 0.05  # s an idle spoke sleeps between polls of the hub
PROGRESS_INTERVAL = 0.002  # s between a rank's MPI progress calls (answers other ranks' window locks)
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


BUILD_BOUND_FACTOR = 1.0


def build_bound(s: Core) -> float:
    """The fallback upper bound on one build, kt/yr: the world's peak-period demand summed over commodities.

    The model leaves most builds unbounded above, but a Lagrangian subproblem (costs plus W·x
    without the proximal term) sends a build to its upper bound whenever W outweighs its capex,
    so the Lagrangian lower bound falls by (that bound) × (the error in W): with 20 × peak demand
    it never rose above the wait-and-see bound on example_stochastic (issue 15). Builds the
    constraints already bound (a deposit's max_capacity, build limits) take that bound instead
    (`lumpy.build_upper`). One region's one-period build of one process larger than the whole
    world's demand is assumed never optimal (on `global` the largest build is 98 kt/yr against
    415 kt/yr of peak demand); while the bound does not bind at an optimum, PH's bounds are bounds
    of the unbounded model too (the EF test checks it on the example).
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
    fallback = build_bound(prepared.core)
    for (r, k, v), var in inst.registry.builds.items():
        var.setub(build_upper(prepared.core, r, k, v, default=fallback))
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
    cfg.add_to_config("spoke_nap", description=f"seconds an idle spoke sleeps between polls (default {SPOKE_NAP}; 0: spin)",
                      domain=float, default=SPOKE_NAP)
    cfg.add_to_config("progress_interval", description=f"seconds between a rank's MPI progress calls while it solves (default {PROGRESS_INTERVAL}; 0: off)",
                      domain=float, default=PROGRESS_INTERVAL)


def kw_creator(cfg) -> dict:
    path = cfg.get("model_file") or os.environ.get(ENV_MODEL)
    if path:
        _state["model_file"] = str(path)
    return {"model_file": _model_file(path)}


def _napping(spoke_class: type, seconds: float) -> type:
    """`spoke_class` whose idle polls sleep `seconds`, so a waiting spoke yields its core.

    mpi-sppy 0.14's spokes loop on `got_kill_signal()` + a one-sided MPI get until the hub
    publishes new W's or nonants; on a machine with fewer cores than ranks that spin takes the
    core the hub needs (issue 15: 178 s of 268 s was system time). A poll that comes within
    `seconds` of the previous one is a poll in that idle loop; it sleeps first. A spoke that just
    finished a solve polls at once.
    """
    import time

    class Napping(spoke_class):
        _last_poll = 0.0

        def got_kill_signal(self):
            if time.perf_counter() - self._last_poll < seconds:
                time.sleep(seconds)
            self._last_poll = time.perf_counter()
            return super().got_kill_signal()

    Napping.__name__ = Napping.__qualname__ = spoke_class.__name__  # mpi-sppy's log names the class
    return Napping


def _start_progress_poker(seconds: float) -> None:
    """A thread that calls into MPI every `seconds`, so this rank answers other ranks' window locks while it solves.

    mpi-sppy's cylinders read each other's buffers with passive-target RMA (MPI_Win_lock / Get).
    Within one host MPICH grants such a lock only when the target rank enters the MPI library, and
    the requesting rank spins in sched_yield until then — through the target's whole solve
    (measured: a 1.9 s lock against a rank busy for 2 s; 1.44 M sched_yield calls in 10 PH
    iterations). MPICH's own remedy, MPIR_CVAR_ASYNC_PROGRESS=1, spins a progress thread per rank,
    half a core each here. An `Iprobe` every 2 ms costs nothing and bounds the wait at ~2 ms;
    HiGHS releases the GIL while it solves, so the thread runs then too.
    """
    import atexit
    import threading

    from mpi4py import MPI

    if MPI.Query_thread() != MPI.THREAD_MULTIPLE:
        return  # a second thread may not call MPI
    stop = threading.Event()

    def poke() -> None:
        while not stop.wait(seconds):
            MPI.COMM_WORLD.Iprobe()

    thread = threading.Thread(target=poke, name="ree-opt-mpi-progress", daemon=True)
    thread.start()
    atexit.register(lambda: (stop.set(), thread.join()))  # runs before mpi4py's MPI_Finalize (registered earlier)


def _add_final_xbar(hub_dict: dict) -> None:
    """The hub evaluates the expected cost of its final x̄ and counts it as an upper bound (one even without an xhat spoke)."""
    from mpisppy.extensions.xhatxbar import XhatXbar
    from mpisppy.utils.cfg_vanilla import extension_adder

    class FinalXbar(XhatXbar):
        # mpi-sppy 0.14's XhatXbar computes this value at the end but does not report it as a bound
        def post_everything(self):
            super().post_everything()
            obj = self._xhat_xbar_obj_final
            if obj is not None and self.opt.spcomm is not None:
                self.opt.spcomm.BestInnerBound = self.opt.spcomm.InnerBoundUpdate(obj, char="E")

    extension_adder(hub_dict, FinalXbar)
    hub_dict["opt_kwargs"]["options"]["xhat_xbar_options"] = {"xhat_solver_options": {}, "keep_solution": True}


def hub_and_spoke_dict_callback(hub_dict: dict, spoke_dicts: list[dict], cfg) -> None:
    """mpi-sppy's hook before the wheel spins, on every rank: idle spokes nap, MPI progresses during solves; a lone hub prices its final x̄."""
    nap = cfg.get("spoke_nap", SPOKE_NAP)
    if nap and nap > 0:
        for spoke in spoke_dicts:
            spoke["spoke_class"] = _napping(spoke["spoke_class"], nap)
    if not spoke_dicts:  # costly on big models (appsi removes the prox cuts one by one), so only when no xhat spoke runs
        _add_final_xbar(hub_dict)
    interval = cfg.get("progress_interval", PROGRESS_INTERVAL)
    if spoke_dicts and interval and interval > 0:
        _start_progress_poker(interval)


def scenario_denouement(rank: int, scenario_name: str, scenario: pyo.ConcreteModel) -> None:
    """Nothing to do per scenario: results are written by the hub (`--solution-base-name`)."""
