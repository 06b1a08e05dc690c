"""Tests for the sysfs bonding parser: the three capture layouts, kernel cross-checks, fuzzing."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import CORPUS, corpus_path, rows_of_kind
from timing import assert_parse_linear

from bondlint.sources import ip_link, proc_bonding, sysfs_bonding
from bondlint.sources.base import BondRuntime, InterfaceRuntime, Located, ParseResult
from bondlint.sources.sysfs_bonding import (
    BOND,
    DEVICE,
    PORT,
    SysfsAttribute,
    attribute_from_path,
    claims,
    parse,
)

NET = "/sys/class/net"


def plain(located: dict[str, Located[str]]) -> dict[str, str]:
    return {key: item.value for key, item in located.items()}


def lines_of(located: dict[str, Located[str]]) -> dict[str, int]:
    return {key: item.location.line for key, item in located.items()}


def only_bond(result: ParseResult) -> BondRuntime:
    assert len(result.facts) == 1, result.facts
    fact = result.facts[0]
    assert isinstance(fact, BondRuntime)
    return fact


def only_interface(result: ParseResult) -> InterfaceRuntime:
    assert len(result.facts) == 1, result.facts
    fact = result.facts[0]
    assert isinstance(fact, InterfaceRuntime)
    return fact


def bond_state(bond: BondRuntime) -> dict[str, str]:
    """Everything a BondRuntime says, flat: values, lacp (prefixed) and the port list."""
    state = plain(bond.values) | {f"lacp.{key}": value for key, value in plain(bond.lacp).items()}
    return state | {"ports": " ".join(port.name.value for port in bond.ports)}


# --------------------------------------------------------------------------------------
# 1. host corpus rows (MANIFEST)


def unpack_ttar(text: str) -> dict[str, str]:
    """node_exporter's ttar fixture -> {path: file content} (directories dropped)."""
    files: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        if lines[index].startswith("Path: "):
            path = lines[index].removeprefix("Path: ")
            count = int(lines[index + 1].removeprefix("Lines: "))
            body = lines[index + 2 : index + 2 + count]
            files[path] = "".join(line + "\n" for line in body)
            index += 2 + count
        else:
            index += 1
    return files


def as_node_exporter(files: dict[str, str]) -> dict[str, Any]:
    """node_exporter bonding collector: per bond, ports and ports whose MII status is up.

    Each file is parsed on its own, as a tree of sysfs files would be; the facts are then
    merged by name the way the model will.
    """
    ports: dict[str, list[str]] = {}
    mii: dict[tuple[str, str], str] = {}
    for path, content in files.items():
        result = parse(content, path)
        assert result.diagnostics == [], path
        for fact in result.facts:
            if isinstance(fact, BondRuntime):
                ports.setdefault(fact.name.value, []).extend(p.name.value for p in fact.ports)
            elif isinstance(fact, InterfaceRuntime) and "mii_status" in fact.values:
                master = fact.values["master"].value  # known from the slave_<port> path
                mii[(master, fact.name.value)] = fact.values["mii_status"].value
    return {
        bond: {"slaves": len(names), "active": sum(mii.get((bond, n)) == "up" for n in names)}
        for bond, names in ports.items()
    }


# Where each single-value corpus file lives on a real host (the file name only describes it).
SYSFS_PATHS = {
    "insights-core/sysfs_bond0_bonding_tlb_dynamic_lb_0.txt": f"{NET}/bond0/bonding/tlb_dynamic_lb",
    "insights-core/sysfs_bond1_bonding_tlb_dynamic_lb_1.txt": f"{NET}/bond1/bonding/tlb_dynamic_lb",
    "telegraf/sysfs_bonding_ad_num_ports_padded.txt": f"{NET}/bond0/bonding/ad_num_ports",
    "telegraf/sysfs_bonding_mode_TEST-AUTHORED_802.3ad_5.txt": f"{NET}/bond0/bonding/mode",
    "telegraf/sysfs_bonding_slaves_trailing-space.txt": f"{NET}/bond0/bonding/slaves",
}


def as_single_value(bond: BondRuntime) -> dict[str, Any]:
    """insights-core ``BondDynamicLB`` and telegraf ``bond`` sysfs fields."""
    values, lacp = plain(bond.values), plain(bond.lacp)
    out: dict[str, Any] = {"bond_name": bond.name.value, "slave_count": len(bond.ports)}
    if "tlb_dynamic_lb" in values:
        out["dynamic_lb_status"] = int(values["tlb_dynamic_lb"])
    if "number_of_ports" in lacp:
        out["ad_port_count"] = int(lacp["number_of_ports"])
    if "mode" in values:
        out["mode_tag"] = values["mode"]
    return out


