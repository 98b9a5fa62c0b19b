"""Ctrl-C and SIGTERM stop a command promptly, HiGHS included, and leave nothing half-written.

Python runs signal handlers only between bytecodes of the main thread, so while HiGHS's
`run()` holds the main thread a Ctrl-C waits for the solve to end. `run_interruptible` instead
runs HiGHS on the solver thread highspy provides (`startSolve`) with its user-interrupt
callbacks on (`HandleUserInterrupt`); the main thread waits in short steps, a signal calls
`cancelSolve()`, HiGHS stops at its next simplex/IPM/MIP callback and `Interrupted` is raised
(after a short grace period even if HiGHS has not reached a callback yet). `Interrupted` is a `SystemExit` with the shell's code 128 + signal
(130 for SIGINT, 143 for SIGTERM): uncaught it exits quietly with that code; the CLI catches
it to say what was kept.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import TYPE_CHECKING, Iterator

from .errors import Interrupted

if TYPE_CHECKING:  # only for annotations: `ree-opt schema` and `--help` need no solver
    import highspy

SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def _handlers(handler) -> Iterator[None]:
    """Install `handler` for SIGINT and SIGTERM (main thread only), restoring the previous ones after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def signals_interrupt() -> Iterator[None]:
    """For a whole command: SIGINT and SIGTERM raise `Interrupted` (SIGTERM would otherwise kill the
    process on the spot, skipping every `finally` that removes temporary files)."""

    def handler(signum, frame):
        raise Interrupted(signum)

    with _handlers(handler):
        yield


def run_interruptible(h: highspy.Highs, poll_seconds: float = 0.05, grace_seconds: float = 0.5) -> None:
    """`h.run()`, stoppable by SIGINT/SIGTERM: HiGHS is cancelled and `Interrupted` raised.

    HiGHS checks for a cancel only at its callbacks (each simplex/IPM/MIP iteration; not inside
    presolve, and one IPM iteration of a large model takes about a second), so after a signal
    the main thread waits at most `grace_seconds` for it to stop, then raises anyway: the solver
    thread (a daemon that holds its own reference to `h`) stops at its next callback or dies
    with the process."""
    if threading.current_thread() is not threading.main_thread():
        h.run()  # signals reach only the main thread: nothing to listen for here
        return
    received: list[int] = []

    def handler(signum, frame):
        received.append(signum)
        h.cancelSolve()

    h.HandleUserInterrupt = True
    with _handlers(handler):
        h.startSolve()
        while not h.wait(poll_seconds)[0]:
            if received:
                stopped = h.wait(grace_seconds)[0]
                if stopped:
                    h.HandleUserInterrupt = False
                raise Interrupted(received[0])
    h.HandleUserInterrupt = False
    if received:
        raise Interrupted(received[0])
