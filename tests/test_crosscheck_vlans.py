"""host-vlan-not-carried (BL044): the host's VLANs on a bond against its switch ports."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()

NETPLAN_BOND = """network:
  version: 2
  renderer: NetworkManager
  bonds:
    bond0:
      interfaces: [eno1, eno2]
      parameters: {mode: active-backup, mii-monitor-interval: 100, primary: eno1}
"""
WIRING = """links:
  - {host: db20, host_port: eno1, switch: leaf1, switch_port: PORT1}
  - {host: db20, host_port: eno2, switch: leaf1, switch_port: PORT2}
"""


def tree(root: Path, files: dict[str, str], port1: str = "Gi1/0/11", port2: str = "Gi1/0/12") -> Path:
    host = root / "db20"
    for name, text in files.items():
        target = (root if name.startswith(("switch/", "wiring")) else host) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace("PORT1", port1).replace("PORT2", port2))
    return root


def findings(root: Path) -> list[dict]:
    result = runner.invoke(app, ["scan", "--format", "json", "--fail-on", "never", "--select", "BL044", str(root)])
    assert result.exit_code == 0, result.output
    return [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "BL044"]


def line_of(path: Path, line: int) -> str:
    return path.read_text().splitlines()[line - 1].strip()


IOS = """hostname leaf1
!
interface GigabitEthernet1/0/11
 switchport mode trunk
 switchport trunk allowed vlan 200,300
!
interface GigabitEthernet1/0/12
 switchport mode trunk
 switchport trunk allowed vlan 100,200,300
