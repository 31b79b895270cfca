"""YAML read safely with the line of every key and list item, so that a mistake in a declared report
is reported as `file:line`, the way an analyst finds it in an editor."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.config.vocabulary import ConfigError


class Located:
    """Plain data (dicts, lists, scalars) and, beside it, the line of each path into it."""

    def __init__(self, path: Path, data, lines: dict):
        self.path, self.data, self._lines = Path(path), data, lines

    def line(self, *where) -> int:
        """The line of `where` (a path of keys and list indexes), or of the nearest enclosing item."""
        where = tuple(where)
        while where and where not in self._lines:
            where = where[:-1]
        return self._lines.get(where, 1)

    def error(self, where: tuple, message: str) -> ConfigError:
        return ConfigError(f"{self.path}:{self.line(*where)}: {'.'.join(map(str, where)) or '(top)'}: {message}")


def read_located(path: Path) -> Located:
    """Parse with PyYAML's safe composer (no tags, no objects) and keep each node's line."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ConfigError(f"{path}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    lines: dict = {}
    data = _build(node, (), lines) if node is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: expected a mapping at the top level")
    return Located(path, data, lines)


def _build(node, where: tuple, lines: dict):
    lines[where] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            out[key] = _build(value_node, where + (key,), lines)
            lines[where + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, where + (i,), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node):
    """A scalar as safe_load would give it (ints, floats, booleans, dates, null, strings)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()
