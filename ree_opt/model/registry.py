"""The registry: the only coupling between features while a model is built.

Features never read each other's attributes off the model; what one offers another goes
through here:
- `balance[(r, c, t)]`: (coefficient, variable) pairs on the supply side of the commodity balance;
- `costs[name]`: (discounted coefficient, variable or linear expression) pairs per named cost
  component, `constant_costs[name]` their constants (the objective sums them);
- `first_stage`: the variable components decided before uncertainty resolves (builds, projects,
  module counts, plant switches) — stress tests fix them, the extensive form ties them,
  mpi-sppy declares them as the root node;
- `duals`: constraints whose shadow prices are reported in `policy_duals.csv`;
- the shared variables the core features create (`builds`, `activity`, `capacity`, `shipments`,
  `unmet`, `supply_extra`), and the mutable parameters disruptions may change (`demand_param`,
  `keep_param`), so a feature reads demand through `demand_of` and never through another
  feature's module.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Mapping


class _Closed:
    """Stands in for a registry field once the rows it fed are built: any later use is an error."""

    def __init__(self, what: str, built_in: str):
        self.what, self.built_in = what, built_in

    def _refuse(self, *_args):
        raise RuntimeError(f"the {self.what} rows are already built (in {self.built_in}): register {self.what} terms before that")

    __getitem__ = get = __contains__ = _refuse


@dataclass
class Registry:
    """Balance terms, cost components, first stage, reported duals and the shared variables of one model."""

    demand: Mapping[tuple[str, str, int], float]  # the data's demand, kt/yr
    balance: dict[tuple[str, str, int], list[tuple[float, Any]]] = field(default_factory=lambda: defaultdict(list))
    costs: dict[str, list[tuple[float, Any]]] = field(default_factory=lambda: defaultdict(list))
    constant_costs: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    first_stage: list[Any] = field(default_factory=list)
    duals: list[Any] = field(default_factory=list)
    demand_param: Mapping[tuple[str, str, int], Any] = field(default_factory=dict)  # demand a scenario may change
    keep_param: Mapping[tuple[str, str, int], Any] = field(default_factory=dict)  # share of capacity an outage keeps
    builds: Any = None  # v_build[r, k, v]
    activity: Any = None  # v_activity[r, k, m, t]
    capacity: Any = None  # e_capacity[r, k, t]
    shipments: Any = None  # v_ship[c, o, d, t]
    unmet: Any = None  # v_unmet[r, c, t]
    supply_extra: dict[tuple[str, str, int], Any] = field(default_factory=dict)  # supplies outside processes (end-of-life scrap)
    response: dict[tuple[str, str, int], list[Any]] = field(default_factory=dict)  # demand-response variables per (r, c, t)
    cost_forms: Any = None  # the cost components as compiled linear forms (objective.cost_forms), made on first use from e_cost

    def close_balance(self) -> None:
        """The balance rows are built: drop their (coefficient, variable) pairs and refuse later ones. On `global`
        the pairs are ≈ 12 MB; freed before the hand-off, which then reuses that memory (peak of `run` −12 MB)."""
        self.balance = _Closed("balance", "balance.link")

    def close_costs(self) -> None:
        """The objective is built: drop the cost pairs (≈ 6 MB on `global`; e_cost holds the same terms, freed
        before the hand-off like the balance pairs) and refuse later ones."""
        self.costs = _Closed("cost", "objective.link")

    def cost(self, component: str, coef: float, var: Any) -> None:
        if coef != 0:
            self.costs[component].append((coef, var))

    def demand_of(self, key: tuple[str, str, int]):
        """d[r,c,t] as the model sees it: the mutable parameter where a scenario can change it, else the data value."""
        return self.demand_param[key] if key in self.demand_param else self.demand[key]

    def served(self, key: tuple[str, str, int]):
        """Demand actually served, d[r,c,t] − unmet[r,c,t] − Σ response[r,c,t] (0 where there is no demand)."""
        if key not in self.demand:
            return 0.0
        return self.demand_of(key) - self.unmet[key] - sum(self.response.get(key, ()))
