"""What suppresses a finding beyond its own host's comments, settled once every host is judged.

- **Either end of a cross-check.** A host <-> switch finding is judged with the host, but
  its evidence is also on the switch (or, located on the switch, on the host): a
  ``bondlint: ignore`` comment at any of its locations — on the line, over its section, or
  anywhere in the switch port's indented block — suppresses it, and the comment counts as
  used (no ``unused-suppression``).
- **A suppressions file** (``suppressions:`` in the configuration, inline or naming a YAML
  file), for inputs that cannot carry comments (sosreports, configurations pulled from
  switches): entries keyed by rule plus any of host, bond, port and path (globs), each
  with a required ``reason`` and an optional ``expires`` date.  An expired entry no longer
  suppresses and is reported (``expired-suppression``); an entry that matches nothing is
  reported as ``unused-suppression``, at its file and line.
- **per-file-ignores** (configuration): findings of the named rules located in files
  matching a glob are not reported at all, as ruff's.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from functools import partial
from pathlib import Path
from typing import Any

from bondlint.model.entity import Entity
from bondlint.policies.engine import CompiledPolicy, Finding, evaluate
from bondlint.policies.loader import Policy
from bondlint.results import ScanResult
from bondlint.sources.base import Location
from bondlint.suppressions import Suppression

# The suppressions file's usual name (a policy example's too).
SUPPRESSIONS_FILE = ".bondlint-suppressions.yaml"
# A suppressions file is a few hundred lines: a file over this is refused, never read whole.
MAX_SUPPRESSIONS_BYTES = 4 * 1024 * 1024
# Each entry is matched against every finding: more is refused, not matched.
MAX_ENTRIES = 10_000
SCOPES = ("host", "bond", "port", "path")
ENTRY_KEYS = ("rule", "reason", *SCOPES, "expires")

# The line of a setting (its path of keys) in the file it came from.
LineOf = Callable[[list[Any]], int]


class WaiverError(Exception):
    """Problems of a suppressions file or setting, each with file and line (made
    printable: keys, values and names come from the file)."""

    def __init__(self, problems: list[str]):
        from bondlint.reporters import printable

        self.problems = [printable(problem) for problem in problems]
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class Waiver:
    """One entry of a suppressions file: what it suppresses, why, until when."""

    path: str  # the file it is written in, as shown
    line: int
    rules: tuple[str, ...]
    reason: str
    root: str  # the folder its path globs are relative to
    host: str | None = None
    bond: str | None = None
    port: str | None = None
    files: str | None = None  # the entry's ``path`` glob
    expires: datetime.date | None = None

    def matches(self, finding: Finding, paths: Iterable[str]) -> bool:
        """Whether this entry names ``finding`` (its rule, and every scope it gives);
        ``paths``: the finding's files (shown and repository-relative)."""
        if finding.rule_id not in self.rules and finding.rule_name not in self.rules:
            return False
        if self.host is not None and not fnmatchcase(finding.host, self.host):
            return False
        if self.bond is not None and not (
            finding.entity_kind == "bond" and fnmatchcase(finding.entity_name, self.bond)
        ):
            return False
        if self.port is not None and not any(fnmatchcase(port, self.port) for port in finding.ports):
            return False
        return self.files is None or any(self._path_matches(path) for path in paths)

    def _path_matches(self, shown: str) -> bool:
        relative = os.path.relpath(os.path.abspath(shown), self.root) if not shown.startswith("/") else shown
        return any(fnmatchcase(candidate, self.files or "") for candidate in (shown, relative.replace(os.sep, "/")))

    def expired(self, today: datetime.date) -> bool:
        return self.expires is not None and self.expires < today


@dataclass(slots=True)
class PathIgnores:
    """``per-file-ignores``: glob (relative to ``root``) -> rule ids or names."""

    root: str
    patterns: dict[str, list[str]] = field(default_factory=dict)

    def drops(self, finding: Finding) -> bool:
        shown = finding.location.path
        relative = os.path.relpath(os.path.abspath(shown), self.root).replace(os.sep, "/")
        candidates = (shown, relative, finding.repository_path or shown)
        return any(
            (finding.rule_id in rules or finding.rule_name in rules or "all" in rules)
            and any(fnmatchcase(c, pattern) or fnmatchcase(c, pattern.rstrip("/") + "/*") for c in candidates)
            for pattern, rules in self.patterns.items()
        )


