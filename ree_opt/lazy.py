"""Pyomo imported on first use, so commands that never build a model (`validate`, `--help`) skip it.

`from ..lazy import pyo` stands for `import pyomo.core as pyo` in modules that `validate`
reaches (the model package: `prepare` is plain Python, only `build` needs Pyomo). The first
attribute read imports `pyomo.core` and copies its names onto the stand-in, so every later read is
an ordinary attribute look-up, as fast as the module itself.

The project uses `pyomo.core`, not `pyomo.environ`: it needs the modelling components and its
expression classes and standard representation (the hand-off reads expressions itself,
`ree_opt.lp_arrays`), never Pyomo's solver plugins (HiGHS is driven through
highspy). `pyomo.environ` loads every plugin package besides: measured alone, 37 MB and 0.38 s
against 24 MB and 0.16 s for `pyomo.core` (`/usr/bin/time python -c "import …"`).
"""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule(ModuleType):
    """A module object that imports the real module `name` when an attribute is first read."""

    def __getattr__(self, attr: str):  # only called for names not yet copied
        module = importlib.import_module(self.__name__)
        self.__dict__.update({k: v for k, v in vars(module).items() if not k.startswith("__")})
        return getattr(module, attr)


pyo = LazyModule("pyomo.core")
