"""Line numbers of the items of a top-level YAML list, so messages point at the right line."""

from __future__ import annotations

import yaml


def list_item_lines(text: str, key: str) -> list[dict[str, int]]:
    """For each item of the top-level ``key:`` list, its first line ("") and the line of each of its keys."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
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


class BlockDumper(yaml.SafeDumper):
    """Multi-line strings as ``|`` blocks: a comment reads in a diff as it will be posted."""


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_none(dumper: yaml.SafeDumper, _value):
    """``action:`` with nothing after it reads as "not decided yet" and is typed over easily."""
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


BlockDumper.add_representer(str, _represent_str)
BlockDumper.add_representer(type(None), _represent_none)


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=BlockDumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
