"""Fixtures shared by the test files (helpers live in tests/helpers.py)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from ree_opt.api import run_model
from tests.helpers import ROOT

# property tests: 200 examples each in CI and by default; HYPOTHESIS_PROFILE=dev for a quick look,
# HYPOTHESIS_PROFILE=thorough (2000) to hunt for new failures
settings.register_profile("ci", max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", params=["example.yaml", "example_circular.yaml"])
def example_run(request):
    """The example model (and with recycling from stocks), solved once each for the invariant tests."""
    from ree_opt.api import load_config

    run = run_model(load_config(ROOT / "models" / request.param))
    assert run.solve.status == "optimal"
    return run
