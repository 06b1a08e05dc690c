"""Nothing from an input reaches a report as markup or a control character: file, host
and bond names are shown with visible escapes, one finding per line, in every format."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.reporters import printable

KEYFILE = "[connection]\nid={name}\ntype=bond\ninterface-name={name}\n\n[bond]\nmode=active-backup\nmiimon=0\n"


def scan(*args: str) -> str:
    return CliRunner().invoke(app, ["scan", "--fail-on", "never", *args]).output


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("bond0", "bond0"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("x\nfake.txt:1: error BL001", "x\\nfake.txt:1: error BL001"),
        ("tab\tbed", "tab\\tbed"),
        ("rtl\u202eevil", "rtl\\u202eevil"),
        ("byte\udcffname", "byte\\xffname"),
        ("bell\x07\x7f\x85", "bell\\x07\\x7f\\x85"),
    ],
)
def test_printable_escapes_what_a_terminal_acts_on(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_a_file_name_cannot_forge_a_report_line_or_clear_the_screen(tmp_path: Path) -> None:
    name = "ifcfg-b\x1b[2J\nfake.txt:1: error BL999 [injected] owned"
    (tmp_path / name).write_text(
        'DEVICE=bond0\nTYPE=Bond\nBONDING_MASTER=yes\nBONDING_OPTS="mode=active-backup miimon=0"\n'
    )
    out = scan(str(tmp_path))
    assert "\x1b" not in out
    assert not any(line.startswith("fake.txt") for line in out.splitlines())
    assert "ifcfg-b\\x1b[2J\\nfake.txt:1: error BL999" in out
    # One line per finding (plus its source line, "see also", fix and docs lines, and the two summary lines).
    shapes = (str(tmp_path), "    see also", "    fix: ", "    docs: ", "1 finding", "Why each")
    assert all(line.startswith(shapes) or re.match(r" +\d+ \| ", line) for line in out.splitlines())


def test_a_link_in_a_name_is_no_link_in_sarif_or_gitlab(tmp_path: Path) -> None:
    (tmp_path / "bond0.nmconnection").write_text(KEYFILE.format(name="[click](https://evil.example)"))
    sarif = json.loads(scan(str(tmp_path), "--format", "sarif"))
    text = sarif["runs"][0]["results"][0]["message"]["text"]
    assert "\\[click\\](https://evil.example)" in text and "[click](" not in text.replace("\\[click\\](", "")
    gitlab = json.loads(scan(str(tmp_path), "--format", "gitlab"))
    assert "\\[click\\](https://evil.example)" in gitlab[0]["description"]


def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_every_format(tmp_path: Path) -> None:
    folder = os.fsencode(str(tmp_path))
    with open(os.path.join(folder, b"ifcfg-bond\xff"), "wb") as handle:
        handle.write(b'DEVICE=bond0\nTYPE=Bond\nBONDING_MASTER=yes\nBONDING_OPTS="mode=active-backup miimon=0"\n')
    for fmt in ("text", "json", "sarif", "gitlab"):
        out = scan(str(tmp_path), "--format", fmt)
        # Text shows \xff; JSON escapes its backslash; a SARIF URI percent-encodes it.
        assert any(f"ifcfg-bond{shown}xff" in out for shown in ("\\", "\\\\", "%5C")), fmt
        assert "Traceback" not in out
        out.encode("utf-8")  # no lone surrogate reaches the output


def test_show_escapes_too(tmp_path: Path) -> None:
    (tmp_path / "ifcfg-b\x1b]0;title\x07").write_text("DEVICE=bond0\nTYPE=Bond\nBONDING_MASTER=yes\n")
    out = CliRunner().invoke(app, ["show", str(tmp_path)]).output
    assert "\x1b" not in out and "\x07" not in out and "ifcfg-b\\x1b]0;title\\x07" in out
