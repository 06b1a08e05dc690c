"""The text report for a person at a terminal (issue 17, item 4): colour only where
wanted and only from us, the source line a finding points at (read safely), the rule's
one-line fix and documentation link, statistics, quiet, and "did you mean"."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

from bondlint.model.host import InputRecord
from bondlint.policies.commands import FixCommands, FixStep
from bondlint.policies.engine import Finding, Related
from bondlint.policies.loader import Policy, builtin_policy_dir, load_policies
from bondlint.reporters import Report, safe_result
from bondlint.reporters import terminal as term
from bondlint.reporters.text import TextOptions, render
from bondlint.results import ScanResult
from bondlint.sources.base import Location

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CATALOG = {p.id: p for p in load_policies([builtin_policy_dir()])}


def finding(path: str, line: int, rule: str = "BL001", severity: str = "error", **extra: object) -> Finding:
    made = Finding(
        rule_id=rule,
        rule_name=CATALOG[rule].name,
        severity=severity,
        message="bond bond0 has a problem",
        location=Location(path, line),
        host="db01",
        entity_kind="bond",
        entity_name="bond0",
        subject="",
    )
    return replace(made, **extra)


def report_of(findings: list[Finding], inputs: list[str]) -> ScanResult:
    return ScanResult(
        hosts=["db01"], findings=findings, inputs=[InputRecord(path=p, format="nm-keyfile") for p in inputs]
    )


def make_report(result: ScanResult, policies: tuple[Policy, ...] | None = None) -> Report:
    return Report(result=safe_result(result), policies=policies or tuple(CATALOG.values()), tool_version="0")


# -- colour: when --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "isatty", "env", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),  # a pipe, a file
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),  # an empty NO_COLOR is no request
        ("auto", False, {"FORCE_COLOR": "1"}, True),  # forced even into a pipe
        ("auto", False, {"FORCE_COLOR": ""}, False),
        ("auto", True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # no colour wins
        ("auto", True, {"TERM": "dumb"}, False),
        ("always", False, {"NO_COLOR": "1"}, True),  # the option wins over the environment
        ("never", True, {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_is_wanted_on_a_terminal_unless_told_otherwise(
    choice: str, isatty: bool, env: dict[str, str], expected: bool
) -> None:
    assert term.wants_colour(choice, isatty, env) is expected


# -- the source line -----------------------------------------------------------------------


def test_the_source_line_is_read_from_an_input_and_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "bond0.nmconnection"
    path.write_bytes(b"[bond]\n\tmiimon=0\x1b[2J # owned\n" + b"x" * 500 + b"\nlast-line-no-newline")
    result = report_of(
        [finding(str(path), 2), finding(str(path), 3), finding(str(path), 4), finding(str(path), 9)], [str(path)]
    )
    lines = term.source_lines(result)
    assert lines[(str(path), 2)] == "    miimon=0\\x1b[2J # owned"  # a tab is spaces, ESC is shown, not sent
    assert len(lines[(str(path), 3)]) == term.MAX_SHOWN and lines[(str(path), 3)].endswith("…")
    assert lines[(str(path), 4)] == "last-line-no-newline"
    assert (str(path), 9) not in lines  # past the end: nothing


def test_only_an_input_of_the_scan_is_opened_and_never_a_fifo_or_a_link(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("password=hunter2\n")
    link = tmp_path / "link.nmconnection"
    link.symlink_to(secret)
    fifo = tmp_path / "fifo.nmconnection"
    os.mkfifo(fifo)
    tarred = tmp_path / "bundle.tar.xz"
    tarred.write_bytes(b"not a folder")
    member = f"{tarred}/sosreport-x/etc/NetworkManager/system-connections/bond0.nmconnection"
    findings = [finding(str(secret), 1), finding(str(link), 1), finding(str(fifo), 1), finding(member, 1)]
    # The secret is no input; the link, the FIFO and the bundle member are, but none is a
    # regular file at that path: nothing is read (and the FIFO's open does not block).
    assert term.source_lines(report_of(findings, [str(link), str(fifo), member])) == {}


def test_a_suppressed_finding_and_a_whole_file_finding_have_no_source_line(tmp_path: Path) -> None:
    path = tmp_path / "bond0.nmconnection"
    path.write_text("[bond]\nmiimon=0\n")
    findings = [finding(str(path), 2, suppressed="on purpose"), finding(str(path), 0)]
    assert term.source_lines(report_of(findings, [str(path)])) == {}


def test_a_file_name_that_needs_escaping_keys_its_line_as_the_report_shows_it(tmp_path: Path) -> None:
    path = tmp_path / "bond\x1b0.nmconnection"
    path.write_text("[bond]\nmiimon=0\n")
    result = report_of([finding(str(path), 2)], [str(path)])
    options = TextOptions(detailed=True, excerpts=term.source_lines(result))
    out = render(make_report(result), options)
    assert "\x1b" not in out and "    2 | miimon=0" in out.splitlines()[1]


# -- the fix and the documentation ------------------------------------------------------------


def test_the_fix_is_the_first_one_line_command_of_the_remediation() -> None:
    assert term.fix_line(CATALOG["BL001"].remediation) == (
        'nmcli connection modify bond0 +bond.options "miimon=100" && nmcli connection up bond0'
    )
    # A YAML document in the remediation is not a one-line fix; the command after it is.
    assert term.fix_line(CATALOG["BL156"].remediation) == (
        "nmstatectl apply /etc/nmstate/bond0.yml (check with: nmstatectl show bond0)"
    )
    fenced = "Do this:\n```sh\nip link set bond0 type bond miimon 100\n```\nthen check."
    assert term.fix_line(fenced) == "ip link set bond0 type bond miimon 100"
    assert term.fix_line("Only prose here.\nAnd more prose.") is None
    assert term.fix_line("Run:\n  rm -rf \x1b[2J /\n") == "rm -rf \\x1b[2J /"  # a site policy is no terminal


def test_every_builtin_rule_with_commands_has_a_bounded_printable_fix() -> None:
    for policy in CATALOG.values():
        fix = term.fix_line(policy.remediation)
        if fix is not None:
            assert fix.isprintable() and len(fix) <= term.MAX_SHOWN, policy.id


def test_the_doc_link_is_the_rule_page_or_the_site_policy_file(tmp_path: Path) -> None:
    builtin = CATALOG["BL009"]
    assert term.doc_link(builtin) == "docs/rules/BL009.md"
    assert (PROJECT_ROOT / term.doc_link(builtin)).is_file()  # the page of the checkout
    assert term.doc_link(builtin, "https://example.org/rules/") == "https://example.org/rules/BL009.md"
    site = replace(builtin, id="SITE001", source=str(tmp_path / "SITE001.yaml"))
    assert term.doc_link(site, "https://example.org/rules") == str(tmp_path / "SITE001.yaml")


# -- the report ------------------------------------------------------------------------------


def _two_findings(tmp_path: Path) -> ScanResult:
    path = tmp_path / "bond0.nmconnection"
    path.write_text("[connection]\nid=bond0\n[bond]\nmode=active-backup\nmiimon=0\n")
    related = (Related(Location(str(tmp_path / "proc_bond0"), 7), "the kernel agrees"),)
    return report_of(
        [finding(str(path), 5, related=related), finding(str(path), 4, rule="BL009", severity="warning")],
        [str(path)],
    )


def test_the_detailed_report_keeps_each_first_line_as_the_concise_one(tmp_path: Path) -> None:
    result = _two_findings(tmp_path)
    concise = render(make_report(result))
    detailed = render(make_report(result), TextOptions(detailed=True, excerpts=term.source_lines(result)))
    path = tmp_path / "bond0.nmconnection"
    heads = [line for line in detailed.splitlines() if line.startswith(str(path))]
    assert heads == [line for line in concise.splitlines() if line.startswith(str(path))]
    assert heads[0] == f"{path}:5: error BL001 [no-link-monitoring] bond bond0 has a problem"
    block = detailed.split(heads[1])[0].splitlines()[1:]
    assert block == [
        "    5 | miimon=0",
        f"    see also {tmp_path}/proc_bond0:7: the kernel agrees",
        f"    fix: e.g. {term.fix_line(CATALOG['BL001'].remediation)}",
        "    docs: docs/rules/BL001.md",
    ]
    assert "fix: e.g." not in concise and " | " not in concise
    assert concise.splitlines()[-2].startswith("2 findings (1 error, 1 warning)")


def test_a_fix_filled_from_the_finding_is_shown_whole_and_escaped(tmp_path: Path) -> None:
    result = _two_findings(tmp_path)
    step = FixStep("host", "nmcli", "db01", ("nmcli connection modify 'bond\x1b[2J0' +bond.options \"miimon=100\"",))
    result.findings[0] = replace(result.findings[0], commands=FixCommands((step,)))
    out = render(make_report(result), TextOptions(detailed=True)).splitlines()
    assert out[2] == "    fix: nmcli connection modify 'bond\\x1b[2J0' +bond.options \"miimon=100\""
    assert out[4].startswith(f"{tmp_path}/bond0.nmconnection:4: warning BL009") and out[5].startswith("    fix: e.g. ")


def test_colour_codes_come_only_from_us_and_strip_to_the_plain_report(tmp_path: Path) -> None:
    result = _two_findings(tmp_path)
    result.findings[0] = replace(result.findings[0], message="evil \x1b[2J message")
    options = TextOptions(detailed=True, excerpts=term.source_lines(result))
    plain = render(make_report(result), options)
    coloured = render(make_report(result), replace(options, colour=True))
    assert "\x1b[1;31merror BL001\x1b[0m" in coloured and "\x1b[1;33mwarning BL009\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain
    assert "\x1b" not in plain and "evil \\x1b[2J message" in plain


def test_quiet_leaves_the_findings_only(tmp_path: Path) -> None:
    result = _two_findings(tmp_path)
    quiet = render(make_report(result), TextOptions(quiet=True))
    assert quiet.splitlines() == render(make_report(result)).splitlines()[:-2]
    empty = ScanResult()
    assert render(make_report(empty), TextOptions(quiet=True)) == ""
    assert render(make_report(empty)).splitlines()[-1].startswith("Nothing was checked")


def test_statistics_count_active_findings_per_rule_most_first(tmp_path: Path) -> None:
    path = str(tmp_path / "f")
    findings = [
        finding(path, 1, rule="BL009", severity="warning"),
        finding(path, 2),
        finding(path, 3, rule="BL009", severity="warning"),
        finding(path, 4, rule="BL009", severity="warning", suppressed="reason"),
        finding(path, 5, rule="BL006", severity="warning"),
    ]
    out = render(make_report(report_of(findings, [])), TextOptions(statistics=True, quiet=True))
    assert out.splitlines() == [
        "2  BL009  active-backup-without-primary",
        "1  BL001  no-link-monitoring",
        "1  BL006  fewer-than-two-ports",
    ]


# -- did you mean ---------------------------------------------------------------------------


def test_suggestions_are_close_rule_ids_and_names_in_natural_order() -> None:
    known = [key for p in CATALOG.values() for key in (p.id, p.name)]
    assert term.suggestions("BL01", known)[:2] == ["BL001", "BL010"]
    assert term.suggestions("bl0001", known)[0] in ("BL000", "BL001")
    assert term.suggestions("no-link-monitor", known) == ["no-link-monitoring"]
    assert term.suggestions("zzzzzzzz", known) == []
    assert term.did_you_mean("zzzzzzzz", known) == ""
    assert term.did_you_mean("active-backup-without-primar", known).startswith(
        " (did you mean active-backup-without-primary or "
    )
    assert term.did_you_mean("BL01", known) == " (did you mean BL001, BL010 or BL011?)"
