"""Each format's editor: only the changed lines move; comments, order, quoting and
indentation stay; the result is what the format's own parser reads back."""

from __future__ import annotations

import pytest

from bondlint.fix.changes import CannotEdit, Change
from bondlint.fix.editors import Target, edit
from bondlint.sources import ifcfg, ifupdown, modprobe, netplan, networkd, nm_keyfile, nmstate

SET_MIIMON = [Change("set", "miimon", 100)]


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """(old, new) pairs of the lines that differ, the files being the same length."""
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new), (before, after)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def added_lines(before: str, after: str) -> list[str]:
    old, new = before.splitlines(), after.splitlines()
    for line in old:
        new.remove(line)  # every old line is still there
    return new


def options_of(source: object, text: str, path: str) -> dict[str, str]:
    result = source.parse(text, path)  # type: ignore[attr-defined]
    bonds = [f for f in result.facts if type(f).__name__ in ("BondDefinition", "ModuleOptions")]
    assert len(bonds) == 1, result
    return {k: v.value for k, v in bonds[0].options.items()}


KEYFILE = """\
# uplink
[connection]
id=bond0
type=bond
interface-name=bond0

[bond]
mode=active-backup
miimon = 0
# keep
[ipv4]
method=disabled
"""


def test_keyfile_value_replaced_in_its_group() -> None:
    target = Target("bond0.nmconnection", "nm-keyfile", "bond0", "NetworkManager")
    after = edit(KEYFILE, target, SET_MIIMON)
    assert changed_lines(KEYFILE, after) == [("miimon = 0", "miimon = 100")]
    assert options_of(nm_keyfile, after, "bond0.nmconnection")["miimon"] == "100"


def test_keyfile_new_key_after_the_groups_last_key_and_removal() -> None:
    target = Target("bond0.nmconnection", "nm-keyfile", "bond0", "NetworkManager")
    after = edit(KEYFILE, target, [Change("set", "primary", "eno1")])
    assert added_lines(KEYFILE, after) == ["primary=eno1"]
    assert after.index("primary=eno1") < after.index("# keep")
    removed = edit(KEYFILE, target, [Change("remove", "miimon")])
    assert "miimon" not in removed and removed.count("\n") == KEYFILE.count("\n") - 1


def test_keyfile_without_a_bond_group_gets_one() -> None:
    text = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n"
    after = edit(text, Target("b.nmconnection", "nm-keyfile", "bond0", "NetworkManager"), SET_MIIMON)
    assert after == text + "\n[bond]\nmiimon=100\n"


IFCFG = """\
# hand-written
DEVICE=bond0
BONDING_OPTS='mode=active-backup  miimon=0'  # comment
"""


def test_ifcfg_word_replaced_quotes_spacing_and_comment_kept() -> None:
    after = edit(IFCFG, Target("ifcfg-bond0", "ifcfg", "bond0", "initscripts"), SET_MIIMON)
    assert changed_lines(IFCFG, after) == [
        (
            "BONDING_OPTS='mode=active-backup  miimon=0'  # comment",
            "BONDING_OPTS='mode=active-backup  miimon=100'  # comment",
        )
    ]
    assert options_of(ifcfg, after, "ifcfg-bond0")["miimon"] == "100"


def test_ifcfg_unquoted_value_gets_quotes_when_it_grows_and_suse_variable() -> None:
    text = "DEVICE=bond0\nBONDING_OPTS=mode=1\n"
    after = edit(text, Target("ifcfg-bond0", "ifcfg", "bond0", "initscripts"), SET_MIIMON)
    assert after.splitlines()[1] == 'BONDING_OPTS="mode=1 miimon=100"'
    suse = "STARTMODE=auto\nBONDING_MASTER=yes\n"
    after = edit(suse, Target("ifcfg-bond0", "ifcfg", "bond0", "wicked"), SET_MIIMON)
    assert added_lines(suse, after) == ['BONDING_MODULE_OPTS="miimon=100"']


def test_modprobe_word_on_its_line() -> None:
    text = "# tuning\noptions bonding max_bonds=0 miimon=0\n"
    after = edit(text, Target("bonding.conf", "modprobe", "bond0", "kernel"), SET_MIIMON)
    assert changed_lines(text, after) == [
        ("options bonding max_bonds=0 miimon=0", "options bonding max_bonds=0 miimon=100")
    ]
    assert options_of(modprobe, after, "etc/modprobe.d/bonding.conf")["miimon"] == "100"
    added = edit(after, Target("bonding.conf", "modprobe", "bond0", "kernel"), [Change("set", "mode", "active-backup")])
    assert added.splitlines()[1] == "options bonding max_bonds=0 miimon=100 mode=active-backup"


NETDEV = """\
[NetDev]
Name=bond0
Kind=bond

[Bond]
Mode=active-backup
# comment
MIIMonitorSec=0
"""


