"""Tests for the Junos configuration parser: both forms, groups, ranges, corpus, damage."""

from __future__ import annotations

import itertools
import re
import time
from functools import cache
from pathlib import Path, PurePosixPath

import pytest
from conftest import CORPUS, corpus_path, manifest_rows
from harness import check
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bondlint.sources import junos
from bondlint.sources.base import ParseResult, SwitchConfig, SwitchInterface
from bondlint.sources.junos import Statement, claims, flatten, parse
from bondlint.sources.junos.flat import NUMBERED_DEPTH, in_tree_order, tree_order
from bondlint.sources.junos.ranges import Ports, expand_member, expand_span
from bondlint.sources.junos.reader import read_config

SWITCH = "switch"
JUNOS = "junos"

# --------------------------------------------------------------------------------------
# helpers


def interfaces(result: ParseResult) -> dict[str, SwitchInterface]:
    found = [fact for fact in result.facts if isinstance(fact, SwitchInterface)]
    table = {fact.name.value: fact for fact in found}
    assert len(table) == len(found), "an interface reported twice"
    return table


def config(result: ParseResult) -> SwitchConfig:
    found = [fact for fact in result.facts if isinstance(fact, SwitchConfig)]
    assert len(found) == 1
    return found[0]


def plain(fact: SwitchInterface | SwitchConfig) -> dict[str, str]:
    return {key: item.value for key, item in fact.values.items()}


def lines(fact: SwitchInterface | SwitchConfig) -> dict[str, int]:
    return {key: item.location.line for key, item in fact.values.items()}


def summary(result: ParseResult) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Every fact's values with locations dropped: what two forms must agree on.

    A switch named by its file's name is left out: two files of one configuration
    differ in name only."""
    table = {name: plain(fact) for name, fact in interfaces(result).items()}
    switches = {fact.switch.value for fact in interfaces(result).values() if fact.switch}
    values = plain(config(result))
    assert switches <= {values.get("hostname")}
    if values.get("hostname_source") in ("file name", "folder name"):
        del values["hostname"], values["hostname_source"]
    return values, table


def corpus_file(name: str) -> Path:
    return corpus_path(SWITCH, JUNOS, name)


def corpus_text(name: str) -> str:
    return corpus_file(name).read_text(encoding="utf-8")


def parse_corpus(name: str) -> ParseResult:
    return parse(corpus_text(name), name)


@cache
def config_files() -> tuple[str, ...]:
    """The Junos configurations of the corpus (the ntc-* files are show outputs)."""
    folder = CORPUS / SWITCH / JUNOS
    if not folder.exists():
        return ()
    return tuple(
        sorted(
            path.name
            for path in folder.iterdir()
            if path.suffix in (".set", ".conf") and not path.name.startswith("ntc-")
        )
    )


def quote(word: str) -> str:
    if word and not re.search(r'[\s"{};#\[\]]|/\*', word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_set(statements: list[Statement]) -> str:
    """Render effective statements as ``display set`` lines (lowest priority first)."""
    return "\n".join("set " + " ".join(quote(word) for word in s.path) for s in statements)


def to_braces(statements: list[Statement]) -> str:
    """Render effective statements in the braces form, one-child chains on one line."""
    tree: dict[str, dict] = {}
    for statement in statements:
        node = tree
        for word in statement.path:
            node = node.setdefault(word, {})

    def render(node: dict[str, dict], indent: str) -> list[str]:
        out: list[str] = []
        for word, child in node.items():
            words = [word]
            while len(child) == 1:
                ((only, grandchild),) = child.items()
                words.append(only)
                child = grandchild
            head = indent + " ".join(quote(each) for each in words)
            if child:
                out += [head + " {", *render(child, indent + "    "), indent + "}"]
            else:
                out.append(head + ";")
        return out

    return "\n".join(render(tree, ""))


# --------------------------------------------------------------------------------------
# 1. claims


def test_claims_the_corpus_configs_and_nothing_else_there() -> None:
    folder = corpus_path(SWITCH, JUNOS)
    for path in sorted(folder.iterdir()):
        head = path.read_text(encoding="utf-8")[:1024]
        expected = path.name in config_files()
        assert claims(PurePosixPath(str(path)), head) is expected, path.name


def test_claims_no_other_corpus_file() -> None:
    """Cisco, EOS, NX-OS, Cumulus, SONiC configs and every host capture stay unclaimed."""
    checked = 0
    for path in sorted(corpus_path().rglob("*")):
        if not path.is_file() or path.parent.name == JUNOS:
            continue
        head = path.read_bytes()[:1024].decode("utf-8", errors="replace")
        assert not claims(PurePosixPath(str(path)), head), path
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("head", "claimed"),
    [
        ("set system host-name sw1\nset interfaces ge-0/0/0 disable\n", True),
        ("# comment\n\n{master:0}\nset interfaces xe-0/0/1 mtu 9216\n", True),
        ("netops@sw1> show configuration | display set\nset vlans v10 vlan-id 10\n", True),
        ("deactivate interfaces ge-0/0/1\n", True),
        ("## Last commit: 2024-01-01 10:00:00 UTC by ops\nversion 20.4R3;\n", True),
        ("version 20.4R3.8;\nsystem {\n    host-name sw1;\n}\n", True),
        ("/* annotation */\ninterfaces {\n    ae0 {\n", True),
        ("#RANCID-CONTENT-TYPE: juniper\n# Chassis QFX5100\n", True),
        ("garbage line;\n#\nsystem {\n  host-name x;\n}\n", True),  # Batfish's noisy file
        ("!\nhostname sw1\ninterface GigabitEthernet1/0/1\n switchport mode access\n", False),
        ("version 15.2\nservice timestamps debug\nhostname core\n", False),  # IOS "version"
        ("! device: leaf1 (vEOS)\ninterface Ethernet1\n   channel-group 10 mode active\n", False),
        ("#!/bin/sh\nset -e\nset interfaces foo\n", False),
        ("set -euo pipefail\nip link add bond0 type bond\n", False),
        ("auto bond0\niface bond0 inet manual\n    bond-slaves swp1 swp2\n", False),
        ("set interfaces ethernet eth0 address dhcp\nset system host-name vyos\n", False),
        ("config system interface\n    edit port1\n        set vdom root\n", False),
        ("http {\n    server {\n    }\n}\n", False),
        ("", False),
    ],
)
def test_claims_by_content(head: str, claimed: bool) -> None:
    assert claims(PurePosixPath("captures/sw1.txt"), head) is claimed


def test_claims_ignores_the_name() -> None:
    head = "set system host-name sw1\n"
    for name in ("sw1.set", "sw1.conf", "sw1.junos", "running-config", "x/y/z"):
        assert claims(PurePosixPath(name), head)
    assert not claims(PurePosixPath("sw1.set"), "hostname sw1\n")


# --------------------------------------------------------------------------------------
# 2. the corpus: every file, the before/after pairs, the manifest


def preprocessed_pairs() -> list[tuple[str, str]]:
    prefix = f"{JUNOS}/"
    pairs = []
    for row in manifest_rows(SWITCH):
        expected = row["expected_json"] or {}
        if row["file"].startswith(prefix) and "preprocessed" in expected:
            pairs.append((row["file"][len(prefix) :], expected["preprocessed"][len(prefix) :]))
    return pairs


@pytest.mark.parametrize(("before", "after"), preprocessed_pairs())
def test_batfish_preprocessing_pairs_give_the_same_facts(before: str, after: str) -> None:
    """Batfish asserts ``after`` is what ``before`` means; so must our facts be."""
    assert summary(parse_corpus(before)) == summary(parse_corpus(after))


def test_preprocessing_pairs_are_all_found() -> None:
    corpus_path(SWITCH, JUNOS)  # skips without the shared corpus
    assert len(preprocessed_pairs()) == 4


def project(name: str, key: str) -> object:
    """What our parser says for one manifest ``expected`` key of a Junos file."""
    if key == "preprocessed":
        return None  # compared whole, above
    interface, _, leaf = key.partition(".")
    # "xe-0/0/0.802.3ad": every value the statement takes, lowest priority first, as
    # in Batfish's flattened output; the last one is the value in force.
    values = [
        s.path[-1]
        for s in flatten(corpus_text(name), name)
        if s.path[:2] == ("interfaces", interface) and s.path[-2] == leaf
    ]
    facts = interfaces(parse_corpus(name))[interface]
    assert leaf == "802.3ad" and facts.values["channel_group"].value == values[-1]
    return values


def test_every_manifest_expectation_is_met() -> None:
    corpus_path(SWITCH, JUNOS)  # skips without the shared corpus
    prefix = f"{JUNOS}/"
    checked = 0
    for row in manifest_rows(SWITCH):
        name = row["file"][len(prefix) :]
        if not row["file"].startswith(prefix) or not row["expected_json"]:
            continue
        if name.startswith("ntc-"):
            # ntc-templates show outputs: another parser's job, never claimed here.
            head = corpus_text(name)[:1024]
            assert not claims(PurePosixPath(name), head)
            continue
        for key, expected in row["expected_json"].items():
            if key == "preprocessed":
                after = expected[len(prefix) :]
                assert summary(parse_corpus(name)) == summary(parse_corpus(after))
            else:
                assert project(name, key) == expected, (name, key)
            checked += 1
    assert checked == 5


def test_flatten_matches_batfish_group_order() -> None:
    """Batfish writes inherited lines lowest priority first: B's ae3, A's ae2, direct ae1."""
    statements = flatten(corpus_text("batfish-apply-groups-order-before.set"))
    lag = [(s.path[-1], s.group, s.line) for s in statements if "802.3ad" in s.path]
    assert lag == [("ae3", "B", 12), ("ae2", "A", 11), ("ae1", "", 6)]


@pytest.mark.parametrize("name", config_files())
def test_corpus_in_the_other_form_gives_the_same_facts(name: str) -> None:
    """Each file's effective statements rewritten as set lines and as braces read back equal."""
    expected = summary(parse_corpus(name))
    statements = flatten(corpus_text(name), name)
    if not statements:  # only group definitions: nothing applies them in this file
        assert expected == ({"platform": "junos"}, {})
        return
    assert summary(parse(to_set(statements), "as-set")) == expected
    assert summary(parse(to_braces(statements), "as-braces")) == expected


