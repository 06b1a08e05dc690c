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
    "bondlint.sources.nmstate",
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


# File-name patterns under which a module is likely to claim a file: only that module is
# imported first. Files no pattern matches are offered to every module (by head), so a
# missing hint costs time, never a result.
NAME_HINTS: dict[str, tuple[str, ...]] = {
    "bondlint.sources.proc_bonding": ("*/proc/net/bonding/*", "proc_net_bonding_*", "*/proc_net_bonding_*"),
    "bondlint.sources.sysfs_bonding": (
        "*/bonding/*",
        "*/bonding_slave/*",
        "sysfs_bonding_*",
        "*/sysfs_bonding_*",
        "*/sys/class/net/*",
    ),
    "bondlint.sources.ip_link": ("*ip_*", "*ip_-*"),
    "bondlint.sources.ethtool": ("*ethtool_*",),
    "bondlint.sources.nm_keyfile": ("*.nmconnection",),
    "bondlint.sources.ifcfg": ("ifcfg-*", "*/ifcfg-*"),
    "bondlint.sources.nmcli": ("*nmcli*",),
    "bondlint.sources.netplan": ("*netplan/*.yaml", "*netplan/*.yml"),
    "bondlint.sources.nmstate": ("*nmstate*",),
    "bondlint.sources.networkd": ("*.netdev", "*.network"),
    "bondlint.sources.ifupdown": ("interfaces", "*/interfaces", "*/interfaces.d/*"),
    "bondlint.sources.modprobe": ("*modprobe.conf", "*/modprobe.d/*"),
    "bondlint.sources.lldpctl": ("*lldpctl*", "*lldpcli*"),
    "bondlint.sources.switch_neighbors": ("*lldp*neighbor*", "*cdp*neighbor*"),
    "bondlint.sources.wiring": ("*wiring*", "*cabling*", "*.yaml", "*.yml", "*.csv"),
    "bondlint.sources.junos": ("*.set", "*.conf", "*.junos"),
    "bondlint.sources.cisco_cli": ("*.cfg", "*.conf", "*.ios", "*.nxos", "*.eos", "*running-config*", "*show_run*"),
    "bondlint.sources.host_info": ("hostname", "*/hostname", "*uname*", "*os-release", "*machine-id", "*version.txt"),
}


@cache
def module(name: str) -> ModuleType:
    return importlib.import_module(name)


def hinted(path: str) -> tuple[ModuleType, ...]:
    """The modules whose name hints match ``path``, in precedence order."""
    from fnmatch import fnmatchcase

    return tuple(module(name) for name in SOURCE_MODULES if any(fnmatchcase(path, p) for p in NAME_HINTS.get(name, ())))


@cache
def registered() -> tuple[ModuleType, ...]:
    """Every source module, imported on first use."""
    return tuple(module(name) for name in SOURCE_MODULES)
