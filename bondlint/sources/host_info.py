"""Host identity files: hostname, ``uname`` output, os-release, machine-id, sos version,
and the NetworkManager version.

Only well-known locations are claimed (``etc/hostname``, a sosreport's root ``hostname``,
``uname``, ``version.txt``, ``sos_commands/kernel/uname_-a``): a file merely called
``hostname`` elsewhere in a config repo is not a capture.

The NetworkManager version (``networkmanager_version``, with ``_source`` saying where it
came from and ``_kind`` how sure it is) is read from, most exact first: the daemon's own
``NetworkManager --version``, the installed package (a sosreport's ``installed-rpms``,
``sos_commands/rpm/package-data``, ``dpkg -l`` / ``installed-debs``), ``nmcli --version``;
else it is inferred from os-release through the table below.  sos itself runs neither
``--version`` command: those outputs are read when an operator captured them beside the
configuration (``nmcli_--version``, ``NetworkManager_--version``).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from bondlint.sources.base import HostInfo, Located, Location, ParseResult
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import numbered_lines

FORMAT = "host-info"

_ETC_FILES = {"hostname": "hostname", "os-release": "os", "machine-id": "machine_id"}
_UNAME_NAMES = frozenset({"uname", "uname_-a", "uname_-r"})

# Package lists: sos's root symlinks and the files they point to (sos/report/plugins/rpm.py
# runs ``rpm -qa --qf "%-59{NVRA} %{INSTALLTIME:date}"`` into a file whose mangled name
# starts with ``sh_-c_rpm_--nodigest_-qa``, symlinked as ``installed-rpms``, and writes a
# tab-separated ``package-data``; dpkg.py runs ``dpkg -l`` symlinked as ``installed-debs``).
_RPM_LISTS = ("installed-rpms", "sh_-c_rpm_--nodigest_-qa*", "rpm_-qa*", "rpm-qa*")
_DEB_LISTS = ("installed-debs", "dpkg_-l", "dpkg-l", "dpkg_-l.txt", "dpkg-l.txt")
_VERSION_OUTPUT = re.compile(r"(?i)(nmcli|networkmanager)[_-]+(-v|--version|version)(\.txt|\.out)?")
# "NetworkManager-1.42.2-8.el9_2.x86_64   Mon 09 Oct 2023 ..." (NVRA: no epoch).
_RPM_LINE = re.compile(
    r"NetworkManager-(\d+\.\d+(?:\.\d+)*)-(\S+?)\.(?:x86_64|aarch64|ppc64le|s390x|i686|noarch)(?:\s|$)"
)
# "ii  network-manager   1.42.4-1   amd64   network management framework ..."
_DEB_LINE = re.compile(r"[a-z]i[ A-Z]?\s+network-manager(?::\S+)?\s+(?:\d+:)?(\d+\.\d+(?:\.\d+)*)\S*\s")
_NMCLI_VERSION = re.compile(r"nmcli tool, version (\d+\.\d+(?:\.\d+)*)\S*")
_DAEMON_VERSION = re.compile(r"(\d+\.\d+(?:\.\d+)*)(?:-\S*)?")

# The NetworkManager series each distribution release ships, for hosts where nothing says
# the version exactly.  Keys: os-release ID, VERSION_ID; values: (version, "or later").
# Verified: Ubuntu 22.04 = 1.36.4 / 1.36.6 (packages.ubuntu.com jammy, jammy-updates),
# 24.04 = 1.46.0 (packages.ubuntu.com noble); Fedora 38/39/40 = 1.42.8/1.44.2/1.46.0
# (packages.fedoraproject.org); Debian 12 = 1.42.4-1; RHEL 8.4 = 1.30.0-9.el8_4, 8.7 rebased
# to 1.40 (Rocky Linux 8.7 release notes), 9.2 = 1.42.2 (RHEL 9.2 release notes, Rocky
# 1.42.2-8.el9_2), 9.4 = 1.46 (CentOS Stream 9 moved to 1.45.91 in February 2024 for 9.4).
# The other Enterprise Linux minor releases follow their release notes' rebases; every
# release of RHEL 8 and RHEL 9.0-9.3 ships a NetworkManager older than 1.46.
_DISTRO_NM: dict[tuple[str, str], tuple[str, bool]] = {
    ("ubuntu", "20.04"): ("1.22", False),
    ("ubuntu", "22.04"): ("1.36", False),
    ("ubuntu", "24.04"): ("1.46", False),
    ("debian", "11"): ("1.30", False),
    ("debian", "12"): ("1.42", False),
    ("fedora", "38"): ("1.42", False),
    ("fedora", "39"): ("1.44", False),
    ("fedora", "40"): ("1.46", False),
}
# Enterprise Linux and its rebuilds, by VERSION_ID (which carries the minor release).
_EL_IDS = frozenset({"rhel", "rocky", "almalinux", "ol", "centos", "circle", "eurolinux"})
_EL_NM = {
    "8.0": "1.14",
    "8.1": "1.20",
    "8.2": "1.22",
    "8.3": "1.26",
    "8.4": "1.30",
    "8.5": "1.32",
    "8.6": "1.36",
    "8.7": "1.40",
    "8.8": "1.40",
    "8.9": "1.40",
    "8.10": "1.40",
    "9.0": "1.36",
    "9.1": "1.40",
    "9.2": "1.42",
    "9.3": "1.44",
    "9.4": "1.46",
}
# Releases past the end of a table ship 1.46 or later (Ubuntu after 24.04, Debian after
# 12, Fedora after 40, Enterprise Linux 9.4 and later, 10 and later).
_LATER = {"ubuntu": 24.04, "debian": 12, "fedora": 40}


def nm_version_from_os(os_id: str, version_id: str) -> tuple[str, bool] | None:
    """(NetworkManager series, "or later") a distribution release ships, when known."""
    os_id, version_id = os_id.lower(), version_id.strip()
    if (os_id, version_id) in _DISTRO_NM:
        return _DISTRO_NM[os_id, version_id]
    try:
        number = float(version_id)
    except ValueError:
        return None
    if os_id in _LATER and number > _LATER[os_id]:
        return ("1.46", True)
    if os_id in _EL_IDS:
        if version_id in _EL_NM:
            return (_EL_NM[version_id], False)
        major, _, minor = version_id.partition(".")
        if major == "8":
            return ("1.40", False) if not minor else None  # "8": CentOS Stream/Linux 8: at most 1.40
        if major.isdigit() and (int(major) >= 10 or (major == "9" and minor.isdigit() and int(minor) > 4)):
            return ("1.46", True)
    return None


def _kind(path: PurePosixPath) -> str | None:
    parts = path.parts
    if len(parts) >= 2 and parts[-2] == "etc" and parts[-1] in _ETC_FILES:
        return _ETC_FILES[parts[-1]]
    if any(fnmatchcase(path.name, pattern) for pattern in _RPM_LISTS):
        return "rpm"
    if path.name == "package-data" and path.parent.name == "rpm":
        return "rpm"
    if path.name in _DEB_LISTS:
        return "dpkg"
    if _VERSION_OUTPUT.fullmatch(path.name):
        return "version"
    if path.name in _UNAME_NAMES:
        return "uname"
    if path.name == "version.txt":
        return "sos"
    if path.name == "hostname":
        return "hostname"
    return None


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a host fact (hostname, kernel, distribution, packages)",
    order=180,
    role="host",
    names=("hostname", "*/hostname", "*uname*", "*os-release", "*machine-id", "*version.txt"),
    places=(
        Place("sos_commands/kernel", ("uname_-a", "uname_-r")),
        # The NetworkManager version: the rpm plugin's installed-rpms list (the root
        # "installed-rpms" is a symlink to it) and the dpkg plugin's dpkg -l ("installed-debs").
        Place("sos_commands/rpm", ("sh_-c_rpm_--nodigest_-qa*",)),
        Place("sos_commands/dpkg", ("dpkg_-l",)),
        Place("etc", ("hostname", "os-release", "machine-id")),
        Place("", ("hostname", "uname", "version.txt")),
    ),
)


def claims(path: PurePosixPath, head: str) -> bool:
    kind = _kind(path)
    if kind is None and _NMCLI_VERSION.match(head.strip()):
        return True  # a saved ``nmcli --version`` under any name
    if kind in ("rpm", "dpkg", "version"):
        return True
    if kind == "sos":
        return "sos" in head.lower()
    if kind == "uname":
        return head.startswith("Linux ") or (bool(head.strip()) and " " not in head.strip())
    if kind == "hostname" and path.parent.name != "etc":
        # A sosreport's root "hostname" holds one word; anything else is not ours.
        return bool(head.strip()) and len(head.strip().split()) == 1
    return kind is not None


def parse(text: str, path: str) -> ParseResult:
    """Facts about the host; unreadable content simply yields no fact."""
    kind = _kind(PurePosixPath(path))
    info = HostInfo(format=FORMAT, location=Location(path, 1))
    result = ParseResult(facts=[info])
    if kind in ("rpm", "dpkg", "version") or kind is None:
        _read_nm_version(text, path, kind or "version", info)
        return result if info.values else ParseResult()
    first_line = _FIRST_LINE.get(kind)
    every_line = _EVERY_LINE.get(kind)
    for number, line in numbered_lines(text):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = Location(path, number)
        if first_line is not None:
            key, read = first_line
            info.values[key] = Located(read(stripped), where)
            break
        found = every_line(stripped) if every_line is not None else None
        if found is not None:
            info.values[found[0]] = Located(found[1], where)
    if kind == "os" and "os_id" in info.values and "os_version" in info.values:
        _infer_nm_version(info)
    if not info.values:
        return ParseResult()
    return result


def _as_written(line: str) -> str:
    return line


def _kernel(line: str) -> str:
    """``Linux host 5.14.0-362.el9.x86_64 #1 SMP …`` (uname -a) or a bare ``uname -r``."""
    words = line.split()
    return words[2] if words[0] == "Linux" and len(words) > 2 else words[0]


