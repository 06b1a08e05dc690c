"""Wiring inventories: YAML in both styles, schema errors at their lines, CSV, claims,
the shipped schema, robustness."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import PurePosixPath
from typing import Any

import pytest
from harness import check
from hypothesis import given, settings
from hypothesis import strategies as st
from timing import assert_parse_linear

from bondlint.sources import wiring
from bondlint.sources.base import ParseResult, WiringLink
from bondlint.sources.wiring import claims, parse


def links(result: ParseResult) -> list[WiringLink]:
    facts = [fact for fact in result.facts if isinstance(fact, WiringLink)]
    assert len(facts) == len(result.facts)
    return facts


def ends(link: WiringLink) -> tuple[str, str, str, str]:
    return (link.host.value, link.host_port.value, link.switch.value, link.switch_port.value)


def lines(link: WiringLink) -> tuple[int, ...]:
    """The link's line, then the line of each of its four values."""
    located = (link.host, link.host_port, link.switch, link.switch_port)
    return (link.location.line, *(item.location.line for item in located))


def problems(result: ParseResult) -> list[tuple[int, str]]:
    return [(d.location.line, d.message) for d in result.diagnostics]


BLOCK = """\
# rack 12, row B
version: 1
links:
  - host: db01
    host_port: eno1
    switch: leaf1
    switch_port: Ethernet1/1
    cable: C-1042
  - host: db01
    host_port: eno2
    switch: leaf2
    switch_port: Ethernet1/1
    note: second leaf of the MLAG pair
"""

FLOW = """\
links:
  - {host: db01, host_port: eno1, switch: leaf1, switch_port: Ethernet1/1}
  - {host: db01, host_port: eno2,
     switch: leaf2, switch_port: Ethernet1/1}
"""

FLOW_DOCUMENT = json.dumps(
    {"links": [{"host": "db02", "host_port": "ens1f0", "switch": "sw1", "switch_port": "Gi1/0/11"}]}
)


# --------------------------------------------------------------------------------------
# 1. the two styles


def test_block_style_with_extra_keys_and_lines() -> None:
    result = parse(BLOCK, "wiring.yaml")
    assert result.diagnostics == []
    first, second = links(result)
    assert ends(first) == ("db01", "eno1", "leaf1", "Ethernet1/1")
    assert ends(second) == ("db01", "eno2", "leaf2", "Ethernet1/1")
    assert lines(first) == (4, 4, 5, 6, 7)
    assert lines(second) == (9, 9, 10, 11, 12)
    assert first.format == "wiring"
    assert first.location.path == "wiring.yaml"


def test_flow_style_lines() -> None:
    result = parse(FLOW, "wiring.yml")
    assert result.diagnostics == []
    first, second = links(result)
    assert ends(first) == ("db01", "eno1", "leaf1", "Ethernet1/1")
    assert lines(first) == (2, 2, 2, 2, 2)
    assert lines(second) == (3, 3, 3, 4, 4)


def test_json_document_is_yaml_too() -> None:
    (link,) = links(parse(FLOW_DOCUMENT, "wiring.json"))
    assert ends(link) == ("db02", "ens1f0", "sw1", "Gi1/0/11")
    assert link.location.line == 1


# --------------------------------------------------------------------------------------
# 2. schema errors: reported at their line, the valid links still read

BROKEN = """\
version: 1
links:
  - host: db01
    host_port: eno1
    switch: leaf1
    switch_port: Ethernet1/1
  - host: db01
    host_port: eno2
    switch: leaf2
  - {host: db02, host_port: 5, switch: leaf1, switch_port: Ethernet1/2}
  - host: db02
    host_port: eno2
    switch: leaf2
    switch_port: Ethernet1/2
    rack: 12
site: ams1
"""