# --- Reading entries ---------------------------------------------------------------


def parse_waivers(entries: Any, shown: str, line_of: LineOf, root: str, where: list[Any]) -> list[Waiver]:
    """The entries of a ``suppressions`` list at ``where`` in a document; every problem
    (with ``shown``'s line) raises ``WaiverError`` together."""
    if not isinstance(entries, list):
        raise WaiverError([f"{shown}:{line_of(where)}: suppressions: a list of entries (rule, reason, host ...)"])
    if len(entries) > MAX_ENTRIES:
        raise WaiverError(
            [f"{shown}:{line_of(where)}: suppressions: {len(entries)} entries, over the limit of {MAX_ENTRIES}"]
        )
    waivers: list[Waiver] = []
    problems: list[str] = []
    for index, entry in enumerate(entries):
        at = [*where, index]
        found = _entry_problems(entry, partial(_key_line, line_of, at))
        if found:
            problems += [f"{shown}:{line}: suppressions[{index}]: {message}" for line, message in found]
            continue
        rules = entry["rule"] if isinstance(entry["rule"], list) else [entry["rule"]]
        waivers.append(
            Waiver(
                path=shown,
                line=line_of(at),
                rules=tuple(str(rule) for rule in rules),
                reason=entry["reason"].strip(),
                root=root,
                host=entry.get("host"),
                bond=entry.get("bond"),
                port=entry.get("port"),
                files=entry.get("path"),
                expires=_date(entry.get("expires")),
            )
        )
    if problems:
        raise WaiverError(problems)
    return waivers


def _key_line(line_of: LineOf, entry: list[Any], key: str) -> int:
    """The line of ``key`` in the entry at ``entry`` ("": the entry's own line)."""
    return line_of([*entry, key]) if key else line_of(entry)


def _entry_problems(entry: Any, line: Callable[[str], int]) -> list[tuple[int, str]]:
    """What is wrong with one entry: (line, message) pairs."""
    import difflib

    if not isinstance(entry, dict):
        return [(line(""), "an entry is a mapping: {rule: ..., reason: ..., host|bond|port|path: ...}")]
    problems = []
    for key in sorted(set(entry) - set(ENTRY_KEYS), key=str):
        close = difflib.get_close_matches(str(key), ENTRY_KEYS, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(ENTRY_KEYS)}"
        problems.append((line(key), f"unknown key '{key}' ({hint})"))
    rule = entry.get("rule")
    rules = rule if isinstance(rule, list) else [rule]
    if rule is None or not rules or not all(isinstance(r, str) and r.strip() for r in rules):
        problems.append((line("rule" if "rule" in entry else ""), "'rule' is required: a rule id or name, or a list"))
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        problems.append((line("reason" if "reason" in entry else ""), "'reason' is required: say why it is accepted"))
    if not any(key in entry for key in SCOPES):
        problems.append((line(""), f"give at least one of {', '.join(SCOPES)} (a rule everywhere: 'ignore')"))
    for key in SCOPES:
        if key in entry and not (isinstance(entry[key], str) and entry[key]):
            problems.append((line(key), f"'{key}' is a glob (text)"))
    if "expires" in entry and _date(entry["expires"]) is None:
        problems.append((line("expires"), f"'expires' is a date, YYYY-MM-DD (not {entry['expires']!r})"))
    return problems


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def read_suppressions_file(path: Path) -> list[Waiver]:
    """The entries of a suppressions file (``parse_suppressions``); its path globs are
    relative to its folder.  Raises ``WaiverError`` with file and line for every problem."""
    from bondlint.discovery import display_path, read_small_file

    shown = display_path(path)
    try:
        text = read_small_file(path, MAX_SUPPRESSIONS_BYTES, "suppressions file").decode("utf-8")
    except OSError as error:
        raise WaiverError([f"{shown}: cannot read suppressions: {error.strerror or error}"]) from None
    except UnicodeDecodeError as error:
        raise WaiverError([f"{shown}: cannot read suppressions: not UTF-8 text ({error.reason})"]) from None
    return parse_suppressions(text, shown, os.path.dirname(os.path.abspath(path)))


