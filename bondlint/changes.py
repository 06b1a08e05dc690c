"""A change judged by what it does to the hosts it touches (``scan --changed-only``).

``bondlint scan --changed-only`` is the pre-commit hook.  It asks git what changed rather
than trusting the file names it is given (pre-commit never passes a deleted file: its
staged list is ``git diff --staged --diff-filter=ACMRTUXB``, and it drops names that do
not exist):

* the staged change: ``HEAD`` (nothing before the first commit) -> the index, from
  ``git diff --cached --name-status -z -M``, deletions and renames included;
* with ``PRE_COMMIT_FROM_REF`` and ``PRE_COMMIT_TO_REF`` (``pre-commit run --from-ref A
  --to-ref B``, a pre-push hook): the merge base of A and B -> B, as pre-commit's own
  ``A...B``.

Both states are read from git objects (``git ls-tree`` / ``git ls-files -s`` for the
listing, one ``git cat-file --batch`` for the bytes), never from the working tree, and
nothing is written.  The hosts holding a changed bonding input (before or after a rename)
are judged in both states with the repository's switch side; when a changed file is a
switch configuration, neighbor table or wiring inventory (its content decides), every host
of the repository is.  A finding counts when it is new after the change or more severe,
wherever it is located; findings already there before are not the change's.  Matching
ignores lines and files (rule, host, entity, subject), so moving a line or a profile does
not make an old finding new.

Files given on the command line that git does not list as changed (``pre-commit run
--all-files`` or ``--files``), and every file outside a git repository, are judged as
they are: the findings located in them or pointing at them.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from bondlint.discovery import (
    MAX_INPUT_BYTES,
    SKIPPED_DIRS,
    HostGroup,
    InputFile,
    InputTooLarge,
    display_path,
    excluded,
    group_by_host,
    host_root,
    is_switch_side_file,
    repository_of,
)
from bondlint.discovery.candidates import never_input
from bondlint.discovery.sosreport import HOSTNAME_FILES, hostname_in, is_sos_root
from bondlint.sources.registry import hook_files

if TYPE_CHECKING:  # the pipeline is imported only when something is judged
    from bondlint.model.host import HostFacts
    from bondlint.policies.engine import CompiledPolicy, Finding
    from bondlint.results import ScanResult

# What the hook's ``files:`` in .pre-commit-hooks.yaml names (a test keeps them equal).
# The pre-commit hook's ``files`` (``.pre-commit-hooks.yaml``): the formats' repository
# patterns (``SourceFormat.hook``).
HOOK_FILES = hook_files()
FROM_REF, TO_REF = "PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"
_REGULAR = frozenset({"100644", "100755"})


class ChangeError(Exception):
    """The change cannot be found (not a repository, an unknown ref): a usage error."""


@dataclass(frozen=True, slots=True)
class Changed:
    """One changed file: git's status letter and its repository paths before and after."""

    status: str
    before: str | None
    after: str | None


@dataclass
class ChangePlan:
    """What ``--changed-only`` judges: ``changes`` (bonding inputs git lists as changed,
    between ``before`` and ``after``: commits, ``after`` None meaning the index) and
    ``as_is`` (files given that git does not list as changed, judged as they are)."""

    repository: Path | None = None
    before: str | None = None
    after: str | None = None
    label: str = ""
    changes: list[Changed] = field(default_factory=list)
    others: int = 0  # changed files that are no bonding input
    as_is: list[Path] = field(default_factory=list)
    listed: set[str] = field(default_factory=set)  # every path git lists as changed

    @property
    def idle(self) -> bool:
        """Nothing to judge: the hook can stop before reading anything."""
        return not self.changes and not self.as_is


def relevant(path: str) -> bool:
    """Whether a changed repository path can be a bonding input, by its name alone: what
    the hook's ``files:`` names, a switch-side name, or a capture inside a host tree."""
    if HOOK_FILES.search(path):
        return True
    pure = PurePosixPath(path)
    if is_switch_side_file(pure):
        return True
    if host_root(pure) == pure.parent:
        return False  # a loose file not named like an input (a README, a script)
    from bondlint.sources import NAME_HINTS  # patterns only; no parser is imported

    return any(fnmatchcase(path, p) or fnmatchcase(pure.name, p) for hints in NAME_HINTS.values() for p in hints)


