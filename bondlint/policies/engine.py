"""The policy engine: JSON Schema ``when``/``require`` over entity views -> findings.

No rule logic lives here.  For each entity a policy applies to (``applies-to`` and
``when``), every way the entity fails ``require`` is a finding, located at the file and
line behind the failing path.  Failures about the same subject seen in several layers
(the persisted config and the running kernel both lack monitoring) become one finding
whose other evidence is listed as related locations.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from bondlint.model.entity import Entity, join_pointer, pointer, pointer_segments
from bondlint.policies.commands import FixCommands, render_commands
from bondlint.policies.compare import VIEW_ROOT
from bondlint.policies.fast import FastSchema, SchemaFailure, compile_schema, unsupported
from bondlint.policies.loader import Policy
from bondlint.policies.viewcheck import SUBSCHEMA, SUBSCHEMA_LIST, SUBSCHEMA_MAP, schema_safety_problems
from bondlint.safe_parse import offline_registry
from bondlint.sources.base import Location

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

# Top-level view keys that are views of the same subject at different layers, in the
# order their evidence is preferred as the primary location (what an operator edits first).
LAYERS = ("config", "effective", "runtime")
SEVERITY_RANK = {"note": 1, "warning": 2, "error": 3}


@dataclass(frozen=True, slots=True)
class Related:
    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule violation, at the line that causes it."""

    rule_id: str
    rule_name: str
    severity: str
    message: str
    location: Location
    host: str
    entity_kind: str
    entity_name: str
    subject: str
    related: tuple[Related, ...] = ()
    # Set when a suppression comment or a suppressions-file entry suppresses the finding:
    # its reason ("" when none given).
    suppressed: str | None = None
    # Where the suppressions-file entry that suppressed it is written (SARIF ``external``);
    # None for a comment in the file itself (``inSource``) or when not suppressed.
    suppressed_at: Location | None = None
    # With --baseline: "new" or "unchanged" (SARIF baselineState).
    baseline_state: str | None = None
    # The file relative to the repository holding it (set by the pipeline from what
    # discovery found); None: as shown.
    repository_path: str | None = None
    # The host and switch ports the finding is about (eno1, Gi1/0/11, "leaf1 Gi1/0/11"),
    # named by the pipeline from the entity: what a suppressions file's ``port`` matches.
    ports: tuple[str, ...] = ()
    # The fix as commands to paste, filled from this finding's bond, ports and switch
    # ports (the rule's ``commands``, bondlint/policies/commands.py); None: none apply.
    commands: FixCommands | None = None

    @property
    def active(self) -> bool:
        """Counts for the report and the exit code: not suppressed, not in the baseline."""
        return self.suppressed is None and self.baseline_state != "unchanged"

    @property
    def fingerprint(self) -> str:
        """Stable across unrelated edits: no line numbers, only what and where (the file,
        relative to its repository, so the directory bondlint runs from does not matter)."""
        key = "\x1f".join(
            (
                self.rule_id,
                self.host,
                self.entity_kind,
                self.entity_name,
                self.subject,
                self.location.path if self.repository_path is None else self.repository_path,
            )
        )
        import hashlib  # OpenSSL's start-up, paid only by a run with findings

        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def sort_key(self) -> tuple[Any, ...]:
        return (self.location.path, self.location.line, self.rule_id, self.message)


@dataclass(frozen=True, slots=True)
class _Failure:
    path: str
    location: Location
    message: str
    layer_rank: int
    evidence: tuple[tuple[Location, str], ...] = ()  # (where, the view path it shows)
    commands: FixCommands | None = None


