"""Docs that run (issue 17, item 3): every command, configuration snippet and pre-commit
entry in README.md and docs/ is executed here, as written.

Every fenced block of README.md, docs/*.md, docs/formats/*.md and
docs/site-standards/README.md tagged ``sh``, ``console``, ``yaml``, ``ini`` or ``toml``
is one of these, by the HTML comment on the line above it (invisible when rendered):

- no comment, ``sh``/``console``: each command line (``\\`` continuations joined) runs in
  bash in the document's workspace, in order (a later command sees what an earlier one
  wrote, e.g. a baseline); it must exit 0 or 1 (2 is a usage error or nothing checked),
  print no traceback, and create the files it names after ``--output``/``-o``/``--html``.
- ``<!-- docs-test: script -->``: the block runs whole, as a shell script.
- ``<!-- docs-test: setup=COMMAND -->``: COMMAND runs first (what the prose says to do
  before, such as creating the baseline a command reads).
- ``<!-- docs-test: config -->`` (``.bondlint.yaml``) and ``config=NAME`` (a file it
  names, written beside it): loaded by bondlint's own loader and used by a scan; every
  rule it names must exist.
- ``<!-- docs-test: input=NAME -->``: an input bondlint must read without a BL000/BL052.
- ``<!-- docs-test: policy -->``: part of a policy file (the keys a section explains):
  every key it has must be valid against bondlint's policy schema for that key.
- ``<!-- docs-test: pre-commit -->``: the pre-commit entry, run with the real pre-commit.
- ``<!-- docs-test: covered-by=tests/FILE.py::TEST -->``: run by that test (which must exist).
- ``<!-- docs-test: output-of=COMMAND -->`` on an untagged block: what COMMAND prints,
  run from the repository's root; ``…`` stands for lines or a line's end left out.
- ``<!-- docs-test: skip=REASON -->``: not run, for the reason given. SKIPPED counts them,
  so the number cannot grow silently.

The workspace is a temporary folder holding a copy of fixtures/ and docs/site-standards/
and, for the placeholder names the docs use, copies of fixtures (PLACES); the absolute
placeholders are rewritten to relative ones (ABSOLUTE), and the docs' Dask scheduler
address to a LocalCluster's started for the test. ``README.md``'s first two commands
(a virtualenv, ``pip install``, the test suite) are run by .ci/run.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_ROOT

DOCUMENTS = sorted(
    [
        PROJECT_ROOT / "README.md",
        PROJECT_ROOT / "docs" / "site-standards" / "README.md",
        *(PROJECT_ROOT / "docs").glob("*.md"),
        *(PROJECT_ROOT / "docs" / "formats").glob("*.md"),
    ]
)
COMMANDS = {"sh", "console", "shell", "bash"}
SNIPPETS = {"yaml", "yml", "ini", "toml"}
# The blocks marked skip=REASON: change this number only with the docs' marker and reason.
SKIPPED = 5

# Placeholder names in the docs' commands -> what the workspace holds there.
PLACES = {
    "hosts": "fixtures/crosscheck/hosts/broken",
    "hosts/db90": "fixtures/runbook/broken/keyfile",  # so that hosts/ has findings to fix
    "hosts/db91": "fixtures/runbook/broken/ifcfg",
    "host-captures": "fixtures/crosscheck/hosts/broken",
    "switch-configs": "fixtures/crosscheck/ios/broken/switches",
    "switches": "fixtures/crosscheck/ios/broken/switches",
    "wiring.yaml": "fixtures/crosscheck/ios/broken/wiring.yaml",
    "etc": "fixtures/runbook/broken/keyfile/etc",
    "some/dir": "fixtures/runbook/broken",
    "sosreport-db04": "fixtures/sosreport/sosreport-db04-2026-11-24-xkqzmfa",
    "srv/sosreports": "fixtures/sosreport",
    "extracted": "fixtures/sosreport",
    "before": "fixtures/runbook/broken/capture",
    "after": "fixtures/runbook/fixed/capture",
    "my-policies": "docs/site-standards",
    "site-policies": "docs/site-standards",
    "site": "docs/site-standards",
}
ABSOLUTE = {"/srv/sosreports/": "srv/sosreports/"}
# The docs' scheduler address -> a LocalCluster's (test_the_documents_commands_run).
DASK_SCHEDULER = "tcp://scheduler:8786"
# Where the docs say "your copy of this repository" (it has no public home yet).
PLACEHOLDER_REPOSITORY = "https://git.example.org/network/bondlint.git"

MARKER = re.compile(r"^<!-- docs-test: (?P<kind>[\w-]+)(?:=(?P<value>.*?))? -->$")
FENCE = re.compile(r"^(?P<indent> *)```(?P<language>[\w-]*)\s*$")


@dataclass(frozen=True)
class Block:
    document: Path
    line: int  # of the opening fence
    language: str
    text: str
    kind: str  # "" when the block has no marker
    value: str

    @property
    def where(self) -> str:
        return f"{self.document.relative_to(PROJECT_ROOT)}:{self.line}"


def blocks(document: Path) -> list[Block]:
    """The fenced blocks of ``document`` with the marker above each (indented blocks of a
    list item included, their indentation removed)."""
    lines = document.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        indent = len(fence["indent"])
        end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
        body = "".join(line[indent:] + "\n" for line in lines[index + 1 : end])
        marker = MARKER.match(lines[index - 1].strip()) if index else None
        found.append(
            Block(
                document,
                index + 1,
                fence["language"],
                body,
                marker["kind"] if marker else "",
                (marker["value"] or "") if marker else "",
            )
        )
        index = end + 1
    return found


def all_blocks() -> list[Block]:
    return [block for document in DOCUMENTS for block in blocks(document)]


def checked(kind: str) -> list[Block]:
    return [b for b in all_blocks() if b.kind == kind]


# --- the inventory ---------------------------------------------------------------------


def test_every_command_and_snippet_block_is_run_or_marked_with_a_reason() -> None:
    kinds = {"", "script", "setup", "config", "input", "policy", "pre-commit", "covered-by", "output-of", "skip"}
    problems = []
    for block in all_blocks():
        if block.language not in COMMANDS | SNIPPETS:
            continue
        if block.kind not in kinds:
            problems.append(f"{block.where}: unknown docs-test marker {block.kind!r}")
        elif block.language in SNIPPETS and not block.kind:
            problems.append(f"{block.where}: a {block.language} block needs a docs-test marker (config, input, ...)")
        elif block.kind == "skip" and len(block.value.split()) < 3:
            problems.append(f"{block.where}: skip needs its reason")
    assert problems == []
    skipped = [b.where for b in checked("skip")]
    assert len(skipped) == SKIPPED, f"skipped blocks changed: {skipped}"


@pytest.mark.parametrize("block", checked("output-of"), ids=lambda b: b.where)
def test_the_documented_output_is_what_the_command_prints(block: Block) -> None:
    done = subprocess.run(
        ["bash", "-c", block.value], cwd=PROJECT_ROOT, env=environment(), capture_output=True, text=True
    )
    printed = done.stdout.splitlines()
    for line in block.text.splitlines():
        if line == "…":
            continue
        if line.endswith("…"):
            assert any(p.startswith(line[:-1]) for p in printed), f"{block.where}: {line}"
        else:
            assert line in printed, f"{block.where}: {line!r} not in\n{done.stdout}"


def test_covered_blocks_name_a_test_that_exists() -> None:
    for block in checked("covered-by"):
        path, _, name = block.value.partition("::")
        source = (PROJECT_ROOT / path).read_text(encoding="utf-8")
        assert f"def {name}(" in source, f"{block.where}: {block.value} does not exist"


# --- commands ----------------------------------------------------------------------------


def workspace(root: Path) -> Path:
    """A folder laid out as the docs' commands expect (PLACES), fixtures copied."""
    for folder in ("fixtures", "docs/site-standards"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    for place, source in PLACES.items():
        target = root / place
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = shutil.copytree if (PROJECT_ROOT / source).is_dir() else shutil.copy
        copy(PROJECT_ROOT / source, target)
    (root / "incoming").mkdir()
    with tarfile.open(root / "incoming" / "sosreport-db04.tar.xz", "w:xz") as tar:
        tar.add(root / PLACES["sosreport-db04"], arcname="sosreport-db04")
    return root


def command_lines(text: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def environment() -> dict[str, str]:
    """This interpreter's bondlint first on PATH, no colour, no configuration from above."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "NO_COLOR"}}
    return {**env, "PATH": path, "NO_COLOR": "1", "COLUMNS": "200"}


def written_files(command: str) -> list[str]:
    """The files a command says it writes: --output [FORMAT:]PATH, -o PATH, --html PATH."""
    words = shlex.split(command, comments=True)
    paths = []
    for option, value in pairwise(words):
        if option in {"--output", "-o", "--html"}:
            path = value.split(":", 1)[1] if re.match(r"^[a-z]+:", value) else value
            if "." in path or "/" in path:
                paths.append(path)
    return paths


def run_command(command: str, cwd: Path, where: str, script: bool = False, scheduler: str = "") -> None:
    for absolute, relative in ABSOLUTE.items():
        command = command.replace(absolute, relative)
    if DASK_SCHEDULER in command:
        assert scheduler, f"{where}: no Dask cluster for {command!r}"
        command = command.replace(DASK_SCHEDULER, scheduler)
    shell = ["sh", "-c"] if script else ["bash", "-c"]
    done = subprocess.run([*shell, command], cwd=cwd, env=environment(), capture_output=True, text=True, timeout=300)
    said = f"{where}: {command!r} exited {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert done.returncode in (0, 1), said
    assert "Traceback" not in done.stderr, said
    for path in written_files(command):
        assert (cwd / path).is_file(), f"{where}: {command!r} did not write {path}"


def command_blocks(document: Path) -> list[Block]:
    return [b for b in blocks(document) if b.language in COMMANDS and b.kind in {"", "script", "setup"}]


@pytest.mark.slow
@pytest.mark.parametrize(
    "document",
    [d for d in DOCUMENTS if command_blocks(d)],
    ids=lambda d: str(d.relative_to(PROJECT_ROOT)),
)
def test_the_documents_commands_run(document: Path, tmp_path: Path) -> None:
    root = workspace(tmp_path)
    with ExitStack() as stack:
        scheduler = ""
        if any(DASK_SCHEDULER in b.text for b in command_blocks(document)):
            scheduler = stack.enter_context(local_cluster())
        ran = 0
        for block in command_blocks(document):
            if block.kind == "setup":
                run_command(block.value, root, block.where)
            if block.kind == "script":
                run_command(block.text, root, block.where, script=True)
                ran += 1
                continue
            for command in command_lines(block.text):
                run_command(command, root, block.where, scheduler=scheduler)
                ran += 1
    assert ran


@contextmanager
def local_cluster() -> Iterator[str]:
    """A scheduler and one single-threaded worker process, as docs/fleet.md lays them out."""
    distributed = pytest.importorskip("distributed", reason="pip install '.[dask]'")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_the_placeholders_the_commands_name_are_in_the_workspace() -> None:
    """A command naming a folder the workspace lacks would exit 2 'Nothing was checked';
    this says which placeholder is missing before the slow run does."""
    known = set(PLACES) | {"fixtures", "docs", "incoming", "."}
    for document in DOCUMENTS:
        for block in command_blocks(document):
            for command in command_lines(block.text):
                for word in shlex.split(command, comments=True):
                    for absolute, relative in ABSOLUTE.items():
                        word = word.replace(absolute, relative)
                    if word.endswith("/") and not word.startswith(("-", "/", "tcp:", "https:")):
                        assert word.rstrip("/") in known or word.split("/")[0] in known, f"{block.where}: {word}"


# --- configuration snippets ------------------------------------------------------------


def rule_names(policy_dirs: list[Path]) -> set[str]:
    from bondlint.policies.loader import builtin_policy_dir, load_policies

    policies = load_policies([builtin_policy_dir(), *policy_dirs])
    return {key for p in policies for key in (p.id, p.name)}


def named_rules(config_path: Path) -> set[str]:
    from bondlint.config import load_config

    config = load_config(config_path)
    named = set(config.rules) | set(config.select) | set(config.ignore)
    if config.path_ignores:
        named |= {rule for rules in config.path_ignores.patterns.values() for rule in rules}
    named |= {rule for waiver in config.waivers for rule in waiver.rules}
    return named - {"all"}


@pytest.mark.parametrize("block", [b for b in checked("config") if not b.value], ids=lambda b: b.where)
def test_the_configuration_snippets_load_and_name_rules_that_exist(block: Block, tmp_path: Path) -> None:
    config = tmp_path / ".bondlint.yaml"
    config.write_text(block.text, encoding="utf-8")
    for other in checked("config"):
        if other.document == block.document and other.value:
            (tmp_path / other.value).write_text(other.text, encoding="utf-8")
    dirs = [tmp_path / d for d in (yaml.safe_load(block.text) or {}).get("policy-dirs", [])]
    for folder in dirs:  # the site's own policies: the repository's pack where the docs name it
        source = PROJECT_ROOT / folder.relative_to(tmp_path)
        shutil.copytree(source, folder) if source.is_dir() else folder.mkdir(parents=True)
    unknown = named_rules(config) - rule_names(dirs)
    assert not unknown, f"{block.where} names rules that do not exist: {sorted(unknown)}"
    shutil.copytree(PROJECT_ROOT / "fixtures" / "runbook" / "broken", tmp_path / "hosts")
    run_command("bondlint scan --format json hosts", tmp_path, block.where)


def test_every_file_beside_a_configuration_is_named_by_one() -> None:
    for block in checked("config"):
        if block.value:
            named = [
                b for b in checked("config") if b.document == block.document and not b.value and block.value in b.text
            ]
            assert named, f"{block.where}: no configuration snippet names {block.value}"


@pytest.mark.parametrize("block", checked("policy"), ids=lambda b: b.where)
def test_the_policy_snippets_are_valid_policy_keys(block: Block) -> None:
    from jsonschema import Draft202012Validator

    from bondlint.policies.loader import builtin_policy_dir

    schema = json.loads((PROJECT_ROOT / "bondlint" / "schemas" / "policy.schema.json").read_text(encoding="utf-8"))
    part = {key: value for key, value in schema.items() if key != "required"}  # a part of a policy
    snippet = yaml.safe_load(block.text)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft202012Validator(part).iter_errors(snippet)]
    assert errors == [], block.where
    assert builtin_policy_dir().is_dir()


@pytest.mark.parametrize("block", checked("input"), ids=lambda b: b.where)
def test_the_input_snippets_are_read(block: Block, tmp_path: Path) -> None:
    (tmp_path / block.value).write_text(block.text, encoding="utf-8")
    done = subprocess.run(
        [Path(sys.executable).parent / "bondlint", "scan", "--format", "json", block.value],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    rules = {f["rule"] for f in json.loads(done.stdout)["findings"]}
    assert not rules & {"BL000", "BL052"}, f"{block.where}: {rules}"


# --- the pre-commit entry --------------------------------------------------------------


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def pre_commit_entry() -> tuple[Block, dict[str, object]]:
    (block,) = checked("pre-commit")
    (repo,) = yaml.safe_load(block.text)["repos"]
    return block, repo


def test_the_pre_commit_rev_exists_and_holds_the_hook() -> None:
    """The documented ``rev:`` is a tag or a commit of this repository whose
    .pre-commit-hooks.yaml has the bondlint hook (no release is tagged: the docs pin a
    commit), and the repository is the docs' placeholder for the reader's copy."""
    block, repo = pre_commit_entry()
    assert repo["repo"] == PLACEHOLDER_REPOSITORY, block.where
    if not (PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    rev = str(repo["rev"])
    if git("rev-parse", "--is-shallow-repository", cwd=PROJECT_ROOT) == "true" and rev not in git(
        "tag", cwd=PROJECT_ROOT
    ):
        pytest.skip("a shallow clone may lack the pinned commit")
    manifest = yaml.safe_load(git("show", f"{rev}:.pre-commit-hooks.yaml", cwd=PROJECT_ROOT))
    assert [hook["id"] for hook in manifest] == [hook["id"] for hook in repo["hooks"]] == ["bondlint"]


def _pre_commit() -> str:
    beside = Path(sys.executable).parent / "pre-commit"
    found = shutil.which("pre-commit") or (str(beside) if beside.exists() else None)
    if not found:
        pytest.skip("pre-commit is not installed: pip install pre-commit (or '.[test]')")
    return found


@pytest.mark.integration
def test_the_pre_commit_entry_runs_the_hook(tmp_path: Path) -> None:
    """The docs' entry, with the reader's copy being this checkout, is a valid
    configuration; pre-commit runs the hook as this checkout has it (try-repo) on the
    runbook's broken keyfile host and fails it with BL001, and finds nothing on the fixed one."""
    pre_commit = _pre_commit()
    block, _ = pre_commit_entry()
    repo = tmp_path / "netconfig"
    repo.mkdir()
    env = {**environment(), "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    config = block.text.replace(PLACEHOLDER_REPOSITORY, str(PROJECT_ROOT))
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git("init", "-q", cwd=repo)
    validated = subprocess.run([pre_commit, "validate-config"], cwd=repo, env=env, capture_output=True, text=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr

    # db01 is the runbook's broken keyfile host, db02 the fixed one: one run, one install.
    for host, state in (("db01", "broken"), ("db02", "fixed")):
        shutil.copytree(PROJECT_ROOT / "fixtures" / "runbook" / state / "keyfile", repo / host)
    git("add", "-A", cwd=repo)
    done = subprocess.run(
        [pre_commit, "try-repo", str(PROJECT_ROOT), "bondlint", "--verbose", "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    findings = [line for line in done.stdout.splitlines() if re.match(r"^db0\d/\S+:\d+: ", line)]
    assert findings and all(line.startswith("db01/") for line in findings), done.stdout
    assert any(" BL001 " in line for line in findings), done.stdout
