"""Baselines: the findings a repository or fleet has accepted, so that only new ones count.

A baseline entry names a finding by what it is about, never by where the capture happens
to sit: the rule, the host (its name: the ``hostname`` file's, else its folder's), the
entity, the subject in the view, and the file's path *inside the host's folder*
(``etc/NetworkManager/system-connections/bond0.nmconnection``; in a sosreport tarball,
below its top folder).  So renaming or moving a host's folder, or collecting a new
sosreport of the same host, keeps its findings matched; ``key`` is a hash of these.
No line numbers: editing unrelated lines keeps a finding matched too.

Format 1 (bondlint before this module) matched by ``fingerprint`` (the file relative to
its repository): such a file is still read and matched that way, and ``bondlint baseline
update`` rewrites it as format 2.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bondlint.policies.engine import Finding
from bondlint.results import ScanResult

FORMAT = 2
READS = (1, 2)
# A baseline holds one short entry per accepted finding (~300 bytes): 16 MiB is ~50,000.
MAX_BASELINE_BYTES = 16 * 1024 * 1024


class BaselineError(Exception):
    """The baseline cannot be read (one line, with the file)."""


@dataclass(slots=True)
class Baseline:
    """A baseline as read: its format and entries (dicts, kept as written)."""

    path: Path
    version: int
    entries: list[dict[str, Any]] = field(default_factory=list)

    def entry_id(self, entry: dict[str, Any]) -> str:
        return str(entry.get("key" if self.version >= 2 else "fingerprint"))


class Roots:
    """The folders hosts were found in (a group's root; an audited bundle), to name each
    file by its path inside its host's folder."""

    def __init__(self, roots: Iterable[str]):
        self._roots = set()
        for root in roots:
            self._roots.add(root.rstrip("/"))
            if "!/" not in root:
                self._roots.add(os.path.abspath(root))
        self._seen: dict[str, str | None] = {}

    def inside(self, shown: str) -> str | None:
        """``shown``'s path inside the deepest root holding it, or None."""
        if shown not in self._seen:
            self._seen[shown] = self._inside(shown)
        return self._seen[shown]

    def _inside(self, shown: str) -> str | None:
        outer, archive, member = shown.partition("!/")
        for candidate in dict.fromkeys((shown, os.path.abspath(outer) + (archive + member if archive else ""))):
            cut = len(candidate)
            while cut > 0:
                cut = candidate.rfind("/", 0, cut)
                if cut <= 0:
                    break
                prefix = candidate[:cut]
                if prefix.endswith("!") and prefix[:-1] in self._roots:
                    # Inside a tarball: its top folder names the collection, not the host.
                    top, _, rest = candidate[cut + 1 :].partition("/")
                    return rest or top
                if prefix in self._roots:
                    return candidate[cut + 1 :]
        return None


def identity(finding: Finding, roots: Roots) -> dict[str, str]:
    """What a baseline entry names: rule, host, entity, subject and the file's path in
    its host's folder (else relative to its repository, else as shown), and its key."""
    path = roots.inside(finding.location.path) or finding.repository_path or finding.location.path
    fields = {
        "rule": finding.rule_id,
        "host": finding.host,
        "entity": f"{finding.entity_kind}:{finding.entity_name}",
        "subject": finding.subject,
        "path": path,
    }
    key = "\x1f".join(fields[name] for name in ("rule", "host", "entity", "subject", "path"))
    return {"key": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32], **fields}


def entry(finding: Finding, roots: Roots) -> dict[str, Any]:
    """The baseline entry of ``finding`` (format 2)."""
    return {**identity(finding, roots), "fingerprint": finding.fingerprint, "message": finding.message}


def read(path: Path) -> Baseline:
    """A baseline file: a regular file of bounded size, JSON, a format this bondlint reads."""
    from bondlint.discovery import read_small_file

    try:
        # A FIFO or /dev/zero is an error, not a hang.
        document = json.loads(read_small_file(path, MAX_BASELINE_BYTES, "baseline").decode("utf-8"))
        version = document.get("bondlint_baseline")
        entries = [dict(e) for e in document["findings"]]
    except OSError as error:
        raise BaselineError(f"cannot read baseline {path}: {error.strerror or error}") from None
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise BaselineError(f"cannot read baseline {path}: {error}") from None
    if version not in READS:
        raise BaselineError(
            f"baseline {path} is format {version!r}; this bondlint reads formats 1 and 2 (bondlint baseline create)"
        )
    wanted = "key" if version >= 2 else "fingerprint"
    if not all(isinstance(e.get(wanted), str) for e in entries):
        raise BaselineError(f"cannot read baseline {path}: an entry without its '{wanted}'")
    return Baseline(path, version, entries)


