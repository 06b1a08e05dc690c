"""What a fix plan becomes: a unified diff, files written atomically, SARIF replacements."""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bondlint.fix.plan import FileFix, FixPlan
from bondlint.policies.engine import Finding
from bondlint.reporters import printable


def _shown(line: str) -> str:
    """A diff line as it may reach a terminal: every unsafe character of the input
    escaped (tabs kept), its line end kept."""
    body = line.rstrip("\r\n")
    return "\t".join(printable(part) for part in body.split("\t")) + "\n"


def unified_diff(plan: FixPlan) -> str:
    """The changes of every file, as ``diff -u`` shows them (a/ and b/ prefixes)."""
    out: list[str] = []
    for file in plan.changed:
        for line in difflib.unified_diff(
            file.before.splitlines(keepends=True),
            file.after.splitlines(keepends=True),
            fromfile=f"a/{file.path}",
            tofile=f"b/{file.path}",
        ):
            out.append(_shown(line))
            if not line.endswith("\n"):
                out.append("\\ No newline at end of file\n")
    return "".join(out)


def write_fixes(plan: FixPlan) -> list[str]:
    """Each changed file replaced atomically (a temporary file in its folder, then
    renamed; its mode kept), unless it changed on disk since it was read: the problems,
    one per file not written."""
    problems = []
    for file in plan.changed:
        try:
            _replace(file)
        except _Changed:
            problems.append(f"{file.path}: changed on disk since it was read: not written")
        except OSError as error:
            problems.append(f"{file.path}: not written: {error.strerror or error}")
    return problems


class _Changed(Exception):
    pass


def _replace(file: FileFix) -> None:
    target = Path(os.path.realpath(file.path))  # a symlink's file is replaced, not the link
    mode = os.stat(target).st_mode
    if not stat.S_ISREG(mode):
        raise _Changed
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(file.data())
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(mode))
        if target.read_bytes() != file.original:  # as late as possible before the rename
            raise _Changed
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass(frozen=True, slots=True)
class Replacement:
    """One region of a file and its new text, lines and columns from 1 (SARIF's
    ``replacements``: the region ends before ``end_line``:``end_column``)."""

    path: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    text: str


def replacements(path: str, before: str, after: str) -> list[Replacement]:
    """The whole-line regions of ``before`` that ``after`` replaces."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    found = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            found.append(Replacement(path, i1 + 1, 1, i2 + 1, 1, "".join(new[j1:j2])))
    return found


def shown_fingerprint(finding: Finding) -> str:
    """The fingerprint reporters show for ``finding``: of its names and paths made
    printable, as ``reporters.safe_result`` makes them."""
    return replace(
        finding,
        location=replace(finding.location, path=printable(finding.location.path)),
        host=printable(finding.host),
        entity_name=printable(finding.entity_name),
        repository_path=None if finding.repository_path is None else printable(finding.repository_path),
    ).fingerprint


def finding_replacements(plan: FixPlan) -> dict[str, list[Replacement]]:
    """Per finding fingerprint (as reporters show it), the replacements of its fix made
    alone on the file as read."""
    found: dict[str, list[Replacement]] = {}
    for file in plan.files:
        for applied in file.applied:
            if applied.alone is not None:
                found[shown_fingerprint(applied.finding)] = replacements(file.path, file.before, applied.alone)
    return found


def sarif_fixes(plan: FixPlan) -> dict[str, list[dict[str, Any]]]:
    """Per finding fingerprint, its SARIF ``fixes`` (a description and one artifact change)."""
    summaries = {shown_fingerprint(a.finding): a.summary for file in plan.files for a in file.applied}
    fixes: dict[str, list[dict[str, Any]]] = {}
    for fingerprint, regions in finding_replacements(plan).items():
        if not regions:
            continue
        fixes[fingerprint] = [
            {
                "description": {"text": summaries[fingerprint]},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": regions[0].path},
                        "replacements": [
                            {
                                "deletedRegion": {
                                    "startLine": r.start_line,
                                    "startColumn": r.start_column,
                                    "endLine": r.end_line,
                                    "endColumn": r.end_column,
                                },
                                "insertedContent": {"text": r.text},
                            }
                            for r in regions
                        ],
                    }
                ],
            }
        ]
    return fixes


def _where(finding: Finding) -> str:
    return printable(f"{finding.location.path}:{finding.location.line}: {finding.rule_id} [{finding.rule_name}]")


def summary(plan: FixPlan, written: bool, unsafe: bool) -> str:
    """What was fixed (or would be, with ``written`` false), what was not and why, with
    the commands for captures, and the unsafe fixes left out."""
    verb = "fixed" if written else "would fix"
    lines = []
    for file in plan.changed:
        for applied in file.applied:
            changes = ", ".join(c.described() for c in applied.changes)
            lines.append(f"{_where(applied.finding)} {verb}: {printable(changes)} ({printable(applied.summary)})")
    for skipped in plan.not_applied:
        lines.append(f"{_where(skipped.finding)} not fixed: {printable(skipped.reason)}")
        lines.extend(f"    {printable(command)}" for command in skipped.commands)
    made = sum(len(f.applied) for f in plan.changed)
    files = len(plan.changed)
    tail = f"{_count(made, 'fix', 'fixes')} {'made' if written else 'to make'} in {_count(files, 'file', 'files')}"
    if plan.not_applied:
        tail += f", {len(plan.not_applied)} not made"
    if plan.withheld and not unsafe:
        count = len(plan.withheld)
        tail += f"; {_count(count, 'unsafe fix', 'unsafe fixes')} left out (--unsafe-fixes makes them)"
    return "\n".join([*lines, tail]) + "\n"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
