"""YAML with line numbers: every mapping is a :class:`YamlMap`, a dict that knows its line
and the line of each of its keys, so an error can name the line of the field it is about;
pydantic errors as located issues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    stack: list[tuple[yaml.Node, int]] = [] if isinstance(root, yaml.ScalarNode) else [(root, 1)]
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


class YamlMap(dict[Any, Any]):
    """A mapping read by :func:`read_yaml`: a plain dict of the file's keys and values, that
    also knows its own line (``line``) and the line of each of its keys (``key_lines``,
    keyed by the key as written), so that an error can name the line of the field."""

    __slots__ = ("key_lines", "line")

    line: int
    key_lines: dict[str, int]


#: keys that the earlier form of line marks used; dropped from a file's mappings as before
_META_KEYS = ("__line__", "__key_lines__")


def line_of(data: Any) -> int | None:
    """The line of a mapping read by :func:`read_yaml` (None for anything else)."""
    return data.line if isinstance(data, YamlMap) else None


def key_lines_of(data: Any) -> dict[str, int]:
    """The line of each key of a mapping read by :func:`read_yaml` ({} for anything else)."""
    return data.key_lines if isinstance(data, YamlMap) else {}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> YamlMap:
    data = YamlMap(loader.construct_mapping(node, deep=True))
    for key in _META_KEYS:
        data.pop(key, None)
    data.line = node.start_mark.line + 1
    data.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return data


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# keep dates as text; the model parses them, and the graph stores ISO strings
def _timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


# ------------------------------------------------------------------ the fast path: events to data
#
# PyYAML builds a file's data in two passes: libyaml parses it into a tree of nodes (C, but
# the resolver that tags each plain scalar is Python), then its constructor, pure Python,
# walks the tree with several calls per node. Most of the time went there. kg's files are
# plain block lists of mappings of scalars, so the data is built here in one loop straight
# from libyaml's events, with the same implicit typing (the SafeLoader's resolvers, dates
# kept as text) and the same line marks. Anything less plain -- a tag, an anchor or alias,
# a merge key, a key that is not a scalar, more than one document, deep nesting, a syntax
# error -- leaves the fast path, and the file is read again the way it always was, so its
# data and its errors are exactly those of the two-pass loader.


class _Unusual(Exception):
    """The fast path does not handle this text; read it with the two-pass loader."""


_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_IMPLICIT: dict[str, list[tuple[str, Any]]] = dict(_LineLoader.yaml_implicit_resolvers)
# the fast path assumes what SafeLoader has: no resolver for every first character, no path resolvers
assert None not in _IMPLICIT and not _LineLoader.yaml_path_resolvers


def _plain_scalar(value: str) -> Any:
    """A plain (unquoted, untagged) scalar typed as the SafeLoader types it; dates stay text."""
    resolvers = _IMPLICIT.get(value[0] if value else "")
    if resolvers is None:
        return value
    for tag, regexp in resolvers:
        if regexp.match(value):
            if tag == _TIMESTAMP_TAG:
                return value
            if tag == _NULL_TAG:
                return None
            if tag == _BOOL_TAG:
                return _CONSTRUCTOR.bool_values[value.lower()]
            if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
                return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
            raise _Unusual(tag)  # merge key (<<), value (=), yaml (! & *)
    return value


_NO_KEY = object()


def _fast_load(text: str) -> Any:
    """The data of a single-document YAML text, built from libyaml's events; raises
    :class:`_Unusual` (or a YAMLError) for anything the two-pass loader should read."""
    loader = _SafeLoader(text)
    try:
        get = loader.get_event
        if get().__class__ is not yaml.StreamStartEvent:
            raise _Unusual("stream")
        ev = get()
        if ev.__class__ is yaml.StreamEndEvent:
            return None
        if ev.__class__ is not yaml.DocumentStartEvent:
            raise _Unusual("document")
        scalar_ev, map_ev, seq_ev = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        typed_starts = _IMPLICIT
        stack: list[tuple[Any, Any]] = []
        cur: Any = None  # the open mapping or list (None: the document's root is next)
        key: Any = _NO_KEY  # in a mapping: the key whose value comes next
        is_map = False
        root: Any = None
        while True:
            ev = get()
            cls = ev.__class__
            if cls is scalar_ev:
                if ev.tag is not None or ev.anchor is not None:
                    raise _Unusual("tag or anchor")
                value = ev.value
                # only a plain scalar that starts like a null, bool, number or date is typed
                if ev.implicit[0] and (not value or value[0] in typed_starts):
                    value = _plain_scalar(value)
                if is_map and key is _NO_KEY:
                    key = value
                    cur.key_lines[ev.value] = ev.start_mark.line + 1
                    continue
            elif cls is map_ev or cls is seq_ev:
                if ev.tag is not None or ev.anchor is not None or (is_map and key is _NO_KEY):
                    raise _Unusual("tag, anchor or a collection as a key")
                if len(stack) >= MAX_YAML_DEPTH:
                    raise _Unusual("deep")
                stack.append((cur, key))
                if cls is map_ev:
                    cur = YamlMap()
                    cur.line = ev.start_mark.line + 1
                    cur.key_lines = {}
                    is_map, key = True, _NO_KEY
                else:
                    cur, is_map = [], False
                continue
            elif cls is map_end or cls is seq_end:
                value = cur
                if is_map:
                    for meta in _META_KEYS:
                        value.pop(meta, None)
                cur, key = stack.pop()
                is_map = cur.__class__ is YamlMap
            else:
                raise _Unusual(cls.__name__)  # an alias
            if cur is None:
                root = value
                break
            if is_map:
                cur[key] = value
                key = _NO_KEY
            else:
                cur.append(value)
        if get().__class__ is not yaml.DocumentEndEvent or get().__class__ is not yaml.StreamEndEvent:
            raise _Unusual("more than one document")
        return root
    finally:
        loader.dispose()


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
        return _fast_load(text)
    except (_Unusual, yaml.YAMLError, ValueError, KeyError):
        pass  # read again the two-pass way, which gives the data or names the problem
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
