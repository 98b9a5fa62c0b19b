"""Run folders: atomic claim under races, no `.tmp-*` after any exit, no nesting, failed runs marked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from ree_opt import runs
from ree_opt.errors import OutputError


def _names(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir())


def test_parallel_writers_in_one_second_get_distinct_folders(tmp_path, monkeypatch):
    # every writer gets the same stamp, as when runs finish in the same second
    monkeypatch.setattr(runs, "datetime", type("D", (), {"now": staticmethod(lambda tz: __import__("datetime").datetime(2030, 1, 1))}))
    paths, barrier = [], threading.Barrier(8)

    def write(i: int) -> None:
        folder = runs.AtomicFolder(tmp_path)
        with folder as tmp:
            (tmp / "x.txt").write_text(str(i))
            barrier.wait()
        paths.append(folder.path)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(paths)) == 8
    assert _names(tmp_path) == ["20300101T000000Z"] + [f"20300101T000000Z-{n}" for n in range(1, 8)]
    assert sorted((p / "x.txt").read_text() for p in paths) == [str(i) for i in range(8)]


def test_failed_rename_retries_with_next_suffix_and_leaves_no_tmp(tmp_path, monkeypatch):
    real_rename, calls = os.rename, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 1:
            raise OSError("simulated failure")
        return real_rename(src, dst)

    monkeypatch.setattr(runs.os, "rename", flaky)
    folder = runs.AtomicFolder(tmp_path)
    with folder as tmp:
        (tmp / "a").write_text("1")
    assert folder.path.name.endswith("-1") and (folder.path / "a").read_text() == "1"
    assert _names(tmp_path) == [folder.path.name]  # neither the tmp nor the first claim is left


def test_rename_failing_every_time_is_a_clear_error_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(runs.os, "rename", lambda src, dst: (_ for _ in ()).throw(OSError("no")))
    with pytest.raises(OutputError, match="nothing was kept"):
        with runs.AtomicFolder(tmp_path) as tmp:
            (tmp / "a").write_text("1")
    assert _names(tmp_path) == []


def test_exception_while_writing_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with runs.AtomicFolder(tmp_path) as tmp:
            (tmp / "a").write_text("1")
            raise KeyboardInterrupt
    assert _names(tmp_path) == []


def test_out_inside_a_finished_run_or_a_file_is_refused(tmp_path):
    with runs.AtomicFolder(tmp_path / "m") as tmp:
        (tmp / runs.MANIFEST).write_text("{}")
    (finished,) = (tmp_path / "m").iterdir()
    with pytest.raises(OutputError, match="inside the finished run folder"):
        runs.check_output_dir(finished / "m")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        runs.check_output_dir(tmp_path / "file" / "m")


def test_stale_tmp_of_a_dead_process_is_swept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".tmp-{dead}-abc"
    stale.mkdir()
    mine = tmp_path / f".tmp-{os.getpid()}-live"  # a live writer's folder is left alone
    mine.mkdir()
    with runs.AtomicFolder(tmp_path):
        pass
    assert not stale.exists() and mine.exists()


WRITER = textwrap.dedent("""
    import signal, sys, time
    # as launched from a terminal: a shell without job control starts background jobs with SIGINT
    # ignored, and Python then keeps it ignored (the test would time out instead of testing)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from pathlib import Path
    from ree_opt import runs
    with runs.AtomicFolder(Path(sys.argv[1])) as tmp:
        (tmp / "part.csv").write_text("x")
        print("writing", flush=True)
        time.sleep(30)
""")


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, None)])
def test_signal_during_write_leaves_no_tmp(tmp_path, sig, code):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    t0 = time.monotonic()
    proc.send_signal(sig)
    rc = proc.wait(timeout=10)
    assert time.monotonic() - t0 < 5
    if code is not None:
        assert rc == code
    else:
        assert rc != 0
    assert _names(tmp_path) == []
