"""A finding's fix as commands that can be pasted: a rule's ``commands`` templates filled
from the finding's own entity (its bond, profile, ports, switch ports and channel).

A rule declares, beside its ``remediation`` prose (docs/policies.md, "Command templates")::

    commands:
      first: switch            # when both ends change: which one first (default: host)
      why: >-                  # the order of the changes and its reason, shown with them
        ...
      nmcli: |-                # the bond's NetworkManager profile (keyfile, nmcli, ifcfg under NM)
        nmcli connection modify {profile} +bond.options "miimon=100"
      runtime: |-              # the running kernel, when the finding saw it
        ip link set dev {bond} type bond miimon 100
      eos:                     # a switch platform: ios, nxos, eos, junos
        - each: |-             # once per switch port of the finding, on each switch
            interface {switch_port}
            channel-group {new_channel} mode active

A step whose placeholders cannot all be filled from the finding is left out (never shown
with a hole); a line starting with ``? `` is optional: left out alone when its own
placeholders cannot be filled.  Every value must be a plain token (no blank, quote,
``;`` or line break: inputs are hostile), except ``{profile}``, which is shell-quoted.
Switch steps are wrapped in the platform's configuration mode (``configure terminal`` …
``end``; Junos ``configure`` … ``commit``).
"""

from __future__ import annotations

import re
import shlex
import string
from dataclasses import dataclass
from typing import Any

from bondlint.model.entity import Entity, pointer, pointer_segments, value_under

HOST_TARGETS = ("nmcli", "runtime")
# Each switch platform's configuration mode, entered before and left after its lines.
SWITCH_MODES: dict[str, tuple[str, str]] = {
    "ios": ("configure terminal", "end"),
    "nxos": ("configure terminal", "end"),
    "eos": ("configure terminal", "end"),
    "junos": ("configure", "commit"),
}
SWITCH_TARGETS = tuple(SWITCH_MODES)
# A channel interface as each platform names it in its own configuration.
CHANNEL_NAMES = {"ios": "Port-channel{}", "nxos": "port-channel{}", "eos": "Port-Channel{}", "junos": "ae{}"}
_CHANNEL_NUMBER = re.compile(r"(?i)(?:port-?channel|po|ae)\s*([0-9]{1,5})")
# What a filled value may be: one token a shell or a switch CLI reads as one word.
_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.,:/@+=-]{0,199}")
# Formats whose bond profile NetworkManager owns, so nmcli edits it in place.
_NMCLI_FORMATS = frozenset({"nm-keyfile", "nmcli-connection", "ifcfg"})
_OPTIONAL = "? "
# Fields made safe when they are made: {profile} shell-quoted, {junos_vlans} a bracketed list.
_PREQUOTED = frozenset({"profile", "junos_vlans"})
# Placeholders a switch step fills from each switch port; the rest read the view.
SWITCH_FIELDS = frozenset(
    {
        "switch",
        "switch_port",
        "port",
        "channel",
        "channel_number",
        "new_channel",
        "l2_interface",
        "bond_channel_number",
        "vlan",
        "allowed_vlans",
        "native_vlan",
        "junos_vlans",
        "sp",
    }
)
HOST_FIELDS = frozenset(
    {"bond", "profile", "ports", "port", "primary", "key", "option", "switch", "channel", "new_channel"}
)


@dataclass(frozen=True, slots=True)
class FixStep:
    """Lines to paste on one system: the host (``nmcli`` or ``runtime``) or a switch."""

    side: str  # "host" or "switch"
    target: str  # nmcli, runtime, or the switch's platform (ios, nxos, eos, junos)
    system: str  # the host or the switch the lines are for
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FixCommands:
    """A finding's rendered commands, in the order to run them."""

    steps: tuple[FixStep, ...]
    # When both ends change: which one first and why; "" otherwise.
    order: str = ""

    def one_line(self) -> str:
        """The fix in one line, for a terminal: the first host command (``nmcli …``), else
        ``on leaf1 (eos): interface Ethernet3 / channel-group 2 mode active``."""
        step = self.steps[0]
        if step.side == "host":
            return step.lines[0]
        body = step.lines[1:-1] if step.target in SWITCH_MODES else step.lines
        return f"on {step.system} ({step.target}): " + " / ".join(body)

    def as_json(self) -> dict[str, Any]:
        return {
            "order": self.order or None,
            "steps": [
                {"side": s.side, "target": s.target, "system": s.system, "lines": list(s.lines)} for s in self.steps
            ],
        }


