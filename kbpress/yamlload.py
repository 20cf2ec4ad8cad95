"""YAML loading that keeps line numbers and never guesses types behind the user's back.

PyYAML's safe loader turns ``2026-02-30`` into an exception for the whole
document and ``2025-06-12 10:00`` into a naive UTC datetime. We load every
scalar as YAML's core types except timestamps, which stay strings so the
content model can parse them with a clear message and an explicit
timezone. Each mapping key remembers the line it was written on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoTimestampLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


# Copy the resolvers so the global SafeLoader keeps its own.
_NoTimestampLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class LoadedYaml:
    data: Any
    key_lines: dict[str, int]  # top-level key -> 1-based line within the YAML text


class YamlError(ValueError):
    """Malformed YAML, with the 1-based line within the YAML text where known."""

    def __init__(self, message: str, line: int | None, *, duplicate: tuple[str, int] | None = None):
        super().__init__(message)
        self.line = line
        self.duplicate = duplicate  # (key, line of its first occurrence) for a key written twice

    def describe(self, line_offset: int = 0) -> str:
        """The message with lines counted in the file (``line_offset``: lines before the YAML text)."""
        if self.duplicate is None or self.line is None:
            return str(self)
        key, first = self.duplicate
        return (
            f"キー '{key}' が {first + line_offset} 行目と {self.line + line_offset} 行目の 2 回書かれています"
            "(後の値だけが使われてしまいます)。どちらか一方を削除してください"
        )

    def __str__(self) -> str:
        return self.describe() if self.duplicate is not None else super().__str__()


def load_yaml(text: str) -> LoadedYaml:
    """Parse ``text``; raise :class:`YamlError` with a plain message and line."""
    try:
        loader = _NoTimestampLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(_explain(error, text, line), line) from None
    except yaml.YAMLError as error:
        raise YamlError(f"YAML として読めません ({error})", None) from None
    _refuse_duplicate_keys(node)
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 1
    return LoadedYaml(data, key_lines)


def _refuse_duplicate_keys(node: yaml.Node | None) -> None:
    """PyYAML keeps the last of two equal keys without a word; a key written twice is a mistake."""
    pending = [node] if node is not None else []
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    line = key_node.start_mark.line + 1
                    if key_node.value in seen:
                        raise YamlError(f"duplicate key {key_node.value}", line, duplicate=(key_node.value, seen[key_node.value]))
                    seen[key_node.value] = line
                pending.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)


def _explain(error: yaml.MarkedYAMLError, text: str, line: int | None) -> str:
    lines = text.splitlines()
    if line and 0 < line <= len(lines) and "\t" in lines[line - 1]:
        return "タブ文字が使われています。YAML の字下げには半角スペースを使ってください"
    problem = error.problem or "書式の誤り"
    return (
        f"YAML の書式が正しくありません ({problem})。"
        "「キー: 値」の形、コロンの後の半角スペース、字下げ、引用符の閉じ忘れを確認してください"
    )


def list_item_lines(text: str, key: str) -> list[dict[str, int]]:
    """For each item of the top-level ``key:`` list, its first line ("") and the line of each of its keys.

    Messages about one item of a list point at that item, not at the list.
    """
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value in root.value:
        if key_node.value == key and isinstance(value, yaml.SequenceNode):
            return [_node_lines(node) for node in value.value]
    return []


def _node_lines(node: yaml.Node) -> dict[str, int]:
    lines = {"": node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            lines[str(key.value)] = key.start_mark.line + 1
    return lines