# --------------------------------------------------------------------------------------
# 3. what each corpus file says, read by hand


def test_quads_mc_lag_members_come_from_an_interface_range() -> None:
    result = parse_corpus("quads-dist-mcae-interface-range.set")
    table = interfaces(result)
    assert set(table) == {"et-0/0/12", "ae43"}
    member = table["et-0/0/12"]
    assert plain(member) == {"description": "sw13-access-scalelab", "channel_group": "ae43"}
    assert lines(member) == {"description": 3, "channel_group": 4}
    assert member.location.line == 1  # the range's "member" line names it
    ae = table["ae43"]
    assert plain(ae) == {
        "description": "sw13-access-scalelab",
        "mtu": "9216",
        "lacp_mode": "active",
        "lacp_admin_key": "43",
        "mlag_id": "43",
    }
    assert lines(ae) == {
        "description": 7,
        "mtu": 8,
        "lacp_mode": 9,
        "lacp_admin_key": 10,
        "mlag_id": 11,
    }
    # The excerpt has no host-name and no prompt: its file's name names the switch.
    assert ae.switch is not None and (ae.switch.value, ae.switch.location.line) == (
        "quads-dist-mcae-interface-range",
        0,
    )
    # The VLANs and the rest of the MC-AE settings live in groups the excerpt lacks.
    messages = [(d.location.line, d.message) for d in result.diagnostics]
    assert [line for line, _ in messages] == [5, 6]
    assert "MCAE" in messages[0][1] and "ACCESS_TRUNK" in messages[1][1]


def test_network_lab_esi_lag() -> None:
    result = parse_corpus("network-lab-vqfx-multihoming-common.conf")
    assert result.diagnostics == []
    assert plain(config(result)) == {
        "platform": "junos",
        "ae_device_count": "8",
        "vlans": "vlan567=567",
        "hostname": "network-lab-vqfx-multihoming-common",  # no host-name: the file's name
        "hostname_source": "file name",
    }
    assert lines(config(result))["ae_device_count"] == 5
    table = interfaces(result)
    assert plain(table["xe-0/0/0"]) == {"description": "To H1", "channel_group": "ae0"}
    ae = table["ae0"]
    assert plain(ae) == {
        "esi": "00:01:04:00:00:00:00:00:00:18",
        "lacp_mode": "active",
        "lacp_rate": "fast",
        "lacp_system_id": "00:01:04:00:00:18",
        "mode": "trunk",
        "allowed_vlans": "567",
    }
    assert lines(ae) == {
        "esi": 19,
        "lacp_mode": 23,
        "lacp_rate": 24,
        "lacp_system_id": 25,
        "mode": 30,
        "allowed_vlans": 31,
    }
    assert ae.location.line == 16  # "ae0 {"
    assert table["xe-0/0/0"].location.line == 10


def test_xstp_edge() -> None:
    result = parse_corpus("batfish-xstp-interface-validation.set")
    table = interfaces(result)
    assert plain(table["ge-0/0/0"]) == {"mode": "access", "edge": "yes"}
    assert lines(table["ge-0/0/0"])["edge"] == 28
    assert plain(table["xe-0/0/1"]) == {"mode": "access", "access_vlan": "100"}
    assert plain(table["xe-0/0/2"]) == {}  # "interface all mode point-to-point" is no edge
    assert plain(config(result))["vlans"] == "v100=100"


def test_interface_range_globs_and_precedence() -> None:
    table = interfaces(parse_corpus("batfish-interface-range.set"))
    assert set(table) == {"xe-0/0/0", "xe-0/0/1", "xe-8/1/2", "reth0"}
    # A value set on the interface itself beats the range's.
    assert plain(table["xe-0/0/0"]) == {"mtu": "9000", "description": "dodo"}
    assert lines(table["xe-0/0/0"]) == {"mtu": 4, "description": 8}
    assert plain(table["xe-0/0/1"]) == {"mtu": "8000", "description": "dodo"}
    assert table["xe-0/0/1"].location.line == 6
    assert plain(table["xe-8/1/2"]) == {"description": "dodo", "channel_group": "ae1"}


def test_vlan_names_resolve_and_unknown_names_stay() -> None:
    result = parse_corpus("batfish-juniper-vlan-access.set")
    table = interfaces(result)
    assert plain(table["et-0/0/2"]) == {"mode": "access", "access_vlan": "2"}
    assert plain(table["et-0/0/3"]) == {"mode": "access", "access_vlan": "2"}
    assert plain(table["et-0/0/4"]) == {"mode": "access"}
    assert plain(table["et-0/0/5"]) == {"mode": "access", "access_vlan": "NOTSET"}
    assert plain(config(result))["vlans"] == "TWO=2,default=1"  # NOTSET has no id


