"""nmstate desired-state parser: corpus, port-list spellings, NNCP manifests, robustness."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from conftest import corpus_path, rows_of_kind

from bondlint.sources import netplan, nmstate
from bondlint.sources.base import (
    LAYER_NETWORKMANAGER,
    BondDefinition,
    Located,
    Location,
    ParseResult,
    VlanDefinition,
)

ROWS = rows_of_kind("host", "nmstate-yaml")
NOT_OURS = rows_of_kind("host", "netplan-yaml", "cloud-init-netconfig")
PATH = "etc/nmstate/bond0.yml"

# file -> (interface, name line, link-aggregation line, options {key: (value, line)},
#          ports [(name, line)], extra {key: (value, line)})
CORPUS_TABLE: dict[str, tuple] = {
    "nmstate/examples__bond_linuxbridge_vlan_up.yml": (
        "bond0",
        23,
        26,
        {"mode": ("active-backup", 27)},
        [("eth1", 29), ("eth2", 30)],
        {"nmstate.state": ("up", 25), "nmstate.options": ("no", 26)},
    ),
    "nmstate/examples__bond_port_up.yml": (
        "bond0",
        5,
        8,
        {"mode": ("active-backup", 9), "miimon": ("140", 11)},
        [("eth1", 13), ("eth2", 14)],
        {
            "nmstate.state": ("up", 7),
            "nmstate.options": ("yes", 10),
            # ports-config: priority and queue-id per port, kept beside the port list
            "port.eth1.priority": ("-1", 18),
            "port.eth1.queue-id": ("0", 17),
            "port.eth2.priority": ("2", 21),
            "port.eth2.queue-id": ("1", 20),
        },
    ),
    "nmstate/rust__src__lib__unit_tests__gen_diff_test_files__change_bond_opt__current.yml": (
        "bond99",
        3,
        6,
        {"mode": ("balance-rr", 7), "miimon": ("140", 9)},
        [("eth2", 11), ("eth1", 12)],
        {"nmstate.state": ("up", 5), "nmstate.options": ("yes", 8)},
    ),
}


def values(mapping: dict) -> dict[str, str]:
    return {key: found.value for key, found in mapping.items()}


def parse(text: str, path: str = PATH) -> ParseResult:
    return nmstate.parse(text, path)


def only(result: ParseResult) -> BondDefinition:
    bonds = [fact for fact in result.facts if not isinstance(fact, VlanDefinition)]
    assert len(bonds) == 1, result.facts
    [fact] = bonds
    assert isinstance(fact, BondDefinition)
    return fact


def lines(mapping: dict) -> dict[str, tuple[str, int]]:
    return {key: (located.value, located.location.line) for key, located in mapping.items()}


def ports(bond: BondDefinition) -> list[tuple[str, int]]:
    return [(port.value, port.location.line) for port in bond.port_names]


def read(name: str) -> str:
    return corpus_path("host", name).read_text(encoding="utf-8", errors="replace")


# --- corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_corpus_file(row: dict[str, str]) -> None:
    name = row["file"]
    text = read(name)
    assert nmstate.claims(PurePosixPath("/etc/nmstate") / PurePosixPath(name).name, text[:1024])
    assert nmstate.claims(PurePosixPath("/tmp") / PurePosixPath(name).name, text[:1024])
    result = parse(text, name)
    assert result.diagnostics == []
    bond = only(result)
    interface, line, options_line, options, port_list, extra = CORPUS_TABLE[name]
    assert bond.format == "nmstate"
    assert bond.layer == LAYER_NETWORKMANAGER
    assert bond.interface and bond.interface.value == interface
    assert bond.location == Location(name, line)
    assert bond.interface.location == Location(name, line)
    assert bond.options_location == Location(name, options_line)
    assert lines(bond.options) == options
    assert ports(bond) == port_list
    assert lines(bond.extra) == extra


def test_corpus_table_matches_manifest() -> None:
    corpus_path("host", "MANIFEST.tsv")
    assert {row["file"] for row in ROWS} == set(CORPUS_TABLE)


@pytest.mark.parametrize("row", NOT_OURS, ids=[row["file"] for row in NOT_OURS])
def test_netplan_and_cloud_init_are_not_claimed(row: dict[str, str]) -> None:
    text = read(row["file"])
    assert not nmstate.claims(PurePosixPath("/tmp") / PurePosixPath(row["file"]).name, text[:1024])
    result = parse(text, row["file"])
    assert result.facts == []


# --- hand-written states -----------------------------------------------------------------

PORT_SPELLINGS = """\
interfaces:
- name: bond0
  type: bond
  state: up
  link-aggregation:
    mode: active-backup
    options:
      miimon: 100
      primary: eno1
    {key}:
    - eno1
    - eno2