def sysfs_rows() -> list[dict[str, str]]:
    return rows_of_kind("host", "sysfs-bonding")


@pytest.mark.parametrize("row", sysfs_rows(), ids=lambda row: row["file"])
def test_manifest_row(row: dict[str, str]) -> None:
    path = corpus_path("host", row["file"])
    text = path.read_text(encoding="utf-8")
    parse(text, str(path))  # as named in the corpus: must not raise, whatever it makes of it
    expected = row["expected_json"]
    if row["file"].endswith(".ttar.txt"):
        files = unpack_ttar(text)
        assert parse(files["sys/class/net/bonding_masters"], "sys/class/net/bonding_masters") == (ParseResult())
        assert as_node_exporter(files) == expected
        return
    host_path = SYSFS_PATHS[row["file"]]
    assert claims(PurePosixPath(host_path), text)
    result = parse(text, host_path)
    assert result.diagnostics == []
    actual = as_single_value(only_bond(result))
    for key, want in expected.items():
        assert actual[key] == want, key


def test_manifest_has_sysfs_rows() -> None:
    corpus_path("host", "MANIFEST.tsv")
    rows = sysfs_rows()
    assert len(rows) >= 6
    assert all(row["file"] in SYSFS_PATHS or row["file"].endswith(".ttar.txt") for row in rows)


# --------------------------------------------------------------------------------------
# 2. real kernel captures against /proc/net/bonding and ip -d link from the same moment


def kernel_folders() -> list[Path]:
    return sorted(path.parent for path in (CORPUS / "kernel").glob("*/*/proc_net_bonding_*"))


def read_pairs(path: Path) -> list[tuple[int, str, str]]:
    """(line, name, value) of a name=value dump, read independently of the parser."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        name, equals, value = line.partition("=")
        if equals:
            pairs.append((number, name, value))
    return pairs


def parse_clean(path: Path | str, text: str | None = None) -> ParseResult:
    if text is None:
        assert isinstance(path, Path)
        text = path.read_text(encoding="utf-8")
    result = parse(text, str(path))
    assert result.diagnostics == [], path
    return result


def proc_reference(folder: Path) -> BondRuntime:
    dump = next(folder.glob("proc_net_bonding_*"))
    bond = proc_bonding.parse(dump.read_text(encoding="utf-8"), str(dump)).facts[0]
    assert isinstance(bond, BondRuntime)
    return bond


def taken_down(folder: Path) -> set[str]:
    commands = (folder / "commands.txt").read_text(encoding="utf-8").split("\n")
    return {
        line.split("link set peer-")[1].split()[0]
        for line in commands
        if line.startswith("ip ") and "link set peer-" in line and line.endswith(" down")
    }


@pytest.mark.parametrize("folder", kernel_folders(), ids=lambda p: p.name)
def test_kernel_sysfs_agrees_with_proc_and_ip(folder: Path) -> None:
    reference = proc_reference(folder)
    name = reference.name.value
    proc, proc_lacp = plain(reference.values), plain(reference.lacp)
    dump = folder / f"sysfs_bonding_{name}.txt"
    bond = only_bond(parse_clean(dump))
    values, lacp = plain(bond.values), plain(bond.lacp)
    assert bond.name.value == name and bond.name.location.line == 0
    assert bond.unknown == []
    check_bond_agrees_with_proc(values, lacp, proc, proc_lacp)
    check_values_on_their_lines(bond, dump)
    check_ip_link_agrees(folder, name, values, lacp)
    assert [port.name.value for port in bond.ports] == [p.name.value for p in reference.ports]
    check_ports_agree_with_proc(folder, reference, proc)


def check_bond_agrees_with_proc(
    values: dict[str, str], lacp: dict[str, str], proc: dict[str, str], proc_lacp: dict[str, str]
) -> None:
    """The bond's sysfs values are the ones /proc/net/bonding prints."""
    for key in ("mode", "miimon", "updelay", "downdelay", "peer_notif_delay", "mii_status"):
        assert values[key] == proc[key], key
    # /proc prints the ARP lines only when ARP monitoring is on.
    assert values["arp_interval"] == proc.get("arp_interval", "0")
    assert values.get("arp_ip_target", "") == proc.get("arp_ip_target", "")
    if "arp_missed_max" in proc:
        assert values["arp_missed_max"] == proc["arp_missed_max"]
    assert values["primary"] == proc.get("primary", "")
    assert values["active_port"] == proc.get("active_port", "")
    if "xmit_hash_policy" in proc:
        assert values["xmit_hash_policy"] == proc["xmit_hash_policy"]
    if proc["mode"] == "active-backup":
        assert values["fail_over_mac"] == proc.get("fail_over_mac", "none")
    if proc["mode"] == "802.3ad":
        for key in (
            "lacp_active",
            "lacp_rate",
            "ad_select",
            "aggregator_id",
            "number_of_ports",
            "actor_key",
            "partner_key",
            "partner_mac",
            "min_links",
        ):
            assert lacp[key] == proc_lacp[key], key
    else:
        assert "aggregator_id" not in lacp  # the kernel prints nothing: skipped


