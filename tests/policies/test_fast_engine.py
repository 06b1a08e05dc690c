"""The compiled validity check (bondlint/policies/fast.py) against jsonschema: the same
verdicts on every policy x every entity of the fixtures, the corpus and mutated views, and
the same findings as the engine on jsonschema alone."""

from __future__ import annotations

import copy
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, FIXTURES, PROJECT_ROOT, corpus_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.discovery import discover
from bondlint.model.entity import Entity
from bondlint.pipeline import run
from bondlint.policies import fast
from bondlint.policies.engine import CompiledPolicy, evaluate, slow_engine_notes
from bondlint.policies.loader import Policy, builtin_policy_dir, load_policies

SITE_PACK = PROJECT_ROOT / "docs" / "site-standards"


@cache
def _policies() -> tuple[Policy, ...]:
    return tuple(load_policies([builtin_policy_dir(), SITE_PACK], use_bundle=False))


@cache
def _engines() -> tuple[list[CompiledPolicy], list[CompiledPolicy]]:
    """(compiled, jsonschema only) for every builtin and site policy."""
    return [CompiledPolicy(p) for p in _policies()], [CompiledPolicy(p, compiled=False) for p in _policies()]


def _scenarios(top: Path) -> list[Path]:
    """The scenario folders bench/same_findings.py scans."""
    found: list[Path] = []
    for group in sorted(p for p in top.iterdir() if p.is_dir()):
        children = sorted(p for p in group.iterdir() if p.is_dir())
        found.extend(children or [group])
    return found


@cache
def _entities(top: Path) -> tuple[tuple[Path, list[Entity]], ...]:
    compiled, _ = _engines()
    return tuple((folder, run(discover([folder]), compiled).entities) for folder in _scenarios(top))


def _disagreements(entities: list[Entity]) -> list[str]:
    compiled, _ = _engines()
    found = []
    for entity in entities:
        for policy in compiled:
            if policy.policy.applies_to != entity.kind:
                continue
            for key in ("when", "require"):
                quick, slow = policy.verdicts(key, entity.view)
                if quick is not slow:
                    found.append(f"{policy.policy.id} {key} on {entity.host} {entity.name}: {quick} != {slow}")
                elif key == "require" and slow is False:
                    found.extend(_failures_differ(policy, entity))
    return found


def _shape(failures: list[fast.SchemaFailure]) -> list[tuple[Any, ...]]:
    """What the engine reads of each failure: the place, the missing property, the places
    of the failures inside it."""

    def inner(failure: fast.SchemaFailure) -> list[tuple[Any, ...]]:
        return sorted(repr((sub.absolute_path, sub.missing, inner(sub))) for sub in failure.context)

    return sorted((f.absolute_path, f.missing or "", inner(f)) for f in failures)


def _failures_differ(policy: CompiledPolicy, entity: Entity) -> list[str]:
    quick, slow = policy.failures(entity.view)
    if quick is None or _shape(quick) == _shape(slow):
        return []
    return [f"{policy.policy.id} failures on {entity.host} {entity.name}: {_shape(quick)} != {_shape(slow)}"]


def _check_folders(top: Path) -> None:
    compiled, interpreted = _engines()
    scanned = _entities(top)
    assert scanned
    for folder, entities in scanned:
        assert _disagreements(entities) == [], folder
        assert evaluate(compiled, entities) == evaluate(interpreted, entities), folder


def test_every_builtin_and_site_policy_runs_compiled() -> None:
    compiled, _ = _engines()
    assert [(c.policy.id, c.slow_reason) for c in compiled if c.slow_reason] == []
    assert slow_engine_notes(list(_policies())) == []


@pytest.mark.slow
def test_fixtures_same_verdicts_and_findings() -> None:
    _check_folders(FIXTURES)


@pytest.mark.slow
def test_corpus_same_verdicts_and_findings() -> None:
    corpus_path()
    _check_folders(CORPUS)


# -- mutated views ----------------------------------------------------------------------


@cache
def _real_entities() -> tuple[Entity, ...]:
    return tuple(entity for _, entities in _entities(FIXTURES) for entity in entities)


def _leaves(node: Any, found: set[Any]) -> None:
    if isinstance(node, dict):
        for value in node.values():
            _leaves(value, found)
    elif isinstance(node, list):
        for item in node:
            _leaves(item, found)
    elif isinstance(node, bool) or node is None:
        found.add((type(node).__name__, node))
    else:  # a policy read from YAML holds ruamel's ScalarInt, ScalarFloat …: the plain type
        for base in (int, float, str):
            if isinstance(node, base):
                found.add((base.__name__, base(node)))
                break


@cache
def _known_values() -> list[Any]:
    """Scalars the views and the policies hold: mutations that still match some ``when``."""
    found: set[Any] = set()
    for entity in _real_entities():
        _leaves(entity.view, found)
    for policy in _policies():
        _leaves(policy.when, found)
        _leaves(policy.require, found)
    return [value for _, value in sorted(found, key=repr)]


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.extend(_paths(item, (*prefix, index)))
    return found