"""


@pytest.mark.parametrize("key", ["port", "ports", "slaves"])
def test_port_list_spellings(key: str) -> None:
    result = parse(PORT_SPELLINGS.format(key=key))
    assert result.diagnostics == []
    bond = only(result)
    assert bond.location == Location(PATH, 2)
    assert bond.options_location == Location(PATH, 5)
    assert lines(bond.options) == {
        "mode": ("active-backup", 6),
        "miimon": ("100", 8),
        "primary": ("eno1", 9),
    }
    assert ports(bond) == [("eno1", 11), ("eno2", 12)]
    expected = {"nmstate.state": ("up", 4), "nmstate.options": ("yes", 7)}
    if key == "slaves":  # read (nmstate 1.x renames it to port), but 2.x refuses it
        expected["nmstate.port-key"] = ("slaves", 10)
    assert lines(bond.extra) == expected


def test_mode_without_options_and_other_interfaces() -> None:
    text = """\
---
interfaces:
  - name: eno1
    type: ethernet
    state: up
  - name: bond1
    type: bond
    mtu: 9000
    link-aggregation:
      mode: 802.3ad
      ports: [eno1, eno2]
  - name: bond1.10
    type: vlan
    vlan: {base-iface: bond1, id: 10}
"""
    result = parse(text)
    assert result.diagnostics == []
    bond = only(result)
    assert bond.interface == Located("bond1", Location(PATH, 6))
    assert lines(bond.options) == {"mode": ("802.3ad", 10)}
    assert ports(bond) == [("eno1", 11), ("eno2", 11)]
    assert bond.mtu and (bond.mtu.value, bond.mtu.location.line) == ("9000", 8)
    assert lines(bond.extra) == {"nmstate.options": ("no", 9)}
    (vlan,) = [fact for fact in result.facts if isinstance(fact, VlanDefinition)]
    assert vlan.name == Located("bond1.10", Location(PATH, 12))
    assert vlan.parent and (vlan.parent.value, vlan.parent.location.line) == ("bond1", 14)
    assert vlan.vlan_id and (vlan.vlan_id.value, vlan.vlan_id.location.line) == ("10", 14)


def test_list_options_are_comma_joined_and_booleans_converted() -> None:
    text = """\
interfaces:
- name: bond0
  type: bond
  link-aggregation:
    mode: active-backup
    options:
      arp_interval: 1000
      arp_ip_target:
      - 192.0.2.1
      - 192.0.2.2
      arp_validate: all
      use_carrier: true
"""
    result = parse(text)
    bond = only(result)
    assert lines(bond.options) == {
        "mode": ("active-backup", 5),
        "arp_interval": ("1000", 7),
        "arp_ip_target": ("192.0.2.1,192.0.2.2", 8),
        "arp_validate": ("all", 11),
        "use_carrier": ("1", 12),  # nmstate's bool, as NetworkManager receives it
    }
    assert "nmstate.state" not in bond.extra
    # BondOptions.arp_ip_target is a String in nmstate 2.x (serde refuses a sequence) and
    # 1.x hands str(list) to NetworkManager, which refuses it: a refusal, so a diagnostic.
    assert [(d.location.line, "not a list" in d.message) for d in result.diagnostics] == [(8, True)]


NNCP = """\
apiVersion: nmstate.io/v1
kind: NodeNetworkConfigurationPolicy
metadata:
  name: bond0-lacp
