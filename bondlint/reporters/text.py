"""Plain text: ``path:line: level BLnnn [name] message``, sorted, then a summary line.

The first line of a finding keeps that shape whatever the options (editors and grep
parse it); the detailed form adds, under it, the source line it points at, the rule's
one-line fix and its documentation page.  Colour codes, when wanted, come only from
``terminal``; everything from an input was made printable before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bondlint.policies.engine import SEVERITY_RANK, Finding
from bondlint.reporters import Report, counts, summary_line, terminal
from bondlint.sources.base import Location

NOTHING_CHECKED = "Nothing was checked: none of the files given is a capture or configuration bondlint reads"
INDENT = "    "


@dataclass(frozen=True, slots=True)
class TextOptions:
    """How the text report is laid out.  The defaults are the concise report: one line
    per finding (and its related locations), then the summary."""

    detailed: bool = False  # source line, fix and documentation under each finding
    colour: bool = False
    quiet: bool = False  # findings only: no summary or hint lines
    statistics: bool = False  # counts per rule instead of the findings
    # The source lines shown, by (path as shown, line): terminal.source_lines.
    excerpts: Mapping[tuple[str, int], str] = field(default_factory=dict)
    docs_base: str | None = None  # the configured base URL of the builtin rules' pages


def _where(location: Location) -> str:
    # Whole-file problems are shown at line 1 so every line has the same shape.
    return f"{location.path}:{location.line or 1}"


class _Rules:
    """Each rule's fix line and documentation link, worked out once per rule."""

    def __init__(self, report: Report, docs_base: str | None) -> None:
        self.policies = {p.id: p for p in report.policies}
        self.docs_base = docs_base
        self.cache: dict[str, tuple[str | None, str | None]] = {}

    def help(self, rule_id: str) -> tuple[str | None, str | None]:
        if rule_id not in self.cache:
            policy = self.policies.get(rule_id)
            if policy is None:
                self.cache[rule_id] = (None, None)
            else:
                self.cache[rule_id] = (terminal.fix_line(policy.remediation), terminal.doc_link(policy, self.docs_base))
        return self.cache[rule_id]


def _headline(finding: Finding, colour: bool) -> str:
    where = terminal.paint(_where(finding.location), terminal.BOLD, colour)
    what = terminal.paint(f"{finding.severity} {finding.rule_id}", terminal.severity_code(finding.severity), colour)
    return f"{where}: {what} [{finding.rule_name}] {finding.message}"


def _finding_lines(finding: Finding, options: TextOptions, rules: _Rules) -> list[str]:
    lines = [_headline(finding, options.colour)]
    location = finding.location
    excerpt = options.excerpts.get((location.path, location.line)) if options.detailed else None
    if excerpt is not None:
        gutter = terminal.paint(f"{location.line:>5} |", terminal.DIM, options.colour)
        lines.append(f"{gutter} {excerpt}")
    for related in finding.related:
        lines.append(f"{INDENT}see also {_where(related.location)}: {related.message}")
    if options.detailed:
        fix, link = rules.help(finding.rule_id)
        if finding.commands is not None and finding.commands.steps:  # filled from this finding's bond and ports
            lines.append(f"{INDENT}fix: {terminal.one_line(finding.commands.one_line())}")
        elif fix:  # the rule's own example
            lines.append(f"{INDENT}fix: e.g. {fix}")
        if link:
            lines.append(f"{INDENT}docs: {link}")
    return lines


def _statistics(report: Report, colour: bool) -> list[str]:
    counted = terminal.statistics(report)
    width = max((len(str(c.count)) for c in counted), default=1)
    id_width = max((len(c.rule_id) for c in counted), default=5)
    return [
        f"{c.count:>{width}}  "
        f"{terminal.paint(f'{c.rule_id:<{id_width}}', terminal.severity_code(c.severity), colour)}  {c.name}"
        for c in counted
    ]


def _trailer(report: Report) -> list[str]:
    lines = [summary_line(report)]
    for name, source in sorted(report.result.switch_named_by.items()):
        lines.append(f"Switch {name} has no hostname line: named from its {source}")
    active = [f for f in report.result.findings if f.active]
    if active:
        # The fix lives with each rule: point at it, with the most severe rule as example.
        first = max(active, key=lambda f: SEVERITY_RANK[f.severity]).rule_id
        lines.append(f"Why each matters and how to fix it: bondlint explain ID (e.g. bondlint explain {first})")
    elif not counts(report)["inputs"]:
        lines.append(NOTHING_CHECKED)
    return lines


def render(report: Report, options: TextOptions | None = None) -> str:
    options = options or TextOptions()
    lines: list[str] = []
    if options.statistics:
        lines += _statistics(report, options.colour)
    else:
        rules = _Rules(report, options.docs_base)
        for finding in report.result.findings:
            if finding.active:
                lines += _finding_lines(finding, options, rules)
    if not options.quiet:
        lines += _trailer(report)
    return "".join(line + "\n" for line in lines)
