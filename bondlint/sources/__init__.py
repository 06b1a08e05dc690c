"""Source parsers: one module per capture format.

Each module exposes ``FORMAT`` (a stable name), ``claims(path, head) -> bool`` (does this
file look like my format; ``path`` is a ``PurePosixPath``, ``head`` the first KiB of text)
and ``parse(text, path) -> ParseResult``.  ``parse`` never raises on bad input.  A module
may set ``MAX_BYTES``: a larger file is reported instead of parsed (YAML parsing, for
one, is far slower than a line scan).
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

# Most specific first: the first module that claims a file parses it.
SOURCE_MODULES = (
    "bondlint.sources.proc_bonding",
    "bondlint.sources.sysfs_bonding",
    "bondlint.sources.ip_link",
    "bondlint.sources.ethtool",
    "bondlint.sources.nm_keyfile",
    "bondlint.sources.ifcfg",
    "bondlint.sources.nmcli",
    "bondlint.sources.netplan",
    "bondlint.sources.networkd",
    "bondlint.sources.ifupdown",
    "bondlint.sources.modprobe",
    "bondlint.sources.lldpctl",
    "bondlint.sources.switch_neighbors",
    "bondlint.sources.wiring",
    "bondlint.sources.junos",
    "bondlint.sources.cisco_cli",
    "bondlint.sources.host_info",
)


@cache
def registered() -> tuple[ModuleType, ...]:
    """The source modules, imported on first use."""
    return tuple(importlib.import_module(name) for name in SOURCE_MODULES)
