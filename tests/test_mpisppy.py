"""mpi-sppy: its serial extensive form equals ours; PH over MPI brackets the optimum."""

from __future__ import annotations

import pytest

from ree_opt.api import load_config, load_dataset
from ree_opt.stochastic import solve_stochastic
from tests.helpers import ROOT

mpisppy = pytest.importorskip("mpisppy", reason="mpi-sppy is in the project's `test` extra")

MODEL = ROOT / "models" / "example_stochastic.yaml"


@pytest.fixture(scope="module")
def our_ef():
    cfg = load_config(MODEL)
    return solve_stochastic(load_dataset(cfg.dataset), cfg, with_value=False)


def test_mpisppy_extensive_form_agrees_with_ours(our_ef):
    # Both build every scenario with the same build_model, so the optima must agree to solver tolerance.
    from mpisppy.opt.ef import ExtensiveForm

    from ree_opt import mpisppy_model as mm

    kwargs = mm.kw_creator(_Cfg(model_file=str(MODEL)))
    names = mm.scenario_names_creator(None)
    assert names == [sc.name for sc in load_config(MODEL).disruptions]
    ef = ExtensiveForm({"solver": "appsi_highs"}, names, mm.scenario_creator, scenario_creator_kwargs=kwargs)
    ef.solve_extensive_form()
    assert ef.get_objective_value() == pytest.approx(our_ef.objective, rel=1e-6)
    # the build bound mpi-sppy needs for Lagrangian bounds does not bind at the optimum
    _cfg, _data, prepared = mm._load(str(MODEL))
    assert max(our_ef.plan.builds.values()) < mm.build_bound(prepared.core)


class _Cfg(dict):
    """The bit of mpi-sppy's Config that kw_creator reads."""

    def get(self, key, default=None):  # noqa: D401 - mimic Config.get
        return dict.get(self, key, default)


def test_builds_take_the_bound_their_constraints_imply_else_peak_demand():
    # example dataset: build_limits.csv caps china's separation builds at 10 kt/yr per year, so a
    # build in the 5-year period 2030 is ≤ 10 × 5 = 50 kt/yr (c_build_limit with the other builds at 0);
    # magnet making has no limit, so it takes the fallback, the world's peak-period demand.
    from ree_opt import mpisppy_model as mm

    _cfg, _data, prepared = mm._load(str(MODEL))
    m = mm.scenario_creator("undisrupted", model_file=str(MODEL))
    assert m.v_build["china", "sep_full", 2030].ub == pytest.approx(50.0)
    assert m.v_build["australia", "magnet_sintering", 2030].ub == pytest.approx(mm.build_bound(prepared.core))
    s = prepared.core
    peak = max(sum(v for (_r, _c, t), v in s.demand.items() if t == p) for p in s.periods)
    assert mm.build_bound(s) == pytest.approx(peak)


def test_ph_command_adds_a_bound_cylinder_per_rank():
    from ree_opt.ph import mpiexec_path, ph_command

    if mpiexec_path() is None:
        pytest.skip("mpiexec is not available (pip install mpi4py mpich)")
    one, two, three = (ph_command("m.yaml", ranks=r, time_limit=60.5, options_file="o.json") for r in (1, 2, 3))
    assert "--lagrangian" not in one and "--xhatshuffle" not in one
    assert "--xhatshuffle" in two and "--lagrangian" not in two
    assert {"--lagrangian", "--xhatshuffle", "--coeff-rho", "--linearize-proximal-terms"} <= set(three)
    assert three[three.index("--time-limit") + 1] == "60"  # mpi-sppy's hub limit is an int
    assert three[three.index("--solver-options-file") + 1] == "o.json"


def test_parse_ph_log_reads_the_final_statistics():
    from ree_opt.ph import parse_ph_log

    log = """[   78.88]    60          105810.0593     106863.7363         0.986%       1053.6770
[   78.90] Statistics at termination
[   78.90] Iter.           Best Bound  Best Incumbent      Rel. Gap        Abs. Gap
[   78.90]    60    B     105810.0593     106863.7363         0.986%       1053.6770
"""
    stats = parse_ph_log(log)
    assert stats == {"iterations": 60.0, "best_bound": 105810.0593, "best_incumbent": 106863.7363, "rel_gap": pytest.approx(0.00986)}


def test_an_idle_spoke_naps_between_polls():
    # Two polls in a row: the first returns at once, the second (an idle loop) sleeps `nap` first.
    import time

    from ree_opt.mpisppy_model import _napping

    class Spoke:
        def got_kill_signal(self):
            return False

    spoke, nap = _napping(Spoke, 0.2)(), 0.2
    t0 = time.perf_counter()
    spoke.got_kill_signal()
    t1 = time.perf_counter()
    spoke.got_kill_signal()
    t2 = time.perf_counter()
    assert t1 - t0 < nap / 2 and t2 - t1 >= nap
    assert _napping(Spoke, 0.2).__name__ == "Spoke"


@pytest.mark.mpi
@pytest.mark.slow
def test_ph_over_mpi_certifies_one_percent(our_ef):
    # Three ranks: PH hub, Lagrangian lower-bound spoke, xhat-shuffle upper-bound spoke, with the defaults
    # of `ree-opt ph`. Any Lagrangian bound is ≤ the EF optimum and any xhat candidate's expected cost is ≥ it,
    # so LB ≤ EF ≤ UB must hold whatever the iterations; the defaults must close the gap to 1 % (issue 15:
    # about 60 iterations, 80 s on the 2-core machine), which puts PH's answer within 1 % of the EF.
    from ree_opt.ph import mpiexec_path, run_ph

    if mpiexec_path() is None:
        pytest.skip("mpiexec is not available (pip install mpi4py mpich)")
    pytest.importorskip("mpi4py")
    # which W's the Lagrangian spoke sees depends on timing, so the iterations to 1 % vary from run to run: the
    # cap leaves room (PH stops at the gap, so a fast run is not made longer)
    stats, log = run_ph(str(MODEL), ranks=3, timeout=600, max_iterations=200)
    opt = our_ef.objective
    assert stats["best_bound"] <= opt * (1 + 1e-6), log[-2000:]
    assert stats["best_incumbent"] >= opt * (1 - 1e-6), log[-2000:]
    assert stats["rel_gap"] <= 0.01, log[-2000:]
    assert stats["best_incumbent"] <= opt * 1.01