def _id_of(finding: Finding, version: int, roots: Roots) -> str:
    return identity(finding, roots)["key"] if version >= 2 else finding.fingerprint


def mark(result: ScanResult, baseline: Baseline, roots: Roots) -> None:
    """Each finding ``new`` or ``unchanged`` against ``baseline``."""
    known = {baseline.entry_id(e) for e in baseline.entries}
    result.findings = [
        replace(f, baseline_state="unchanged" if _id_of(f, baseline.version, roots) in known else "new")
        for f in result.findings
    ]


def accepted(findings: Iterable[Finding]) -> list[Finding]:
    """The findings a baseline records: every one not suppressed."""
    return [f for f in findings if f.suppressed is None]


def create(findings: Iterable[Finding], roots: Roots) -> list[dict[str, Any]]:
    """The entries of a new baseline, one per accepted finding, in a stable order."""
    entries = {e["key"]: e for e in (entry(f, roots) for f in accepted(findings))}
    return sorted(entries.values(), key=_order)


@dataclass(slots=True)
class Revision:
    """A baseline revised against today's findings."""

    entries: list[dict[str, Any]]
    kept: int
    added: int
    stale: list[dict[str, Any]]
    unjudged: int  # kept as written: their rule was not run or their host not scanned
    migrated: bool


@dataclass(frozen=True, slots=True)
class Scope:
    """What a revision judged: the rules run (ids) and the hosts scanned."""

    rules: frozenset[str]
    hosts: frozenset[str]

    def holds(self, entry: dict[str, Any]) -> bool:
        """Whether today's scan could have seen ``entry``'s finding."""
        return entry.get("rule") in self.rules and entry.get("host") in self.hosts


def revise(baseline: Baseline, findings: Iterable[Finding], roots: Roots, scope: Scope, add_new: bool) -> Revision:
    """``baseline`` without its stale entries (in ``scope``, they match no finding any
    more), plus the new findings when ``add_new`` (``update``; ``prune`` only drops).
    Kept entries stay as written (with any key a person added); entries out of ``scope``
    are kept untouched.  A format 1 baseline is migrated: each entry still matched is
    rewritten as format 2, every other one is stale (format 1 names no host, so the
    scan must cover what it accepted)."""
    current = {_id_of(f, baseline.version, roots): f for f in accepted(findings)}
    kept: dict[str, dict[str, Any]] = {}
    stale = []
    unjudged = 0
    for old in baseline.entries:
        finding = current.get(baseline.entry_id(old))
        if finding is None and baseline.version >= FORMAT and not scope.holds(old):
            unjudged += 1
            kept.setdefault(f"{baseline.version}:{baseline.entry_id(old)}", old)
        elif finding is None:
            stale.append(old)
        else:
            written = old if baseline.version >= FORMAT else entry(finding, roots)
            kept.setdefault(written["key"], written)
    count = len(kept)
    if add_new:
        for finding in current.values():
            kept.setdefault(identity(finding, roots)["key"], entry(finding, roots))
    entries = sorted(kept.values(), key=_order)
    return Revision(entries, count - unjudged, len(entries) - count, stale, unjudged, baseline.version < FORMAT)


def _order(entry: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(entry.get(k, "")) for k in ("path", "rule", "host", "entity", "subject", "key"))


def document(entries: list[dict[str, Any]], tool_version: str) -> str:
    return (
        json.dumps(
            {"bondlint_baseline": FORMAT, "tool_version": tool_version, "findings": entries},
            indent=2,
            sort_keys=True,
            ensure_ascii=False,
        )
        + "\n"
    )


def describe(entry: dict[str, Any]) -> str:
    """One line naming a baseline entry (its text comes from the file: escape it to print)."""
    where = entry.get("path", "?")
    who = " ".join(str(entry[k]) for k in ("host", "entity") if entry.get(k))
    return f"{entry.get('rule', '?')} {who + ' ' if who else ''}{where}: {entry.get('message', '')}".rstrip(": ")