def check_values_on_their_lines(bond: BondRuntime, dump: Path) -> None:
    """Every value sits on the line of its attribute."""
    file_lines = {attribute: number for number, attribute, _ in read_pairs(dump)}
    assert bond.values["mode"].location.line == file_lines["mode"]
    assert bond.values["active_port"].location.line == file_lines["active_slave"]
    assert bond.lacp["lacp_rate"].location.line == file_lines["lacp_rate"]
    assert bond.ports[0].name.location.line == file_lines["slaves"]


def check_ip_link_agrees(folder: Path, name: str, values: dict[str, str], lacp: dict[str, str]) -> None:
    """ip -d link shows the same options under the same keys."""
    ip_bond = next(
        fact
        for fact in ip_link.parse((folder / f"ip_-d_link_show_{name}").read_text("utf-8"), "ip").facts
        if isinstance(fact, BondRuntime)
    )
    for key, item in ip_bond.values.items():
        assert values[key] == item.value, key
    for key, item in ip_bond.lacp.items():
        assert lacp[key] == item.value, key


def check_ports_agree_with_proc(folder: Path, reference: BondRuntime, proc: dict[str, str]) -> None:
    """Each port's sysfs dump agrees with the port's section in /proc/net/bonding."""
    down = taken_down(folder)
    for port in reference.ports:
        port_name = port.name.value
        expected = plain(port.values)
        fact = only_interface(parse_clean(folder / f"sysfs_bonding_slave_{port_name}.txt"))
        slave = plain(fact.values)
        assert fact.name.value == port_name
        for key in ("mii_status", "link_failure_count", "permanent_hw_addr", "queue_id"):
            assert slave[key] == expected[key], (port_name, key)
        # "going back" is real: updelay-not-multiple.1-just-up caught a port mid-updelay.
        assert (slave["mii_status"] == "down") == (port_name in down)
        if proc["mode"] == "802.3ad":
            assert slave["ad_aggregator_id"] == expected["aggregator_id"]
            assert slave["ad_actor_oper_port_state"] == port.actor_lacp["port_state"].value
            assert slave["ad_partner_oper_port_state"] == port.partner_lacp["port_state"].value
        else:
            assert "ad_aggregator_id" not in slave  # "N/A": skipped
        if proc["mode"] == "active-backup":
            assert slave["slave_state"] == ("active" if port_name == proc["active_port"] else "backup")
        assert "master" not in slave  # a dump's file name does not say which bond


@pytest.mark.parametrize("folder", kernel_folders(), ids=lambda p: p.name)
def test_kernel_values_read_alike_in_every_layout(folder: Path) -> None:
    """The same attributes as one file each and as ``grep -H .`` output give the same facts."""
    name = proc_reference(folder).name.value
    dump = folder / f"sysfs_bonding_{name}.txt"
    expected = bond_state(only_bond(parse_clean(dump)))
    pairs = read_pairs(dump)

    merged: dict[str, str] = {"ports": ""}
    for _, attribute, value in pairs:
        path = f"{NET}/{name}/bonding/{attribute}"
        assert claims(PurePosixPath(path), value)
        single = only_bond(parse_clean(path, value + "\n"))
        assert single.name.value == name and single.location.line == 1
        state = bond_state(single)
        ports = state.pop("ports")
        merged.update(state)  # one attribute per file: nothing to overwrite
        merged["ports"] = ports or merged["ports"]
    assert merged == expected

    # grep -H . skips empty files: "none" primary / active port leave no line.
    grep_lines = [f"{NET}/{name}/bonding/{a}:{v}" for _, a, v in pairs if v]
    port_files = sorted(folder.glob("sysfs_bonding_slave_*.txt"))
    for port_file in port_files:
        port = port_file.name.removeprefix("sysfs_bonding_slave_").removesuffix(".txt")
        grep_lines += [f"{NET}/{port}/bonding_slave/{a}:{v}" for _, a, v in read_pairs(port_file)]
    text = "\n".join(grep_lines) + "\n"
    assert claims(PurePosixPath("bonding.txt"), text[:1024])
    result = parse_clean("grep-H.txt", text)
    grep_bond = result.facts[0]
    assert isinstance(grep_bond, BondRuntime)
    assert bond_state(grep_bond) == {k: v for k, v in expected.items() if v or k == "ports"}
    grep_ports = {fact.name.value: plain(fact.values) for fact in result.facts if isinstance(fact, InterfaceRuntime)}
    for port_file in port_files:
        from_dump = only_interface(parse_clean(port_file))
        assert grep_ports[from_dump.name.value] == plain(from_dump.values)