def test_interfaces_unit_catalog() -> None:
    table = interfaces(parse_corpus("batfish-juniper_interfaces-unit.set"))
    assert plain(table["ae0"]) == {"allowed_vlans": "1-1000", "lacp_mode": "none"}
    assert plain(table["ge-1/0/0"]) == {"channel_group": "ae0"}
    assert plain(table["xe-0/0/0:0"]) == {"allowed_vlans": "all"}
    assert plain(table["xe-0/0/6"]) == {"native_vlan": "11"}
    assert plain(table["fab0"]) == {"description": "Fabric interface 0"}
    assert plain(table["xe-0/0/5:0"]) == {"access_vlan": "bippetyboppety"}


def test_legacy_port_mode_and_unit_native_vlan() -> None:
    table = interfaces(parse_corpus("batfish-interface-native-vlan.set"))
    assert plain(table["ge-0/1/0"]) == {"mode": "trunk", "native_vlan": "3"}
    assert plain(table["ge-0/2/0"]) == {"mode": "trunk"}
    assert plain(table["ge-0/3/0"]) == {"mode": "access"}


def test_repeated_members_lines_add_up() -> None:
    result = parse_corpus("batfish-l2-topology-sw.conf")
    table = interfaces(result)
    assert plain(table["xe-0/0/3"]) == {
        "description": "TO fw",
        "mode": "trunk",
        "allowed_vlans": "10-11,20-21",
    }
    assert lines(table["xe-0/0/3"]) == {"description": 45, "mode": 48, "allowed_vlans": 50}
    assert table["xe-0/0/0"].switch is not None and table["xe-0/0/0"].switch.value == "sw"


def test_ae_without_lacp_is_static() -> None:
    table = interfaces(parse_corpus("batfish-aggregation-ae1.set"))
    assert plain(table["ge-0/0/0"]) == {"channel_group": "ae1"}
    assert plain(table["ae1"]) == {"lacp_mode": "none"}
    assert lines(table["ae1"]) == {"lacp_mode": 6}


def test_braces_group_value_is_located_at_the_group_line() -> None:
    result = parse_corpus("batfish-hierarchical-before.conf")
    lo0 = interfaces(result)["lo0"]
    assert plain(lo0) == {"shutdown": "yes"}
    assert lines(lo0) == {"shutdown": 11}  # "disable;" inside groups g1
    assert lo0.location.line == 17  # its own "lo0 {"
    assert plain(config(result))["hostname"] == "preprocess-hierarchical"


def test_quads_groups_reach_the_breakout_ports() -> None:
    """The group file and the apply file are excerpts of one config: read them together."""
    groups = corpus_text("quads-tor-qinq-groups.set")
    applied = corpus_text("quads-tor-apply-groups-example.set")
    text = groups.rstrip("\n") + "\n" + applied
    result = parse(text, "tor")
    assert result.diagnostics == []
    table = interfaces(result)
    assert len(table) == 8
    port = table["xe-0/0/1:3"]
    assert plain(port) == {"native_vlan": "1140", "mtu": "9216"}
    assert lines(port) == {"native_vlan": 2, "mtu": 3}  # the group's lines
    assert port.location.line == 15  # its own "apply-groups" line
    # Alone, the group file configures no interface, and that is no error.
    alone = parse(groups, "groups")
    assert interfaces(alone) == {} and alone.diagnostics == []


# --------------------------------------------------------------------------------------
# 4. the two forms of one configuration, written by hand

BRACES_ELS = """\
## Last commit: 2024-05-02 10:11:12 UTC by netops
version 21.4R3-S5.4;
groups {
    re0 {
        system {
            host-name leaf1;
        }
    }
    SERVER-PORTS {
        interfaces {
            <ge-*> {
                mtu 9216;
                description "from group";
                unit 0 {
                    family ethernet-switching {
                        vlan {
                            members SERVERS;
                        }
                    }
                }
            }
        }
    }
    LAG-DEFAULTS {
        interfaces {
            <ae*> {
                aggregated-ether-options {
                    lacp {
                        passive;
                        periodic slow;
                    }
                }
            }
        }
    }
}
apply-groups [ re0 LAG-DEFAULTS ];
chassis {
    aggregated-devices {
        ethernet {
            device-count 4;
        }
    }
}
interfaces {
    interface-range HOSTS {
        member "ge-0/0/[1-2]";
        member-range ge-0/0/10 to ge-0/0/11;
        ether-options {
            802.3ad ae1;
        }
    }
    ge-0/0/1 {
        apply-groups SERVER-PORTS;
        description "host01 eth0";
    }
    ge-0/0/3 {
        apply-groups SERVER-PORTS;
        unit 0 {
            apply-groups-except SERVER-PORTS;
            family ethernet-switching {
                interface-mode access;
                vlan {
                    members 30;
                }
            }
        }
    }
    /* parked until the new rack */
    inactive: ge-0/0/4 {
        description parked;
    }
    ge-0/0/5 {
        description "spare";
        inactive: disable;
        native-vlan-id 100;
        unit 0 {
            family ethernet-switching {
                interface-mode trunk;
                vlan {
                    members [ SERVERS 100-102 STORAGE ];
                }
            }
        }
    }
    ae1 {
        description "host01 bond0";
        aggregated-ether-options {
            lacp {
                active;
                periodic fast;
                system-id 00:00:00:aa:bb:01;
                admin-key 1;
            }
            mc-ae {
                mc-ae-id 1;
            }
        }
        unit 0 {
            family ethernet-switching {
                interface-mode trunk;
                vlan members [ SERVERS STORAGE ];
            }
        }
    }
    ae2 {
        aggregated-ether-options {
            minimum-links 1;
        }
    }
    replace: ae3 {
        description "static lag";
    }
}
protocols {
    rstp {
        forward-delay 10;
        interface ae1 {
            edge;
        }
        interface ge-0/0/20 {
            edge;
        }
    }
}
vlans {
    SERVERS {
        vlan-id 10;
    }
    STORAGE {
        vlan-id 20;
    }
}
"""

SET_ELS = """\
set version 21.4R3-S5.4
set groups re0 system host-name leaf1
set groups SERVER-PORTS interfaces <ge-*> mtu 9216
set groups SERVER-PORTS interfaces <ge-*> description "from group"
set groups SERVER-PORTS interfaces <ge-*> unit 0 family ethernet-switching vlan members SERVERS
set groups LAG-DEFAULTS interfaces <ae*> aggregated-ether-options lacp passive
set groups LAG-DEFAULTS interfaces <ae*> aggregated-ether-options lacp periodic slow
set apply-groups re0
set apply-groups LAG-DEFAULTS
set chassis aggregated-devices ethernet device-count 4
set interfaces interface-range HOSTS member "ge-0/0/[1-2]"
set interfaces interface-range HOSTS member-range ge-0/0/10 to ge-0/0/11
set interfaces interface-range HOSTS ether-options 802.3ad ae1
set interfaces ge-0/0/1 apply-groups SERVER-PORTS
set interfaces ge-0/0/1 description "host01 eth0"
set interfaces ge-0/0/3 apply-groups SERVER-PORTS
set interfaces ge-0/0/3 unit 0 apply-groups-except SERVER-PORTS
set interfaces ge-0/0/3 unit 0 family ethernet-switching interface-mode access
set interfaces ge-0/0/3 unit 0 family ethernet-switching vlan members 30
set interfaces ge-0/0/4 description parked
deactivate interfaces ge-0/0/4
set interfaces ge-0/0/5 description spare
set interfaces ge-0/0/5 disable
deactivate interfaces ge-0/0/5 disable
set interfaces ge-0/0/5 native-vlan-id 100
set interfaces ge-0/0/5 unit 0 family ethernet-switching interface-mode trunk
set interfaces ge-0/0/5 unit 0 family ethernet-switching vlan members [ SERVERS 100-102 STORAGE ]
set interfaces ae1 description "host01 bond0"
set interfaces ae1 aggregated-ether-options lacp active
set interfaces ae1 aggregated-ether-options lacp periodic fast
set interfaces ae1 aggregated-ether-options lacp system-id 00:00:00:aa:bb:01
set interfaces ae1 aggregated-ether-options lacp admin-key 1
set interfaces ae1 aggregated-ether-options mc-ae mc-ae-id 1
set interfaces ae1 unit 0 family ethernet-switching interface-mode trunk
set interfaces ae1 unit 0 family ethernet-switching vlan members SERVERS
set interfaces ae1 unit 0 family ethernet-switching vlan members STORAGE
set interfaces ae2 aggregated-ether-options minimum-links 1
set interfaces ae3 description "static lag"
set protocols rstp forward-delay 10
set protocols rstp interface ae1 edge
set protocols rstp interface ge-0/0/20 edge
set vlans SERVERS vlan-id 10
set vlans STORAGE vlan-id 20
"""

