"""Discovery: what a path, a directory or a set of files holds, grouped by host.

The host of a file is the directory that holds a system's tree: the folder above
``etc/``, ``proc/``, ``sys/`` or ``sos_commands/`` (a sosreport's root, a per-host folder
in a config repo), or, for loose files, the folder they sit in.  Files of different hosts
never mix.  Nothing here parses a capture: it only finds inputs and reads bytes safely.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bondlint.discovery.candidates import never_input
from bondlint.discovery.sosreport import is_sosreport, sosreport_files
from bondlint.sources.base import Diagnostic

# Bigger than any real capture by orders of magnitude; a file over this is not read.
MAX_INPUT_BYTES = 32 * 1024 * 1024
HEAD_BYTES = 1024

# Directory names that start a system tree, each with the child that confirms it.
_TREE_ANCHORS = {
    "etc": {
        "NetworkManager",
        "sysconfig",
        "netplan",
        "network",
        "systemd",
        "modprobe.d",
        "modprobe.conf",
        "hostname",
        "os-release",
        "machine-id",
        "lldpd.d",
        "nmstate",
    },
    "proc": {"net"},
    "sys": {"class", "module"},
    "sos_commands": None,
    "run": {"NetworkManager", "systemd", "netplan"},
    "usr": {"lib"},
}
_SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".tox", ".venv", "node_modules"})


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


def host_root(path: PurePosixPath) -> PurePosixPath:
    """The directory holding the system tree ``path`` belongs to (see module docstring)."""
    parts = path.parts
    for index in range(len(parts) - 2, -1, -1):
        confirm = _TREE_ANCHORS.get(parts[index], False)
        if confirm is False:
            continue
        if confirm is None or (index + 1 < len(parts) and parts[index + 1] in confirm):
            return PurePosixPath(*parts[:index]) if index else PurePosixPath(".")
    return path.parent


def _read_file(path: Path) -> Callable[[int | None], bytes]:
    def read(limit: int | None = None) -> bytes:
        if limit is not None:
            with path.open("rb") as handle:
                return handle.read(limit)
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputTooLarge(f"{size} bytes is over the {MAX_INPUT_BYTES // (1024 * 1024)} MiB input limit")
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise InputTooLarge(f"more than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
        return data

    return read


def walk(paths: Iterable[str | Path]) -> list[Path]:
    """Every file named by ``paths``: directories are walked in sorted order (VCS folders
    skipped); inside a sosreport only the paths bondlint reads are visited.  A sosreport
    tarball is one file here (``discover`` reads it as one host)."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            found.append(path)
            continue
        for directory, subdirs, files in os.walk(path):
            if is_sosreport(Path(directory)):
                found.extend(sosreport_files(Path(directory)))
                subdirs[:] = []
                continue
            subdirs[:] = sorted(d for d in subdirs if d not in _SKIPPED_DIRS)
            for name in sorted(files):
                candidate = Path(directory, name)
                # Documentation, source and CI files met in a folder quote configuration
                # without being it; named on the command line, a file is always read.
                if candidate.is_file() and never_input(PurePosixPath(candidate.relative_to(path).as_posix())) is None:
                    found.append(candidate)
    return found


def discover(
    paths: Iterable[str | Path], exclude: Iterable[str] = (), exclude_root: Path | None = None
) -> list[HostGroup]:
    """Inputs under ``paths`` grouped by host, in a stable order.

    ``exclude`` holds glob patterns matched against paths relative to ``exclude_root``
    (the configuration file's folder).  A path that does not exist is still returned as an
    input, so reading it reports it.  A sosreport tarball (``archive.ARCHIVE_SUFFIXES``) is
    one host, read without extracting it.
    """
    from bondlint.discovery.archive import is_archive, read_bundle

    paths = list(paths)
    patterns = list(exclude)
    exclude_from = Path(os.path.abspath(exclude_root or Path.cwd()))
    given = {Path(os.path.abspath(p)) for p in paths if Path(p).is_file()}
    files = []
    bundles: list[HostGroup] = []
    seen: set[str] = set()
    for path in walk(paths):
        shown = display_path(path)
        if shown in seen or (patterns and excluded(Path(os.path.abspath(path)), exclude_from, patterns)):
            continue
        seen.add(shown)
        if is_archive(path):
            # Met while walking a folder, only sosreport-named archives are bundles (a
            # config repo's release tarball is not); an archive given by name always is.
            if Path(os.path.abspath(path)) in given or "sos" in path.name.lower():
                bundles.append(read_bundle(path))
            continue
        root = host_root(PurePosixPath(Path(os.path.abspath(path)).as_posix()))
        files.append(InputFile(path=shown, host_root=root.as_posix(), read=_read_file(path)))
    groups = group_by_host(files, name_of=_host_name_on_disk, is_sosreport=lambda root: is_sosreport(Path(root)))
    return sorted(_distinct_folder_names(groups) + bundles, key=lambda h: (h.name, h.root))


