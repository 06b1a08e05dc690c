"""The format registry: what each capture format is, where it lives and how it is found.

Every source module declares one ``SOURCE = SourceFormat(...)`` beside its ``claims`` and
``parse``: the format's name, the tool that applies it, its role (a persisted definition,
a view of one, runtime state, host facts, the switch side), the file names and places
(a system tree's or a sosreport's folders) where it is found, the names that give away a
file of it nobody could read, and the pattern of its files in a configuration repository
(the pre-commit hook's ``files``). Everything else is derived from these declarations:

- the order in which parsers are offered a file, and the name hints that pick the likely
  parser without importing the others (``bondlint.sources``);
- the folders discovery reads in a sosreport, the folders that start a system tree, the
  evidence for the input-not-read note, the switch-side names of a repository
  (``bondlint.discovery``);
- the model's precedence tables (which definition is "the config", which runtime capture
  wins) and the owner of each definition (``bondlint.model``);
- the pre-commit hook's ``files`` pattern (``.pre-commit-hooks.yaml``).

A run must not import every parser to learn where files are (a pre-commit run imports the
one or two it needs), so the declarations are also kept in ``formats.json`` beside this
module, written by ``python -m bondlint.sources``; a test fails, naming that
command, when the index or ``.pre-commit-hooks.yaml`` disagrees with the modules.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any, Literal

Role = Literal["definition", "view", "runtime", "host", "switch"]
ROLES: tuple[Role, ...] = ("definition", "view", "runtime", "host", "switch")
INDEX = "formats.json"


@dataclass(frozen=True, slots=True)
class Place:
    """A folder of a system tree or sosreport (relative to its root; ``**`` stands for
    every folder one level down, as per-interface sysfs folders) and the file names read
    there. ``called``: how a note names the folder when a file in it is not read."""

    folder: str
    files: tuple[str, ...] = ("*",)
    called: str | None = None


@dataclass(frozen=True, slots=True)
class SourceFormat:
    """One capture format, as its source module declares it."""

    # The format's name, as records, reports and ``bondlint show`` give it.
    name: str
    # What one file of it is, for notes ("a NetworkManager keyfile").
    describes: str
    # Where it is offered a file among the formats: lower first (most specific first).
    order: int
    role: Role
    # The tool that applies a definition (a finding's "as NetworkManager applies it").
    tool: str | None = None
    # Names (``fnmatch`` over the path as shown) its ``claims`` usually accepts: such a
    # file is offered to this module first, without importing the others.
    names: tuple[str, ...] = ()
    # Names only this kind of file carries, each with what it says of the file: a file so
    # named that nothing read is named in the report (input-not-read).
    telltales: tuple[tuple[str, str], ...] = ()
    # Where system trees and sosreports keep it.
    places: tuple[Place, ...] = ()
    # Folders that start a system tree beyond those of ``places`` ("sys/module").
    anchors: tuple[str, ...] = ()
    # Regular expression over a repository path: its files in a configuration repository
    # (the pre-commit hook's ``files``). None: a capture, never committed as configuration.
    hook: str | None = None
    # Precedence among definitions of one bond (the first is "the config" an operator
    # edits), among runtime captures of a bond, among captures of an interface's link.
    definition_rank: int | None = None
    runtime_rank: int | None = None
    interface_rank: int | None = None
    # Filled by the index: the module that declares and parses it.
    module: str = field(default="", compare=False)


def declared() -> tuple[SourceFormat, ...]:
    """Every ``SOURCE`` of the modules in ``bondlint.sources``, imported (the index's truth)."""
    import pkgutil

    package = import_module("bondlint.sources")
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        name = f"bondlint.sources.{info.name}"
        source = getattr(import_module(name), "SOURCE", None)
        if isinstance(source, SourceFormat):
            found.append(replace(source, module=name))
    return tuple(sorted(found, key=lambda s: (s.order, s.name)))


@cache
def formats() -> tuple[SourceFormat, ...]:
    """The index: every format in the order they are offered a file (no parser imported)."""
    # Beside this module (importlib.resources and its readers would cost a run ~10 ms).
    text = Path(__file__).with_name(INDEX).read_text(encoding="utf-8")
    return tuple(_from_json(item) for item in json.loads(text)["formats"])


@cache
def by_name() -> dict[str, SourceFormat]:
    """The index by format name (asked once per definition by the model: built once)."""
    return {source.name: source for source in formats()}


def ranked(rank: Literal["definition_rank", "runtime_rank", "interface_rank"]) -> tuple[str, ...]:
    """The format names that have ``rank``, in its order."""
    chosen = [s for s in formats() if getattr(s, rank) is not None]
    return tuple(s.name for s in sorted(chosen, key=lambda s: getattr(s, rank)))


def with_role(*roles: Role) -> frozenset[str]:
    return frozenset(s.name for s in formats() if s.role in roles)


def hook_pattern(sources: tuple[SourceFormat, ...] | None = None) -> str:
    """The pre-commit hook's ``files``: a verbose regular expression, one line a format."""
    chosen = [s for s in (formats() if sources is None else sources) if s.hook]
    lines = [f"  {'| ' if index else ''}{s.hook}" for index, s in enumerate(chosen)]
    return "(?x)(\n" + "\n".join(lines) + "\n)"


@cache
def hook_files() -> re.Pattern[str]:
    return re.compile(hook_pattern())


@cache
def switch_side_files() -> re.Pattern[str]:
    """The repository paths of switch-side formats' files (configurations, neighbor
    tables, wiring): a change to one can move any host's cross-checks."""
    return re.compile("|".join(f"(?:{s.hook})" for s in formats() if s.role == "switch" and s.hook))


def tree_anchors() -> dict[str, frozenset[str] | None]:
    """Folder names that start a system tree, each with the children that confirm it
    (None: any child, a sosreport's ``sos_commands``)."""
    anchors: dict[str, set[str] | None] = {}
    for source in formats():
        folders = [p.folder for p in source.places] + list(source.anchors)
        folders += [f"{p.folder}/{name}" for p in source.places for name in p.files if p.folder == "etc"]
        for folder in folders:
            first, _, rest = folder.partition("/")
            if not first or not rest:
                continue
            if first == "sos_commands":
                anchors[first] = None
                continue
            confirm = anchors.setdefault(first, set())
            if confirm is not None:
                confirm.add(rest.split("/")[0])
    return {key: None if value is None else frozenset(value) for key, value in anchors.items()}


def sos_specs() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(folder, file patterns) a sosreport or system tree is read at, folders merged in
    the order formats declare them."""
    merged: dict[str, list[str]] = {}
    for source in formats():
        for place in source.places:
            if not place.files:
                continue  # a folder only named in notes, never read
            patterns = merged.setdefault(place.folder, [])
            patterns.extend(p for p in place.files if p not in patterns)
    return tuple((folder, tuple(patterns)) for folder, patterns in merged.items())


def index_text(sources: tuple[SourceFormat, ...]) -> str:
    items = [_to_json(source) for source in sources]
    return json.dumps({"generated-by": "python -m bondlint.sources", "formats": items}, indent=1) + "\n"


def _to_json(source: SourceFormat) -> dict[str, Any]:
    data = asdict(source)
    return {key: value for key, value in data.items() if value not in (None, (), [])}


def _from_json(data: dict[str, Any]) -> SourceFormat:
    values = dict(data)
    values["names"] = tuple(values.get("names", ()))
    values["telltales"] = tuple(tuple(pair) for pair in values.get("telltales", ()))
    values["places"] = tuple(
        Place(p["folder"], tuple(p.get("files", ("*",))), p.get("called")) for p in values.get("places", ())
    )
    values["anchors"] = tuple(values.get("anchors", ()))
    return SourceFormat(**values)


HOOKS_FILE = ".pre-commit-hooks.yaml"
_FILES_BLOCK = re.compile(r"(?ms)^  files: >-\n.*?(?=^  \S)")


def hooks_manifest(text: str, sources: tuple[SourceFormat, ...]) -> str:
    """``.pre-commit-hooks.yaml``'s text with its ``files`` block derived from ``sources``."""
    block = "  files: >-\n" + "".join(f"    {line}\n" for line in hook_pattern(sources).splitlines())
    return _FILES_BLOCK.sub(lambda _: block, text, count=1)
