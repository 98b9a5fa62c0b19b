"""docs/tutorial.ipynb runs from top to bottom (nbclient, a fresh kernel), so the tutorial never rots."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from tests.helpers import ROOT


def test_tutorial_notebook_runs_and_names_the_cost_of_exclusion():
    nb = nbformat.read(ROOT / "docs" / "tutorial.ipynb", as_version=4)
    # a stored output would go stale silently: the notebook is kept without outputs
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "docs")}}).execute()
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "cost of exclusion:" in text and "report.html" in text
    assert not any(o.output_type == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