def test_kernel_corpus_present() -> None:
    corpus_path("kernel")
    assert len(kernel_folders()) >= 10
    assert any(taken_down(folder) for folder in kernel_folders())


# --------------------------------------------------------------------------------------
# 3. hand-written cases


@pytest.mark.parametrize(
    ("path", "text", "state"),
    [
        (f"{NET}/bond0/bonding/mode", "active-backup 1\n", {"mode": "active-backup"}),
        (f"{NET}/bond0/bonding/xmit_hash_policy", "layer3+4 1\n", {"xmit_hash_policy": "layer3+4"}),
        (
            f"{NET}/bond0/bonding/arp_validate",
            "filter_backup 6\n",
            {"arp_validate": "filter_backup"},
        ),
        (f"{NET}/bond0/bonding/lacp_rate", "fast 1\n", {"lacp.lacp_rate": "fast"}),
        (f"{NET}/bond0/bonding/ad_select", "stable 0\n", {"lacp.ad_select": "stable"}),
        (
            f"{NET}/bond0/bonding/ad_partner_mac",
            "00:11:22:33:44:55\n",
            {"lacp.partner_mac": "00:11:22:33:44:55"},
        ),
        (f"{NET}/bond0/bonding/ad_aggregator", "", {}),  # not applicable: printed empty
        (
            f"{NET}/bond0/bonding/arp_ip_target",
            "10.0.0.1 10.0.0.2\n",
            {"arp_ip_target": "10.0.0.1,10.0.0.2"},
        ),
        (f"{NET}/bond0/bonding/ns_ip6_target", "2001:db8::1\n", {"ns_ip6_target": "2001:db8::1"}),
        (f"{NET}/bond0/bonding/primary", "\n", {"primary": ""}),
        (f"{NET}/bond0/bonding/active_slave", "", {"active_port": ""}),
        (f"{NET}/bond0/bonding/active_slave", "eth1\n", {"active_port": "eth1"}),
        (f"{NET}/bond0/bonding/peer_notif_delay", "0\n", {"peer_notif_delay": "0"}),
        (f"{NET}/bond0/bonding/num_unsol_na", "1\n", {}),  # repeats num_grat_arp
        (f"{NET}/bond0/bonding/queue_id", "eth0:0 eth1:0\n", {}),  # per-port values
        ("/sys/devices/virtual/net/bond-lan/bonding/miimon", "100\n", {"miimon": "100"}),
    ],
)
def test_single_bond_attribute_files(path: str, text: str, state: dict[str, str]) -> None:
    bond = only_bond(parse_clean(path, text))
    assert bond.name.value == path.split("/")[-3] and bond.name.location.line == 0
    assert bond.location.line == 1
    assert {k: v for k, v in bond_state(bond).items() if k != "ports"} == state
    assert all(item.location.line == 1 for item in [*bond.values.values(), *bond.lacp.values()])


def test_single_slaves_file() -> None:
    bond = only_bond(parse_clean(f"{NET}/int/bonding/slaves", "eth5 eth1\n"))
    assert [(p.name.value, p.name.location.line, p.values) for p in bond.ports] == [
        ("eth5", 1, {}),
        ("eth1", 1, {}),
    ]
    assert only_bond(parse_clean(f"{NET}/bond0/bonding/slaves", "")).ports == []


def test_unknown_bond_attribute_is_kept() -> None:
    bond = only_bond(parse_clean(f"{NET}/bond0/bonding/future_knob", "7\n"))
    assert [(item.value, item.location.line) for item in bond.unknown] == [("future_knob=7", 1)]
    assert bond.values == {}


