"""Suppressions beyond one host's own comments (bondlint/waivers.py): a cross-check
suppressed at either end, per-file-ignores, and the suppressions file with its reasons,
expiry dates and unused entries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURES, invoke_in

from bondlint.suppressions import find_suppressions

NETPLAN = """network:
  version: 2
  renderer: NetworkManager
  bonds:
    bond0:
      interfaces: [eno1, eno2]
      parameters: {mode: 802.3ad, mii-monitor-interval: 100, lacp-rate: fast}
"""
# The interface block of docs/ci.md's switch-side example, then a second port without one.
LEAF1 = """hostname leaf1
!
interface GigabitEthernet1/0/11
 description db09 eno1
 switchport mode access
 switchport access vlan 200
{comment} channel-group 11 mode active
!
interface GigabitEthernet1/0/12
 description db09 eno2
 switchport mode access
 switchport access vlan 200
 channel-group 11 mode active
!
interface Port-channel11
 switchport mode access
 switchport access vlan 200
 spanning-tree portfast
!
"""
WIRING = """links:
  - {host: db09, host_port: eno1, switch: leaf1, switch_port: Gi1/0/11}
  - {host: db09, host_port: eno2, switch: leaf1, switch_port: Gi1/0/12}
"""
DOCUMENTED = " ! bondlint: ignore BL038 vendor default kept on purpose (CHG-1234)\n"


def run(*args: str, cwd: Path):
    return invoke_in(cwd, *args)


def report(*args: str, cwd: Path) -> dict:
    result = run("scan", "--format", "json", *args, cwd=cwd)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def lacp_repo(tmp_path: Path, comment: str = "") -> Path:
    """db09 (LACP rate fast) cabled to two IOS ports left at the slow default: two BL038."""
    (tmp_path / "hosts" / "db09" / "etc" / "netplan").mkdir(parents=True)
    (tmp_path / "hosts" / "db09" / "etc" / "hostname").write_text("db09\n")
    (tmp_path / "hosts" / "db09" / "etc" / "netplan" / "bond.yaml").write_text(NETPLAN)
    (tmp_path / "switches").mkdir()
    (tmp_path / "switches" / "leaf1.cfg").write_text(LEAF1.replace("{comment}", comment))
    (tmp_path / "wiring.yaml").write_text(WIRING)
    return tmp_path


def rules(found: dict, key: str = "findings") -> list[tuple[str, str]]:
    return sorted((f["rule"], f"{f['path']}:{f['line']}") for f in found[key])


# --- Either end of a cross-check ------------------------------------------------------


def test_the_documented_switch_side_comment_suppresses_the_cross_check(tmp_path: Path) -> None:
    """docs/ci.md's IOS example: the comment inside the port's interface block suppresses
    the BL038 about that port (located on the host's line), and is not unused."""
    docs = (Path(__file__).resolve().parent.parent / "docs" / "ci.md").read_text()
    assert DOCUMENTED.strip() in docs  # the very comment the docs show
    without = report("--select", "BL038,BL051", ".", cwd=lacp_repo(tmp_path / "a"))
    assert [f["rule"] for f in without["findings"]] == ["BL038", "BL038"]
    found = report("--select", "BL038,BL051", ".", cwd=lacp_repo(tmp_path / "b", DOCUMENTED))
    # Only the port whose block holds the comment: Gi1/0/12's finding stays.
    assert [(f["rule"], "Gi1/0/12" in f["message"]) for f in found["findings"]] == [("BL038", True)]
    assert [(f["rule"], f["reason"]) for f in found["suppressed"]] == [
        ("BL038", "vendor default kept on purpose (CHG-1234)")
    ]


def test_a_switch_side_comment_for_another_rule_is_unused(tmp_path: Path) -> None:
    comment = " ! bondlint: ignore BL037 not this rule\n"
    found = report("--select", "BL037,BL038,BL051", ".", cwd=lacp_repo(tmp_path, comment))
    assert rules(found) == [
        ("BL038", "hosts/db09/etc/netplan/bond.yaml:7"),
        ("BL038", "hosts/db09/etc/netplan/bond.yaml:7"),
        ("BL051", "switches/leaf1.cfg:7"),
    ]


def test_a_host_side_comment_suppresses_a_finding_located_on_the_switch(tmp_path: Path) -> None:
    """BL040 (switch MTU smaller) is located on the switch port; the host's mtu line is its
    evidence: a comment there suppresses it on both switches."""
    source = FIXTURES / "crosscheck"
    shutil.copytree(source / "hosts" / "broken" / "db11", tmp_path / "hosts" / "db11")
    shutil.copytree(source / "eos" / "broken", tmp_path / "sw")
    before = report("--select", "BL040,BL051", "hosts", "sw", cwd=tmp_path)
    assert [(f["rule"], f["path"]) for f in before["findings"]] == [
        ("BL040", "sw/switches/leaf1.cfg"),
        ("BL040", "sw/switches/leaf2.cfg"),
    ]
    keyfile = tmp_path / "hosts/db11/etc/NetworkManager/system-connections/bond0.nmconnection"
    comment = "# bondlint: ignore BL040 jumbo frames only inside the rack\n"
    keyfile.write_text(keyfile.read_text().replace("mtu=9000\n", comment + "mtu=9000\n"))
    after = report("--select", "BL040,BL051", "hosts", "sw", cwd=tmp_path)
    assert after["findings"] == []
    assert {f["reason"] for f in after["suppressed"]} == {"jumbo frames only inside the rack"}


def test_a_junos_annotation_covers_its_interface_block() -> None:
    text = (
        "interfaces {\n"
        "    /* bondlint: ignore BL038 peer keeps fast */\n"
        "    xe-0/0/1 {\n"
        "        ether-options {\n"
        "            802.3ad ae1;\n"
        "        }\n"
        "    }\n"
        "    xe-0/0/2 {\n"
        "        # bondlint: ignore BL036 in maintenance\n"
        "        disable;\n"
        "    }\n"
        "}\n"
    )
    annotation, comment = find_suppressions(text, "leaf1.conf")
    assert (annotation.rules, annotation.reason, annotation.first, annotation.last) == (
        ("BL038",),
        "peer keeps fast",
        3,
        7,
    )
    # Inside xe-0/0/2's block: it covers the next line and names the block's first line.
    assert (comment.first, comment.section) == (10, 8)
    assert comment.touches("BL036", "switch-port-shutdown", "leaf1.conf", 8)
    assert not comment.touches("BL036", "switch-port-shutdown", "leaf1.conf", 3)
    assert not comment.touches("BL038", "lacp-rate-mismatch", "leaf1.conf", 8)


def test_a_top_level_comment_names_no_section() -> None:
    (found,) = find_suppressions("[bond]\n# bondlint: ignore BL009 why\nmode=active-backup\n", "b.nmconnection")
    assert found.section == 0 and found.first == 3


# --- per-file-ignores -------------------------------------------------------------------


def test_per_file_ignores_drop_the_rules_in_matching_files(tmp_path: Path) -> None:
    repo = lacp_repo(tmp_path, DOCUMENTED)
    (repo / ".bondlint.yaml").write_text('per-file-ignores:\n  "hosts/db09/**": [lacp-rate-mismatch]\n')
    found = report("--select", "BL038,BL051", ".", cwd=repo)
    # Both BL038 are located in db09's netplan file: gone, not suppressed; the switch-side
    # comment that names one of them is not reported as unused.
    assert found["findings"] == [] and found["suppressed"] == []
    (repo / ".bondlint.yaml").write_text('per-file-ignores:\n  "hosts/db01/**": [BL038]\n')
    assert len(report("--select", "BL038", ".", cwd=repo)["findings"]) == 1  # another folder: kept


def test_per_file_ignores_name_existing_rules(tmp_path: Path) -> None:
    repo = lacp_repo(tmp_path)
    (repo / ".bondlint.yaml").write_text('per-file-ignores:\n  "hosts/**": [lacp-rate-mismatc]\n')
    result = run("scan", ".", cwd=repo)
    assert result.exit_code == 2
    assert "per-file-ignores: hosts/**: unknown rule 'lacp-rate-mismatc' (did you mean 'lacp-rate-mismatch'?)" in (
        result.output
    )


# --- The suppressions file --------------------------------------------------------------


def write(repo: Path, entries: str, config: str = "suppressions: .bondlint-suppressions.yaml\n") -> None:
    (repo / ".bondlint.yaml").write_text(config)
    (repo / ".bondlint-suppressions.yaml").write_text("suppressions:\n" + entries)


def test_entries_by_host_port_bond_and_path(tmp_path: Path) -> None:
    repo = lacp_repo(tmp_path)
    write(
        repo,
        '  - {rule: BL038, host: "db0*", port: "leaf1 Gi1/0/11", reason: "pulled config, no comments (CHG-9)"}\n'
        "  - {rule: lacp-rate-mismatch, port: eno2, reason: second port too}\n"
        "  - {rule: BL038, bond: bond1, reason: no such bond}\n"
        '  - {rule: BL038, path: "switches/leaf2.cfg", reason: no such file}\n',
    )
    found = report("--select", "BL038,BL051", ".", cwd=repo)
    assert sorted(f["reason"] for f in found["suppressed"]) == ["pulled config, no comments (CHG-9)", "second port too"]
    # The entries that match nothing are reported at their own lines.
    assert rules(found) == [
        ("BL051", ".bondlint-suppressions.yaml:4"),
        ("BL051", ".bondlint-suppressions.yaml:5"),
    ]
    write(repo, '  - {rule: BL038, path: "switches/leaf1.cfg", bond: bond0, reason: either end of the check}\n')
    both = report("--select", "BL038,BL051", ".", cwd=repo)
    assert both["findings"] == [] and len(both["suppressed"]) == 2


def test_an_expired_entry_is_reported_and_suppresses_nothing(tmp_path: Path) -> None:
    repo = lacp_repo(tmp_path)
    write(repo, "  - {rule: BL038, host: db09, reason: until the vendor fix, expires: 2001-02-03}\n")
    found = report("--select", "BL038,BL051,BL053", ".", cwd=repo)
    assert rules(found) == [
        ("BL038", "hosts/db09/etc/netplan/bond.yaml:7"),
        ("BL038", "hosts/db09/etc/netplan/bond.yaml:7"),
        ("BL053", ".bondlint-suppressions.yaml:2"),
    ]
    (expired,) = [f for f in found["findings"] if f["rule"] == "BL053"]
    assert expired["message"].startswith("suppression of BL038 expired on 2001-02-03")
    write(repo, "  - {rule: BL038, host: db09, reason: until the vendor fix, expires: 2999-02-03}\n")
    assert report("--select", "BL038,BL051,BL053", ".", cwd=repo)["findings"] == []


def test_entries_in_the_configuration_itself(tmp_path: Path) -> None:
    repo = lacp_repo(tmp_path)
    (repo / ".bondlint.yaml").write_text(
        "fail-on: note\nsuppressions:\n  - rule: [BL038]\n    host: db09\n    reason: lab pair\n"
    )
    result = run("scan", "--select", "BL038,BL051", ".", cwd=repo)
    assert result.exit_code == 0, result.output


def test_every_problem_of_an_entry_is_named_with_its_line(tmp_path: Path) -> None:
    repo = lacp_repo(tmp_path)
    write(
        repo,
        "  - {rule: BL038, host: db09, reason: fine}\n"
        "  - rule: BL038\n"
        "    hots: db09\n"
        "  - {rule: BL038, host: db09, reason: '  ', expires: 31/12/2026}\n"
        "  - {rule: lacp-rate-mismatc, host: db09, reason: typo}\n",
    )
    result = run("scan", ".", cwd=repo)
    assert result.exit_code == 2
    problems = [line for line in result.output.splitlines() if line.startswith(".bondlint-suppressions.yaml")]
    assert problems == [
        ".bondlint-suppressions.yaml:4: suppressions[1]: unknown key 'hots' (did you mean 'host'?)",
        ".bondlint-suppressions.yaml:3: suppressions[1]: 'reason' is required: say why it is accepted",
        ".bondlint-suppressions.yaml:3: suppressions[1]:"
        " give at least one of host, bond, port, path (a rule everywhere: 'ignore')",
        ".bondlint-suppressions.yaml:5: suppressions[2]: 'reason' is required: say why it is accepted",
        ".bondlint-suppressions.yaml:5: suppressions[2]: 'expires' is a date, YYYY-MM-DD (not '31/12/2026')",
    ]
    # Once the entries are well formed, the rules they name are checked.
    write(repo, "  - {rule: lacp-rate-mismatc, host: db09, reason: typo}\n")
    result = run("scan", ".", cwd=repo)
    assert result.exit_code == 2
    assert (
        ".bondlint-suppressions.yaml:2: suppressions: unknown rule 'lacp-rate-mismatc'"
        " (did you mean 'lacp-rate-mismatch'?)" in result.output
    )


def test_a_broken_or_missing_suppressions_file_is_a_usage_error(tmp_path: Path) -> None:
    repo = lacp_repo(tmp_path)
    (repo / ".bondlint.yaml").write_text("suppressions: missing.yaml\n")
    result = run("scan", ".", cwd=repo)
    assert result.exit_code == 2 and "missing.yaml: cannot read suppressions" in result.output
    write(repo, "  - {rule: BL038, host: [db09\n")
    result = run("scan", ".", cwd=repo)
    assert result.exit_code == 2 and ".bondlint-suppressions.yaml:3: invalid YAML" in result.output
    (repo / ".bondlint-suppressions.yaml").write_text("entries: []\n")
    result = run("scan", ".", cwd=repo)
    assert result.exit_code == 2 and "unknown key(s) entries" in result.output


def test_a_suppressions_file_reaches_a_sosreport_audit(tmp_path: Path) -> None:
    """The use the file exists for: a sosreport cannot carry a comment."""
    shutil.copytree(FIXTURES / "sosreport", tmp_path / "fleet")
    plain = run("audit", "--jobs", "1", "--format", "json", "fleet", cwd=tmp_path)
    findings = json.loads(plain.stdout)["findings"]
    assert findings, plain.output
    hosts = sorted({f["host"] for f in findings})
    accepted = sorted({f["rule"] for f in findings})
    write(
        tmp_path,
        "".join(f"  - {{rule: {rule}, host: {hosts[0]}, reason: accepted for the audit}}\n" for rule in accepted),
    )
    audited = run("audit", "--jobs", "1", "--format", "json", "fleet", cwd=tmp_path)
    assert json.loads(audited.stdout)["findings"] == [f for f in findings if f["host"] != hosts[0]]


# --- docs/ci.md's snippets --------------------------------------------------------------


def docs_block(after: str) -> str:
    """The fenced block of docs/ci.md whose first line is ``after``."""
    docs = (Path(__file__).resolve().parent.parent / "docs" / "ci.md").read_text()
    start = docs.index(after + "\n")
    return docs[start : docs.index("```", start)]


def test_the_documented_suppressions_file_runs(tmp_path: Path) -> None:
    """The docs' entry for db09's LACP rate suppresses the IOS cross-check fixture's two
    BL038; the lab entry matches nothing here and is reported as unused at its line."""
    source = FIXTURES / "crosscheck"
    shutil.copytree(source / "hosts" / "broken" / "db09", tmp_path / "hosts" / "db09")
    shutil.copytree(source / "ios" / "broken", tmp_path / "sw")
    (tmp_path / ".bondlint.yaml").write_text(docs_block("# .bondlint.yaml"))
    (tmp_path / ".bondlint-suppressions.yaml").write_text(docs_block("# .bondlint-suppressions.yaml"))
    found = report("--select", "BL001,BL009,BL038,BL051,BL053", ".", cwd=tmp_path)
    assert [(f["rule"], f["reason"]) for f in found["suppressed"]] == [
        ("BL038", "Junos peer keeps the fast default (CHG-2231)")
    ] * 2
    assert rules(found) == [("BL051", ".bondlint-suppressions.yaml:8")]


def test_the_documented_configuration_is_valid(tmp_path: Path) -> None:
    (tmp_path / "network" / "policies").mkdir(parents=True)
    (tmp_path / ".bondlint.yaml").write_text(
        docs_block("fail-on: warning              # error | warning | note | never")
    )
    listed = run("rules", cwd=tmp_path)
    assert listed.exit_code == 0, listed.output


def test_problems_from_a_hostile_file_are_printable_and_the_entries_bounded(tmp_path: Path, monkeypatch) -> None:
    repo = lacp_repo(tmp_path)
    write(repo, '  - {rule: "BL038\\e[2J", host: db09, reason: x, "k\\e]0;owned\\a\\u202e": 1}\n')
    result = run("scan", ".", cwd=repo)
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "unknown key 'k\\x1b]0;owned\\x07\\u202e'" in result.output
    from bondlint import waivers

    monkeypatch.setattr(waivers, "MAX_ENTRIES", 2)
    write(repo, "  - {rule: BL038, host: db09, reason: x}\n" * 3)
    result = run("scan", ".", cwd=repo)
    assert result.exit_code == 2
    assert ".bondlint-suppressions.yaml:1: suppressions: 3 entries, over the limit of 2" in result.output
