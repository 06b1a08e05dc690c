"""The precision set's hard invariant: a case that allows no error gets none.

``fixtures/precision/<case>/EXPECT.yaml`` says what a network engineer expects of each
case (see ``bench/precision.py``, which reports the whole comparison: true and false
positives per rule, misses, unread inputs).  Only one part of it is a test: where the
EXPECT lists ``{severity: error}`` under ``must_not`` (a valid configuration), bondlint must
not report any error-level finding.  Cases that still fail are marked ``xfail(strict=True)``
with the cause, so this test passes today and fails, asking for the mark's removal, the
day the cause is fixed.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location("precision_bench", PROJECT_ROOT / "bench" / "precision.py")
precision = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = precision  # its dataclasses look their module up while defined
_spec.loader.exec_module(precision)

# Cases that allow no error but get one today, and why (see bench/precision.py's report).
KNOWN_FALSE_ERRORS: dict[str, str] = {}

CASES = precision.load_cases()
NO_ERROR_CASES = [case for case in CASES if case.forbids_errors]


def test_the_set_is_there() -> None:
    assert len(CASES) >= 25
    for case in CASES:
        assert case.expect.get("source"), f"{case.name}: EXPECT.yaml names no source"
        assert case.expect.get("licence"), f"{case.name}: EXPECT.yaml names no licence"
        assert case.expect.get("what"), f"{case.name}: EXPECT.yaml says not what it is"
    assert set(KNOWN_FALSE_ERRORS) <= {case.name for case in NO_ERROR_CASES}, "a mark names no such case"


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=case.name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FALSE_ERRORS[case.name]))
        if case.name in KNOWN_FALSE_ERRORS
        else pytest.param(case, id=case.name)
        for case in NO_ERROR_CASES
    ],
)
def test_no_error_where_the_case_allows_none(case) -> None:
    report = precision.scan_case(case)
    errors = [
        f"{f['rule']} {f['path']}:{f['line']}: {f['message']}"
        for f in report["findings"]
        if f["severity"] == "error" and f["rule"] not in case.must_rules
    ]
    assert not errors, "\n".join(errors)