ELS_CONFIG = {
    "platform": "junos",
    "hostname": "leaf1",
    "hostname_source": "hostname line",
    "ae_device_count": "4",
    "stp_protocol": "rstp",
    "forward_delay": "10",
    "vlans": "SERVERS=10,STORAGE=20",
}
ELS_INTERFACES = {
    # Direct description beats the group's; mtu and VLAN come from the group, the LAG
    # from the range.
    "ge-0/0/1": {
        "description": "host01 eth0",
        "mtu": "9216",
        "access_vlan": "10",
        "channel_group": "ae1",
    },
    "ge-0/0/2": {"channel_group": "ae1"},
    "ge-0/0/10": {"channel_group": "ae1"},
    "ge-0/0/11": {"channel_group": "ae1"},
    # apply-groups-except keeps the group's VLAN out of unit 0, not its mtu.
    "ge-0/0/3": {"description": "from group", "mtu": "9216", "mode": "access", "access_vlan": "30"},
    "ge-0/0/5": {
        "description": "spare",
        "native_vlan": "100",
        "mode": "trunk",
        "allowed_vlans": "10,20,100-102",
    },
    "ae1": {
        "description": "host01 bond0",
        "lacp_mode": "active",
        "lacp_rate": "fast",
        "lacp_system_id": "00:00:00:aa:bb:01",
        "lacp_admin_key": "1",
        "mlag_id": "1",
        "mode": "trunk",
        "allowed_vlans": "10,20",
        "edge": "yes",
    },
    "ae2": {"lacp_mode": "passive", "lacp_rate": "normal"},  # all from LAG-DEFAULTS
    "ae3": {"description": "static lag", "lacp_mode": "passive", "lacp_rate": "normal"},
    "ge-0/0/20": {"edge": "yes"},  # known only from protocols rstp
}

BRACES_LEGACY = """\
{master:0}
netops@ex4200> show configuration
## Last changed: 2023-01-01 00:00:00 UTC
version 12.3R12.4;
system {
    host-name "ex-legacy";  ## quoted on purpose
}
interfaces {
    ge-0/0/0 {
        ether-options {
            speed 1g;
            802.3ad {
                ae0;
                lacp {
                    force-up;
                }
            }
        }
    }
    xe-1/0/0 {
        gigether-options {
            802.3ad ae0;
        }
    }
    ae0 {
        mtu 9216;
        aggregated-ether-options {
            lacp {
                periodic slow;
            }
        }
        unit 0 {
            family ethernet-switching {
                port-mode trunk;
                vlan {
                    members [ 10 20 ];
                }
                native-vlan-id 99;
            }
        }
    }
    ae5 {
        description "no lacp at all";
    }
    /* a multi-line
       annotation */
    protect: ge-0/0/7 {
        disable;
        unit 0 {
            family ethernet-switching {
                port-mode access;
                vlan {
                    members 10;
                }
            }
        }
    }
}
protocols {
    rstp {
        interface all {
            edge;
        }
        interface ae0 {
            mode point-to-point;
        }
    }
}

{master:0}
netops@ex4200>
"""

SET_LEGACY = """\
netops@ex4200> show configuration | display set
set version 12.3R12.4
set system host-name ex-legacy
set interfaces ge-0/0/0 ether-options speed 1g
set interfaces ge-0/0/0 ether-options 802.3ad ae0
set interfaces ge-0/0/0 ether-options 802.3ad lacp force-up
set interfaces xe-1/0/0 gigether-options 802.3ad ae0
set interfaces ae0 mtu 9216
set interfaces ae0 aggregated-ether-options lacp periodic slow
set interfaces ae0 unit 0 family ethernet-switching port-mode trunk
set interfaces ae0 unit 0 family ethernet-switching vlan members 10
set interfaces ae0 unit 0 family ethernet-switching vlan members 20
set interfaces ae0 unit 0 family ethernet-switching native-vlan-id 99
set interfaces ae5 description "no lacp at all"
set interfaces ge-0/0/7 disable
set interfaces ge-0/0/7 unit 0 family ethernet-switching port-mode access
set interfaces ge-0/0/7 unit 0 family ethernet-switching vlan members 10
set protocols rstp interface all edge
set protocols rstp interface ae0 mode point-to-point

{master:0}
"""

LEGACY_INTERFACES = {
    "ge-0/0/0": {"speed": "1g", "channel_group": "ae0", "lacp_force_up": "yes"},
    "xe-1/0/0": {"channel_group": "ae0"},
    # A lacp stanza without active/passive runs passive; "interface ae0" under rstp
    # takes the port out of "interface all".
    "ae0": {
        "mtu": "9216",
        "lacp_rate": "normal",
        "lacp_mode": "passive",
        "mode": "trunk",
        "allowed_vlans": "10,20",
        "native_vlan": "99",
    },
    "ae5": {"description": "no lacp at all", "lacp_mode": "none"},
    "ge-0/0/7": {"shutdown": "yes", "mode": "access", "access_vlan": "10", "edge": "yes"},
}


@pytest.mark.parametrize(
    ("braces", "flat", "expected_config", "expected_interfaces"),
    [
        (BRACES_ELS, SET_ELS, ELS_CONFIG, ELS_INTERFACES),
        (
            BRACES_LEGACY,
            SET_LEGACY,
            {"platform": "junos", "hostname": "ex-legacy", "hostname_source": "hostname line", "stp_protocol": "rstp"},
            LEGACY_INTERFACES,
        ),
    ],
    ids=["els-groups-ranges", "legacy-and-mx"],
)
def test_braces_and_set_forms_agree(
    braces: str,
    flat: str,
    expected_config: dict[str, str],
    expected_interfaces: dict[str, dict[str, str]],
) -> None:
    from_braces, from_set = parse(braces, "b.conf"), parse(flat, "s.set")
    assert summary(from_braces) == (expected_config, expected_interfaces)
    assert summary(from_set) == summary(from_braces)
    assert from_braces.diagnostics == [] and from_set.diagnostics == []


def test_hand_written_forms_locate_inherited_values_at_the_group_line() -> None:
    braces = parse(BRACES_ELS, "b.conf")
    flat = parse(SET_ELS, "s.set")
    assert lines(config(braces))["hostname"] == 6 and lines(config(flat))["hostname"] == 2
    port = interfaces(braces)["ge-0/0/1"]
    assert lines(port) == {"description": 55, "mtu": 12, "access_vlan": 17, "channel_group": 50}
    assert port.location.line == 53  # "ge-0/0/1 {"
    assert lines(interfaces(flat)["ge-0/0/1"]) == {
        "description": 15,
        "mtu": 3,
        "access_vlan": 5,
        "channel_group": 13,
    }
    # A range-only member is located at the range line that names it.
    assert interfaces(braces)["ge-0/0/10"].location.line == 48
    assert interfaces(flat)["ge-0/0/10"].location.line == 12
    # Multi-line list items keep their own line; the list's value points at the first.
    assert lines(interfaces(braces)["ge-0/0/5"])["allowed_vlans"] == 81


