"""YAML with line numbers: every mapping carries ``__line__`` and ``__key_lines__`` so an
error can name the line of the field it is about; pydantic errors as located issues."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import ValidationError

from kg.errors import InputIssue
from kg.ingest.limits import MAX_YAML_BYTES, MAX_YAML_DEPTH, file_size_issue, shorten


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of each mapping and of each of its keys, and
    refuses anchors/aliases (a 1 KB alias bomb expands to gigabytes) and deep nesting."""

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
    return yaml.load(text, Loader=_PlainLoader)


class _PlainLoader(yaml.SafeLoader):
    _kg_depth = 0
    compose_node = _LineLoader.compose_node


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


def read_yaml(path: Path, rel: str, issues: list[InputIssue]) -> Any:
    too_big = file_size_issue(path, rel, MAX_YAML_BYTES)
    if too_big:
        issues.append(too_big)
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        issues.append(InputIssue(rel, f"is not UTF-8 text (byte {e.start})"))
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except RecursionError:
        issues.append(InputIssue(rel, f"nests deeper than {MAX_YAML_DEPTH} levels"))
        return None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        issues.append(
            InputIssue(rel, f"is not valid YAML: {getattr(e, 'problem', e)}", row=mark.line + 1 if mark else None)
        )
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
