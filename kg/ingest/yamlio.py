"""YAML with line numbers: every mapping carries ``__line__`` and ``__key_lines__`` so an
error can name the line of the field it is about; pydantic errors as located issues."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import ValidationError

from kg.errors import InputIssue
from kg.ingest.limits import MAX_YAML_BYTES, MAX_YAML_DEPTH, open_input, shorten

# libyaml (the C parser) when PyYAML was built with it, as the wheels on PyPI are: it parses
# about ten times faster than the pure-Python parser and its nodes carry the same marks,
# so lines are kept either way.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Safe loader that remembers the line of each mapping and of each of its keys."""


def structure_problem(text: str) -> tuple[str, int] | None:
    """Aliases (a 1 KB alias bomb expands to gigabytes) and deep nesting, found on the
    parser's events before anything is built: (problem, line) or None.

    The C composer cannot be hooked, so the check walks the (C-parsed) event stream."""
    depth = 0
    for ev in yaml.parse(text, Loader=_SafeLoader):
        line = ev.start_mark.line + 1 if ev.start_mark is not None else 0
        if isinstance(ev, yaml.AliasEvent):
            return f"uses the alias *{ev.anchor}; kg files may not use anchors or aliases (&name / *name)", line
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return f"nests deeper than {MAX_YAML_DEPTH} levels", line
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _too_deep(root: yaml.Node) -> bool:
    """Whether the composed tree nests deeper than allowed; one pass over its mappings and
    sequences (scalars are never pushed). Only called on text without anchors, so no node
    is reached twice."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_YAML_DEPTH:
            return True
        children = (x for kv in node.value for x in kv) if isinstance(node, yaml.MappingNode) else node.value
        stack.extend((c, depth + 1) for c in children if not isinstance(c, yaml.ScalarNode))
    return False


class _CheckingLoader(yaml.SafeLoader):
    """The pure-Python loader with the same refusals, for small files read with safe_load."""

    _kg_depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            ev = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"uses the alias *{ev.anchor}; kg files may not use anchors or aliases (&name / *name)",
                ev.start_mark,
            )
        if self._kg_depth > MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"nests deeper than {MAX_YAML_DEPTH} levels", self.peek_event().start_mark
            )
        self._kg_depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._kg_depth -= 1


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` without aliases and with bounded nesting."""
    return yaml.load(text, Loader=_CheckingLoader)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    data = cast(dict[str, Any], loader.construct_mapping(node, deep=True))
    data["__line__"] = node.start_mark.line + 1
    data["__key_lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return data


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# keep dates as text; the model parses them, and the graph stores ISO strings
def _timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def strip_lines(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: strip_lines(v) for k, v in data.items() if k not in ("__line__", "__key_lines__")}
    if isinstance(data, list):
        return [strip_lines(v) for v in data]
    return data


def read_yaml(path: Path, rel: str, issues: list[InputIssue], *, root: Path | None) -> Any:
    """A YAML file of the dataset folder ``root`` with line numbers, or ``None`` after a
    located issue (outside the folder, not a regular file, too big, not UTF-8, aliases …)."""
    f = open_input(path, rel, issues, root=root, limit=MAX_YAML_BYTES)
    if f is None:
        return None
    try:
        with f:
            text = f.read().decode("utf-8")
    except UnicodeDecodeError as e:
        issues.append(InputIssue(rel, f"is not UTF-8 text (byte {e.start})"))
        return None
    try:
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            # the composer does not expand aliases, so composing an alias bomb is cheap; without an
            # anchor (&) there can be no alias, and the tree's depth is checked on the nodes; with
            # one, the event walk finds and names the alias
            if node is not None and ("&" in text or _too_deep(node)):
                problem = structure_problem(text)
                if problem:
                    issues.append(InputIssue(rel, problem[0], row=problem[1]))
                    return None
            return loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except RecursionError:
        issues.append(InputIssue(rel, f"nests deeper than {MAX_YAML_DEPTH} levels"))
        return None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        what = str(getattr(e, "problem", e))
        if "maximum nesting depth" in what:  # libyaml's own, lower bound on nesting
            what = f"nests deeper than {MAX_YAML_DEPTH} levels"
        issues.append(InputIssue(rel, f"is not valid YAML: {what}", row=mark.line + 1 if mark else None))
        return None


def pydantic_issues(
    err: ValidationError, rel: str, line: int | None, key_lines: dict[str, int], sheet: str | None = None
) -> list[InputIssue]:
    out = []
    for e in err.errors():
        loc = [str(x) for x in e["loc"]]
        col = loc[0] if loc else None
        row = key_lines.get(col, line) if col else line
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = "unknown field"
        elif e["type"] == "missing":
            msg = "required field is missing"
        elif "input" in e and e["type"] not in ("missing",):
            msg = f"{msg} (got {shorten(e['input'])})"
        out.append(InputIssue(rel, msg, sheet=sheet, row=row, column=".".join(loc) or None))
    return out