def test_networkd_key_and_value_spelling() -> None:
    target = Target("10-bond0.netdev", "networkd", "bond0", "systemd-networkd")
    after = edit(NETDEV, target, [*SET_MIIMON, Change("set", "arp_validate", "all")])
    assert "MIIMonitorSec=100ms" in after.splitlines() and "ARPValidate=all" in after.splitlines()
    assert "# comment" in after
    with pytest.raises(CannotEdit, match="no \\[Bond\\] key for primary"):
        edit(NETDEV, target, [Change("set", "primary", "eno1")])
    assert options_of(networkd, after, "etc/systemd/network/10-bond0.netdev")["miimon"] == "100"
    with pytest.raises(CannotEdit, match=r"\.netdev"):
        edit(NETDEV, Target("10-bond0.network", "networkd", "bond0", "systemd-networkd"), SET_MIIMON)


IFUPDOWN = """\
auto bond0
iface bond0 inet manual
\tbond-slaves eno1 eno2
\tbond_mode active-backup
\t# monitor
\tbond-miimon 0

iface eno1 inet manual
"""


def test_ifupdown_line_in_the_stanza_indentation_kept() -> None:
    target = Target("interfaces", "ifupdown", "bond0", "ifupdown")
    after = edit(IFUPDOWN, target, SET_MIIMON)
    assert changed_lines(IFUPDOWN, after) == [("\tbond-miimon 0", "\tbond-miimon 100")]
    added = edit(IFUPDOWN, target, [Change("set", "primary", "eno1"), Change("set", "mode", "802.3ad")])
    assert added_lines(IFUPDOWN, added.replace("\tbond_mode 802.3ad", "\tbond_mode active-backup")) == [
        "\tbond-primary eno1"
    ]
    assert added.index("bond-primary") < added.index("iface eno1")
    assert options_of(ifupdown, added, "etc/network/interfaces")["mode"] == "802.3ad"


NETPLAN = """\
network:
    version: 2
    bonds:
        bond0:   # the uplink
            interfaces: [eno1, eno2]
            parameters:
                mode: "active-backup"   # quoted
                mii-monitor-interval: 0
"""


def test_netplan_value_in_place_and_new_key_at_the_files_indentation() -> None:
    target = Target("etc/netplan/01.yaml", "netplan", "bond0", "netplan/systemd-networkd")
    after = edit(NETPLAN, target, SET_MIIMON)
    assert changed_lines(NETPLAN, after) == [
        ("                mii-monitor-interval: 0", "                mii-monitor-interval: 100")
    ]
    moded = edit(NETPLAN, target, [Change("set", "mode", "802.3ad"), Change("set", "primary", "eno1")])
    assert '                mode: "802.3ad"   # quoted' in moded.splitlines()
    assert "                primary: eno1" in moded.splitlines()
    options = options_of(netplan, moded, "etc/netplan/01.yaml")
    assert (options["mode"], options["primary"]) == ("802.3ad", "eno1")


def test_netplan_parameters_created_and_flow_style_refused() -> None:
    text = "network:\n  version: 2\n  bonds:\n    bond0:\n      interfaces: [eno1, eno2]\n"
    target = Target("etc/netplan/01.yaml", "netplan", "bond0", "netplan/systemd-networkd")
    after = edit(text, target, SET_MIIMON)
    assert added_lines(text, after) == ["      parameters:", "        mii-monitor-interval: 100"]
    flow = "network:\n  version: 2\n  bonds:\n    bond0: {interfaces: [eno1], parameters: {mode: balance-rr}}\n"
    with pytest.raises(CannotEdit, match="flow style"):
        edit(flow, target, SET_MIIMON)


NMSTATE = """\
interfaces:
- name: bond0
  type: bond
  # uplink
  link-aggregation:
    mode: active-backup
    port: [eno1, eno2]
"""


def test_nmstate_options_created_and_mode_in_place() -> None:
    target = Target("bond.yml", "nmstate", "bond0", "NetworkManager")
    after = edit(NMSTATE, target, [*SET_MIIMON, Change("set", "mode", "802.3ad")])
    assert "    mode: 802.3ad" in after.splitlines()
    assert "    options:\n      miimon: 100\n" in after
    assert options_of(nmstate, after, "bond.yml")["miimon"] == "100"


def test_a_capture_is_never_edited() -> None:
    with pytest.raises(CannotEdit, match="capture"):
        edit(
            "Bonding Mode: active-backup\n",
            Target("proc/net/bonding/bond0", "proc-net-bonding", "bond0", ""),
            SET_MIIMON,
        )


def test_nmstate_empty_options_become_a_block() -> None:
    text = NMSTATE.replace("    port: [eno1, eno2]\n", "    port: [eno1, eno2]\n    options: {}  # none yet\n")
    after = edit(text, Target("bond.yml", "nmstate", "bond0", "NetworkManager"), SET_MIIMON)
    assert after.endswith("    options:  # none yet\n      miimon: 100\n")
    assert options_of(nmstate, after, "bond.yml")["miimon"] == "100"


def test_ifcfg_options_written_oddly_are_not_rewritten() -> None:
    """A second BONDING_OPTS line would override the first: never added beside one the
    editor cannot read."""
    text = 'DEVICE=bond0\nBONDING_OPTS="mode=1 "$EXTRA\n'
    with pytest.raises(CannotEdit, match="line 2"):
        edit(text, Target("ifcfg-bond0", "ifcfg", "bond0", "initscripts"), SET_MIIMON)
