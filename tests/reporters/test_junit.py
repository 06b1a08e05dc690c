"""JUnit XML: valid against the public JUnit schema, one test case per finding under a
suite per rule, nothing from an input that XML cannot carry or that reads as markup."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.model.host import InputRecord
from bondlint.policies.engine import Finding, Related
from bondlint.reporters import Report, printable, safe_result
from bondlint.reporters.junit import render, xml_text
from bondlint.results import ScanResult
from bondlint.sources.base import Location

XSD = Path(__file__).resolve().parent.parent / "data" / "schemas" / "junit-10.xsd"


def validate(document: str) -> ET.Element:
    """The parsed document, after checking it against junit-10.xsd."""
    import xmlschema  # the test extra

    errors = [str(e.reason) for e in xmlschema.XMLSchema(XSD).iter_errors(document)]
    assert not errors, errors
    return ET.fromstring(document)


def finding(message: str = "bond bond0 has no link monitoring", line: int = 3, **extra: object) -> Finding:
    fields: dict = {
        "rule_id": "BL001",
        "rule_name": "no-link-monitoring",
        "severity": "error",
        "message": message,
        "location": Location("hosts/db01/ifcfg-bond0", line),
        "host": "db01",
        "entity_kind": "bond",
        "entity_name": "bond0",
        "subject": "/miimon",
    }
    fields.update(extra)
    return Finding(**fields)


def report_of(*findings: Finding) -> Report:
    result = ScanResult(hosts=["db01"], findings=list(findings), inputs=[InputRecord("x", "keyfile")])
    return Report(result=result, policies=(), tool_version="0")


def cases(root: ET.Element) -> list[ET.Element]:
    return root.findall("./testsuite/testcase")


def test_scan_format_junit_validates_and_has_a_failing_case_per_finding() -> None:
    result = CliRunner().invoke(app, ["scan", "--format", "junit", str(FIXTURES / "runbook" / "broken")])
    assert result.exit_code == 1, result.output
    root = validate(result.stdout)
    suites = root.findall("testsuite")
    rules = CliRunner().invoke(app, ["rules"]).stdout.splitlines()
    # Every rule that ran is a suite: a clean rule shows as one passing case.
    assert len(suites) == sum(1 for line in rules if not line.endswith("(opt-in)"))
    bl001 = next(s for s in suites if s.get("name") == "BL001 no-link-monitoring")
    assert (bl001.get("tests"), bl001.get("failures"), bl001.get("errors"), bl001.get("skipped")) == (
        "3",
        "3",
        "0",
        "0",
    )
    failures = [c for c in cases(root) if c.find("failure") is not None]
    assert len(failures) == 3 and root.get("failures") == "3"
    assert root.get("tests") == str(len(cases(root)))
    for case in failures:
        assert case.get("classname") == "bondlint.BL001"
        failure = case.find("failure")
        assert failure is not None and failure.get("type") == "error"
        assert "has no link monitoring" in (failure.get("message") or "")
        # GitLab shows the text, not the message attribute: the text holds the finding.
        assert "error BL001 [no-link-monitoring] bond bond0 has no link monitoring" in (failure.text or "")
        assert "bondlint explain BL001" in (failure.text or "")
    names = {c.get("name") for c in failures}
    assert {n.split(":")[0] for n in names} == {"db01", "db02", "db03"}
    passing = [c for c in cases(root) if len(c) == 0]
    assert passing and all(c.get("name") == "no finding" for c in passing)
    # GitLab keeps one case per (classname, name): every case is kept.
    keys = [(c.get("classname"), c.get("name")) for c in cases(root)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script> & ]]> \"quoted\" 'single'",
        "nul\x00 bell\x07 esc\x1b[2J vt\x0b ff\x0c",
        "non-characters \ufffe \uffff and a lone surrogate \udcff",
        "newline\nforged: error BL999 [x] y",
        "bidi \u202e separators \u2028\u2029 c1 \x85\x9b",
    ],
)
def test_hostile_text_is_escaped_valid_xml_and_reads_back_printable(text: str) -> None:
    hostile = finding(
        f"bond {text} fails",
        host=text,
        entity_name=text,
        location=Location(f"hosts/{text}/ifcfg", 3),
        related=(Related(Location(f"proc/{text}", 7), text),),
    )
    for report in (report_of(hostile), Report(safe_result(report_of(hostile).result), (), "0")):
        document = render(report)
        document.encode("utf-8")  # no lone surrogate
        root = validate(document)
        (case,) = cases(root)
        failure = case.find("failure")
        assert failure is not None
        assert failure.get("message") == xml_text(f"bond {text} fails")
        assert case.get("name") == xml_text(f"{text}: bond {text} /miimon (hosts/{text}/ifcfg)")
        body = (failure.text or "").splitlines()
        assert body[0] == xml_text(f"hosts/{text}/ifcfg:3: error BL001 [no-link-monitoring] bond {text} fails")
        assert body[1] == xml_text(f"    see also proc/{text}:7: {text}")
        assert "<script>" not in document and "\x1b" not in document


def test_xml_text_is_printable_without_the_non_characters() -> None:
    assert xml_text("a\x00b\ufffe\uffffc") == printable("a\x00b") + "\\ufffe\\uffffc"
    assert xml_text("plain text") == "plain text"


def test_suppressed_and_baselined_findings_are_skipped_cases() -> None:
    root = validate(
        render(
            report_of(
                finding("counted"),
                finding("suppressed one", line=4, entity_name="bond1", suppressed="lab host"),
                finding("baselined one", line=5, entity_name="bond2", baseline_state="unchanged"),
            )
        )
    )
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "2")
    skipped = [c.find("skipped") for c in cases(root)]
    assert [s.get("message") for s in skipped if s is not None] == ["suppressed: lab host", "in the baseline"]
    assert root.get("failures") == "1"


def test_names_leave_out_the_line_and_stay_unique() -> None:
    moved = validate(render(report_of(finding(line=3)))), validate(render(report_of(finding(line=40))))
    assert cases(moved[0])[0].get("name") == cases(moved[1])[0].get("name")
    twice = validate(render(report_of(finding("first"), finding("second", line=9))))
    names = [c.get("name") for c in cases(twice)]
    assert names == ["db01: bond bond0 /miimon (hosts/db01/ifcfg-bond0)", f"{names[0]} (2)"]


def test_a_rule_outside_the_catalog_still_gets_its_suite() -> None:
    root = validate(render(report_of(finding(rule_id="BL000", rule_name="malformed-input"))))
    assert [s.get("name") for s in root.findall("testsuite")] == ["BL000 malformed-input"]
