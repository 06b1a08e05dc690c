"""The fleet summary an engineer reads at a glance: which hosts will not fail over, why."""

from __future__ import annotations

from collections import Counter, defaultdict

from bondlint.reporters import Report, plural, summary_line

WORST_HOSTS = 10


def render(report: Report) -> str:
    findings = [f for f in report.result.findings if f.active]
    hosts = sorted(set(report.result.hosts))
    by_rule: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    # Two captures of one host (two sosreports) report the same problems twice: a host's
    # counts are of distinct problems (rule, bond or port, subject), not of findings.
    seen: set[tuple[str, str, str, str, str]] = set()
    for finding in findings:
        by_rule[(finding.rule_id, finding.rule_name, finding.severity)].add(finding.host)
        problem = (finding.host, finding.rule_id, finding.entity_kind, finding.entity_name, finding.subject)
        if problem in seen:
            continue
        seen.add(problem)
        if finding.severity == "error":
            errors[finding.host] += 1
        elif finding.severity == "warning":
            warnings[finding.host] += 1
    failing = {f.host for f in findings if f.severity == "error"}
    lines = [
        f"{plural(len(hosts), 'host')} audited: {len(failing)} with errors, "
        f"{len({f.host for f in findings}) - len(failing)} with only warnings or notes, "
        f"{len(hosts) - len({f.host for f in findings})} clean",
        "",
        "Hosts failing per rule:",
    ]
    order = {"error": 0, "warning": 1, "note": 2}
    for (rule_id, name, severity), affected in sorted(
        by_rule.items(), key=lambda kv: (order[kv[0][2]], -len(kv[1]), kv[0][0])
    ):
        sample = ", ".join(sorted(affected)[:5]) + (", …" if len(affected) > 5 else "")
        lines.append(
            f"  {rule_id} {severity:<7} {len(affected):>5} {'host ' if len(affected) == 1 else 'hosts'}"
            f"  {name}  ({sample})"
        )
    if not by_rule:
        lines.append("  none")
    lines += ["", "Worst hosts:"]
    worst = sorted(hosts, key=lambda h: (-errors[h], -warnings[h], h))[:WORST_HOSTS]
    worst = [h for h in worst if errors[h] or warnings[h]]
    for host in worst:
        lines.append(
            f"  {host:<30} {errors[host]:>3} {'error ' if errors[host] == 1 else 'errors'}"
            f"  {warnings[host]:>3} {'warning' if warnings[host] == 1 else 'warnings'}"
        )
    if not worst:
        lines.append("  none")
    lines += ["", summary_line(report)]
    return "\n".join(lines) + "\n"
