"""The pipeline: discovered inputs -> parsed facts -> host entities -> findings.

Every stage boundary is a module boundary: ``discovery`` finds and reads, ``sources``
parse, ``model`` joins, ``policies`` judge.  Whatever goes wrong with one input becomes a
diagnostic on that input; the scan of everything else goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType

from bondlint.discovery import (
    HEAD_BYTES,
    HostGroup,
    InputFile,
    InputTooLarge,
    NotRead,
    repository_of,
    repository_relative,
)
from bondlint.discovery.candidates import network_like
from bondlint.model.entity import Entity
from bondlint.model.host import HostFacts, InputRecord, build_entities
from bondlint.model.network import Network, collect_network, is_network_fact
from bondlint.policies.engine import CompiledPolicy, Finding, evaluate
from bondlint.results import GroupSummary, ScanResult
from bondlint.sources import hinted, registered, registry
from bondlint.sources.base import Diagnostic, Fact, Location, ParseResult
from bondlint.suppressions import Suppression, find_suppressions


def decode(data: bytes) -> str:
    """Text of a capture: UTF-8 when it is, else Latin-1 (which never fails)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_input(item: InputFile) -> tuple[InputRecord, ParseResult | None]:
    """Read and parse one input; problems become diagnostics, never exceptions.

    A file is first offered to the sources by name; only when none claims it is its head
    read and offered again, and only a claimed file is read whole.
    """
    source: ModuleType | None = None
    try:
        source, unread = _claim(item)
        if source is None:
            return unread, None
        data = item.read(None)
    except InputTooLarge as error:
        if source is None:
            return InputRecord(item.path, None), None
        return _problem(item.path, source.FORMAT, f"not read: {error}"), None
    except OSError as error:
        reason = error.strerror or str(error)
        if isinstance(error, NotRead) and error.skipped:
            # Skipped on purpose (a link out of the folder given, a FIFO, a device): named,
            # never opened, and no fault of the capture.
            return InputRecord(item.path, None, unread=reason.removesuffix(": not read")), None
        return _problem(item.path, None, f"cannot read this input: {reason}"), None
    return _parse(item.path, source, data)


def _claim(item: InputFile) -> tuple[ModuleType | None, InputRecord]:
    """The source that claims ``item`` (by name, else by its first KiB), or None and the
    record of a file nothing reads."""
    name_path = PurePosixPath(item.path)
    likely = hinted(item.path)
    source = _claimant(name_path, "", likely)
    if source is not None:
        return source, InputRecord(item.path, source.FORMAT)
    head = item.read(HEAD_BYTES)
    if _binary(head):
        return None, _unread(item.path, network_like(name_path, ""), "its content is binary (or UTF-16)")
    text_head = decode(head)
    # The likely modules first; every module only when none of them claims it.
    source = _claimant(name_path, text_head, likely) or _claimant(name_path, text_head, registered())
    if source is None:
        return None, _unread(item.path, network_like(name_path, text_head), "no parser of bondlint reads it")
    return source, InputRecord(item.path, source.FORMAT)


def _parse(path: str, source: ModuleType, data: bytes) -> tuple[InputRecord, ParseResult | None]:
    """``data`` parsed by ``source``: refused when binary or over the format's size."""
    if _binary(data[: 64 * 1024]):
        return _problem(path, source.FORMAT, f"binary content where {source.FORMAT} text was expected"), None
    limit = getattr(source, "MAX_BYTES", None)
    if limit is not None and len(data) > limit:
        return _problem(
            path,
            source.FORMAT,
            f"not read: {len(data)} bytes is more than any real {source.FORMAT} file ({limit} bytes)",
        ), None
    text = decode(data.rstrip(b"\x00"))
    try:
        result: ParseResult = source.parse(text, path)
    except Exception as error:  # a parser bug must not end the scan of everything else
        return _problem(path, source.FORMAT, f"internal error in the {source.FORMAT} parser: {error!r}"), None
    record = InputRecord(path, source.FORMAT, list(result.diagnostics), find_suppressions(text, path))
    if not result.facts and not result.diagnostics:
        # Claimed, yet nothing came out of a file that speaks of bonding: say so.
        evidence = network_like(PurePosixPath(""), text[:HEAD_BYTES])
        if evidence is not None:
            record.unread = f"read as {source.FORMAT}, but nothing in it was understood ({evidence})"
    return record, result


