"""nmstate desired state (``/etc/nmstate``, ``nmstatectl show``, NNCP manifests): bonds.

nmstate describes every interface as an item of ``interfaces:``; a bond is an item with
``type: bond`` whose ``link-aggregation:`` (``bond:`` from nmstate 2.2.47) holds ``mode``,
``options`` (under the kernel's names) and its ports under ``port:`` (``ports:`` is an
alias; ``slaves:`` only before 2.0) or, without a port list, the names of
``ports-config:``.  A Kubernetes NodeNetworkConfigurationPolicy carries the same
structure under ``spec.desiredState``.  nmstate hands the result to NetworkManager.
nmstate's own value spellings (``use_carrier: true``, ``all_slaves_active: dropped``,
``balance_slb``, ``mode: lacp``) are turned into the values NetworkManager receives; a
bond with ``state: absent``, ``down`` or ``ignore`` is not configured up and yields no
definition.  See docs/formats/nmstate.md.

Whether ``options:`` is present matters: when the mode changes, nmstate clears every
option the desired state does not repeat (``apply_bond_mode``), so ``nmstate.options``
records it.  Each file is read alone; nmstate merges a desired state with the current
one, which is the model's business.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from bondlint.sources.base import (
    LAYER_NETWORKMANAGER,
    BondDefinition,
    Fact,
    Located,
    Location,
    ParseResult,
    VlanDefinition,
)
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import DiagnosticLog, add_option
from bondlint.sources.yaml_text import (
    MAX_FLOW_DEPTH,
    error_line,
    error_text,
    item_line,
    key_line,
    node_line,
    scalar,
)

FORMAT = "nmstate"
# Real desired states are a few KiB; nmstatectl show of a large host a few hundred.
MAX_BYTES = 1024 * 1024

_SUFFIXES = (".yaml", ".yml")
# Port lists, newest spelling first.
_PORT_KEYS = ("ports", "port", "slaves")
# The bond's section: link-aggregation, and its alias bond (nmstate 2.2.47, 925c44dc).
_SECTION_KEYS = ("link-aggregation", "bond")
# States in which nmstate does not bring the bond up: absent removes it, down removes a
# virtual interface and keeps only the profile, ignore leaves it alone (iface.rs
# InterfaceState).
_NOT_UP_STATES = frozenset({"absent", "down", "ignore"})
# Mode aliases nmstate takes besides the names: the numbers 0-6 (BondMode serde aliases)
# and "lacp" for 802.3ad (2.2.47, 1cc69ef2).
_MODE_ALIASES = {"lacp": "802.3ad"}
# nmstate's boolean spellings (deserializer.rs option_bool_or_string), compared in lower case.
_TRUE = frozenset({"1", "true", "yes", "on", "y"})
_FALSE = frozenset({"0", "false", "no", "off", "n"})
# Options nmstate takes as booleans, and the two values NetworkManager/the kernel take.
_BOOL_OPTIONS = {
    "use_carrier": ("1", "0"),
    "tlb_dynamic_lb": ("1", "0"),
    "balance-slb": ("1", "0"),
    "lacp_active": ("on", "off"),  # nmstate 2.2.47 (5c776ed0)
}
# nmstate's names for values NetworkManager takes as numbers (BondAllPortsActive).
_WORD_VALUES = {"all_slaves_active": {"dropped": "0", "delivered": "1"}}
# nmstate's key spelling -> NetworkManager's (BondOptions balance_slb, alias balance-slb).
_KEY_ALIASES = {"balance_slb": "balance-slb"}
# Kernel options nmstate 2.x's BondOptions (deny_unknown_fields, 2.2.37) does not have but
# NetworkManager takes: nmstate 1.x hands them to NetworkManager (libnmstate/nm/bond.py
# add_option), nmstate 2.x refuses the whole state; lacp_active and ns_ip6_target were
# added in 2.2.47.  Read as options; the version decides, so no error is reported.
_NM_ONLY_OPTIONS = frozenset({"active_slave", "peer_notif_delay", "lacp_active", "ns_ip6_target"})
# Kernel options neither nmstate nor NetworkManager takes (NM's add_option refuses them,
# nmstate 2.x's serde refuses them): every version refuses the whole desired state.
_REFUSED_OPTIONS = frozenset({"coupled_control", "broadcast_neighbor", "max_bonds", "tx_queues"})
_INTERFACES_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?interfaces:[ \t]*(?:#.*)?$", re.MULTILINE)
_BOND_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?(?:link-aggregation|desiredState):", re.MULTILINE)
_NETWORK_KEY = re.compile(r"^network:", re.MULTILINE)
# cloud-init: "#cloud-config" user data, or a network config with top-level "config:".
_CLOUD_INIT = re.compile(r"^(?:#cloud-config|config:)", re.MULTILINE)


SOURCE = SourceFormat(
    name=FORMAT,
    describes="an nmstate file",
    order=90,
    role="definition",
    tool="nmstate",
    names=("*nmstate*",),
    telltales=(("*nmstate*", "an nmstate file"),),
    places=(
        Place("etc/nmstate", ("*.yml", "*.yaml"), called="nmstate's folder"),
        Place("sos_commands/networking", ("nmstatectl_show*",)),
    ),
    hook=r"(^|/)nmstate/[^/]+\.ya?ml$",
    definition_rank=2,
)


def claims(path: PurePosixPath, head: str) -> bool:
    """YAML under ``nmstate/``, ``nmstatectl`` output, or YAML with nmstate's keys.

    Never a netplan file (top-level ``network:``) nor a cloud-init configuration.
    """
    if _NETWORK_KEY.search(head) or _CLOUD_INIT.search(head) or "cloud.cfg.d" in path.parts:
        return False
    # The folder alone never decides: under nmstate/ the file must still hold interfaces:.
    if path.suffix in _SUFFIXES and "nmstate" in path.parent.parts:
        return bool(re.search(r"^[ \t]*(?:-[ \t]+)?interfaces:", head, re.MULTILINE))
    if "nmstatectl" in path.name:
        return True
    return bool(_INTERFACES_KEY.search(head) and _BOND_KEY.search(head))


def parse(text: str, path: str) -> ParseResult:
    """Read the bonds of one nmstate file (every YAML document in it); never raises."""
    log = DiagnosticLog(path)
    facts: list[Fact] = []
    for document in _load(text, log):
        interfaces = _interfaces(document, log)
        if interfaces is None:
            continue
        for index, item in enumerate(interfaces):
            bond = _bond(item, item_line(interfaces, index), path, log)
            if bond is not None:
                facts.append(bond)
            vlan = _vlan(item, path)
            if vlan is not None:
                facts.append(vlan)
    return ParseResult(facts=facts, diagnostics=log.result())


def _vlan(item: Any, path: str) -> VlanDefinition | None:
    """A ``type: vlan`` item: ``vlan: {base-iface, id}``."""
    if not isinstance(item, dict) or scalar(item.get("type")) != "vlan" or not isinstance(item.get("vlan"), dict):
        return None
    name = _located(item, "name", path)
    at = name.location if name is not None else Location(path, key_line(item, "type"))
    vlan = item["vlan"]
    return VlanDefinition(FORMAT, at, _located(vlan, "base-iface", path), _located(vlan, "id", path), name)


def _load(text: str, log: DiagnosticLog) -> list[Any]:
    """The YAML documents (round-trip, for line numbers); those read before an error."""
    from ruamel.yaml.constructor import DuplicateKeyError  # slow to import: only when an nmstate file is parsed

    from bondlint.safe_parse import LimitExceeded, bounded_yaml, check_flow_depth

    try:
        check_flow_depth(text, MAX_FLOW_DEPTH)
    except LimitExceeded:
        log.add(0, f"brackets nested deeper than {MAX_FLOW_DEPTH}: not an nmstate state")
        return []
    try:
        return _documents(bounded_yaml(), text, log)
    except DuplicateKeyError as error:
        log.add(error_line(error, text), f"{error_text(error)}; the first value is read")
    lenient = bounded_yaml(allow_duplicate_keys=True)
    try:
        return _documents(lenient, text, log)
    except DuplicateKeyError:  # a repeated merge key (<<), which ruamel.yaml never allows
        return []


def _documents(yaml: Any, text: str, log: DiagnosticLog) -> list[Any]:
    """The documents ``yaml`` reads from ``text``: all of them, or those before an error."""
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from bondlint.safe_parse import LimitExceeded

    documents: list[Any] = []
    try:
        for document in yaml.load_all(text):
            documents.append(document)
    except DuplicateKeyError:
        raise
    except LimitExceeded as error:  # bondlint.safe_parse: an alias bomb, deep nesting …
        log.add(error.line, f"not read: {error.message}")
    except MarkedYAMLError as error:
        log.add(error_line(error, text), f"malformed YAML: {error_text(error)}")
    except YAMLError as error:  # the reader refuses control characters: binary data
        log.add(error_line(error, text), f"binary data, not YAML text: {error_text(error)}")
    except (RecursionError, ValueError, TypeError, AttributeError) as error:
        log.add(0, f"YAML not readable: {type(error).__name__}")
    return documents


def _interfaces(document: Any, log: DiagnosticLog) -> list[Any] | None:
    """The ``interfaces:`` list of a state or of an NNCP's ``spec.desiredState``."""
    if document is None:
        return None
    if not isinstance(document, dict):
        log.add(node_line(document), "not a YAML mapping; not an nmstate state")
        return None
    state: Any = document  # the state itself, or an NNCP's desired state
    spec = document.get("spec")
    if "interfaces" not in document and isinstance(spec, dict) and "desiredState" in spec:
        state = spec.get("desiredState")
        if not isinstance(state, dict):
            if state is not None:
                log.add(key_line(spec, "desiredState"), "desiredState: is not a mapping")
            return None
    if "interfaces" not in state:
        return None  # routes, dns-resolver or an unrelated manifest: no interfaces
    interfaces = state["interfaces"]
    if interfaces is None:
        return None
    if not isinstance(interfaces, list):
        log.add(key_line(state, "interfaces"), "interfaces: is not a list")
        return None
    return interfaces


