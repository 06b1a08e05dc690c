"""What the text report adds for a person at a terminal: colour by severity (only where
it is wanted), the source line a finding points at, its rule's one-line fix and
documentation page, per-rule statistics, and "did you mean" for a mistyped rule.

Nothing here decides a finding.  Every text that comes from an input or a policy file is
made printable before it is shown; the only control sequences in a report are the colour
codes written here.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bondlint.discovery.inputs import open_regular
from bondlint.policies.loader import Policy
from bondlint.reporters import Report, printable
from bondlint.reporters.sarif_github import help_uri
from bondlint.results import ScanResult

# SGR codes: bold red, yellow and cyan by severity; bold for a location, dim for a gutter.
SEVERITY_COLOURS = {"error": "1;31", "warning": "1;33", "note": "1;36"}
BOLD, DIM = "1", "2"
RESET = "\x1b[0m"

# A source line is looked for in the first MAX_SOURCE_BYTES of its file and shown up to
# MAX_SHOWN characters; a fix line up to MAX_SHOWN characters too.
MAX_SOURCE_BYTES = 4 * 1024 * 1024
MAX_SHOWN = 200

Excerpts = Mapping[tuple[str, int], str]


def wants_colour(choice: str, isatty: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour: ``always``/``never`` decide; ``auto`` is off when ``NO_COLOR`` is
    set to anything but "" (no-color.org), on when ``FORCE_COLOR`` is (force-color.org,
    even into a pipe), else on only for a terminal that is not ``TERM=dumb``."""
    if choice in ("always", "never"):
        return choice == "always"
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return isatty and env.get("TERM") != "dumb"


def paint(text: str, code: str, colour: bool) -> str:
    """``text`` in SGR ``code`` when colouring, else unchanged."""
    return f"\x1b[{code}m{text}{RESET}" if colour and text else text


def severity_code(severity: str) -> str:
    return SEVERITY_COLOURS.get(severity, "1")


# -- the source line ---------------------------------------------------------------------


def source_lines(result: ScanResult) -> dict[tuple[str, int], str]:
    """The line each active finding points at, keyed by (printable path, line) as the
    report shows them, made printable and cut to MAX_SHOWN characters.  Only a file that
    was an input of the scan and is a regular file on disk is opened (never through a
    symlink, never a FIFO or device); a member of a tarball, a file gone or changed into
    something else since, a line past MAX_SOURCE_BYTES: no excerpt."""
    read = {i.path for i in result.inputs if i.format}
    wanted: dict[str, set[int]] = {}
    for finding in result.findings:
        location = finding.location
        if finding.active and location.line and location.path in read:
            wanted.setdefault(location.path, set()).add(location.line)
    excerpts: dict[tuple[str, int], str] = {}
    for path, lines in wanted.items():
        for line, text in _read_lines(path, lines).items():
            excerpts[(printable(path), line)] = text
    return excerpts


def _read_lines(path: str, lines: set[int]) -> dict[int, str]:
    try:
        with open_regular(path) as handle:
            data = handle.read(MAX_SOURCE_BYTES)
    except OSError:
        return {}
    last = max(lines)
    pieces = data.split(b"\n", last)
    # Every piece but the last ended with a newline; the last is a whole line only when
    # the whole file was read and it is not the rest after line ``last``.
    whole = len(pieces) - 1 if len(data) >= MAX_SOURCE_BYTES or len(pieces) > last else len(pieces)
    return {n: shown(pieces[n - 1]) for n in sorted(lines) if n <= whole}


def shown(raw: bytes) -> str:
    """One line of an input as the report may show it: decoded, tabs expanded, cut to
    MAX_SHOWN characters and printable."""
    text = raw[: MAX_SHOWN * 4].decode("utf-8", "replace").rstrip("\r").expandtabs(4).rstrip()
    if len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN - 1] + "…"
    return printable(text)


# -- the fix and the documentation ------------------------------------------------------


def fix_line(remediation: str) -> str | None:
    """The first one-line command of a rule's remediation: a line of an indented (or
    fenced) block at the block's own indentation, that neither opens a structure (``key:``
    followed by deeper lines) nor is a YAML list item.  None when there is none."""
    lines = _code_lines(remediation)
    for index, (depth, text) in enumerate(lines):
        if depth is None:
            continue
        block = _block_depth(lines, index)
        following = lines[index + 1][0] if index + 1 < len(lines) else None
        if depth != block or text.endswith(":") or text.startswith("- "):
            continue
        if following is not None and following > depth:
            continue
        return one_line(text)
    return None


def _code_lines(remediation: str) -> list[tuple[int | None, str]]:
    """Each line as (indentation, text) when it is code, (None, text) when prose."""
    out: list[tuple[int | None, str]] = []
    fenced = False
    for line in remediation.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
            continue
        if not stripped:
            continue
        depth = len(line) - len(line.lstrip(" \t"))
        if fenced:
            out.append((depth + 1, stripped))
        else:
            out.append((depth if depth else None, stripped))
    return out


def _block_depth(lines: list[tuple[int | None, str]], index: int) -> int:
    """The smallest indentation of the code block holding line ``index``."""
    start = index
    while start > 0 and lines[start - 1][0] is not None:
        start -= 1
    depths = []
    for depth, _ in lines[start:]:
        if depth is None:
            break
        depths.append(depth)
    return min(depths)


def one_line(text: str) -> str:
    """``text`` as one bounded, printable line: runs of blanks made one space, cut to
    MAX_SHOWN characters (a finding's commands hold values from its inputs)."""
    text = printable(" ".join(text.split()))
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def doc_link(policy: Policy, docs_base: str | None = None) -> str:
    """Where a rule is documented: its page under ``docs_base`` (a URL) when one is
    configured, else ``docs/rules/BLnnn.md`` for a builtin rule; a site policy's own
    file otherwise."""
    page = help_uri(policy, docs_base or "docs/rules")  # the same page SARIF's helpUri names
    return printable(page if page is not None else policy.source)


# -- statistics and suggestions -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleCount:
    count: int
    rule_id: str
    name: str
    severity: str


def statistics(report: Report) -> list[RuleCount]:
    """Active findings per rule, most first, then by id (ruff's ``--statistics``)."""
    tally: Counter[tuple[str, str, str]] = Counter(
        (f.rule_id, f.rule_name, f.severity) for f in report.result.findings if f.active
    )
    counted = [RuleCount(n, rule, name, severity) for (rule, name, severity), n in tally.items()]
    return sorted(counted, key=lambda c: (-c.count, c.rule_id, c.severity))


def suggestions(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The known rule ids or names closest to ``word`` (difflib), best first; ties in
    the natural order (``BL01`` -> BL001, BL010, BL011)."""
    known = sorted(set(candidates))
    folded = {c.casefold(): c for c in known}
    close = difflib.get_close_matches(word.casefold(), list(folded), n=len(folded), cutoff=0.6)
    ranked = sorted(close, key=lambda c: (-difflib.SequenceMatcher(None, word.casefold(), c).ratio(), c))
    return [folded[c] for c in ranked[:limit]]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean BL001, BL010 or BL011?)`` or "" when nothing is close."""
    close = suggestions(word, candidates)
    if not close:
        return ""
    named = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
    return f" (did you mean {printable(named)}?)"
