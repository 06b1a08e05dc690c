"""Never silently blind: a file that looks like network configuration but that no parser
read is named in every report format; documentation and CI files are never inputs."""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath

import pytest
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.discovery import discover
from bondlint.discovery.candidates import network_like, never_input


def scan(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["scan", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("path", "head", "evidence"),
    [
        ("hosts/db01/ifcfg-bond0.orig~", "", "an ifcfg file"),
        ("configs/bond0.nmconnection.j2", "", "NetworkManager keyfile"),
        ("x/etc/sysconfig/network-scripts/bond0.bak", "", "the ifcfg folder"),
        ("x/etc/netplan/01-bond.yaml.dpkg-old", "", "netplan's folder"),
        (
            "captures/leaf1-show-run.txt",
            "interface Port-channel10\n switchport mode trunk\n",
            "interface Port-channel10",
        ),
        ("captures/leaf1.txt", "interface Gi1/0/1\n channel-group 10 mode active\n", "channel-group 10"),
        ("templates/bond.j2", 'BONDING_OPTS="mode=1"\n', "BONDING_OPTS"),
        ("scripts/up.sh", "ip link add bond0 type bond mode 802.3ad\n", "type bond"),
        ("notes/shopping.txt", "milk\neggs\n", None),
        ("notes/vlans.txt", "interface Gi1/0/1\n switchport access vlan 10\n", None),
    ],
)
def test_network_like_names_its_evidence(path: str, head: str, evidence: str | None) -> None:
    found = network_like(PurePosixPath(path), head)
    if evidence is None:
        assert found is None
    else:
        assert found is not None and evidence in found


@pytest.mark.parametrize(
    ("path", "never"),
    [
        ("README.md", True),
        ("docs/examples/ifcfg-bond0", True),
        (".github/workflows/ci.yml", True),
        (".gitlab-ci.yml", True),
        (".pre-commit-config.yaml", True),
        ("scripts/check.py", True),
        ("hosts/db01/etc/sysconfig/network-scripts/ifcfg-bond0.5", False),
        ("docs/db01/etc/sysconfig/network-scripts/ifcfg-bond0", False),
        ("hosts/leaf1.cfg", False),
    ],
)
def test_documentation_and_ci_files_are_never_inputs(path: str, never: bool) -> None:
    assert (never_input(PurePosixPath(path)) is not None) is never


def test_documentation_quoting_a_keyfile_is_not_read_but_a_named_file_is(tmp_path: Path) -> None:
    keyfile = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\nmiimon=0\n"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bond0.nmconnection").write_text(keyfile)
    (tmp_path / "README.md").write_text("# Bonds\n\n```ini\n" + keyfile + "```\n")
    assert [f.path for g in discover([tmp_path]) for f in g.files] == []
    # Named explicitly, a file is read whatever its folder.
    assert len([f for g in discover([tmp_path / "docs" / "bond0.nmconnection"]) for f in g.files]) == 1


