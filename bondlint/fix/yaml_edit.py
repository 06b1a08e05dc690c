"""Editing a bond's options in YAML: netplan ``parameters``, nmstate ``link-aggregation``.

ruamel.yaml's round-trip loader reads the file and gives the line and column of every
key and value; the edit is made on those lines only (a value replaced in place, its
quoting and any comment after it kept; a new key written under its siblings with their
indentation; a removed key's lines dropped), so comments, order, quoting and the file's
own indentation stay.  The result is read again with ruamel and must hold the value
written.  A mapping written in flow style (``{mode: active-backup}``) is not edited.
"""

from __future__ import annotations

import re
from typing import Any

from bondlint.fix.changes import CannotEdit, Change, body_of, insert_line, split_lines
from bondlint.safe_parse import LimitExceeded, bounded_yaml, check_flow_depth
from bondlint.sources.netplan import PARAMETERS

# netplan's key for each kernel option: the first (preferred) spelling, and every spelling.
NETPLAN_KEY: dict[str, str] = {}
NETPLAN_SPELLINGS: dict[str, tuple[str, ...]] = {}
for _key, _kernel in PARAMETERS.items():
    NETPLAN_KEY.setdefault(_kernel, _key)
    NETPLAN_SPELLINGS[_kernel] = (*NETPLAN_SPELLINGS.get(_kernel, ()), _key)
_NETPLAN_BOOLEANS = frozenset({"all_slaves_active"})
_NETPLAN_LISTS = frozenset({"arp_ip_target"})
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+:/-]*$")


def _documents(text: str) -> list[Any]:
    from ruamel.yaml.error import YAMLError

    try:
        check_flow_depth(text)
        return list(bounded_yaml().load_all(text))
    except (YAMLError, LimitExceeded, ValueError, RecursionError) as error:
        raise CannotEdit(f"the YAML is not readable: {str(error).splitlines()[0]}") from None


def _scalar(value: str) -> str:
    """A YAML scalar for ``value``: plain when that reads back as the same string."""
    if _PLAIN.match(value) and value.lower() not in {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}:
        return value
    return "'" + value.replace("'", "''") + "'"


def _netplan_value(change: Change) -> str:
    text = change.text()
    if change.option in _NETPLAN_BOOLEANS:
        return "true" if text in ("1", "true") else "false"
    if change.option in _NETPLAN_LISTS:
        return "[" + ", ".join(_scalar(t.strip()) for t in text.split(",") if t.strip()) + "]"
    if text.isdigit():
        return text
    return _scalar(text)


def edit_netplan(text: str, bond: str, changes: list[Change]) -> str:
    """``text`` (a netplan file) with ``changes`` made in ``network.bonds.<bond>.parameters``."""
    for change in changes:
        if change.option not in NETPLAN_KEY:
            if change.operation == "remove":
                continue  # netplan cannot have written it
            raise CannotEdit(f"netplan has no bond parameter for {change.option}")
        document = _single(_documents(text))
        bond_map = _path(document, ("network", "bonds", bond))
        if bond_map is None:
            raise CannotEdit(f"the file does not define network.bonds.{bond}")
        spellings = NETPLAN_SPELLINGS[change.option]
        text = _edit_mapping(text, bond_map, "parameters", spellings, change, _netplan_value(change))
    return text


def edit_nmstate(text: str, bond: str, changes: list[Change]) -> str:
    """``text`` (an nmstate file) with ``changes`` made in the bond interface's
    ``link-aggregation`` (``mode``) or its ``options`` (everything else)."""
    for change in changes:
        aggregation = _nmstate_section(_documents(text), bond)
        text_value = change.text()
        value = text_value if text_value.isdigit() else _scalar(text_value)
        if change.option == "mode":
            text = _edit_in(text, aggregation, ("mode",), change, value)
        else:
            text = _edit_mapping(text, aggregation, "options", (change.option,), change, value)
    return text


def _single(documents: list[Any]) -> Any:
    if len(documents) != 1:
        raise CannotEdit("the file holds more than one YAML document")
    return documents[0]


