"""Precision over volume: one root cause is one finding, its consequences related locations.

Each case is a small tree built here and scanned with every builtin rule; the test asserts
the exact list of findings (rule and count), so a consequence that comes back as a finding
of its own, or a cause that splits into one finding per port or per value, fails it.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()


def scan(*paths: Path) -> list[dict]:
    result = runner.invoke(app, ["scan", "--format", "json", "--fail-on", "never", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["findings"]


def rules(findings: list[dict]) -> list[str]:
    return sorted(f["rule"] for f in findings)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


# An 802.3ad bond whose switch never answered LACP: partner MAC zero, the ports split over
# aggregators 1 and 2, actor states 207 / 199 (defaulted, expired, not distributing), churned.
NO_PARTNER = """\
Ethernet Channel Bonding Driver: v3.7.1 (April 27, 2011)

Bonding Mode: IEEE 802.3ad Dynamic link aggregation
Transmit Hash Policy: layer2 (0)
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0

802.3ad info
LACP rate: fast
Min links: 0
Aggregator selection policy (ad_select): stable
System priority: 65535
System MAC address: 08:00:27:29:dc:a5
Active Aggregator Info:
\tAggregator ID: 1
\tNumber of ports: 1
\tActor Key: 9
\tPartner Key: 1
\tPartner Mac Address: 00:00:00:00:00:00
""" + "".join(
    f"""
Slave Interface: {port}
MII Status: up
Speed: 1000 Mbps
Duplex: full
Link Failure Count: 1
Permanent HW addr: 08:00:27:29:dc:a{index}
Slave queue ID: 0
Aggregator ID: {index + 1}
Actor Churn State: churned
Partner Churn State: churned
Actor Churned Count: 2
Partner Churned Count: 2
details actor lacp pdu:
    system priority: 65535
    system mac address: 08:00:27:29:dc:a5
    port key: 9
    port priority: 255
    port number: {index + 1}
    port state: {state}
details partner lacp pdu:
    system priority: 65535
    system mac address: 00:00:00:00:00:00
    oper key: 1
    port priority: 255
    port number: 1
    port state: 3
"""
    for index, (port, state) in enumerate((("eno1", 207), ("eno2", 199)))
)

LACP_BOND = """\
network:
  version: 2
  renderer: NetworkManager
  bonds:
    bond0:
      interfaces: [eno1, eno2]
      parameters: {mode: 802.3ad, mii-monitor-interval: 100, lacp-rate: fast}
"""

ACCESS_PORTS = "hostname leaf1\n!\n" + "".join(
    f"interface GigabitEthernet1/0/{n}\n description host1 {port}\n switchport mode access\n"
    f" switchport access vlan 200\n spanning-tree portfast\n!\n"
    for n, port in ((11, "eno1"), (12, "eno2"))
)

WIRING = """\
links:
  - {host: host1, host_port: eno1, switch: leaf1, switch_port: Gi1/0/11}
  - {host: host1, host_port: eno2, switch: leaf1, switch_port: Gi1/0/12}