_OS_RELEASE_KEYS = {"ID": "os_id", "VERSION_ID": "os_version", "PRETTY_NAME": "os_name"}


def _os_release_line(line: str) -> tuple[str, str] | None:
    """``VERSION_ID="9.6"`` -> (os_version, 9.6), shell quoting undone."""
    key, sep, value = line.partition("=")
    if not sep or key not in _OS_RELEASE_KEYS:
        return None
    try:
        value = " ".join(shlex.split(value))
    except ValueError:
        value = value.strip("\"'")
    return _OS_RELEASE_KEYS[key], value


def _sos_line(line: str) -> tuple[str, str] | None:
    """``sosreport: 4.5.6`` in a sosreport's version.txt."""
    key, sep, value = line.partition(":")
    if sep and key.strip().lower() in ("sosreport", "sos"):
        return "sos_version", value.strip()
    return None


# Captures whose first meaningful line is the fact: kind -> (key, how the line is read).
_FIRST_LINE: dict[str, tuple[str, Callable[[str], str]]] = {
    "hostname": ("hostname", _as_written),
    "machine_id": ("machine_id", _as_written),
    "uname": ("kernel", _kernel),
}
# Captures read line by line: kind -> (key, value) of a line, or None.
_EVERY_LINE: dict[str, Callable[[str], tuple[str, str] | None]] = {"os": _os_release_line, "sos": _sos_line}


