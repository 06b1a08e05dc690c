"""Editing options written as words: ifcfg ``BONDING_OPTS``, modprobe ``options bonding``,
ifupdown ``bond-*`` lines.

An ifcfg or modprobe option is one ``key=value`` word of its line: the word is replaced,
appended or dropped and the rest of the line (its quotes, its other words, a comment)
stays.  An ifupdown option is a line of the bond's stanza: its value is replaced, a new
line is written after the stanza's last option with the same indentation, or the line goes.
"""

from __future__ import annotations

import re

from bondlint.fix.changes import CannotEdit, Change, body_of, insert_line, split_lines

_IFCFG_OPTS = re.compile(
    r"^(?P<head>[ \t]*(?:export[ \t]+)?(?P<name>BONDING_OPTS|BONDING_MODULE_OPTS)=)"
    r"(?P<quote>[\"']?)(?P<body>[^\"'#]*)(?P=quote)(?P<tail>[ \t]*(?:#.*)?)$"
)
# modprobe reads no comment after the words: a "#" there is passed to the module too.
_IFCFG_ASSIGNED = re.compile(r"^[ \t]*(?:export[ \t]+)?(?:BONDING_OPTS|BONDING_MODULE_OPTS)=")
_MODPROBE_OPTS = re.compile(r"^(?P<head>[ \t]*options[ \t]+bonding)(?P<body>(?:[ \t]+\S+)*)(?P<tail>[ \t]*)$")


def _edit_words(body: str, change: Change) -> str:
    """The blank-separated words of ``body`` with ``change`` made (``key=value`` words)."""
    words = body.split()
    prefix = f"{change.option}="
    kept = [w for w in words if not w.startswith(prefix)]
    present = len(kept) != len(words)
    if change.operation == "remove":
        words = kept
    elif change.operation == "set" or not present:
        first = next((i for i, w in enumerate(words) if w.startswith(prefix)), len(kept))
        kept.insert(min(first, len(kept)), prefix + change.text())
        words = kept
    if words == body.split():
        return body
    # The blanks between words are kept where the words are: only a changed word moves.
    return _respaced(body, words)


def _respaced(body: str, words: list[str]) -> str:
    """``words`` joined as ``body`` joined its words (its first separator), its leading
    and trailing blanks kept."""
    inner = body.strip()
    separator = re.search(r"\s+", inner)
    lead = body[: len(body) - len(body.lstrip())]
    trail = body[len(body.rstrip()) :] if inner else ""
    return lead + (separator.group(0) if separator else " ").join(words) + trail


def edit_ifcfg(text: str, changes: list[Change], wicked: bool) -> str:
    """``text`` (an ifcfg file) with ``changes`` made in its ``BONDING_OPTS`` word list
    (SUSE wicked: ``BONDING_MODULE_OPTS``); the last assignment is the one the shell keeps."""
    lines = split_lines(text)
    found = [i for i, line in enumerate(lines) if _IFCFG_OPTS.match(body_of(line)[0])]
    written = [i for i, line in enumerate(lines) if _IFCFG_ASSIGNED.match(line)]
    if written and (not found or written[-1] != found[-1]):
        raise CannotEdit(f"line {written[-1] + 1} sets the bonding options in a way the editor does not rewrite")
    if not found:
        if all(change.operation == "remove" for change in changes):
            return text
        name = "BONDING_MODULE_OPTS" if wicked else "BONDING_OPTS"
        lines = insert_line(lines, len(lines), f'{name}=""')
        found = [len(lines) - 1]
    index = found[-1]
    line, end = body_of(lines[index])
    match = _IFCFG_OPTS.match(line)
    if match is None:  # pragma: no cover - found above
        raise CannotEdit("BONDING_OPTS line not understood")
    body = match.group("body")
    for change in changes:
        body = _edit_words(body, change)
    quote = match.group("quote") or ('"' if len(body.split()) > 1 else "")
    lines[index] = f"{match.group('head')}{quote}{body}{quote}{match.group('tail')}{end}"
    return "".join(lines)


