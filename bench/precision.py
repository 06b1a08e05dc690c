"""Precision report: bondlint against configs and captures from projects outside the corpus.

Every case is a folder ``fixtures/precision/<case>/`` holding a fixture written after a
public real-world config or capture (its source is in the case's ``EXPECT.yaml``) and the
verdict a network engineer gives it:

``must``      findings bondlint has to report: ``{rule: BLxxx, line: "path:N", why: ...}``
              (``rule`` may be a list: any one of them counts; ``line`` is optional and
              only checked, never required for a hit);
``must_not``  rule ids bondlint must not report, or ``{severity: error}``: no error at all
              (an error whose rule is in ``must`` excepted);
``read``      files (relative to the case) that must be read, not left unread.

For each case the script runs ``bondlint scan --format json`` on the case folder and
prints, per rule, true positives (a ``must`` found), false positives (a finding of a
``must_not`` rule, or an error where ``{severity: error}`` forbids one), misses (a
``must`` not found) and findings the case does not judge; then every false error, miss,
unread file and misplaced line, and totals.  It always exits 0: it is a report.

    python bench/precision.py [--case NAME ...] [--verbose]

``tests/test_precision.py`` imports ``load_cases``, ``scan_case`` and ``judge`` from here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "fixtures" / "precision"


@dataclass
class Case:
    name: str
    folder: Path
    expect: dict

    @property
    def forbids_errors(self) -> bool:
        return any(isinstance(item, dict) and item.get("severity") == "error" for item in self.must_not)

    @property
    def must(self) -> list[dict]:
        return list(self.expect.get("must") or [])

    @property
    def must_not(self) -> list:
        return list(self.expect.get("must_not") or [])

    @property
    def must_rules(self) -> set[str]:
        return {rule for item in self.must for rule in _rules(item)}

    @property
    def forbidden_rules(self) -> set[str]:
        return {item for item in self.must_not if isinstance(item, str)}


@dataclass
class Verdict:
    case: str
    hits: list[tuple[str, dict]] = field(default_factory=list)  # (rule found, must item)
    misses: list[dict] = field(default_factory=list)  # must items not found
    wrong_lines: list[tuple[dict, list[str]]] = field(default_factory=list)  # (must item, where found)
    false_positives: list[tuple[dict, str]] = field(default_factory=list)  # (finding, why false)
    unjudged: list[dict] = field(default_factory=list)  # findings neither required nor forbidden
    unread: list[str] = field(default_factory=list)
    error: str | None = None  # the scan itself failed

    @property
    def false_errors(self) -> list[dict]:
        return [finding for finding, _ in self.false_positives if finding["severity"] == "error"]


def _rules(item: dict) -> list[str]:
    rule = item.get("rule")
    return [rule] if isinstance(rule, str) else list(rule or [])


def load_cases(names: list[str] | None = None) -> list[Case]:
    """Every case folder with an EXPECT.yaml, sorted by name (only ``names`` when given)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    cases = []
    for expect_file in sorted(CASES.glob("*/EXPECT.yaml")):
        folder = expect_file.parent
        if names and folder.name not in names:
            continue
        cases.append(Case(folder.name, folder, yaml.load(expect_file.read_text(encoding="utf-8")) or {}))
    return cases


def scan_case(case: Case) -> dict:
    """bondlint's JSON report of the case folder, its paths made relative to the folder.

    In-process (typer's test runner), so a whole run costs one interpreter start.
    """
    from typer.testing import CliRunner

    from bondlint.cli import app

    result = CliRunner().invoke(app, ["scan", "--format", "json", "--fail-on", "never", str(case.folder)])
    if result.exit_code != 0:
        raise RuntimeError(f"bondlint scan exited {result.exit_code}: {result.output[-2000:]}")
    report = json.loads(result.stdout)
    # bondlint prints paths relative to the working directory when it can.
    prefixes = {str(case.folder).rstrip("/") + "/", os.path.relpath(case.folder).rstrip("/") + "/"}

    def rel(path: str) -> str:
        for prefix in prefixes:
            if path.startswith(prefix):
                return path[len(prefix) :]
        return path

    for finding in report.get("findings", []):
        finding["path"] = rel(finding["path"])
        for related in finding.get("related", []):
            related["path"] = rel(related["path"])
    for record in report.get("inputs", []):
        record["path"] = rel(record["path"])
    # The case's own EXPECT.yaml is the harness, not an input: what bondlint says of it
    # (BL052 "mentions bonding words but was not read") is no finding about the case.
    report["findings"] = [f for f in report.get("findings", []) if f["path"] != "EXPECT.yaml"]
    report["inputs"] = [r for r in report.get("inputs", []) if r["path"] != "EXPECT.yaml"]
    return report