def test_missing_key_wrong_type_and_unknown_key() -> None:
    result = parse(BROKEN, "wiring.yaml")
    assert [ends(link) for link in links(result)] == [
        ("db01", "eno1", "leaf1", "Ethernet1/1"),
        ("db02", "eno2", "leaf2", "Ethernet1/2"),
    ]
    assert [link.location.line for link in links(result)] == [3, 11]
    assert problems(result) == [
        (7, "links[1]: 'switch_port' is required"),
        (10, "links[2].host_port: 5 is not of type 'string'"),
        (16, "unknown key 'site' (allowed: version, links)"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("version: 2\nlinks: []\n", [(1, "version: 1 was expected")]),
        ("links: eno1\n", [(1, "links: 'eno1' is not of type 'array'")]),
        ("version: 1\n", [(1, "'links' is required")]),
        ("links:\n  - eno1\n", [(2, "links[0]: 'eno1' is not of type 'object'")]),
        (
            "links:\n  - {host: '  ', host_port: eno1, switch: s, switch_port: p}\n",
            [(2, "links[0].host: '  ' is blank")],
        ),
        (
            'links:\n  - {host: h, host_port: "eno\\n1", switch: s, switch_port: p}\n',
            [(2, "links[0].host_port: 'eno\\n1' spans several lines")],
        ),
        (
            "links:\n  - host: h\n    host_port: eno1\n    switch: ~\n    switch_port: 2020-01-01\n",
            [
                (4, "links[0].switch: None is not of type 'string'"),
                (5, "links[0].switch_port: datetime.date(2020, 1, 1) is not of type 'string'"),
            ],
        ),
    ],
)
def test_schema_errors(text: str, expected: list[tuple[int, str]]) -> None:
    result = parse(text, "wiring.yaml")
    assert result.facts == []
    assert problems(result) == expected


def test_an_unknown_key_does_not_discard_the_links() -> None:
    result = parse("owner: netops\n" + FLOW, "wiring.yaml")
    assert len(links(result)) == 2
    assert problems(result) == [(1, "unknown key 'owner' (allowed: version, links)")]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 0, "empty"),
        ("# nothing yet\n", 0, "empty"),
        ("- host: db01\n", 1, "mapping"),
        ("links: [\n", 2, "malformed YAML"),
        ("links: []\n\x00\n", 2, "binary"),
        ("[" * 100 + "]" * 100, 1, "nested"),
        (
            "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "links: []\n",
            0,
            "expand",
        ),
    ],
)
def test_unreadable_documents(text: str, line: int, words: str) -> None:
    result = parse(text, "wiring.yaml")
    assert result.facts == []
    assert result.diagnostics, text
    assert result.diagnostics[0].location.line == line
    assert words in result.diagnostics[0].message


def test_duplicate_key_keeps_the_first_value() -> None:
    text = "links:\n  - host: db01\n    host: db09\n    host_port: eno1\n"
    text += "    switch: s\n    switch_port: p\n"
    result = parse(text, "wiring.yaml")
    (link,) = links(result)
    assert link.host.value == "db01"
    assert [d.location.line for d in result.diagnostics] == [3]


def test_a_port_cabled_twice_is_reported() -> None:
    text = FLOW + (
        "  - {host: db01, host_port: eno1, switch: leaf3, switch_port: Ethernet9}\n"
        "  - {host: db03, host_port: eno1, switch: LEAF1, switch_port: ethernet1/1}\n"
    )
    result = parse(text, "wiring.yaml")
    assert len(links(result)) == 4  # which cable is right is unknown: all are kept
    assert problems(result) == [
        (5, "db01 eno1 is listed twice: also cabled to leaf1 Ethernet1/1 (line 2)"),
        (6, "LEAF1 ethernet1/1 is listed twice: also cabled to db01 eno1 (line 2)"),
    ]


# --------------------------------------------------------------------------------------
# 3. CSV

CSV = """\
host,host_port,switch,switch_port,cable
db01,eno1,leaf1,Ethernet1/1,C-1042
# a comment row

db01,eno2,,Ethernet1/1
"db02","eno1",leaf2,"Ethernet1/2"
db03,"eno
1",leaf2,Ethernet1/3
db04,eno1,leaf2,Ethernet1/4
"""


def test_csv_inventory() -> None:
    result = parse(CSV, "cabling.csv")
    assert [ends(link) for link in links(result)] == [
        ("db01", "eno1", "leaf1", "Ethernet1/1"),
        ("db02", "eno1", "leaf2", "Ethernet1/2"),
        ("db04", "eno1", "leaf2", "Ethernet1/4"),
    ]
    assert [lines(link) for link in links(result)] == [(2,) * 5, (6,) * 5, (9,) * 5]
    assert problems(result) == [
        (5, "row lacks switch; link skipped"),
        (7, "a quoted cell spans several lines; link skipped"),
    ]


