"""GitLab Code Quality report (the JSON array GitLab shows in merge requests)."""

from __future__ import annotations

import json

from bondlint.reporters import Report, link_safe
from bondlint.reporters.sarif import fingerprint

# GitLab's severities: info, minor, major, critical, blocker.
SEVERITY = {"note": "info", "warning": "minor", "error": "major"}


def render(report: Report) -> str:
    issues = [
        {
            # GitLab renders the description as Markdown: input-derived brackets stay text.
            "description": f"{f.rule_id} [{f.rule_name}] {link_safe(f.message)}",
            "check_name": f.rule_id,
            "fingerprint": fingerprint(f, report.place),  # the SARIF's (an audit's: by host)
            "severity": SEVERITY[f.severity],
            "location": {"path": f.location.path, "lines": {"begin": f.location.line or 1}},
        }
        for f in report.result.findings
        if f.active
    ]
    return json.dumps(issues, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