"""


def test_lacp_bond_facing_ports_without_a_channel_is_one_finding(tmp_path: Path) -> None:
    """Before: BL030 twice (one per switch port), BL021, BL022 and BL023 twice: six."""
    write(
        tmp_path,
        {
            "host1/etc/hostname": "host1\n",
            "host1/etc/netplan/bond.yaml": LACP_BOND,
            "host1/proc/net/bonding/bond0": NO_PARTNER,
            "switch/leaf1.cfg": ACCESS_PORTS,
            "wiring.yaml": WIRING,
        },
    )
    findings = scan(tmp_path)
    assert rules(findings) == ["BL030"]
    (finding,) = findings
    assert finding["path"].endswith("host1/etc/netplan/bond.yaml") and finding["line"] == 7
    related = {(r["path"].rsplit("/", 1)[-1], r["line"]): r["message"] for r in finding["related"]}
    # Both switch ports, then the runtime symptoms the missing channel causes.
    assert related[("leaf1.cfg", 3)].startswith("leaf1 Gi1/0/11 (host port eno1): access vlan 200, channel none")
    assert related[("leaf1.cfg", 9)].startswith("leaf1 Gi1/0/12 (host port eno2)")
    assert related[("bond0", 21)] == "bond0: partner mac 00:00:00:00:00:00"
    assert any(m == "bond0 port eno2: aggregator id 2" for m in related.values()), related
    assert any(m == "bond0 port eno1: actor lacp port state 207" for m in related.values()), related


def test_the_runtime_symptoms_stay_findings_without_the_switch_side(tmp_path: Path) -> None:
    """Without the switch configuration the missing partner is the cause: one BL021 whose
    related locations are the split aggregators and the ports' LACP states (before: BL021,
    BL022 and BL023 twice)."""
    write(
        tmp_path,
        {
            "host1/etc/hostname": "host1\n",
            "host1/etc/netplan/bond.yaml": LACP_BOND,
            "host1/proc/net/bonding/bond0": NO_PARTNER,
        },
    )
    findings = scan(tmp_path)
    assert rules(findings) == ["BL021"]
    lines = sorted(r["line"] for r in findings[0]["related"])
    assert len(lines) == 4  # eno1 / eno2: aggregator id and actor port state


def test_one_port_outside_the_channel_is_one_finding(tmp_path: Path) -> None:
    """eno2's switch port left out of an LACP channel: BL030 once; eno2 alone in its own
    aggregator, the channel's single member and the two 'channels' are its consequences."""
    channel = (
        ACCESS_PORTS.replace(
            "interface GigabitEthernet1/0/11\n description host1 eno1\n"
            " switchport mode access\n switchport access vlan 200\n spanning-tree portfast\n",
            "interface GigabitEthernet1/0/11\n description host1 eno1\n"
            " switchport mode access\n switchport access vlan 200\n channel-group 11 mode active\n",
        )
        + "interface Port-channel11\n switchport mode access\n switchport access vlan 200\n spanning-tree portfast\n!\n"
    )
    runtime = NO_PARTNER.replace("Partner Mac Address: 00:00:00:00:00:00", "Partner Mac Address: 00:1c:73:aa:bb:cc")
    write(
        tmp_path,
        {
            "host1/etc/hostname": "host1\n",
            "host1/etc/netplan/bond.yaml": LACP_BOND,
            "host1/proc/net/bonding/bond0": runtime,
            "switch/leaf1.cfg": channel,
            "wiring.yaml": WIRING,
        },
    )
    findings = scan(tmp_path)
    # Before: BL030, BL031 (the channel and 'none' counted as two channels), BL039 (one
    # member for two ports), BL022 / BL023 / BL024 for eno2, and BL038.  The LACP rate
    # mismatch of Gi1/0/11 (slow) with the bond (fast) is a cause of its own and stays.
    assert rules(findings) == ["BL030", "BL038"]


KEYFILE_MII = """\
[connection]
id=bond0
type=bond
interface-name=bond0

[bond]
mode=active-backup
miimon=100
updelay=200
downdelay=200
primary=eno1
"""

PORT = "[connection]\nid={0}\ntype=ethernet\ninterface-name={0}\ncontroller=bond0\nport-type=bond\n"

RUNNING_ARP = """\
Ethernet Channel Bonding Driver: v5.14.0

Bonding Mode: fault-tolerance (active-backup)
Primary Slave: eno1 (primary_reselect always)
Currently Active Slave: eno1
MII Status: up
MII Polling Interval (ms): 0
Up Delay (ms): 0
Down Delay (ms): 0
ARP Polling Interval (ms): 1000
ARP IP target/s (n.n.n.n form): 192.0.2.1, 192.0.2.2
""" + "".join(
    f"\nSlave Interface: {port}\nMII Status: up\nSpeed: 10000 Mbps\nDuplex: full\nLink Failure Count: 0\n"
    f"Permanent HW addr: 52:54:00:00:00:1{n}\nSlave queue ID: 0\n"
    for n, port in ((1, "eno1"), (2, "eno2"))
)


def host2(root: Path, keyfile: str, runtime: str) -> Path:
    connections = "host2/etc/NetworkManager/system-connections"
    return write(
        root,
        {
            "host2/etc/hostname": "host2\n",
            f"{connections}/bond0.nmconnection": keyfile,
            f"{connections}/eno1.nmconnection": PORT.format("eno1"),
            f"{connections}/eno2.nmconnection": PORT.format("eno2"),
            "host2/proc/net/bonding/bond0": runtime,
        },
    )


def test_mii_to_arp_drift_is_one_finding(tmp_path: Path) -> None:
    """Persisted miimon=100 (with delays), running ARP every 1000 ms with two targets and
    miimon 0.  Before: BL012 five times (miimon, arp_interval, arp_ip_target, and both delays
    with a broken 'explained_by_miimon_change=unset' message)."""
    findings = scan(host2(tmp_path, KEYFILE_MII, RUNNING_ARP))
    assert rules(findings) == ["BL012"]
    (finding,) = findings
    assert finding["line"] == 8 and "monitoring=arp" in finding["message"] and "monitoring=mii" in finding["message"]
    related = [r["message"] for r in finding["related"]]
    assert related == [
        "bond0: miimon 0",
        "bond0: arp interval 1000",
        "bond0: arp ip target 192.0.2.1, 192.0.2.2",
        "bond0: updelay 0",
        "bond0: downdelay 0",
    ]