def _distinct_folder_names(groups: list[HostGroup]) -> list[HostGroup]:
    """Two trees named only by their folders (``roles/a/files``, ``roles/b/files``) are
    not one host: where such names collide, each is named by its path as shown. A name
    from a hostname file is the system's own, shared on purpose by its two captures."""
    from dataclasses import replace

    counts: dict[str, int] = {}
    for group in groups:
        counts[group.name] = counts.get(group.name, 0) + 1
    return [
        replace(group, name=display_path(Path(group.root)))
        if counts[group.name] > 1 and not group.sosreport and _hostname_file(group.root) is None
        else group
        for group in groups
    ]


@dataclass(frozen=True)
class ChangedContext:
    """What a pre-commit run reads around the files it was given.

    ``paths``: the folders and files to read; ``passed``: the display paths of the files
    given (findings located in them, or pointing at them, are reported).
    """

    paths: list[Path]
    passed: set[str]


def changed_files_context(
    paths: Iterable[str | Path], exclude: Iterable[str] = (), exclude_root: Path | None = None
) -> ChangedContext:
    """For files passed by pre-commit: what to read around them.

    A changed bond keyfile is judged with its sibling port profiles, so each file's whole
    host tree is read (the folder holding ``etc/`` …, or the file's own folder), and with
    its repository's switch side (the repository: the nearest folder above the file with a
    ``.git``): every file named like a switch configuration, neighbor table or wiring
    inventory outside host trees. A changed switch-side file can move any host's
    cross-checks, so its whole repository is read. Outside a repository only the file's
    own surroundings are read; nothing above a repository ever is. ``exclude`` (the
    configuration's patterns, relative to ``exclude_root``) also prunes these walks.
    """
    patterns = list(exclude)
    exclude_from = Path(os.path.abspath(exclude_root or Path.cwd()))
    passed: set[str] = set()
    context: dict[str, Path] = {}
    repositories: set[Path] = set()
    for given in paths:
        path = Path(given)
        passed.add(display_path(path))
        absolute = Path(os.path.abspath(path))
        if path.is_dir():
            context.setdefault(absolute.as_posix(), absolute)
            continue
        project = repository_of(absolute)
        host = Path(host_root(PurePosixPath(absolute.as_posix())).as_posix())
        if project is not None and not host.is_relative_to(project):
            host = absolute.parent  # a host tree never reaches above the repository
        context.setdefault(host.as_posix(), host)
        if project is not None:
            repositories.add(project)
            if _is_network_file(absolute):
                context.setdefault(project.as_posix(), project)  # every host it may move
        elif _is_network_file(absolute):
            context.setdefault(absolute.parent.as_posix(), absolute.parent)
    for project in sorted(repositories):
        for found in _network_files(project, patterns, exclude_from):
            context.setdefault(found.as_posix(), found)
    # Read each folder once: drop what lies inside another folder being read (each
    # candidate looks its own ancestors up: linear in the number of candidates).
    chosen: list[Path] = []
    kept: set[Path] = set()
    for folder in sorted(context.values(), key=lambda p: (len(p.parts), p.as_posix())):
        if folder in kept or any(parent in kept for parent in folder.parents):
            continue
        kept.add(folder)
        chosen.append(folder)
    return ChangedContext(chosen, passed)


def repository_of(path: Path) -> Path | None:
    """The nearest folder above ``path`` (absolute) that holds ``.git``, or None."""
    for folder in path.parents:
        if (folder / ".git").exists():
            return folder
    return None


