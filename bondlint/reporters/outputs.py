"""Where each report of a run goes: ``--output FORMAT:PATH`` (a file), ``--output FORMAT``
(stdout) and ``--output PATH`` (a file in ``--format``'s format, as before), repeatable,
so one scan writes SARIF for the upload, JUnit for the test view and text for the log.

At most one report goes to stdout, and a file is named once.  A value whose part before
the first ``:`` is a plain word is read as ``FORMAT:PATH``, and an unknown word is an
error (``sraif:out.sarif`` is a typo, not a file name); a file whose name has such a
prefix is given as ``./name``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path

_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


class OutputError(ValueError):
    """A usage error in the ``--output`` values (exit 2)."""


@dataclass(frozen=True, slots=True)
class Target:
    """One report: its format, and its file (None: stdout)."""

    format: str
    path: Path | None = None


def _one(value: str, default: str, formats: Sequence[str]) -> tuple[Target, bool]:
    """A target, and whether it took ``default`` (a bare path)."""
    if value in formats:
        return Target(value), False
    prefix, colon, rest = value.partition(":")
    if not colon or not _PREFIX.fullmatch(prefix):
        if not value:
            raise OutputError("--output needs FORMAT, FORMAT:PATH or PATH")
        return Target(default, Path(value)), True
    if prefix not in formats:
        close = get_close_matches(prefix, formats, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise OutputError(
            f"--output {value}: unknown report format {prefix!r}{hint}; formats: {', '.join(formats)}"
            f" (a file whose name has a colon: ./{value})"
        )
    if not rest:
        raise OutputError(f"--output {value}: give the file after the colon, or {prefix} alone for stdout")
    return Target(prefix, Path(rest)), False


def targets(values: Sequence[str], chosen: str | None, formats: Sequence[str], default: str = "text") -> list[Target]:
    """The reports to write.  ``chosen`` is ``--format`` when given: it is the format of a
    bare path, and goes to stdout when no bare path took it; with no ``--output``, the one
    report goes to stdout as before."""
    parsed = [_one(value, chosen or default, formats) for value in values]
    found = [target for target, _ in parsed]
    if (chosen is not None and not any(took for _, took in parsed)) or not found:
        found.insert(0, Target(chosen or default))
    if sum(1 for t in found if t.path is None) > 1:
        shown = ", ".join(t.format for t in found if t.path is None)
        raise OutputError(f"only one report can go to stdout ({shown}): give the others a file (FORMAT:PATH)")
    files = [os.path.realpath(t.path) for t in found if t.path is not None]
    repeated = sorted({p for p in files if files.count(p) > 1})
    if repeated:
        raise OutputError(f"--output names the same file twice: {', '.join(repeated)}")
    return found
