"""Every rule with a ``fix``: each failing example fixed on disk passes the rule, raises no
finding it did not have, and a second ``fix`` changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from fix_helpers import catalog, fix_and_rescan, write_example

from bondlint.policies.loader import Example, Policy, builtin_policy_dir, load_policies

FIXABLE = [p for p in load_policies([builtin_policy_dir()]) if p.fix is not None]
CASES = [
    pytest.param(policy, example, id=f"{policy.id}-{index}")
    for policy in FIXABLE
    for index, example in enumerate(policy.examples)
    if example.expect
]
# Failing examples whose finding is not a file edit, with the reason the fix gives.
NOT_A_FILE_EDIT = {
    "has no persisted definition to edit",  # only a running bond (/proc, sysfs) shows it
    "names nothing in bond",  # BL009: a bond file alone names no port to make primary
    "shows a new finding (BL162",  # the capture of the running bond beside it would drift
    "shows a new finding (BL011",
}


def test_the_catalog_has_fixes() -> None:
    ids = {p.id for p in FIXABLE}
    assert {"BL001", "BL002", "BL004", "BL009", "BL151", "BL126"} <= ids


@pytest.mark.parametrize(("policy", "example"), CASES)
def test_failing_example_is_fixed(
    policy: Policy, example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    policies = catalog(policy.id)
    outcome = fix_and_rescan(write_example(Path("host"), example), policies)
    reasons = [n.reason for n in outcome.plan.not_applied if n.finding.rule_id == policy.id]
    if not outcome.plan.changed:
        assert reasons, "a fixable rule's finding neither fixed nor explained"
        assert all(any(known in r for known in NOT_A_FILE_EDIT) for r in reasons), reasons
        return
    assert [f for f in outcome.after if f.rule_id == policy.id] == []
    known = {f.fingerprint for f in outcome.before}
    assert [f for f in outcome.after if f.fingerprint not in known] == []
    assert outcome.second.changed == []


def test_most_failing_examples_are_file_edits() -> None:
    """The examples are mostly files: a rule whose fix never applies to one is suspect."""
    for policy in FIXABLE:
        formats = [name for example in policy.examples if example.expect for name in example.files]
        assert any(not name.startswith(("proc/", "sys/")) for name in formats), policy.id