# Names of switch-side files: switch configurations, neighbor tables, wiring inventories.
_NETWORK_WORDS = ("wiring", "cabling", "lldp", "cdp", "neighbor", "neighbour", "running-config", "startup-config")
_NETWORK_SUFFIXES = (".cfg", ".conf", ".set", ".junos", ".ios", ".nxos", ".eos")


def _is_network_file(path: Path) -> bool:
    name = path.name.lower()
    return any(word in name for word in _NETWORK_WORDS) or path.suffix.lower() in _NETWORK_SUFFIXES


def _network_files(project: Path, patterns: list[str], exclude_from: Path) -> list[Path]:
    """Files under ``project`` named like switch-side inputs (their content decides),
    outside host trees (a host's ``etc/modprobe.d/bonding.conf`` is the host's)."""
    found = []
    for directory, subdirs, files in os.walk(project):
        here = Path(directory)
        if "etc" in subdirs or is_sosreport(here):
            subdirs[:] = []  # a host tree: its files are the host's, read with the host
            continue
        subdirs[:] = sorted(
            d for d in subdirs
            if d not in _SKIPPED_DIRS and not d.startswith(".")
            and not (patterns and folder_excluded(here / d, exclude_from, patterns))
        )
        for name in sorted(files):
            candidate = here / name
            if _is_network_file(candidate) and not candidate.is_symlink() and not (patterns and excluded(candidate, exclude_from, patterns)):
                found.append(candidate)
    return found


def excluded(path: Path, root: Path, patterns: list[str]) -> bool:
    """Whether ``path`` matches one of the glob ``patterns`` (relative to ``root``)."""
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(relative, p.rstrip("/") + "/*") for p in patterns)


def folder_excluded(folder: Path, root: Path, patterns: list[str]) -> bool:
    """Whether ``folder`` is excluded as a whole: by its own name or, as ``scan`` excludes
    its files, by a pattern for what it holds (``dir/``, ``dir/*``, ``dir/**``)."""
    return excluded(folder, root, patterns) or excluded(folder / "-", root, patterns)


def group_by_host(
    files: Iterable[InputFile],
    name_of: Callable[[str], str],
    is_sosreport: Callable[[str], bool] = lambda root: False,
) -> list[HostGroup]:
    """Group ``files`` by ``host_root``; ``name_of(root)`` names each host."""
    groups: dict[str, list[InputFile]] = {}
    for item in files:
        groups.setdefault(item.host_root, []).append(item)
    hosts = [
        HostGroup(
            name=name_of(root),
            root=root,
            files=tuple(sorted(members, key=lambda f: f.path)),
            sosreport=is_sosreport(root),
        )
        for root, members in groups.items()
    ]
    return sorted(hosts, key=lambda h: (h.name, h.root))


def _host_name_on_disk(root: str) -> str:
    """A sosreport's ``hostname`` (or ``etc/hostname``), else the folder's name."""
    return _hostname_file(root) or Path(root).name or "localhost"


def _hostname_file(root: str) -> str | None:
    """The first line of the tree's ``hostname`` or ``etc/hostname`` file, if any."""
    for candidate in ("hostname", "etc/hostname"):
        path = Path(root, candidate)
        try:
            if path.is_file() and path.stat().st_size < 4096:
                line = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
                if line and line[0].strip():
                    return line[0].strip()
        except OSError:
            continue
    return None


def describe_group(group: HostGroup) -> tuple[str, str]:
    """Why these files are one host, and where its name comes from (for ``bondlint show``)."""
    from bondlint.discovery.archive import is_archive

    root = Path(group.root)
    if group.files and is_archive(root) and root.is_file():
        return "one sosreport archive, read as a stream", "its hostname file, else the archive's name"
    if _hostname_file(group.root) is not None:
        named = "its hostname file"
    elif group.name != (root.name or "localhost"):
        named = "its path (another folder of the same name is another host)"
    else:
        named = "its folder's name (no hostname file)"
    if group.sosreport:
        return "a sosreport's root (sos_commands/ and its markers)", named
    anchors = set()
    for item in group.files:
        try:
            first = PurePosixPath(os.path.abspath(item.path)).relative_to(group.root).parts[0]
        except (ValueError, IndexError):
            continue
        if first in _TREE_ANCHORS:
            anchors.add(first)
    if anchors:
        return f"a system tree: the folder holds {', '.join(sorted(a + '/' for a in anchors))}", named
    return "loose files in one folder", named