def _other_type(value: Any) -> Any:
    """``value`` as another JSON type with the same content, as far as one exists."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return str(value) if value % 2 else float(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else str(value)
    if isinstance(value, str):
        return int(value) if value.isdigit() else [value]
    if isinstance(value, list):
        return value[0] if value else {}
    if isinstance(value, dict):
        return list(value.values())
    return False


def _mutate(view: dict[str, Any], draw: Any) -> dict[str, Any]:
    view = copy.deepcopy(view)
    for _ in range(draw(st.integers(1, 6))):
        paths = _paths(view)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = view
        for segment in path[:-1]:
            parent = parent[segment]
        how = draw(st.sampled_from(["value", "known", "drop", "type"]))
        if how == "drop":
            del parent[path[-1]]
        elif how == "type":
            parent[path[-1]] = _other_type(parent[path[-1]])
        elif how == "known":
            parent[path[-1]] = draw(st.sampled_from(_known_values()))
        else:
            parent[path[-1]] = draw(_SCALARS)
    return view


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_views_same_verdicts_and_findings(data: Any) -> None:
    compiled, interpreted = _engines()
    real = data.draw(st.sampled_from(_real_entities()))
    mutated = copy.copy(real)
    mutated.view = _mutate(real.view, data.draw)
    assert _disagreements([mutated]) == []
    assert evaluate(compiled, [mutated]) == evaluate(interpreted, [mutated])


# -- where the engines would differ -----------------------------------------------------


def _fast(schema: Any) -> fast.FastSchema:
    result = fast.compile_schema(schema)
    assert isinstance(result, fast.FastSchema), result
    return result


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"^\s*x", "\u00a0x"),  # jsonschema-rs's \s is ECMA's (no-break space), RE2's is ASCII
        (r"^\s*x", "\x0bx"),
        (r"\bx", "\u00e9x"),  # RE2's word boundary is ASCII
    ],
)
def test_patterns_run_on_re2(pattern: str, text: str) -> None:
    from bondlint.safe_parse import search

    assert _fast({"pattern": pattern}).verdict(text) is search(pattern, text)


def test_what_jsonschema_rs_would_judge_otherwise_runs_on_jsonschema() -> None:
    assert "multipleOf" in (fast.unsupported({"properties": {"a": {"multipleOf": 0.1}}}) or "")
    assert "patternProperties" in (fast.unsupported({"anyOf": [{"patternProperties": {"^a": {}}}]}) or "")
    assert "$ref" in (fast.unsupported({"$ref": "https://example.com/x"}) or "")
    assert (
        fast.unsupported({"properties": {"multipleOf": {"const": 1}}, "$ref": "#/$defs/a", "$defs": {"a": {}}}) is None
    )


def test_a_view_jsonschema_rs_cannot_take_gets_no_verdict() -> None:
    assert _fast({"type": "object"}).verdict({1: "a"}) is None
    assert _fast({"properties": {"a": {"const": "x"}}}).verdict({"a": "\udc80"}) is None


def test_a_keyword_that_raises_gets_no_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(spec: Any, instance: Any) -> bool:
        raise KeyError("op")

    schema = _fast({"compare": {"left": "a", "op": "==", "right": 1}})
    assert schema.verdict({"a": 2}) is False
    assert [f.absolute_path for f in schema.failures({"a": 2}) or []] == [("a",)]
    monkeypatch.setattr(fast, "holds", broken)
    monkeypatch.setattr(fast, "failures", broken)
    assert schema.verdict({"a": 2}) is None
    assert schema.failures({"a": 2}) is None  # the engine asks jsonschema


def test_failures_say_where_as_jsonschema_does() -> None:
    schema = {
        "required": ["primary", "primary_reselect"],
        "properties": {
            "ports": {"compare": {"left": "vlans", "op": "within-vlans", "right": "allowed"}},
            "mode": {"anyOf": [{"const": "802.3ad"}, {"required": ["x"]}]},
        },
    }
    view = {"ports": {"vlans": [100, 7, 200, 9], "allowed": "100-200"}, "mode": {"y": 1}}
    found = _fast(schema).failures(view) or []
    assert sorted((f.absolute_path, f.missing or "") for f in found) == [
        ((), "primary"),
        ((), "primary_reselect"),
        (("mode",), ""),
        (("ports", "vlans", 1), ""),
        (("ports", "vlans", 3), ""),
    ]
    mode = next(f for f in found if f.absolute_path == ("mode",))
    assert sorted((sub.absolute_path, sub.missing or "") for sub in mode.context) == [(("mode",), ""), (("mode",), "x")]


def test_policy_check_notes_a_policy_on_the_slow_engine(tmp_path: Path) -> None:
    text = (builtin_policy_dir() / "BL109-miimon-out-of-policy.yaml").read_text(encoding="utf-8")
    slow = "  allOf: [{properties: {effective: {properties: {miimon: {multipleOf: 5}}}}}]\n  $defs:\n"
    assert text.count("\n  $defs:\n") == 1
    (tmp_path / "BL109.yaml").write_text(text.replace("\n  $defs:\n", "\n" + slow), encoding="utf-8")
    result = CliRunner().invoke(app, ["policy", "check", str(tmp_path)])
    assert result.exit_code == 0, result.stdout
    notes = [line for line in result.stdout.splitlines() if "slow engine" in line]
    assert len(notes) == 1 and "multipleOf" in notes[0], result.stdout
    assert "1 policies valid" in result.stdout


@pytest.mark.parametrize(
    ("folder", "exit_code"), [("fixtures/precision/checkmk-lnx-bonding-failover", 0), ("fixtures/runbook/broken", 1)]
)
def test_a_scan_never_imports_jsonschema(folder: str, exit_code: int) -> None:
    """Verdicts and, for a finding, its place come from jsonschema-rs (with findings too)."""
    code = (
        "import sys\n"
        "from bondlint.cli import app\n"
        "try:\n"
        f"    app(['scan', {folder!r}])\n"
        "except SystemExit as done:\n"
        f"    assert done.code == {exit_code}, done.code\n"
        "print('jsonschema' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "False", done.stdout + done.stderr
