"""Plain text: ``path:line: level BLnnn [name] message``, sorted, then a summary line."""

from __future__ import annotations

from bondlint.policies.engine import SEVERITY_RANK
from bondlint.reporters import Report, counts, summary_line
from bondlint.sources.base import Location


def _where(location: Location) -> str:
    # Whole-file problems are shown at line 1 so every line has the same shape.
    return f"{location.path}:{location.line or 1}"


def render(report: Report) -> str:
    lines = []
    for finding in report.result.findings:
        if not finding.active:
            continue
        lines.append(
            f"{_where(finding.location)}: {finding.severity} {finding.rule_id} [{finding.rule_name}] {finding.message}"
        )
        for related in finding.related:
            lines.append(f"    see also {_where(related.location)}: {related.message}")
    lines.append(summary_line(report))
    for name, source in sorted(report.result.switch_named_by.items()):
        lines.append(f"Switch {name} has no hostname line: named from its {source}")
    active = [f for f in report.result.findings if f.active]
    if active:
        # The fix lives with each rule: point at it, with the most severe rule as example.
        first = max(active, key=lambda f: SEVERITY_RANK[f.severity]).rule_id
        lines.append(f"Why each matters and how to fix it: bondlint explain ID (e.g. bondlint explain {first})")
    elif not counts(report)["inputs"]:
        lines.append("Nothing was checked: none of the files given is a capture or configuration bondlint reads")
    return "\n".join(lines) + "\n"