def _binary(data: bytes) -> bool:
    """NUL bytes inside the text; trailing ones are no sign of it (kernels of the 2.6.2x
    era end every sysfs value with one)."""
    return b"\x00" in data.rstrip(b"\x00")


def _unread(path: str, evidence: str | None, why: str) -> InputRecord:
    """A file nothing read: named in the report when it looks like network configuration."""
    return InputRecord(path, None, unread=None if evidence is None else f"{evidence}, but {why}")


def _problem(path: str, fmt: str | None, message: str) -> InputRecord:
    # Whole-file problems are reported at line 1: every consumer shows a line.
    return InputRecord(path, fmt, [Diagnostic(Location(path, 1), message)])


def _claimant(path: PurePosixPath, head: str, modules: Iterable[ModuleType]) -> ModuleType | None:
    for module in modules:
        try:
            if module.claims(path, head):
                return module
        except Exception:  # a broken sniffer must not hide the other formats
            continue
    return None


def scan_host(group: HostGroup) -> HostFacts:
    """Parse every input of one host."""
    facts = HostFacts(name=group.name, sosreport=group.sosreport)
    for item in group.files:
        record, result = read_input(item)
        facts.inputs.append(record)
        if result is not None:
            facts.facts.extend(result.facts)
    if group.diagnostics:  # a damaged sosreport tarball: what was read is still scanned
        facts.inputs.append(InputRecord(group.root, "sosreport-archive", list(group.diagnostics)))
    return facts


# Formats of the switch side: a change to one can move any host's cross-check findings,
# and a group of them alone is no host.
SWITCH_SIDE_FORMATS = registry.with_role("switch")

# Switch-side facts by input group: (group name, facts).
NetworkFacts = Sequence[tuple[str, list[Fact]]]

# A scan of fewer groups runs in this process whatever --jobs says: starting workers
# would cost more than they save (bench/scan_jobs.py measures the break-even).
SCAN_WORKERS_FROM = 64


def run(groups: Iterable[HostGroup], policies: list[CompiledPolicy], shared_network: NetworkFacts = ()) -> ScanResult:
    """Scan every group, join hosts to the switch side, and judge them with ``policies``.

    Two passes: switch configurations, neighbor tables and wiring belong to no host, so
    they are collected from every group (and ``shared_network``, read once for a whole
    fleet) before any host is joined to them.
    """
    return judge([(group, scan_host(group)) for group in groups], policies, shared_network)


def network_facts(parsed: list[tuple[HostGroup, HostFacts]]) -> NetworkFacts:
    """The switch-side facts of scanned groups, to share with other scans."""
    return [(g.name, [f for f in h.facts if is_network_fact(f)]) for g, h in parsed]


def judge(
    parsed: list[tuple[HostGroup, HostFacts]], policies: list[CompiledPolicy], shared_network: NetworkFacts = ()
) -> ScanResult:
    """Join scanned groups to the switch side and judge them with ``policies``."""
    network = collect_network([*shared_network, *network_facts(parsed)])
    result = switch_side(network)
    for group, host in parsed:
        add_host(result, group, host, judge_host(group.name, group.sosreport, host, network, policies))
    return finish(result, parsed)


@dataclass(slots=True)
class HostVerdict:
    """What judging one group found: whether it is a host, its entities (the model's and
    its suppression comments') and its findings, in the order ``judge`` adds them."""

    is_host: bool
    entities: list[Entity]
    findings: list[Finding]


