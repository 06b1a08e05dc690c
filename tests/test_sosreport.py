"""Whole sosreport trees: one host, config and runtime side by side, located evidence."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES, corpus_path
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.discovery import discover
from bondlint.discovery.sosreport import is_sosreport

runner = CliRunner()
SOSREPORT = FIXTURES / "sosreport" / "sosreport-db04-2026-11-24-xkqzmfa"


def report_of(path: Path) -> dict:
    result = runner.invoke(app, ["scan", "--format", "json", "--fail-on", "never", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def findings(report: dict, rule: str) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == rule]


def where(finding: dict) -> str:
    return f"{finding['path'].split('xkqzmfa/')[-1].split('/sos/')[-1]}:{finding['line']}"


def test_fixture_is_one_host_named_from_the_bundle() -> None:
    assert is_sosreport(SOSREPORT)
    groups = discover([FIXTURES / "sosreport"])
    assert [(g.name, g.sosreport) for g in groups] == [("db04", True)]


def test_sosreport_runbook_story() -> None:
    report = report_of(FIXTURES / "sosreport")
    assert report["hosts"] == ["db04"]
    # The hand-made ifcfg is what runs at boot (the leftover keyfile has autoconnect=false):
    # no monitoring there and in the kernel, reported once with the runtime as evidence.
    (bl001,) = findings(report, "BL001")
    assert where(bl001) == "etc/sysconfig/network-scripts/ifcfg-bond0:11"
    assert [where(r) for r in bl001["related"]] == ["proc/net/bonding/bond0:7"]
    # The runbook signature: eno1 has lost its carrier and the bond still uses it.
    (bl018,) = findings(report, "BL018")
    assert where(bl018) == "proc/net/bonding/bond0:13" and "eno1" in bl018["message"]
    related = sorted(where(r) for r in bl018["related"])
    assert related == ["sos_commands/networking/ip_-d_address:5"]
    # NetworkManager keyfile and hand-made ifcfg both define bond0.
    (bl015,) = findings(report, "BL015")
    assert {where(bl015), *(where(r) for r in bl015["related"])} == {
        "etc/sysconfig/network-scripts/ifcfg-bond0:2",
        "etc/NetworkManager/system-connections/bond0.nmconnection:1",
    }
    # bond1 runs 802.3ad against switch ports that do not speak LACP.
    # One finding: the missing partner; what it does to each port is its related evidence.
    (bl021,) = findings(report, "BL021")
    assert where(bl021) == "proc/net/bonding/bond1:23"
    assert "proc/net/bonding/bond1:59" in [where(r) for r in bl021["related"]]  # eth3 in aggregator 2
    # Churn, the split aggregators and the ports not distributing are its consequences.
    assert not findings(report, "BL022") and not findings(report, "BL023") and not findings(report, "BL024")
    # The uncollected per-interface ethtool statistics were never read.
    assert not any("ethtool_-S_" in i["path"] for i in report["inputs"])


def test_sosreport_walk_skips_what_bondlint_does_not_need(tmp_path: Path) -> None:
    root = tmp_path / "sosreport-big"
    (root / "sos_commands" / "logs").mkdir(parents=True)
    (root / "sos_reports").mkdir()
    (root / "version.txt").write_text("sosreport: 4.8.1\n")
    (root / "proc" / "net" / "bonding").mkdir(parents=True)
    (root / "proc" / "net" / "bonding" / "bond0").write_text((SOSREPORT / "proc/net/bonding/bond0").read_text())
    noise = root / "var" / "log" / "journal"
    noise.mkdir(parents=True)
    for index in range(2000):
        (noise / f"system@{index}.journal").write_text("x")
    (root / "sos_commands" / "logs" / "journalctl_--no-pager").write_text("Bonding Mode: balance-rr\n")
    files = [f.path for g in discover([tmp_path]) for f in g.files]
    assert len(files) == 2 and any(p.endswith("proc/net/bonding/bond0") for p in files)


def _sosreport_from_kernel_captures(tmp_path: Path, scenario: str) -> Path:
    """A sos 4.x tree holding one real kernel capture set, as sos would have stored it."""
    source = corpus_path("kernel", "6.1.0-56-amd64", scenario)
    root = tmp_path / "sos" / "sosreport-kvm01-2026-11-25"
    (root / "proc/net/bonding").mkdir(parents=True)
    (root / "sos_commands/networking").mkdir(parents=True)
    (root / "sos_reports").mkdir()
    (root / "hostname").write_text("kvm01\n")
    (root / "version.txt").write_text("sosreport: 4.8.1\n")
    (root / "proc/net/bonding/bond0").write_bytes((source / "proc_net_bonding_bond0").read_bytes())
    links = [source / f"ip_-d_link_show_{dev}" for dev in ("bond0", "eth0", "eth1")]
    (root / "sos_commands/networking/ip_-s_-d_link").write_text("".join(p.read_text() for p in links if p.exists()))
    return root


def test_sosreport_built_from_real_kernel_captures(tmp_path: Path) -> None:
    root = _sosreport_from_kernel_captures(tmp_path, "ab-arp-reachable.2-active-peer-down")
    # The persisted config an operator "fixed" to MII monitoring, never re-applied.
    config = root / "etc/NetworkManager/system-connections"
    config.mkdir(parents=True)
    (config / "bond0.nmconnection").write_text(
        "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\nmiimon=100\n"
    )
    report = report_of(tmp_path / "sos")
    assert report["hosts"] == ["kvm01"]
    # eth0 lost its peer: the bond (ARP-monitored) noticed, the NIC has no carrier.
    (down,) = findings(report, "BL007")
    assert where(down).endswith("proc/net/bonding/bond0:17") and "eth0" in down["message"]
    assert [where(r).rsplit("/", 1)[-1] for r in down["related"]] == ["ip_-s_-d_link:4"]
    # The running bond uses ARP, the persisted config MII: one drift of the method, at the
    # persisted miimon line, with the running miimon and ARP lines as evidence.
    (drift,) = findings(report, "BL012")
    assert "runs with monitoring=arp" in drift["message"] and "gives monitoring=mii" in drift["message"]
    assert where(drift).endswith("bond0.nmconnection:8")
    related = [r["message"] for r in drift["related"]]
    assert any(where(r).endswith("proc/net/bonding/bond0:7") for r in drift["related"])
    assert any(m.startswith("bond0: arp interval ") for m in related), related
    assert not findings(report, "BL001")


def test_member_test_of_a_bundle_agrees_with_the_tree_walk(tmp_path: Path) -> None:
    """A tarball member is kept exactly when the same file of an extracted tree is read."""
    import itertools

    from bondlint.discovery.sosreport import SOS_SPECS, is_sos_path, sosreport_files

    names = [
        "bond0",
        "eno1",
        "hostname",
        "speed",
        "carrier",
        "ifcfg-bond0",
        "route-bond0",
        "01.yaml",
        "01.yml",
        "x.network",
        "x.netdev",
        "a.conf",
        "interfaces",
        "ethtool_-i_eno1",
        "ethtool_-S_eno1",
        "ethtool_eno1",
        "lldpctl",
        "nmcli_con_show_id_bond0",
        "uname",
        "version.txt",
        "machine-id",
    ]
    folders = {d.replace("**", "eno1") for d, _ in SOS_SPECS} | {
        "var/log",
        "sys/class/net/eno1/queues",
        "etc/netplan/sub",
    }
    root = tmp_path / "sosreport-x"
    (root / "sos_commands").mkdir(parents=True)
    (root / "version.txt").write_text("sosreport: 4.8\n")
    everything = set()
    for folder, name in itertools.product(sorted(folders), names):
        relative = f"{folder}/{name}" if folder else name
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("x\n")
        everything.add(relative)
    walked = {p.relative_to(root).as_posix() for p in sosreport_files(root)}
    assert walked == {r for r in everything if is_sos_path(r)}
    assert "proc/net/bonding/bond0" in walked and "var/log/bond0" not in walked
    assert "sos_commands/networking/ethtool_-i_eno1" in walked
    assert "sos_commands/networking/ethtool_-S_eno1" not in walked