class CompiledPolicy:
    """A policy with its JSON Schema validators built once.

    ``compiled=False`` judges on jsonschema alone (the differential test and the bench
    compare the two engines)."""

    def __init__(self, policy: Policy, compiled: bool = True):
        from bondlint.policies.loader import substitute_parameters, was_checked

        self.policy = policy
        when = substitute_parameters(policy.when, policy.parameters)
        require = substitute_parameters(policy.require, policy.parameters)
        # A site's parameter values are substituted here: the same checks as the loader's
        # (skipped for the very schemas and values the loader checked: the same answer).
        problems = [
            message
            for key, schema in (("when", when), ("require", require))
            for _, message in (() if was_checked(policy) else schema_safety_problems(schema, [key]))
        ]
        if problems:
            from bondlint.policies.loader import PolicyError

            raise PolicyError([f"{policy.source}:{policy.line}: {message}" for message in problems])
        self._schemas = {"when": when, "require": without_false_subschemas(require)}
        # jsonschema validators, built on first use (a run without findings never imports jsonschema).
        self._slow: dict[str, Validator] = {}
        # Verdicts on jsonschema-rs (bondlint/policies/fast.py), each schema compiled at its
        # first verdict: a run compiles the ``when`` of the policies whose entity kind it
        # meets and the ``require`` of those whose ``when`` matched (half the catalog on a
        # pre-commit run).  None for the whole policy when either schema uses what only
        # jsonschema evaluates (``slow_reason`` says why).
        self._compiled = compiled
        self._fast: dict[str, FastSchema | str] = {}
        self._on_fast = compiled and all(unsupported(schema) is None for schema in self._schemas.values())
        # An empty ``when`` applies to every entity of the kind: no check at all.
        self._when_always = when in ({}, True)

    @property
    def slow_reason(self) -> str | None:
        """Why this policy's verdicts run on jsonschema instead of jsonschema-rs, or None
        (compiles both schemas)."""
        if not self._compiled:
            return None
        for key in ("when", "require"):
            result = self._compile(key)
            if isinstance(result, str):
                return f"{key}: {result}"
        return None

    def _compile(self, key: str) -> FastSchema | str:
        found = self._fast.get(key)
        if found is None:
            found = self._fast[key] = compile_schema(self._schemas[key])
        return found

    def _fast_verdict(self, key: str, view: Any) -> bool | None:
        """jsonschema-rs's verdict of ``when`` or ``require``; None when it cannot tell or
        the policy runs on jsonschema (a schema jsonschema-rs cannot compile puts the
        whole policy there)."""
        if not self._on_fast:
            return None
        result = self._compile(key)
        if isinstance(result, str):
            self._on_fast = False
            return None
        return result.verdict(view)

    def _validator(self, key: str) -> Validator:
        """jsonschema's validator for ``when`` or ``require``: a $ref resolves inside the
        schema or nowhere."""
        found = self._slow.get(key)
        if found is None:
            found = self._slow[key] = view_validator()(self._schemas[key], registry=offline_registry())
        return found

    def verdicts(self, key: str, view: dict[str, Any]) -> tuple[bool | None, bool]:
        """jsonschema-rs's verdict of ``when`` or ``require`` on ``view`` (None: it cannot
        tell, or the policy runs on jsonschema) and jsonschema's, for the differential test."""
        token = VIEW_ROOT.set(view)
        try:
            return self._fast_verdict(key, view), self._validator(key).is_valid(view)
        finally:
            VIEW_ROOT.reset(token)

    def _valid(self, key: str, view: Any) -> bool:
        """The verdict of ``when`` or ``require`` on ``view``: jsonschema-rs's, else jsonschema's."""
        verdict = self._fast_verdict(key, view)
        if verdict is not None:
            return verdict
        return self._validator(key).is_valid(view)

    def _failures(self, view: Any) -> list[SchemaFailure]:
        """Where ``require`` fails on ``view``: jsonschema-rs's failures, else jsonschema's."""
        if self._on_fast:
            result = self._compile("require")
            found = None if isinstance(result, str) else result.failures(view)
            if found is not None:
                return found
        return [failure_of(error) for error in self._validator("require").iter_errors(view)]

    def failures(self, view: dict[str, Any]) -> tuple[list[SchemaFailure] | None, list[SchemaFailure]]:
        """jsonschema-rs's failures of ``require`` on ``view`` (None: it cannot tell, or
        the policy runs on jsonschema) and jsonschema's, for the differential test."""
        token = VIEW_ROOT.set(view)
        try:
            result = self._compile("require") if self._on_fast else None
            fast = None if result is None or isinstance(result, str) else result.failures(view)
            return fast, [failure_of(error) for error in self._validator("require").iter_errors(view)]
        finally:
            VIEW_ROOT.reset(token)

    def evaluate(self, entity: Entity) -> list[Finding]:
        if entity.kind != self.policy.applies_to:
            return []
        token = VIEW_ROOT.set(entity.view)  # absolute pointers in compare resolve here
        try:
            return self._evaluate(entity)
        finally:
            VIEW_ROOT.reset(token)

    def _evaluate(self, entity: Entity) -> list[Finding]:
        policy = self.policy
        if entity.kind != policy.applies_to:
            return []
        if not (self._when_always or self._valid("when", entity.view)) or self._valid("require", entity.view):
            return []
        by_subject: dict[str, list[_Failure]] = {}
        for error in self._failures(entity.view):
            path = pointer(*error.absolute_path)
            location_path = self._locating_path(entity, path, error)
            evidence = [
                (entity.locate(joined), joined)
                for hint in policy.related
                for joined in expand_wildcards(entity, join_pointer(path, hint))
                if entity.has_location(joined)
            ]
            if not location_path.startswith(path) and entity.has_location(path):
                # Moved to another place (the host's mode line): the failing value's own
                # line (the switch port) stays as evidence.
                evidence.insert(0, (entity.locate(path), path))
            failure = _Failure(
                path=location_path,
                location=entity.locate(location_path),
                message=render(policy.message, entity, location_path, path, policy.parameters),
                layer_rank=_layer_rank(path),
                evidence=tuple(evidence),
                commands=render_commands(policy.commands, entity, path, policy.parameters),
            )
            by_subject.setdefault(_subject(path, error.missing), []).append(failure)

        findings = []
        for subject, failures in by_subject.items():
            failures.sort(key=lambda f: (f.layer_rank, f.location))
            primary, others = failures[0], failures[1:]
            # One related location per line: what the evidence shows there, else the
            # other failure's own message.
            described: dict[Location, str] = {}
            for failure in failures:
                for where, shown in failure.evidence:
                    if described.get(where, primary.message) == primary.message:
                        described[where] = describe_evidence(entity, shown, primary.message)
            related_at = {f.location: described.get(f.location, f.message) for f in reversed(others)}
            ordered = [f.location for f in others] + list(described)
            related = tuple(
                Related(where, _related_text(described.get(where), related_at.get(where), primary.message))
                for where in dict.fromkeys(ordered)
                if where != primary.location
            )
            findings.append(
                Finding(
                    rule_id=policy.id,
                    rule_name=policy.name,
                    severity=policy.severity,
                    message=primary.message,
                    location=primary.location,
                    host=entity.host,
                    entity_kind=entity.kind,
                    entity_name=entity.name,
                    subject=subject,
                    related=related,
                    commands=primary.commands,
                )
            )
        return findings

    def _locating_path(self, entity: Entity, path: str, error: SchemaFailure) -> str:
        """The most precise located path for ``error``: rule hints, then sub-errors."""
        for hint in self.policy.locate:
            candidate = join_pointer(path, hint)
            if entity.has_location(candidate):
                return candidate
        if entity.has_location(path):
            return path
        # anyOf/oneOf failures carry sub-errors; the deepest located one is the most precise.
        best = path
        for sub in _walk_context(error):
            sub_path = pointer(*sub.absolute_path)
            if entity.has_location(sub_path) and len(pointer_segments(sub_path)) > len(pointer_segments(best)):
                best = sub_path
        return best