# --------------------------------------------------------------------------------------
# 5. the rules, one at a time


def values_of(text: str, name: str) -> dict[str, str]:
    return plain(interfaces(parse(text, "t"))[name])


def test_group_priority_first_listed_and_most_specific_level_win() -> None:
    text = """\
set groups A interfaces <*> mtu 1000
set groups B interfaces <*> mtu 2000
set groups B interfaces <*> description from-B
set groups C interfaces <xe-*> mtu 3000
set apply-groups [ B A ]
set interfaces xe-0/0/1 apply-groups C
set interfaces xe-0/0/2 unit 0 family inet
"""
    assert values_of(text, "xe-0/0/1") == {"mtu": "3000", "description": "from-B"}
    assert values_of(text, "xe-0/0/2") == {"mtu": "2000", "description": "from-B"}
    order = [s.path[-1] for s in flatten(text) if s.path[1:3] == ("xe-0/0/1", "mtu")]
    assert order == ["1000", "2000", "3000"]  # lowest priority first


def test_wildcards_match_only_existing_names_and_literals_create() -> None:
    text = """\
set groups G interfaces <ge-0/0/[12]> description wild
set groups G interfaces ge-0/0/9 description literal
set apply-groups G
set interfaces ge-0/0/1 mtu 1500
set interfaces ge-0/0/3 mtu 1500
set interfaces interface-range R member ge-0/0/2
"""
    table = interfaces(parse(text, "t"))
    assert plain(table["ge-0/0/1"]) == {"mtu": "1500", "description": "wild"}
    assert plain(table["ge-0/0/3"]) == {"mtu": "1500"}
    assert plain(table["ge-0/0/9"]) == {"description": "literal"}
    assert lines(table["ge-0/0/9"]) == {"description": 2} and table["ge-0/0/9"].location.line == 2
    assert plain(table["ge-0/0/2"]) == {}  # ranges are expanded after groups


def test_deactivate_activate_and_delete_in_set_form() -> None:
    text = """\
deactivate interfaces xe-0/0/1
set interfaces xe-0/0/1 mtu 9000
set interfaces xe-0/0/2 mtu 9000
set interfaces xe-0/0/2 description old
deactivate interfaces xe-0/0/2
activate interfaces xe-0/0/2
delete interfaces xe-0/0/2 description
set interfaces xe-0/0/3 disable
deactivate interfaces xe-0/0/3 disable
set interfaces ae9 mtu 9216
set interfaces ae9 aggregated-ether-options lacp active
deactivate interfaces ae9 aggregated-ether-options lacp
"""
    table = interfaces(parse(text, "t"))
    assert "xe-0/0/1" not in table
    assert plain(table["xe-0/0/2"]) == {"mtu": "9000"}
    assert "xe-0/0/3" not in table  # nothing active is left on it
    assert plain(table["ae9"]) == {"mtu": "9216", "lacp_mode": "none"}  # static once lacp goes


def test_inactive_and_delete_tags_in_braces() -> None:
    text = """\
interfaces {
    xe-0/0/1 {
        inactive: mtu 9000;
        description "kept";
        inactive: unit 0 {
            family ethernet-switching {
                interface-mode trunk;
            }
        }
    }
    protect: inactive: xe-0/0/2 {
        mtu 9000;
    }
    xe-0/0/3 {
        mtu 1500;
        delete: mtu 1500;
    }
}
"""
    table = interfaces(parse(text, "t"))
    assert plain(table["xe-0/0/1"]) == {"description": "kept"}
    assert "xe-0/0/2" not in table and "xe-0/0/3" not in table


def test_apply_groups_except_blocks_only_the_named_group_below_it() -> None:
    text = """\
set groups G interfaces <*> unit <*> family ethernet-switching vlan members 10
set groups H interfaces <*> unit <*> family ethernet-switching vlan members 20
set apply-groups [ G H ]
set interfaces ge-0/0/1 unit 0 family ethernet-switching interface-mode trunk
set interfaces ge-0/0/2 unit 0 family ethernet-switching interface-mode trunk
set interfaces ge-0/0/2 unit 0 apply-groups-except G
"""
    assert values_of(text, "ge-0/0/1")["allowed_vlans"] == "10,20"
    assert values_of(text, "ge-0/0/2")["allowed_vlans"] == "20"


def test_vlan_member_forms() -> None:
    text = """\
set vlans users vlan-id 110
set vlans voice vlan-id 120
set vlans 300 vlan-id 301
set interfaces ge-0/0/1 unit 0 family ethernet-switching interface-mode trunk
set interfaces ge-0/0/1 unit 0 family ethernet-switching vlan members [ users voice 1-3 5 4 nosuch 300 ]
set interfaces ge-0/0/2 unit 0 family ethernet-switching interface-mode trunk
set interfaces ge-0/0/2 unit 0 family ethernet-switching vlan members [ 10 all ]
set interfaces ge-0/0/3 unit 0 family ethernet-switching vlan members users
set interfaces ge-0/0/4 unit 0 family ethernet-switching vlan members 5000
set interfaces ge-0/0/5 unit 0 family ethernet-switching vlan members [ 1-100 101-4094 ]
set interfaces ge-0/0/6 unit 0 family ethernet-switching vlan members [ 7 8 ]
"""
    assert values_of(text, "ge-0/0/1")["allowed_vlans"] == "1-5,110,120,301,nosuch"
    assert values_of(text, "ge-0/0/2")["allowed_vlans"] == "all"
    # No interface-mode: Junos' default is access, and its one member is the VLAN.
    assert values_of(text, "ge-0/0/3") == {"access_vlan": "110"}
    assert values_of(text, "ge-0/0/4") == {"access_vlan": "5000"}  # out of range: as written
    # The canonical form the other switch parsers write: the whole range is "all", two
    # in a row are a range.
    assert values_of(text, "ge-0/0/5") == {"allowed_vlans": "all"}
    assert values_of(text, "ge-0/0/6") == {"allowed_vlans": "7-8"}


def test_member_patterns() -> None:
    assert expand_member("xe-0/0/[0,1]") == ["xe-0/0/0", "xe-0/0/1"]
    assert expand_member("ge-0/[0-1]/[1-2,7]") == [
        "ge-0/0/1", "ge-0/0/2", "ge-0/0/7", "ge-0/1/1", "ge-0/1/2", "ge-0/1/7",
    ]  # fmt: skip
    assert len(expand_member("ge-0/0/*") or []) == 48
    assert expand_member("et-0/0/12") == ["et-0/0/12"]
    assert expand_member("ge-0/0/[0-99999999]") is None
    assert expand_member("ge-[0-99]/[0-99]/[0-99]") is None
    # Across PICs only configured ports are known: they are taken, in port order.
    known = Ports(["ge-1/0/5", "ge-0/1/0", "xe-0/1/3", "ge-0/0/47", "ge-1/0/0", "irb"])
    assert expand_span("ge-0/0/46", "ge-1/0/1", known) == [
        "ge-0/0/46", "ge-0/0/47", "ge-0/1/0", "ge-1/0/0", "ge-1/0/1",
    ]  # fmt: skip
    none = Ports([])
    assert expand_span("ge-0/0/1", "ge-0/0/3", none) == ["ge-0/0/1", "ge-0/0/2", "ge-0/0/3"]
    assert expand_span("ge-0/0/0", "ge-0/0/999999", none) is None
    assert expand_span("ge-0/0/0", "xe-0/0/3", known) == ["ge-0/0/0", "xe-0/0/3"]