def switch_side(network: Network) -> ScanResult:
    """A result holding only the switches of ``network`` and how each was named."""
    result = ScanResult(switches=sorted(s.name for s in network.switches.values()))
    for switch in network.switches.values():
        source = switch.setting("hostname_source")
        if source is not None and source.value != "hostname line":
            result.switch_named_by[switch.name] = f"{source.value} ({source.location.path})"
    return result


def judge_host(
    name: str, sosreport: bool, host: HostFacts, network: Network, policies: list[CompiledPolicy]
) -> HostVerdict:
    """Join one scanned group to the switch side and judge it (its facts lose the
    switch-side ones, which belong to ``network``)."""
    host_facts = [f for f in host.facts if not is_network_fact(f)]
    # Switch configurations, neighbor tables, wiring (even unreadable ones): no host.
    formats = {record.format for record in host.inputs if record.format is not None}
    switch_only = not host_facts and (bool(host.facts) or bool(formats and formats <= SWITCH_SIDE_FORMATS))
    host.facts = host_facts
    entities = build_entities(host, network)
    # A folder where nothing bondlint reads was found is no host either.
    read_something = any(record.format is not None or record.diagnostics or record.unread for record in host.inputs)
    findings = name_ports(evaluate(policies, entities), entities)
    suppressions = [s for record in host.inputs for s in record.suppressions]
    findings, used = apply_suppressions(findings, suppressions)
    judged = suppression_entities(name, suppressions, used, policies)
    return HostVerdict(
        not switch_only and (read_something or sosreport), entities + judged, findings + evaluate(policies, judged)
    )


def add_host(result: ScanResult, group: HostGroup, host: HostFacts, verdict: HostVerdict) -> None:
    """``result`` with one judged group added (groups are added in discovery order)."""
    if verdict.is_host:
        result.hosts.append(group.name)
    result.entities.extend(verdict.entities)
    result.inputs.extend(host.inputs)
    result.groups.append(GroupSummary(group.name, group.root, group.sosreport, list(host.inputs)))
    result.findings.extend(verdict.findings)


def finish(result: ScanResult, parsed: list[tuple[HostGroup, HostFacts]]) -> ScanResult:
    """``result`` once every group is added: findings with their repository paths, sorted."""
    result.findings = sorted(_in_repositories(result.findings, parsed), key=Finding.sort_key)
    return result


def _in_repositories(findings: list[Finding], parsed: list[tuple[HostGroup, HostFacts]]) -> list[Finding]:
    """``findings`` with the path of their file in its repository, from the repository
    discovery found for the group that read the file (a switch file read for a whole
    fleet elsewhere: looked up once)."""
    from dataclasses import replace

    holder = {record.path: group.repository for group, host in parsed for record in host.inputs}
    return [
        replace(f, repository_path=repository_relative(f.location.path, _repository(f.location.path, holder)))
        for f in findings
    ]


def _repository(shown: str, holder: dict[str, str | None]) -> str | None:
    if shown not in holder:
        found = repository_of(Path(os.path.abspath(shown.partition("!/")[0])))
        holder[shown] = None if found is None else found.as_posix()
    return holder[shown]


def name_ports(findings: list[Finding], entities: list[Entity]) -> list[Finding]:
    """``findings`` with the ports each is about: a port entity's own name, or the switch
    port (and the host port cabled to it) under a bond's ``/switch_ports/N``."""
    from dataclasses import replace

    by_key = {(e.kind, e.host, e.name): e for e in entities if e.kind in ("port", "bond")}
    named = []
    for finding in findings:
        entity = by_key.get((finding.entity_kind, finding.host, finding.entity_name))
        ports = () if entity is None else _ports_of(entity, finding.subject)
        named.append(replace(finding, ports=ports) if ports else finding)
    return named