def _bond(item: Any, line: int, path: str, log: DiagnosticLog) -> BondDefinition | None:
    """One ``interfaces:`` item as a bond definition (None unless ``type: bond`` and
    brought up)."""
    if not isinstance(item, dict):
        log.add(line, "interface entry is not a mapping")
        return None
    if scalar(item.get("type")) != "bond":
        return None
    name = scalar(item.get("name"))
    if not name:
        log.add(line, "bond interface without a name")
        return None
    name_line = key_line(item, "name")
    at = Location(path, name_line)
    extra: dict[str, Located[str]] = {}
    state = scalar(item.get("state"))
    if state:
        extra["nmstate.state"] = Located(state, Location(path, key_line(item, "state")))
        if state.lower() in _NOT_UP_STATES:
            return None  # nmstate removes the bond or leaves it alone: nothing to judge
    options: dict[str, Located[str]] = {}
    ports: list[Located[str]] = []
    section = next((key for key in _SECTION_KEYS if key in item), "link-aggregation")
    aggregation = item.get(section)
    options_line = key_line(item, section) if section in item else name_line
    has_options = Located("no", Location(path, options_line))
    if isinstance(aggregation, dict):
        _mode(aggregation, path, log, options, extra)
        has_options = _section_options(aggregation, path, log, options, extra) or has_options
        ports = _ports(aggregation, path, log, extra)
    elif aggregation is not None:
        log.add(options_line, f"{section}: is not a mapping")
    extra["nmstate.options"] = has_options
    return BondDefinition(
        format=FORMAT,
        layer=LAYER_NETWORKMANAGER,
        location=at,
        interface=Located(name, at),
        options=options,
        options_location=Location(path, options_line),
        port_names=ports,
        mtu=_located(item, "mtu", path),
        extra=extra,
    )