def _related_text(described: str | None, own: str | None, primary: str) -> str:
    """A description of the place wins over a repeat of the finding's message."""
    if described is not None and described != primary:
        return described
    return own or described or primary


def describe_evidence(entity: Entity, path: str, fallback: str) -> str:
    """What a related location shows, in words: for the other end of a cross-check, the
    switch port and its settings (``leaf2 Gi1/0/10 (host port eno2): access vlan 201``);
    anything else keeps the finding's message."""
    segments = pointer_segments(path)
    if segments == ["mode"] and entity.view.get("mode"):
        return f"{entity.host} {entity.name}: mode {entity.view['mode']}"
    ports = entity.view.get("switch_ports")
    if len(segments) < 2 or segments[0] != "switch_ports" or not isinstance(ports, list) or not segments[1].isdigit():
        return _describe_value(entity, segments, fallback)
    index = int(segments[1])
    if index >= len(ports) or not isinstance(ports[index], dict):
        return fallback
    port = ports[index]
    where = f"{port.get('switch')} {port.get('short') or port.get('interface')}"
    if port.get("port"):
        where += f" (host port {port['port']})"
    if segments[2:] == ["port"]:  # the host's end of the cable
        return (
            f"{entity.host} {entity.name} port {port.get('port')} (cabled to {port.get('switch')} {port.get('short')})"
        )
    if len(segments) > 2:
        key = segments[2]
        value = _words(port.get(key))
        return f"{where}: {value}" if key == "vlans" else f"{where}: {key.replace('_', ' ')} {value}"
    if not port.get("switch_configured"):
        return f"{where}: no configuration of {port.get('switch')} was read"
    if not port.get("configured"):
        return f"{where}: not in the switch's configuration"
    settings = [str(port.get("vlans")), f"channel {port.get('channel') or 'none'}"]
    if port.get("channel"):
        settings[-1] += (
            f" ({port.get('channel_protocol')}{', ' + str(port['lacp_mode']) if port.get('lacp_mode') else ''})"
        )
    if port.get("mlag_id"):
        settings.append(f"multi-chassis id {port['mlag_id']}")
    if port.get("shutdown"):
        settings.append("shut down")
    return f"{where}: {', '.join(settings)}"


