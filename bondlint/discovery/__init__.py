"""Discovery: what a path, a directory or a set of files holds, grouped by host.

The host of a file is the directory that holds a system's tree: the folder above
``etc/``, ``proc/``, ``sys/`` or ``sos_commands/`` (a sosreport's root, a per-host folder
in a config repo), or, for loose files, the folder they sit in.  Files of different hosts
never mix.  Nothing here parses a capture: it only finds inputs and reads bytes safely.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bondlint.discovery.candidates import never_input
from bondlint.discovery.inputs import (
    MAX_INPUT_BYTES,
    HostGroup,
    InputFile,
    InputTooLarge,
    NotRead,
    display_path,
    is_archive,
    open_regular,
    paths_shown_from,
    read_file,
    read_small_file,
)
from bondlint.discovery.sosreport import (
    HOSTNAME_FILES,
    LINK_OUTSIDE,
    MAX_FOLDER_INPUTS,
    TOO_MANY_IN_FOLDER,
    classify,
    hostname_in,
    identity,
    is_sosreport,
    not_regular,
    sosreport_entries,
    within,
)
from bondlint.sources.registry import switch_side_files, tree_anchors

# What discovery finds and how (defined here), and the inputs and safe reads it shares
# with the tarball reader (defined in discovery.inputs, named here for callers).
__all__ = [
    "HEAD_BYTES",
    "MAX_DEPTH",
    "MAX_HOST_INPUTS",
    "MAX_INPUT_BYTES",
    "MAX_TREE_ENTRIES",
    "SKIPPED_DIRS",
    "ChangedContext",
    "Entry",
    "HostGroup",
    "InputFile",
    "InputTooLarge",
    "NotRead",
    "changed_files_context",
    "describe_group",
    "discover",
    "display_path",
    "excluded",
    "folder_excluded",
    "group_by_host",
    "host_root",
    "is_switch_side_file",
    "open_regular",
    "paths_shown_from",
    "read_small_file",
    "repository_of",
    "repository_relative",
    "walk",
    "walk_entries",
    "with_repository",
]

HEAD_BYTES = 1024
# Files and folders looked at under one path given (a hostile tree of millions of entries
# ends here, named); a real sosreport is never walked whole (only its SOS_SPECS folders).
MAX_TREE_ENTRIES = 100_000
# Inputs of one host kept from a tree (the archive's MAX_WANTED_MEMBERS for a tarball).
MAX_HOST_INPUTS = 10_000
# Folders below a path given that are entered; deeper ones are named, not entered.
MAX_DEPTH = 64

# Directory names that start a system tree, each with the children that confirm it (None:
# any), from the places each format declares (``etc/netplan``, ``usr/lib/systemd/network``).
_TREE_ANCHORS = tree_anchors()
# Folders never walked: version control, caches, virtual environments.
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".tox", ".venv", "node_modules"})


def host_root(path: PurePosixPath) -> PurePosixPath:
    """The directory holding the system tree ``path`` belongs to (see module docstring)."""
    parts = path.parts
    for index in range(len(parts) - 2, -1, -1):
        if parts[index] not in _TREE_ANCHORS:
            continue
        confirm = _TREE_ANCHORS[parts[index]]
        if confirm is None or (index + 1 < len(parts) and parts[index + 1] in confirm):
            if index and _confirms(parts[index - 1], parts[index]):
                index -= 1  # a longer place: usr/lib/systemd, var/run/NetworkManager
            return PurePosixPath(*parts[:index]) if index else PurePosixPath(".")
    return path.parent


def _confirms(folder: str, child: str) -> bool:
    if folder not in _TREE_ANCHORS:
        return False
    confirm = _TREE_ANCHORS[folder]
    return confirm is None or child in confirm


def _refused(why: str) -> Callable[[int | None], bytes]:
    def read(limit: int | None = None) -> bytes:
        raise NotRead(why)

    return read


@dataclass(frozen=True, slots=True)
class Entry:
    """A file met by ``walk``: ``real`` is the path to open, or None and ``why`` says
    why it is named but not read."""

    path: Path
    real: str | None
    why: str | None = None


def walk(paths: Iterable[str | Path]) -> list[Path]:
    """The files ``walk_entries`` finds that are read."""
    return [entry.path for entry in walk_entries(paths) if entry.why is None]


def walk_entries(paths: Iterable[str | Path]) -> list[Entry]:
    """Every file named by ``paths``: directories are walked in sorted order (VCS folders
    skipped); inside a sosreport only the paths bondlint reads are visited.  A sosreport
    tarball is one file here (``discover`` reads it as one host).

    Hostile trees are bounded: a symlink is followed only when its target stays inside
    the path given (else it is named, never read); only regular files are read; at most
    ``MAX_TREE_ENTRIES`` entries are looked at under one path and folders deeper than
    ``MAX_DEPTH`` are not entered (both named); a folder that cannot be listed is named.
    Each real file is read once, under the first path it is met at."""
    found: list[Entry] = []
    opened: set[object] = set()  # (device, inode) of the files kept: each is read once
    for given in paths:
        _walk_one(Path(given), found, opened)
    return found


def _walk_one(given: Path, found: list[Entry], opened: set[object]) -> None:
    """The path given: a folder is walked, a regular file kept, anything else named."""
    bound = os.path.realpath(given)
    try:
        info = os.stat(given)  # the path given: the user named it, links followed
    except OSError:
        found.append(Entry(given, str(given)))  # reading it reports it
        return
    if stat.S_ISDIR(info.st_mode):
        _FolderWalk(given, bound, found, opened).walk()
    elif stat.S_ISREG(info.st_mode):
        found.append(Entry(given, bound))
    else:
        found.append(Entry(given, None, not_regular(info.st_mode)))


class _FolderWalk:
    """The walk of one folder given (``bound``: where it resolves to): its entries are
    appended to ``found``, each real file once across the walks (``opened``), within
    ``MAX_TREE_ENTRIES`` entries looked at and ``MAX_DEPTH`` levels."""

    def __init__(self, given: Path, bound: str, found: list[Entry], opened: set[object]) -> None:
        self.given = given
        self.bound = bound
        self.found = found
        self.opened = opened
        self.visited = 0  # entries looked at under ``given``
        self.listed: set[str] = {bound}  # real paths of the folders entered

    def walk(self) -> None:
        """Folders depth first, in sorted order; a sosreport's only through its specs."""
        stack: list[tuple[Path, int]] = [(self.given, 0)]
        while stack:
            directory, depth = stack.pop()
            if is_sosreport(directory):
                if not self._sosreport(directory):
                    return
                continue
            subdirs = self._folder(directory)
            if subdirs is None:
                return
            if subdirs and depth + 1 > MAX_DEPTH:
                self.found.append(
                    Entry(
                        subdirs[0],
                        None,
                        f"folders nested more than {MAX_DEPTH} deep under {display_path(self.given)}: not entered",
                    )
                )
                continue
            stack.extend((folder, depth + 1) for folder in reversed(subdirs))

    def _counted(self, path: Path) -> bool:
        """Counts the entry at ``path`` as looked at; past ``MAX_TREE_ENTRIES``, False
        and it is named (the walk ends there)."""
        self.visited += 1
        if self.visited > MAX_TREE_ENTRIES:
            self.found.append(
                Entry(
                    path,
                    None,
                    f"more than {MAX_TREE_ENTRIES} files and folders under {display_path(self.given)}:"
                    " this and the rest are not read",
                )
            )
            return False
        return True

    def _sosreport(self, directory: Path) -> bool:
        """The files of the sosreport at ``directory`` its specs name; False past the
        entry cap."""
        for path, real, why in sosreport_entries(directory, self.bound):
            if not self._counted(path):
                return False
            key = identity(real) if real is not None else None
            if key is None or key not in self.opened:
                if key is not None:
                    self.opened.add(key)
                self.found.append(Entry(path, real, why))
        return True

    def _folder(self, directory: Path) -> list[Path] | None:
        """The files of one folder listed (at most ``MAX_FOLDER_INPUTS`` kept, the first
        one past it named) and its subfolders to enter, in sorted order; None past the
        entry cap.  A folder that cannot be listed is named."""
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            self.found.append(
                Entry(
                    directory, None, f"a folder that cannot be read ({error.strerror or error}): its files are not read"
                )
            )
            return []
        subdirs: list[Path] = []
        kept = 0
        for entry in entries:
            path = Path(directory, entry.name)
            if not self._counted(path):
                return None
            if _is_folder(entry):
                if self._entered(entry.name, path):
                    subdirs.append(path)
            elif kept < MAX_FOLDER_INPUTS:
                if self._file(path):
                    kept += 1
            elif kept == MAX_FOLDER_INPUTS:
                kept += 1
                self.found.append(Entry(path, None, TOO_MANY_IN_FOLDER))
        return subdirs

    def _entered(self, name: str, path: Path) -> bool:
        """Whether the subfolder at ``path`` is entered: not a VCS or cache folder, not a
        link out of the folder given (named), not one already entered (a loop)."""
        if name in SKIPPED_DIRS:
            return False
        real = os.path.realpath(path)
        if not within(real, self.bound):
            # A link to a folder elsewhere (``sys -> /sys``): named, never listed.
            if never_input(PurePosixPath(path.relative_to(self.given).as_posix(), "-")) is None:
                self.found.append(Entry(path, None, LINK_OUTSIDE))
            return False
        if real in self.listed:
            return False  # a link back up (a loop) or to a folder already walked
        self.listed.add(real)
        return True

    def _file(self, path: Path) -> bool:
        """Whether the file at ``path`` is kept (read, or named with why it is not)."""
        # Documentation, source and CI files met in a folder quote configuration
        # without being it; named on the command line, a file is always read.
        if never_input(PurePosixPath(path.relative_to(self.given).as_posix())) is not None:
            return False
        real, why = classify(path, self.bound)
        if real is None and why is None:
            return False  # a link to nothing
        if real is not None:
            key = identity(real)
            if key in self.opened:
                return False
            self.opened.add(key)
        self.found.append(Entry(path, real, why))
        return True


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether a folder listing's entry is a folder (a link to one too)."""
    try:
        return entry.is_dir()  # follows a link
    except OSError:
        return False


