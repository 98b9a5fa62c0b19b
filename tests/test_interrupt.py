"""run_interruptible: SIGINT/SIGTERM cancel a running HiGHS solve and raise Interrupted (130/143)."""

from __future__ import annotations

import os
import signal
import threading
import time

import highspy
import numpy as np
import pytest

from ree_opt.errors import Interrupted
from ree_opt.highs_options import new_highs
from ree_opt.interrupt import run_interruptible


def slow_lp(slow: bool = True) -> highspy.Highs:
    """A 40 × 40 transportation LP solved by simplex without presolve; with `slow`, each iteration
    is slowed to 20 ms by a callback: hundreds of iterations, so seconds unless stopped."""
    rng = np.random.default_rng(1)
    n = 40
    h = new_highs()
    h.setOptionValue("presolve", "off")
    h.setOptionValue("solver", "simplex")
    cost = rng.uniform(1, 10, n * n)
    h.addVars(n * n, np.zeros(n * n), np.full(n * n, highspy.kHighsInf))
    h.changeColsCost(n * n, np.arange(n * n, dtype=np.int32), cost)
    for i in range(n):  # supply rows Σ_j x_ij ≤ 10, demand rows Σ_i x_ij ≥ 9
        h.addRow(-highspy.kHighsInf, 10.0, n, np.arange(i * n, (i + 1) * n, dtype=np.int32), np.ones(n))
        h.addRow(9.0, highspy.kHighsInf, n, np.arange(i, n * n, n, dtype=np.int32), np.ones(n))
    if slow:
        h.cbSimplexInterrupt += lambda e: time.sleep(0.02)
    return h


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_highs_and_raises_interrupted(sig):
    h = slow_lp()
    before = signal.getsignal(sig)  # SIG_IGN for SIGINT when pytest runs as a background job
    threading.Timer(0.3, os.kill, (os.getpid(), sig)).start()
    t0 = time.monotonic()
    with pytest.raises(Interrupted) as stop:
        run_interruptible(h)
    assert stop.value.code == 128 + sig
    assert time.monotonic() - t0 < 0.3 + 1.0  # stopped within a second of the signal
    assert signal.getsignal(sig) == before  # handlers restored


def test_without_a_signal_the_solve_is_unchanged():
    h = slow_lp(slow=False)
    run_interruptible(h)
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
