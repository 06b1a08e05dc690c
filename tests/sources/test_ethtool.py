"""Tests for the ethtool parser: corpus rows, hand-written outputs, name recovery, fuzzing."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

import pytest
from conftest import corpus_path, rows_of_kind
from timing import assert_parse_linear

from bondlint.sources import ethtool
from bondlint.sources.base import InterfaceRuntime, Located, ParseResult
from bondlint.sources.ethtool import claims, interface_from_path, parse

SOS = "sos_commands/networking/"


def plain(located: dict[str, Located[str]]) -> dict[str, str]:
    return {key: item.value for key, item in located.items()}


def lines_of(located: dict[str, Located[str]]) -> dict[str, int]:
    return {key: item.location.line for key, item in located.items()}


def only_interface(result: ParseResult) -> InterfaceRuntime:
    assert len(result.facts) == 1, result.diagnostics
    fact = result.facts[0]
    assert isinstance(fact, InterfaceRuntime)
    return fact


# --------------------------------------------------------------------------------------
# 1. host corpus rows (MANIFEST)

# The corpus file names carry a description after the sos name; the sos name is what a
# capture is really called (insights-core's tests use these literal "@" names).
SOS_NAMES = {
    "insights-core/ethtool_-a_bond0.1384@bond0_bad-args.txt": "ethtool_-a_bond0.1384@bond0",
    "insights-core/ethtool_-g_bond0.102@bond0_no-such-device.txt": "ethtool_-g_bond0.102@bond0",
    "insights-core/ethtool_-i_bond0.txt": "ethtool_-i_bond0",
    "insights-core/ethtool_-k_bond0.txt": "ethtool_-k_bond0",
}


def as_insights(result: ParseResult, path: str) -> dict[str, Any]:
    """insights-core ``Ethtool*`` attributes: ``ifname`` and the ``-i`` driver fields."""
    out: dict[str, Any] = {}
    name = interface_from_path(path)
    if name is not None:
        # insights keeps the name as the file spells it ("bond0.102@bond0"); bondlint keeps
        # the interface's real name, which is the part before "@" (the ip display suffix).
        out["ifname_before_at"] = name
    for fact in result.facts:
        assert isinstance(fact, InterfaceRuntime)
        values = plain(fact.values)
        for theirs, ours in (("driver", "driver"), ("version", "driver_version")):
            if ours in values:
                out[theirs] = values[ours]
    return out


def ethtool_rows() -> list[dict[str, str]]:
    return rows_of_kind("host", "ethtool")


@pytest.mark.parametrize("row", ethtool_rows(), ids=lambda row: row["file"])
def test_manifest_row(row: dict[str, str]) -> None:
    path = corpus_path("host", row["file"])
    sos_path = SOS + SOS_NAMES[row["file"]]
    result = parse(path.read_text(encoding="utf-8"), sos_path)
    # Failures, -k and -g are recognised and yield nothing; none of them is damage.
    assert result.diagnostics == []
    assert len(result.facts) == (1 if "_-i_" in sos_path else 0)
    expected = dict(row["expected_json"] or {})
    if "ifname" in expected:
        expected["ifname_before_at"] = expected.pop("ifname").partition("@")[0]
    actual = as_insights(result, sos_path)
    for key, want in expected.items():
        assert actual.get(key) == want, key


def test_manifest_has_ethtool_rows() -> None:
    corpus_path("host", "MANIFEST.tsv")
    rows = ethtool_rows()
    assert len(rows) >= 4 and all(row["file"] in SOS_NAMES for row in rows)


def test_corpus_driver_info() -> None:
    path = corpus_path("host", "insights-core", "ethtool_-i_bond0.txt")
    fact = only_interface(parse(path.read_text(encoding="utf-8"), SOS + "ethtool_-i_bond0"))
    assert fact.name.value == "bond0" and fact.name.location.line == 0
    # "bus-info:" is printed with nothing after it: skipped, not "".
    assert plain(fact.values) == {
        "driver": "bonding",
        "driver_version": "3.6.0",
        "firmware_version": "2",
    }
    assert lines_of(fact.values) == {"driver": 1, "driver_version": 2, "firmware_version": 3}
    assert fact.location.line == 1


# --------------------------------------------------------------------------------------
# 2. hand-written outputs

NIC = """\
Settings for eno1:
\tSupported ports: [ TP ]
\tSupported link modes:   10baseT/Half 10baseT/Full
\t                        100baseT/Half 100baseT/Full
\t                        1000baseT/Full
\tSupported pause frame use: No
\tSupports auto-negotiation: Yes
\tAdvertised link modes:  10baseT/Half 10baseT/Full
\t                        1000baseT/Full
\tAdvertised auto-negotiation: Yes
\tSpeed: 1000Mb/s
\tDuplex: Full
\tAuto-negotiation: on
\tPort: Twisted Pair
\tPHYAD: 1
\tTransceiver: internal
\tMDI-X: off (auto)
Cannot get wake-on-lan settings: Operation not permitted
\tCurrent message level: 0x00000007 (7)
\t\t\t       drv probe link
\tLink detected: yes
"""


def test_nic_settings_with_line_numbers() -> None:
    result = parse(NIC, SOS + "ethtool_eno1")
    assert result.diagnostics == []
    fact = only_interface(result)
    assert fact.name.value == "eno1" and fact.name.location.line == 1
    assert fact.location.line == 1
    assert plain(fact.values) == {
        "speed": "1000",
        "duplex": "full",
        "auto_negotiation": "on",
        "port": "Twisted Pair",
        "carrier": "up",
    }
    assert lines_of(fact.values) == {
        "speed": 11,
        "duplex": 12,
        "auto_negotiation": 13,
        "port": 14,
        "carrier": 21,
    }


BOND = """\
Settings for bond0:
\tSupported ports: [ ]
\tSupported link modes:   Not reported
\tSupported pause frame use: No
\tSupports auto-negotiation: No
\tSupported FEC modes: Not reported
\tAdvertised link modes:  Not reported
\tAdvertised pause frame use: No
\tAdvertised auto-negotiation: No
\tAdvertised FEC modes: Not reported
\tSpeed: 2000Mb/s
\tDuplex: Full
\tAuto-negotiation: off
\tPort: Other
\tPHYAD: 0
\tTransceiver: internal
\tLink detected: yes
"""


def test_bond_settings() -> None:
    fact = only_interface(parse(BOND, "anything.txt"))
    assert fact.format == "ethtool"
    assert plain(fact.values) == {
        "speed": "2000",
        "duplex": "full",
        "auto_negotiation": "off",
        "port": "Other",
        "carrier": "up",
    }


def test_no_link() -> None:
    text = "Settings for ens2f1:\n\tSpeed: Unknown!\n\tDuplex: Unknown! (255)\n\tPort: FIBRE\n\tLink detected: no\n"
    fact = only_interface(parse(text, SOS + "ethtool_ens2f1"))
    assert plain(fact.values) == {
        "speed": "unknown",
        "duplex": "unknown",
        "port": "FIBRE",
        "carrier": "down",
    }


@pytest.mark.parametrize(
    "text",
    [
        "ethtool: bad command line argument(s)\nFor more information run ethtool -h\n",
        "Settings for bond0.102@bond0:\nCannot get device settings: No such device\n"
        "Cannot get wake-on-lan settings: No such device\n"
        "Cannot get message level: No such device\n"
        "Cannot get link status: No such device\nNo data available\n",
        "Cannot get device settings: No such device\nNo data available\n",
        "netlink error: no device matches name (offset 24)\nnetlink error: No such device\n",
        "bash: ethtool: command not found\n",
        "Features for bond0:\nrx-checksumming: off [fixed]\n",
        "Ring parameters for eth0:\nPre-set maximums:\nRX:\t\t4096\n",
        "NIC statistics:\n     rx_packets: 12\n     speed: 5\n",
        "",
        "\n \n",
    ],
)
def test_recorded_failures_and_other_subcommands_yield_nothing(text: str) -> None:
    result = parse(text, SOS + "ethtool_bond0.102_bond0")
    assert result.facts == [] and result.diagnostics == []


def test_header_name_is_preferred_and_loses_its_at_suffix() -> None:
    text = "Settings for bond0.102@bond0:\n\tLink detected: yes\n"
    fact = only_interface(parse(text, SOS + "ethtool_something_else"))
    assert fact.name.value == "bond0.102"
    assert fact.name.location.line == 1


def test_headerless_lines_take_the_file_name() -> None:
    fact = only_interface(parse("\tLink detected: no\n", SOS + "ethtool_bond0.102_bond0"))
    assert fact.name.value == "bond0.102"
    assert fact.name.location.line == 0 and fact.location.line == 1
    assert fact.values["carrier"].value == "down"


def test_headerless_lines_without_a_file_name() -> None:
    result = parse("driver: e1000e\nversion: 3.2.6-k\n", "driver.txt")
    assert result.facts == []
    assert [d.location.line for d in result.diagnostics] == [1]
    assert "which interface" in result.diagnostics[0].message


def test_two_settings_blocks() -> None:
    text = BOND + "\n" + NIC
    result = parse(text, "x")
    assert [fact.name.value for fact in result.facts] == ["bond0", "eno1"]
    eno1 = result.facts[1]
    assert isinstance(eno1, InterfaceRuntime)
    assert eno1.name.location.line == 19 and eno1.values["speed"].location.line == 29


def test_repeated_label_keeps_the_first() -> None:
    fact = only_interface(parse("Settings for eth0:\n\tSpeed: 100Mb/s\n\tSpeed: 10Mb/s\n", "x"))
    assert fact.values["speed"].value == "100" and fact.values["speed"].location.line == 2


def test_driver_info_full() -> None:
    text = (
        "driver: ixgbe\nversion: 5.1.0-k-rh8.6.0\nfirmware-version: 0x800003e7\n"
        "expansion-rom-version: \nbus-info: 0000:3b:00.0\nsupports-statistics: yes\n"
    )
    fact = only_interface(parse(text, "insights_commands/ethtool_-i_ens1f0"))
    assert plain(fact.values) == {
        "driver": "ixgbe",
        "driver_version": "5.1.0-k-rh8.6.0",
        "firmware_version": "0x800003e7",
        "bus_info": "0000:3b:00.0",
    }


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Settings for eth0:\n", 1, "no settings"),
        ("random words\nmore words\n", 1, "not ethtool output"),
        ("\n\nSpeed 100\n", 3, "not ethtool output"),
    ],
)
def test_malformed_text_is_reported(text: str, line: int, message: str) -> None:
    result = parse(text, "x")
    assert result.facts == []
    assert [d.location.line for d in result.diagnostics] == [line]
    assert message in result.diagnostics[0].message


def test_binary_line_in_a_capture() -> None:
    result = parse("Settings for eth0:\n\x00\x01garbage\n\tLink detected: yes\n", "x")
    assert only_interface(result).values["carrier"].value == "up"
    assert [(d.location.line, d.message) for d in result.diagnostics] == [(2, "binary data, not text")]


def test_crlf_and_bom() -> None:
    fact = only_interface(parse("\ufeff" + NIC.replace("\n", "\r\n"), "x"))
    assert fact.name.value == "eno1" and fact.values["carrier"].location.line == 21


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (SOS + "ethtool_eth0", "eth0"),
        (SOS + "ethtool_-i_bond0", "bond0"),
        (SOS + "ethtool_bond0.102_bond0", "bond0.102"),  # sos turned "@" into "_"
        (SOS + "ethtool_-a_bond0.1384@bond0", "bond0.1384"),  # a literal "@"
        (SOS + "ethtool_eth0_1", "eth0_1"),  # "_" inside a real name stays
        (SOS + "ethtool_vlan100_bond0", "vlan100_bond0"),  # not provably mangled: kept
        (SOS + "ethtool_--show-priv-flags_eth0", "eth0"),
        (SOS + "ethtool_-i", None),
        (SOS + "ethtool_", None),
        ("x/eth0.txt", None),
    ],
)
def test_interface_from_path(path: str, name: str | None) -> None:
    assert interface_from_path(path) == name


@pytest.mark.parametrize(
    ("path", "head", "expected"),
    [
        (SOS + "ethtool_bond0", "", True),
        (SOS + "ethtool_-i_eth0", "", True),
        (SOS + "ethtool_-k_eth0", "Features for eth0:\n", False),
        (SOS + "ethtool_-S_eth0", "NIC statistics:\n", False),
        ("x/ethtool.txt", "\nSettings for eth0:\n\tSpeed: 10Mb/s\n", True),
        ("x/ethtool.txt", "Ring parameters for eth0:\n", False),
        ("x/ifcfg-eth0", "DEVICE=eth0\n", False),
    ],
)
def test_claims(path: str, head: str, expected: bool) -> None:
    assert claims(PurePosixPath(path), head) is expected


def test_format_name() -> None:
    assert ethtool.FORMAT == "ethtool"


@pytest.mark.slow
def test_linear_time() -> None:
    """Eight times the blocks, or a hostile line eight times as long, costs about eight
    times the time, not sixty-four (growth ratios, never seconds: tests/timing.py)."""
    assert_parse_linear(parse, lambda count: "".join(NIC.replace("eno1", f"eno{n}") for n in range(count)), 250)
    assert_parse_linear(
        parse, lambda n: "Settings for eth0:\n\tSpeed: " + "9" * 4 * n + "Mb/s\n" + " for x:" * n, 6_250
    )