spec:
  nodeSelector:
    node-role.kubernetes.io/worker: ""
  desiredState:
    interfaces:
    - name: bond0
      type: bond
      state: up
      link-aggregation:
        mode: 802.3ad
        options:
          miimon: "140"
          lacp_rate: fast
        port:
        - ens1f0
        - ens1f1
"""


def test_nncp_manifest() -> None:
    path = "manifests/nncp-bond0.yaml"
    assert nmstate.claims(PurePosixPath(path), NNCP)
    result = nmstate.parse(NNCP, path)
    assert result.diagnostics == []
    bond = only(result)
    assert bond.location == Location(path, 10)
    assert bond.options_location == Location(path, 13)
    assert lines(bond.options) == {
        "mode": ("802.3ad", 14),
        "miimon": ("140", 16),
        "lacp_rate": ("fast", 17),
    }
    assert ports(bond) == [("ens1f0", 19), ("ens1f1", 20)]
    assert lines(bond.extra) == {"nmstate.state": ("up", 12), "nmstate.options": ("yes", 15)}


def test_several_documents_are_all_read() -> None:
    text = NNCP + "---\n" + PORT_SPELLINGS.format(key="port").replace("bond0", "bond7")
    result = parse(text)
    assert result.diagnostics == []
    assert [fact.interface.value for fact in result.facts] == ["bond0", "bond7"]
    assert result.facts[1].location == Location(PATH, 23)


def test_malformed_yaml_is_reported_at_its_line() -> None:
    text = "interfaces:\n- name: bond0\n  type: bond\n  link-aggregation:\n    mode: [broken\n"
    result = parse(text)
    assert result.facts == []
    assert len(result.diagnostics) == 1
    assert result.diagnostics[0].message.startswith("malformed YAML: ")
    assert result.diagnostics[0].location.path == PATH
    assert result.diagnostics[0].location.line >= 5


def test_duplicate_key_reads_the_first_value() -> None:
    text = "interfaces:\n- name: bond0\n  type: bond\n  name: bond1\n"
    result = parse(text)
    assert [d.location.line for d in result.diagnostics] == [4]
    assert only(result).interface.value == "bond0"


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("interfaces: {bond0: {}}\n", 1, "interfaces: is not a list"),
        ("interfaces:\n- bond0\n", 2, "interface entry is not a mapping"),
        ("interfaces:\n- type: bond\n", 2, "bond interface without a name"),
        (
            "interfaces:\n- name: b\n  type: bond\n  link-aggregation: [x]\n",
            4,
            "link-aggregation: is not a mapping",
        ),
        (
            "interfaces:\n- name: b\n  type: bond\n  link-aggregation:\n    options: 5\n",
            5,
            "options: is not a mapping",
        ),
        (
            "interfaces:\n- name: b\n  type: bond\n  link-aggregation:\n    port: eno1\n",
            5,
            "port: is not a list",
        ),
    ],
)
def test_structural_problems(text: str, line: int, message: str) -> None:
    diagnostics = parse(text).diagnostics
    assert [(d.location.line, d.message) for d in diagnostics] == [(line, message)]


def test_unrelated_yaml_yields_nothing() -> None:
    assert parse("routes:\n  config: []\n") == ParseResult()
    assert parse("") == ParseResult()
    assert parse("interfaces:\n") == ParseResult()


@pytest.mark.parametrize(
    "path, head, claimed",
    [
        ("/etc/nmstate/bond0.yml", "---\ninterfaces:\n- name: bond0\n", True),
        ("/etc/nmstate/bond0.yml", "", False),  # the folder alone never decides
        ("/etc/nmstate/bond0.yaml", "interfaces: []\n", True),
        ("/etc/nmstate/bond0.applied", "", False),
        ("sos_commands/networking/nmstatectl_show", "", True),
        ("sos_commands/networking/nmstatectl_show_-r", "interfaces:\n", True),
        ("/tmp/state.yml", "interfaces:\n- name: bond0\n  link-aggregation:\n", True),
        ("/tmp/nncp.yaml", "spec:\n  desiredState:\n    interfaces:\n", True),
        ("/tmp/state.yml", "interfaces:\n- name: eth0\n  type: ethernet\n", False),
        ("/tmp/x.yaml", "routes:\n  config: []\n", False),
        ("/etc/nmstate/01.yaml", "network:\n  version: 2\n  bonds: {}\n", False),
        ("/tmp/x.yaml", "#cloud-config\ninterfaces:\n  link-aggregation:\n", False),
        ("/tmp/x.yaml", "version: 1\nconfig:\n- type: bond\n  interfaces:\n  link-aggregation:\n", False),
        ("/etc/cloud/cloud.cfg.d/50-nmstate.yaml", "interfaces:\n  link-aggregation:\n", False),
    ],
)
def test_claims(path: str, head: str, claimed: bool) -> None:
    assert nmstate.claims(PurePosixPath(path), head) is claimed


def test_netplan_does_not_claim_nmstate() -> None:
    assert not netplan.claims(PurePosixPath(f"/{PATH}"), PORT_SPELLINGS.format(key="port"))


# --- nmstate's own value spellings (rust/src/lib/ifaces/bond.rs, 2.2.37; 2.2.47 notes) ----

# The shape `nmstatectl show` prints for a bond (nmstate 2.x): every option the kernel
# reports, nmstate's enum words, booleans as true/false, ports-config beside port.  Written
# for this test after nmstate's examples/ and the BondOptions serde attributes.
SHOW_OUTPUT = """\
---
interfaces:
- name: bond0
  type: bond
  state: up
  mtu: 1500
  link-aggregation:
    mode: 802.3ad
    options:
      ad_actor_sys_prio: 65535
      ad_select: stable
      all_slaves_active: dropped
      arp_interval: 0
      arp_ip_target: ''
      lacp_rate: fast
      miimon: 100
      use_carrier: true
      xmit_hash_policy: layer3+4
    port:
    - eth1
    - eth2
    ports-config:
    - name: eth1
      priority: 0
      queue-id: 0
