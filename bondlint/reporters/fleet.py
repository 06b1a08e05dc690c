"""The fleet summary an engineer reads at a glance: which hosts will not fail over, why."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from bondlint.reporters import Report, plural, printable, summary_line
from bondlint.reporters.blast import text_lines

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
    blast = text_lines(report.result.blast_radius)
    lines += ["", *blast] if blast else []
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


class BundlePlaces:
    """Where, inside its host, each path read from a sosreport bundle is: the bundle's
    name changes with every collection (``sosreport-db04-2026-11-24-xkqzmfa.tar.xz``),
    the path inside the host's tree does not.  Called with a path as reports show it
    (``fleet/sosreport-db04-….tar.xz!/sosreport-db04-…/proc/net/bonding/bond0`` or
    ``fleet/sosreport-db04-…/proc/net/bonding/bond0``), it answers that path inside the
    host (``proc/net/bonding/bond0``) and the bundle, or None for a path outside every
    bundle (a switch configuration of ``--network``)."""

    def __init__(self, bundles: Iterable[tuple[str, bool]]) -> None:
        # Shown path of each bundle (made printable, as the findings' paths are) -> tarball?
        self._bundles = {printable(shown): archive for shown, archive in bundles}

    @classmethod
    def of(cls, bundles: Iterable[Path]) -> BundlePlaces:
        from bondlint.discovery import display_path

        return cls((display_path(bundle), not os.path.isdir(bundle)) for bundle in bundles)

    def __call__(self, path: str) -> tuple[str, str] | None:
        outer, separator, member = path.partition("!/")
        if separator and self._bundles.get(outer):
            # A tarball's members are all under its one root folder (sosreport-…/).
            return member.partition("/")[2], outer
        if not separator and self._bundles.get(path) is not None:
            return "", path  # the bundle itself (a bundle not read at all)
        parts = path.split("/")
        for end in range(len(parts) - 1, 0, -1):
            folder = "/".join(parts[:end])
            if self._bundles.get(folder) is False:
                return "/".join(parts[end:]), folder
        if self._bundles.get(".") is False and not path.startswith(("/", "../")):
            return path, "."  # the audit was run inside the sosreport tree
        return None