def discover(
    paths: Iterable[str | Path], exclude: Iterable[str] = (), exclude_root: Path | None = None
) -> list[HostGroup]:
    """Inputs under ``paths`` grouped by host, in a stable order.

    ``exclude`` holds glob patterns matched against paths relative to ``exclude_root``
    (the configuration file's folder).  A path that does not exist is still returned as an
    input, so reading it reports it.  A sosreport tarball (``inputs.ARCHIVE_SUFFIXES``) is
    one host, read without extracting it.
    """
    paths = list(paths)
    patterns = list(exclude)
    exclude_from = Path(os.path.abspath(exclude_root or Path.cwd()))
    given = {Path(os.path.abspath(p)) for p in paths if Path(p).is_file()}
    files = []
    bundles: list[HostGroup] = []
    seen: set[str] = set()
    per_host: dict[str, int] = {}
    for entry in walk_entries(paths):
        path = entry.path
        shown = display_path(path)
        if shown in seen or (patterns and excluded(Path(os.path.abspath(path)), exclude_from, patterns)):
            continue
        seen.add(shown)
        if entry.real is not None and is_archive(path):
            # Met while walking a folder, only sosreport-named archives are bundles (a
            # config repo's release tarball is not); an archive given by name always is.
            if Path(os.path.abspath(path)) in given or "sos" in path.name.lower():
                from bondlint.discovery.archive import read_bundle  # tarfile and the codecs: only for a bundle

                bundles.append(read_bundle(path, entry.real))
            continue
        root = host_root(PurePosixPath(Path(os.path.abspath(path)).as_posix())).as_posix()
        count = per_host[root] = per_host.get(root, 0) + 1
        if count > MAX_HOST_INPUTS:
            if count == MAX_HOST_INPUTS + 1:
                why = f"more than {MAX_HOST_INPUTS} inputs for one host: this and later files are not read"
                files.append(InputFile(path=shown, host_root=root, read=_refused(why)))
            continue
        read = read_file(path, entry.real) if entry.why is None else _refused(entry.why)
        files.append(InputFile(path=shown, host_root=root, read=read))
    named = _HostNames()
    groups = group_by_host(files, name_of=named.name, is_sosreport=lambda root: is_sosreport(Path(root)))
    found = [with_repository(group) for group in _distinct_folder_names(groups, named.from_file) + bundles]
    return sorted(found, key=lambda h: (h.name, h.root))


