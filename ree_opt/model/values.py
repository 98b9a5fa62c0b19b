"""Small helpers for reading solved values into tidy tables (shared by every feature's `report`)."""

from __future__ import annotations

import pandas as pd

TOL = 1e-9  # values below this are left out of the tables that list only what is there


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def val(var) -> float:
    v = var.value
    return 0.0 if v is None else float(v)


def dual(m, con) -> float:
    """The dual of a constraint (0 where none was loaded: a MIP, or a row HiGHS never saw)."""
    return m.dual.get(con, 0.0) if hasattr(m, "dual") else 0.0


def has_duals(m) -> bool:
    return hasattr(m, "dual") and len(m.dual) > 0