!
"""


def test_keyfile_vlan_missing_from_one_trunk(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        {
            "etc/netplan/bond.yaml": NETPLAN_BOND,
            "etc/NetworkManager/system-connections/bond0.100.nmconnection": (
                "[connection]\nid=bond0.100\ntype=vlan\ninterface-name=bond0.100\n\n[vlan]\nparent=bond0\nid=100\n"
            ),
            "etc/sysconfig/network-scripts/ifcfg-bond0.200": "DEVICE=bond0.200\nVLAN=yes\nONBOOT=yes\n",
            "switch/leaf1.cfg": IOS,
            "wiring.yaml": WIRING,
        },
    )
    (finding,) = findings(root)
    assert finding["severity"] == "error"
    assert finding["path"].endswith("bond0.100.nmconnection") and finding["line"] == 1
    assert "VLAN 100" in finding["message"] and "eno1" in finding["message"]
    assert "leaf1 Gi1/0/11" in finding["message"] and "trunk allowed 200,300" in finding["message"]
    switch_side = [r for r in finding["related"] if r["path"].endswith("leaf1.cfg")]
    assert [line_of(root / "switch/leaf1.cfg", r["line"]) for r in switch_side] == [
        "switchport trunk allowed vlan 200,300"
    ]


def test_access_port_drops_other_vlans_but_its_own_is_left_alone(tmp_path: Path) -> None:
    junos = (
        "set system host-name leaf1\n"
        "set interfaces xe-0/0/1 unit 0 family ethernet-switching interface-mode access\n"
        "set interfaces xe-0/0/1 unit 0 family ethernet-switching vlan members 100\n"
        "set interfaces xe-0/0/2 unit 0 family ethernet-switching interface-mode access\n"
        "set interfaces xe-0/0/2 unit 0 family ethernet-switching vlan members 200\n"
    )
    bond = NETPLAN_BOND + "  vlans:\n    bond0.100:\n      id: 100\n      link: bond0\n"
    root = tree(
        tmp_path,
        {"etc/netplan/bond.yaml": bond, "switch/leaf1.set": junos, "wiring.yaml": WIRING},
        "xe-0/0/1",
        "xe-0/0/2",
    )
    (finding,) = findings(root)
    assert (finding["line"], "xe-0/0/2" in finding["message"], "access vlan 200" in finding["message"]) == (
        9,
        True,
        True,
    )


def test_untagged_use_on_a_junos_trunk_without_native_vlan(tmp_path: Path) -> None:
    junos = (
        "set system host-name leaf1\n"
        "set interfaces xe-0/0/1 unit 0 family ethernet-switching interface-mode trunk\n"
        "set interfaces xe-0/0/1 unit 0 family ethernet-switching vlan members 100\n"
        "set interfaces xe-0/0/2 native-vlan-id 100\n"
        "set interfaces xe-0/0/2 unit 0 family ethernet-switching interface-mode trunk\n"
        "set interfaces xe-0/0/2 unit 0 family ethernet-switching vlan members 100\n"
    )
    bond = NETPLAN_BOND.replace("      interfaces:", "      addresses: [192.0.2.20/24]\n      interfaces:")
    root = tree(
        tmp_path,
        {"etc/netplan/bond.yaml": bond, "switch/leaf1.set": junos, "wiring.yaml": WIRING},
        "xe-0/0/1",
        "xe-0/0/2",
    )
    (finding,) = findings(root)
    assert "VLAN untagged" in finding["message"] and "xe-0/0/1" in finding["message"]
    assert line_of(root / "db20/etc/netplan/bond.yaml", finding["line"]) == "addresses: [192.0.2.20/24]"


def test_native_vlan_and_allowed_vlans_pass(tmp_path: Path) -> None:
    ios = IOS.replace("allowed vlan 200,300", "allowed vlan 100-300").replace(
        "switchport mode trunk\n", "switchport mode trunk\n switchport trunk native vlan 100\n"
    )
    bond = NETPLAN_BOND.replace("      interfaces:", "      dhcp4: true\n      interfaces:")
    bond += "  vlans:\n    bond0.100:\n      id: 100\n      link: bond0\n"
    root = tree(tmp_path, {"etc/netplan/bond.yaml": bond, "switch/leaf1.cfg": ios, "wiring.yaml": WIRING})
    assert findings(root) == []


def test_cisco_native_vlan_not_allowed_drops_untagged(tmp_path: Path) -> None:
    ios = IOS.replace("allowed vlan 100,200,300", "allowed vlan 200,300")
    bond = NETPLAN_BOND.replace("      interfaces:", "      dhcp4: true\n      interfaces:")
    root = tree(tmp_path, {"etc/netplan/bond.yaml": bond, "switch/leaf1.cfg": ios, "wiring.yaml": WIRING})
    assert sorted(f["message"].split(" out of port ")[1].split()[0] for f in findings(root)) == ["eno1", "eno2"]


def test_networkd_vlan_and_running_vlan_devices(tmp_path: Path) -> None:
    netdev = "[NetDev]\nName=bond0\nKind=bond\n\n[Bond]\nMode=active-backup\nMIIMonitorSec=100ms\n"
    network = "[Match]\nName=bond0\n\n[Network]\nVLAN=bond0.100\n"
    vlan = "[NetDev]\nName=bond0.100\nKind=vlan\n\n[VLAN]\nId=100\n"
    port = "[Match]\nName=eno1 eno2\n\n[Network]\nBond=bond0\n"
    ip = (
        "9: bond0.300@bond0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
        "    link/ether 52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
        "    vlan protocol 802.1Q id 300 <REORDER_HDR>\n"
    )
    ios = IOS.replace("allowed vlan 200,300", "allowed vlan 200").replace(
        "allowed vlan 100,200,300", "allowed vlan 100,200"
    )
    root = tree(
        tmp_path,
        {
            "etc/systemd/network/10-bond0.netdev": netdev,
            "etc/systemd/network/10-bond0.network": network,
            "etc/systemd/network/20-bond0.100.netdev": vlan,
            "etc/systemd/network/30-ports.network": port,
            "sos_commands/networking/ip_-d_link": ip,
            "switch/leaf1.cfg": ios,
            "wiring.yaml": WIRING,
        },
    )
    found = sorted(
        (f["path"].rsplit("/", 1)[1], f["line"], f["message"].split(" out of port ")[1].split()[0])
        for f in findings(root)
    )
    assert found == [("10-bond0.network", 5, "eno1"), ("ip_-d_link", 3, "eno1"), ("ip_-d_link", 3, "eno2")]


def test_nothing_without_the_switch_configuration(tmp_path: Path) -> None:
    bond = NETPLAN_BOND + "  vlans:\n    bond0.100:\n      id: 100\n      link: bond0\n"
    root = tree(tmp_path, {"etc/netplan/bond.yaml": bond, "wiring.yaml": WIRING})
    assert findings(root) == []
