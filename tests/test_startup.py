"""Start-up pays only for what a run uses (issue 16, item 2).

A pre-commit run is mostly process start-up: a run over keyfiles imports neither
ruamel.yaml (only YAML inputs and configuration files need it) nor jsonschema (only a
policy that failed, for its locations and messages, and ``policy check``); a run with no
finding never imports jsonschema.  Each case runs the command line in a fresh interpreter
and looks at ``sys.modules`` afterwards: what was imported, not how long it took
(``bench/importbudget.py`` prints the times).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from bondlint.policies.loader import builtin_policy_dir, load_policies, was_checked

KEYFILE = (
    "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n"
    "[bond]\nmode=active-backup\nmiimon={miimon}\nprimary=eno1\n"
)
NETPLAN = (
    "network:\n  version: 2\n  renderer: networkd\n  ethernets:\n    eno1: {}\n    eno2: {}\n"
    "  bonds:\n    bond0:\n      interfaces: [eno1, eno2]\n      parameters:\n"
    "        mode: active-backup\n        mii-monitor-interval: 100\n        primary: eno1\n"
)
# The run in a fresh interpreter; prints its exit code and the modules of interest it imported.
PROBE = """
import json, sys
from bondlint.cli import app
try:
    app(sys.argv[1:], prog_name="bondlint")
except SystemExit as done:
    code = done.code
watched = ("ruamel.yaml", "jsonschema")
print(json.dumps({"code": code, "imported": sorted(
    name for name in sys.modules if name in watched or name.startswith(tuple(w + "." for w in watched))
)}))
"""


def _host(root: Path, name: str, relative: str, text: str) -> str:
    path = root / name / relative
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return str(path.relative_to(root))


def _run(root: Path, *args: str) -> tuple[int, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=root, capture_output=True, text=True, timeout=120, check=True
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["code"], report["imported"]


def _keyfiles(root: Path, miimon: int) -> list[str]:
    relative = "etc/NetworkManager/system-connections/bond0.nmconnection"
    return [_host(root, f"db{i}", relative, KEYFILE.format(miimon=miimon)) for i in range(3)]


@pytest.mark.parametrize("changed_only", [True, False], ids=["pre-commit", "scan"])
def test_a_clean_keyfile_run_imports_neither_ruamel_nor_jsonschema(tmp_path: Path, changed_only: bool) -> None:
    files = _keyfiles(tmp_path, miimon=100)
    code, imported = _run(tmp_path, "scan", *(["--changed-only"] if changed_only else []), *files)
    assert code == 0
    assert imported == [], f"a keyfile run without findings imported {imported}"


def test_a_keyfile_run_with_findings_never_imports_ruamel(tmp_path: Path) -> None:
    files = _keyfiles(tmp_path, miimon=0)
    code, imported = _run(tmp_path, "scan", "--changed-only", *files)
    assert code == 1  # no link monitoring: jsonschema locates and words the failure
    assert not [name for name in imported if name.startswith("ruamel")], imported


def test_a_clean_netplan_run_never_imports_jsonschema(tmp_path: Path) -> None:
    files = [_host(tmp_path, f"app{i}", "etc/netplan/01-bond.yaml", NETPLAN) for i in range(3)]
    code, imported = _run(tmp_path, "scan", "--changed-only", *files)
    assert code == 0
    assert "ruamel.yaml" in imported  # the YAML inputs need it
    assert not [name for name in imported if name.startswith("jsonschema")], imported


def test_the_safety_checks_are_skipped_only_for_what_the_loader_checked() -> None:
    policy = next(p for p in load_policies([builtin_policy_dir()]) if p.parameters)
    assert was_checked(policy)
    assert was_checked(policy.with_overrides(severity="note"))  # the same schemas and values
    assert was_checked(replace(policy, enabled=False))
    assert not was_checked(replace(policy, require={"properties": {}}))  # another schema
    changed = {
        name: f"{value}-site" if isinstance(value, str) else [value] for name, value in policy.parameters.items()
    }
    assert not was_checked(policy.with_overrides(parameters=changed))  # a site's values reach the schema


def test_a_clean_keyfile_run_with_a_configuration_never_imports_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.bondlint]\nfail-on = "warning"\nexclude = ["build/*"]\n\n'
        '[tool.bondlint.rules.BL001]\nseverity = "note"\n'
    )
    files = _keyfiles(tmp_path, miimon=100)
    code, imported = _run(tmp_path, "scan", "--changed-only", *files)
    assert code == 0
    assert imported == [], f"a valid configuration imported {imported}"


# Configuration-shaped data: the schema's keys and others, right and wrong values, and
# what TOML and YAML readers hand over besides JSON (dates, numbers past 64 bits, NaN).
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=6)
    | st.sampled_from(["error", "warning", "note", "never", "BL001"])
    | st.datetimes()
    | st.dates()
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)
_RULE = st.dictionaries(st.sampled_from(["severity", "enabled", "parameters", "severty"]), _VALUES, max_size=3)
_CONFIG = st.dictionaries(
    st.sampled_from(["fail-on", "select", "ignore", "policy-dirs", "exclude", "rules", "fail_on"]),
    _VALUES
    | st.lists(st.text(max_size=6), max_size=3)
    | st.dictionaries(st.sampled_from(["BL001", "no-link-monitoring"]), _RULE | _VALUES, max_size=2),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(data=_CONFIG)
def test_the_configuration_schema_gives_the_same_verdicts_on_both_engines(data: dict[str, object]) -> None:
    """A configuration jsonschema-rs finds valid is never enumerated by jsonschema (a
    clean run does not import it): wherever jsonschema-rs gives a verdict, it is
    jsonschema's; where it gives none (a date, a huge number), jsonschema judges alone."""
    from bondlint.config import _valid_on_jsonschema_rs
    from bondlint.policies.fast import FastSchema, compile_schema
    from bondlint.safe_parse import validator_for_schema

    schema = json.loads((Path(__file__).parent.parent / "bondlint/schemas/config.schema.json").read_text("utf-8"))
    compiled = compile_schema({key: value for key, value in schema.items() if key not in ("$schema", "$id")})
    assert isinstance(compiled, FastSchema), compiled
    verdict = compiled.verdict(data)
    note(f"jsonschema-rs: {verdict}")
    if verdict is not None:
        assert verdict == validator_for_schema(schema).is_valid(data)
    assert _valid_on_jsonschema_rs(schema, data) is (verdict is True)