@pytest.mark.parametrize(
    ("path", "text", "name", "values"),
    [
        (f"{NET}/eth0/bonding_slave/state", "backup\n", "eth0", {"slave_state": "backup"}),
        (
            f"{NET}/eth0/bonding_slave/mii_status",
            "going back\n",
            "eth0",
            {"mii_status": "going back"},
        ),
        (
            f"{NET}/eth0/bonding_slave/perm_hwaddr",
            "52:54:00:00:00:10\n",
            "eth0",
            {"permanent_hw_addr": "52:54:00:00:00:10"},
        ),
        (f"{NET}/eth0/bonding_slave/ad_aggregator_id", "N/A\n", "eth0", {}),
        (
            f"{NET}/eth0/bonding_slave/ad_actor_oper_port_state",
            "61\n",
            "eth0",
            {"ad_actor_oper_port_state": "61"},
        ),
        (f"{NET}/eth0/bonding_slave/future_knob", "1\n", "eth0", {}),
        (
            "sys/class/net/int/slave_eth1/bonding_slave/mii_status",
            "down\n",
            "eth1",
            {"mii_status": "down", "master": "int"},
        ),
        (
            "sys/class/net/int/slave_eth1/operstate",
            "down\n",
            "eth1",
            {"operstate": "down", "master": "int"},
        ),
        (f"{NET}/eth0/carrier", "0\n", "eth0", {"carrier": "down"}),
        (f"{NET}/eth0/carrier", "1\n", "eth0", {"carrier": "up"}),
        (f"{NET}/eth0/carrier", "", "eth0", {}),  # reading carrier of a down link fails
        (f"{NET}/eth0/operstate", "lowerlayerdown\n", "eth0", {"operstate": "lowerlayerdown"}),
        (f"{NET}/eth0/speed", "-1\n", "eth0", {"speed": "unknown"}),
        (f"{NET}/eth0/speed", "25000\n", "eth0", {"speed": "25000"}),
        (f"{NET}/eth0/duplex", "full\n", "eth0", {"duplex": "full"}),
        (f"{NET}/eth0/address", "52:54:00:00:00:10\n", "eth0", {"mac": "52:54:00:00:00:10"}),
        (f"{NET}/eth0/mtu", "9000\n", "eth0", {"mtu": "9000"}),
    ],
)
def test_single_port_and_device_files(path: str, text: str, name: str, values: dict[str, str]) -> None:
    fact = only_interface(parse_clean(path, text))
    assert fact.name.value == name and fact.format == "sysfs"
    assert plain(fact.values) == values
    assert lines_of(fact.values) == {key: 0 if key == "master" else 1 for key in values}


def test_single_file_with_extra_lines() -> None:
    result = parse("up\n\ndown\n", f"{NET}/eth0/bonding_slave/mii_status")
    assert only_interface(result).values["mii_status"].value == "up"
    assert [d.location.line for d in result.diagnostics] == [3]


def test_bonding_masters() -> None:
    assert parse("bond0 dmz int\n", f"{NET}/bonding_masters") == ParseResult()
    assert parse("", "sys/class/net/bonding_masters") == ParseResult()
    assert parse(f"{NET}/bonding_masters:bond0 bond1\n", "grep.txt") == ParseResult()


BOND_DUMP = """\
mode=802.3ad 4
slaves=eth0 eth1
ad_aggregator=
primary=
arp_ip_target=
miimon=100
future_knob=on
queue_id=eth0:0 eth1:0
"""


def test_bond_dump() -> None:
    result = parse(BOND_DUMP, "capture/sysfs_bonding_bond1.txt")
    assert result.diagnostics == []
    bond = only_bond(result)
    assert bond.name.value == "bond1" and bond.location.line == 1
    assert plain(bond.values) == {"mode": "802.3ad", "primary": "", "miimon": "100"}
    assert lines_of(bond.values) == {"mode": 1, "primary": 4, "miimon": 6}
    assert [(p.name.value, p.name.location.line) for p in bond.ports] == [("eth0", 2), ("eth1", 2)]
    assert bond.lacp == {}
    assert [(u.value, u.location.line) for u in bond.unknown] == [("future_knob=on", 7)]


def test_port_dump() -> None:
    text = "state=active\nmii_status=up\nad_aggregator_id=N/A\nlink_failure_count=0\n"
    fact = only_interface(parse_clean("sysfs_bonding_slave_ens1f0", text))
    assert fact.name.value == "ens1f0"
    assert plain(fact.values) == {
        "slave_state": "active",
        "mii_status": "up",
        "link_failure_count": "0",
    }
    assert lines_of(fact.values) == {"slave_state": 1, "mii_status": 2, "link_failure_count": 4}


