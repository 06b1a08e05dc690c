"""What GitHub code scanning documents about the SARIF it accepts, and each rule's texts
shaped to fit: descriptions within its limits, help that renders as written.

The limits are GitHub's page "SARIF support for code scanning"
(https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning):
its ``reportingDescriptor`` and ``result`` tables, its upload size, and its table of
upload limits (also on "SARIF results exceed one or more limits", .../troubleshoot-sarif-uploads/results-exceed-limit).
A value past a "maximum" is rejected; past a "display" limit it is cut by GitHub.
"""

from __future__ import annotations

import re
import textwrap
from itertools import groupby
from pathlib import Path
from typing import Any

from bondlint.policies.loader import Policy, builtin_policy_dir

# reportingDescriptor.name: "Limited to 255 characters".
MAX_RULE_NAME = 255
# reportingDescriptor.shortDescription.text and fullDescription.text: "Limited to 1024 characters".
MAX_SHORT_DESCRIPTION = 1024
MAX_FULL_DESCRIPTION = 1024
# result.locations[]: "up to a maximum of 10"; only the first is used (bondlint writes one).
MAX_LOCATIONS = 10
# Upload limits table: locations per result 1,000, of which "only 100 locations will be
# included": related locations are kept to what is shown.
MAX_LOCATIONS_PER_RESULT = 1000
SHOWN_LOCATIONS_PER_RESULT = 100
# Tags per rule: 20, of which "only 10 tags will be included".
MAX_TAGS_PER_RULE = 20
SHOWN_TAGS_PER_RULE = 10
# Results per run: 25,000 (an upload with more is rejected); GitHub itself keeps the 5,000
# most severe of them.
MAX_RESULTS_PER_RUN = 25_000
SHOWN_RESULTS_PER_RUN = 5_000
# Rules per run: 25,000.  Runs per file: 20 (bondlint writes one).
MAX_RULES_PER_RUN = 25_000
MAX_RUNS_PER_FILE = 20
# "For each gzip-compressed SARIF file, SARIF upload supports a maximum size of 10 MB."
MAX_GZIP_BYTES = 10 * 1000 * 1000
# Required properties (shortDescription.text, fullDescription.text, help.text,
# message.text) must not be the empty string. No length is documented for help or
# messages; a message's first sentence is its title where space is short.

CUT = " … (cut to GitHub's limit: the rule's help has the whole text)"


def length(text: str) -> int:
    """``text``'s length as GitHub may count it: UTF-16 code units (never fewer than
    characters)."""
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, limit: int, tail: str = CUT) -> str:
    """``text`` within ``limit``: unchanged when it fits, else cut at the end of a
    sentence (or a word) in the last half of the room and ended with ``tail``."""
    if length(text) <= limit:
        return text
    room = limit - length(tail)
    cut = _prefix(text, room)
    sentence = max(cut.rfind(". "), cut.rfind("; "), cut.rfind(": "))
    word = cut.rfind(" ")
    if sentence >= room // 2:
        cut = cut[: sentence + 1]
    elif word >= room // 2:
        cut = cut[:word]
    return cut.rstrip() + tail


def _prefix(text: str, room: int) -> str:
    """The longest prefix of ``text`` at most ``room`` UTF-16 code units long (never half
    of a surrogate pair)."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > room:
            return text[:index]
    return text


def help_uri(policy: Policy, docs_url: str | None) -> str | None:
    """The rule's page under the configured documentation base URL (``docs-url``,
    ``--docs-url``): ``<base>/BLnnn.md``, as ``docs/rules/`` holds them; None when no base
    is set, and for a site policy (its page is not there)."""
    if not docs_url or not _is_builtin(policy):
        return None
    return f"{docs_url.rstrip('/')}/{policy.id}.md"


_BUILTIN: list[Path] = []


def _is_builtin(policy: Policy) -> bool:
    if not _BUILTIN:
        _BUILTIN.append(builtin_policy_dir().resolve())
    try:
        return Path(policy.source).resolve().is_relative_to(_BUILTIN[0])
    except (OSError, ValueError):
        return False


def rule_descriptor(om: Any, policy: Policy, docs_url: str | None) -> Any:
    """The SARIF ``reportingDescriptor`` of ``policy``, within GitHub's limits."""
    uri = help_uri(policy, docs_url)
    title = " ".join(policy.title.split()) or policy.id
    description = " ".join(policy.description.split()) or title
    return om.ReportingDescriptor(
        id=policy.id,
        name=fit(_pascal(policy.name), MAX_RULE_NAME, tail=""),
        short_description=om.MultiformatMessageString(text=fit(title, MAX_SHORT_DESCRIPTION, tail=" …")),
        full_description=om.MultiformatMessageString(text=fit(description, MAX_FULL_DESCRIPTION)),
        help=om.MultiformatMessageString(text=help_text(policy, uri), markdown=help_markdown(policy, uri)),
        help_uri=uri,
        default_configuration=om.ReportingConfiguration(level=policy.severity),
        properties={
            "tags": list(dict.fromkeys(policy.tags))[:SHOWN_TAGS_PER_RULE],
            "bondlint-name": policy.name,
            # GitHub's recommended property for a rule that is not about security.
            "problem.severity": "recommendation" if policy.severity == "note" else policy.severity,
        },
    )