def _ports_of(entity: Entity, subject: str) -> tuple[str, ...]:
    if entity.kind == "port":
        return (entity.name,)
    parts = subject.split("/")
    if len(parts) < 3 or parts[1] != "switch_ports" or not parts[2].isdigit():
        return ()
    items = entity.view.get("switch_ports") or []
    item = items[int(parts[2])] if int(parts[2]) < len(items) else None
    if not isinstance(item, dict):
        return ()
    switch_names = [str(item[key]) for key in ("interface", "short") if item.get(key)]
    names = [str(item["port"])] if item.get("port") else []
    names += switch_names
    if item.get("switch"):
        names += [f"{item['switch']} {name}" for name in switch_names]
    return tuple(dict.fromkeys(names))


def apply_suppressions(
    findings: list[Finding], suppressions: list[Suppression]
) -> tuple[list[Finding], set[Suppression]]:
    """Mark the findings inline comments suppress; return the comments that were used."""
    if not suppressions:
        return findings, set()
    from dataclasses import replace

    used: set[Suppression] = set()
    marked = []
    for finding in findings:
        where = finding.location
        match = next(
            (s for s in suppressions if s.covers(finding.rule_id, finding.rule_name, where.path, where.line)), None
        )
        if match is not None:
            used.add(match)
            finding = replace(finding, suppressed=match.reason)
        marked.append(finding)
    return marked, used


def suppression_entities(
    host: str, suppressions: list[Suppression], used: set[Suppression], policies: list[CompiledPolicy]
) -> list[Entity]:
    """Suppression comments as entities, so policies can judge them (reason, unused, a
    name that is no rule)."""
    known = {key for compiled in policies for key in (compiled.policy.id, compiled.policy.name)}
    entities = []
    for item in suppressions:
        where = Location(item.path, item.line)
        unknown = _no_rule(item.rules, known)
        entity = Entity(kind="suppression", host=host, name=f"{item.path}:{item.line}", anchor=where)
        entity.put(("kind",), "suppression")
        entity.put(("host",), host)
        entity.put(("rules",), list(item.rules), where)
        entity.put(("reason",), item.reason, where)
        entity.put(("used",), item in used, where)
        # "Unused" only means something when every rule it names was run (a name that is
        # no rule is reported as such, whatever ran).
        entity.put(("rules_ran",), bool(item.rules) and all(r in known or r in unknown for r in item.rules))
        entity.put(("unknown_rules",), unknown, where)
        entity.put(("advice",), _advice(item.rules, unknown, known), where)
        entities.append(entity)
    return entities


# What an unused suppression is told (the {advice} of unused-suppression's message).
UNUSED_COMMENT = "matches no finding: remove it or move it to the line it means"
UNUSED_ENTRY = "matches no finding: remove the entry or correct what it names"


def _no_rule(rules: Iterable[str], known: set[str]) -> list[str]:
    """The names in ``rules`` that no rule has: neither run (``known``) nor builtin."""
    from bondlint.policies.loader import builtin_rule_names

    candidates = [rule for rule in rules if rule not in known and rule != "all"]
    return [rule for rule in candidates if rule not in builtin_rule_names()]


def _advice(rules: Sequence[str], unknown: list[str], known: set[str]) -> str:
    """What a comment that suppresses nothing, or names no rule, is told: a name that is
    no rule with the closest rule's name (did you mean ...)."""
    if not unknown:
        return UNUSED_COMMENT
    import difflib

    from bondlint.policies.loader import builtin_rule_names

    names = sorted(known | builtin_rule_names())
    told = []
    for name in unknown:
        close = difflib.get_close_matches(name, names, n=1)
        told.append(f"did you mean {close[0]}?" if close else "see 'bondlint rules'")
    if list(rules) == unknown[:1]:
        return f"names no rule: {told[0]}"
    return "; ".join(f"names no rule with {name}: {hint}" for name, hint in zip(unknown, told, strict=True))
