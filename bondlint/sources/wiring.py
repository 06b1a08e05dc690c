"""Wiring inventories: which switch port each host port is cabled to.

YAML, block or flow style, checked against the shipped JSON Schema
(``bondlint/schemas/wiring.schema.json``)::

    version: 1
    links:
      - {host: db01, host_port: eno1, switch: leaf1, switch_port: Ethernet1/1}
      - host: db01
        host_port: eno2
        switch: leaf2
        switch_port: Ethernet1/1
        cable: C-1042          # other keys on a link are allowed and ignored

or CSV whose header names the same four columns.  Every schema error is a diagnostic
at the line of the offending key or list item; an invalid link is skipped and the valid
ones are still read.  The inventory is the model's last resort: LLDP from either end
wins when it exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from bondlint.sources.base import Located, Location, ParseResult, WiringLink
from bondlint.sources.registry import SourceFormat
from bondlint.sources.text import DiagnosticLog, looks_binary, numbered_lines
from bondlint.sources.yaml_text import load_yaml

FORMAT = "wiring"
# ruamel reads about 100 KiB of YAML a second; real inventories are far smaller (use CSV
# for very large sites: it reads far faster, but one limit serves the module).
MAX_BYTES = 1024 * 1024

FIELDS = ("host", "host_port", "switch", "switch_port")
_YAML_SUFFIXES = (".yaml", ".yml")
_NAME_HINTS = ("wiring", "cabling")
_HINT_SUFFIXES = (".yaml", ".yml", ".json", ".csv", "")
_LINKS_KEY = re.compile(r"^links[ \t]*:", re.MULTILINE)
_NETWORK_KEY = re.compile(r"^network[ \t]*:", re.MULTILINE)  # netplan's
_NON_BLANK = "\\S"  # the schema's pattern for a name that is not blank
_MESSAGE_LENGTH = 160  # jsonschema quotes the offending value whole


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a wiring inventory",
    order=150,
    role="switch",
    names=("*wiring*", "*cabling*", "*.yaml", "*.yml", "*.csv"),
    telltales=(("*wiring*", "a wiring inventory"), ("*cabling*", "a wiring inventory")),
    hook=r"(?i:(^|/)[^/]*(wiring|cabling)[^/]*\.(ya?ml|csv)$)",
)


def claims(path: PurePosixPath, head: str) -> bool:
    """YAML with a top-level ``links:`` (not netplan), a wiring/cabling file, or its CSV."""
    suffix = path.suffix.lower()
    if any(hint in path.name.lower() for hint in _NAME_HINTS) and suffix in _HINT_SUFFIXES:
        return True
    head = head.lstrip("\ufeff")
    if suffix in _YAML_SUFFIXES:
        return bool(_LINKS_KEY.search(head)) and not _NETWORK_KEY.search(head)
    if suffix == ".csv":
        return _is_csv_header(head.split("\n", 1)[0])
    return False


def parse(text: str, path: str) -> ParseResult:
    """Read every valid link; never raises on bad input."""
    log = DiagnosticLog(path)
    text = text.removeprefix("\ufeff")
    first = next((line for line in text.split("\n", 20)[:20] if line.strip()), "")
    if path.lower().endswith(".csv") or _is_csv_header(first):
        links = _read_csv(text, path, log)
    else:
        links = _read_yaml(text, path, log)
    _report_duplicates(links, log)
    return ParseResult(facts=list(links), diagnostics=log.result())


@cache
def wiring_schema() -> dict[str, Any]:
    """The shipped JSON Schema of a wiring inventory."""
    from importlib.resources import files

    schema: dict[str, Any] = json.loads((files("bondlint") / "schemas/wiring.schema.json").read_text(encoding="utf-8"))
    return schema


# --------------------------------------------------------------------------------------
# YAML


def _read_yaml(text: str, path: str, log: DiagnosticLog) -> list[WiringLink]:
    from jsonschema import Draft202012Validator  # slow import: only when wiring is read

    from bondlint.safe_parse import offline_registry

    document = load_yaml(text, log, "a wiring inventory")
    if document is None:
        if not log.items:
            log.add(0, "empty wiring inventory: no links:")
        return []
    if not isinstance(document, dict):
        log.add(1, "a wiring inventory is a mapping with a links: list")
        return []
    try:
        plain = _plain(document, _Budget(len(text)))
        errors = list(Draft202012Validator(wiring_schema(), registry=offline_registry()).iter_errors(plain))
    except (_TooLarge, RecursionError):
        log.add(0, "YAML aliases or nesting expand too far; not read")
        return []
    lines = _Lines(document)
    invalid = _report(errors, lines, log)
    links = document.get("links")
    if not isinstance(links, list):
        return []
    facts: list[WiringLink] = []
    for index, item in enumerate(links):
        if index in invalid or not isinstance(item, dict):
            continue
        located = {
            key: Located(str(item[key]).strip(), Location(path, lines.of(["links", index, key]))) for key in FIELDS
        }
        where = Location(path, lines.of(["links", index]))
        facts.append(WiringLink(format=FORMAT, location=where, **located))
    return facts


def _report(errors: list[Any], lines: _Lines, log: DiagnosticLog) -> set[int]:
    """Every schema error as a diagnostic, in line order; the indexes of the links they
    make invalid."""
    invalid: set[int] = set()
    problems: list[tuple[int, str]] = []
    for error in errors:
        path_to = list(error.absolute_path)
        if len(path_to) >= 2 and path_to[0] == "links" and isinstance(path_to[1], int):
            invalid.add(path_to[1])
        for node, message in _describe(error):
            problems.append((lines.of(node), message))
    for line, message in sorted(problems):
        log.add(line, message)
    return invalid


class _TooLarge(Exception):
    """The document expands (through aliases) far beyond its text."""


class _Budget:
    """Caps the nodes ``_plain`` may create: aliases can make a small text huge."""

    def __init__(self, text_length: int) -> None:
        self.left = 4 * text_length + 1000

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _TooLarge


def _plain(node: Any, budget: _Budget) -> Any:
    """ruamel's commented containers -> plain dicts/lists (what jsonschema expects)."""
    budget.spend()
    if isinstance(node, dict):
        return {str(key): _plain(value, budget) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item, budget) for item in node]
    return node