class _Missing(Exception):
    """A placeholder the finding cannot fill."""


class _StepFormatter(string.Formatter):
    """Fills one template: named fields first, then dotted view paths as messages read
    them (``{effective.miimon}``, ``{value}``, ``{params.x}``); a missing or unsafe value
    raises ``_Missing``."""

    def __init__(self, fields: dict[str, Any], entity: Entity, failing_path: str, parameters: dict[str, Any]):
        self.fields = fields
        self.entity = entity
        self.failing_path = failing_path
        self.parameters = parameters

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        head, _, rest = field_name.partition(".")
        if head == "if":
            # {if.x}: nothing when x can be filled, {if.x=v}: when x is v, {if.x=#}: when x
            # is a number; else the (optional) line is left out.
            name, equals, wanted = rest.partition("=")
            found = self._value(name)
            number = wanted == "#" and str(found).isdigit()
            if found in (None, "", [], {}) or (equals and str(found) != wanted and not number):
                raise _Missing(field_name)
            return "", field_name
        value = self._value(field_name)
        if value is None or isinstance(value, (dict, list)) or value == "":
            raise _Missing(field_name)
        if field_name in _PREQUOTED:
            return value, field_name  # quoted or checked when the field was made
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if not _TOKEN.fullmatch(text):
            raise _Missing(field_name)
        return text, field_name

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        # {x!n}: a number or nothing (a VLAN id, never "untagged").
        if conversion == "n":
            if not str(value).isdigit():
                raise _Missing("not a number")
            return value
        return super().convert_field(value, conversion)

    def _value(self, field_name: str) -> Any:
        """A named field, a switch port's key (``sp.lacp_rate``) or a view path."""
        if field_name in self.fields:
            return self.fields[field_name]
        head, _, rest = field_name.partition(".")
        if head == "sp":
            return _walk(self.fields.get("sp"), rest)
        if head == "value":
            return _walk(self.entity.value_at(self.failing_path), rest)
        if head == "params":
            return _walk(self.parameters, rest)
        return _walk(self.entity.view, field_name)


def _walk(node: Any, dotted: str) -> Any:
    """The value at a dotted path (``effective.miimon``, ``config.ports.0``), or None."""
    return value_under(node, dotted.split(".") if dotted else [])


def _fill(template: str, formatter: _StepFormatter) -> list[str]:
    """The template's lines filled; raises ``_Missing`` when a required line cannot be."""
    lines = []
    for line in template.splitlines():
        optional = line.startswith(_OPTIONAL)
        try:
            lines.append(formatter.format(line[len(_OPTIONAL) :] if optional else line))
        except _Missing:
            if not optional:
                raise
        except (ValueError, IndexError, KeyError, AttributeError) as error:
            raise _Missing(str(error)) from error
    return [line for line in lines if line.strip()]


def channel_number(name: Any) -> int | None:
    found = _CHANNEL_NUMBER.fullmatch(name.strip()) if isinstance(name, str) else None
    return int(found.group(1)) if found else None


def finding_switch_ports(entity: Entity, failing_path: str) -> list[dict[str, Any]]:
    """The switch ports a finding is about: the one its failing path is under
    (``/switch_ports/1/channel_protocol``), else every configured switch port of the bond."""
    ports = entity.view.get("switch_ports")
    if not isinstance(ports, list):
        return []
    segments = pointer_segments(failing_path)
    if len(segments) > 1 and segments[0] == "switch_ports" and segments[1].isdigit() and int(segments[1]) < len(ports):
        chosen = [ports[int(segments[1])]]
    else:
        chosen = ports
    return [p for p in chosen if isinstance(p, dict) and p.get("configured") and p.get("platform") in SWITCH_MODES]


def bond_channel(ports: list[dict[str, Any]]) -> Any:
    """The channel number a bond's ports on one switch share in a fix: the first one any
    of them is in already, else the switch's lowest free number (never one per port: the
    ports of one bond belong in one channel)."""
    numbers = (channel_number(port.get("channel")) for port in ports)
    found = next((number for number in numbers if number is not None), None)
    return found if found is not None else (ports[0].get("free_channel") if ports else None)