def test_interface_range_too_wide_is_reported() -> None:
    text = "set interfaces interface-range R member ge-0/0/[0-999999]\n"
    result = parse(text + "set interfaces interface-range R mtu 9000\n", "t")
    assert interfaces(result) == {}
    assert [d.location.line for d in result.diagnostics] == [1]


def test_stp_references_by_range_unit_and_vlan() -> None:
    text = """\
set interfaces interface-range EDGE member ge-0/0/[1-2]
set interfaces interface-range EDGE unit 0 family ethernet-switching interface-mode access
set protocols rstp interface EDGE edge
set protocols mstp interface ge-0/0/9.0 edge
set protocols vstp vlan v10 interface xe-0/0/1 edge
set protocols rstp bridge-priority 8k
"""
    table = interfaces(parse(text, "t"))
    assert {name: plain(fact).get("edge") for name, fact in table.items()} == {
        "ge-0/0/1": "yes", "ge-0/0/2": "yes", "ge-0/0/9": "yes", "xe-0/0/1": "yes",
    }  # fmt: skip
    # No forward-delay set; which protocols run is known.
    assert summary(parse(text, "t"))[0] == {"platform": "junos", "stp_protocol": "rstp"}


def test_lexing_quotes_comments_and_lists() -> None:
    text = """\
system {
    host-name "core \\"one\\"";   # trailing comment
}
interfaces { /* inline */ xe-0/0/1 { description "a; b { c } # d"; mtu 9216; } }
interfaces {
    xe-0/0/2 {
        unit 0 { family ethernet-switching { vlan { members [ 10
            20 ]; } } }
    }
}
"""
    result = parse(text, "t")
    assert plain(config(result))["hostname"] == 'core "one"'
    assert values_of(text, "xe-0/0/1") == {"description": "a; b { c } # d", "mtu": "9216"}
    fact = interfaces(result)["xe-0/0/2"]
    assert plain(fact) == {"allowed_vlans": "10,20"} and lines(fact) == {"allowed_vlans": 7}
    assert result.diagnostics == []


def test_stray_set_lines_and_garbage_between_blocks() -> None:
    text = "garbage line;\nsystem {\n  host-name sw;\n}\nset interfaces ge-0/0/1 mtu 1500\nrandom words\n"
    result = parse(text, "t")
    assert values_of(text, "ge-0/0/1") == {"mtu": "1500"}
    assert [(d.location.line, d.message) for d in result.diagnostics] == [
        (6, "statement without ';' at the end of its line")
    ]


def test_damage_is_reported_not_raised() -> None:
    text = "interfaces {\n  xe-0/0/1 {\n    mtu 9216;\n  }\n}\n}\n/* never closed\n"
    result = parse(text, "t")
    assert values_of(text, "xe-0/0/1") == {"mtu": "9216"}
    assert [d.location.line for d in result.diagnostics] == [6, 7]
    truncated = parse('interfaces {\n  xe-0/0/1 {\n    description "cut', "t")
    assert plain(interfaces(truncated)["xe-0/0/1"]) == {"description": "cut"}
    assert len(truncated.diagnostics) == 3  # open quote, missing ';', unclosed blocks


def test_not_junos_at_all() -> None:
    result = parse("hostname sw1\ninterface Ethernet1\n   mtu 9214\n", "eos.cfg")
    assert result.facts == []
    assert result.diagnostics[-1].message == "no Junos configuration statement found"
    assert parse("", "empty").facts == []


def test_deep_nesting_is_bounded() -> None:
    deep = "interfaces {\n" + "a {\n" * 5000 + "leaf;\n" + "}\n" * 5001
    result = parse(deep, "deep")
    assert any("deeper than" in d.message for d in result.diagnostics)
    assert parse("{" * 100_000, "braces").facts == []
    long_set = "set interfaces " + " ".join(["w"] * 10_000)
    assert parse(long_set, "long").diagnostics


def test_many_group_wildcards_applied_at_many_levels_stay_fast() -> None:
    # More wildcards than re's own cache holds, each matched at every level applying the
    # group: compiled once per word this takes about 0.5 s, recompiled at each level 70 s.
    lines = [f"set groups G interfaces <x{n}-*> mtu 9216" for n in range(600)]
    lines += [f"set interfaces x{n}-0 apply-groups G" for n in range(2_000)]
    start = time.process_time()
    result = parse("\n".join(lines) + "\n", "hostile.set")
    assert time.process_time() - start < 10
    assert plain(interfaces(result)["x7-0"]) == {"mtu": "9216"}


# --------------------------------------------------------------------------------------
# 6. scale


def generated_config(members: int = 10_000, lags: int = 2_000, vlans: int = 400) -> str:
    out = [f"set system host-name big-{members}"]
    out += [f"set vlans V{n} vlan-id {n + 100}" for n in range(vlans)]
    out.append(f"set chassis aggregated-devices ethernet device-count {lags}")
    for lag in range(lags):
        mode = "active" if lag % 2 == 0 else "passive"
        out.append(f"set interfaces ae{lag} aggregated-ether-options lacp {mode}")
        out.append(f"set interfaces ae{lag} aggregated-ether-options lacp periodic fast")
    for index in range(members):
        name = f"xe-{index // 48}/0/{index % 48}"
        prefix = f"set interfaces {name}"
        out.append(f'{prefix} description "server {index} eth{index % 2}"')
        out.append(f"{prefix} unit 0 family ethernet-switching interface-mode access")
        out.append(f"{prefix} unit 0 family ethernet-switching vlan members V{index % vlans}")
        out.append(f"{prefix} ether-options 802.3ad ae{index % lags}")
    return "\n".join(out) + "\n"


@pytest.mark.slow
def test_ten_thousand_interfaces() -> None:
    # Counts only: the speed of this shape is measured by bench/switch_parse.py.
    result = parse(generated_config(), "big.set")
    table = interfaces(result)
    assert result.diagnostics == []
    assert len(table) == 12_000
    members = [fact for fact in table.values() if "channel_group" in fact.values]
    assert len(members) == 10_000
    assert all(plain(fact)["mode"] == "access" for fact in members)
    assert plain(table["xe-208/0/15"]) == {
        "description": "server 9999 eth1",
        "mode": "access",
        "access_vlan": str(9999 % 400 + 100),
        "channel_group": "ae1999",
    }
    modes = [plain(table[f"ae{n}"])["lacp_mode"] for n in range(2_000)]
    assert modes.count("active") == modes.count("passive") == 1_000
    assert plain(config(result))["ae_device_count"] == "2000"


def test_braces_scale_as_well() -> None:
    """The same configuration in braces form reads to the same facts."""
    text = generated_config(members=2_000, lags=400, vlans=50)
    braces = to_braces(flatten(text))
    assert summary(parse(braces, "big.conf")) == summary(parse(text, "big.set"))


# Plain "set interfaces" lines skip the tree while nothing needs it (junos.flat.FlatStore);
# anything else about "interfaces" puts them back in.  Both roads must read alike.

