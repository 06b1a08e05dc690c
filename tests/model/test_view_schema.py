"""Every entity view bondlint builds matches bondlint/schemas/view.schema.json.

The schema is what ``bondlint policy check`` checks policies against and what
docs/view.md documents; this test keeps it from drifting from the code that builds the
views: every entity of every fixture tree, of the shared corpus and of every builtin
policy's examples is validated against its kind's definition.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

import pytest
from conftest import FIXTURES, corpus_path

from bondlint.discovery import discover
from bondlint.model.options import KNOWN_OPTIONS
from bondlint.pipeline import run

KINDS = ("bond", "port", "team", "input", "host", "suppression")


@cache
def _schema() -> dict:
    return json.loads(resources.files("bondlint").joinpath("schemas/view.schema.json").read_text("utf-8"))


@cache
def _validators() -> dict:
    from jsonschema import Draft202012Validator

    schema = {key: value for key, value in _schema().items() if key != "oneOf"}
    return {kind: Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"}) for kind in KINDS}


@cache
def _policies() -> list:
    from bondlint.policies.engine import CompiledPolicy
    from bondlint.policies.loader import builtin_policy_dir, load_policies

    return [CompiledPolicy(p) for p in load_policies([builtin_policy_dir()])]


def _problems(entities) -> list[str]:
    validators = _validators()
    problems = []
    for entity in entities:
        assert entity.kind in validators, f"{entity.kind}: no view schema for this entity kind"
        for error in validators[entity.kind].iter_errors(entity.view):
            where = "/" + "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{entity.kind} {entity.host} {entity.name} {where}: {error.message[:300]}")
    return problems


def _check(paths: list[Path]) -> set[str]:
    result = run(discover(paths), _policies())
    problems = _problems(result.entities)
    assert not problems, "views that do not match view.schema.json:\n" + "\n".join(problems[:40])
    return {entity.kind for entity in result.entities}


FIXTURE_TREES = sorted(
    [p for p in FIXTURES.iterdir() if p.is_dir() and p.name != "precision"]
    + [p for p in (FIXTURES / "precision").iterdir() if p.is_dir()]
)


@pytest.mark.parametrize("tree", FIXTURE_TREES, ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_views_match_the_schema(tree: Path) -> None:
    _check([tree])


def test_fixture_views_match_the_schema_host_by_host() -> None:
    """Each crosscheck host alone (no switch side) and the crosscheck switch configurations
    without hosts' LLDP: the views of joined and unjoined bonds differ."""
    hosts = sorted(p for p in (FIXTURES / "crosscheck" / "hosts").iterdir() if p.is_dir())
    for host in hosts:
        _check([host])


@pytest.mark.parametrize("side", ["host", "kernel", "switch", ""])
@pytest.mark.slow  # corpus-wide
def test_corpus_views_match_the_schema(side: str) -> None:
    root = corpus_path(side) if side else corpus_path()
    _check([root])


@pytest.mark.slow  # every policy example scanned
def test_example_views_match_the_schema() -> None:
    """Every builtin policy's examples: small hosts that reach every corner a rule needs."""
    from bondlint.policy_examples import scan_files

    seen: set[str] = set()
    problems: list[str] = []
    for compiled in _policies():
        for example in compiled.policy.examples:
            result = scan_files(example.files, _policies())
            seen.update(entity.kind for entity in result.entities)
            problems += [f"{compiled.policy.id} '{example.name}': {p}" for p in _problems(result.entities)]
    assert not problems, "views that do not match view.schema.json:\n" + "\n".join(problems[:40])
    assert seen >= {"bond", "port", "input", "suppression", "host"}


def test_every_kind_has_a_definition_and_every_option_a_property() -> None:
    schema = _schema()
    assert set(KINDS) <= set(schema["$defs"])
    options = schema["$defs"]["config"]["properties"]["options"]["properties"]
    assert set(options) == set(KNOWN_OPTIONS), "config/options must list exactly bondlint.model.options.KNOWN_OPTIONS"


def _walk(node: object, path: str):  # -> Iterator[tuple[str, dict]]
    if isinstance(node, dict):
        if "properties" in node:
            for name, sub in node["properties"].items():
                yield f"{path}/{name}", sub
        for key, sub in node.items():
            if isinstance(sub, (dict, list)):
                yield from _walk(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from _walk(sub, f"{path}/{index}")


def test_every_property_is_described() -> None:
    missing = [
        path for path, sub in _walk(_schema()["$defs"], "") if not (isinstance(sub, dict) and sub.get("description"))
    ]
    assert not missing, f"properties without a description: {missing}"


def test_view_page_is_not_stale() -> None:
    from bondlint.policies.docs import view_page

    page = (FIXTURES.parent / "docs" / "view.md").read_text(encoding="utf-8")
    assert page == view_page(_schema()), "docs/view.md is stale: run 'bondlint policy docs'"