def test_csv_by_header_alone_and_bad_csv() -> None:
    (link,) = links(parse("switch_port,switch,host_port,host\nEt1,sw1,eno1,db01\n", "inventory"))
    assert ends(link) == ("db01", "eno1", "sw1", "Et1")
    result = parse("host,port\ndb01,eno1\n", "wiring.csv")
    assert result.facts == [] and problems(result)[0][0] == 1
    result = parse("host,host_port,switch,switch_port\ndb01,eno1,s,p\nx\x00y,1,2,3\n", "w.csv")
    assert len(links(result)) == 1 and problems(result) == [(3, "binary data, not text; link skipped")]
    result = parse("host,host_port,switch,switch_port\ndb01,eno1,s\rp\ndb02,eno1,s,p\n", "w.csv")
    assert result.facts == [] and problems(result)[0][0] == 2


# --------------------------------------------------------------------------------------
# 4. the schema, claims, limits


def test_the_shipped_schema_is_valid_and_is_the_one_used() -> None:
    from jsonschema import Draft202012Validator

    text = (files("bondlint") / "schemas/wiring.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert wiring.wiring_schema() == schema
    link = schema["$defs"]["link"]
    assert sorted(link["required"]) == sorted(wiring.FIELDS)
    assert link.get("additionalProperties", True) is True  # cable, note … are allowed


@pytest.mark.parametrize(
    ("path", "head", "claimed"),
    [
        ("inventory.yaml", BLOCK, True),
        ("inventory.yml", FLOW, True),
        ("inventory.yaml", "---\nlinks:\n", True),
        ("wiring.yaml", "anything: 1\n", True),
        ("site-cabling.json", FLOW_DOCUMENT, True),
        ("cabling.csv", CSV, True),
        ("links.csv", CSV, True),
        ("WIRING", "", True),
        # not ours
        ("01-netcfg.yaml", "network:\n  version: 2\nlinks:\n", False),
        ("policy.yaml", "id: BL001\n  links: []\n", False),
        ("inventory.yaml", "hosts: []\n", False),
        ("links.csv", "a,b\n", False),
        ("wiring-notes.md", "# links\n", False),
        ("links.txt", "links:\n", False),
    ],
)
def test_claims(path: str, head: str, claimed: bool) -> None:
    assert claims(PurePosixPath(path), head[:1024]) is claimed


@pytest.mark.slow
def test_linear_time() -> None:
    """Eight times the links costs about eight times the time, not sixty-four (growth
    ratios, never seconds: tests/timing.py)."""

    def as_csv(count: int) -> str:
        rows = "".join(f"h{n},eno1,s{n % 40},Ethernet{n}/1\n" for n in range(count))
        return "host,host_port,switch,switch_port\n" + rows

    def as_yaml(count: int) -> str:
        items = "".join(
            f"  - {{host: h{n}, host_port: eno1, switch: s{n % 40}, switch_port: Et{n}}}\n" for n in range(count)
        )
        return "links:\n" + items

    for path, text_of in (("wiring.yaml", as_yaml), ("wiring.csv", as_csv)):
        assert len(parse(text_of(100), path).facts) == 100
        assert_parse_linear(parse, text_of, 125, path)


# --------------------------------------------------------------------------------------
# 5. properties: never raise, always a well-formed result


KEYS = ["links", "version", "host", "host_port", "switch", "switch_port", "cable", ""]
TREES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(KEYS) | st.text(max_size=6),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None, database=None)
@given(TREES, st.booleans())
def test_any_document_shape_never_raises(tree: Any, indent: bool) -> None:
    text = json.dumps({"links": tree}, indent=2 if indent else None)  # JSON is YAML
    check(wiring, text, "wiring.yaml")


def test_a_yaml_error_after_a_lone_carriage_return_stays_within_the_file() -> None:
    """YAML counts a lone CR as a line break (found by the property test above)."""
    result = parse("?\r0", "wiring.yaml")
    assert [d.location.line for d in result.diagnostics] == [1]
