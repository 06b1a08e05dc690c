"""Where bondlint's inputs live inside a sosreport, by sos version.

A sosreport holds hundreds of thousands of files; bondlint needs a few dozen.  Instead
of walking the tree, discovery asks for these paths only (see
../shared/reference/host-captures.md §4 for where each sos version stores what).
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path

# Entries that mark a directory as the root of a sosreport (any two of them).
SOS_MARKERS = ("sos_commands", "sos_reports", "sos_logs", "version.txt", "sos_strings")

# (directory relative to the root, file-name patterns); "**" as the directory's last
# part means "every subdirectory one level down" (per-interface sysfs folders).
SOS_SPECS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("proc/net/bonding", ("*",)),
    # sos >= 3.6 networkmanager plugin; sos 3.3-3.5 kept nmcli in networking.
    ("sos_commands/networkmanager", ("nmcli_con_show_id_*", "nmcli_con_show_conf_*", "nmcli_connection_show_*", "nmcli_con_list_id_*")),
    (
        "sos_commands/networking",
        (
            "nmcli_con_show_id_*",
            "nmcli_con_show_conf_*",
            "nmcli_connection_show_*",
            "nmcli_con_list_id_*",
            "ip_-d_address",
            "ip_-s_-d_link",
            "ip_-d_link*",
            "ip_-d_-j_link*",
            "ethtool_*",
            "lldp*",
            "nmstatectl_show*",
        ),
    ),
    ("sos_commands/lldp", ("*",)),
    ("sos_commands/kernel", ("uname_-a", "uname_-r")),
    # The NetworkManager version: the rpm plugin's installed-rpms list (the root
    # "installed-rpms" is a symlink to it) and the dpkg plugin's dpkg -l ("installed-debs").
    ("sos_commands/rpm", ("sh_-c_rpm_--nodigest_-qa*",)),
    ("sos_commands/dpkg", ("dpkg_-l",)),
    ("etc/NetworkManager/system-connections", ("*",)),
    ("run/NetworkManager/system-connections", ("*",)),
    ("var/run/NetworkManager/system-connections", ("*",)),
    ("usr/lib/NetworkManager/system-connections", ("*",)),
    ("etc/sysconfig/network-scripts", ("ifcfg-*",)),
    ("etc/sysconfig/network", ("ifcfg-*",)),
    ("etc/netplan", ("*.yaml", "*.yml")),
    ("lib/netplan", ("*.yaml", "*.yml")),
    ("run/netplan", ("*.yaml", "*.yml")),
    ("etc/nmstate", ("*.yml", "*.yaml")),
    ("etc/network", ("interfaces",)),
    ("etc/network/interfaces.d", ("*",)),
    ("etc/systemd/network", ("*.netdev", "*.network")),
    ("run/systemd/network", ("*.netdev", "*.network")),
    ("usr/lib/systemd/network", ("*.netdev", "*.network")),
    ("lib/systemd/network", ("*.netdev", "*.network")),
    ("etc/modprobe.d", ("*.conf",)),
    ("etc", ("modprobe.conf", "hostname", "os-release", "machine-id")),
    ("sys/class/net/**/bonding", ("*",)),
    ("sys/class/net/**/bonding_slave", ("*",)),
    ("sys/class/net/**", ("carrier", "operstate", "speed", "duplex", "mtu", "address")),
    ("", ("hostname", "uname", "version.txt")),
)

# Per-interface ethtool captures worth reading; the other ethtool_-X_ outputs
# (statistics, ring sizes, offloads …) say nothing about bonding.
_ETHTOOL_OPTION_PREFIXES_WANTED = ("ethtool_-i_",)


def is_sosreport(directory: Path) -> bool:
    """True when ``directory`` looks like the root of an extracted sosreport."""
    try:
        names = set(os.listdir(directory))
    except OSError:
        return False
    return "sos_commands" in names and sum(marker in names for marker in SOS_MARKERS) >= 2


def sosreport_files(root: Path) -> Iterator[Path]:
    """The files bondlint reads in the sosreport at ``root``, in a stable order."""
    seen: set[Path] = set()
    for directory, patterns in SOS_SPECS:
        for folder in _expand(root, directory):
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                continue
            for name in names:
                if not any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
                    continue
                if not _wanted(folder, name):
                    continue
                path = folder / name
                if path not in seen and path.is_file():
                    seen.add(path)
                    yield path


def is_sos_path(relative: str) -> bool:
    """True when ``relative`` (POSIX, relative to a sosreport's root) is a path bondlint
    reads: the test ``sosreport_files`` applies, for members of an unextracted bundle.
    (A bundle has thousands of members: this is one precompiled match per member.)"""
    name = relative.rpartition("/")[2]
    return bool(name) and _spec_regex().fullmatch(relative) is not None and _wanted(None, name)


@functools.cache
def _spec_regex() -> re.Pattern[str]:
    """SOS_SPECS as one regular expression over a relative path (compiled on first use:
    only bundles need it, and a pre-commit run should not pay for it)."""
    alternatives = []
    for directory, patterns in SOS_SPECS:
        folder = "/".join("[^/]+" if part == "**" else re.escape(part) for part in directory.split("/")) if directory else ""
        # fnmatch.translate gives "(?s:...)\Z"; names never contain "/".
        names = "|".join(fnmatch.translate(pattern).replace("\\Z", "").replace(".*", "[^/]*") for pattern in patterns)
        alternatives.append(f"{folder}/(?:{names})" if folder else f"(?:{names})")
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def _expand(root: Path, directory: str) -> Iterator[Path]:
    if "**" not in directory:
        yield root / directory if directory else root
        return
    head, _, tail = directory.partition("/**")
    base = root / head
    try:
        children = sorted(os.listdir(base))
    except OSError:
        return
    for child in children:
        candidate = base / child / tail.lstrip("/") if tail else base / child
        if candidate.is_dir():
            yield candidate


def _wanted(folder: Path | None, name: str) -> bool:
    if name.startswith("ethtool_-"):
        return name.startswith(_ETHTOOL_OPTION_PREFIXES_WANTED)
    return True
