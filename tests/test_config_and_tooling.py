"""Configuration file, policy tooling (check, test, docs) and the site-standards pack."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT_ROOT
from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()
SITE = PROJECT_ROOT / "docs" / "site-standards"
BROKEN_KEYFILE = FIXTURES / "runbook" / "broken" / "keyfile"


def run(*args: str, cwd: Path | None = None):
    if cwd is None:
        return runner.invoke(app, list(args))
    import os

    before = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(app, list(args))
    finally:
        os.chdir(before)


def test_site_pack_reports_what_its_readme_says() -> None:
    result = run(
        "scan",
        "--policy-dir",
        str(SITE),
        "--select",
        "SITE001,SITE002,SITE003,SITE004",
        "--format",
        "json",
        "--fail-on",
        "never",
        str(FIXTURES / "crosscheck/hosts/fixed"),
        str(FIXTURES / "crosscheck/nxos/fixed"),
    )
    found: dict[str, set[str]] = {}
    for finding in json.loads(result.stdout)["findings"]:
        found.setdefault(finding["rule"], set()).add(finding["host"])
    readme = (SITE / "README.md").read_text()
    claimed = {
        rule: set(re.findall(r"db\d\d", hosts))
        for rule, hosts in re.findall(r"\*\*(SITE\d+)\*\* on the \d+ hosts [^:]*: ([^;\n]+)", readme)
    }
    assert found == claimed


def test_site_pack_examples_pass() -> None:
    result = run("policy", "test", str(SITE))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith("11 passed, 0 failed")


def test_config_overrides_parameters_severity_and_fail_on(tmp_path: Path) -> None:
    (tmp_path / ".bondlint.yaml").write_text(
        f"policy-dirs: [{SITE}]\nfail-on: error\nselect: [SITE002, no-link-monitoring]\n"
        "rules:\n  miimon-window:\n    parameters: {min_miimon: 10, max_miimon: 50}\n    severity: error\n"
    )
    host = tmp_path / "h"
    host.mkdir()
    (host / "ifcfg-bond0").write_text('DEVICE=bond0\nBONDING_OPTS="mode=802.3ad miimon=100"\n')
    result = run("scan", "--format", "json", str(host), cwd=tmp_path)
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "SITE002" and finding["severity"] == "error"
    assert "window is 10-50 ms" in finding["message"]
    assert result.exit_code == 1


def test_config_in_pyproject_and_excludes(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.bondlint]\nexclude = ["vendor/*"]\nfail-on = "never"\n'
    )
    for folder in ("mine", "vendor/theirs"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "ifcfg-bond0").write_text('DEVICE=bond0\nNM_CONTROLLED=no\nBONDING_OPTS="mode=1"\n')
    result = run("scan", "--format", "json", ".", cwd=tmp_path)
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert paths and all(p.startswith("mine/") for p in paths)
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail_on: error\n", ".bondlint.yaml:1: unknown key 'fail_on' (did you mean 'fail-on'?)"),
        ("rules:\n  BL001:\n    severty: note\n", ".bondlint.yaml:3: unknown key 'severty' (did you mean 'severity'?)"),
        ("rules:\n  BL999: {severity: note}\n", "unknown rule 'BL999'"),
        ("rules:\n  BL001: {parameters: {max_miimon: 1}}\n", "BL001: unknown parameter(s) max_miimon"),
        ("fail-on: sometimes\n", ".bondlint.yaml:1: fail-on: 'sometimes' is not one of"),
    ],
)
def test_bad_configuration_is_exit_2_with_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / ".bondlint.yaml").write_text(text)
    result = run("scan", str(BROKEN_KEYFILE), cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.stderr


def test_opt_in_rule_runs_only_when_enabled(tmp_path: Path) -> None:
    policies = tmp_path / "p"
    policies.mkdir()
    text = (
        (SITE / "SITE002-miimon-window.yaml")
        .read_text()
        .replace("tags: [site-standard]", "tags: [site-standard]\nenabled: false")
    )
    (policies / "SITE002.yaml").write_text(text)
    host = tmp_path / "h"
    host.mkdir()
    (host / "ifcfg-bond0").write_text('DEVICE=bond0\nBONDING_OPTS="mode=802.3ad miimon=1000 lacp_rate=fast"\n')
    quiet = run("scan", "--format", "json", "--policy-dir", str(policies), str(host))
    assert not [f for f in json.loads(quiet.stdout)["findings"] if f["rule"] == "SITE002"]
    (tmp_path / ".bondlint.yaml").write_text(f"policy-dirs: [{policies}]\nrules:\n  SITE002: {{enabled: true}}\n")
    loud = run("scan", "--format", "json", str(host), cwd=tmp_path)
    assert [f["rule"] for f in json.loads(loud.stdout)["findings"] if f["rule"] == "SITE002"] == ["SITE002"]


def test_policy_check_names_key_file_and_line(tmp_path: Path) -> None:
    text = (SITE / "SITE001-lacp-fast-everywhere.yaml").read_text().replace("remediation:", "remedation:")
    (tmp_path / "bad.yaml").write_text(text)
    result = run("policy", "check", str(tmp_path))
    assert result.exit_code == 2
    line = text.splitlines().index(next(row for row in text.splitlines() if row.startswith("remedation:"))) + 1
    assert f"bad.yaml:{line}: unknown key 'remedation' (did you mean 'remediation'?)" in result.stdout


def test_policy_test_reports_a_wrong_expectation(tmp_path: Path) -> None:
    text = (
        (SITE / "SITE002-miimon-window.yaml")
        .read_text()
        .replace('expect: ["ifcfg-bond0:2"]', 'expect: ["ifcfg-bond0:1"]')
    )
    (tmp_path / "site.yaml").write_text(text)
    result = run("policy", "test", str(tmp_path))
    assert result.exit_code == 1
    assert "expected ['ifcfg-bond0:1'], got ['ifcfg-bond0:2']" in result.stdout


def test_rules_json_lists_tags_and_source() -> None:
    listing = json.loads(run("rules", "--format", "json").stdout)
    first = listing[0]
    assert set(first) >= {"id", "name", "severity", "title", "tags", "source"}
    # The builtin catalog's files: policies/ in a checkout, the package when installed.
    source = Path(first["source"])
    assert source.name.startswith(first["id"]) and source.suffix == ".yaml"
    assert source.exists() or (Path.cwd() / source).exists()


def test_explain_prints_examples() -> None:
    result = run("explain", "BL001")
    assert "Examples:" in result.stdout and "keyfile with miimon=0 (reported at bond0.nmconnection:8)" in result.stdout


def test_rule_pages_are_not_stale() -> None:
    from bondlint.policies.docs import expected_pages
    from bondlint.policies.loader import builtin_policy_dir, load_policies

    pages = expected_pages(load_policies([builtin_policy_dir()]))
    folder = PROJECT_ROOT / "docs" / "rules"
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    stale = sorted(name for name in set(pages) | set(on_disk) if pages.get(name) != on_disk.get(name))
    assert not stale, f"docs/rules is stale for {stale}: run 'bondlint policy docs'"


@pytest.mark.slow  # validates the catalog twice
def test_policy_bundle_is_current_and_equals_the_yaml(tmp_path: Path) -> None:
    from bondlint.policies.loader import builtin_policy_dir, bundle_path, load_policies, write_bundle

    document = json.loads(bundle_path().read_text(encoding="utf-8"))
    write_bundle(builtin_policy_dir(), tmp_path / "fresh.json")  # the digest of the YAML files as they are
    fresh = json.loads((tmp_path / "fresh.json").read_text(encoding="utf-8"))
    assert document["digest"] == fresh["digest"], "run 'bondlint policy docs'"
    assert load_policies([builtin_policy_dir()]) == load_policies([builtin_policy_dir()], use_bundle=False)


def test_an_edited_policy_is_validated_again(tmp_path: Path) -> None:
    from bondlint.policies.loader import _from_bundle, builtin_policy_dir

    assert _from_bundle(builtin_policy_dir()) is not None
    assert _from_bundle(tmp_path) is None  # any other folder is always validated


def test_a_site_parameter_tunes_a_comparison_written_in_yaml(tmp_path: Path) -> None:
    # SITE005 compares the switch port's forwarding delay plus margin_ms with updelay.
    host = tmp_path / "db01" / "etc" / "netplan"
    host.mkdir(parents=True)
    (host / "bond.yaml").write_text(
        "network:\n  version: 2\n  renderer: NetworkManager\n  bonds:\n    bond0:\n      interfaces: [eno1]\n"
        "      parameters: {mode: active-backup, mii-monitor-interval: 100, primary: eno1, up-delay: 31000}\n"
    )
    (tmp_path / "leaf1.cfg").write_text(
        "hostname leaf1\n!\ninterface GigabitEthernet1/0/11\n switchport access vlan 200\n!\n"
    )
    (tmp_path / "wiring.yaml").write_text(
        "links:\n  - {host: db01, host_port: eno1, switch: leaf1, switch_port: Gi1/0/11}\n"
    )
    found = run("scan", "--policy-dir", str(SITE), "--select", "SITE005", str(tmp_path))
    assert "SITE005" in found.stdout  # 31 s < 30 s + 2 s
    (tmp_path / ".bondlint.yaml").write_text("rules:\n  SITE005: {parameters: {margin_ms: 500}}\n")
    tuned = run(
        "scan",
        "--config",
        str(tmp_path / ".bondlint.yaml"),
        "--policy-dir",
        str(SITE),
        "--select",
        "SITE005",
        str(tmp_path),
    )
    assert "SITE005" not in tuned.stdout, tuned.stdout
