"""End-to-end: the command line on the runbook fixtures, exit codes, bad inputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT_ROOT, corpus_path
from typer.testing import CliRunner

from bondlint.cli import app

RUNBOOK = FIXTURES / "runbook"
runner = CliRunner()


def scan(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["scan", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def rel(path: Path) -> str:
    return os.path.relpath(path, Path.cwd())


def test_broken_keyfile_reports_miimon_line_and_fails() -> None:
    tree = RUNBOOK / "broken" / "keyfile"
    code, out = scan(str(tree))
    keyfile = tree / "etc/NetworkManager/system-connections/bond0.nmconnection"
    miimon_line = keyfile.read_text().splitlines().index("miimon=0") + 1
    assert f"{rel(keyfile)}:{miimon_line}: error BL001 [no-link-monitoring]" in out
    assert code == 1


def test_broken_ifcfg_reports_bonding_opts_line() -> None:
    tree = RUNBOOK / "broken" / "ifcfg"
    code, out = scan(str(tree))
    ifcfg = tree / "etc/sysconfig/network-scripts/ifcfg-bond0"
    line = next(i for i, text in enumerate(ifcfg.read_text().splitlines(), 1) if text.startswith("BONDING_OPTS"))
    assert f"{rel(ifcfg)}:{line}: error BL001" in out
    assert "as initscripts applies it" in out
    assert code == 1


def test_broken_capture_joins_config_and_runtime() -> None:
    tree = RUNBOOK / "broken" / "capture"
    code, out = scan(str(tree), "--format", "json")
    report = json.loads(out)
    bl001 = [f for f in report["findings"] if f["rule"] == "BL001"]
    assert len(bl001) == 1
    assert bl001[0]["path"].endswith("nmcli_con_show_id_bond0")
    assert bl001[0]["host"] == "db03"
    related = bl001[0]["related"]
    assert [r["path"].endswith("proc/net/bonding/bond0") for r in related] == [True]
    assert related[0]["line"] == 7
    assert code == 1


@pytest.mark.parametrize("kind", ["keyfile", "ifcfg", "capture"])
def test_fixed_fixtures_are_clean(kind: str) -> None:
    code, out = scan(str(RUNBOOK / "fixed" / kind))
    assert out.startswith("0 findings in 1 host"), out
    assert code == 0


def test_hosts_never_mix() -> None:
    _, out = scan(str(RUNBOOK / "broken"), "--format", "json")
    report = json.loads(out)
    assert report["hosts"] == ["db01", "db02", "db03"]
    by_host = {f["host"] for f in report["findings"] if f["rule"] == "BL001"}
    assert by_host == {"db01", "db02", "db03"}


def test_fail_on_threshold() -> None:
    tree = str(RUNBOOK / "broken" / "keyfile")
    assert scan(tree, "--fail-on", "never")[0] == 0
    assert scan(tree, "--fail-on", "error")[0] == 1
    assert scan(tree, "--ignore", "BL001", "--fail-on", "note")[0] == 0  # nothing else by default
    # The opt-in no-primary note, once selected, fails a note gate but not a warning gate.
    assert scan(tree, "--select", "BL009", "--fail-on", "warning")[0] == 0
    assert scan(tree, "--select", "active-backup-without-primary", "--fail-on", "note")[0] == 1


def test_select_by_name_and_id() -> None:
    tree = str(RUNBOOK / "broken" / "keyfile")
    _, out = scan(tree, "--select", "BL009")
    assert "BL001" not in out and "BL009" in out
    _, out = scan(tree, "--select", "no-link-monitoring,BL009")
    assert "BL001" in out and "BL009" in out


def test_unknown_rule_is_usage_error() -> None:
    code, _ = scan(str(RUNBOOK), "--select", "BL999")
    assert code == 2


def test_missing_path_is_usage_error() -> None:
    code, _ = scan("does/not/exist")
    assert code == 2


def test_output_file_and_byte_identical_runs(tmp_path: Path) -> None:
    outputs = []
    for name in ("one.sarif", "two.sarif"):
        target = tmp_path / name
        code, out = scan(str(RUNBOOK), "--format", "sarif", "--output", str(target))
        assert code == 1 and out == ""
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    for fmt in ("text", "json"):
        assert scan(str(RUNBOOK), "--format", fmt)[1] == scan(str(RUNBOOK), "--format", fmt)[1]


def test_bad_inputs_become_findings_and_the_scan_goes_on(tmp_path: Path) -> None:
    (tmp_path / "bond0.nmconnection").write_bytes(b"[connection]\x00\xff\xfe binary")
    (tmp_path / "bond1.nmconnection").write_text(
        "[connection]\nid=bond1\ntype=bond\ninterface-name=bond1\n[bond]\nmode=active-backup\nmiimon=0\n"
    )
    (tmp_path / "ifcfg-bond2").write_text('DEVICE=bond2\nBONDING_OPTS="mode=1 miimon=100\n')  # unterminated quote
    unreadable = tmp_path / "ifcfg-bond3"
    unreadable.write_text("DEVICE=bond3\n")
    unreadable.chmod(0)
    (tmp_path / "notes.txt").write_text("not a capture at all\n")
    (tmp_path / "random.bin").write_bytes(os.urandom(256))
    code, out = scan(str(tmp_path), "--format", "json")
    report = json.loads(out)
    by_path = {Path(f["path"]).name: f for f in report["findings"] if f["rule"] == "BL000"}
    assert "bond0.nmconnection" in by_path and "binary" in by_path["bond0.nmconnection"]["message"]
    assert "ifcfg-bond2" in by_path
    if os.geteuid() != 0:  # root reads anything; the permission case only exists for users
        assert "ifcfg-bond3" in by_path
    assert "notes.txt" not in by_path and "random.bin" not in by_path
    # The good file is still judged.
    assert any(f["rule"] == "BL001" and f["path"].endswith("bond1.nmconnection") for f in report["findings"])
    assert code == 1


def test_rules_and_explain() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert any(line.startswith("BL001  error") and "no-link-monitoring" in line for line in result.stdout.splitlines())
    result = runner.invoke(app, ["explain", "no-link-monitoring"])
    assert result.exit_code == 0
    assert "nmcli connection modify bond0" in result.stdout and "https://" in result.stdout
    assert runner.invoke(app, ["explain", "BL777"]).exit_code == 2


def test_bad_policy_dir_is_exit_2_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "id: SITE001\nname: site-rule\nseverity: error\ntitle: t\ndescription: d\n"
        "remediation: r\nreferences: [https://example.org]\napplies-to: bond\nrequre: {}\n"
        "message: m\nexamples: []\n"
    )
    result = runner.invoke(app, ["scan", "--policy-dir", str(tmp_path), str(RUNBOOK)])
    assert result.exit_code == 2
    assert "mine.yaml:9: unknown key 'requre' (did you mean 'require'?)" in result.stderr


@pytest.mark.slow  # a fresh interpreter
def test_module_entry_point_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bondlint", "scan", "--fail-on", "never", str(RUNBOOK / "fixed")],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("0 findings in 3 hosts")


@pytest.mark.slow  # a fresh interpreter
def test_scan_does_not_import_sarif_om_for_text_output() -> None:
    code = (
        "import sys\nfrom bondlint.cli import app\n"
        "try:\n    app(['scan', '--fail-on', 'never', 'fixtures/runbook/fixed'])\nexcept SystemExit:\n    pass\n"
        "print('sarif_om' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.stdout.strip().splitlines()[-1] == "False"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, bondlint.cli; print('jsonschema' in sys.modules, 'sarif_om' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert done.stdout.strip() == "False False"


def test_oversized_yaml_is_reported_not_parsed(tmp_path: Path) -> None:
    netplan = tmp_path / "etc" / "netplan"
    netplan.mkdir(parents=True)
    (netplan / "99-huge.yaml").write_text("network:\n  version: 2\n" + "  # padding\n" * 200_000)
    code, out = scan(str(tmp_path), "--format", "json")
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == "BL000" and "more than any real netplan file" in finding["message"]
    assert code == 1


@pytest.mark.slow  # corpus-wide
def test_the_whole_shared_corpus_scans_without_an_internal_error() -> None:
    """Every real capture and switch configuration at once (host, switch and kernel): no
    parser crashes, every input is claimed by the format its folder says, and a second
    run writes the same report."""
    corpus = corpus_path()
    runs = [runner.invoke(app, ["scan", "--format", "json", "--fail-on", "never", str(corpus)]) for _ in range(2)]
    assert runs[0].exit_code == 0, runs[0].output
    assert runs[0].stdout == runs[1].stdout
    report = json.loads(runs[0].stdout)
    assert not [f for f in report["findings"] if "internal error" in f["message"]]
    formats = {i["format"] for i in report["inputs"] if i.get("format")}
    assert {
        "cisco-cli",
        "junos",
        "switch-neighbors",
        "lldpctl",
        "proc-net-bonding",
        "sysfs",
        "ip-link",
        "nm-keyfile",
        "ifcfg",
        "netplan",
        "networkd",
        "ifupdown",
        "nmstate",
    } <= formats
    assert len(report["hosts"]) >= 10


def test_text_report_points_at_the_fix_and_says_when_nothing_was_read(tmp_path: Path) -> None:
    code, output = scan(str(FIXTURES / "runbook" / "broken"))
    assert code == 1
    assert (
        output.splitlines()[-1]
        == "Why each matters and how to fix it: bondlint explain ID (e.g. bondlint explain BL001)"
    )
    (tmp_path / "notes.txt").write_text("nothing bonding-related here\n")
    code, output = scan(str(tmp_path))
    assert code == 2  # a gate pointed at the wrong folder must not pass
    assert scan("--allow-empty", str(tmp_path))[0] == 0
    assert output.splitlines()[-2:] == [
        "0 findings in 0 hosts, 0 inputs read",
        "Nothing was checked: none of the files given is a capture or configuration bondlint reads",
    ]
    code, output = scan(str(FIXTURES / "runbook" / "fixed"))
    assert code == 0 and "bondlint explain" not in output and "Nothing was checked" not in output


def test_a_single_port_bond_is_named_by_its_port(tmp_path: Path) -> None:
    (tmp_path / "proc_net_bonding_bond0").write_text(
        "Ethernet Channel Bonding Driver: v6.1.0\n\nBonding Mode: fault-tolerance (active-backup)\n"
        "Currently Active Slave: eth0\nMII Status: up\nMII Polling Interval (ms): 100\n"
        "Up Delay (ms): 0\nDown Delay (ms): 0\n\nSlave Interface: eth0\nMII Status: up\n"
        "Speed: 1000 Mbps\nDuplex: full\nLink Failure Count: 0\nPermanent HW addr: 52:54:00:00:00:10\n"
    )
    _, output = scan(str(tmp_path), "--select", "BL006")
    assert "bond bond0 has fewer than two ports (eth0): there is no redundancy" in output


def test_a_setting_missing_in_the_file_and_at_runtime_is_one_finding() -> None:
    """No primary in the persisted profile (a missing key) and none in the running bond
    (a null value): one finding at the profile, the runtime dump as related location."""
    result = runner.invoke(
        app, ["scan", "--format", "json", "--select", "BL009", str(FIXTURES / "runbook" / "broken" / "capture")]
    )
    findings = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "BL009"]
    assert len(findings) == 1
    assert findings[0]["path"].endswith("nmcli_con_show_id_bond0")
    assert [r["path"].endswith("proc/net/bonding/bond0") for r in findings[0]["related"]] == [True]


def test_a_single_port_in_the_file_and_at_runtime_is_one_finding(tmp_path: Path) -> None:
    keyfiles = tmp_path / "etc" / "NetworkManager" / "system-connections"
    keyfiles.mkdir(parents=True)
    (keyfiles / "bond0.nmconnection").write_text(
        "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\nmiimon=100\nprimary=eth0\n"
    )
    (keyfiles / "eth0.nmconnection").write_text(
        "[connection]\nid=eth0\ntype=ethernet\ninterface-name=eth0\ncontroller=bond0\nport-type=bond\n"
    )
    proc = tmp_path / "proc" / "net" / "bonding"
    proc.mkdir(parents=True)
    (proc / "bond0").write_text(
        "Ethernet Channel Bonding Driver: v6.1.0\n\nBonding Mode: fault-tolerance (active-backup)\n"
        "Primary Slave: eth0 (primary_reselect always)\nCurrently Active Slave: eth0\nMII Status: up\n"
        "MII Polling Interval (ms): 100\nUp Delay (ms): 0\nDown Delay (ms): 0\n\n"
        "Slave Interface: eth0\nMII Status: up\nLink Failure Count: 0\n"
    )
    result = runner.invoke(app, ["scan", "--format", "json", "--select", "BL006", str(tmp_path)])
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["path"].endswith("bond0.nmconnection") and "(eth0)" in finding["message"]
    assert [r["path"].endswith("proc/net/bonding/bond0") for r in finding["related"]] == [True]


def test_an_unreadable_wiring_file_is_no_host(tmp_path: Path) -> None:
    (tmp_path / "wiring.yaml").write_text("links:\n  - {host: a\n")
    code, output = scan(str(tmp_path))
    assert code == 1
    assert "BL000" in output and "in 0 hosts, 1 input read" in output