FLAT_NAMES = ("xe-0/0/1", "xe-0/0/2", "ae0")
FLAT_RESTS = (
    "",
    'description "to db01 eth0"',
    "description x",
    "mtu 9216",
    "mtu 1500",
    "disable",
    "unit 0",
    "unit 0 family inet",
    "unit 0 family ethernet-switching interface-mode access",
    "unit 0 family ethernet-switching interface-mode trunk",
    "unit 0 family ethernet-switching vlan members v1",
    "unit 0 family ethernet-switching vlan members v2",
    "unit 0 family ethernet-switching native-vlan-id 5",
    "ether-options 802.3ad ae0",
    "ether-options speed 10g",
    "aggregated-ether-options lacp active",
    "aggregated-ether-options lacp periodic fast",
    "aggregated-ether-options mc-ae mc-ae-id 5",
)
FLAT_OTHERS = (
    "set system host-name leaf1",
    "set vlans v1 vlan-id 10",
    "set vlans v2 vlan-id 20",
    "set protocols rstp interface xe-0/0/1 edge",
    "set protocols rstp interface all edge",
    "set groups G system host-name from-group",
    "set apply-groups G",
)
flat_lines = st.lists(
    st.one_of(
        st.builds(
            lambda name, rest: f"set interfaces {name} {rest}".rstrip(),
            st.sampled_from(FLAT_NAMES),
            st.sampled_from(FLAT_RESTS),
        ),
        st.sampled_from(FLAT_OTHERS),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=300, deadline=None, database=None)
@given(flat_lines)
@example(  # first seen: lacp_rate, mlag_id, lacp_mode; the tree's key order differs
    [
        "set interfaces ae0 aggregated-ether-options lacp periodic fast",
        "set interfaces ae0 aggregated-ether-options mc-ae mc-ae-id 5",
        "set interfaces ae0 aggregated-ether-options lacp active",
    ]
)
@example(["set interfaces ae0 unit 0 family inet", "set interfaces ae0 unit 0"])
def test_flat_interfaces_read_as_the_tree_does(lines: list[str]) -> None:
    # A deactivated statement about a port no one names changes nothing, but puts every
    # interface in the tree: halfway (those so far go in, the rest follow) or at the end.
    unused, nothing = "deactivate interfaces zz-unused", "# nothing"
    half = len(lines) // 2

    def text(middle: str, end: str) -> str:
        return "\n".join([*lines[:half], middle, *lines[half:], end]) + "\n"

    flat = text(nothing, nothing)
    if any(line.startswith("set interfaces") for line in lines):
        kept = read_config(flat, "x.set", flat=True)
        assert kept is not None and kept.flat  # the flat road was taken
    expected = repr(parse(flat, "x.set"))  # values, lines and key order alike
    assert repr(parse(text(nothing, unused), "x.set")) == expected
    assert repr(parse(text(unused, nothing), "x.set")) == expected


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.lists(
        st.lists(st.sampled_from("abc"), max_size=4).map(tuple),
        min_size=1,
        max_size=7,
        unique=True,
    )
)
def test_flat_paths_are_put_in_the_tree_walks_order(paths: list[tuple[str, ...]]) -> None:
    text = "".join(f"set interfaces x {' '.join(path)}".rstrip() + "\n" for path in paths)
    walked = [s.path[2:] for s in flatten(text) if s.path[:2] == ("interfaces", "x")]
    assert tree_order(paths) == walked
    assert in_tree_order(paths) == (walked == paths)


def both_roads(text: str) -> tuple[str, str]:
    """``parse`` of ``text`` as it is, and with no line kept flat: a first line that
    deactivates a port no one names changes nothing, but shuts the flat store."""
    flat = repr(parse("# nothing\n" + text, "x.set"))
    return flat, repr(parse("deactivate interfaces zz-unused\n" + text, "x.set"))


# The store reads a text after a plain name once per file and takes it as the same
# statement after any plain name; a new last word after a known head is read from the
# head's words.  The odd names and texts must not take those roads; as any line the
# store does not keep puts every interface in the tree, they come one time in four.
PLAIN_NAMES = ("xe-0/0/1", "xe-0/0/2", "ae0")
ODD_NAMES = ('"xe-0/0/1"', "xe;1", "<xe-*>", "interface-range", "x\ty", "x\u00a0y")
PLAIN_RESTS = (
    'description "a b"',
    'description "a"',
    "description a",
    "description  a",
    "description\ta",
    "mtu 9216",
    "mtu 9216 ",
    " mtu 1500",
    "mtu",
    "unit 0",
    "unit 0 family inet",
    "unit 0 family ethernet-switching vlan members v1",
    "ether-options 802.3ad ae0",
    "ether-options 802.3ad lacp",
    "aggregated-ether-options lacp active",
    "",
)
ODD_RESTS = (
    'description "a\\"b"',
    'description "a;b"',
    "description a;b",
    'description "unclosed',
    "description apply-groups",
    "unit 0 family ethernet-switching vlan members [ v1 v2 ]",
    "unit 0 family ethernet-switching vlan members v1 # a comment",
    "aggregated-ether-options lacp x/*y",
)
quick_lines = st.lists(
    st.builds(
        lambda name, rest: f"set interfaces {name} {rest}",
        st.one_of(*[st.sampled_from(PLAIN_NAMES)] * 3, st.sampled_from(ODD_NAMES)),
        st.one_of(*[st.sampled_from(PLAIN_RESTS)] * 3, st.sampled_from(ODD_RESTS)),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=400, deadline=None, database=None)
@given(quick_lines)
@example(['set interfaces xe-0/0/1 description "a"', "set interfaces xe-0/0/1 description a"])  # one statement
@example(["set interfaces xe-0/0/1 description x", "set interfaces xe-0/0/2 description a;b"])  # not "a;b"
@example(["set interfaces xe-0/0/1 mtu 2", "set interfaces x\ty mtu 2"])  # not a port "x\ty"
@example(
    ["set interfaces xe-0/0/1 a b", "set interfaces xe-0/0/2 a\tc", "set interfaces xe-0/0/2 a d"]
)  # a head "a\tc"?
def test_texts_read_once_read_as_the_tree_does(lines: list[str]) -> None:
    flat, tree = both_roads("\n".join(lines) + "\n")
    assert flat == tree


# Paths that extend each other (an interface's tree order depends on which does), said
# in every order by as many interfaces: the order of a sequence of statements is
# learned once per file, for all the interfaces that say it.
ORDER_PATHS = ("a", "a b", "a b c", "a c", "b", "b a", "unit 0", "unit 1", "unit 0 family inet", "description x")


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.sampled_from(ORDER_PATHS), min_size=2, max_size=4, unique=True))
@example(["a c", "a b", "a b c"])  # "a c, a b, a b c" is in tree order, "a b, a c, a b c" not
def test_interfaces_in_other_orders_read_as_the_tree_does(paths: list[str]) -> None:
    check_every_order(paths)


@pytest.mark.parametrize("depth", [NUMBERED_DEPTH - 2, NUMBERED_DEPTH - 1, NUMBERED_DEPTH, NUMBERED_DEPTH + 1])
def test_long_paths_in_other_orders_read_as_the_tree_does(depth: int) -> None:
    # Only the first NUMBERED_DEPTH words of a path are numbered: around that length a
    # statement must still be known for a leaf or not.
    base = " ".join(f"w{n}" for n in range(depth - 1))
    check_every_order([f"{base} x", f"{base} y", f"{base} x z"])
    check_every_order([f"{base} x z", f"{base} y", f"{base} x"])


def check_every_order(paths: list[str]) -> None:
    # A first port says the longest paths first: what extends a path may come before it.
    longest_first = [f"set interfaces xe-1/0/0 {path}" for path in sorted(paths, key=len, reverse=True)]
    orders = list(itertools.permutations(paths))
    for first_come in (orders, orders[::-1]):  # whichever order the file says first
        lines = [f"set interfaces xe-0/0/{n} {path}" for n, order in enumerate(first_come) for path in order]
        for text in ("\n".join(lines) + "\n", "\n".join(longest_first + lines) + "\n"):
            flat, tree = both_roads(text)
            assert flat == tree
            # Most paths set nothing, so the facts show little of the order: ask it.
            read = read_config(text, "x.set", flat=True)
            assert read is not None and read.flat
            for statements in read.flat.interfaces.values():
                seen = [statement.path for statement in statements]
                assert [statement.path for statement, _ in read.flat.walk_order(statements)] == tree_order(seen)


