"""Host identity files: hostname, ``uname`` output, os-release, machine-id, sos version.

Only well-known locations are claimed (``etc/hostname``, a sosreport's root ``hostname``,
``uname``, ``version.txt``, ``sos_commands/kernel/uname_-a``): a file merely called
``hostname`` elsewhere in a config repo is not a capture.
"""

from __future__ import annotations

import shlex
from pathlib import PurePosixPath

from bondlint.sources.base import HostInfo, Located, Location, ParseResult
from bondlint.sources.text import numbered_lines

FORMAT = "host-info"

_ETC_FILES = {"hostname": "hostname", "os-release": "os", "machine-id": "machine_id"}
_UNAME_NAMES = frozenset({"uname", "uname_-a", "uname_-r"})


def _kind(path: PurePosixPath) -> str | None:
    parts = path.parts
    if len(parts) >= 2 and parts[-2] == "etc" and parts[-1] in _ETC_FILES:
        return _ETC_FILES[parts[-1]]
    if path.name in _UNAME_NAMES:
        return "uname"
    if path.name == "version.txt":
        return "sos"
    if path.name == "hostname":
        return "hostname"
    return None


def claims(path: PurePosixPath, head: str) -> bool:
    kind = _kind(path)
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
    for number, line in numbered_lines(text):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = Location(path, number)
        if kind == "hostname":
            info.values["hostname"] = Located(stripped, where)
            result.hostname = info.values["hostname"]
            break
        if kind == "machine_id":
            info.values["machine_id"] = Located(stripped, where)
            break
        if kind == "uname":
            words = stripped.split()
            kernel = words[2] if words[0] == "Linux" and len(words) > 2 else words[0]
            info.values["kernel"] = Located(kernel, where)
            break
        if kind == "os":
            key, sep, value = stripped.partition("=")
            if sep and key in ("ID", "VERSION_ID", "PRETTY_NAME"):
                try:
                    value = " ".join(shlex.split(value))
                except ValueError:
                    value = value.strip("\"'")
                info.values[{"ID": "os_id", "VERSION_ID": "os_version", "PRETTY_NAME": "os_name"}[key]] = Located(
                    value, where
                )
        if kind == "sos":
            key, sep, value = stripped.partition(":")
            if sep and key.strip().lower() in ("sosreport", "sos"):
                info.values["sos_version"] = Located(value.strip(), where)
    if not info.values:
        return ParseResult()
    return result
