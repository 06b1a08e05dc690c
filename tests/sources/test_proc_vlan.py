"""``/proc/net/vlan/config``: the kernel's VLAN devices, as the 8021q module prints them."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.sources import proc_vlan
from bondlint.sources.base import InterfaceRuntime

# vlan_seq_show: "VLAN Dev name\t | VLAN ID", "Name-Type: %s", then "%-15s| %d  | %s".
CONFIG = (
    "VLAN Dev name\t | VLAN ID\n"
    "Name-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD\n"
    "bond0.100      | 100  | bond0\n"
    "storage-vlan-long-name| 300  | bond1\n"
)


def test_each_device_is_a_vlan_on_its_parent_at_its_line() -> None:
    result = proc_vlan.parse(CONFIG, "proc/net/vlan/config")
    assert result.diagnostics == []
    devices = [f for f in result.facts if isinstance(f, InterfaceRuntime)]
    assert [(d.name.value, d.values["vlan_id"].value, d.values["link"].value) for d in devices] == [
        ("bond0.100", "100", "bond0"),
        ("storage-vlan-long-name", "300", "bond1"),
    ]
    assert [d.location.line for d in devices] == [3, 4]
    assert all(d.values["kind"].value == "vlan" for d in devices)


def test_a_damaged_line_is_a_diagnostic_and_the_rest_is_read() -> None:
    result = proc_vlan.parse(CONFIG + "eth0.7 | seven | eth0\n", "config")
    assert [(d.location.line, d.message.split(":")[0]) for d in result.diagnostics] == [
        (5, "not a VLAN device line (name | id | parent)")
    ]
    assert len(result.facts) == 2


def test_it_claims_the_kernel_file_and_its_header_only() -> None:
    assert proc_vlan.claims(PurePosixPath("sos/proc/net/vlan/config"), "")
    assert proc_vlan.claims(PurePosixPath("captures/web1-vlans.txt"), CONFIG[:1024])
    assert not proc_vlan.claims(PurePosixPath("etc/ssh/config"), "Host *\n")
    assert not proc_vlan.claims(PurePosixPath("proc/net/vlan/bond0.100"), "bond0.100  VID: 100\n")


BONDING = """Ethernet Channel Bonding Driver: v5.14.0

Bonding Mode: fault-tolerance (active-backup)
Primary Slave: None
Currently Active Slave: eno1
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0

Slave Interface: eno1
MII Status: up
Speed: 25000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 0c:42:a1:00:00:01
Slave queue ID: 0

Slave Interface: eno2
MII Status: up
Speed: 25000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 0c:42:a1:00:00:02
Slave queue ID: 0
"""
SWITCH = """hostname leaf1
!
interface GigabitEthernet1/0/11
 switchport mode trunk
 switchport trunk allowed vlan ALLOWED
!
interface GigabitEthernet1/0/12
 switchport mode trunk
 switchport trunk allowed vlan ALLOWED
!
"""
WIRING = """links:
  - {host: web1, host_port: eno1, switch: leaf1, switch_port: Gi1/0/11}
  - {host: web1, host_port: eno2, switch: leaf1, switch_port: Gi1/0/12}
"""


def _findings(root: Path, allowed: str) -> list[str]:
    """BL044 on a host whose bond0 runs the VLANs of ``CONFIG`` (bond0.100 and, moved
    onto bond0, the long-named 300), cabled to trunks allowing ``allowed``."""
    files = {
        "web1/proc/net/bonding/bond0": BONDING,
        "web1/proc/net/vlan/config": CONFIG.replace("bond1", "bond0"),
        "web1/etc/hostname": "web1\n",
        "switch/leaf1.cfg": SWITCH.replace("ALLOWED", allowed),
        "wiring.yaml": WIRING,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    result = CliRunner().invoke(app, ["scan", "-f", "json", "--fail-on", "never", "--select", "BL044", str(root)])
    assert result.exit_code == 0, result.output
    return [f"{f['path'].rsplit('/', 4)[-4:]}:{f['line']}" for f in json.loads(result.stdout)["findings"]]


def test_a_running_vlan_the_switch_does_not_carry_is_found_through_this_file(tmp_path: Path) -> None:
    """The format joins the model with no change elsewhere: the bond's running VLANs
    come from it, and the cross-check finds VLAN 300 missing on both trunks (one finding
    per switch port to fix), at the line that lists the VLAN device."""
    assert _findings(tmp_path / "missing", "100") == ["['proc', 'net', 'vlan', 'config']:4"] * 2
    assert _findings(tmp_path / "carried", "100,300") == []