def _path(node: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _nmstate_section(documents: list[Any], bond: str) -> Any:
    for document in documents:
        interfaces = _path(document, ("interfaces",))
        if interfaces is None:
            interfaces = _path(document, ("spec", "desiredState", "interfaces"))
        for item in interfaces if isinstance(interfaces, list) else []:
            if isinstance(item, dict) and item.get("name") == bond:
                section = next((item[k] for k in ("link-aggregation", "bond") if k in item), None)
                if isinstance(section, dict):
                    return section
    raise CannotEdit(f"no interface {bond} with a link-aggregation section in the file")


def _block(mapping: Any) -> None:
    if not hasattr(mapping, "lc") or mapping.fa.flow_style():
        raise CannotEdit("the mapping is written in flow style ({…}): edit it by hand")


def _edit_mapping(text: str, parent: Any, child: str, spellings: tuple[str, ...], change: Change, value: str) -> str:
    """``change`` made in ``parent[child]`` (created when a value is to be written)."""
    _block(parent)
    inner = parent.get(child)
    if inner is None:
        if change.operation == "remove":
            return text
        # parameters: with the new key one indentation step below it.
        step = _step(parent)
        key = spellings[0]
        return _insert_after(text, parent, [f"{child}:", f"{' ' * step}{key}: {value}"])
    if not isinstance(inner, dict):
        raise CannotEdit(f"'{child}' is not a mapping")
    if not inner:
        return text if change.operation == "remove" else _fill_empty(text, parent, child, f"{spellings[0]}: {value}")
    return _edit_in(text, inner, spellings, change, value)


def _fill_empty(text: str, parent: Any, child: str, entry: str) -> str:
    """``child: {}`` made a block mapping holding ``entry`` (one indentation step deeper)."""
    key_line, key_column = parent.lc.key(child)
    value_line, column = parent.lc.value(child)
    lines = split_lines(text)
    line, end = body_of(lines[value_line])
    if value_line != key_line or not line[column:].startswith("{}"):
        raise CannotEdit(f"'{child}' is empty but not written as {{}}")
    lines[value_line] = line[:column].rstrip() + line[column + 2 :] + end
    return "".join(insert_line(lines, value_line + 1, " " * (key_column + _step(parent)) + entry))


def _edit_in(text: str, mapping: Any, spellings: tuple[str, ...], change: Change, value: str) -> str:
    _block(mapping)
    written = [key for key in mapping if key in spellings]
    if change.operation == "remove":
        for key in sorted(written, key=lambda k: -mapping.lc.key(k)[0]):
            text = _remove_key(text, mapping, key)
        return text
    if written and change.operation == "add":
        return text
    if written:
        return _replace_value(text, mapping, written[-1], value)
    return _insert_after(text, mapping, [f"{spellings[0]}: {value}"])


def _replace_value(text: str, mapping: Any, key: str, value: str) -> str:
    if isinstance(mapping[key], dict | list) and mapping[key]:
        raise CannotEdit(f"'{key}' holds a block, not a value")
    key_line, _ = mapping.lc.key(key)
    value_line, column = mapping.lc.value(key)
    lines = split_lines(text)
    line, end = body_of(lines[value_line])
    if value_line != key_line:
        raise CannotEdit(f"the value of '{key}' is not on its key's line")
    rest = line[column:]
    old = _scalar_extent(rest)
    quote = rest[:1] if rest[:1] in "'\"" else ""
    if quote and value[:1] not in "'[":
        value = quote + value.replace(quote, "\\" + quote if quote == '"' else "''") + quote
    lines[value_line] = line[:column] + value + rest[old:] + end
    return "".join(lines)


def _scalar_extent(rest: str) -> int:
    """How many characters of ``rest`` the scalar takes (a comment after it excluded)."""
    if rest[:1] in "'\"":
        close = rest.find(rest[0], 1)
        return len(rest) if close < 0 else close + 1
    if rest[:1] in "[{":
        close = rest.find("]" if rest[0] == "[" else "}")
        return len(rest) if close < 0 else close + 1
    comment = re.search(r"[ \t]#", rest)
    return len(rest[: comment.start()] if comment else rest.rstrip())


def _remove_key(text: str, mapping: Any, key: str) -> str:
    lines = split_lines(text)
    start = mapping.lc.key(key)[0]
    end = _end_of(lines, start, mapping.lc.key(key)[1])
    return "".join(lines[:start] + lines[end:])


def _end_of(lines: list[str], start: int, column: int) -> int:
    """The index after the last line of the entry at ``start`` (lines indented deeper
    than ``column``, blank lines and comments inside it)."""
    end = start + 1
    for index in range(start + 1, len(lines)):
        body = body_of(lines[index])[0]
        if not body.strip() or body.lstrip().startswith("#"):
            continue
        if len(body) - len(body.lstrip()) <= column:
            break
        end = index + 1
    return end


def _step(mapping: Any) -> int:
    """The indentation step the file uses below ``mapping`` (2 when it cannot tell)."""
    column: int = mapping.lc.key(next(iter(mapping)))[1]
    for key in mapping:
        inner = mapping[key]
        if isinstance(inner, dict) and inner and hasattr(inner, "lc"):
            inner_column: int = inner.lc.key(next(iter(inner)))[1]
            return max(1, inner_column - column)
    return 2


def _insert_after(text: str, mapping: Any, new: list[str]) -> str:
    """``new`` lines after the last entry of ``mapping``, at its keys' indentation
    (``new[1:]`` are the lines of a child, given with their own extra indentation)."""
    lines = split_lines(text)
    last_key = max(mapping, key=lambda k: mapping.lc.key(k)[0])
    line, column = mapping.lc.key(last_key)
    first_column = mapping.lc.key(next(iter(mapping)))[1]
    indent = " " * first_column
    position = _end_of(lines, line, column)
    for offset, item in enumerate(new):
        lines = insert_line(lines, position + offset, indent + item)
    return "".join(lines)