def with_repository(group: HostGroup) -> HostGroup:
    """``group`` with the repository holding its folder (a bundle: its archive) set."""
    from dataclasses import replace

    folder = repository_of(Path(os.path.abspath(group.root)) / "-")
    return replace(group, repository=None if folder is None else folder.as_posix())


class _HostNames:
    """Each group's name, its hostname file read once: ``from_file`` keeps the roots a
    hostname file named."""

    def __init__(self) -> None:
        self.from_file: set[str] = set()

    def name(self, root: str) -> str:
        found = _hostname_file(root)
        if found is not None:
            self.from_file.add(root)
        return found or Path(root).name or "localhost"


def _distinct_folder_names(groups: list[HostGroup], from_file: set[str]) -> list[HostGroup]:
    """Two trees named only by their folders (``roles/a/files``, ``roles/b/files``) are
    not one host: where such names collide, each is named by its path as shown. A name
    from a hostname file is the system's own, shared on purpose by its two captures."""
    from dataclasses import replace

    counts: dict[str, int] = {}
    for group in groups:
        counts[group.name] = counts.get(group.name, 0) + 1
    return [
        replace(group, name=display_path(Path(group.root)))
        if counts[group.name] > 1 and not group.sosreport and group.root not in from_file
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
            if is_switch_side_file(absolute):
                context.setdefault(project.as_posix(), project)  # every host it may move
        elif is_switch_side_file(absolute):
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


def repository_relative(shown: str, repository: str | None) -> str:
    """``shown`` (a path as displayed, maybe ``bundle.tar.xz!/member``) relative to
    ``repository`` (absolute) when inside it, else as shown. Pure: no file is looked at."""
    if repository is None:
        return shown
    outer, bang, member = shown.partition("!/")
    absolute = Path(os.path.abspath(outer))
    try:
        return absolute.relative_to(repository).as_posix() + bang + member
    except ValueError:
        return shown


def is_switch_side_file(path: Path | PurePosixPath) -> bool:
    """Whether ``path`` is named like a switch configuration, neighbor table or wiring
    inventory (the switch-side formats' repository patterns; their content decides)."""
    return switch_side_files().search(path.name) is not None


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
            d
            for d in subdirs
            if d not in SKIPPED_DIRS
            and not d.startswith(".")
            and not (patterns and folder_excluded(here / d, exclude_from, patterns))
        )
        for name in sorted(files):
            candidate = here / name
            if (
                is_switch_side_file(candidate)
                and not candidate.is_symlink()
                and not (patterns and excluded(candidate, exclude_from, patterns))
            ):
                found.append(candidate)
    return found


