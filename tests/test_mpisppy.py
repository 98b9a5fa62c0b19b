"""mpi-sppy: its serial extensive form equals ours; PH over MPI brackets the optimum."""

from __future__ import annotations

import pytest

from tests.helpers import ROOT
from ree_opt.api import load_config, load_dataset
from ree_opt.stochastic import solve_stochastic

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


@pytest.mark.mpi
@pytest.mark.slow
def test_ph_over_mpi_brackets_the_optimum(tmp_path, our_ef):
    # Three ranks: PH hub, Lagrangian lower-bound spoke, xhat-shuffle upper-bound spoke, a few iterations.
    # Any Lagrangian bound is ≤ the EF optimum and any xhat candidate's expected cost is ≥ it.
    from ree_opt.mpisppy_model import mpiexec_path, run_ph

    if mpiexec_path() is None:
        pytest.skip("mpiexec is not available (pip install mpi4py mpich)")
    pytest.importorskip("mpi4py")
    stats, log = run_ph(str(MODEL), ranks=3, timeout=600, max_iterations=8, rel_gap=1e-4, rho=1.0, extra=["--sep-rho"])
    opt = our_ef.objective
    assert stats["best_bound"] <= opt * (1 + 1e-6), log[-2000:]
    assert stats["best_incumbent"] >= opt * (1 - 1e-6), log[-2000:]
    assert stats["best_incumbent"] < float("inf")