def parse_suppressions(text: str, shown: str, root: str) -> list[Waiver]:
    """The entries of a suppressions file's ``text``: a YAML mapping with a
    ``suppressions`` list (or the list itself), read by the bounded loader."""
    from ruamel.yaml.error import YAMLError

    from bondlint.safe_parse import LimitExceeded, line_of, load_yaml_bounded, one_line, plain_data

    try:
        document = load_yaml_bounded(text)
    except LimitExceeded as error:
        raise WaiverError([f"{shown}:{error.line or 1}: not read: {error.message}"]) from None
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = one_line(getattr(error, "problem", error))
        raise WaiverError([f"{shown}:{mark.line + 1 if mark else 1}: invalid YAML: {problem}"]) from None
    except (RecursionError, TypeError, AttributeError) as error:  # ruamel on pathological input
        raise WaiverError([f"{shown}:1: YAML not readable: {type(error).__name__}"]) from None
    where: list[Any] = []
    if isinstance(document, dict):
        unknown = sorted(str(key) for key in document if key != "suppressions")
        if unknown or "suppressions" not in document:
            named = f"unknown key(s) {', '.join(unknown)}; " if unknown else ""
            raise WaiverError([f"{shown}:1: {named}a suppressions file holds 'suppressions:', a list of entries"])
        where = ["suppressions"]
    entries = plain_data(document["suppressions"] if where else document)
    return parse_waivers(entries, shown, lambda at: line_of(document, at), root, where)