def excluded(path: Path, root: Path, patterns: list[str]) -> bool:
    """Whether ``path`` matches one of the glob ``patterns`` (relative to ``root``)."""
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return any(
        fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(relative, p.rstrip("/") + "/*") for p in patterns
    )


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


def _hostname_file(root: str) -> str | None:
    """The host name the tree's ``hostname`` or ``etc/hostname`` file gives, if any: a
    regular file, or a symlink whose target stays inside the tree (``etc/hostname ->
    /etc/shadow`` never names a host)."""
    bound = os.path.realpath(root)
    for candidate in HOSTNAME_FILES:
        real, _ = classify(Path(root, candidate), bound)
        if real is None:
            continue
        try:
            with open_regular(real) as handle:
                if os.fstat(handle.fileno()).st_size >= 4096:
                    continue
                name = hostname_in(handle.read(4096))
        except OSError:
            continue
        if name is not None:
            return name
    return None


def describe_group(name: str, root_path: str, sosreport: bool, paths: list[str]) -> tuple[str, str]:
    """Why the inputs at ``paths`` (as shown) are one host, and where its name comes from
    (for ``bondlint show``, which alone asks: a scan does not pay for it)."""
    root = Path(root_path)
    if paths and is_archive(root) and root.is_file():
        return "one sosreport archive, read as a stream", "its hostname file, else the archive's name"
    if _hostname_file(root_path) is not None:
        named = "its hostname file"
    elif name != (root.name or "localhost"):
        named = "its path (another folder of the same name is another host)"
    else:
        named = "its folder's name (no hostname file)"
    if sosreport:
        return "a sosreport's root (sos_commands/ and its markers)", named
    anchors = set()
    for path in paths:
        try:
            first = PurePosixPath(os.path.abspath(path)).relative_to(root_path).parts[0]
        except (ValueError, IndexError):
            continue
        if first in _TREE_ANCHORS:
            anchors.add(first)
    if anchors:
        return f"a system tree: the folder holds {', '.join(sorted(a + '/' for a in anchors))}", named
    return "loose files in one folder", named
