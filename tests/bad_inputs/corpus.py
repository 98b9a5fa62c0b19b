"""The cases: each is one corruption of the tiny dataset or model and the words its error line must hold.

`Cell(table, row, column, value, expect)`: set one cell (row = index in the table's records,
so the CSV row is row + 2). `expect` defaults to "<table>.csv row <row+2>, column <column>".
`FileCase(name, make, expect)`: `make(root)` damages the files written under `root`.
`ModelCase(name, yaml_or_edit, expect, sets)`: a model file text (or an edit of the valid one)
and `--set` overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .tiny import MODEL


@dataclass(frozen=True)
class Cell:
    table: str
    row: int
    column: str
    value: str
    expect: str = ""
    commands: tuple[str, ...] = ("validate", "run")

    @property
    def id(self) -> str:
        return f"{self.table}.{self.column}[{self.row}]={self.value[:20]}"

    @property
    def expected(self) -> str:
        return self.expect or f"{self.table}.csv row {self.row + 2}, column {self.column}"


@dataclass(frozen=True)
class FileCase:
    id: str
    make: Callable[[Path], None]
    expect: str
    commands: tuple[str, ...] = ("validate", "run")

    @property
    def expected(self) -> str:
        return self.expect


@dataclass(frozen=True)
class ModelCase:
    id: str
    model: str
    expect: str
    sets: tuple[str, ...] = field(default_factory=tuple)
    commands: tuple[str, ...] = ("validate", "run")

    @property
    def expected(self) -> str:
        return self.expect


CELLS = [
    Cell("regions", 0, "cost_of_capital", "abc"),
    Cell("regions", 0, "cost_of_capital", "0.9"),
    Cell("regions", 0, "region", "a b"),
    Cell("regions", 1, "group", ""),
    Cell("regions", 0, "region", "z", "deposits.csv row 2, column region: unknown region 'a' (and"),
    Cell("commodities", 0, "kind", "gas"),
    Cell("commodities", 0, "commodity", "ore-f", "commodities.csv row 2, column commodity: 'ore-f' must be written 'ore:<name>'"),
    Cell("commodities", 1, "transport_loss", "1.5"),
    Cell("commodities", 1, "tradable", "maybe"),
    Cell("commodities", 2, "unmet_penalty", "-1"),
    Cell("commodities", 2, "disposal_cost", "1e300"),
    Cell("feeds", 0, "share", "0.5", "feeds.csv rows 2: shares of feed 'f' sum to 0.5"),
    Cell("feeds", 0, "share", "nan"),
    Cell("feeds", 0, "share", "inf"),
    Cell("feeds", 0, "feed", "g", "feed 'g' has no commodity 'ore:g'"),
    Cell("processes", 0, "stage", "refining"),
    Cell("processes", 0, "capex", "-5"),
    Cell("processes", 0, "capex", "1e12"),
    Cell("processes", 1, "var_cost", "1e300"),
    Cell("processes", 0, "lifetime", "0"),
    Cell("processes", 0, "lifetime", "2.5"),
    Cell("processes", 0, "lead_time", "41"),
    Cell("processes", 2, "availability", "0"),
    Cell("processes", 1, "feeds", "zz", "processes.csv row 3, column feeds: unknown feed 'zz'"),
    Cell("processes", 1, "feeds", "zz;yy", "processes.csv row 3, column feeds: unknown feeds 'zz;yy'"),  # found by hypothesis
    Cell("processes", 2, "buildable", "perhaps"),
    Cell("separation", 0, "recovery", "1.2"),
    Cell("separation", 0, "process", "smelt", "separation.csv row 2, column process: process 'smelt' has stage 'metal', expected separation"),
    Cell("separation", 0, "product", "oxide:zz", "separation.csv row 2, column product: unknown commodity 'oxide:zz'"),
    Cell("deposits", 0, "region", "atlantis", "deposits.csv row 2, column region: unknown region 'atlantis'"),
    Cell("deposits", 0, "feed", "zz", "deposits.csv row 2, column feed: unknown feed 'zz'"),
    Cell("deposits", 0, "process", "sep", "deposits.csv row 2, column process: process 'sep' has stage 'separation', expected a mining process"),
    Cell("deposits", 0, "status", "rumoured"),
    Cell("deposits", 0, "reserves", "-1"),
    Cell("deposits", 0, "deposit", "mine", "deposits.csv row 2, column deposit: 'mine' is also a process id"),
    Cell("existing_capacity", 0, "capacity", "1e300"),
    Cell("existing_capacity", 0, "region", "b", "existing_capacity.csv row 2, column region: deposit 'd' lies in 'a', got 'b'"),
    Cell("existing_capacity", 0, "process", "mine", "existing_capacity.csv row 2, column process: 'mine' is a mining process; name the deposit instead"),
    Cell("existing_capacity", 1, "retire_year", "99999"),
    Cell("existing_capacity", 1, "process", "zz", "existing_capacity.csv row 3, column process: unknown process or deposit 'zz'"),
    Cell("projects", 0, "start_year", "2025.5"),
    Cell("projects", 0, "status", "rumoured"),
    Cell("projects", 0, "capacity", "0"),
    Cell("projects", 0, "process", "zz", "projects.csv row 2, column process: unknown process or deposit 'zz'"),
    Cell("demand", 0, "demand", "1e300"),
    Cell("demand", 0, "demand", "-3"),
    Cell("demand", 0, "year", "99999"),
    Cell("demand", 0, "commodity", "oxide:zz", "demand.csv row 2, column commodity: unknown commodity 'oxide:zz'"),
    Cell("demand", 1, "region", "zz", "demand.csv row 3, column region: unknown region 'zz'"),
    Cell("demand", 0, "source", "nowhere", "demand.csv row 2, column source: unknown source 'nowhere'"),
    Cell("transport", 0, "origin", "zz", "transport.csv row 2, column origin: unknown region or group 'zz'"),
    Cell("transport", 0, "commodity", "zz:*", "transport.csv row 2, column commodity: unknown commodity or pattern 'zz:*'"),
    Cell("transport", 0, "loss", "0.995"),
    Cell("sources", 0, "kind", "rumour"),
    Cell("process_io", 0, "coef", "0", "process_io.csv row 2, column coef: got 0, expected a non-zero coefficient"),
    Cell("process_io", 0, "coef", "-1e10"),
    Cell("process_io", 0, "commodity", "oxide:zz", "process_io.csv row 2, column commodity: unknown commodity 'oxide:zz'"),
    Cell("process_io", 0, "process", "mine", "process_io.csv row 2, column process: 'mine' is a deposit's mining process"),
]


def _rewrite(name: str, edit: Callable[[str], str]) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / "data" / name
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return make


def _non_utf8(root: Path) -> None:
    path = root / "data" / "deposits.csv"
    path.write_bytes(path.read_bytes().replace(b"operating", b"op\xe9rating"))


def _directory(root: Path) -> None:
    (root / "data" / "regions.csv").unlink()
    (root / "data" / "regions.csv").mkdir()


def _stray(root: Path) -> None:
    (root / "data" / "foo.csv").write_text("x\n1\n")


def _missing(root: Path) -> None:
    (root / "data" / "demand.csv").unlink()


def _empty_file(root: Path) -> None:
    (root / "data" / "regions.csv").write_text("")


def _first_line(text: str) -> str:
    return text.splitlines()[0] + "\n"


FILES = [
    FileCase("regions-header-only", _rewrite("regions.csv", _first_line), "regions.csv: has no data rows; at least one region is needed"),
    FileCase("processes-header-only", _rewrite("processes.csv", _first_line), "processes.csv: has no data rows"),
    FileCase("non-utf8-byte", _non_utf8, "deposits.csv line 2: byte 0xe9 is not UTF-8"),
    FileCase("table-is-directory", _directory, "regions.csv: is a directory, expected a CSV file"),
    FileCase("stray-table", _stray, "unknown table(s) foo.csv"),
    FileCase("missing-required-table", _missing, "demand.csv: required table is missing"),
    FileCase("empty-file", _empty_file, "regions.csv: missing required column(s) region, name, group, cost_of_capital"),
    FileCase("unknown-column", _rewrite("deposits.csv", lambda t: t.replace("reserves", "reservez", 1)), "deposits.csv: unknown column(s) reservez"),
    FileCase("missing-column", _rewrite("regions.csv", lambda t: t.replace(",cost_of_capital", "", 1)), "regions.csv: missing required column(s) cost_of_capital"),
    FileCase("duplicate-header", _rewrite("regions.csv", lambda t: t.replace("name,", "region,", 1)), "regions.csv: column(s) region appear more than once"),
    FileCase("short-row", _rewrite("regions.csv", lambda t: t + "c,C\n"), "regions.csv row 4: expected 5 fields, got 2"),
    FileCase("duplicate-key", _rewrite("regions.csv", lambda t: t + "a,A again,g1,0.05,test\n"), "regions.csv row 4: duplicate region = a (first at row 2)"),
    FileCase("unterminated-quote", _rewrite("regions.csv", lambda t: t + 'c,"C,g1,0.05,test\n'), "regions.csv row 4"),
]


def _edit(old: str, new: str) -> str:
    assert old in MODEL, old
    return MODEL.replace(old, new, 1)


MODELS = [
    ModelCase("yaml-duplicate-key", MODEL + "discount_rate: 0.07\n", "tiny.yaml line 6, column 1: not valid YAML (key 'discount_rate' is given twice (first at line 4))"),
    ModelCase("yaml-syntax", MODEL + "horizon: {start: 2025\n", "tiny.yaml line 7"),
    ModelCase("yaml-not-mapping", "- a\n- b\n", "expected a mapping of settings at the top level"),
    ModelCase("unknown-key", MODEL + "horizn: {start: 2025}\n", "horizn: unknown key (not allowed here); did you mean horizon?"),
    ModelCase("unknown-nested-key", _edit("step: 5", "stp: 5"), "horizon.stp: unknown key (not allowed here); did you mean step?"),
    ModelCase("base-year-huge", MODEL + "base_year: 99999\n", "base_year: Input should be less than or equal to 2200 (got 99999)"),
    ModelCase("base-year-far", MODEL + "base_year: 1950\n", "base_year: 1950 must lie from 1975 (horizon.start − 50) to 2030 (horizon.end)"),
    ModelCase("horizon-reversed", _edit("end: 2030", "end: 2020"), "horizon.end (2020) is before horizon.start (2025)"),
    ModelCase("horizon-step-zero", _edit("step: 5", "step: 0"), "horizon.step: steps must be 1-50 years"),
    ModelCase("discount-rate", MODEL, "discount_rate: Input should be less than 1 (got 1.5)", ("discount_rate=1.5",)),
    ModelCase("extra-log-file", MODEL + "solver: {extra: {log_file: /tmp/x.log}}\n", "solver.extra.log_file: not an allowed HiGHS option"),
    ModelCase("extra-solution-file", MODEL, "solver.extra.write_solution_to_file: not an allowed HiGHS option", ("solver.extra.write_solution_to_file=true",)),
    ModelCase("extra-model-file", MODEL, "solver.extra.write_model_file: not an allowed HiGHS option", ("solver.extra.write_model_file=x.lp",)),
    ModelCase("extra-unknown", MODEL, "solver.extra.presolv: not an allowed HiGHS option (options that touch files or the console are refused); did you mean presolve?", ("solver.extra.presolv=off",)),
    ModelCase("extra-bad-choice", MODEL, "solver.extra.presolve: HiGHS refused the value 'maybe'", ("solver.extra.presolve=maybe",)),
    ModelCase("extra-bad-type", MODEL, "solver.extra.random_seed: got 'abc', expected a whole number", ("solver.extra.random_seed=abc",)),
    ModelCase("extra-negative", MODEL, "solver.extra.mip_max_nodes: HiGHS refused the value -3", ("solver.extra.mip_max_nodes=-3",)),
    ModelCase("extra-typed-field", MODEL, "solver.extra.time_limit: set solver.time_limit instead", ("solver.extra.time_limit=5",)),
    ModelCase("min-share-reversed", MODEL + "policies: {min_share: [{group: g1, commodities: ['metal:*'], chain_groups: [g1], share: 0.5, from_year: 2030, to_year: 2025}]}\n",
              "policies.min_share[0]: from_year 2030 is after to_year 2025"),
    ModelCase("min-share-over-one", MODEL + "policies: {min_share: [{group: g1, commodities: ['metal:*'], chain_groups: [g1], share: 1.5}]}\n",
              "policies.min_share[0].share: Input should be less than or equal to 1 (got 1.5)"),
    ModelCase("min-share-missing", MODEL + "policies: {min_share: [{group: g1}]}\n", "policies.min_share[0]: missing field(s) commodities, chain_groups, share"),
    ModelCase("min-share-year-range", MODEL + "policies: {min_share: [{group: g1, commodities: ['metal:*'], chain_groups: [g1], share: 0.5, from_year: 20300}]}\n",
              "policies.min_share[0].from_year: Input should be less than or equal to 2200 (got 20300)"),
    ModelCase("unknown-demand-case", _edit("demand_case: base", "demand_case: nope"), "nope"),
    ModelCase("dataset-missing", _edit("dataset: data", "dataset: nodata"), "nodata: dataset folder not found"),
    ModelCase("probabilities", MODEL + "disruptions: [{name: x, probability: 0.5}]\n", "disruptions: probabilities must sum to 1, got 0.5"),
    ModelCase("set-without-value", MODEL, "--set 'discount_rate': expected key=value", ("discount_rate",)),
    ModelCase("extends-cycle", MODEL + "extends: tiny.yaml\n", "'extends' forms a cycle"),
    ModelCase("name-with-slash", _edit("name: tiny", "name: ../escape"), "name: String should match pattern"),
    ModelCase("name-dot-dot", _edit("name: tiny", "name: '..'"), "name: String should match pattern"),
]

CASES = CELLS + FILES + MODELS
