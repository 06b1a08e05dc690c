"""Which files look like network configuration or a capture, and which are never inputs.

A scan that meets a file it cannot read must say so: a directory of configs that ends in
"0 inputs read" is a silent blind spot. ``network_like`` gives the evidence (the file's
name, its place, or what its first KiB mentions) for a file no parser claimed, so the
report can name it. ``never_input`` names what a scan never treats as an input at all:
documentation, source code and CI definitions, which quote configuration without being it.
Nothing here parses a capture.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from functools import cache
from pathlib import PurePosixPath

from bondlint.sources.registry import formats


# Names that only network configuration or captures carry (lower-cased match), and the
# folders whose files are network configuration or captures: what formats declare.
@cache
def _name_patterns() -> tuple[tuple[str, str], ...]:
    return tuple(pair for source in formats() for pair in source.telltales)


@cache
def _places() -> tuple[tuple[str, str], ...]:
    return tuple((p.folder, p.called) for source in formats() for p in source.places if p.called)


# Templates, backups and package-manager leftovers of a configuration file.
_COPY_SUFFIXES = (
    ".j2",
    ".jinja",
    ".jinja2",
    ".tmpl",
    ".template",
    ".erb",
    ".epp",
    ".tpl",
    ".orig",
    ".bak",
    ".old",
    ".save",
    ".dpkg-old",
    ".dpkg-dist",
    ".rpmsave",
    ".rpmnew",
)

# Words that only bonding or link-aggregation configuration uses (first KiB, any case).
_CONTENT = re.compile(
    r"BONDING_(?:OPTS|MASTER|MODULE_OPTS|SLAVE)"
    r"|\bbond-(?:slaves|master|mode|miimon|members|primary)\b"
    r"|^\s*\[Bond\]"
    r"|\b(?:slave|port)-type\s*=\s*bond\b"
    r"|\bkind\s*=\s*bond\b"
    r"|\btype\s+bond\b"
    r"|^\s*type\s*=\s*bond\s*$"
    r"|Bonding Mode:"
    r"|\bchannel-group\s+\d+"
    r"|^\s*interface\s+port-channel\s*\d+"
    r"|\baggregated-ether-options\b"
    r"|^\s*bonds\s*:"
    r"|\bmode\s*=\s*(?:802\.3ad|active-backup|balance-\w+)\b"
    r"|\bmiimon\s*=\s*\d+",
    re.IGNORECASE | re.MULTILINE,
)

# Documentation, source code and CI definitions: they quote configuration, never are it.
# (No numeric suffixes: ``ifcfg-eth0.5`` is a VLAN's file, not a man page.)
_NEVER_SUFFIXES = frozenset(
    {
        ".md",
        ".markdown",
        ".rst",
        ".adoc",
        ".asciidoc",
        ".org",
        ".tex",
        ".html",
        ".htm",
        ".pdf",
        ".man",
        ".scd",
        ".py",
        ".pyc",
        ".rb",
        ".go",
        ".rs",
        ".js",
        ".ts",
        ".java",
        ".pl",
        ".lua",
        ".sarif",
        ".png",
        ".jpg",
        ".svg",
    }
)
_NEVER_NAMES = frozenset(
    {
        ".gitlab-ci.yml",
        ".travis.yml",
        ".pre-commit-config.yaml",
        ".pre-commit-hooks.yaml",
        ".bondlint.yaml",
        ".bondlint.yml",
        ".yamllint",
        ".yamllint.yaml",
        "pyproject.toml",
        "setup.cfg",
        "tox.ini",
        "jenkinsfile",
        "makefile",
        "dockerfile",
        "license",
        "copying",
        "readme",
        "changelog",
        "news",
        "authors",
        "codeowners",
        "mkdocs.yml",
        ".readthedocs.yaml",
    }
)
_NEVER_FOLDERS = frozenset({".github", ".gitlab", ".circleci", ".ci", "docs", "doc"})


def never_input(path: PurePosixPath) -> str | None:
    """Why ``path`` is never an input (documentation, source, CI), or None.

    A documentation folder holds examples quoted for people; only a file inside a system
    tree (``…/etc/…``) there would still be read, which a ``docs/`` folder never is here.
    """
    name = path.name.lower()
    if path.suffix.lower() in _NEVER_SUFFIXES:
        return "documentation or source code"
    if name in _NEVER_NAMES or name.startswith(("readme.", "license.", "changelog.")):
        return "a project or CI file"
    folders = {part.lower() for part in path.parts[:-1]}
    if folders & _NEVER_FOLDERS and not {"etc", "proc", "sys", "sos_commands"} & folders:
        return "in a documentation or CI folder"
    return None


def network_like(path: PurePosixPath, head: str) -> str | None:
    """The evidence that an unclaimed file is network configuration or a capture, or None.

    ``path`` is the file's path as shown, ``head`` the text of its first KiB.
    """
    if "bondlint" in head:
        return None  # bondlint's own reports, baselines and settings quote configuration
    name = path.name.lower()
    stem = name.removesuffix("~")
    for suffix in _COPY_SUFFIXES:
        stem = stem.removesuffix(suffix)
    for pattern, what in _name_patterns():
        if fnmatchcase(name, pattern) or fnmatchcase(stem, pattern):
            return f"its name looks like {what}"
    text = path.as_posix()
    for place, what in _places():
        if f"/{place}/" in f"/{text}":
            return f"it sits in {what} ({place}/)"
    match = _CONTENT.search(head)
    if match:
        shown = " ".join(match.group(0).split())[:40]
        return f"its content mentions {shown!r}"
    return None