# Which capture says the NetworkManager version, and how exactly (the model prefers the
# daemon's own word, then the package, then nmcli, then the distribution's release).
KIND_DAEMON, KIND_PACKAGE, KIND_NMCLI, KIND_DISTRO = "daemon", "package", "nmcli", "distribution"


def _read_nm_version(text: str, path: str, kind: str, info: HostInfo) -> None:
    """The version from a package list or a ``--version`` output, at its line."""
    for number, line in numbered_lines(text):
        stripped = line.strip()
        if kind == "rpm":
            match = _RPM_LINE.match(stripped)
            source, how = (f"installed package {match[0].split()[0]}", KIND_PACKAGE) if match else ("", "")
        elif kind == "dpkg":
            match = _DEB_LINE.match(stripped + " ")
            source, how = (
                (f"installed package network-manager {stripped.split()[2]}", KIND_PACKAGE) if match else ("", "")
            )
        elif stripped.startswith("nmcli"):
            match = _NMCLI_VERSION.match(stripped)
            source, how = ("nmcli --version", KIND_NMCLI)
        else:
            # NetworkManager --version prints the bare version ("1.42.2-8.el9_2").
            match = _DAEMON_VERSION.fullmatch(stripped)
            source, how = ("NetworkManager --version", KIND_DAEMON)
        if match:
            _put_nm_version(info, match[1], source, how, Location(path, number))
            return


def _infer_nm_version(info: HostInfo) -> None:
    """The series the distribution release ships, at the VERSION_ID line."""
    os_id, version = info.values["os_id"], info.values["os_version"]
    found = nm_version_from_os(os_id.value, version.value)
    if found is None:
        return
    series, or_later = found
    ships = f"{series} or later" if or_later else series
    source = f"inferred from os-release: {os_id.value} {version.value} ships NetworkManager {ships}"
    _put_nm_version(info, series, source, KIND_DISTRO, version.location)


def _put_nm_version(info: HostInfo, version: str, source: str, kind: str, where: Location) -> None:
    info.values["networkmanager_version"] = Located(version, where)
    info.values["networkmanager_version_source"] = Located(source, where)
    info.values["networkmanager_version_kind"] = Located(kind, where)
