"""GitHub Actions workflow commands: each finding one annotation, read back the way the
runner reads a line, whatever the inputs hold."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.model.host import InputRecord
from bondlint.policies.engine import Finding, Related
from bondlint.reporters import Report, printable, safe_result
from bondlint.reporters.github import command, escape_data, escape_property, render
from bondlint.results import ScanResult
from bondlint.sources.base import Location

COMMANDS = {"error", "warning", "notice"}


def runner_reads(output: str) -> list[tuple[str, dict[str, str], str]]:
    """The commands a GitHub runner finds in ``output``, as its parser (actions/runner,
    ActionCommand.TryParseV2) reads them: a line ends at CR or LF; leading blanks are
    dropped; the command is ``::NAME[ PROPS]::DATA`` up to the first ``::`` after the
    opening one; properties split at ``,`` then at the first ``=``; values decoded
    %0D %0A %3A %2C then %25, data %0D %0A then %25."""
    found = []
    for raw in output.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.lstrip()
        end = line.find("::", 2)
        if not line.startswith("::") or end < 0:
            continue
        info = line[2:end]
        name, _, props = info.partition(" ")
        properties = {}
        for pair in props.strip().split(","):
            key, equals, value = pair.partition("=")
            if pair and equals and key and value:
                for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
                    value = value.replace(code, char)
                properties[key] = value
        data = line[end + 2 :]
        for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
            data = data.replace(code, char)
        found.append((name, properties, data))
    return found


def finding(message: str, path: str, line: int = 3, severity: str = "error", **extra: object) -> Finding:
    fields: dict = {
        "rule_id": "BL001",
        "rule_name": "no-link-monitoring",
        "severity": severity,
        "message": message,
        "location": Location(path, line),
        "host": "db01",
        "entity_kind": "bond",
        "entity_name": "bond0",
        "subject": "/miimon",
    }
    fields.update(extra)
    return Finding(**fields)


def report_of(*findings: Finding, inputs: int = 1) -> Report:
    read = [InputRecord(f"input{n}", "keyfile") for n in range(inputs)]
    return Report(
        result=ScanResult(hosts=["db01"], findings=list(findings), inputs=read), policies=(), tool_version="0"
    )


def test_escaping_follows_githubs_rules() -> None:
    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"
    # '%' first: an input that already looks escaped survives the round trip.
    assert escape_data("%0A") == "%250A"
    assert command("error", {"file": "a,b:c", "line": "7"}, "m") == "::error file=a%2Cb%3Ac,line=7::m"
    assert command("notice", {}, "m::n") == "::notice::m::n"


HOSTILE = [
    "plain",
    "two\nlines",
    "cr\rreturn",
    "x\n::error file=/etc/passwd::forged",
    "::warning::forged at the start",
    "%0A::error::pre-escaped",
    "comma, colon: and ::double",
    "%25%3A%2C%0D",
    "##[error]legacy syntax",
    "\x1b[2J\u202e\u2028bidi and separators",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_message_path_or_name_is_one_annotation_read_back_as_given(text: str) -> None:
    hostile = finding(
        f"bond {text} has no link monitoring",
        f"hosts/{text}/ifcfg-bond0",
        host=text,
        entity_name=text,
        related=(Related(Location(f"proc/{text}", 7), f"runtime {text}"),),
    )
    for report in (report_of(hostile), Report(safe_result(report_of(hostile).result), (), "0")):
        out = render(report)
        commands = runner_reads(out)
        assert len(commands) == 1, out
        name, properties, data = commands[0]
        assert name == "error"
        assert set(properties) == {"file", "line", "title"}
        assert properties["file"] == os.path.abspath(printable(f"hosts/{text}/ifcfg-bond0"))
        assert properties["line"] == "3"
        assert properties["title"] == "BL001 no-link-monitoring"
        message, related, explain = data.split("\n")
        assert message == printable(f"bond {text} has no link monitoring")
        assert related == f"see also {printable(f'proc/{text}')}:7: {printable(f'runtime {text}')}"
        assert explain == "Why it matters and how to fix it: bondlint explain BL001"
        # The only other line is the summary, which is not a command and names nothing.
        rest = [line for line in out.splitlines() if not line.startswith("::")]
        assert rest == ["1 finding (1 error) in 1 host, 1 input read"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_any_text_round_trips_through_the_runners_parser(message: str, path: str) -> None:
    out = render(report_of(finding(message, path or "x")))
    commands = runner_reads(out)
    assert len(commands) == 1
    assert commands[0][1]["file"] == os.path.abspath(printable(path or "x"))
    assert commands[0][2].split("\n")[0] == printable(message)


def test_severities_map_to_commands_and_inactive_findings_are_left_out() -> None:
    out = render(
        report_of(
            finding("e", "a"),
            finding("w", "b", severity="warning"),
            finding("n", "c", line=0, severity="note"),
            finding("s", "d", suppressed="on purpose"),
            finding("b", "e", baseline_state="unchanged"),
        )
    )
    commands = runner_reads(out)
    assert [(name, data.split("\n")[0]) for name, _, data in commands] == [
        ("error", "e"),
        ("warning", "w"),
        ("notice", "n"),
    ]
    # A whole-file finding (line 0) annotates the file, without a line.
    assert "line" not in commands[2][1]


def test_nothing_read_is_a_warning_annotation() -> None:
    commands = runner_reads(render(report_of(inputs=0)))
    assert [name for name, _, _ in commands] == ["warning"]
    assert commands[0][2].startswith("Nothing was checked")


def test_scan_format_github_annotates_the_broken_runbook_at_its_lines() -> None:
    result = CliRunner().invoke(app, ["scan", "--format", "github", str(FIXTURES / "runbook" / "broken")])
    assert result.exit_code == 1
    commands = runner_reads(result.stdout)
    assert len(commands) == 3 and {name for name, _, _ in commands} == {"error"}
    places = {(Path(p["file"]).name, p["line"]) for _, p, _ in commands}
    assert places == {("nmcli_con_show_id_bond0", "29"), ("ifcfg-bond0", "11"), ("bond0.nmconnection", "10")}
    assert all(Path(p["file"]).is_absolute() and Path(p["file"]).is_file() for _, p, _ in commands)
    assert result.stdout.splitlines()[-1].startswith("3 findings (3 errors) in 3 hosts")
