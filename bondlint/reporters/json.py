"""JSON: the findings, the inputs read and a summary, with stable key order."""

from __future__ import annotations

import json
from typing import Any

from bondlint.policies.engine import Finding
from bondlint.reporters import Report, blast, counts


def _finding(f: Finding, fingerprint: str) -> dict[str, Any]:
    found = {
        "rule": f.rule_id,
        "name": f.rule_name,
        "severity": f.severity,
        "message": f.message,
        "path": f.location.path,
        "line": f.location.line,
        "host": f.host,
        "entity": {"kind": f.entity_kind, "name": f.entity_name},
        "fingerprint": fingerprint,
        "related": [{"path": r.location.path, "line": r.location.line, "message": r.message} for r in f.related],
    }
    if f.commands is not None:
        # The fix to paste, filled from this finding (a key only findings with commands have).
        found["commands"] = f.commands.as_json()
    return found


def render(report: Report) -> str:
    from bondlint.reporters.sarif import fingerprint  # the SARIF's (an audit's: its file named by host)

    result = report.result
    document = {
        "tool": {"name": "bondlint", "version": report.tool_version},
        "summary": counts(report),
        "hosts": sorted(result.hosts),
        "switches": sorted(result.switches),
        "switch_named_by": dict(sorted(result.switch_named_by.items())),
        "findings": [_finding(f, fingerprint(f, report.place)) for f in result.findings if f.active],
        "suppressed": [
            {**_finding(f, fingerprint(f, report.place)), "reason": f.suppressed}
            for f in result.findings
            if f.suppressed is not None
        ],
        "inputs": [
            {
                "path": i.path,
                "format": i.format,
                "diagnostics": [{"line": d.location.line, "message": d.message} for d in i.diagnostics],
                **({"not_read": i.unread} if i.unread else {}),
            }
            for i in sorted(result.inputs, key=lambda i: i.path)
            if i.format or i.unread
        ],
        # A fleet audit's blast radius per switch (a key only audits that found switches have).
        **({"blast_radius": blast.json_document(result.blast_radius)} if result.blast_radius else {}),
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
