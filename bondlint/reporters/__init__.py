"""Reporters turn a scan result into text, JSON or SARIF.  They decide nothing and parse
nothing: every fact they print was settled by the pipeline."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bondlint.policies.loader import Policy
from bondlint.results import ScanResult


class FileEdit(Protocol):
    """A concrete edit of a file that fixes a finding (``bondlint.fix.output.Replacement``):
    the region from ``start_line``:``start_column`` up to, not including,
    ``end_line``:``end_column`` (from 1) becomes ``text``."""

    @property
    def path(self) -> str: ...
    @property
    def start_line(self) -> int: ...
    @property
    def start_column(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def end_column(self) -> int: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Report:
    """What every reporter receives."""

    result: ScanResult
    policies: tuple[Policy, ...]
    tool_version: str
    # SARIF: keep suppressed and baselined findings, marked so (--include-suppressed).
    include_suppressed: bool = False
    # Base URL of the builtin rules' pages (docs-url, --docs-url); None: no links to them.
    docs_url: str | None = None
    # A fleet audit: a shown path read inside a sosreport bundle -> (its path inside the
    # host's tree, the bundle), None elsewhere (reporters.fleet.BundlePlaces).
    place: Callable[[str], tuple[str, str] | None] | None = None
    # The edits that fix a finding, by its fingerprint (bondlint.fix.output.finding_replacements):
    # SARIF ``fixes``.  Empty: no result has any.
    fixes: Mapping[str, Sequence[FileEdit]] = field(default_factory=dict)


def counts(report: Report) -> dict[str, int]:
    """Findings per severity, plus hosts and inputs read."""
    tally = {"error": 0, "warning": 0, "note": 0, "suppressed": 0, "baselined": 0}
    for finding in report.result.findings:
        if finding.suppressed is not None:
            tally["suppressed"] += 1
        elif not finding.active:
            tally["baselined"] += 1
        else:
            tally[finding.severity] += 1
    tally["hosts"] = len(report.result.hosts)
    tally["switches"] = len(report.result.switches)
    tally["inputs"] = sum(1 for i in report.result.inputs if i.format)
    tally["not_read"] = sum(1 for i in report.result.inputs if i.unread)
    return tally


# Characters that must never reach a reader raw: C0/C1 controls and DEL (a terminal acts on
# them: ESC[2J clears the screen, a newline forges a report line), the Unicode line and
# paragraph separators, and the bidirectional overrides that reorder what is shown.
_UNSAFE = frozenset(
    [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)

_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every unsafe character shown as a visible escape (``\\x1b``,
    ``\\n``, ``\\u202e``) and every undecodable byte of a file name (a lone surrogate
    from ``os.fsdecode``) as ``\\xNN``: one finding stays one line, and nothing from an
    input drives the terminal. Safe text comes back unchanged."""
    if text.isprintable() and not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return text
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        elif code in _UNSAFE:
            out.append(_NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"))
        else:
            out.append(char)
    return "".join(out)


def link_safe(text: str) -> str:
    """``text`` with its backslashes and brackets escaped: in a SARIF message or a GitLab
    description (Markdown), a name like ``[click](https://…)`` from an input is no link."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def safe_result(result: ScanResult) -> ScanResult:
    """``result`` with every text that comes from an input (messages, paths, host, bond
    and switch names) made printable: every reporter then shows one finding per line and
    nothing that drives a terminal."""
    from dataclasses import replace

    from bondlint.policies.engine import Related
    from bondlint.sources.base import Diagnostic, Location

    def where(location: Location) -> Location:
        return replace(location, path=printable(location.path))

    findings = [
        replace(
            f,
            message=printable(f.message),
            location=where(f.location),
            host=printable(f.host),
            entity_name=printable(f.entity_name),
            related=tuple(Related(where(r.location), printable(r.message)) for r in f.related),
            suppressed=None if f.suppressed is None else printable(f.suppressed),
            suppressed_at=None if f.suppressed_at is None else where(f.suppressed_at),
            repository_path=None if f.repository_path is None else printable(f.repository_path),
        )
        for f in result.findings
    ]
    inputs = [
        replace(
            i,
            path=printable(i.path),
            diagnostics=[Diagnostic(where(d.location), printable(d.message)) for d in i.diagnostics],
            unread=None if i.unread is None else printable(i.unread),
        )
        for i in result.inputs
    ]
    return replace(
        result,
        findings=findings,
        inputs=inputs,
        hosts=[printable(h) for h in result.hosts],
        switches=[printable(s) for s in result.switches],
        switch_named_by={printable(k): printable(v) for k, v in result.switch_named_by.items()},
    )


def plural(n: int, word: str) -> str:
    """``1 host``, ``2 hosts``, ``2 switches``."""
    return f"{n} {word}" + ("" if n == 1 else ("es" if word.endswith("ch") else "s"))


def summary_line(report: Report) -> str:
    tally = counts(report)
    total = tally["error"] + tally["warning"] + tally["note"]
    parts = [plural(tally[s], s) for s in ("error", "warning", "note") if tally[s]]
    detail = f" ({', '.join(parts)})" if parts else ""
    switches = f", {plural(tally['switches'], 'switch')}" if tally["switches"] else ""
    hidden = [f"{tally[k]} {k}" for k in ("suppressed", "baselined") if tally[k]]
    return (
        f"{plural(total, 'finding')}{detail} in {plural(tally['hosts'], 'host')}{switches}, "
        f"{plural(tally['inputs'], 'input')} read"
        + (f", {tally['not_read']} not read (BL052)" if tally["not_read"] else "")
        + (f"; {', '.join(hidden)}" if hidden else "")
    )