def test_a_folder_of_configs_nothing_reads_is_named_in_text_json_and_sarif(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bond.j2").write_text('DEVICE={{ bond }}\nBONDING_OPTS="mode=active-backup"\n')
    (tmp_path / "templates" / "shopping.txt").write_text("milk\n")
    code, out = scan(str(tmp_path), "--fail-on", "never")
    assert "note BL052 [input-not-read]" in out
    assert "bond.j2 was not read: its content mentions 'BONDING_OPTS'" in out
    assert "shopping.txt" not in out
    assert code == 2  # named, but nothing was checked: a gate must not pass
    assert scan(str(tmp_path), "--fail-on", "never", "--allow-empty")[0] == 0

    code, out = scan(str(tmp_path), "--format", "json", "--fail-on", "never", "--allow-empty")
    findings = json.loads(out)["findings"]
    assert [(f["rule"], Path(f["path"]).name, f["line"]) for f in findings] == [("BL052", "bond.j2", 1)]

    code, out = scan(str(tmp_path), "--format", "sarif", "--fail-on", "never", "--allow-empty")
    results = json.loads(out)["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["BL052"]
    assert results[0]["level"] == "note"


def test_a_capture_read_as_nothing_is_named(tmp_path: Path) -> None:
    # Named like an nmcli capture, but it is some other program's text about a bond.
    (tmp_path / "nmcli_con_show_id_bond0").write_text("bond0 is a bond: mode=802.3ad and miimon=100 (from the wiki)\n")
    _, out = scan(str(tmp_path), "--fail-on", "never")
    assert "BL052" in out and "nmcli_con_show_id_bond0 was not read" in out


def test_binary_content_under_a_network_name_is_named(tmp_path: Path) -> None:
    (tmp_path / "bond0.nmconnection.orig").write_bytes("[connection]\nid=bond0\n".encode("utf-16"))
    _, out = scan(str(tmp_path), "--fail-on", "never")
    assert "its content is binary (or UTF-16)" in out


def test_unread_notes_can_be_ignored(tmp_path: Path) -> None:
    (tmp_path / "bond.j2").write_text('BONDING_OPTS="mode=active-backup"\n')
    code, out = scan(str(tmp_path), "--ignore", "input-not-read", "--allow-empty")
    assert "note BL052" not in out and code == 0
    assert "0 inputs read, 1 not read (BL052)" in out  # the summary still counts it


# --- Sniff precisely ---------------------------------------------------------------


def test_a_keyfile_is_claimed_by_content_only_when_it_starts_with_its_connection_group() -> None:
    from bondlint.sources import nm_keyfile

    keyfile = "# written by hand\n\n[connection]\nid=bond0\ntype=bond\n"
    assert nm_keyfile.claims(PurePosixPath("bond0"), keyfile)
    quoted = "Bonding how-to\n==============\n\nWrite this file::\n\n[connection]\nid=bond0\n"
    assert not nm_keyfile.claims(PurePosixPath("howto.txt"), quoted)
    assert not nm_keyfile.claims(PurePosixPath("x.ini"), "[main]\nplugins=keyfile\n[connection]\n")


@pytest.mark.parametrize(
    ("module", "path", "head", "claimed"),
    [
        ("netplan", "etc/netplan/01-bond.yaml", "network:\n  version: 2\n", True),
        ("netplan", "etc/netplan/01-bond.yaml", "# netplan\nnetwork:\n  bonds: {}\n", True),
        ("netplan", "ansible/netplan/defaults.yaml", "netplan_bond_mode: active-backup\n", False),
        ("nmstate", "nmstate/bond.yml", "interfaces:\n- name: bond0\n", True),
        ("nmstate", "roles/nmstate/tasks.yml", "- name: apply\n  command: nmstatectl apply\n", False),
    ],
)
def test_a_parent_folder_name_never_decides_the_format_alone(module: str, path: str, head: str, claimed: bool) -> None:
    from bondlint.sources import module as source

    assert source(f"bondlint.sources.{module}").claims(PurePosixPath(path), head) is claimed


def test_two_unrelated_trees_named_by_their_folders_get_distinct_names(tmp_path: Path) -> None:
    for role in ("bond", "team"):
        folder = tmp_path / "roles" / role / "files"
        folder.mkdir(parents=True)
        (folder / "ifcfg-bond0").write_text("DEVICE=bond0\nTYPE=Bond\nBONDING_OPTS='mode=1 miimon=100'\n")
    names = sorted(g.name for g in discover([tmp_path]))
    assert len(set(names)) == 2
    assert all(name.endswith("/files") for name in names)


def test_two_captures_of_one_host_keep_its_name(tmp_path: Path) -> None:
    for capture in ("monday", "tuesday"):
        root = tmp_path / capture / "db01"
        (root / "etc").mkdir(parents=True)
        (root / "etc" / "hostname").write_text("db01\n")
        (root / "etc" / "modprobe.conf").write_text("options bonding mode=1\n")
    assert [g.name for g in discover([tmp_path])] == ["db01", "db01"]


def test_a_folder_named_host_still_joins_its_wiring() -> None:
    from bondlint.model.network import short_host

    assert short_host("hosts/db01") == short_host("db01.example.org") == "db01"


def test_nmstate_files_are_grouped_with_their_host(tmp_path: Path) -> None:
    (tmp_path / "db01" / "etc" / "nmstate").mkdir(parents=True)
    (tmp_path / "db01" / "etc" / "nmstate" / "bond0.yml").write_text("interfaces:\n- name: bond0\n  type: bond\n")
    (tmp_path / "db01" / "etc" / "hostname").write_text("db01\n")
    groups = discover([tmp_path])
    assert [(g.name, len(g.files)) for g in groups] == [("db01", 2)]


def test_policy_directories_are_never_inputs(tmp_path: Path) -> None:
    # A site's policy folder holds example keyfiles (broken on purpose) beside its rules.
    broken = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\nmiimon=0\n"
    (tmp_path / "net-policies").mkdir()
    (tmp_path / "net-policies" / "example.nmconnection").write_text(broken)
    (tmp_path / "hosts" / "db01").mkdir(parents=True)
    (tmp_path / "hosts" / "db01" / "bond0.nmconnection").write_text(broken)
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert scan(".", "--policy-dir", "net-policies")[1].count("error BL001") == 1
        (tmp_path / ".bondlint.yaml").write_text("policy-dirs: [net-policies]\n")
        assert scan(".")[1].count("error BL001") == 1
        (tmp_path / ".bondlint.yaml").unlink()
        assert scan(".")[1].count("error BL001") == 2  # without either, the folder is scanned
    finally:
        os.chdir(cwd)