def _describe_value(entity: Entity, segments: list[str], fallback: str) -> str:
    """A host-side related location: the value there, named by its key and its port
    (``bond0 port eno1: carrier down``, ``bond0: arp ip target 192.0.2.1, 192.0.2.2``);
    the finding's message when it is no plain value or list of plain values."""
    value = entity.value_at(pointer(*segments))
    # A list of plain values of one bond layer (ARP targets) reads as its items; a summary
    # across switch ports does not (the switch port's own description says more).
    plain_list = (
        isinstance(value, list)
        and all(isinstance(v, (str, int, float)) for v in value)
        and bool(segments)
        and segments[0] in (*LAYERS, "drift")
    )
    if (isinstance(value, (dict, list)) and not plain_list) or value is None or not segments:
        return fallback
    who = entity.name
    if segments[1:2] == ["ports"] and len(segments) > 2 and segments[2].isdigit():
        port = entity.value_at(pointer(*segments[:3]))
        if isinstance(port, dict) and port.get("name"):
            who += f" port {port['name']}"
    words = [s for s in segments if not s.isdigit() and s not in (*LAYERS, "ports", "options")]
    key = (words[-1] if words else segments[-1]).replace("_", " ")
    if len(words) > 1 and words[-2].endswith("_lacp"):
        key = f"{words[-2].replace('_', ' ')} {key}"
    return f"{who}: {key} {_words(value)}"


def without_false_subschemas(schema: Any) -> Any:
    """``schema`` with every boolean ``false`` subschema written as ``{"not": {}}``.

    Both reject everything, but jsonschema reports a ``false`` subschema's failure at its
    parent's path, which would locate ``primary: false`` at the options block instead of
    the ``primary=`` line.
    """
    if schema is False:
        return {"not": {}}
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in SUBSCHEMA:
            out[key] = without_false_subschemas(value)
        elif key in SUBSCHEMA_LIST and isinstance(value, list):
            out[key] = [without_false_subschemas(item) for item in value]
        elif key in SUBSCHEMA_MAP and isinstance(value, dict):
            out[key] = {name: without_false_subschemas(item) for name, item in value.items()}
        else:
            out[key] = value
    return out


@cache
def view_validator() -> type[Validator]:
    """Draft 2020-12 with bondlint's ``compare`` keyword (bondlint/policies/compare.py) and
    regular expressions on RE2 (bondlint/safe_parse.py): linear time, whatever the pattern.
    Build it with ``registry=offline_registry()``: it fetches nothing."""
    from jsonschema import Draft202012Validator, validators

    from bondlint.policies.compare import compare_keyword
    from bondlint.safe_parse import safe_keywords

    keywords = {**safe_keywords(), "compare": compare_keyword}
    # types-jsonschema leaves validators.extend unannotated.
    extended: type[Validator] = validators.extend(Draft202012Validator, keywords)  # type: ignore[no-untyped-call]
    return extended


def expand_wildcards(entity: Entity, path: str) -> list[str]:
    """``path`` with each ``*`` segment replaced by every index (or key) present there:
    ``/switch_ports/*`` names every switch port."""
    segments = pointer_segments(path)
    if "*" not in segments:
        return [path]
    found: list[list[str]] = [[]]
    for segment in segments:
        if segment != "*":
            found = [[*prefix, segment] for prefix in found]
            continue
        grown: list[list[str]] = []
        for prefix in found:
            node = entity.value_at(pointer(*prefix))
            keys = (
                [str(i) for i in range(len(node))]
                if isinstance(node, list)
                else list(node)
                if isinstance(node, dict)
                else []
            )
            grown.extend([*prefix, key] for key in keys)
        found = grown
    return [pointer(*p) for p in found]


def _walk_context(error: SchemaFailure) -> list[SchemaFailure]:
    found = []
    stack = list(error.context)
    while stack:
        sub = stack.pop(0)
        found.append(sub)
        stack.extend(sub.context)
    return found


def failure_of(error: Any) -> SchemaFailure:
    """A jsonschema ``ValidationError`` as a ``SchemaFailure``."""
    return SchemaFailure(
        absolute_path=tuple(error.absolute_path),
        keyword=str(error.validator),
        missing=_missing(error),
        context=tuple(failure_of(sub) for sub in error.context or ()),
    )


def _layer_rank(path: str) -> int:
    segments = pointer_segments(path)
    if segments and segments[0] in LAYERS:
        return LAYERS.index(segments[0])
    return len(LAYERS)


