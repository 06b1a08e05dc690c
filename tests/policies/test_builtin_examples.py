"""Every builtin policy passes its own failing and passing examples."""

from __future__ import annotations

import pytest

from bondlint.policies.engine import CompiledPolicy
from bondlint.policies.loader import builtin_policy_dir, load_policies
from bondlint.policy_examples import run_examples

POLICIES = load_policies([builtin_policy_dir()])
CATALOG = [CompiledPolicy(p) for p in POLICIES]


def test_catalog_is_not_empty_and_ids_are_unique() -> None:
    ids = [p.id for p in POLICIES]
    assert len(ids) >= 10
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: f"{p.id}-{p.name}")
def test_policy_examples(policy) -> None:
    outcomes = run_examples(policy, CATALOG)
    assert any(o.example.expect for o in outcomes), "needs a failing example"
    assert any(not o.example.expect for o in outcomes), "needs a passing example"
    for outcome in outcomes:
        assert sorted(outcome.reported) == sorted(outcome.example.expect), (
            f"{policy.id} example '{outcome.example.name}': reported {outcome.reported}, "
            f"expected {outcome.example.expect}; messages: {[f.message for f in outcome.findings]}"
        )
