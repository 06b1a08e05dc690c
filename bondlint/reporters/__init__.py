"""Reporters turn a scan result into text, JSON or SARIF.  They decide nothing and parse
nothing: every fact they print was settled by the pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from bondlint.pipeline import ScanResult
from bondlint.policies.loader import Policy


@dataclass(frozen=True, slots=True)
class Report:
    """What every reporter receives."""

    result: ScanResult
    policies: tuple[Policy, ...]
    tool_version: str


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
