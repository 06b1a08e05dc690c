"""JUnit XML for CI test views (GitLab's unit test report, Jenkins' JUnit plugin).

One ``<testsuite>`` per rule that ran, and in it one ``<testcase>`` per finding: a
``<failure type="SEVERITY">`` when it counts, ``<skipped>`` when it is suppressed or in
the baseline; a rule without any finding has one passing test case, so a clean run shows
as every rule passing rather than as no tests.  GitLab lists a case under its
``classname`` and keeps only the first of two cases with the same classname and name,
and Jenkins groups by the classname's dotted prefix, so the classname is
``bondlint.BLnnn`` (rule ids have no dots; host names do) and the name says which host,
entity and file the finding is about, without its line: the name stays the same while
unrelated lines move, and CI matches a failure across runs by it.  GitLab shows the
failure's text, not its ``message`` attribute, so the text holds the whole finding.

The document is valid against the JUnit schema Jenkins' xUnit plugin and pytest use
(``tests/data/schemas/junit-10.xsd``).  Text from inputs is made printable
(reporters.printable) and stripped of what XML 1.0 cannot carry at all.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from bondlint.policies.engine import Finding
from bondlint.reporters import Report, printable

# XML 1.0 has no way to write these, not even as character references; printable()
# already turns C0/C1 controls and surrogates into visible escapes.
_NOT_XML = {0xFFFE: "\\ufffe", 0xFFFF: "\\uffff"}


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 can carry it: printable, without the two non-characters."""
    return printable(text).translate(_NOT_XML)


@dataclass
class _Suite:
    rule_id: str
    rule_name: str
    findings: list[Finding] = field(default_factory=list)


def _suites(report: Report) -> list[_Suite]:
    """The rules that ran, in their order, then any rule a finding names that is not
    among them; each with its findings."""
    suites = {p.id: _Suite(p.id, p.name) for p in report.policies}
    for finding in report.result.findings:
        suites.setdefault(finding.rule_id, _Suite(finding.rule_id, finding.rule_name)).findings.append(finding)
    return list(suites.values())


def _name(finding: Finding) -> str:
    subject = f" {finding.subject}" if finding.subject else ""
    return xml_text(f"{finding.host}: {finding.entity_kind} {finding.entity_name}{subject} ({finding.location.path})")


def _details(finding: Finding) -> str:
    where = f"{finding.location.path}:{finding.location.line or 1}"
    lines = [f"{where}: {finding.severity} {finding.rule_id} [{finding.rule_name}] {finding.message}"]
    lines += [f"    see also {r.location.path}:{r.location.line or 1}: {r.message}" for r in finding.related]
    lines.append(f"host {finding.host}, {finding.entity_kind} {finding.entity_name}")
    lines.append(f"Why it matters and how to fix it: bondlint explain {finding.rule_id}")
    return "\n".join(xml_text(line) for line in lines) + "\n"


def _case(suite: ET.Element, classname: str, name: str, seen: set[str]) -> ET.Element:
    unique, count = name, 1
    while unique in seen:  # GitLab would drop a second case of the same name
        count += 1
        unique = f"{name} ({count})"
    seen.add(unique)
    return ET.SubElement(suite, "testcase", {"classname": classname, "name": unique, "time": "0"})


def _suite(parent: ET.Element, rule: _Suite) -> tuple[int, int, int]:
    """The rule's suite under ``parent``; returns its (tests, failures, skipped)."""
    suite = ET.SubElement(parent, "testsuite", {"name": xml_text(f"{rule.rule_id} {rule.rule_name}")})
    classname = xml_text(f"bondlint.{rule.rule_id}")
    seen: set[str] = set()
    failures = skipped = 0
    for finding in rule.findings:
        case = _case(suite, classname, _name(finding), seen)
        if finding.active:
            failures += 1
            attributes = {"type": finding.severity, "message": xml_text(finding.message)}
            ET.SubElement(case, "failure", attributes).text = _details(finding)
        else:
            skipped += 1
            why = "in the baseline" if finding.suppressed is None else f"suppressed: {finding.suppressed}"
            ET.SubElement(case, "skipped", {"message": xml_text(why)}).text = _details(finding)
    if not rule.findings:
        _case(suite, classname, "no finding", seen)
    tests = max(1, len(rule.findings))
    suite.attrib.update(tests=str(tests), failures=str(failures), errors="0", skipped=str(skipped))
    return tests, failures, skipped


def _totals(rows: Iterable[tuple[int, int, int]]) -> tuple[int, int, int]:
    tests = failures = skipped = 0
    for row in rows:
        tests, failures, skipped = tests + row[0], failures + row[1], skipped + row[2]
    return tests, failures, skipped


def render(report: Report) -> str:
    root = ET.Element("testsuites", {"name": "bondlint"})
    tests, failures, _ = _totals([_suite(root, rule) for rule in _suites(report)])
    root.attrib.update(tests=str(tests), failures=str(failures), errors="0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
