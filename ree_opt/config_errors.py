"""Reading model files strictly and saying what is wrong with them in one line per problem.

`UniqueKeyLoader` refuses a key given twice in one mapping (plain YAML keeps the last one
silently). `error_lines` turns pydantic's errors into lines `key: what is wrong (got value)`
with keys written as in the file (`policies.min_share[0].share`), never echoing a whole mapping.
"""

from __future__ import annotations

import difflib
from typing import Any

import yaml


class UniqueKeyLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a key given twice in one mapping (plain YAML keeps the last silently)."""

    def construct_mapping(self, node, deep=False):
        first: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                if key in first:
                    raise yaml.constructor.ConstructorError(None, None, f"key '{key}' is given twice (first at line {first[key]})", key_node.start_mark)
                first[key] = key_node.start_mark.line + 1
            except TypeError:
                continue  # an unhashable key: SafeLoader reports it
        return super().construct_mapping(node, deep=deep)


def _key(loc: tuple) -> str:
    """('policies', 'min_share', 0, 'share') → 'policies.min_share[0].share'."""
    out = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a mapping's key (not its value)
            out += " (the key)"
        else:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def error_lines(errors: list[dict], root: Any) -> list[str]:
    """pydantic errors as lines 'key: what is wrong (got value)'. Fields missing from one mapping
    share a line, and so do unknown keys of one mapping; a whole mapping or list is never echoed,
    and a long value is cut."""
    lines: list[str] = []
    grouped: dict[tuple[str, str], list[str]] = {}  # (parent, kind) → field names
    for err in errors:
        key = _key(err["loc"])
        if err["type"] in ("missing", "extra_forbidden"):
            parent, _, name = key.rpartition(".")
            kind = "missing field(s)" if err["type"] == "missing" else "unknown key(s) (not allowed here)"
            if err["type"] == "extra_forbidden" and (parent, kind) not in grouped:
                kind = _unknown_key(err["loc"], root)  # the first unknown key gets a suggestion
            grouped.setdefault((parent or "(top level)", kind), []).append(name)
            continue
        msg = err["msg"].removeprefix("Value error, ")
        value = err.get("input")
        got = "" if isinstance(value, (dict, list, tuple)) else f" (got {_short(value)})"
        # validators name their keys themselves; pydantic's own messages need the key in front
        lines.append(f"{msg}{got}" if not key or msg.startswith(key.split("[")[0].split(".")[0]) else f"{key}: {msg}{got}")
    for (parent, kind), names in grouped.items():
        if kind.startswith("missing"):
            lines.append(f"{parent}: {kind} {', '.join(names)}")
        else:
            first = names[0] if parent == "(top level)" else f"{parent}.{names[0]}"
            lines.append(f"{first}: {kind}" if len(names) == 1 else f"{parent}: unknown keys {', '.join(names)} (not allowed here)")
    return lines


def _unknown_key(loc: tuple, root: Any) -> str:
    """'unknown key', with the nearest field name of the model (below `root`) it sits in when one is close."""
    model: Any = root
    for part in loc[:-1]:
        field = getattr(model, "model_fields", {}).get(part) if isinstance(part, str) else None
        if field is not None:
            model = field.annotation
        args = [a for a in getattr(model, "__args__", ()) if hasattr(a, "model_fields")]
        model = args[0] if args and len(args) == 1 else model
    near = difflib.get_close_matches(str(loc[-1]), list(getattr(model, "model_fields", {})), n=1)
    return "unknown key (not allowed here)" + (f"; did you mean {near[0]}?" if near else "")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