def test_grep_output_with_pci_paths_and_errors() -> None:
    text = (
        "/sys/class/net/bond0/bonding/mode:active-backup 1\n"
        "/sys/class/net/bond0/bonding/slaves:ens1f0 ens1f1\n"
        "grep: /sys/class/net/bond0/bonding/ad_actor_key: Permission denied\n"
        "/sys/devices/pci0000:00/0000:00:03.0/0000:3b:00.0/net/ens1f0/bonding_slave/perm_hwaddr"
        ":3c:fd:fe:00:00:01\n"
        "/sys/class/net/ens1f0/bonding_slave/queue_id:0\n"
        "/sys/class/net/bond0/bonding/active_slave:ens1f0\n"
        "/sys/class/net/bonding_masters:bond0\n"
    )
    result = parse_clean("grep.txt", text)
    bond, port = result.facts
    assert isinstance(bond, BondRuntime) and isinstance(port, InterfaceRuntime)
    assert bond.name.location.line == 1 and bond.location.line == 1
    assert plain(bond.values) == {"mode": "active-backup", "active_port": "ens1f0"}
    assert lines_of(bond.values) == {"mode": 1, "active_port": 6}
    assert [p.name.value for p in bond.ports] == ["ens1f0", "ens1f1"]
    assert port.name.value == "ens1f0" and port.name.location.line == 4
    assert plain(port.values) == {"permanent_hw_addr": "3c:fd:fe:00:00:01", "queue_id": "0"}
    assert lines_of(port.values) == {"permanent_hw_addr": 4, "queue_id": 5}


def test_malformed_lines_are_reported() -> None:
    text = "mode=balance-rr 0\nthis is not sysfs\nmiimon=100\nmiimon=200\nslaves=eth0\nslaves=eth1\n\x00\x01\n"
    result = parse(text, "sysfs_bonding_bond0.txt")
    bond = only_bond(result)
    assert bond.values["miimon"].value == "100"
    assert [p.name.value for p in bond.ports] == ["eth0"]
    assert [d.location.line for d in result.diagnostics] == [2, 4, 6, 7]
    assert result.diagnostics[-1].message == "binary data, not text"


def test_name_value_lines_without_an_owner() -> None:
    result = parse("mode=balance-rr 0\nmiimon=100\n", "bond.txt")
    assert result.facts == []
    assert [d.location.line for d in result.diagnostics] == [1]


def test_empty_dump_and_crlf() -> None:
    assert parse("", "sysfs_bonding_bond0.txt") == ParseResult()
    bond = only_bond(parse_clean("sysfs_bonding_bond0.txt", "\ufeffmode=balance-xor 2\r\nmiimon=1\r\n"))
    assert plain(bond.values) == {"mode": "balance-xor", "miimon": "1"}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"{NET}/bond0/bonding/mode", SysfsAttribute(BOND, "bond0", "mode")),
        ("sos/sys/class/net/bond0/bonding/mode", SysfsAttribute(BOND, "bond0", "mode")),
        (f"{NET}/eth0/bonding_slave/state", SysfsAttribute(PORT, "eth0", "state")),
        (
            "sys/class/net/dmz/slave_eth4/bonding_slave/mii_status",
            SysfsAttribute(PORT, "eth4", "mii_status", master="dmz"),
        ),
        (f"{NET}/eth0/carrier", SysfsAttribute(DEVICE, "eth0", "carrier")),
        (
            "sys/class/net/int/slave_eth1/operstate",
            SysfsAttribute(DEVICE, "eth1", "operstate", master="int"),
        ),
        (f"{NET}/eth0/flags", None),  # sos collects it; not a bonding fact
        (f"{NET}/bonding_masters", None),
        (f"{NET}/bond0/bonding", None),
        ("bonding/mode", None),
        (f"{NET}/bond0/bonding/mode extra", None),
        (f"{NET}/bond0/bonding/mo:de", None),
        ("/etc/sysconfig/network-scripts/ifcfg-bond0", None),
        ("", None),
    ],
)
def test_attribute_from_path(path: str, expected: SysfsAttribute | None) -> None:
    assert attribute_from_path(path) == expected


