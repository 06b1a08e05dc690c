"""bondlint show: what was read, how files became hosts, and every value with its origin."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import FIXTURES
from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()
CAPTURE = FIXTURES / "runbook" / "broken" / "capture"
CROSS = FIXTURES / "crosscheck"


def show(*args: str):  # -> Result
    return runner.invoke(app, ["show", *args])


def test_text_names_inputs_grouping_and_each_values_origin() -> None:
    result = show(str(CAPTURE))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("host db03\n")
    assert "named by: its hostname file" in out
    assert "grouped: a system tree: the folder holds proc/, sos_commands/" in out
    assert "sos_commands/networkmanager/nmcli_con_show_id_bond0  [nmcli-connection, applied by NetworkManager]" in out
    # A persisted value at its line, the effective value with the sentence saying why.
    assert "config/options/miimon = 0    (sos_commands/networkmanager/nmcli_con_show_id_bond0:29)" in out
    assert "effective/miimon = 0    (set in the file (sos_commands/networkmanager/nmcli_con_show_id_bond0:29))" in out
    assert "runtime/miimon = 0    (proc/net/bonding/bond0:7)" in out


def test_json_is_the_view_the_policies_evaluate_plus_origins() -> None:
    from bondlint.discovery import discover
    from bondlint.pipeline import run

    result = show(str(CAPTURE), "--format", "json")
    document = json.loads(result.output)
    [host] = document["hosts"]
    bond = next(e for e in host["entities"] if e["kind"] == "bond" and e["name"] == "bond0")
    expected = next(e for e in run(discover([CAPTURE]), []).entities if e.kind == "bond")
    assert bond["view"] == json.loads(json.dumps(expected.view, default=str))
    assert bond["origins"]["/config/options/miimon"].endswith("nmcli_con_show_id_bond0:29")
    assert bond["origins"]["/effective/miimon"].startswith("set in the file")
    assert {i["format"] for i in host["inputs"]} >= {"proc-net-bonding", "nmcli-connection"}


def test_switch_ports_show_how_they_were_joined() -> None:
    result = show(str(CROSS / "hosts" / "broken"), str(CROSS / "ios" / "broken"), "--host", "db01", "--bond", "bond0")
    assert result.exit_code == 0, result.output
    assert (
        "switch_ports/0/joined_by = wiring inventory    (fixtures/crosscheck/ios/broken/wiring.yaml:3)" in result.output
    )
    assert "host db02" not in result.output


def test_unread_files_are_listed_with_why(tmp_path: Path) -> None:
    (tmp_path / "bond.j2").write_text('BONDING_OPTS="mode=active-backup"\n')
    out = show(str(tmp_path)).output
    assert "not read (1):" in out and "bond.j2: its content mentions 'BONDING_OPTS'" in out


def test_a_filter_that_matches_nothing_is_a_usage_error() -> None:
    result = show(str(CAPTURE), "--host", "nosuchhost")
    assert result.exit_code == 2 and "no host named 'nosuchhost' (hosts: db03)" in result.output
    result = show(str(CAPTURE), "--bond", "bond9")
    assert result.exit_code == 2 and "no bond named 'bond9' (bonds: bond0)" in result.output


def test_bad_input_is_shown_not_raised(tmp_path: Path) -> None:
    (tmp_path / "ifcfg-bond0").write_bytes(b"\x00\x01binary")
    result = show(str(tmp_path))
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "input " in result.output and "diagnostics/0/message" in result.output


def test_show_json_validates_against_the_published_view_schema() -> None:
    from importlib.resources import files

    from jsonschema import Draft202012Validator

    schema = json.loads(files("bondlint").joinpath("schemas/view.schema.json").read_text(encoding="utf-8"))
    trees = [
        FIXTURES / "sosreport",
        CROSS / "hosts" / "broken",
        CROSS / "eos" / "broken",
        FIXTURES / "runbook" / "broken",
    ]
    document = json.loads(show(*map(str, trees), "--format", "json").output)
    checked = 0
    for host in document["hosts"]:
        for entity in host["entities"]:
            kind_schema = {**schema, "$ref": f"#/$defs/{entity['kind']}"}
            errors = list(Draft202012Validator(kind_schema).iter_errors(entity["view"]))
            assert errors == [], (host["name"], entity["kind"], entity["name"], errors[0].message)
            # Every leaf has an origin.
            checked += 1
    assert checked > 20
