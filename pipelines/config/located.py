"""YAML read safely, with the line of every key and list item as an editor numbers it: the one locator
behind every "file, line" message about a profile (config/schema.py) or a report declaration
(document/declaration.py), so that an analyst finds the mistake where the message says it is."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipelines.config.vocabulary import ConfigError


def locate(node: yaml.Node | None, loc: tuple) -> tuple[int | None, str]:
    """The line (1-based) of the key path `loc` in a composed YAML tree (the deepest part of the path
    that exists), and the path as a profile writes it: timescales.statutory.1[0].days (a list item in
    brackets, a mapping key after a dot)."""
    line, text = None, ""
    for part in loc:
        if isinstance(part, int) and (node is None or isinstance(node, yaml.SequenceNode)):
            text += f"[{part}]"
            if node is None:  # no YAML to go by (a profile built in code): a number is a list index
                continue
            node = node.value[part] if part < len(node.value) else None
            line = node.start_mark.line + 1 if node is not None else line
            continue
        text += ("." if text else "") + str(part)
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if _same_key(k, part)), None)
            if match is not None:
                line, node = match[0].start_mark.line + 1, match[1]
                continue
        node = None
    return line, text


def _same_key(key_node, part) -> bool:
    return isinstance(key_node, yaml.ScalarNode) and str(key_node.value) == str(part)


class Located:
    """Plain data (dicts, lists, scalars, as safe_load gives them) and its YAML tree for line numbers."""

    def __init__(self, path: Path, data, node: yaml.Node | None):
        self.path, self.data, self.node = Path(path), data, node

    def line(self, *where) -> int:
        """The line of `where` (a path of keys and list indexes), or of the nearest enclosing item."""
        return locate(self.node, tuple(where))[0] or 1

    def error(self, where: tuple, message: str) -> ConfigError:
        return ConfigError(f"{self.path}:{self.line(*where)}: {'.'.join(map(str, where)) or '(top)'}: {message}")


def read_yaml(path: Path) -> tuple[dict | list | None, yaml.Node | None]:
    """A YAML file's data (safe_load: no tags, no objects) and its node tree; a mistake in the YAML is
    a ConfigError naming the file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    try:
        return yaml.safe_load(text), yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f", line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None


def read_located(path: Path) -> Located:
    """A YAML file whose top level is a mapping, with the line of each of its parts."""
    data, node = read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: expected a mapping at the top level")
    return Located(path, data, node)