def plan_change(paths: Iterable[Path], environ: Mapping[str, str] = os.environ) -> ChangePlan:
    """Ask git what changed for the files given (none: the current directory's repository)."""
    paths = list(paths)
    if paths:
        found = repository_of(Path(os.path.abspath(paths[0])))
        top = _toplevel(found, found) if found is not None else None
        if top is None:
            return ChangePlan(as_is=paths)  # outside a git repository: as they are
    else:
        top = _toplevel(Path.cwd(), None)
        if top is None:
            raise ChangeError(
                "--changed-only without files asks git what changed: "
                "run it inside a git repository, or name the changed files"
            )
    plan = _git_change(top, environ)
    for given in paths:
        absolute = Path(os.path.abspath(given))
        if not absolute.is_relative_to(top) or absolute.relative_to(top).as_posix() not in plan.listed:
            plan.as_is.append(given)
    return plan


def _git_change(top: Path, environ: Mapping[str, str]) -> ChangePlan:
    from_ref, to_ref = environ.get(FROM_REF, "").strip(), environ.get(TO_REF, "").strip()
    if from_ref and to_ref:
        old, new = _commit(top, from_ref, FROM_REF), _commit(top, to_ref, TO_REF)
        merge_base = _git(top, "merge-base", old, new, check=False)
        base = merge_base.decode().strip() if merge_base else old
        before: str | None = base
        after: str | None = new
        label = f"{from_ref}...{to_ref}"
        diff = _git(top, "diff", "--name-status", "-z", "-M", "--no-ext-diff", "--ignore-submodules", base, new)
    else:
        head = _git(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
        before = head.decode().strip() if head else None
        after = None
        label = "HEAD -> index" if before else "the first commit's index"
        diff = _git(top, "diff", "--cached", "--name-status", "-z", "-M", "--no-ext-diff", "--ignore-submodules")
    plan = ChangePlan(repository=top, before=before, after=after, label=label)
    for entry in _name_status(diff or b""):
        plan.listed.update(p for p in (entry.before, entry.after) if p)
        if any(relevant(p) for p in (entry.before, entry.after) if p):
            plan.changes.append(entry)
        else:
            plan.others += 1
    return plan


def _name_status(output: bytes) -> Iterable[Changed]:
    fields = output.split(b"\0")
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index].decode("ascii", "replace")[:1]
        if status in ("R", "C") and index + 2 < len(fields):
            old, new = os.fsdecode(fields[index + 1]), os.fsdecode(fields[index + 2])
            index += 3
            yield Changed(status, old if status == "R" else None, new)
            continue
        if index + 1 >= len(fields):
            break
        path = os.fsdecode(fields[index + 1])
        index += 2
        yield Changed(status, None if status == "A" else path, None if status == "D" else path)


def _git(top: Path, *args: str, check: bool = True) -> bytes | None:
    """git's output in ``top``; None on failure when ``check`` is false."""
    try:
        done = subprocess.run(["git", *args], cwd=top, capture_output=True, check=False)
    except OSError as error:
        if check:
            raise ChangeError(f"cannot run git: {error.strerror or error}") from None
        return None
    if done.returncode != 0:
        if check:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ChangeError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
        return None
    return done.stdout


def _toplevel(folder: Path, expected: Path | None) -> Path | None:
    """The top of the work tree git sees from ``folder``; None when it sees none, or
    another than ``expected`` (the folder with ``.git`` above a file: a stray ``.git``
    folder is no repository)."""
    out = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if not out or not out.strip():
        return None
    top = Path(os.fsdecode(out.strip()))
    if expected is None:
        return top
    return expected if os.path.realpath(top) == os.path.realpath(expected) else None


def _commit(top: Path, ref: str, name: str) -> str:
    out = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    if not out:
        raise ChangeError(f"{name}={ref} is no commit in {top} (a shallow clone? fetch it first)")
    return out.decode().strip()


# -- reading a state from git objects ---------------------------------------------------