def judge(case: Case, report: dict) -> Verdict:
    """Compare one report with the case's EXPECT."""
    verdict = Verdict(case.name)
    findings = report.get("findings", [])
    by_rule: dict[str, list[dict]] = {}
    for finding in findings:
        by_rule.setdefault(finding["rule"], []).append(finding)

    for item in case.must:
        found = [(rule, f) for rule in _rules(item) for f in by_rule.get(rule, [])]
        if not found:
            verdict.misses.append(item)
            continue
        verdict.hits.append((found[0][0], item))
        want = item.get("line")
        if want:
            places = [f"{f['path']}:{f['line']}" for _, f in found]
            places += [f"{r['path']}:{r['line']}" for _, f in found for r in f.get("related", [])]
            if want not in places:
                verdict.wrong_lines.append((item, sorted(set(places))))

    required, forbidden = case.must_rules, case.forbidden_rules
    for finding in findings:
        rule = finding["rule"]
        if rule in forbidden:
            verdict.false_positives.append((finding, "listed in must_not"))
        elif case.forbids_errors and finding["severity"] == "error" and rule not in required:
            verdict.false_positives.append((finding, "error where EXPECT allows none"))
        elif rule not in required:
            verdict.unjudged.append(finding)

    read = {r["path"] for r in report.get("inputs", []) if r.get("format")}
    verdict.unread = [path for path in case.expect.get("read") or [] if path not in read]
    return verdict


def run(cases: list[Case]) -> list[Verdict]:
    verdicts = []
    for case in cases:
        try:
            verdicts.append(judge(case, scan_case(case)))
        except Exception as error:  # one broken case must not hide the others
            verdict = Verdict(case.name, error=f"{type(error).__name__}: {error}")
            verdict.misses = case.must
            verdict.unread = list(case.expect.get("read") or [])
            verdicts.append(verdict)
    return verdicts


def _where(finding: dict) -> str:
    return f"{finding['path']}:{finding['line']}"


def report(cases: list[Case], verdicts: list[Verdict], verbose: bool = False) -> str:
    lines: list[str] = []
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    miss: Counter[str] = Counter()
    other: Counter[str] = Counter()
    severity: dict[str, str] = {}
    for verdict in verdicts:
        for rule, _ in verdict.hits:
            tp[rule] += 1
        for item in verdict.misses:
            miss["/".join(_rules(item))] += 1
        for finding, _ in verdict.false_positives:
            fp[finding["rule"]] += 1
            severity[finding["rule"]] = finding["severity"]
        for finding in verdict.unjudged:
            other[finding["rule"]] += 1
            severity[finding["rule"]] = finding["severity"]
        for rule, _ in verdict.hits:
            severity.setdefault(rule, "")

    lines.append(f"bondlint precision set: {len(cases)} cases in {CASES.relative_to(ROOT)}")
    lines.append("")
    lines.append(f"{'rule':<16} {'sev':<8} {'TP':>3} {'FP':>3} {'miss':>4} {'other':>5}")
    for rule in sorted(set(tp) | set(fp) | set(miss) | set(other)):
        lines.append(
            f"{rule:<16} {severity.get(rule, ''):<8} {tp[rule]:>3} {fp[rule]:>3} {miss[rule]:>4} {other[rule]:>5}"
        )
    lines.append("")
    lines.append("TP: a 'must' finding reported.  FP: a 'must_not' rule reported, or an error on a case")
    lines.append("that allows none.  miss: a 'must' not reported.  other: reported, not judged by the case.")

    def section(title: str, rows: list[str]) -> None:
        lines.append("")
        lines.append(f"{title} ({len(rows)})")
        lines.extend(f"  {row}" for row in rows) if rows else lines.append("  none")

    section(
        "False errors",
        [f"{v.case}: {f['rule']} {_where(f)}: {f['message']}" for v in verdicts for f in v.false_errors],
    )
    section(
        "Other false positives",
        [
            f"{v.case}: {f['rule']} ({f['severity']}) {_where(f)}: {f['message']}"
            for v in verdicts
            for f, _ in v.false_positives
            if f["severity"] != "error"
        ],
    )
    section(
        "Misses",
        [f"{v.case}: {'/'.join(_rules(item))}: {item.get('why', '')}" for v in verdicts for item in v.misses],
    )
    section("Expected read, not read", [f"{v.case}: {path}" for v in verdicts for path in v.unread])
    section(
        "Found at another line",
        [
            f"{v.case}: {'/'.join(_rules(item))} expected {item['line']}, found at {', '.join(places) or '?'}"
            for v in verdicts
            for item, places in v.wrong_lines
        ],
    )
    errors = [f"{v.case}: {v.error}" for v in verdicts if v.error]
    if errors:
        section("Scans that failed", errors)
    if verbose:
        section(
            "Unjudged findings",
            [
                f"{v.case}: {f['rule']} ({f['severity']}) {_where(f)}: {f['message']}"
                for v in verdicts
                for f in v.unjudged
            ],
        )

    must_total = sum(len(c.must) for c in cases)
    hits, misses, fps = sum(tp.values()), sum(miss.values()), sum(fp.values())
    false_errors = sum(len(v.false_errors) for v in verdicts)
    read_total = sum(len(c.expect.get("read") or []) for c in cases)
    unread = sum(len(v.unread) for v in verdicts)
    clean = sum(1 for v in verdicts if not v.false_positives and not v.misses and not v.unread and not v.error)
    lines.append("")
    lines.append(
        f"Totals: {len(cases)} cases, {clean} fully right; must {must_total}: {hits} found, {misses} missed; "
        f"false positives {fps} ({false_errors} at error level); "
        f"read {read_total - unread}/{read_total} expected inputs"
    )
    judged = hits + fps
    if judged:
        lines.append(
            f"Precision over judged findings: {hits}/{judged} = {hits / judged:.0%}; "
            f"recall of must: {hits}/{must_total or 1} = {hits / (must_total or 1):.0%}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", help="only this case (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="also list findings no case judges")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    cases = load_cases(args.case)
    print(report(cases, run(cases), args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
