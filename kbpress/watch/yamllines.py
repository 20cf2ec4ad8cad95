"""YAML the watch writes for people to review in a pull request."""

from __future__ import annotations

import yaml


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