class _Lines:
    """1-based lines of document paths, from the positions ruamel.yaml recorded."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.keys: dict[int, dict[str, Any]] = {}  # mapping id -> its keys as text

    def key(self, node: dict[Any, Any], segment: str) -> Any:
        """The key as written (``1``, ``true`` …) that ``_plain`` turned into ``segment``."""
        if segment in node:
            return segment
        index = self.keys.get(id(node))
        if index is None:  # built once per mapping: lookups stay linear in all
            index = self.keys[id(node)] = {str(key): key for key in node}
        return index.get(segment)

    def of(self, path: list[Any]) -> int:
        """The line of the deepest node on ``path`` that has a recorded position."""
        line = 1
        node = self.document
        for segment in path:
            lc = getattr(node, "lc", None)
            try:
                if isinstance(node, dict):
                    key = self.key(node, str(segment))
                    if key is None:
                        break
                    if lc is not None:
                        line = lc.key(key)[0] + 1
                    node = node[key]
                elif isinstance(node, list) and isinstance(segment, int):
                    if lc is not None:
                        line = lc.item(segment)[0] + 1
                    node = node[segment]
                else:
                    break
            except (KeyError, IndexError, TypeError, AttributeError):
                break
        return line


def _label(path: list[Any]) -> str:
    """``["links", 2, "host"]`` -> ``links[2].host``."""
    text = ""
    for segment in path:
        text += f"[{segment}]" if isinstance(segment, int) else (f".{segment}" if text else segment)
    return text


def _describe(error: Any) -> list[tuple[list[Any], str]]:
    """A schema error in words, each with the document path whose line to show."""
    path = list(error.absolute_path)
    where = _label(path)
    prefix = f"{where}: " if where else ""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        return [
            ([*path, key], f"{prefix}unknown key {key!r} (allowed: {', '.join(allowed)})")
            for key in sorted(set(error.instance) - set(allowed))
        ]
    if error.validator == "required":
        message = error.message.replace("is a required property", "is required")
    elif error.validator == "pattern":
        blank = error.validator_value == _NON_BLANK
        shown = repr(error.instance)
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        message = f"{shown} {'is blank' if blank else 'spans several lines'}"
    else:
        message = error.message
    if len(message) > _MESSAGE_LENGTH:
        message = message[: _MESSAGE_LENGTH - 1] + "…"
    return [(path, prefix + message)]


# --------------------------------------------------------------------------------------
# CSV


def _is_csv_header(line: str) -> bool:
    cells = [cell.strip().strip('"').lower() for cell in line.lstrip("\ufeff").split(",")]
    return all(name in cells for name in FIELDS)


def _read_csv(text: str, path: str, log: DiagnosticLog) -> list[WiringLink]:
    """``host,host_port,switch,switch_port`` (other columns allowed), one link per row."""
    import csv

    read = 0  # lines handed to csv so far; a quoted cell may span several

    def physical_lines() -> Iterator[str]:
        nonlocal read
        for number, line in numbered_lines(text):
            read = number
            yield line + "\n"

    reader = csv.reader(physical_lines())
    columns: dict[str, int] | None = None
    links: list[WiringLink] = []
    last = 0
    try:
        for row in reader:
            line, last = last + 1, read
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if columns is None:
                names = [cell.strip().lower() for cell in row]
                missing = [name for name in FIELDS if name not in names]
                if missing:
                    log.add(line, f"CSV header lacks {', '.join(missing)}: not a wiring inventory")
                    return []
                columns = {name: names.index(name) for name in FIELDS}
                continue
            cells = {name: row[at].strip() if at < len(row) else "" for name, at in columns.items()}
            empty = [name for name in FIELDS if not cells[name]]
            if empty:
                log.add(line, f"row lacks {', '.join(empty)}; link skipped")
                continue
            if any("\n" in cell or "\r" in cell for cell in cells.values()):
                log.add(line, "a quoted cell spans several lines; link skipped")
                continue
            if any(looks_binary(cell) for cell in cells.values()):
                log.add(line, "binary data, not text; link skipped")
                continue
            where = Location(path, line)
            located = {name: Located(cells[name], where) for name in FIELDS}
            links.append(WiringLink(format=FORMAT, location=where, **located))
    except csv.Error as error:  # a stray carriage return, a cell beyond csv's size limit
        log.add(last + 1, f"not CSV text ({error}); the rest is not read")
    if columns is None and text.strip():
        log.add(1, "no CSV header host,host_port,switch,switch_port")
    return links


# --------------------------------------------------------------------------------------
# both


def _report_duplicates(links: list[WiringLink], log: DiagnosticLog) -> None:
    """A port cabled twice is a typo in the inventory: which cable is right is unknown."""
    hosts: dict[tuple[str, str], WiringLink] = {}
    switches: dict[str, WiringLink] = {}
    for link in links:
        host = f"{link.host.value} {link.host_port.value}"
        switch = f"{link.switch.value} {link.switch_port.value}"
        first = hosts.setdefault((link.host.value.lower(), link.host_port.value), link)
        if first is not link:
            log.add(
                link.location.line,
                f"{host} is listed twice: also cabled to {first.switch.value} "
                f"{first.switch_port.value} (line {first.location.line})",
            )
        first = switches.setdefault(switch.lower(), link)
        if first is not link:
            log.add(
                link.location.line,
                f"{switch} is listed twice: also cabled to {first.host.value} "
                f"{first.host_port.value} (line {first.location.line})",
            )