class _Blobs:
    """One ``git cat-file --batch`` for every object read, started on first use."""

    def __init__(self, top: Path):
        self.top = top
        self.process: subprocess.Popen[bytes] | None = None
        self.last: tuple[str, bytes] | None = None  # a claimed file is read twice: head, then whole

    def read(self, oid: str, limit: int | None) -> bytes:
        if self.last is None or self.last[0] != oid:
            self.last = (oid, self._fetch(oid))
        return self.last[1] if limit is None else self.last[1][:limit]

    def _fetch(self, oid: str) -> bytes:
        if self.process is None:
            self.process = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=self.top, stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(oid.encode("ascii") + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3:
            raise OSError(f"git object {oid} is missing")
        size = int(header[2])
        if size > MAX_INPUT_BYTES:
            _skip(stdout, size + 1)
            raise InputTooLarge(f"{size} bytes is over the {MAX_INPUT_BYTES // (1024 * 1024)} MiB input limit")
        data = stdout.read(size)
        stdout.read(1)  # the newline after the contents
        return data

    def close(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait()
            self.process = None


def _skip(stream: IO[bytes], count: int) -> None:
    while count > 0:
        chunk = stream.read(min(count, 1024 * 1024))
        if not chunk:
            return
        count -= len(chunk)


class _State:
    """The repository as one commit (or the index) holds it: repository path -> blob."""

    def __init__(self, top: Path, commit: str | None, blobs: _Blobs, keep: Callable[[str], bool], index: bool = False):
        self.top, self.blobs = top, blobs
        self.files: dict[str, str] = {p: oid for p, oid in _listing(top, commit, index) if keep(p)}
        self._sos: dict[str, bool] = {}

    def groups(self, roots: set[str] | None) -> list[HostGroup]:
        """The host groups of ``roots`` (repository-relative; None: every host) with the
        switch side: files named like switch-side inputs outside host trees."""
        from bondlint.discovery.archive import wanted

        chosen = []
        for path, oid in self.files.items():
            pure = PurePosixPath(path)
            root = host_root(pure).as_posix()
            beside = root == pure.parent.as_posix() and is_switch_side_file(pure) and not _dotted(pure)
            if roots is not None and root not in roots and not beside:
                continue  # neither the change's hosts nor the switch side
            if self._is_sosreport(root) and not wanted(pure.relative_to(root).as_posix() if root != "." else path):
                continue  # inside a sosreport only what bondlint reads, as on disk
            chosen.append(
                InputFile(path=display_path(self.top / path), host_root=self._absolute(root), read=self._reader(oid))
            )
        groups = group_by_host(chosen, name_of=self._name, is_sosreport=self._root_is_sosreport)
        # A finding's fingerprint names its file in this repository, as a scan's does.
        return [replace(group, repository=self.top.as_posix()) for group in groups]

    def _root_is_sosreport(self, root: str) -> bool:
        return self._is_sosreport(self._relative(root))

    def _reader(self, oid: str) -> Callable[[int | None], bytes]:
        def read(limit: int | None = None) -> bytes:
            return self.blobs.read(oid, limit)

        return read

    def _absolute(self, root: str) -> str:
        return (self.top / root).as_posix() if root != "." else self.top.as_posix()

    def _relative(self, root: str) -> str:
        return Path(root).relative_to(self.top).as_posix() if root != self.top.as_posix() else "."

    def _is_sosreport(self, root: str) -> bool:
        if root not in self._sos:
            prefix = "" if root == "." else root + "/"
            names = {p[len(prefix) :].split("/", 1)[0] for p in self.files if p.startswith(prefix)}
            self._sos[root] = is_sos_root(names)
        return self._sos[root]

    def _name(self, root: str) -> str:
        """As on disk: the ``hostname`` (or ``etc/hostname``) file's first line, else the folder."""
        relative = self._relative(root)
        prefix = "" if relative == "." else relative + "/"
        for candidate in HOSTNAME_FILES:
            oid = self.files.get(prefix + candidate)
            if oid is None:
                continue
            try:
                name = hostname_in(self.blobs.read(oid, 4096))
            except (OSError, InputTooLarge):
                continue
            if name is not None:
                return name
        return Path(root).name or "localhost"

    def host_of(self, groups: list[HostGroup]) -> dict[str, str]:
        return {self._relative(g.root): g.name for g in groups}


def _dotted(path: PurePosixPath) -> bool:
    return any(part.startswith(".") for part in path.parts[:-1])


def _listing(top: Path, commit: str | None, index: bool) -> Iterable[tuple[str, str]]:
    """(path, blob) of every regular file in the index, or in ``commit`` (None: nothing)."""
    if index:
        out = _git(top, "ls-files", "-s", "-z")
    elif commit is None:
        return
    else:
        out = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit)
    for entry in (out or b"").split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        parts = meta.decode("ascii", "replace").split()
        if index:  # mode blob stage
            if len(parts) != 3 or parts[2] != "0" or parts[0] not in _REGULAR:
                continue
            yield os.fsdecode(name), parts[1]
        else:  # mode type blob
            if len(parts) != 3 or parts[1] != "blob" or parts[0] not in _REGULAR:
                continue
            yield os.fsdecode(name), parts[2]


# -- judging ------------------------------------------------------------------------------


@dataclass
class Judged:
    result: ScanResult
    note: str  # one sentence for stderr: what was compared, what counts


def judge_plan(
    plan: ChangePlan,
    policies: list[CompiledPolicy],
    exclude: Iterable[str] = (),
    exclude_root: Path | None = None,
    all_findings: bool = False,
) -> Judged:
    """The findings of the change (new or worse) and of the files judged as they are."""
    from bondlint.results import ScanResult

    result, notes = ScanResult(), []
    if plan.changes:
        assert plan.repository is not None
        result, note = _judge_change(plan, policies, list(exclude), exclude_root, all_findings)
        notes.append(note)
    if plan.as_is:
        extra = judge_as_is(plan.as_is, policies, exclude, exclude_root, all_findings)
        _merge(result, extra)
        if plan.repository is not None:  # outside a repository there is no change to speak of
            notes.append(f"{len(plan.as_is)} file(s) given that git does not list as changed judged as they are")
    return Judged(result, "; ".join(notes))


def _judge_change(
    plan: ChangePlan, policies: list[CompiledPolicy], patterns: list[str], exclude_root: Path | None, all_findings: bool
) -> tuple[ScanResult, str]:
    from bondlint.pipeline import SWITCH_SIDE_FORMATS, judge, scan_host
    from bondlint.results import ScanResult

    top = plan.repository
    assert top is not None
    exclude_from = Path(os.path.abspath(exclude_root or Path.cwd()))

    def keep(path: str) -> bool:
        pure = PurePosixPath(path)
        if any(part in SKIPPED_DIRS for part in pure.parts[:-1]) or never_input(pure) is not None:
            return False  # VCS folders; documentation, source and CI files (as on disk)
        return not (patterns and excluded(top / path, exclude_from, patterns))

    changed = [p for c in plan.changes for p in (c.before, c.after) if p and keep(p)]
    if not changed:
        return ScanResult(), f"the change {plan.label} touches only excluded files: nothing to judge"
    roots = {host_root(PurePosixPath(p)).as_posix() for p in changed}
    shown = {display_path(top / p) for p in changed}
    blobs = _Blobs(top)
    try:
        before = _State(top, plan.before, blobs, keep)
        after = _State(top, plan.after, blobs, keep, index=plan.after is None)

        def parse(state: _State, hosts: set[str] | None) -> list[tuple[HostGroup, HostFacts]]:
            return [(group, scan_host(group)) for group in state.groups(hosts)]

        old, new = parse(before, roots), parse(after, roots)
        switch_side = any(
            record.path in shown and record.format in SWITCH_SIDE_FORMATS
            for _, facts in old + new
            for record in facts.inputs
        )
        if switch_side:  # it can move any host's cross-checks: every host, both states
            old, new = parse(before, None), parse(after, None)
        hosts = {g.name for g, _ in new} | {g.name for g, _ in old}
        renamed_hosts = _renamed(before.host_of([g for g, _ in old]), after.host_of([g for g, _ in new]))
        was, now = judge(old, policies), judge(new, policies)
    finally:
        blobs.close()
    renamed_files = {
        display_path(top / c.before): display_path(top / c.after)
        for c in plan.changes
        if c.status == "R" and c.before and c.after
    }
    fresh = now.findings if all_findings else new_or_worse(was.findings, now.findings, renamed_hosts, renamed_files)
    existing = sum(1 for f in now.findings if f.active) - sum(1 for f in fresh if f.active)
    now.findings = fresh
    scope = (
        "every host of the repository (a switch-side input changed)"
        if switch_side
        else _hosts(hosts & set(now.hosts) or hosts)
    )
    counted = (
        "every finding of the hosts judged"
        if all_findings
        else f"{existing} finding(s) already there before are not the change's"
    )
    note = (
        f"judged the change {plan.label} ({len(plan.changes)} bonding input(s)"
        + (f", {plan.others} other file(s)" if plan.others else "")
        + f") on {scope}: {counted}"
    )
    return now, note


def _hosts(names: set[str]) -> str:
    listed = sorted(names)
    return ("host " if len(listed) == 1 else "hosts ") + ", ".join(listed[:8]) + (" …" if len(listed) > 8 else "")


def _renamed(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """Host names a change renamed (the same folder, another ``hostname``)."""
    return {name: after[root] for root, name in before.items() if root in after and after[root] != name}


def new_or_worse(
    before: list[Finding],
    after: list[Finding],
    hosts: Mapping[str, str] | None = None,
    files: Mapping[str, str] | None = None,
) -> list[Finding]:
    """The findings of ``after`` that ``before`` does not have, or has less severe.

    Findings match by rule, host, entity and subject, never by line or file (as
    fingerprints ignore lines): the same problem reported a few lines lower, or from a
    renamed profile, is not new.  ``hosts`` and ``files`` map names the change renamed.
    Each finding before matches at most one after it, so a second copy of a problem is new.
    """
    from bondlint.policies.engine import SEVERITY_RANK

    hosts, files = hosts or {}, files or {}

    def key(finding: Finding, host: str) -> tuple[str, ...]:
        name = finding.entity_name
        if finding.entity_kind == "input":
            name = files.get(name, name)
        elif finding.entity_kind == "suppression":  # named path:line; the line may move
            path = name.rpartition(":")[0]
            name = files.get(path, path)
        return (finding.rule_id, host, finding.entity_kind, name, finding.subject, str(finding.suppressed is None))

    seen: Counter[tuple[str, ...]] = Counter()
    severity: dict[tuple[str, ...], int] = {}
    for finding in before:
        k = key(finding, hosts.get(finding.host, finding.host))
        seen[k] += 1
        severity[k] = max(severity.get(k, 0), SEVERITY_RANK[finding.severity])
    fresh = []
    for finding in after:
        k = key(finding, finding.host)
        if seen[k] > 0 and SEVERITY_RANK[finding.severity] <= severity[k]:
            seen[k] -= 1
            continue
        fresh.append(finding)
    return fresh


def judge_as_is(
    paths: list[Path],
    policies: list[CompiledPolicy],
    exclude: Iterable[str] = (),
    exclude_root: Path | None = None,
    all_findings: bool = False,
) -> ScanResult:
    """Files judged as they are on disk, with what surrounds them (their hosts, the
    repository's switch side): the findings located in them or pointing at them, and
    every cross-check when one of them is a switch-side input."""
    from bondlint.discovery import changed_files_context, discover
    from bondlint.pipeline import SWITCH_SIDE_FORMATS, run

    changed = changed_files_context(paths, exclude=exclude, exclude_root=exclude_root)
    result = run(discover(changed.paths, exclude=exclude, exclude_root=exclude_root), policies)
    if all_findings:
        return result
    switch_side = any(r.path in changed.passed and r.format in SWITCH_SIDE_FORMATS for r in result.inputs)
    cross_checks = {p.policy.id for p in policies if "cross-check" in p.policy.tags} if switch_side else set()
    result.findings = [
        f
        for f in result.findings
        if f.location.path in changed.passed
        or any(r.location.path in changed.passed for r in f.related)
        or f.rule_id in cross_checks
    ]
    return result


def _merge(into: ScanResult, other: ScanResult) -> None:
    """``other``'s hosts, inputs and findings added to ``into`` once each."""
    from bondlint.policies.engine import Finding

    into.hosts += [h for h in other.hosts if h not in into.hosts]
    into.switches = sorted(set(into.switches) | set(other.switches))
    known = {r.path for r in into.inputs}
    into.inputs += [r for r in other.inputs if r.path not in known]
    into.entities += other.entities
    have = {(f.fingerprint, f.location.line) for f in into.findings}
    into.findings += [f for f in other.findings if (f.fingerprint, f.location.line) not in have]
    into.findings.sort(key=Finding.sort_key)
