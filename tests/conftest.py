"""Shared test fixtures: where the project and the shared corpus live."""

from __future__ import annotations

import contextlib
import csv
import json
import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_ROOT / "fixtures"
# The corpus is not part of the project (licences vary); it sits beside the checkout.
SHARED = PROJECT_ROOT.parent / "shared"
# BONDLINT_CORPUS names another corpus folder (a missing one shows that every corpus test
# skips cleanly, as on a fresh clone: BONDLINT_CORPUS=/nonexistent pytest).
CORPUS = Path(os.environ.get("BONDLINT_CORPUS") or SHARED / "corpus")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """An integration test (an outside tool, a subprocess) is slow too: ``-m "not slow"``
    leaves every one of them out of the inner loop."""
    for item in items:
        if item.get_closest_marker("integration") and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


def corpus_path(*parts: str) -> Path:
    """Path inside the shared corpus; skips the calling test when the corpus is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not available: {path}")
    return path


def manifest_rows(side: str) -> list[dict[str, str]]:
    """Rows of ``corpus/<side>/MANIFEST.tsv`` (raw TSV, no quoting), or [] when absent."""
    manifest = CORPUS / side / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = []
        for row in reader:
            if not (CORPUS / side / row["file"]).exists():
                continue
            raw = (row.get("expected") or "").strip()
            row["expected_json"] = json.loads(raw) if raw.startswith("{") else None
            rows.append(row)
        return rows


def rows_of_kind(side: str, *tags: str) -> list[dict[str, str]]:
    """Manifest rows whose ``what_it_shows`` starts with one of ``[tag]``."""
    return [row for row in manifest_rows(side) if any(row["what_it_shows"].startswith(f"[{tag}]") for tag in tags)]


def required_tool(found, what: str, install: str):
    """``found``, or skip the test when it is missing (``install`` says how to get it) —
    except under CI (``CI`` set), where .ci/run must have provided it: there it fails."""
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide {what} (see .ci/run)")
        pytest.skip(f"{what} is not installed ({install})")
    return found


def invoke_in(cwd: Path, *args: str):
    """``bondlint ARGS`` run in-process from the folder ``cwd`` (then back where it was)."""
    from typer.testing import CliRunner

    from bondlint.cli import app

    with contextlib.chdir(cwd):
        return CliRunner().invoke(app, list(args))
