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
import stat
from collections.abc import Iterator
from pathlib import Path

from bondlint.sources.registry import sos_specs

# Inputs kept from one folder: 2,000 bonds take seconds to judge, and no host has that
# many (nor that many profiles); a folder of more is cut there, named.
MAX_FOLDER_INPUTS = 2_000
TOO_MANY_IN_FOLDER = (
    f"more than {MAX_FOLDER_INPUTS} inputs in one folder: this and later files of the folder are not read"
)

# Entries that mark a directory as the root of a sosreport (any two of them).
SOS_MARKERS = ("sos_commands", "sos_reports", "sos_logs", "version.txt", "sos_strings")

# (directory relative to the root, file-name patterns); "**" as the directory's last
# part means "every subdirectory one level down" (per-interface sysfs folders). Each
# format declares its places (``SourceFormat.places``); this is their union.
SOS_SPECS: tuple[tuple[str, tuple[str, ...]], ...] = sos_specs()


def is_sosreport(directory: Path) -> bool:
    """True when ``directory`` looks like the root of an extracted sosreport."""
    try:
        names = set(os.listdir(directory))
    except OSError:
        return False
    return is_sos_root(names)


def is_sos_root(names: set[str]) -> bool:
    """Whether a folder holding the entries ``names`` is a sosreport's root."""
    return "sos_commands" in names and sum(marker in names for marker in SOS_MARKERS) >= 2


# Where a host tree or a sosreport names its host, in order.
HOSTNAME_FILES = ("hostname", "etc/hostname")


def hostname_in(data: bytes) -> str | None:
    """The host name a ``hostname`` file's bytes give: its first line, when not blank."""
    lines = data[:4096].decode("utf-8", errors="replace").strip().splitlines()
    return lines[0].strip() if lines and lines[0].strip() else None


def sosreport_files(root: Path) -> Iterator[Path]:
    """The files bondlint reads in the sosreport at ``root``, in a stable order (those
    ``sosreport_entries`` would open)."""
    for path, real, _ in sosreport_entries(root):
        if real is not None:
            yield path


def sosreport_entries(root: Path, inside: str | None = None) -> Iterator[tuple[Path, str | None, str | None]]:
    """``(path, real, why)`` for every file bondlint reads in the sosreport at ``root``,
    in a stable order: ``real`` is what to open, or None and ``why`` says why it is not
    read.  A folder or file reached through a symlink whose target is outside ``inside``
    (the folder the user gave; default: ``root``) is named once and never listed or
    read: a sosreport whose ``sys`` links to ``/sys`` is not read as the live machine's.
    Only regular files are read (no FIFO, device or socket)."""
    bound = os.path.realpath(inside if inside is not None else root)
    seen: set[object] = set()
    named: set[Path] = set()
    for directory, patterns in SOS_SPECS:
        for folder, why in _expand(root, directory, bound):
            if why is not None:
                if folder not in named:
                    named.add(folder)
                    yield folder, None, why
                continue
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                continue
            kept = 0
            for name in names:
                if not any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
                    continue
                path = folder / name
                if kept >= MAX_FOLDER_INPUTS:
                    yield path, None, TOO_MANY_IN_FOLDER
                    break
                real, why = classify(path, bound)
                if why is None and real is None:
                    continue  # a folder, or a link to nothing: nothing to read
                key = identity(real) if real is not None else str(path)
                if key in seen:
                    continue
                seen.add(key)
                kept += 1
                yield path, real, why


def within(real: str, bound: str) -> bool:
    """True when the resolved path ``real`` is ``bound`` or inside it."""
    return real == bound or real.startswith(bound.rstrip("/") + "/")


def identity(path: str) -> object:
    """What tells one file from another whatever the path it is reached by."""
    try:
        info = os.stat(path)
    except OSError:
        return path
    return (info.st_dev, info.st_ino)


LINK_OUTSIDE = "a symlink to outside the scanned folder: not read"
# A symlink met where discovery checked a regular file (swapped in after the check).
LINK_SWAPPED = "a symlink: not read"
_NOT_REGULAR = ", not a regular file: not read"


def not_regular(mode: int) -> str:
    """Why a FIFO, device or socket is named but never opened."""
    return f"{kind_of(mode)}{_NOT_REGULAR}"


def skipped_on_purpose(why: str) -> bool:
    """Whether ``why`` (one of the reasons above) names a file skipped on purpose — a link
    out of the folder given, a FIFO, a device — rather than part of a capture left
    unjudged (an unreadable folder, a cap)."""
    return why in (LINK_OUTSIDE, LINK_SWAPPED) or why.endswith(_NOT_REGULAR)


def kind_of(mode: int) -> str:
    """What a non-regular file is, for messages."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def classify(path: Path, bound: str) -> tuple[str | None, str | None]:
    """``(real, why)`` for a file met inside the folder ``bound`` (resolved): ``real`` is
    the path to open (the link's target when ``path`` is a symlink that stays inside
    ``bound``); ``why`` says why it is not read (a link out of ``bound``, a FIFO, a
    device).  ``(None, None)``: a folder or a dangling link, nothing to read or name."""
    try:
        info = os.lstat(path)
    except OSError:
        return None, None
    real = str(path)
    if stat.S_ISLNK(info.st_mode):
        real = os.path.realpath(path)
        if not within(real, bound):
            return None, LINK_OUTSIDE
        try:
            info = os.stat(real)
        except OSError:
            return None, None
    if stat.S_ISDIR(info.st_mode):
        return None, None
    if not stat.S_ISREG(info.st_mode):
        return None, not_regular(info.st_mode)
    return real, None


def is_sos_path(relative: str) -> bool:
    """True when ``relative`` (POSIX, relative to a sosreport's root) is a path bondlint
    reads: the test ``sosreport_files`` applies, for members of an unextracted bundle.
    (A bundle has thousands of members: this is one precompiled match per member.)"""
    name = relative.rpartition("/")[2]
    return bool(name) and _spec_regex().fullmatch(relative) is not None


@functools.cache
def _spec_regex() -> re.Pattern[str]:
    """SOS_SPECS as one regular expression over a relative path (compiled on first use:
    only bundles need it, and a pre-commit run should not pay for it)."""
    alternatives = []
    for directory, patterns in SOS_SPECS:
        folder = (
            "/".join("[^/]+" if part == "**" else re.escape(part) for part in directory.split("/")) if directory else ""
        )
        # fnmatch.translate gives "(?s:...)\Z"; names never contain "/".
        names = "|".join(fnmatch.translate(pattern).replace("\\Z", "").replace(".*", "[^/]*") for pattern in patterns)
        alternatives.append(f"{folder}/(?:{names})" if folder else f"(?:{names})")
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def _expand(root: Path, directory: str, bound: str) -> Iterator[tuple[Path, str | None]]:
    """The folders a spec names, each with None, or with why it is not listed (it
    resolves to outside ``bound``)."""
    if "**" not in directory:
        folder = root / directory if directory else root
        yield folder, _outside(folder, bound)
        return
    head, _, tail = directory.partition("/**")
    base = root / head
    why = _outside(base, bound)
    if why is not None:
        yield base, why
        return
    try:
        children = sorted(os.listdir(base))
    except OSError:
        return
    for child in children:
        candidate = base / child / tail.lstrip("/") if tail else base / child
        if candidate.is_dir():
            yield candidate, _outside(candidate, bound)


def _outside(folder: Path, bound: str) -> str | None:
    """Why ``folder`` is not listed: it resolves (through a symlink) outside ``bound``."""
    if os.path.lexists(folder) and not within(os.path.realpath(folder), bound):
        return LINK_OUTSIDE
    return None
