"""Errors the user can act on. The CLI prints them as one line each, without a traceback."""

from __future__ import annotations


class ReeOptError(Exception):
    """Base class of the errors ree_opt reports to users."""


def one_line(text: str) -> str:
    """`text` with line breaks and other unprintable characters escaped (a bad cell may hold any)."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class DataError(ReeOptError):
    """A dataset folder is invalid. `problems` holds one message per problem found."""

    def __init__(self, problems: list[str]):
        self.problems = [one_line(p) for p in problems]
        shown = self.problems[:50]
        more = len(self.problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more problems" if more > 0 else "")
        super().__init__(text)


class ConfigError(ReeOptError):
    """A model file or an override is invalid."""


class SolveError(ReeOptError):
    """The solver did not return a usable solution."""


class OutputError(ReeOptError):
    """An output folder cannot be used (a file, inside a finished run) or written."""


class Interrupted(SystemExit):
    """Ctrl-C or SIGTERM stopped the command: exits with the shell's code 128 + signal number."""

    def __init__(self, signum: int):
        super().__init__(128 + signum)
        self.signum = signum
