"""Shared registers filled by the model families while the model is built."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Registry:
    """Balance terms per (r, c, t) and cost terms per named component.

    `balance[(r, c, t)]` holds (coefficient, variable) pairs added to the supply side of the
    commodity balance; `costs[name]` holds (discounted coefficient, variable or linear
    expression) pairs.
    """

    balance: dict[tuple[str, str, int], list[tuple[float, Any]]] = field(default_factory=lambda: defaultdict(list))
    costs: dict[str, list[tuple[float, Any]]] = field(default_factory=lambda: defaultdict(list))
    constant_costs: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def cost(self, component: str, coef: float, var: Any) -> None:
        if coef != 0:
            self.costs[component].append((coef, var))
