"""One harness for every source parser (``bondlint.sources.registered()``).

What every parser promises alike is checked here once: ``parse`` never raises, and its
result is well formed (``check_well_formed``).  What is particular to one format (the
records it makes, the values it may read from the file's *name* rather than a line, the
names it parses generated text under, a few format rules) is a ``Profile`` parameter.
``tests/sources/test_every_source.py`` applies it to every registered module; a
format's own test file may call ``check_well_formed`` on its own generated shapes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path, PurePosixPath
from types import ModuleType

from conftest import CORPUS, FIXTURES, rows_of_kind

from bondlint.pipeline import decode
from bondlint.sources import registered
from bondlint.sources.base import (
    BondDefinition,
    BondRuntime,
    Diagnostic,
    HostInfo,
    InterfaceRuntime,
    LldpNeighbor,
    Located,
    Location,
    ModuleOptions,
    ParseResult,
    PortDefinition,
    SwitchConfig,
    SwitchInterface,
    TeamDefinition,
    VlanDefinition,
    WiringLink,
)

ALL_FACTS: tuple[type, ...] = (
    BondDefinition,
    PortDefinition,
    BondRuntime,
    InterfaceRuntime,
    LldpNeighbor,
    ModuleOptions,
    TeamDefinition,
    HostInfo,
    SwitchInterface,
    SwitchConfig,
    WiringLink,
    VlanDefinition,
)

Extra = Callable[[ParseResult, str], None]


@dataclass(frozen=True)
class Profile:
    """What is particular to one format's results.

    ``facts``: the record types it makes.  ``formats``: the ``format`` they carry (empty:
    the module's ``FORMAT``).  ``from_name``: fields (``Type.field``, ``*`` patterns) whose
    value may come from the file's name and so stand at line 0; every other value stands
    at a line of the text.  ``not_empty``: fields whose values are never empty or padded.
    ``paths``: names generated text is parsed under (the name can decide the layout).
    ``file_diagnostics``: a diagnostic about the whole file may stand at line 0 (else
    every diagnostic names a line).  ``yaml_lines``: YAML breaks lines at a lone CR too
    (YAML 1.2, 5.4), so a YAML format's lines are counted the way YAML counts them.
    ``multiline_values``: a value may span lines (a YAML scalar can); else none does.
    ``tags``: the corpus MANIFEST kinds of this format (``[tag]``), whose files seed the
    fuzzing even where the module claims them by a real path only.  ``seeds``: hand-written
    (path, text) samples for a format no fixture holds.
    ``extra``: the format's own rules, called with the result and the text.
    """

    facts: tuple[type, ...] = ALL_FACTS
    formats: tuple[str, ...] = ()
    from_name: tuple[str, ...] = ()
    not_empty: tuple[str, ...] = ()
    paths: tuple[str, ...] = ("fuzz",)
    file_diagnostics: bool = True
    yaml_lines: bool = False
    multiline_values: bool = False
    tags: tuple[str, ...] = ()
    seeds: tuple[tuple[str, str], ...] = ()
    extra: tuple[Extra, ...] = field(default=())
    # Linear-time shapes this format is known to fail (reported, not yet mended): run as
    # strict xfails, so the mend turns them into a failure that asks to remove the entry.
    superlinear: dict[str, str] = field(default_factory=dict)


def located(record: object, where: str) -> Iterator[tuple[str, Located[object]]]:
    """Every ``Located`` inside ``record`` with its field (``BondRuntime.ports.name``)."""
    if isinstance(record, Located):
        yield where, record
    elif dataclasses.is_dataclass(record) and not isinstance(record, type):
        for item in dataclasses.fields(record):
            yield from located(getattr(record, item.name), f"{where}.{item.name}")
    elif isinstance(record, dict):
        for value in record.values():
            yield from located(value, where)
    elif isinstance(record, list | tuple):
        for value in record:
            yield from located(value, where)


def _matches(where: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(where, pattern) for pattern in patterns)


def _check_location(location: object, path: str, first: int, last: int, what: str) -> None:
    assert isinstance(location, Location), f"{what}: no location"
    assert location.path == path, f"{what}: located in {location.path!r}, not in the file given ({path!r})"
    assert first <= location.line <= last, f"{what}: line {location.line} outside {first}..{last}"


def _check_value(item: object, where: str, path: str, last: int, profile: Profile) -> None:
    assert isinstance(item, Located), f"{where}: {item!r} is not a located value"
    value = item.value
    assert isinstance(value, str), f"{where}: {value!r} is not text"
    assert profile.multiline_values or "\n" not in value, f"{where}: {value!r} spans lines"
    if _matches(where, profile.not_empty):
        assert value and value.strip() == value, f"{where}: {value!r} is empty or padded"
    first = 0 if _matches(where, profile.from_name) else 1
    _check_location(item.location, path, first, last, where)


def line_count(text: str, yaml_lines: bool = False) -> int:
    """Lines of ``text``: its newlines plus one (a lone CR counts too for YAML)."""
    breaks = text.count("\n")
    if yaml_lines:
        breaks += text.count("\r") - text.count("\r\n")
    return breaks + 1


def check_well_formed(result: ParseResult, text: str, path: str, profile: Profile, fmt: str) -> None:
    """Every record and diagnostic is located in ``path``, at a line of ``text`` (line 0,
    the whole file, only for a value the profile says comes from the file's name, or a
    diagnostic about the whole file); values are single-line text; the records are of
    the format's types and name its format; then the format's own rules."""
    assert isinstance(result, ParseResult)
    last = line_count(text, profile.yaml_lines)
    for diagnostic in result.diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert isinstance(diagnostic.message, str) and diagnostic.message.strip(), "a diagnostic says nothing"
        first = 0 if profile.file_diagnostics else 1
        _check_location(diagnostic.location, path, first, last, f"diagnostic {diagnostic.message!r}")
    formats = profile.formats or (fmt,)
    for fact in result.facts:
        kind = type(fact).__name__
        assert isinstance(fact, profile.facts), f"{kind} is not a record {fmt} makes"
        assert fact.format in formats, f"{kind} says format {fact.format!r}, not one of {formats}"
        _check_location(fact.location, path, 1, last, kind)
        for where, item in located(fact, kind):
            _check_value(item, where, path, last, profile)
    for rule in profile.extra:
        rule(result, text)


# --------------------------------------------------------------------------------------
# the format rules the per-format copies of check_well_formed used to hold


def _one_bond_or_one_diagnostic(result: ParseResult, text: str) -> None:
    # /proc/net/bonding/<bond> is one bond, named by the file (line 0); nothing read is
    # one diagnostic at line 1.  Only a capture of several files (`head`'s "==> name <=="
    # headers) holds more bonds, each named at its header, and says at the header when
    # a file holds nothing.
    named_by_file = [fact for fact in result.facts if isinstance(fact, BondRuntime) and fact.name.location.line == 0]
    assert len(named_by_file) <= 1
    if "==> " in text:
        assert result.facts or result.diagnostics
        return
    assert named_by_file == result.facts
    if not result.facts:
        assert len(result.diagnostics) == 1 and result.diagnostics[0].location.line == 1


def _ip_names_and_no_ports(result: ParseResult, text: str) -> None:
    # "eth0@bond0" names eth0; ports are InterfaceRuntime records, never a bond's list.
    for fact in result.facts:
        assert isinstance(fact, InterfaceRuntime | BondRuntime)
        assert "@" not in fact.name.value
        if isinstance(fact, BondRuntime):
            assert fact.ports == []


def _values_present(result: ParseResult, text: str) -> None:
    # A record with nothing in it is not made.
    for fact in result.facts:
        assert isinstance(fact, InterfaceRuntime | LldpNeighbor) and fact.values


def _junos_config_first(result: ParseResult, text: str) -> None:
    # The switch-wide record comes first; only the platform, and a hostname taken from
    # the file or folder name, stand at line 0.
    if not result.facts:
        return
    config = result.facts[0]
    assert isinstance(config, SwitchConfig)
    assert config.values["platform"].value == "junos"
    named_by_file = config.values.get("hostname_source")
    by_name = named_by_file is not None and named_by_file.value in ("file name", "folder name")
    for fact in result.facts:
        assert isinstance(fact, SwitchConfig | SwitchInterface)
        for key, item in fact.values.items():
            whole_file = key == "platform" or (by_name and key in ("hostname", "hostname_source"))
            assert item.location.line or whole_file, f"{key} at line 0"


def _nmstate_options_word(result: ParseResult, text: str) -> None:
    for fact in result.facts:
        if isinstance(fact, BondDefinition):
            assert fact.extra["nmstate.options"].value in ("yes", "no")


SOS = "sos_commands/networking/"
NET = "/sys/class/net"

PROFILES: dict[str, Profile] = {
    "proc-net-bonding": Profile(
        tags=("proc-net-bonding", "negative-sample"),
        facts=(BondRuntime,),
        from_name=("BondRuntime.name",),
        file_diagnostics=False,
        extra=(_one_bond_or_one_diagnostic,),
    ),
    "sysfs": Profile(
        tags=("sysfs-bonding",),
        facts=(BondRuntime, InterfaceRuntime),
        from_name=("BondRuntime.name", "InterfaceRuntime.name"),
        not_empty=("*.name",),
        paths=(
            f"{NET}/bond0/bonding/mode",
            f"{NET}/eth0/bonding_slave/state",
            f"{NET}/eth0/carrier",
            "sysfs_bonding_bond0.txt",
            "sysfs_bonding_slave_eth0.txt",
            "grep.txt",
        ),
        seeds=(
            (
                "sos_commands/networking/grep.txt",
                f"{NET}/bond0/bonding/mode:802.3ad 4\n{NET}/bond0/bonding/miimon:100\n"
                f"{NET}/bond0/bonding/slaves:eth0 eth1\n{NET}/eth0/bonding_slave/state:active\n{NET}/eth0/carrier:1\n",
            ),
        ),
    ),
    "ip-link": Profile(
        tags=("ip-link/addr", "negative-sample"),
        facts=(InterfaceRuntime, BondRuntime),
        not_empty=("*.name",),
        file_diagnostics=False,
        extra=(_ip_names_and_no_ports,),
    ),
    "proc-net-vlan": Profile(
        facts=(InterfaceRuntime,),
        not_empty=("InterfaceRuntime.name", "InterfaceRuntime.values"),
        paths=("proc/net/vlan/config",),
        seeds=(("proc/net/vlan/config", "VLAN Dev name\t | VLAN ID\nName-Type: x\nbond0.7        | 7  | bond0\n"),),
    ),
    "ethtool": Profile(
        tags=("ethtool",),
        facts=(InterfaceRuntime,),
        from_name=("InterfaceRuntime.name",),
        not_empty=("InterfaceRuntime.name", "InterfaceRuntime.values"),
        paths=(SOS + "ethtool_bond0", "x", SOS + "ethtool_-i_eth0", SOS + "ethtool_eno1"),
        extra=(_values_present,),
    ),
    "nm-keyfile": Profile(
        facts=(BondDefinition, PortDefinition, TeamDefinition, VlanDefinition),
        paths=("fuzz", "test.nmconnection"),
        tags=("nm-keyfile",),
    ),
    "ifcfg": Profile(
        facts=(BondDefinition, PortDefinition, TeamDefinition, VlanDefinition),
        from_name=("*Definition.interface", "*Definition.name"),
        paths=("fuzz", "/etc/sysconfig/network-scripts/ifcfg-bond0", "/etc/sysconfig/network/ifcfg-eth0"),
        tags=("ifcfg-rh", "ifcfg-suse-wicked"),
    ),
    "nmcli-connection": Profile(
        facts=(BondDefinition, PortDefinition, TeamDefinition, VlanDefinition),
        paths=("fuzz", "sos_commands/networkmanager/nmcli_con_show_id_bond0"),
        tags=("nmcli-output",),
    ),
    "netplan": Profile(
        facts=(BondDefinition, VlanDefinition),
        paths=("fuzz", "/etc/netplan/50-bond.yaml"),
        yaml_lines=True,
        multiline_values=True,
        tags=("netplan-yaml", "cloud-init-netconfig", "nmstate-yaml"),
    ),
    "nmstate": Profile(
        facts=(BondDefinition, VlanDefinition),
        paths=("fuzz", "etc/nmstate/bond0.yml"),
        yaml_lines=True,
        multiline_values=True,
        tags=("nmstate-yaml", "netplan-yaml", "cloud-init-netconfig"),
        extra=(_nmstate_options_word,),
    ),
    "networkd": Profile(
        facts=(BondDefinition, PortDefinition, VlanDefinition),
        paths=("fuzz", "/etc/systemd/network/bond0.netdev", "/etc/systemd/network/eno1.network"),
        tags=("systemd-networkd",),
    ),
    "ifupdown": Profile(
        facts=(BondDefinition, PortDefinition, VlanDefinition),
        paths=("fuzz", "/etc/network/interfaces"),
        tags=("debian-interfaces",),
    ),
    "modprobe": Profile(
        facts=(ModuleOptions,),
        paths=("fuzz", "/etc/modprobe.d/bonding.conf"),
        tags=("modprobe-conf",),
        seeds=(("/etc/modprobe.d/bonding.conf", 'options bonding mode=4 \\\n  arp_ip_target="a,b" # x\n'),),
    ),
    "lldpctl": Profile(facts=(LldpNeighbor,), not_empty=("LldpNeighbor.local_interface",), extra=(_values_present,)),
    "switch-neighbors": Profile(
        facts=(LldpNeighbor,),
        formats=("switch-lldp", "switch-cdp"),
        not_empty=("LldpNeighbor.local_interface", "LldpNeighbor.local_system"),
    ),
    "wiring": Profile(
        facts=(WiringLink,), not_empty=("WiringLink.*",), paths=("wiring.yaml", "wiring.csv"), yaml_lines=True
    ),
    "junos": Profile(
        facts=(SwitchConfig, SwitchInterface),
        from_name=("SwitchConfig.values", "SwitchInterface.switch"),
        not_empty=("SwitchInterface.name",),
        extra=(_junos_config_first,),
    ),
    "cisco-cli": Profile(
        facts=(SwitchConfig, SwitchInterface),
        from_name=("SwitchConfig.values", "SwitchInterface.switch"),
        not_empty=("SwitchInterface.name",),
        paths=("fuzz.cfg",),
    ),
    "host-info": Profile(facts=(HostInfo,), file_diagnostics=False),
}


def profile_of(module: ModuleType) -> Profile:
    """The module's profile; a module registered without one gets every common check."""
    return PROFILES.get(module.FORMAT, Profile())


def check_result(module: ModuleType, result: ParseResult, text: str, path: str) -> None:
    """``result`` of ``module`` parsing ``text`` as ``path`` is well formed (its profile)."""
    check_well_formed(result, text, path, profile_of(module), module.FORMAT)


def check(module: ModuleType, text: str, path: str) -> ParseResult:
    """Parse ``text`` as ``path`` with ``module`` and check the result is well formed."""
    result: ParseResult = module.parse(text, path)
    check_result(module, result, text, path)
    return result


# --------------------------------------------------------------------------------------
# samples: every file of the project's fixtures and of the shared corpus a module claims


@dataclass(frozen=True)
class Sample:
    path: str  # as the scan names it: relative to the fixtures or the corpus folder's parent
    text: str
    claimed_by: tuple[str, ...]  # FORMATs of the modules that claim it


def _read(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\x00" in data.rstrip(b"\x00"):
        return None  # binary: the pipeline never hands it to a parser
    return decode(data.rstrip(b"\x00"))


def _claimants(path: str, text: str) -> tuple[str, ...]:
    name, head = PurePosixPath(path), text[:1024]
    return tuple(module.FORMAT for module in registered() if module.claims(name, head))


@cache
def samples(root: Path) -> tuple[Sample, ...]:
    """Every text file under ``root`` that some module claims (empty when ``root`` is absent)."""
    found = []
    for file in sorted(root.rglob("*")) if root.is_dir() else ():
        if not file.is_file():
            continue
        text = _read(file)
        if text is None:
            continue
        path = str(file.relative_to(root.parent))
        claimed_by = _claimants(path, text)
        if claimed_by:
            found.append(Sample(path, text, claimed_by))
    return tuple(found)


def samples_of(module: ModuleType, *roots: Path) -> list[Sample]:
    return [sample for root in roots for sample in samples(root) if module.FORMAT in sample.claimed_by]


def fixture_samples(module: ModuleType) -> list[Sample]:
    return samples_of(module, FIXTURES)


def corpus_samples(module: ModuleType) -> list[Sample]:
    return samples_of(module, CORPUS)


def seeds(module: ModuleType) -> list[Sample]:
    """What the module's fuzzing starts from: the fixture and corpus files it claims, the
    corpus files of its MANIFEST kinds, and the profile's hand-written samples."""
    profile = profile_of(module)
    found = {sample.path: sample for sample in fixture_samples(module) + corpus_samples(module)}
    for row in rows_of_kind("host", *profile.tags) if profile.tags else ():
        path = f"{CORPUS.name}/host/{row['file']}"
        text = _read(CORPUS / "host" / row["file"])
        if text is not None and path not in found:
            found[path] = Sample(path, text, (module.FORMAT,))
    found.update((path, Sample(path, text, (module.FORMAT,))) for path, text in profile.seeds)
    return list(found.values())
