"""HiGHS options a model file may set in `solver.extra`, and applying options with their status checked.

Only options that steer the algorithm are allowed. Anything that reads or writes a file
(`log_file`, `solution_file`, `write_solution_to_file`, `write_model_file`, `read_basis_file` …)
or prints to the console is refused: a shared model file must not be able to overwrite a
user's file or flood the command's output. The option's type comes from HiGHS itself
(`getOptionType`); its range is checked by HiGHS when it is set, and a refusal is an error
naming `solver.extra.<key>`, never ignored.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import sys
from typing import Any

import highspy

from .errors import ConfigError

ALLOWED = frozenset({
    # algorithm choice and presolve
    "presolve", "parallel", "run_crossover", "random_seed", "simplex_strategy", "simplex_scale_strategy",
    "simplex_dual_edge_weight_strategy", "simplex_primal_edge_weight_strategy", "allow_unbounded_or_infeasible",
    # tolerances and limits
    "primal_feasibility_tolerance", "dual_feasibility_tolerance", "ipm_optimality_tolerance", "objective_bound",
    "objective_target", "infinite_cost", "infinite_bound", "small_matrix_value", "large_matrix_value",
    "simplex_iteration_limit", "ipm_iteration_limit", "pdlp_iteration_limit",
    # MIP
    "mip_abs_gap", "mip_feasibility_tolerance", "mip_max_nodes", "mip_max_stall_nodes", "mip_max_leaves",
    "mip_heuristic_effort", "mip_detect_symmetry", "mip_max_improving_sols",
})

# options the model file sets through its own typed fields
_TYPED_FIELDS = {"solver": "method", "time_limit": "time_limit", "threads": "threads", "mip_rel_gap": "mip_gap"}

_EXPECTED = {
    highspy.HighsOptionType.kBool: ("true or false", lambda v: isinstance(v, bool)),
    highspy.HighsOptionType.kInt: ("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    highspy.HighsOptionType.kDouble: ("a number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)),
    highspy.HighsOptionType.kString: ("text", lambda v: isinstance(v, str)),
}


@contextlib.contextmanager
def _silenced_stdout():
    """Silence C-level stdout: highspy prints a banner when the first Highs() is made."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def new_highs() -> highspy.Highs:
    """A quiet Highs instance."""
    with _silenced_stdout():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def extra_problems(extra: dict[str, Any]) -> list[str]:
    """One message per bad `solver.extra` entry: not allowed, wrong type, or refused by HiGHS."""
    problems = []
    h = new_highs()
    for key, value in extra.items():
        where = f"solver.extra.{key}"
        if key in _TYPED_FIELDS:
            problems.append(f"{where}: set solver.{_TYPED_FIELDS[key]} instead")
        elif key not in ALLOWED:
            near = difflib.get_close_matches(key, sorted(ALLOWED), n=1)
            hint = f"; did you mean {near[0]}?" if near else "; the allowed ones are listed in ree_opt/highs_options.py"
            problems.append(f"{where}: not an allowed HiGHS option (options that touch files or the console are refused){hint}")
        else:
            problem = _set_checked(h, key, value)
            if problem:
                problems.append(f"{where}: {problem}")
    return problems


def _set_checked(h: highspy.Highs, key: str, value: Any) -> str | None:
    """Set one option; a message if its type is wrong or HiGHS refuses it, else None."""
    status, kind = h.getOptionType(key)
    if status != highspy.HighsStatus.kOk:
        return "unknown to this HiGHS version"
    expected, fits = _EXPECTED[kind]
    if not fits(value):
        return f"got {_short(value)}, expected {expected}"
    if h.setOptionValue(key, float(value) if kind == highspy.HighsOptionType.kDouble else value) != highspy.HighsStatus.kOk:
        return f"HiGHS refused the value {_short(value)} (out of range or not one of its choices)"
    return None


def apply_highs_options(h: highspy.Highs, options: dict[str, Any]) -> None:
    """Set every option on `h`, checking each return status; a refusal raises ConfigError naming it."""
    for key, value in options.items():
        problem = _set_checked(h, key, value)
        if problem:
            raise ConfigError(f"HiGHS option {key}: {problem}")