def edit_modprobe(text: str, changes: list[Change]) -> str:
    """``text`` (a modprobe.d file) with ``changes`` made on its ``options bonding`` lines:
    a word is replaced or dropped where it is, a new one goes on the last such line."""
    lines = split_lines(text)
    found = [i for i, line in enumerate(lines) if _MODPROBE_OPTS.match(body_of(line)[0])]
    if any(body_of(lines[i])[0].rstrip().endswith("\\") for i in found):
        raise CannotEdit("an 'options bonding' line continues on the next line: edit it by hand")
    for change in changes:
        holders = [i for i in found if f" {change.option}=" in " " + body_of(lines[i])[0]]
        if change.operation == "add" and holders:
            continue
        if change.operation == "remove" or holders:
            targets = holders
        elif found:
            targets = found[-1:]
        else:
            lines = insert_line(lines, len(lines), "options bonding")
            found = targets = [len(lines) - 1]
        for index in targets:
            line, end = body_of(lines[index])
            match = _MODPROBE_OPTS.match(line)
            if match is None:  # pragma: no cover - found above
                raise CannotEdit("options line not understood")
            body = _edit_words(match.group("body"), change)
            body = body if not body or body[0] in " \t" else " " + body
            lines[index] = f"{match.group('head')}{body}{match.group('tail')}{end}"
    return "".join(lines)


# ifupdown keywords whose kernel option has another name.
_IFUPDOWN_NAMES = {"ad_actor_sys_prio": "bond-ad-actor-sys-prio", "peer_notif_delay": "bond-peer-notify-delay"}
_STANZA_START = re.compile(r"^[ \t]*(iface|auto|allow-\S+|mapping|source|source-directory|source-dir|template)\b")


def ifupdown_keyword(option: str) -> str:
    return _IFUPDOWN_NAMES.get(option, "bond-" + option.replace("_", "-"))


def edit_ifupdown(text: str, bond: str, changes: list[Change], stanza_line: int | None) -> str:
    """``text`` (an interfaces file) with ``changes`` made in the ``iface <bond>`` stanza
    (the one at ``stanza_line`` when given, else the first)."""
    lines = split_lines(text)
    for change in changes:
        start, end = _stanza(lines, bond, stanza_line)
        lines = _edit_stanza(lines, start, end, change)
    return "".join(lines)


def _stanza(lines: list[str], bond: str, stanza_line: int | None) -> tuple[int, int]:
    head = re.compile(rf"^[ \t]*iface[ \t]+{re.escape(bond)}[ \t]")
    starts = [i for i, line in enumerate(lines) if head.match(line)]
    if not starts:
        raise CannotEdit(f"no 'iface {bond}' stanza in the file")
    start = next((i for i in starts if stanza_line is not None and i + 1 == stanza_line), starts[0])
    end = next((i for i in range(start + 1, len(lines)) if _STANZA_START.match(lines[i])), len(lines))
    return start, end


def _edit_stanza(lines: list[str], start: int, end: int, change: Change) -> list[str]:
    keyword = ifupdown_keyword(change.option)
    spellings = {keyword, keyword.replace("-", "_"), "bond_" + keyword[len("bond-") :]}
    holders = [i for i in range(start + 1, end) if lines[i].split()[:1] and lines[i].split()[0] in spellings]
    if change.operation == "remove":
        return [line for i, line in enumerate(lines) if i not in holders]
    if holders and change.operation == "add":
        return lines
    value = " ".join(change.text().split(","))
    if holders:
        lines = list(lines)
        line, ending = body_of(lines[holders[-1]])
        indent = line[: len(line) - len(line.lstrip())]
        word = line.split()[0]
        gap = re.match(r"[ \t]+", line.lstrip()[len(word) :])
        lines[holders[-1]] = f"{indent}{word}{gap.group(0) if gap else ' '}{value}{ending}"
        return [line for i, line in enumerate(lines) if i not in holders[:-1]]
    options = [i for i in range(start + 1, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    last = options[-1] if options else start
    indent = "    "
    if options:
        first = lines[options[0]]
        indent = first[: len(first) - len(first.lstrip())]
    return insert_line(lines, last + 1, f"{indent}{keyword} {value}")