def rule_problems(
    waivers: Iterable[Waiver], ignores: PathIgnores | None, policies: Iterable[Policy], config: str
) -> list[str]:
    """Rules named in suppressions entries and per-file-ignores that no policy has,
    each with a did-you-mean."""
    import difflib

    known = {key for policy in policies for key in (policy.id, policy.name)}

    def unknown(rule: str, where: str) -> str | None:
        if rule in known or rule == "all":
            return None
        close = difflib.get_close_matches(rule, sorted(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "see 'bondlint rules'"
        return f"{where}: unknown rule '{rule}' ({hint})"

    found = [unknown(rule, f"{w.path}:{w.line}: suppressions") for w in waivers for rule in w.rules]
    if ignores is not None:
        found += [
            unknown(rule, f"{config}: per-file-ignores: {pattern}")
            for pattern, rules in ignores.patterns.items()
            for rule in rules
        ]
    from bondlint.reporters import printable

    return [printable(problem) for problem in found if problem is not None]


# --- Settling the findings -----------------------------------------------------------


def settle(
    result: ScanResult,
    policies: list[Policy],
    waivers: Iterable[Waiver] = (),
    ignores: PathIgnores | None = None,
    today: datetime.date | None = None,
) -> None:
    """``result.findings`` after what no single host's judging can see: per-file-ignores,
    comments at either end of a cross-check, and the suppressions file (whose entries
    become suppression entities, judged by ``policies`` like the comments)."""
    from bondlint.sources import registry

    today = today or datetime.date.today()
    waivers = list(waivers)
    switch_side = registry.with_role("switch")
    switch_paths = {record.path for record in result.inputs if record.format in switch_side}
    comments: dict[str, list[Suppression]] = {}
    for record in result.inputs:
        if record.suppressions:
            comments.setdefault(record.path, []).extend(record.suppressions)
    if not comments and not waivers and ignores is None:
        return  # nothing to settle: the findings stay as judged
    used_comments: set[Suppression] = set()
    used_waivers: set[Waiver] = set()
    settled = []
    for finding in result.findings:
        where = [finding.location]
        if any(location.path in switch_paths for location in _locations(finding)):
            where = _locations(finding)  # a cross-check: either end
            if finding.suppressed is None:
                comment = _comment_for(finding, where, comments)
                if comment is not None:
                    used_comments.add(comment)
                    finding = replace(finding, suppressed=comment.reason)
        finding = _waive(finding, where, waivers, used_waivers, today)
        # Dropped last: a comment or an entry naming an ignored finding is not unused.
        if ignores is None or not ignores.drops(finding):
            settled.append(finding)
    judging = [CompiledPolicy(p) for p in policies if p.applies_to == "suppression"]
    result.findings = _rejudged(settled, used_comments, judging)
    ran = {key for policy in policies for key in (policy.id, policy.name)}
    entities = waiver_entities(waivers, used_waivers, ran, today)
    result.entities.extend(entities)
    result.findings = sorted([*result.findings, *evaluate(judging, entities)], key=Finding.sort_key)


def _locations(finding: Finding) -> list[Location]:
    return [finding.location, *(related.location for related in finding.related)]


def _comment_for(finding: Finding, where: list[Location], comments: dict[str, list[Suppression]]) -> Suppression | None:
    for location in where:
        for comment in comments.get(location.path, ()):
            if comment.touches(finding.rule_id, finding.rule_name, location.path, location.line):
                return comment
    return None


def _waive(
    finding: Finding, where: list[Location], waivers: list[Waiver], used: set[Waiver], today: datetime.date
) -> Finding:
    """``finding`` suppressed by the first entry naming it that has not expired; every
    entry naming it is used (an expired one too: it is reported as expired, not unused)."""
    if not waivers:
        return finding
    paths = {location.path for location in where}
    if finding.repository_path:
        paths.add(finding.repository_path)
    for waiver in waivers:
        if not waiver.matches(finding, paths):
            continue
        used.add(waiver)
        if finding.suppressed is None and not waiver.expired(today):
            finding = replace(finding, suppressed=waiver.reason, suppressed_at=Location(waiver.path, waiver.line))
    return finding


def _rejudged(findings: list[Finding], used: set[Suppression], policies: list[CompiledPolicy]) -> list[Finding]:
    """``findings`` with the comments now used judged again (their unused-suppression goes)."""
    if not used:
        return findings
    from bondlint.pipeline import suppression_entities

    named = {f"{comment.path}:{comment.line}": comment for comment in used}
    hosts: dict[str, str] = {}
    kept = []
    for finding in findings:
        if finding.entity_kind == "suppression" and finding.entity_name in named:
            hosts.setdefault(finding.entity_name, finding.host)
            continue
        kept.append(finding)
    for name, host in hosts.items():
        comment = named[name]
        kept += evaluate(policies, suppression_entities(host, [comment], {comment}, policies))
    return kept


def waiver_entities(waivers: list[Waiver], used: set[Waiver], ran: set[str], today: datetime.date) -> list[Entity]:
    """Suppressions-file entries as suppression entities (used, rules_ran, expired);
    ``ran``: the ids and names of the rules run."""
    from bondlint.pipeline import UNUSED_ENTRY

    entities = []
    for waiver in waivers:
        where = Location(waiver.path, waiver.line)
        entity = Entity(kind="suppression", host="", name=f"{waiver.path}:{waiver.line}", anchor=where)
        entity.put(("kind",), "suppression")
        entity.put(("host",), "")
        entity.put(("source",), "file")
        entity.put(("rules",), list(waiver.rules), where)
        entity.put(("reason",), waiver.reason, where)
        entity.put(("used",), waiver in used, where)
        entity.put(("rules_ran",), all(rule in ran for rule in waiver.rules))
        entity.put(("unknown_rules",), [])  # checked when the file is read: a usage error
        entity.put(("advice",), UNUSED_ENTRY, where)
        if waiver.expires is not None:
            entity.put(("expires",), waiver.expires.isoformat(), where)
            entity.put(("expired",), waiver.expired(today), where)
        entities.append(entity)
    return entities
