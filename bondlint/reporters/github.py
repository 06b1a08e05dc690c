"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per
finding, which the runner turns into an annotation on the file and line.

The runner reads a line as ``::NAME key=value,key=value::DATA``: the command ends at the
second ``::``, properties are split at ``,`` and ``=``, and the line ends at CR or LF.
So, as GitHub's toolkit does, data has ``%``, CR and LF percent-encoded, and properties
``:`` and ``,`` as well; the runner decodes exactly these.  Every text from an input is
made printable first (reporters.printable), so a message cannot start a second command,
end the first one early or add a property.

A relative ``file`` is read by the runner as relative to the workspace, an absolute one
under the workspace is made relative to it: paths are given absolute, so annotations land
on the right file even when bondlint runs in a subfolder.
"""

from __future__ import annotations

import os

from bondlint.policies.engine import Finding
from bondlint.reporters import Report, counts, printable, summary_line
from bondlint.sources.base import Location

COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF percent-encoded (``%`` first)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property's value: as data, plus ``:`` (ends the command) and ``,`` (ends the property)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str], message: str) -> str:
    """One workflow command line (without its line end)."""
    fields = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name}{' ' + fields if fields else ''}::{escape_data(message)}"


def _file(location: Location) -> str:
    return os.path.abspath(printable(location.path)) if location.path else ""


def _annotation(finding: Finding) -> str:
    properties = {"file": _file(finding.location)}
    if finding.location.line:
        properties["line"] = str(finding.location.line)
    properties["title"] = printable(f"{finding.rule_id} {finding.rule_name}")
    lines = [printable(finding.message)]
    lines += [f"see also {printable(str(r.location))}: {printable(r.message)}" for r in finding.related]
    lines.append(f"Why it matters and how to fix it: bondlint explain {printable(finding.rule_id)}")
    return command(COMMAND[finding.severity], properties, "\n".join(lines))


def render(report: Report) -> str:
    lines = [_annotation(f) for f in report.result.findings if f.active]
    if not counts(report)["inputs"]:
        lines.append(
            command(
                "warning",
                {"title": "bondlint"},
                "Nothing was checked: none of the files given is a capture or configuration bondlint reads",
            )
        )
    # Counts only: no text from an input reaches a line that is not a command.
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
