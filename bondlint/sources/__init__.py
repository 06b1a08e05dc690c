"""Source parsers: one module per capture format.

Each module declares ``SOURCE`` (a ``registry.SourceFormat``: its name, role, file names
and places), and exposes ``FORMAT`` (the name), ``claims(path, head) -> bool`` (does this
file look like my format; ``path`` is a ``PurePosixPath``, ``head`` the first KiB of text)
and ``parse(text, path) -> ParseResult``.  ``parse`` never raises on bad input.  A module
may set ``MAX_BYTES``: a larger file is reported instead of parsed (YAML parsing, for
one, is far slower than a line scan).  ``docs/architecture.md`` shows how to add one.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from bondlint.sources.registry import formats

# Most specific first: the first module that claims a file parses it.
SOURCE_MODULES = tuple(source.module for source in formats())

# File-name patterns under which a module is likely to claim a file: only that module is
# imported first. Files no pattern matches are offered to every module (by head), so a
# missing hint costs time, never a result.
NAME_HINTS: dict[str, tuple[str, ...]] = {source.module: source.names for source in formats()}


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