def test_a_miimon_change_that_rescaled_the_delays_is_one_finding(tmp_path: Path) -> None:
    """miimon 100 -> 200 on the running bond doubled updelay and downdelay.  Before: BL012
    (miimon) and BL103 twice (one per delay)."""
    runtime = RUNNING_ARP.replace("MII Polling Interval (ms): 0", "MII Polling Interval (ms): 200")
    runtime = runtime.replace("Up Delay (ms): 0", "Up Delay (ms): 400").replace(
        "Down Delay (ms): 0", "Down Delay (ms): 400"
    )
    runtime = runtime.replace(
        "ARP Polling Interval (ms): 1000\nARP IP target/s (n.n.n.n form): 192.0.2.1, 192.0.2.2\n", ""
    )
    findings = scan(host2(tmp_path, KEYFILE_MII, runtime))
    assert rules(findings) == ["BL103"]
    (finding,) = findings
    assert finding["line"] == 8  # the persisted miimon line: the cause
    assert "updelay 400 ms, downdelay 400 ms" in finding["message"]
    assert [r["message"] for r in finding["related"]] == [
        "bond0: miimon 200",
        "bond0: updelay 400",
        "bond0: downdelay 400",
    ]


def test_a_lost_primary_is_one_finding(tmp_path: Path) -> None:
    """The running bond has no primary (persisted primary=eno1) and runs on eno2.  Before:
    BL014 primary-drift and BL020 active-not-primary (eno1 'is the primary and up')."""
    runtime = RUNNING_ARP.replace("MII Polling Interval (ms): 0", "MII Polling Interval (ms): 100")
    runtime = runtime.replace(
        "ARP Polling Interval (ms): 1000\nARP IP target/s (n.n.n.n form): 192.0.2.1, 192.0.2.2\n", ""
    )
    runtime = runtime.replace("Primary Slave: eno1 (primary_reselect always)", "Primary Slave: None")
    runtime = runtime.replace("Currently Active Slave: eno1", "Currently Active Slave: eno2")
    keyfile = KEYFILE_MII.replace("updelay=200\ndowndelay=200\n", "")
    findings = scan(host2(tmp_path, keyfile, runtime))
    assert rules(findings) == ["BL014"]
    assert "bond0: active port eno2" in [r["message"] for r in findings[0]["related"]]


def test_a_primary_that_runs_up_but_not_active_is_still_reported(tmp_path: Path) -> None:
    """No drift: the running primary eno1 is up and eno2 carries the traffic (BL020 alone)."""
    runtime = RUNNING_ARP.replace("MII Polling Interval (ms): 0", "MII Polling Interval (ms): 100")
    runtime = runtime.replace(
        "ARP Polling Interval (ms): 1000\nARP IP target/s (n.n.n.n form): 192.0.2.1, 192.0.2.2\n", ""
    )
    runtime = runtime.replace("Currently Active Slave: eno1", "Currently Active Slave: eno2")
    keyfile = KEYFILE_MII.replace("updelay=200\ndowndelay=200\n", "")
    assert rules(scan(host2(tmp_path, keyfile, runtime))) == ["BL020"]


def test_an_unknown_option_is_a_warning_unless_the_layer_refuses_the_bond(tmp_path: Path) -> None:
    """keyfile: NetworkManager drops the option and loads the profile (BL134, a warning);
    nmstate refuses the whole desired state (BL164, an error)."""
    keyfile = KEYFILE_MII.replace("miimon=100", "miimom=100").replace("updelay=200\ndowndelay=200\n", "")
    write(tmp_path / "a", {"etc/NetworkManager/system-connections/bond0.nmconnection": keyfile})
    write(
        tmp_path / "b",
        {
            "etc/nmstate/bond.yml": "interfaces:\n- name: bond0\n  type: bond\n  state: up\n  link-aggregation:\n"
            "    mode: active-backup\n    options:\n      miimom: 100\n    port: [eno1, eno2]\n"
        },
    )
    dropped = [f for f in scan(tmp_path / "a") if f["rule"] == "BL134"]
    assert [f["severity"] for f in dropped] == ["warning"]
    refused = [(f["rule"], f["severity"]) for f in scan(tmp_path / "b") if f["rule"] in ("BL134", "BL164")]
    assert refused == [("BL164", "error")]
