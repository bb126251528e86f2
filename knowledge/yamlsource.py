"""Reading a county-edited YAML file so every problem can name its line.

:func:`load_yaml` parses with a SafeLoader subclass (libyaml's C parser when PyYAML has it)
whose mappings are :class:`LineDict` (their own line, each key's line, keys given twice) and
whose sequences are :class:`LineList` (their line, each item's line). Dates stay text, so a
bad one (2027-02-30) becomes a clear problem of the caller's validation, not a crash here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import yaml


class LineDict(dict):
    """A mapping that remembers its line, its keys' lines, and keys given twice."""

    line: int = 0
    key_lines: dict
    duplicates: list            # (key, line) of every repeated key, in file order

    def line_of(self, key: Any) -> int:
        """The line of ``key`` (the mapping's own line when the key is absent)."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers its line and each item's line."""

    line: int = 0
    item_lines: list


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):   # libyaml's parser: ~8x faster
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    m = LineDict()
    m.line = node.start_mark.line + 1
    m.key_lines, m.duplicates = {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in m:
            m.duplicates.append((key, line))
        m[key] = loader.construct_object(value_node, deep=True)
        m.key_lines[key] = line
    return m


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    seq = LineList(loader.construct_object(child, deep=True) for child in node.value)
    seq.line = node.start_mark.line + 1
    seq.item_lines = [child.start_mark.line + 1 for child in node.value]
    return seq


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def parse_yaml(text: str) -> Any:
    """Parse YAML text with line marks (raises yaml.YAMLError)."""
    return yaml.load(text, Loader=_LineLoader)   # noqa: S506 - a SafeLoader subclass


def load_yaml(path: Path | str, shown: str | None = None) -> tuple[Any, list[str]]:
    """Parse one file: (document, problems). A problem -- the file cannot be read, or is not
    valid YAML -- comes as ``shown:line: -: problem`` and the document is then None."""
    path = Path(path)
    shown = str(path) if shown is None else shown
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return None, [f"{shown}:0: -: cannot read file: {getattr(e, 'strerror', None) or e}"]
    try:
        return parse_yaml(text), []
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        return None, [f"{shown}:{line}: -: YAML syntax error: {getattr(e, 'problem', None) or e}"]


def line_of(obj: Any, key: Any = None, default: int = 0) -> int:
    """Line of a parsed node, or of one of its keys; ``default`` for plain values."""
    if isinstance(obj, LineDict):
        return obj.line_of(key) if key is not None else obj.line
    if isinstance(obj, LineList):
        return obj.line
    return default


def duplicate_keys(doc: Any) -> Iterator[tuple[Any, int]]:
    """(key, line) of every key given twice anywhere in ``doc``, in file order."""
    found: list[tuple[Any, int]] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, LineDict):
            found.extend(node.duplicates)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return iter(sorted(found, key=lambda kl: kl[1]))