@pytest.mark.parametrize(
    ("path", "head", "expected"),
    [
        (f"{NET}/bond0/bonding/mode", "", True),
        (f"{NET}/eth0/bonding_slave/mii_status", "", True),
        (f"{NET}/bonding_masters", "", True),
        ("capture/sysfs_bonding_bond0.txt", "", True),
        ("capture/sysfs_bonding_slave_eth0.txt", "", True),
        ("x/bonding.txt", "\n/sys/class/net/bond0/bonding/mode:802.3ad 4\n", True),
        ("x/bonding.txt", "mode=802.3ad 4\n", False),
        ("x/proc_net_bonding_bond0", "Bonding Mode: load balancing (xor)\n", False),
        ("sos_commands/networking/ip_-s_-d_link", "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 1\n", False),
    ],
)
def test_claims(path: str, head: str, expected: bool) -> None:
    assert claims(PurePosixPath(path), head) is expected


def test_format_name() -> None:
    assert sysfs_bonding.FORMAT == "sysfs"


@pytest.mark.slow
def test_linear_time() -> None:
    """Eight times the lines, or a hostile line eight times as long, costs about eight
    times the time, not sixty-four (growth ratios, never seconds: tests/timing.py)."""
    lines = "".join
    assert_parse_linear(
        parse,
        lambda count: lines(f"{NET}/eth{n}/bonding_slave/mii_status:up\n" for n in range(count)),
        1_250,
        "grep.txt",
    )
    assert_parse_linear(parse, lambda n: ":" * 2 * n + "\n" + "a/" * n + ":x\n", 12_500, "grep.txt")
    assert_parse_linear(parse, lambda n: "slaves=" + "eth0 " * n, 12_500, "sysfs_bonding_bond0.txt")


# --------------------------------------------------------------------------------------
# head / tail -n +1 captures: each value after a "==> /sys/…/<attribute> <==" header


@pytest.mark.parametrize("folder", kernel_folders(), ids=lambda p: p.name)
def test_kernel_values_read_alike_as_head_output(folder: Path) -> None:
    """``head /sys/class/net/bond0/bonding/* /sys/class/net/eth*/bonding_slave/*`` of the
    real captures (rebuilt the way coreutils head prints several files: a header each, a
    blank line between them, an empty attribute as an empty line) reads as the dumps do."""
    name = proc_reference(folder).name.value
    dump = folder / f"sysfs_bonding_{name}.txt"
    expected = bond_state(only_bond(parse_clean(dump)))
    port_files = sorted(folder.glob("sysfs_bonding_slave_*.txt"))
    chunks = [(f"{NET}/{name}/bonding/{a}", v) for _, a, v in read_pairs(dump)]
    for port_file in port_files:
        port = port_file.name.removeprefix("sysfs_bonding_slave_").removesuffix(".txt")
        chunks += [(f"{NET}/{port}/bonding_slave/{a}", v) for _, a, v in read_pairs(port_file)]
    text = "\n".join(f"==> {path} <==\n{value}\n" for path, value in chunks)
    assert claims(PurePosixPath("head_bonding.txt"), text[:1024])
    result = parse_clean("head_bonding.txt", text)
    bond = result.facts[0]
    assert isinstance(bond, BondRuntime) and bond.name.value == name
    assert bond_state(bond) == expected
    # Every value sits on the line after its header, and the header names the device.
    lines = text.split("\n")
    for key, found in bond.values.items():
        assert lines[found.location.line - 2].startswith(f"==> {NET}/{name}/bonding/"), key
        assert (
            lines[found.location.line - 1].strip() in (found.value, "") or found.value in lines[found.location.line - 1]
        )
    ports = {fact.name.value: fact for fact in result.facts if isinstance(fact, InterfaceRuntime)}
    for port_file in port_files:
        from_dump = only_interface(parse_clean(port_file))
        port = ports[from_dump.name.value]
        assert plain(port.values) == plain(from_dump.values)
        assert lines[port.name.location.line - 1].startswith(f"==> {NET}/{from_dump.name.value}/bonding_slave/")


# Shape of `head /sys/class/net/bond*/bonding/{mode,miimon,slaves,primary}` output for
# two bonds (coreutils head; values as a RHEL 9 host prints them), written here.
HEAD_TWO_BONDS = f"""\
==> {NET}/bond0/bonding/mode <==
active-backup 1

==> {NET}/bond0/bonding/miimon <==
0

==> {NET}/bond0/bonding/primary <==


==> {NET}/bond0/bonding/slaves <==
ens1f0 ens2f0

==> {NET}/bond1/bonding/mode <==
802.3ad 4

==> {NET}/bond1/bonding/miimon <==
100

==> {NET}/bonding_masters <==
bond0 bond1

==> /etc/hostname <==
db01
"""


