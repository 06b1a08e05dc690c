"""What every discovery step hands on: inputs, host groups, and safe reads of bytes.

An ``InputFile`` is a path as shown and a bounded reader; a ``HostGroup`` is the inputs of
one host. ``open_regular`` opens only regular files (never a FIFO, a device or a swapped-in
symlink) and ``read_small_file`` reads a file the user names within a limit. Shared by the
folder walk (``bondlint.discovery``) and the tarball reader (``discovery.archive``).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bondlint.discovery.sosreport import LINK_SWAPPED, kind_of, not_regular, skipped_on_purpose
from bondlint.sources.base import Diagnostic

# Bigger than any real capture by orders of magnitude; a file over this is not read.
MAX_INPUT_BYTES = 32 * 1024 * 1024


# Names of the sosreport tarballs bondlint reads (discovery/archive.py reads them).
ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst")


def is_archive(path: Path | str) -> bool:
    """True when ``path``'s name ends like a tarball bondlint reads (a name check: no
    archive module is imported for it)."""
    return Path(path).name.lower().endswith(ARCHIVE_SUFFIXES)


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input: its display path, the host tree it belongs to, and how to read it.

    ``read(limit)`` returns at most ``limit`` bytes (None = all, within the input limit),
    so a file nobody claims by name costs one small read of its head.
    """

    path: str
    host_root: str
    read: Callable[[int | None], bytes]


@dataclass(frozen=True, slots=True)
class HostGroup:
    """The inputs of one host; ``diagnostics`` are problems of the host as a whole (a
    damaged sosreport tarball), beside those of each input."""

    name: str
    root: str
    files: tuple[InputFile, ...]
    sosreport: bool = False
    diagnostics: tuple[Diagnostic, ...] = ()
    # The git repository holding the group (absolute POSIX path), found once here: a
    # finding's fingerprint names its file relative to it (``repository_relative``).
    repository: str | None = None


class InputTooLarge(Exception):
    pass


# The directory reports show paths from; unset: the working directory.  A Dask worker
# auditing for a client shows paths from the client's, so both write the same report.
_SHOWN_FROM: ContextVar[Path | None] = ContextVar("bondlint_shown_from", default=None)


@contextmanager
def paths_shown_from(directory: str | Path) -> Iterator[None]:
    """Within the block (in this thread or task), ``display_path`` is relative to ``directory``."""
    token = _SHOWN_FROM.set(Path(directory))
    try:
        yield
    finally:
        _SHOWN_FROM.reset(token)


def display_path(path: Path) -> str:
    """``path`` relative to the current directory (or the one ``paths_shown_from`` sets)
    when under it, else absolute (POSIX)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(_SHOWN_FROM.get() or Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


class NotRead(OSError):
    """An input named but never opened: a symlink out of the scanned folder, a FIFO or a
    device, a folder that cannot be listed, or one past a cap.  The message says why.
    ``pipeline.read_input`` reports what was skipped on purpose (``skipped``: a link out
    of the folder, a FIFO, a device — nothing wrong with the capture) as the
    input-not-read note, and what left part of a capture unjudged (an unreadable folder,
    a cap) as a ``BL000``."""

    def __init__(self, why: str) -> None:
        super().__init__(errno.EPERM, why)

    @property
    def skipped(self) -> bool:
        return skipped_on_purpose(self.strerror or "")


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def open_regular(path: str | Path, follow: bool = False) -> IO[bytes]:
    """``path`` opened for reading if it is a regular file, else ``NotRead``: never a FIFO
    (whose open would block), a device (``/dev/zero`` never ends) or a socket.  Opened
    with O_NONBLOCK and, unless ``follow``, O_NOFOLLOW: the checked path is the one read."""
    flags = _OPEN_FLAGS if not follow else _OPEN_FLAGS & ~getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow:
            raise NotRead(LINK_SWAPPED) from None
        raise
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRead(not_regular(info.st_mode))
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_small_file(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of a small file the user names (configuration, baseline, policy): it
    must be a regular file (symlinks followed: the user named it) of at most ``limit``
    bytes.  Raises ``OSError`` with a one-line reason (``NotRead`` for a FIFO, a device,
    a file over the limit)."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRead(f"{kind_of(info.st_mode)}, not a regular file")
    if info.st_size > limit:
        raise NotRead(f"{info.st_size} bytes is over the {_size(limit)} limit of a {what}")
    with open_regular(path, follow=True) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotRead(f"more than the {_size(limit)} limit of a {what}")
    return data


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"


def read_file(path: Path, real: str | None = None) -> Callable[[int | None], bytes]:
    """A reader of the regular file at ``real`` (``path`` itself when None): never a
    FIFO or a device, never through a symlink swapped in after discovery checked it."""
    target = real if real is not None else path

    def read(limit: int | None = None) -> bytes:
        with open_regular(target) as handle:
            if limit is not None:
                return handle.read(limit)
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_INPUT_BYTES:
                raise InputTooLarge(f"{size} bytes is over the {MAX_INPUT_BYTES // (1024 * 1024)} MiB input limit")
            data = handle.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise InputTooLarge(f"more than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
        return data

    return read