def _mode(
    aggregation: dict[Any, Any],
    path: str,
    log: DiagnosticLog,
    options: dict[str, Located[str]],
    extra: dict[str, Located[str]],
) -> None:
    """``link-aggregation.mode`` into ``options`` under the kernel's name (an alias such as
    ``lacp`` is kept in ``extra``)."""
    mode = scalar(aggregation.get("mode"))
    if mode:
        mode_at = Location(path, key_line(aggregation, "mode"))
        if mode in _MODE_ALIASES:
            extra["nmstate.mode"] = Located(mode, mode_at)
            mode = _MODE_ALIASES[mode]
        options["mode"] = Located(mode, mode_at)
    elif "mode" in aggregation and mode is None:
        log.add(key_line(aggregation, "mode"), "mode: expects a single value")


def _section_options(
    aggregation: dict[Any, Any],
    path: str,
    log: DiagnosticLog,
    options: dict[str, Located[str]],
    extra: dict[str, Located[str]],
) -> Located[str] | None:
    """``link-aggregation.options`` into ``options``; "yes" at its line when it is a
    mapping (nmstate then keeps the options it names across a mode change), else None."""
    if "options" not in aggregation:
        return None
    opts_line = key_line(aggregation, "options")
    raw = aggregation["options"]
    if isinstance(raw, dict):
        _options(raw, path, log, options, extra)
        return Located("yes", Location(path, opts_line))
    if raw is not None:  # "options:" alone is no mapping: nmstate reads none
        log.add(opts_line, "options: is not a mapping")
    return None