def test_head_output_of_two_bonds() -> None:
    result = parse(HEAD_TWO_BONDS, "head.txt")
    bonds = {fact.name.value: fact for fact in result.facts if isinstance(fact, BondRuntime)}
    assert sorted(bonds) == ["bond0", "bond1"]
    assert plain(bonds["bond0"].values) == {"mode": "active-backup", "miimon": "0", "primary": ""}
    assert lines_of(bonds["bond0"].values) == {"mode": 2, "miimon": 5, "primary": 8}
    assert [(p.name.value, p.name.location.line) for p in bonds["bond0"].ports] == [("ens1f0", 11), ("ens2f0", 11)]
    assert plain(bonds["bond1"].values) == {"mode": "802.3ad", "miimon": "100"}
    assert lines_of(bonds["bond1"].values) == {"mode": 14, "miimon": 17}
    assert bonds["bond1"].name.location.line == 13
    # bonding_masters is only names; /etc/hostname is no sysfs attribute: reported.
    assert [(d.location.line, d.message) for d in result.diagnostics] == [
        (22, "'/etc/hostname' is not a sysfs bonding attribute; its section is skipped")
    ]


def test_head_output_stray_text_and_extra_lines() -> None:
    text = f"# head {NET}/bond0/bonding/*\nsome note\n==> {NET}/bond0/bonding/miimon <==\n100\n200\n"
    result = parse(text, "head.txt")
    assert plain(only_bond(result).values) == {"miimon": "100"}
    assert [d.location.line for d in result.diagnostics] == [2, 5]  # the command line is no problem
    assert not claims(PurePosixPath("x.txt"), "==> /etc/hosts <==\n127.0.0.1 localhost\n")
    assert claims(PurePosixPath("x.txt"), f"==> {NET}/bond0/bonding/mode <==\nactive-backup 1\n")


# --------------------------------------------------------------------------------------
# audit against bond_sysfs.c / bond_sysfs_slave.c across versions: what older kernels
# printed reads as what newer ones print


@pytest.mark.parametrize(
    ("attribute", "text", "state"),
    [
        # 2.6.2x bond_sysfs.c: "NA" outside balance-xor/802.3ad, and every show function
        # returned one byte more than it printed (the NUL ends the copied file).
        ("xmit_hash_policy", "NA\n\x00", {"ports": ""}),
        ("mode", "active-backup 1\n\x00", {"mode": "active-backup", "ports": ""}),
        # 2.6.2x: fail_over_mac printed as a bare number; later "none 0", "active 1".
        ("fail_over_mac", "1\n", {"fail_over_mac": "active", "ports": ""}),
        ("fail_over_mac", "follow 2\n", {"fail_over_mac": "follow", "ports": ""}),
        # 802.3ad without an active aggregator: ad_aggregator prints 0 (ids start at 1).
        ("ad_aggregator", "0\n", {"lacp.no_active_aggregator": "yes", "ports": ""}),
        ("ad_aggregator", "2\n", {"lacp.aggregator_id": "2", "ports": ""}),
    ],
)
def test_old_kernel_sysfs_spellings(attribute: str, text: str, state: dict[str, str]) -> None:
    result = parse(text, f"{NET}/bond0/bonding/{attribute}")
    assert result.diagnostics == []
    assert bond_state(only_bond(result)) == state


def test_truncated_slave_list_marker_is_no_port() -> None:
    # bond_sysfs.c ends a list longer than a page with "++more++".
    result = parse("eth0 eth1 ++more++\n", f"{NET}/bond0/bonding/slaves")
    assert bond_state(only_bond(result))["ports"] == "eth0 eth1"


def test_not_applicable_port_values_in_a_head_capture() -> None:
    # head /sys/class/net/eth0/bonding_slave/* on a 6.1 balance-rr bond: N/A outside 802.3ad.
    text = (
        f"==> {NET}/eth0/bonding_slave/ad_aggregator_id <==\nN/A\n\n"
        f"==> {NET}/eth0/bonding_slave/mii_status <==\nup\n\n"
        f"==> {NET}/eth0/bonding_slave/state <==\nactive\n"
    )
    result = parse(text, "head_bonding_slave")
    assert result.diagnostics == []
    assert plain(only_interface(result).values) == {"mii_status": "up", "slave_state": "active"}
