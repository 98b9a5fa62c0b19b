"""The import graph of ree_opt: no cycle, and no import from a lower layer up to a higher one.

Layers (data → prepare → model → solve → results → commands): a module may import only modules
of a strictly lower layer, so feature modules never import each other (they share the registry).
Imports inside functions count too (the CLI imports lazily).
"""

from __future__ import annotations

import ast

from tests.helpers import ROOT

LAYERS = [
    ["errors", "schema", "environment_data", "chemistry_data", "lazy"],
    ["highs_options", "config_errors"],
    ["data_checks", "config"],
    ["data"],
    ["places", "footprints", "embodied", "variations", "checks"],
    ["model.values", "model.registry", "model.lifetimes", "model.technology"],
    ["model.core"],
    ["model.capacity", "model.lumpy", "model.disruption", "model.operations", "model.trade", "model.balance", "model.stockpile",
     "model.end_of_life", "model.environment", "model.min_share", "model.objective", "model.blending", "model.markets",
     "model.collection", "model.demand_response"],
    ["model"],
    ["infeasibility", "interrupt", "lp_arrays"],
    ["solve", "chemistry_results"],
    ["results", "warm", "uncertainty_plots", "resolve"],
    ["pipeline"],
    ["indicators"],
    ["api", "scenario_runs"],
    ["runs", "compare"],
    ["stress", "pareto", "summaries", "terminal"],
    ["stochastic", "mpisppy_model", "ph"],
    # the report reads folders only (never the model); one module per folder kind over charts and a page
    ["report.charts", "report.flows"],
    ["report.page", "report.static"],
    ["report.run", "report.stress", "report.pareto", "report.sensitivity", "report.mga"],
    ["report.compare", "report.stochastic"],
    ["report"],
    ["mga"],
    ["sensitivity"],
    ["uncertainty"],
    ["exits"],
    ["cli_app"],
    ["cli_analysis"],
    ["cli"],
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def module_name(path) -> str:
    rel = path.relative_to(ROOT / "ree_opt").with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts)


def imports_of(path, name: str) -> set[str]:
    package = name.split(".")[:-1] if not path.name == "__init__.py" else name.split(".")
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                candidates = [target] + [f"{target}.{a.name}".lstrip(".") for a in node.names]
            elif node.module and node.module.startswith("ree_opt"):
                target = node.module.removeprefix("ree_opt").lstrip(".")
                candidates = [target] + [f"{target}.{a.name}".lstrip(".") for a in node.names]
            else:
                continue
            found |= {c for c in candidates if c in RANK}
    return found - {name}


def test_every_module_has_a_layer_and_imports_only_lower_layers():
    paths = sorted((ROOT / "ree_opt").rglob("*.py"))
    names = {module_name(p): p for p in paths if module_name(p) != ""}
    assert set(names) - set(RANK) == set(), "give every new module a layer in tests/test_architecture.py"
    upward = [(name, dep) for name, path in names.items() for dep in imports_of(path, name) if RANK[dep] >= RANK[name]]
    assert upward == []


def test_the_import_reader_sees_relative_and_absolute_imports():
    core = ROOT / "ree_opt" / "model" / "core.py"
    assert {"places", "data", "config", "model.lifetimes", "model.technology"} <= imports_of(core, "model.core")
    assert "model" in imports_of(ROOT / "ree_opt" / "pipeline.py", "pipeline")