def _options(
    raw: dict[Any, Any],
    path: str,
    log: DiagnosticLog,
    options: dict[str, Located[str]],
    extra: dict[str, Located[str]],
) -> None:
    """``link-aggregation.options`` into ``options`` under NetworkManager's names and values."""
    for key, value in raw.items():
        line = key_line(raw, key)
        if not isinstance(key, str) or not key.strip():
            log.add(line, f"option {key!r} is not a name")
            continue
        name = _KEY_ALIASES.get(key.strip(), key.strip())
        text: str | None = scalar(value)
        if isinstance(value, list):
            if name == "arp_ip_target":
                # BondOptions.arp_ip_target is a string: serde refuses a sequence.
                log.add(
                    line,
                    "arp_ip_target: nmstate takes one comma-separated string, not a list, and refuses the whole state",
                )
            items = [scalar(entry) for entry in value]
            text = ",".join(entry for entry in items if entry)
        if text is None:
            log.add(line, f"{key}: expects a single value or a list")
            continue
        if not text:
            continue  # "key:" with no value (or nmstatectl show's '') sets nothing
        if name == "mode":
            log.add(line, "mode belongs to link-aggregation, not to its options")
        if name in _REFUSED_OPTIONS:
            log.add(
                line,
                f"{key}: neither nmstate nor NetworkManager takes this bond option:"
                " nmstate refuses the whole desired state",
            )
        if name in _NM_ONLY_OPTIONS:
            extra[f"nmstate.refused-by-2.x.{name}"] = Located(
                "nmstate 1.x passes it to NetworkManager; nmstate 2.x before 2.2.47 refuses it"
                if name in ("lacp_active", "ns_ip6_target")
                else "nmstate 1.x passes it to NetworkManager; nmstate 2.x refuses it",
                Location(path, line),
            )
        add_option(options, name, Located(_value(name, text), Location(path, line)))


def _value(name: str, text: str) -> str:
    """An option value as nmstate hands it to NetworkManager (bools and words as numbers)."""
    if name in _BOOL_OPTIONS:
        word = text.lower()
        true, false = _BOOL_OPTIONS[name]
        return true if word in _TRUE else false if word in _FALSE else text
    words = _WORD_VALUES.get(name)
    if words is not None:
        return words.get(text.lower(), text)
    return text


def _ports(
    aggregation: dict[Any, Any], path: str, log: DiagnosticLog, extra: dict[str, Located[str]]
) -> list[Located[str]]:
    """The port names of ``ports:``, ``port:`` or ``slaves:`` (the first one present),
    else of ``ports-config:`` (nmstate needs no ``port:`` beside it)."""
    config = aggregation.get("ports-config")
    configured = _ports_config(config, path, extra) if isinstance(config, list) else []
    key = next((key for key in _PORT_KEYS if key in aggregation), None)
    if key is None:
        return configured
    if key == "slaves" and isinstance(aggregation[key], list):
        extra["nmstate.port-key"] = Located(key, Location(path, key_line(aggregation, key)))
    return _port_list(aggregation, key, path, log)


def _port_list(aggregation: dict[Any, Any], key: str, path: str, log: DiagnosticLog) -> list[Located[str]]:
    """The names of the port list under ``key``."""
    members = aggregation[key]
    if members is None:
        return []
    if not isinstance(members, list):
        log.add(key_line(aggregation, key), f"{key}: is not a list")
        return []
    ports: list[Located[str]] = []
    for index, member in enumerate(members):
        line = item_line(members, index)
        port = scalar(member)
        if not port:
            log.add(line, "port is not an interface name")
            continue
        ports.append(Located(port, Location(path, line)))
    return ports


def _ports_config(config: list[Any], path: str, extra: dict[str, Located[str]]) -> list[Located[str]]:
    """The ports ``ports-config:`` names, each at its item's line; their priority and
    queue id go to ``extra``."""
    ports: list[Located[str]] = []
    for index, entry in enumerate(config):
        port = scalar(entry.get("name")) if isinstance(entry, dict) else None
        if not port:
            continue
        for key in ("priority", "queue-id"):
            found = _located(entry, key, path)
            if found is not None:
                extra[f"port.{port}.{key}"] = found
        ports.append(Located(port, Location(path, item_line(config, index))))
    return ports


def _located(mapping: dict[Any, Any], key: str, path: str) -> Located[str] | None:
    """A scalar value at its key's line (None when absent or empty)."""
    value = scalar(mapping.get(key))
    if not value:
        return None
    return Located(value, Location(path, key_line(mapping, key)))