- name: bond1
  type: bond
  state: up
  link-aggregation:
    mode: balance-tlb
    options:
      miimon: 100
      tlb_dynamic_lb: false
    port:
    - eth3
    - eth4
"""


def test_show_output_values_as_networkmanager_receives_them() -> None:
    result = parse(SHOW_OUTPUT, "sos_commands/networkmanager/nmstatectl_show")
    assert result.diagnostics == []
    bond0, bond1 = [f for f in result.facts if isinstance(f, BondDefinition)]
    assert values(bond0.options) == {
        "mode": "802.3ad",
        "ad_actor_sys_prio": "65535",
        "ad_select": "stable",
        "all_slaves_active": "0",  # BondAllPortsActive::Dropped
        "arp_interval": "0",
        "lacp_rate": "fast",
        "miimon": "100",
        "use_carrier": "1",
        "xmit_hash_policy": "layer3+4",
    }  # arp_ip_target: '' sets nothing
    assert ports(bond0) == [("eth1", 20), ("eth2", 21)]
    assert lines(bond0.extra)["port.eth1.queue-id"] == ("0", 25)
    assert values(bond1.options)["tlb_dynamic_lb"] == "0"


def test_show_output_has_no_error_finding(tmp_path) -> None:
    """Before the values were converted, this output gave four false errors
    (BL127 for dropped/true/false, BL164 for balance_slb)."""
    import json

    from typer.testing import CliRunner

    from bondlint.cli import app

    text = SHOW_OUTPUT.replace(
        "      tlb_dynamic_lb: false\n", "      tlb_dynamic_lb: false\n      balance_slb: false\n"
    )
    (tmp_path / "nmstatectl_show").write_text(text)
    out = CliRunner().invoke(app, ["scan", "--format", "json", "--fail-on", "never", str(tmp_path)]).stdout
    errors = [f["rule"] for f in json.loads(out)["findings"] if f["severity"] in ("error", "warning")]
    assert errors == []


@pytest.mark.parametrize(
    ("written", "sent"),
    [("true", "1"), ("false", "0"), ("yes", "1"), ("off", "0"), ("1", "1"), ("0", "0")],
)
def test_boolean_options(written: str, sent: str) -> None:
    text = f"""\