def _missing(error: Any) -> str | None:
    """The property a ``required`` failure misses, else None (jsonschema reports each
    missing name in an error of its own, saying "'name' is a required property")."""
    if error.validator != "required" or not isinstance(error.instance, dict):
        return None
    absent = [name for name in error.validator_value if name not in error.instance]
    return next((name for name in absent if error.message.startswith(repr(name))), absent[0] if absent else None)


def _subject(path: str, missing: str | None = None) -> str:
    """What a failure is about, independent of the layer that showed it: a missing
    ``primary`` in the persisted options and a null ``primary`` at runtime are one subject."""
    segments = pointer_segments(path)
    if segments and segments[0] in LAYERS:
        segments = segments[1:]
        if segments and segments[0] == "options":
            segments = segments[1:]
    if missing is not None:
        segments.append(missing)
    return pointer(*segments)


def slow_engine_notes(policies: list[Policy]) -> list[str]:
    """One note per policy whose verdicts run on jsonschema instead of jsonschema-rs, with
    the reason (``bondlint policy check`` prints them; they are no error)."""
    notes = []
    for policy in policies:
        reason = CompiledPolicy(policy).slow_reason
        if reason is not None:
            notes.append(
                f"{policy.source}:{policy.line}: note: {policy.id} runs on the slow engine (jsonschema): {reason}"
            )
    return notes


def evaluate(policies: list[CompiledPolicy], entities: list[Entity]) -> list[Finding]:
    """Every finding of every policy on every entity, sorted by file, line and rule."""
    findings: dict[tuple[Any, ...], Finding] = {}
    by_kind: dict[str, list[CompiledPolicy]] = {}
    for compiled in policies:
        by_kind.setdefault(compiled.policy.applies_to, []).append(compiled)
    for entity in entities:
        for compiled in by_kind.get(entity.kind, []):
            for finding in compiled.evaluate(entity):
                findings.setdefault((finding.rule_id, finding.location, finding.message), finding)
    return sorted(findings.values(), key=Finding.sort_key)


class _ViewFormatter(string.Formatter):
    """Template fields are dotted lookups: ``{value.x}`` in the failing value, ``{parent.x}``
    in the object holding it, ``{item.x}`` in the array element it belongs to (a port),
    ``{path}``/``{key}`` name it, anything else reads the view
    (``{name}``, ``{effective.miimon}``)."""

    def __init__(self, entity: Entity, path: str, failing_path: str, parameters: dict[str, Any] | None = None):
        self.entity = entity
        self.path = path
        self.failing_path = failing_path
        self.parameters = parameters or {}

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        head, _, rest = field_name.partition(".")
        if head == "value":
            base = self.entity.value_at(self.failing_path)
        elif head == "parent":
            # Each leading "parent" climbs one level: {parent.parent.name} is the port
            # whose actor_lacp holds the failing value.
            levels = 1
            while rest.startswith("parent.") or rest == "parent":
                levels += 1
                rest = rest[len("parent.") :] if rest.startswith("parent.") else ""
            segments = pointer_segments(self.failing_path)
            base = self.entity.value_at(pointer(*segments[: max(0, len(segments) - levels)]))
        elif head == "item":
            # The array element the failing value sits in (a port, a switch port): the
            # same object whether the failure is at the element or at one of its keys.
            segments = pointer_segments(self.failing_path)
            last = max((i for i, seg in enumerate(segments) if seg.isdigit()), default=-1)
            base = self.entity.value_at(pointer(*segments[: last + 1])) if last >= 0 else None
        elif head == "params":
            base = self.parameters
        elif head == "path":
            return self.failing_path or "/", field_name
        elif head == "key":
            segments = pointer_segments(self.failing_path)
            return (segments[-1] if segments else self.entity.name), field_name
        else:
            base = self.entity.view
            rest = field_name
        node = base
        for segment in rest.split(".") if rest else []:
            if isinstance(node, dict):
                node = node.get(segment)
            elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
                node = node[int(segment)]
            else:
                node = None
        return _words(node), field_name


def _words(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value) if value else "none"
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):  # a named object (a port): its name
            return name
        return ", ".join(f"{k}={_words(v)}" for k, v in value.items()) or "none"
    return str(value)


def render(
    template: str, entity: Entity, path: str, failing_path: str | None = None, parameters: dict[str, Any] | None = None
) -> str:
    """Fill ``template`` from ``entity``; unknown fields read 'unset', never raise."""
    try:
        failing = failing_path if failing_path is not None else path
        return _ViewFormatter(entity, path, failing, parameters).format(template)
    except (ValueError, IndexError, KeyError, AttributeError):
        return template
