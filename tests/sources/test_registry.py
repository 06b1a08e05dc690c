"""The format registry: each format declared once, in its module, and everything derived.

The index (``formats.json``) and the pre-commit hook's ``files`` must be what the modules
declare (``python -m bondlint.sources`` writes both); discovery, the model's precedence
tables and the hook must agree with the declarations on real paths.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path, PurePosixPath

import pytest

import bondlint.sources
from bondlint.changes import HOOK_FILES
from bondlint.discovery import host_root, is_switch_side_file
from bondlint.discovery.candidates import network_like
from bondlint.discovery.sosreport import SOS_SPECS, is_sos_path
from bondlint.model.host import DEFINITION_PRECEDENCE, PERSISTED_FORMATS, VIEW_FORMATS, owner_of
from bondlint.model.runtime import INTERFACE_PRECEDENCE, RUNTIME_PRECEDENCE
from bondlint.pipeline import SWITCH_SIDE_FORMATS
from bondlint.sources import NAME_HINTS, SOURCE_MODULES, registry
from bondlint.sources.base import LAYER_NETWORKMANAGER, LAYER_WICKED, BondDefinition, Location
from bondlint.sources.registry import HOOKS_FILE, INDEX, Place, SourceFormat, declared, formats

ROOT = Path(__file__).resolve().parent.parent.parent
REGENERATE = "run `python -m bondlint.sources` to rewrite it from the modules' SOURCE declarations"


def test_the_index_is_what_the_modules_declare() -> None:
    written = (Path(bondlint.sources.__file__).parent / INDEX).read_text(encoding="utf-8")
    assert written == registry.index_text(declared()), f"{INDEX} is stale: {REGENERATE}"
    assert formats() == declared()


def test_the_hook_manifest_is_derived_from_the_declarations() -> None:
    manifest = (ROOT / HOOKS_FILE).read_text(encoding="utf-8")
    assert manifest == registry.hooks_manifest(manifest, declared()), f"{HOOKS_FILE} is stale: {REGENERATE}"
    assert HOOK_FILES.pattern == registry.hook_pattern()


def test_every_parser_module_declares_its_format() -> None:
    """A module with ``claims`` and ``parse`` is a format: it must declare ``SOURCE``
    (else discovery would never offer it a file by name nor read its folders)."""
    for info in pkgutil.iter_modules(bondlint.sources.__path__):
        module = importlib.import_module(f"bondlint.sources.{info.name}")
        if hasattr(module, "parse") and hasattr(module, "claims"):
            source = getattr(module, "SOURCE", None)
            assert isinstance(source, SourceFormat), f"{module.__name__} parses files but declares no SOURCE"
            assert source.name == module.FORMAT
    assert {s.module for s in formats()} == set(SOURCE_MODULES)


def test_declarations_are_well_formed() -> None:
    names = [s.name for s in formats()]
    assert len(names) == len(set(names))
    orders = [s.order for s in formats()]
    assert orders == sorted(orders) and len(orders) == len(set(orders))
    for source in formats():
        assert source.role in registry.ROLES
        for pattern in (source.hook,) if source.hook else ():
            re.compile(pattern)
        for rank in ("definition_rank", "runtime_rank", "interface_rank"):
            ranked = [getattr(s, rank) for s in formats() if getattr(s, rank) is not None]
            assert len(ranked) == len(set(ranked)), f"two formats share a {rank}"
        if source.role in ("definition", "view"):
            assert source.definition_rank is not None, f"{source.name}: a definition needs a definition_rank"


def test_the_model_and_pipeline_tables_come_from_the_registry() -> None:
    assert DEFINITION_PRECEDENCE[0] == "netplan"  # netplan writes the others: its YAML is "the config"
    assert DEFINITION_PRECEDENCE[-1] == "nmcli-connection"  # a view, never the config
    assert set(DEFINITION_PRECEDENCE) == PERSISTED_FORMATS | VIEW_FORMATS
    assert {"nmcli-connection"} == VIEW_FORMATS
    assert RUNTIME_PRECEDENCE == ("proc-net-bonding", "sysfs", "ip-link")
    assert INTERFACE_PRECEDENCE[:3] == ("ip-link", "ethtool", "sysfs")  # the most complete first
    assert {"cisco-cli", "junos", "switch-neighbors", "wiring"} == SWITCH_SIDE_FORMATS
    assert NAME_HINTS["bondlint.sources.nm_keyfile"] == ("*.nmconnection",)


@pytest.mark.parametrize(
    ("fmt", "layer", "path", "owner"),
    [
        (
            "nm-keyfile",
            LAYER_NETWORKMANAGER,
            "etc/NetworkManager/system-connections/b.nmconnection",
            "NetworkManager keyfile",
        ),
        (
            "nm-keyfile",
            LAYER_NETWORKMANAGER,
            "run/NetworkManager/system-connections/netplan-bond0.nmconnection",
            "netplan",
        ),
        ("ifcfg", LAYER_WICKED, "etc/sysconfig/network/ifcfg-bond0", "wicked"),
        ("ifcfg", "initscripts", "etc/sysconfig/network-scripts/ifcfg-bond0", "ifcfg"),
        ("networkd", "systemd-networkd", "etc/systemd/network/bond0.netdev", "systemd-networkd"),
        ("nmcli-connection", LAYER_NETWORKMANAGER, "sos_commands/networkmanager/nmcli_con_show_id_bond0", None),
    ],
)
def test_the_owner_of_a_definition_is_its_formats_tool(fmt: str, layer: str, path: str, owner: str | None) -> None:
    definition = BondDefinition(format=fmt, layer=layer, location=Location(path, 1))
    assert owner_of(definition) == owner


def _example_paths(place: Place) -> list[str]:
    folder = place.folder.replace("**", "bond0")
    return [f"{folder}/{name.replace('*', 'x')}".lstrip("/") for name in place.files]


@pytest.mark.parametrize("source", [s for s in formats() if s.hook], ids=lambda s: s.name)
def test_the_hook_passes_every_file_discovery_reads_in_a_config_repository(source: SourceFormat) -> None:
    """What a system tree keeps of a committed format (not sosreport captures) is what the
    pre-commit hook hands to bondlint: the two cannot disagree."""
    for place in source.places:
        if place.folder.startswith("sos_commands"):
            continue
        for path in _example_paths(place):
            repository_path = f"hosts/web1/{path}"
            assert HOOK_FILES.search(repository_path), f"{source.name}: the hook skips {repository_path}"


@pytest.mark.parametrize("source", formats(), ids=lambda s: s.name)
def test_discovery_reads_each_place_and_roots_it_at_the_tree(source: SourceFormat) -> None:
    for place in source.places:
        for path in _example_paths(place):
            if place.files:
                assert is_sos_path(path), f"{source.name}: a sosreport's {path} is not read"
            if "/" in place.folder and not place.folder.startswith("sos_commands"):
                assert host_root(PurePosixPath("repo/web1", path)) == PurePosixPath("repo/web1"), path


def test_longer_places_root_at_their_first_folder() -> None:
    """``usr/lib/systemd/network`` and ``var/run/NetworkManager`` belong to the tree above
    ``usr``/``var``, not to a tree rooted in ``usr``."""
    assert host_root(PurePosixPath("h/usr/lib/systemd/network/a.network")) == PurePosixPath("h")
    assert host_root(PurePosixPath("h/var/run/NetworkManager/system-connections/a")) == PurePosixPath("h")
    assert host_root(PurePosixPath("h/lib/netplan/a.yaml")) == PurePosixPath("h")
    assert host_root(PurePosixPath("notes/lib/a.txt")) == PurePosixPath("notes/lib")


def test_sos_specs_are_the_union_of_the_places() -> None:
    declared_folders = {p.folder for s in formats() for p in s.places if p.files}
    assert {folder for folder, _ in SOS_SPECS} == declared_folders


@pytest.mark.parametrize(
    ("name", "switch_side"),
    [
        ("core1-running-config.txt", True),
        ("SW1.CFG", True),
        ("leaf1.set", True),
        ("sw1_lldp_neighbors.txt", True),
        ("rack12-wiring.yaml", True),
        ("bond0.nmconnection", False),
        ("ifcfg-bond0", False),
    ],
)
def test_switch_side_names_come_from_the_switch_formats(name: str, switch_side: bool) -> None:
    assert is_switch_side_file(PurePosixPath("net", name)) is switch_side


@pytest.mark.parametrize(
    ("path", "evidence"),
    [
        ("x/bond0.nmconnection.j2", "its name looks like a NetworkManager keyfile"),
        ("x/eth0.network", "its name looks like a systemd-networkd .network file"),
        ("x/etc/netplan/notes", "it sits in netplan's folder (etc/netplan/)"),
        ("x/interfaces.d/uplinks", "it sits in ifupdown's folder"),
        ("x/core1_show_run", "its name looks like a switch configuration"),
    ],
)
def test_unread_evidence_comes_from_the_declarations(path: str, evidence: str) -> None:
    found = network_like(PurePosixPath(path), "")
    assert found is not None and found.startswith(evidence)
