"""modprobe configuration parser: corpus, merging, syntax, robustness."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from conftest import corpus_path, rows_of_kind

from bondlint.sources import modprobe
from bondlint.sources.base import Location, ModuleOptions, ParseResult

ROWS = rows_of_kind("host", "modprobe-conf")
PATH = "/etc/modprobe.d/bonding.conf"

# The options each corpus file must yield (None: no fact).
CORPUS_TABLE: dict[str, dict[str, str] | None] = {
    # The deliberately bad trailing lines concern other modules: not ours to report.
    "insights-core/etc_modprobe.conf_options_bonding.txt": {"max_bonds": "2"},
}


def parse(text: str, path: str = PATH) -> ParseResult:
    return modprobe.parse(text, path)


def only(result: ParseResult) -> ModuleOptions:
    [fact] = result.facts
    assert isinstance(fact, ModuleOptions)
    return fact


def lines(mapping: dict) -> dict[str, tuple[str, int]]:
    return {key: (located.value, located.location.line) for key, located in mapping.items()}


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_corpus_file(row: dict[str, str]) -> None:
    text = corpus_path("host", row["file"]).read_text(encoding="utf-8", errors="replace")
    result = parse(text, row["file"])
    assert result.diagnostics == []
    expected = CORPUS_TABLE[row["file"]]
    if expected is None:
        assert result.facts == []
        return
    fact = only(result)
    assert fact.format == "modprobe"
    assert {key: value.value for key, value in fact.options.items()} == expected
    manifest = row["expected_json"]
    if manifest is not None:  # insights-core: the raw words of each "options <module>"
        words = [f"{key}={value.value}" for key, value in fact.options.items()]
        assert words == manifest["options.bonding"]


def test_corpus_table_matches_manifest() -> None:
    corpus_path("host", "MANIFEST.tsv")
    assert {row["file"] for row in ROWS} == set(CORPUS_TABLE)


def test_corpus_location() -> None:
    name = "insights-core/etc_modprobe.conf_options_bonding.txt"
    fact = only(parse(corpus_path("host", name).read_text(encoding="utf-8"), name))
    assert fact.location == Location(name, 22)
    assert lines(fact.options) == {"max_bonds": ("2", 22)}


def test_lines_merge_and_the_last_value_wins() -> None:
    text = (
        "# bonding defaults\nalias bond0 bonding\noptions bonding mode=4 miimon=100\n"
        "options bnx2 disable_msi=1\ninstall bonding /sbin/modprobe --ignore-install bonding\n"
        "  options   bonding\tmiimon=200 max-bonds=0\n"
    )
    result = parse(text)
    assert result.diagnostics == []
    fact = only(result)
    assert fact.location == Location(PATH, 3)
    assert lines(fact.options) == {
        "mode": ("4", 3),
        "miimon": ("200", 6),
        "max_bonds": ("0", 6),  # '-' and '_' are the same in parameter names
    }


def test_continuation_quotes_and_lists() -> None:
    text = 'options bonding mode=active-backup \\\n arp_interval=1000 arp_ip_target="10.0.0.1,10.0.0.2"\n'
    fact = only(parse(text))
    assert lines(fact.options) == {
        "mode": ("active-backup", 1),
        "arp_interval": ("1000", 1),
        "arp_ip_target": ("10.0.0.1,10.0.0.2", 1),
    }


def test_continuation_joins_without_a_blank() -> None:
    fact = only(parse("options bonding mode=1\\\n0\n"))
    assert lines(fact.options) == {"mode": ("10", 1)}


def test_trailing_hash_and_bare_words() -> None:
    result = parse("options bonding miimon bad= mode=1 # defaults for bond0\n")
    assert lines(only(result).options) == {"mode": ("1", 1)}
    assert [d.location.line for d in result.diagnostics] == [1, 1, 1]
    assert "'#'" in result.diagnostics[-1].message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# options bonding mode=4\n",
        "options\noptions bonding\n",
        "options bonding_other mode=4\nalias bond0 bonding\nblacklist bonding\n",
        "options bondingx mode=1\n",
    ],
)
def test_nothing_for_bonding(text: str) -> None:
    result = parse(text)
    # "options bonding" alone still says the module is configured here, with nothing.
    assert all(fact.options == {} for fact in result.facts)
    assert result.diagnostics == []


def test_binary_lines() -> None:
    result = parse("\x00\x01\x02\noptions bonding mode=4\n")
    assert [d.location.line for d in result.diagnostics] == [1]
    assert lines(only(result).options) == {"mode": ("4", 2)}


@pytest.mark.parametrize(
    ("path", "claimed"),
    [
        ("/etc/modprobe.conf", True),
        ("/etc/modprobe.d/bonding.conf", True),
        ("/usr/lib/modprobe.d/dist.conf", True),
        ("/etc/modprobe.d/bonding.conf.rpmsave", False),
        ("/etc/modprobe.d/README", False),
        ("/etc/modules-load.d/bonding.conf", False),
    ],
)
def test_claims(path: str, claimed: bool) -> None:
    assert modprobe.claims(PurePosixPath(path), "options bonding mode=4\n") is claimed
