"""``bondlint policy check`` checks what a policy touches against the view schema.

A misspelled property, pointer or message field is no JSON Schema error: the policy
passes and silently never matches (issue 13).  Each is refused with file:line, exit 2 and
a did-you-mean suggestion.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROJECT_ROOT
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.policies.loader import builtin_policy_dir, load_policies
from bondlint.policies.viewcheck import check_policy

POLICY = """\
id: TEST001
name: test-miimon
severity: warning
title: A test policy
description: A test policy.
remediation: Nothing.
references: [https://example.org]
applies-to: bond
when:
  required: [effective]
  properties:
    effective:
      properties:
        monitoring: {const: mii}
require:
  properties:
    effective:
      properties:
        miimon: {minimum: 100}
    runtime:
      properties:
        ports:
          items:
            properties:
              mii_status: {const: up}
locate: [miimon]
related: [../carrier]
message: "bond {name} miimon {value} ({value.origin.miimon}, {parent.described_as}, {effective.mode}, {item.name})"
examples:
  - name: slow
    files:
      ifcfg-bond0: |
        DEVICE=bond0
        BONDING_OPTS="mode=active-backup miimon=50"
    expect: ["ifcfg-bond0:2"]
  - name: fine
    files:
      ifcfg-bond0: |
        DEVICE=bond0
        BONDING_OPTS="mode=active-backup miimon=100"
    expect: []
"""


def _check(tmp_path: Path, text: str):  # -> click Result
    (tmp_path / "TEST001.yaml").write_text(text)
    return CliRunner().invoke(app, ["policy", "check", str(tmp_path)])


def _line(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_base_policy_is_valid(tmp_path: Path) -> None:
    result = _check(tmp_path, POLICY)
    assert result.exit_code == 0, result.stdout
    assert "1 policies valid" in result.stdout


def test_a_misspelled_property_is_refused(tmp_path: Path) -> None:
    text = POLICY.replace("miimon: {minimum: 100}", "mimon: {minimum: 100}")
    result = _check(tmp_path, text)
    assert result.exit_code == 2
    assert (
        f"TEST001.yaml:{_line(text, 'mimon:')}: 'mimon' is not a property of /effective (did you mean 'miimon'?)"
        in result.stdout
    )


def test_a_misspelled_property_in_when_and_required_is_refused(tmp_path: Path) -> None:
    text = POLICY.replace("required: [effective]", "required: [efective]").replace(
        "monitoring: {const: mii}", "monitor: {const: mii}"
    )
    result = _check(tmp_path, text)
    assert result.exit_code == 2
    assert (
        f":{_line(text, 'efective')}: 'efective' is not a property of the view's root (did you mean 'effective'?)"
        in result.stdout
    )
    assert (
        f":{_line(text, 'monitor:')}: 'monitor' is not a property of /effective (did you mean 'monitoring'?)"
        in result.stdout
    )


def test_a_misspelled_port_property_is_refused(tmp_path: Path) -> None:
    text = POLICY.replace("mii_status: {const: up}", "mii_state: {const: up}")
    result = _check(tmp_path, text)
    assert result.exit_code == 2
    assert "'mii_state' is not a property of /runtime/ports/* (did you mean 'mii_status'?)" in result.stdout


def test_a_misspelled_message_field_is_refused(tmp_path: Path) -> None:
    text = POLICY.replace("{value.origin.miimon}", "{value.orign.miimon}")
    result = _check(tmp_path, text)
    assert result.exit_code == 2
    assert (
        f"TEST001.yaml:{_line(text, 'message:')}: message field '{{value.orign.miimon}}' names nothing in the view"
        in result.stdout
    )
    assert "(did you mean 'origin'?)" in result.stdout


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("{effective.mod}", "/effective has no property 'mod' (did you mean 'mode'?)"),
        ("{parent.described}", "has no property 'described' (did you mean 'described_as'?)"),
        ("{item.nam}", "/runtime/ports/* has no property 'nam' (did you mean 'name'?)"),
        ("{params.limit}", "no such parameter"),
    ],
)
def test_other_message_fields_are_checked(tmp_path: Path, field: str, expected: str) -> None:
    text = POLICY.replace("{effective.mode}", field)
    result = _check(tmp_path, text)
    assert result.exit_code == 2
    assert expected in result.stdout


def test_an_unknown_keyword_is_refused(tmp_path: Path) -> None:
    text = POLICY.replace("miimon: {minimum: 100}", "miimon: {minimun: 100}")
    result = _check(tmp_path, text)
    assert result.exit_code == 2
    assert (
        f"TEST001.yaml:{_line(text, 'minimun')}: unknown JSON Schema keyword 'minimun' (did you mean 'minimum'?)"
        in result.stdout
    )


def test_a_wrong_locate_or_related_pointer_is_refused(tmp_path: Path) -> None:
    text = POLICY.replace("locate: [miimon]", "locate: [miimom]").replace(
        "related: [../carrier]", "related: [../carier]"
    )
    result = _check(tmp_path, text)
    assert result.exit_code == 2
    assert f":{_line(text, 'locate:')}: 'locate' pointer 'miimom' names nothing" in result.stdout
    assert f":{_line(text, 'related:')}: 'related' pointer '../carier' names nothing" in result.stdout
    assert "(did you mean 'carrier'?)" in result.stdout


def test_a_property_of_another_kind_is_refused() -> None:
    plain = {"applies-to": "port", "require": {"properties": {"runtime": False}}, "message": "port {name}"}
    assert check_policy(plain) == [
        (["require", "properties", "runtime"], "'runtime' is not a property of the view's root")
    ]


def test_a_pattern_that_matches_no_property_of_a_closed_object_is_refused() -> None:
    plain = {
        "applies-to": "bond",
        "require": {"properties": {"effective": {"patternProperties": {"^mii": {"minimum": 1}, "^zz": {}}}}},
        "message": "x",
    }
    assert check_policy(plain) == [
        (
            ["require", "properties", "effective", "patternProperties", "^zz"],
            "pattern '^zz' matches no property of /effective",
        )
    ]
    # Open keys (options by name in invalid_options, extra keys by file key) take any pattern.
    open_keys = {
        "applies-to": "bond",
        "require": {"properties": {"config": {"properties": {"extra": {"patternProperties": {"^BONDING_": False}}}}}},
        "message": "{value}",
    }
    assert check_policy(open_keys) == []


def test_item_needs_an_array_element() -> None:
    plain = {
        "applies-to": "bond",
        "require": {"properties": {"effective": {"properties": {"miimon": {"minimum": 1}}}}},
        "message": "{item.name}",
    }
    [(where, message)] = check_policy(plain)
    assert where == ["message"] and "checks no array element" in message


def test_a_shared_definition_is_checked_where_it_is_used() -> None:
    plain = {
        "applies-to": "bond",
        "require": {
            "$defs": {"monitored": {"properties": {"miimon": {"minimum": 1}, "described": {}}}},
            "properties": {"effective": {"$ref": "#/$defs/monitored"}, "runtime": {"$ref": "#/$defs/monitored"}},
        },
        "message": "{value.described_as}",
    }
    problems = check_policy(plain)
    assert problems == [
        (
            ["require", "$defs", "monitored", "properties", "described"],
            "'described' is not a property of /effective (did you mean 'described_as'?)",
        )
    ]


@pytest.mark.slow  # every policy checked
def test_every_builtin_and_site_standard_policy_passes() -> None:
    assert len(load_policies([builtin_policy_dir()], use_bundle=False)) >= 100
    assert load_policies([PROJECT_ROOT / "docs" / "site-standards"], use_bundle=False)


def test_a_malformed_comparison_is_refused_at_check_time(tmp_path: Path) -> None:
    # An unknown operator used to pass policy check and fail every scan.
    policy = tmp_path / "XX100-bad-compare.yaml"
    policy.write_text(
        "id: XX100\nname: bad-compare\nseverity: warning\ntitle: t\ndescription: d\nremediation: r\n"
        "references: [https://docs.kernel.org/networking/bonding.html]\ntags: []\napplies-to: bond\n"
        "require:\n  properties:\n    effective:\n"
        "      compare: {left: miimon, op: '=>', right: updelay, ati: miimon}\n"
        'message: "{name}"\nexamples:\n'
        '  - {name: one, files: {a.nmconnection: "[connection]\\n"}, expect: ["a.nmconnection:1"]}\n'
        '  - {name: two, files: {b.nmconnection: "[connection]\\n"}, expect: []}\n'
    )
    from bondlint.policies.loader import PolicyError, load_policies

    with pytest.raises(PolicyError) as refused:
        load_policies([tmp_path])
    text = "\n".join(refused.value.problems)
    assert "op '=>' is not one of" in text and "unknown key(s) ati" in text and "XX100-bad-compare.yaml:" in text