def _switch_fields(port: dict[str, Any], first: dict[str, Any] | None = None, shared: Any = None) -> dict[str, Any]:
    platform = str(port.get("platform"))
    number = channel_number(port.get("channel"))
    new = shared if shared is not None else number if number is not None else port.get("free_channel")
    channel = CHANNEL_NAMES[platform].format(new) if isinstance(new, int) else None
    return {
        "switch": port.get("switch"),
        "switch_port": port.get("interface"),
        "port": port.get("port"),
        "channel": channel,
        # Where the port's layer-2 settings live: its channel's interface, else itself.
        "l2_interface": channel if number is not None else port.get("interface"),
        # The channel number of the finding's first switch port (one id on both MLAG peers).
        "bond_channel_number": channel_number((first or port).get("channel")),
        "channel_number": number,
        "new_channel": new,
        "vlan": port.get("access_vlan"),
        "allowed_vlans": port.get("allowed_vlans"),
        "native_vlan": port.get("native_vlan"),
        "junos_vlans": _junos_vlans(port),
        "sp": port,
    }


def _junos_vlans(port: dict[str, Any]) -> str | None:
    """The port's VLANs as a Junos ``vlan members`` value: ``200``, ``[ 100 200-210 ]``."""
    vlans = port.get("access_vlan") if port.get("mode") == "access" else port.get("allowed_vlans")
    items = str(vlans).split(",") if vlans else []
    if not items or not all(re.fullmatch(r"[0-9]{1,4}(-[0-9]{1,4})?", item) for item in items):
        return None
    return items[0] if len(items) == 1 else "[ " + " ".join(items) + " ]"


def _host_fields(entity: Entity, failing_path: str, switch_ports: list[dict[str, Any]]) -> dict[str, Any]:
    view = entity.view
    config, runtime, effective = (_mapping(view.get(key)) for key in ("config", "runtime", "effective"))
    ports: list[str] = [p for p in config.get("ports") or [] if isinstance(p, str)] or [
        p["name"] for p in runtime.get("ports") or [] if isinstance(p, dict) and isinstance(p.get("name"), str)
    ]
    profile = config.get("profile_id") or entity.name
    key = next((s for s in reversed(pointer_segments(failing_path)) if not s.isdigit()), None)
    primary = effective.get("primary") or runtime.get("primary") or (ports[0] if ports else None)
    fields: dict[str, Any] = {
        "bond": entity.name,
        "profile": shlex.quote(profile) if isinstance(profile, str) and profile.isprintable() else None,
        "ports": " ".join(ports) if all(_TOKEN.fullmatch(p) for p in ports) and ports else None,
        "port": _failing_port(entity, failing_path) or (switch_ports[0].get("port") if switch_ports else None),
        "primary": primary,
        # The option the finding is about: the failing path's last name (/config/options/lacp_rate),
        # and the same when the bond's persisted options set it (what -bond.options can remove).
        "key": key,
        "option": key if key is not None and key in _mapping(config.get("options")) else None,
    }
    if switch_ports:
        on_first_switch = [p for p in switch_ports if p.get("switch") == switch_ports[0].get("switch")]
        first = _switch_fields(switch_ports[0], shared=bond_channel(on_first_switch))
        fields.update({key: first[key] for key in ("switch", "channel", "new_channel")})
    return fields


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _failing_port(entity: Entity, failing_path: str) -> str | None:
    """The host port the failing path is under (``/runtime/ports/1/mii_status``)."""
    segments = pointer_segments(failing_path)
    for index, segment in enumerate(segments[:-1]):
        if segment == "ports" and segments[index + 1].isdigit():
            found = entity.value_at(pointer(*segments[: index + 2]))
            name = found.get("name") if isinstance(found, dict) else found
            return name if isinstance(name, str) else None
    return None


def _host_targets(entity: Entity, failing_path: str) -> list[str]:
    """Which host templates apply: nmcli for a profile NetworkManager owns, runtime for a
    finding about the running kernel (or a bond only the kernel shows)."""
    view = entity.view
    config = view.get("config") if isinstance(view.get("config"), dict) else None
    targets = []
    if config and config.get("applied_by") == "NetworkManager" and config.get("format") in _NMCLI_FORMATS:
        targets.append("nmcli")
    layer = pointer_segments(failing_path)[:1]
    if isinstance(view.get("runtime"), dict) and (layer in (["runtime"], ["drift"]) or config is None):
        targets.append("runtime")
    return targets


def _blocks(spec: Any) -> list[tuple[str, str]]:
    """A switch template as (scope, text) blocks: a string is one ``each`` block."""
    if isinstance(spec, str):
        return [("each", spec)]
    return [(scope, text) for block in spec for scope, text in block.items()]


