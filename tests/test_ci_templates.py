"""The GitHub Action (action.yml), the GitLab CI template and the docs' CI snippets: valid
against their public schemas (tests/data/schemas/SOURCE.md), wired the way the docs say,
and their scan scripts run as CI would run them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, PROJECT_ROOT
from jsonschema import Draft7Validator
from ruamel.yaml import YAML

SCHEMAS = PROJECT_ROOT / "tests" / "data" / "schemas"
ACTION = PROJECT_ROOT / "action.yml"
GITLAB = PROJECT_ROOT / "ci" / "gitlab" / "bondlint.gitlab-ci.yml"
DOCS = PROJECT_ROOT / "docs" / "ci.md"
BROKEN = FIXTURES / "runbook" / "broken"


def load(path: Path) -> Any:
    return load_text(path.read_text(encoding="utf-8"))


def load_text(text: str) -> Any:
    """YAML 1.2, as GitHub and GitLab read it (``on:`` is a key, not true)."""
    return YAML(typ="safe", pure=True).load(text)


def problems(document: Any, schema: str) -> list[str]:
    validator = Draft7Validator(json.loads((SCHEMAS / schema).read_text(encoding="utf-8")))
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def doc_blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", DOCS.read_text(encoding="utf-8"), re.M | re.S)


def action_steps() -> dict[str, dict[str, Any]]:
    return {step["name"]: step for step in load(ACTION)["runs"]["steps"]}


def scan_step() -> dict[str, Any]:
    return next(step for step in action_steps().values() if step.get("id") == "scan")


def test_action_validates_against_the_action_metadata_schema() -> None:
    assert problems(load(ACTION), "github-action.json") == []


def test_the_schema_check_catches_a_broken_action() -> None:
    broken = load(ACTION)
    broken["runs"]["steps"][1].pop("shell")  # a composite run step needs its shell
    broken["inputs"]["paths"]["defualt"] = "."
    assert len(problems(broken, "github-action.json")) >= 2


def test_action_sets_up_python_installs_its_own_checkout_and_uploads_sarif() -> None:
    action = load(ACTION)
    assert action["runs"]["using"] == "composite"
    uses = [step.get("uses", "") for step in action["runs"]["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    install = next(step for step in action["runs"]["steps"] if "pip install" in step.get("run", ""))
    assert install["env"]["BONDLINT_SOURCE"] == "${{ github.action_path }}"
    assert set(action["inputs"]) >= {"paths", "args", "sarif-file"}
    upload = next(step for step in action["runs"]["steps"] if "upload-sarif" in step.get("uses", ""))
    assert upload["with"]["sarif_file"] == "${{ steps.scan.outputs.sarif-file }}"
    # The step that fails the job comes after the upload.
    names = list(action_steps())
    assert names.index(upload["name"]) < names.index("Fail as bondlint did")


def test_no_input_is_pasted_into_a_script() -> None:
    """``${{ inputs.x }}`` inside ``run:`` is script injection: inputs go through env."""
    action = load(ACTION)
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]
    used = json.dumps(action["runs"])
    assert all(f"inputs.{name}" in used for name in action["inputs"])


def test_gitlab_template_validates_against_the_gitlab_ci_schema() -> None:
    assert problems(load(GITLAB), "gitlab-ci.json") == []
    broken = load(GITLAB)
    broken["bondlint"]["artifacts"]["reports"]["codequality"] = {"path": "x"}
    broken["bondlint"]["scirpt"] = ["x"]
    assert problems(broken, "gitlab-ci.json")


def test_gitlab_template_reports_are_the_files_its_scan_writes() -> None:
    job = load(GITLAB)["bondlint"]
    reports = job["artifacts"]["reports"]
    (script,) = job["script"]
    assert f"--output gitlab:{reports['codequality']}" in script
    assert f"--output junit:{reports['junit']}" in script
    assert job["artifacts"]["when"] == "always"
    assert set(job["variables"]) == {"BONDLINT_PATHS", "BONDLINT_ARGS", "BONDLINT_PACKAGE"}
    assert all(f"${name}" in " ".join(job["before_script"] + job["script"]) for name in job["variables"])


def test_the_docs_ci_snippets_validate_and_use_the_action_and_template_as_they_are() -> None:
    workflows = [load_text(b) for b in doc_blocks("yaml") if "runs-on:" in b]
    assert len(workflows) >= 2
    for workflow in workflows:
        assert problems(workflow, "github-workflow.json") == [], workflow
    inputs = set(load(ACTION)["inputs"])
    with_action = [
        step
        for workflow in workflows
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if re.fullmatch(r"[\w.-]+/bondlint@\S+", step.get("uses", ""))  # this repository, wherever it is hosted
    ]
    assert with_action and all(set(step["with"]) <= inputs for step in with_action)
    gitlab = [load_text(b) for b in doc_blocks("yaml") if "bondlint:" in b and "runs-on:" not in b and "image:" in b]
    included = [load_text(b) for b in doc_blocks("yaml") if "include:" in b]
    assert gitlab and included
    template = load(GITLAB)["bondlint"]
    for document in gitlab + included:
        assert problems(document, "gitlab-ci.json") == [], document
    for document in included:
        assert document["include"][0]["remote"].endswith("/" + GITLAB.relative_to(PROJECT_ROOT).as_posix())
        assert set(document["bondlint"]["variables"]) <= set(template["variables"])


def bondlint_bin() -> str:
    folder = Path(sys.executable).parent
    if not (folder / "bondlint").exists():
        pytest.skip("the bondlint command is not installed beside this Python")
    return str(folder)


@pytest.mark.slow
def test_the_actions_scan_step_runs_as_the_runner_runs_it(tmp_path: Path) -> None:
    outputs = tmp_path / "github_output"
    env = {
        **os.environ,
        "PATH": f"{bondlint_bin()}{os.pathsep}{os.environ['PATH']}",
        "BONDLINT_PATHS": f"{BROKEN / 'keyfile'}\n{BROKEN / 'ifcfg'}",
        "BONDLINT_ARGS": "--fail-on error --jobs 1",
        "BONDLINT_SARIF": str(tmp_path / "bondlint.sarif"),
        "GITHUB_OUTPUT": str(outputs),
    }
    done = subprocess.run(
        ["bash", "-e", "-c", scan_step()["run"]], env=env, capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr  # the step itself succeeds; a later one fails the job
    assert outputs.read_text().splitlines() == ["exit-code=1", f"sarif-file={tmp_path / 'bondlint.sarif'}"]
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::error file=")]
    assert len(annotations) == 2
    sarif = json.loads((tmp_path / "bondlint.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == 2


@pytest.mark.slow
def test_the_actions_inputs_are_words_never_code(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PATH": f"{bondlint_bin()}{os.pathsep}{os.environ['PATH']}",
        "BONDLINT_PATHS": "$(touch pwned) `touch pwned2` ; touch pwned3 *",
        "BONDLINT_ARGS": "",
        "BONDLINT_SARIF": "",
        "GITHUB_OUTPUT": str(tmp_path / "github_output"),
    }
    (tmp_path / "decoy").write_text("")
    done = subprocess.run(
        ["bash", "-e", "-c", scan_step()["run"]], env=env, capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decoy", "github_output"]
    assert (tmp_path / "github_output").read_text() == "exit-code=2\n"
    assert "no such file or directory: $(touch" in done.stderr and "*" in done.stderr


@pytest.mark.slow
def test_the_gitlab_jobs_script_writes_both_reports(tmp_path: Path) -> None:
    job = load(GITLAB)["bondlint"]
    env = {
        **os.environ,
        **job["variables"],
        "PATH": f"{bondlint_bin()}{os.pathsep}{os.environ['PATH']}",
        "BONDLINT_PATHS": f"{BROKEN / 'keyfile'} {BROKEN / 'ifcfg'}",
        "BONDLINT_ARGS": "--jobs 1",
    }
    (script,) = job["script"]
    done = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 1, done.stderr  # findings fail the job; the reports are kept
    assert "2 findings (2 errors)" in done.stdout
    quality = json.loads((tmp_path / job["artifacts"]["reports"]["codequality"]).read_text())
    junit = ET.parse(tmp_path / job["artifacts"]["reports"]["junit"]).getroot()
    assert len(quality) == 2 and junit.get("failures") == "2"