interfaces:
- name: bond0
  type: bond
  link-aggregation:
    mode: balance-xor
    options:
      xmit_hash_policy: vlan+srcmac
      balance_slb: {written}
      use_carrier: {written}
      lacp_active: {written}
    port: [eno1, eno2]
"""
    bond = only(parse(text))
    # balance_slb is nmstate's key (alias balance-slb); NetworkManager's is balance-slb.
    assert values(bond.options)["balance-slb"] == sent
    assert "balance_slb" not in bond.options
    assert values(bond.options)["use_carrier"] == sent
    assert values(bond.options)["lacp_active"] == {"1": "on", "0": "off"}[sent]


@pytest.mark.parametrize(("written", "mode"), [("lacp", "802.3ad"), ("4", "4"), ("active-backup", "active-backup")])
def test_mode_aliases(written: str, mode: str) -> None:
    text = f"interfaces:\n- name: bond0\n  type: bond\n  link-aggregation:\n    mode: {written}\n"
    bond = only(parse(text))
    assert lines(bond.options) == {"mode": (mode, 5)}  # numbers are the model's business
    assert ("nmstate.mode" in bond.extra) is (written == "lacp")


def test_bond_section_alias() -> None:
    """nmstate 2.2.47 reads bond: as link-aggregation: (925c44dc)."""
    text = (
        "interfaces:\n- name: bond0\n  type: bond\n  bond:\n    mode: active-backup\n    options: {miimon: 100}\n"
        "    port: [eno1, eno2]\n"
    )
    bond = only(parse(text))
    assert lines(bond.options) == {"mode": ("active-backup", 5), "miimon": ("100", 6)}
    assert bond.options_location == Location(PATH, 4)
    assert ports(bond) == [("eno1", 7), ("eno2", 7)]


@pytest.mark.parametrize("state", ["absent", "down", "ignore", "Absent"])
def test_bond_not_brought_up_is_no_definition(state: str) -> None:
    text = f"interfaces:\n- name: bond0\n  type: bond\n  state: {state}\n  link-aggregation:\n    mode: active-backup\n"
    result = parse(text)
    assert result.facts == [] and result.diagnostics == []


def test_ports_config_without_port_list() -> None:
    """nmstate: "port is not required to set with ports-config" (BondConfig)."""
    text = """\
interfaces:
- name: bond0
  type: bond
  link-aggregation:
    mode: active-backup
    ports-config:
    - name: eno1
      priority: 10
    - name: eno2
      queue-id: 2
"""
    bond = only(parse(text))
    assert ports(bond) == [("eno1", 7), ("eno2", 9)]
    assert lines(bond.extra)["port.eno1.priority"] == ("10", 8)
    assert lines(bond.extra)["port.eno2.queue-id"] == ("2", 10)


def test_options_nmstate_refuses() -> None:
    text = """\
interfaces:
- name: bond0
  type: bond
  link-aggregation:
    mode: 802.3ad
    options:
      coupled_control: false
      peer_notif_delay: 200
      miimon: 100
"""
    result = parse(text)
    bond = only(result)
    # coupled_control: no nmstate and no NetworkManager takes it: every version refuses.
    assert [d.location.line for d in result.diagnostics] == [7]
    # peer_notif_delay: NetworkManager takes it (nmstate 1.x), nmstate 2.x refuses it.
    assert "nmstate.refused-by-2.x.peer_notif_delay" in bond.extra
    assert values(bond.options)["peer_notif_delay"] == "200"