def _pascal(name: str) -> str:
    # SARIF convention: rule names are PascalCase identifiers (SARIF2009).
    return "".join(part.capitalize() for part in name.split("-"))


def help_text(policy: Policy, uri: str | None) -> str:
    """The rule's help as plain text: what breaks, how to fix it (its lines as written,
    commands indented), references."""
    parts = [policy.description.strip() or policy.title, "How to fix:\n" + policy.remediation.rstrip()]
    if policy.references:
        parts.append("References:\n" + "\n".join(f"- {url}" for url in policy.references))
    if uri:
        parts.append(f"Documentation: {uri}")
    return "\n\n".join(parts)


def help_markdown(policy: Policy, uri: str | None) -> str:
    """The rule's help as Markdown: prose as paragraphs (escaped: a ``*`` or ``<id>`` is
    shown, not interpreted), the remediation's indented command lines as fenced code
    blocks, references as links."""
    parts = [markdown_blocks(policy.description) or _escaped(policy.title), "**How to fix**"]
    parts.append(markdown_blocks(policy.remediation))
    if policy.references:
        parts += ["**References**", "\n".join(f"- {_link(url)}" for url in policy.references)]
    if uri:
        parts.append(f"Documentation: {_link(uri)}")
    return "\n\n".join(part for part in parts if part)


def markdown_blocks(text: str) -> str:
    """Markdown for a policy text: each run of indented lines is one fenced code block,
    the other lines are prose."""
    blocks = []
    for kind, run in groupby(text.rstrip().split("\n"), _line_kind):
        lines = list(run)
        if kind == "code":
            blocks.append(_fenced(lines))
        elif kind == "prose":
            blocks.append(_paragraphs(lines))
    return "\n\n".join(blocks)


def _line_kind(line: str) -> str:
    if not line.strip():
        return "blank"
    return "code" if line[0] in " \t" else "prose"


def _fenced(lines: list[str]) -> str:
    body = textwrap.dedent("\n".join(line.rstrip() for line in lines))
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{body}\n{fence}"


def _paragraphs(lines: list[str]) -> str:
    """Wrapped prose joined into paragraphs; a line after one that ends a sentence (or
    introduces what follows, with a colon) starts a new paragraph."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if paragraphs[-1] and paragraphs[-1][-1].endswith((".", ":", "!", "?")):
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return "\n\n".join(_escaped(" ".join(words)) for words in paragraphs)


# Kept as written in prose: code spans (`…`) and URLs (GitHub links them).
_VERBATIM = re.compile(r"(`+)[^`]+?\1|https?://[^\s<>`]+")
_SPECIAL = re.compile(r"([\\*_\[\]<>&|~#])")
# What would start a list item: ``-``, ``+``, ``1.``, ``1)`` (the backslash goes before the mark).
_LIST_START = re.compile(r"^([0-9]*)([-+.)])")


def _escaped(text: str) -> str:
    """Prose as Markdown that shows it as written: every character Markdown would act on
    is escaped, except inside code spans and URLs."""
    out, at = [], 0
    for match in _VERBATIM.finditer(text):
        out += [_SPECIAL.sub(r"\\\1", text[at : match.start()]), match.group(0)]
        at = match.end()
    out.append(_SPECIAL.sub(r"\\\1", text[at:]))
    # Nor may it start a list item.
    return _LIST_START.sub(r"\1\\\2", "".join(out), count=1)


def _link(url: str) -> str:
    """A URL as a Markdown autolink, or escaped text when it cannot be one."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*", url):
        return f"<{url}>"
    return _escaped(url)
