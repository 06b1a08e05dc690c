"""Planning fixes: each finding's change made in its bond's own file, kept only when a
scan of the changed host shows the finding gone and no finding it did not have.

A host's findings are fixed one after the other on the text as the previous fixes left
it, each checked by parsing and judging the host again with the changed text in place of
the file (the switch side of the other groups as in the scan), so two fixes of one file
are checked together, and a fix that would raise another finding is not made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bondlint.discovery import HostGroup, InputTooLarge
from bondlint.fix.changes import CannotEdit, Change
from bondlint.fix.editors import EDITABLE, Target, commands_for, edit
from bondlint.fix.spec import FixSpec
from bondlint.model.entity import Entity, pointer
from bondlint.pipeline import NetworkFacts, judge, network_facts, scan_host
from bondlint.policies.engine import CompiledPolicy, Finding
from bondlint.policies.loader import Policy
from bondlint.results import ScanResult


@dataclass(frozen=True, slots=True)
class Applied:
    """A finding fixed in a file: what the rule's fix says, the changes, and the file's
    text with this fix alone made on the original (what SARIF's replacements show)."""

    finding: Finding
    summary: str
    safety: str
    changes: tuple[Change, ...]
    alone: str | None


@dataclass(frozen=True, slots=True)
class NotApplied:
    """A finding whose rule has a fix that was not made here: why, and for a capture the
    commands that make the change on the system it came from."""

    finding: Finding
    reason: str
    commands: tuple[str, ...] = ()


@dataclass(slots=True)
class FileFix:
    """One file's fixes: the bytes read, the text before and after."""

    path: str
    original: bytes
    encoding: str
    before: str
    after: str
    applied: list[Applied] = field(default_factory=list)

    def data(self) -> bytes:
        return self.after.encode(self.encoding)


@dataclass(slots=True)
class FixPlan:
    files: list[FileFix] = field(default_factory=list)
    not_applied: list[NotApplied] = field(default_factory=list)
    # Findings whose fix is unsafe, left out without --unsafe-fixes.
    withheld: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> list[FileFix]:
        return [f for f in self.files if f.after != f.before]


def plan_fixes(groups: list[HostGroup], policies: list[Policy], unsafe: bool) -> FixPlan:
    """The fixes ``policies`` declare for the findings in ``groups``, each checked."""
    compiled = [CompiledPolicy(p) for p in policies]
    shared = network_facts([(group, scan_host(group)) for group in groups])
    plan = FixPlan()
    for index, group in enumerate(groups):
        others = [facts for position, facts in enumerate(shared) if position != index]
        HostFixer(group, compiled, others, unsafe, plan).run()
    return plan


def decoded(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding to write it back with (as the scan decodes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="surrogateescape"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


class _Capture(CannotEdit):
    def __init__(self, reason: str, commands: list[str]):
        super().__init__(reason)
        self.commands = tuple(commands)


class HostFixer:
    """The fixes of one group, made and checked one at a time."""

    def __init__(
        self, group: HostGroup, policies: list[CompiledPolicy], network: NetworkFacts, unsafe: bool, plan: FixPlan
    ):
        self.group = group
        self.policies = policies
        self.by_id = {c.policy.id: c.policy for c in policies}
        self.network = network
        self.unsafe = unsafe
        self.plan = plan
        self.files: dict[str, FileFix] = {}

    def scan(self, path: str | None = None, text: str | None = None) -> ScanResult:
        """The group judged with the fixed texts (and ``text`` for ``path``) in place."""
        texts = {p: f.after.encode(f.encoding) for p, f in self.files.items()}
        if path is not None and text is not None:
            texts[path] = text.encode(self.files[path].encoding)
        files = tuple(
            replace(item, read=_reader(texts[item.path])) if item.path in texts else item for item in self.group.files
        )
        group = replace(self.group, files=files)
        return judge([(group, scan_host(group))], self.policies, self.network)

    def run(self) -> None:
        result = self.scan()
        for finding in [f for f in result.findings if f.active]:
            if identity(finding) not in _active(result):
                continue  # an earlier fix of this host made it go
            policy = self.by_id.get(finding.rule_id)
            spec = None if policy is None else FixSpec.of(policy)
            if policy is None or spec is None:
                continue
            if not spec.safe and not self.unsafe:
                self.plan.withheld.append(finding)
                continue
            try:
                result = self._fix(finding, policy, spec, result)
            except _Capture as capture:
                self.plan.not_applied.append(NotApplied(finding, str(capture), capture.commands))
            except CannotEdit as error:
                self.plan.not_applied.append(NotApplied(finding, str(error)))
            except Exception as error:  # an editor's bug must not end the fixes of every other file
                self.plan.not_applied.append(NotApplied(finding, f"internal error in the fix: {error!r}"))

    def _fix(self, finding: Finding, policy: Policy, spec: FixSpec, result: ScanResult) -> ScanResult:
        """The first of the bond's files where the change passes the check; the first
        reason when none does."""
        entity = _entity(result, finding)
        changes = spec.changes(policy, entity, finding)
        reasons: list[CannotEdit] = []
        for target in self._targets(entity, changes, result):
            try:
                return self._fix_in(target, finding, spec, changes, result, spec.summary_for(policy, entity, finding))
            except CannotEdit as error:
                reasons.append(error)
        raise reasons[0]

    def _fix_in(
        self, target: Target, finding: Finding, spec: FixSpec, changes: list[Change], result: ScanResult, summary: str
    ) -> ScanResult:
        file = self._file(target.path)
        text = edit(file.after, target, changes)
        if text == file.after:
            raise CannotEdit(f"{target.path} already says {', '.join(c.described() for c in changes)}")
        after = self.scan(target.path, text)
        _check(finding, result, after)
        alone = _alone(file.before, target, changes) if file.applied else text
        file.after = text
        file.applied.append(Applied(finding, summary, spec.safety, tuple(changes), alone))
        return after

    def _targets(self, entity: Entity, changes: list[Change], result: ScanResult) -> list[Target]:
        """The files to try: where a changed value is written when that is another file
        of the bond (a modprobe option, a drop-in), then the bond's definition."""
        config = entity.view.get("config") or {}
        fmt, path = config.get("format"), config.get("file")
        applied_by = str(config.get("applied_by") or entity.view.get("effective", {}).get("applied_by") or "")
        commands = commands_for(entity.name, config.get("profile_id"), applied_by or None, changes)
        if not isinstance(fmt, str) or not isinstance(path, str):
            raise _Capture(f"bond {entity.name} has no persisted definition to edit", commands)
        if self.group.sosreport or "!/" in path:
            raise _Capture(f"{path} is inside a sosreport, never edited; on the system run", commands)
        formats = {record.path: record.format for record in result.inputs}
        written = [
            entity.locations.get(pointer(*place, c.option))
            for c in changes
            for place in (("config", "options"), ("host_config", "module_options"))
        ]
        elsewhere = [w.path for w in written if w is not None and w.path != path and formats.get(w.path) in EDITABLE]
        candidates = [(p, str(formats[p])) for p in dict.fromkeys(elsewhere)]
        if fmt not in EDITABLE and not candidates:
            raise _Capture(f"{path} is a capture ({fmt}), never edited; on the system run", commands)
        if fmt in EDITABLE:
            candidates.append((path, fmt))
        where = entity.locations.get("/config")
        return [
            Target(p, f, entity.name, applied_by, where.line if where is not None and where.path == p else None)
            for p, f in candidates
        ]

    def _file(self, path: str) -> FileFix:
        if path not in self.files:
            item = next((i for i in self.group.files if i.path == path), None)
            if item is None:
                raise CannotEdit(f"{path} was not read in this scan")
            try:
                data = item.read(None)
            except (OSError, InputTooLarge) as error:
                raise CannotEdit(f"{path} cannot be read again: {error}") from None
            text, encoding = decoded(data)
            self.files[path] = FileFix(path, data, encoding, text, text)
            self.plan.files.append(self.files[path])
        return self.files[path]


def _reader(data: bytes) -> Callable[[int | None], bytes]:
    def read(limit: int | None) -> bytes:
        return data if limit is None else data[:limit]

    return read


def _active(result: ScanResult) -> set[tuple[str, ...]]:
    return {identity(f) for f in result.findings if f.active}


def identity(finding: Finding) -> tuple[str, ...]:
    """What a fingerprint hashes (rule, host, entity, subject, file), unhashed: a file
    name that is not UTF-8 has no fingerprint until a reporter escapes it."""
    path = finding.location.path if finding.repository_path is None else finding.repository_path
    return (finding.rule_id, finding.host, finding.entity_kind, finding.entity_name, finding.subject, path)


def _entity(result: ScanResult, finding: Finding) -> Entity:
    for entity in result.entities:
        if (entity.kind, entity.host, entity.name) == (finding.entity_kind, finding.host, finding.entity_name):
            return entity
    raise CannotEdit(f"no {finding.entity_kind} {finding.entity_name} in the model")


def _check(finding: Finding, before: ScanResult, after: ScanResult) -> None:
    """Never worse: the finding gone, and nothing the host did not have before."""
    now = _active(after)
    if identity(finding) in now:
        raise CannotEdit("a scan of the fixed file still shows the finding: not changed")
    known = _active(before)
    new = [f for f in after.findings if f.active and identity(f) not in known]
    if new:
        raise CannotEdit(
            f"a scan of the fixed file shows a new finding ({new[0].rule_id} {new[0].rule_name}"
            f" at line {new[0].location.line}): not changed"
        )


def _alone(before: str, target: Target, changes: list[Change]) -> str | None:
    try:
        return edit(before, target, changes)
    except CannotEdit:
        return None
