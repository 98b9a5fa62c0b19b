"""Fixtures shared by the test files (helpers live in tests/helpers.py)."""

from __future__ import annotations

import pytest

from ree_opt.api import run_model
from tests.helpers import ROOT


@pytest.fixture(scope="session", params=["example.yaml", "example_circular.yaml"])
def example_run(request):
    """The example model (and with recycling from stocks), solved once each for the invariant tests."""
    from ree_opt.api import load_config

    run = run_model(load_config(ROOT / "models" / request.param))
    assert run.solve.status == "optimal"
    return run