@settings(max_examples=150, deadline=None, database=None)
@given(
    st.lists(
        st.builds(
            lambda name, rest: f"set interfaces {name} {rest}".rstrip(),
            st.sampled_from(FLAT_NAMES),
            st.sampled_from(FLAT_RESTS),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_flat_facts_are_the_same_when_protocols_name_ports(lines: list[str]) -> None:
    # Without protocols naming ports, flat interfaces go from the store to their facts;
    # with them, through Interface objects.  A port the protocols alone name adds its
    # own fact (and the switch runs RSTP); the others must not change.
    text = "\n".join(lines) + "\n"
    alone = parse(text, "x.set")
    named = parse(text + "set protocols rstp interface zz-only edge\n", "x.set")
    assert repr(alone.facts[1:]) == repr([fact for fact in named.facts[1:] if fact.name.value != "zz-only"])
    assert alone.diagnostics == named.diagnostics


# --------------------------------------------------------------------------------------
# 7. properties: never raise, always a well-formed result


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet='{}[];"#/* \nsetinterfacesgroups<>-:ae0', max_size=400))
def test_junos_alphabet_never_raises(text: str) -> None:
    check(junos, text, "fuzz")
    flatten(text)


def test_uplink_failure_detection_marks_both_ends_in_both_forms() -> None:
    # Lines 5-7 name the uplink, a port by its unit and a range; 8 a port configured
    # nowhere else (a group names ports, it does not configure them); 9 no membership.
    set_form = """set system host-name ex1
set interfaces ge-0/0/11 unit 0 family ethernet-switching interface-mode access
set interfaces xe-0/0/48 unit 0 family ethernet-switching interface-mode trunk
set interfaces interface-range HOSTS member ge-0/0/12
set protocols uplink-failure-detection group G1 link-to-monitor xe-0/0/48.0
set protocols uplink-failure-detection group G1 link-to-disable ge-0/0/11.0
set protocols uplink-failure-detection group G1 link-to-disable HOSTS
set protocols uplink-failure-detection group G1 link-to-disable ge-0/0/99
set protocols uplink-failure-detection group G1 traceoptions flag all
"""
    found = interfaces(parse(set_form, "ex1.set"))
    assert (plain(found["xe-0/0/48"])["link_tracking"], lines(found["xe-0/0/48"])["link_tracking"]) == ("upstream", 5)
    assert (plain(found["ge-0/0/11"])["link_tracking"], lines(found["ge-0/0/11"])["link_tracking"]) == ("downstream", 6)
    assert plain(found["ge-0/0/11"])["link_tracking_group"] == "G1"
    assert plain(found["ge-0/0/12"])["link_tracking"] == "downstream"  # via the range
    assert "ge-0/0/99" not in found
    # The group's uplinks, configured or not, are the switch's (line 5: the first).
    assert (
        plain(config(parse(set_form, "ex1.set")))["link_tracking_groups"],
        lines(config(parse(set_form, "ex1.set")))["link_tracking_groups"],
    ) == ("G1", 5)

    braces = (
        "system { host-name ex1; }\n"
        "interfaces { ge-0/0/11 { unit 0; } xe-0/0/48 { unit 0; } }\n"
        "protocols {\n"
        "    uplink-failure-detection {\n"
        "        group G1 {\n"
        "            link-to-monitor xe-0/0/48;\n"  # 6
        "            link-to-disable ge-0/0/11;\n"  # 7
        "        }\n"
        "    }\n"
        "}\n"
    )
    found = interfaces(parse(braces, "ex1.conf"))
    assert lines(found["ge-0/0/11"]) == {"link_tracking": 7, "link_tracking_group": 7}
    assert plain(found["xe-0/0/48"])["link_tracking"] == "upstream"


# --------------------------------------------------------------------------------------
# captures as people save them (hand-written fixtures)

# "show configuration interfaces" at an operational prompt (Juniper, Junos OS CLI User
# Guide, "show configuration": the hierarchy below [edit interfaces], printed without
# the "interfaces {" around it), with the "{master:0}" line a Virtual Chassis prints
# before each prompt.
SHOW_CONFIGURATION_INTERFACES = """\
admin@sw1> show configuration interfaces
xe-0/0/1 {
    description "db01 eno1";
    ether-options {
        802.3ad ae0;
    }
}
ae0 {
    aggregated-ether-options {
        lacp {
            active;
        }
    }
    unit 0 {
        family ethernet-switching {
            interface-mode trunk;
            vlan {
                members [ 100 200 ];
            }
        }
    }
}

{master:0}
admin@sw1>
"""
# The same as "show configuration interfaces | display set" (same guide, "display set"):
# only "set interfaces" lines.
DISPLAY_SET_INTERFACES = """\
admin@sw1> show configuration interfaces | display set
set interfaces xe-0/0/1 description "db01 eno1"
set interfaces xe-0/0/1 ether-options 802.3ad ae0
set interfaces ae0 aggregated-ether-options lacp active
set interfaces ae0 unit 0 family ethernet-switching interface-mode trunk
set interfaces ae0 unit 0 family ethernet-switching vlan members 100
set interfaces ae0 unit 0 family ethernet-switching vlan members 200
"""


@pytest.mark.parametrize("text", [SHOW_CONFIGURATION_INTERFACES, DISPLAY_SET_INTERFACES], ids=["braces", "set"])
def test_interfaces_only_captures(text: str) -> None:
    assert claims(PurePosixPath("capture.txt"), text[:1024])
    result = parse(text, "captures/capture.txt")
    assert result.diagnostics == []
    values = plain(config(result))
    assert (values["hostname"], values["hostname_source"]) == ("sw1", "prompt")
    assert lines(config(result))["hostname"] == 1
    table = interfaces(result)
    assert plain(table["xe-0/0/1"]) == {"description": "db01 eno1", "channel_group": "ae0"}
    assert plain(table["ae0"]) == {"lacp_mode": "active", "mode": "trunk", "allowed_vlans": "100,200"}
    assert all(fact.switch is not None and fact.switch.value == "sw1" for fact in table.values())


def test_interfaces_only_braces_lines_and_form_agreement() -> None:
    braces = parse(SHOW_CONFIGURATION_INTERFACES, "a.txt")
    assert lines(interfaces(braces)["xe-0/0/1"]) == {"description": 3, "channel_group": 5}
    assert interfaces(braces)["xe-0/0/1"].location.line == 2
    assert summary(braces) == summary(parse(DISPLAY_SET_INTERFACES, "b.txt"))


def test_switch_name_sources() -> None:
    named = "admin@core9> show configuration\nsystem {\n    host-name leaf1;\n}\n"
    values, where = plain(config(parse(named, "x.conf"))), lines(config(parse(named, "x.conf")))
    assert (values["hostname"], values["hostname_source"], where["hostname"]) == ("leaf1", "hostname line", 3)
    bare = "set interfaces xe-0/0/1 ether-options 802.3ad ae0\n"
    values = plain(config(parse(bare, "dc1/leaf6.set")))
    assert (values["hostname"], values["hostname_source"]) == ("leaf6", "file name")
    assert lines(config(parse(bare, "dc1/leaf6.set")))["hostname"] == 0


@pytest.mark.parametrize(
    ("name", "head"),
    [
        # An interface-name block without any interface statement.
        ("notes.txt", "ae0 {\n    foo bar;\n}\n"),
        ("bond.txt", "bond0 {\n    unit 0 {\n    }\n}\n"),
    ],
)
def test_interfaces_only_sniffing_is_precise(name: str, head: str) -> None:
    assert not claims(PurePosixPath(name), head)