def _switch_steps(
    spec: dict[str, Any], switch_ports: list[dict[str, Any]], entity: Entity, failing_path: str, params: dict[str, Any]
) -> list[FixStep]:
    by_switch: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for port in switch_ports:
        by_switch.setdefault((str(port.get("switch")), str(port.get("platform"))), []).append(port)
    steps = []
    for (switch, platform), ports in by_switch.items():
        template = spec.get(platform)
        if template is None:
            continue
        lines: list[str] = []
        shared = bond_channel(ports)
        try:
            for scope, text in _blocks(template):
                for port in ports if scope == "each" else ports[:1]:
                    fields = _switch_fields(port, switch_ports[0], shared)
                    lines += _fill(text, _StepFormatter(fields, entity, failing_path, params))
        except _Missing:
            continue
        if lines:
            enter, leave = SWITCH_MODES[platform]
            steps.append(FixStep("switch", platform, switch, (enter, *lines, leave)))
    return steps


def _for_version(template: Any, entity: Entity) -> str | None:
    """A host template, or of a template per NetworkManager version (``any``, ``"1.44"``:
    from that version on) the one for the version the capture shows (the newest not
    above it), else ``any``, the form every supported version accepts."""
    if not isinstance(template, dict):
        return template if isinstance(template, str) else None
    info = entity.view.get("host_info")
    shown = info.get("networkmanager_version_number") if isinstance(info, dict) else None
    chosen: str | None = template.get("any")
    if isinstance(shown, int):
        versions = sorted((_version_number(key), text) for key, text in template.items() if key != "any")
        for number, text in versions:
            if number <= shown:
                chosen = text
    return chosen


def _version_number(key: str) -> int:
    """``"1.44"`` -> 144, comparable with /host_info/networkmanager_version_number."""
    major, _, minor = key.partition(".")
    return int(major) * 100 + int(minor)


def render_commands(
    spec: dict[str, Any] | None, entity: Entity, failing_path: str, parameters: dict[str, Any] | None = None
) -> FixCommands | None:
    """The finding's commands from its rule's ``commands`` templates, or None when no
    template applies or none can be filled."""
    if not spec:
        return None
    params = parameters or {}
    switch_ports = finding_switch_ports(entity, failing_path)
    host: list[FixStep] = []
    fields = _host_fields(entity, failing_path, switch_ports)
    for target in _host_targets(entity, failing_path):
        template = _for_version(spec.get(target), entity)
        if template is not None:
            try:
                lines = _fill(template, _StepFormatter(fields, entity, failing_path, params))
            except _Missing:
                continue
            if lines:
                host.append(FixStep("host", target, entity.host, tuple(lines)))
    switch = _switch_steps(spec, switch_ports, entity, failing_path, params)
    steps = switch + host if spec.get("first") == "switch" else host + switch
    if not steps:
        return None
    return FixCommands(tuple(steps), str(spec.get("why", "")).strip())


def template_problems(spec: Any) -> list[tuple[list[str | int], str]]:
    """What a rule's ``commands`` must not hold, as (where, message): a placeholder no
    finding can fill, a ``;`` in a switch line (no switch CLI takes it as a separator), or
    a full ``bond.options "…"`` replacement (it drops every option it does not repeat)."""
    if not isinstance(spec, dict):
        return []
    problems: list[tuple[list[str | int], str]] = []
    for target, template in spec.items():
        if target in HOST_TARGETS:
            for text in template.values() if isinstance(template, dict) else [template]:
                problems += _host_template_problems(target, str(text))
        elif target in SWITCH_TARGETS:
            for index, (_, text) in enumerate(_blocks(template)):
                problems += [(["commands", target, index], p) for p in _switch_template_problems(target, text)]
    return problems


def _host_template_problems(target: str, template: str) -> list[tuple[list[str | int], str]]:
    found = []
    if re.search(r'(?<![+-])\bbond\.options\s+"', template):
        found.append(
            'a full bond.options "…" replaces every option and drops those it does not repeat: '
            "use +bond.options (add or change) and -bond.options (remove)"
        )
    for name in _fields(template):
        if name.partition(".")[0] in SWITCH_FIELDS - HOST_FIELDS:
            found.append(f"{{{name}}} names a switch port: host commands cannot fill it")
    return [(["commands", target], message) for message in found]


def _switch_template_problems(platform: str, text: str) -> list[str]:
    found = []
    if ";" in text:
        found.append(f"';' in a {platform} command: no switch CLI reads it as a separator; one command per line")
    for line in text.splitlines():
        if line.strip() in SWITCH_MODES[platform]:
            found.append(f"'{line.strip()}': the configuration mode is entered and left for you")
    return found


def _fields(template: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(template) if name]
    except ValueError:
        return []
