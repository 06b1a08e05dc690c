"""Several reports from one run: --output FORMAT:PATH, FORMAT (stdout) and PATH (in
--format's format, as before), for scan and audit; the inputs are read and judged once."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

import bondlint.pipeline
from bondlint.cli import OutputFormat, app
from bondlint.reporters.outputs import OutputError, Target, targets

BROKEN = str(FIXTURES / "runbook" / "broken")
FORMATS = [f.value for f in OutputFormat]


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    ("values", "chosen", "expected"),
    [
        ([], None, [Target("text")]),
        ([], "sarif", [Target("sarif")]),
        (["out.txt"], None, [Target("text", Path("out.txt"))]),
        (["out.sarif"], "sarif", [Target("sarif", Path("out.sarif"))]),
        (["sarif:a.sarif", "text"], None, [Target("sarif", Path("a.sarif")), Target("text")]),
        (["sarif:a.sarif"], None, [Target("sarif", Path("a.sarif"))]),
        (["sarif:a.sarif"], "github", [Target("github"), Target("sarif", Path("a.sarif"))]),
        (["a.xml", "github"], "junit", [Target("junit", Path("a.xml")), Target("github")]),
        (["./json:odd name"], None, [Target("text", Path("./json:odd name"))]),
        (["junit:dir/x:y.xml"], None, [Target("junit", Path("dir/x:y.xml"))]),
    ],
)
def test_targets(values: list[str], chosen: str | None, expected: list[Target]) -> None:
    assert targets(values, chosen, FORMATS) == expected


@pytest.mark.parametrize(
    ("values", "chosen", "says"),
    [
        (["text", "json"], None, "only one report can go to stdout (text, json)"),
        (["text"], "sarif", "only one report can go to stdout (sarif, text)"),
        (["sarif:a", "json:a"], None, "names the same file twice"),
        (["sraif:a.sarif"], None, "unknown report format 'sraif' (did you mean sarif?)"),
        (["sarif:"], None, "give the file after the colon"),
        ([""], None, "--output needs FORMAT"),
    ],
)
def test_target_errors(values: list[str], chosen: str | None, says: str) -> None:
    with pytest.raises(OutputError, match=None) as raised:
        targets(values, chosen, FORMATS)
    assert says in str(raised.value)


def test_one_scan_writes_sarif_junit_and_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs = []
    judge = bondlint.pipeline.run
    monkeypatch.setattr(bondlint.pipeline, "run", lambda *a, **k: runs.append(1) or judge(*a, **k))
    sarif, junit = tmp_path / "bondlint.sarif", tmp_path / "junit.xml"
    result = invoke("scan", BROKEN, "--output", f"sarif:{sarif}", "-o", f"junit:{junit}", "--output", "text")
    assert result.exit_code == 1, result.output
    assert runs == [1]
    assert len(json.loads(sarif.read_text())["runs"][0]["results"]) == 3
    assert ET.parse(junit).getroot().get("failures") == "3"
    assert "3 findings (3 errors)" in result.stdout and "<testsuites" not in result.stdout
    # Each report is the one its format gives alone.
    assert sarif.read_text() == invoke("scan", BROKEN, "--format", "sarif").stdout


def test_the_old_format_and_output_pair_still_works(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = invoke("scan", BROKEN, "--format", "json", "--output", str(report))
    assert result.exit_code == 1 and result.stdout == ""
    assert len(json.loads(report.read_text())["findings"]) == 3
    # And a bare path beside FORMAT:PATH takes --format's format, stdout nothing.
    github = tmp_path / "annotations.txt"
    result = invoke("scan", BROKEN, "-f", "github", "-o", str(github), "-o", f"json:{report}")
    assert result.stdout == "" and github.read_text().startswith("::error file=")


def test_format_given_without_a_bare_path_goes_to_stdout(tmp_path: Path) -> None:
    result = invoke("scan", BROKEN, "--format", "github", "--output", f"sarif:{tmp_path / 'x.sarif'}")
    assert result.stdout.startswith("::error file=") and (tmp_path / "x.sarif").is_file()


@pytest.mark.parametrize(
    "args",
    [["--output", "text", "--output", "json"], ["--format", "sarif", "--output", "text"], ["-o", "sraif:x"]],
)
def test_usage_errors_exit_2_before_anything_is_read(args: list[str], tmp_path: Path) -> None:
    result = invoke("scan", str(tmp_path / "missing"), *args)
    assert result.exit_code == 2
    assert "--output" in result.output or "stdout" in result.output
    assert "no such file" not in result.output


def test_audit_writes_several_reports_from_one_audit(tmp_path: Path) -> None:
    junit, gitlab = tmp_path / "junit.xml", tmp_path / "codequality.json"
    args = ["audit", "--jobs", "1", str(FIXTURES / "sosreport"), "-o", f"junit:{junit}", "-o", f"gitlab:{gitlab}"]
    result = invoke(*args, "-o", "text")
    assert result.exit_code in (0, 1), result.output
    assert "audited" in result.stdout  # the fleet summary
    issues = json.loads(gitlab.read_text())
    assert ET.parse(junit).getroot().get("failures") == str(len(issues))
