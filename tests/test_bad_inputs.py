"""The bad-input corpus (tests/bad_inputs/): every case is one line naming file/row/column or the
model key, exit code 1, no traceback, and nothing written — through `validate` and `run`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tests.bad_inputs.corpus import CASES, Cell, FileCase, ModelCase
from tests.bad_inputs.tiny import MODEL, records, write_case
from ree_opt.cli import app

runner = CliRunner()


def make(case, root):
    """Write the tiny case with the one corruption of `case`; the model path and --set arguments."""
    recs = records()
    model = MODEL
    if isinstance(case, Cell):
        recs[case.table][case.row][case.column] = case.value
    if isinstance(case, ModelCase):
        model = case.model
    path = write_case(root, recs, model)
    if isinstance(case, FileCase):
        case.make(root)
    sets = [a for s in getattr(case, "sets", ()) for a in ("--set", s)]
    return path, sets


PARAMS = [pytest.param(case, cmd, id=f"{cmd}:{case.id}") for case in CASES for cmd in case.commands]


def test_corpus_is_large_enough():
    assert len(CASES) >= 60


@pytest.mark.parametrize("case, command", PARAMS)
def test_bad_input_is_one_clear_line(case, command, tmp_path):
    path, sets = make(case, tmp_path)
    out = tmp_path / "runs"
    args = [command, str(path), *sets] + (["--out", str(out)] if command == "run" else [])
    result = runner.invoke(app, args)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ") and case.expected in lines[0], lines[0]
    assert len(lines[0]) < 400, lines[0]
    assert not out.exists() or not any(out.rglob("*")), "a bad input must write nothing"


@pytest.mark.parametrize("name", ["non-utf8-byte", "yaml-duplicate-key", "extra-log-file"])
def test_bad_input_through_the_installed_command(name, tmp_path):
    (case,) = [c for c in CASES if c.id == name]
    path, sets = make(case, tmp_path)
    proc = subprocess.run([sys.executable, "-m", "ree_opt.cli", "run", str(path), *sets, "--out", str(tmp_path / "runs")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and case.expected in proc.stderr and "Traceback" not in proc.stderr
