"""Hostile policies, configuration files and YAML captures (issue 14, the parser side).

Policy and configuration files come with a pull request; captures come from machines
nobody trusts.  Every input here is generated (no stored blobs) and run in a subprocess
with a time limit and an address-space limit: a hostile file must end in a one-line
``file:line`` error with exit 2 (policy, configuration) or a BL000 finding (capture),
never a traceback, a hang, a blown memory limit or a network connection.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bondlint.safe_parse import MAX_ALIAS_NODES, MAX_DEPTH, MAX_NUMBER_CHARS

# Subprocesses with time and memory limits, and hypothesis runs: out of the `-m "not slow"` loop.
pytestmark = pytest.mark.slow

TIME_LIMIT = 60  # seconds per subprocess
MEMORY_LIMIT = 500 * 1024 * 1024  # address space of the subprocess

# Records socket and open events in the subprocess and writes them to a file at exit:
# a policy with a remote $ref must cause none of them.
RUNNER = textwrap.dedent(
    """
    import json, sys
    events = []
    def hook(event, args):
        if event.startswith("socket.") or (event == "open" and isinstance(args[0], str) and args[0] == "/etc/passwd"):
            events.append([event, repr(args)[:200]])
    sys.addaudithook(hook)
    from bondlint.cli import app
    try:
        app(sys.argv[2:], prog_name="bondlint")
    finally:
        with open(sys.argv[1], "w") as out:
            json.dump(events, out)
    """
)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


class Run:
    def __init__(self, process: subprocess.CompletedProcess[str], events: list[list[str]], seconds: float):
        self.code = process.returncode
        self.stdout = process.stdout
        self.stderr = process.stderr
        self.events = events
        self.seconds = seconds


def bondlint(tmp_path: Path, *args: str, cwd: Path | None = None) -> Run:
    """``bondlint ARGS`` in a subprocess under the limits, with its socket events."""
    events_file = tmp_path / "events.json"
    started = time.monotonic()
    process = subprocess.run(
        [sys.executable, "-c", RUNNER, str(events_file), *args],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limits,
        cwd=cwd or tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    events = json.loads(events_file.read_text()) if events_file.exists() else []
    run = Run(process, events, time.monotonic() - started)
    assert "Traceback" not in run.stderr + run.stdout, run.stderr[-3000:]
    assert "MemoryError" not in run.stderr, run.stderr[-3000:]
    return run


def _one_line_error(run: Run, file_name: str) -> str:
    """The error lines of a run that ended with exit 2: one of them names the file and a line."""
    assert run.code == 2, (run.code, run.stdout[-2000:], run.stderr[-2000:])
    lines = [line for line in (run.stderr + run.stdout).splitlines() if file_name in line]
    assert lines, run.stderr[-2000:]
    for line in lines:
        assert len(line) < 600, line[:600]
    located = [
        line for line in lines if line.split(file_name, 1)[1][:1] == ":" and line.split(file_name, 1)[1][1:2].isdigit()
    ]
    assert located, lines
    return located[0]


# -- generated inputs -------------------------------------------------------------------

BOND = "bond0.nmconnection"
BOND_TEXT = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\nmiimon=0\n"


def policy(require: str, extra: str = "") -> str:
    """A valid policy file around ``require`` (YAML text indented under ``require:``)."""
    return (
        "id: HOST001\nname: hostile-test\nseverity: warning\ntitle: A test policy\n"
        "description: A policy written by a test.\nremediation: None.\n"
        "references: [https://example.org/]\napplies-to: bond\n"
        f"{extra}"
        "require:\n" + textwrap.indent(require.strip("\n"), "  ") + "\n"
        'message: "bond {name} fails"\n'
        "examples:\n"
        "  - name: fails\n    files: {a.nmconnection: x}\n    expect: [a.nmconnection:1]\n"
        "  - name: passes\n    files: {a.nmconnection: x}\n    expect: []\n"
    )


def alias_bomb(key: str = "a") -> str:
    """Billion laughs: nine levels of ten aliases each (10**9 nodes when expanded)."""
    lines = [f'{key}0: &{key}0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"{key}{level}: &{key}{level} [" + ", ".join([f"*{key}{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def deep_block(prefix: str = "") -> str:
    return prefix + "- " * 100_000 + "x\n"


def deep_flow(prefix: str = "") -> str:
    return prefix + "[" * 100_000 + "]" * 100_000 + "\n"


def huge_integer(prefix: str = "") -> str:
    return prefix + "9" * 100_001 + "\n"


def scan_with_policy(tmp_path: Path, text: str) -> Run:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "HOST001.yaml").write_text(text)
    (tmp_path / "hosts").mkdir()
    (tmp_path / "hosts" / BOND).write_text(BOND_TEXT)
    return bondlint(tmp_path, "scan", "--policy-dir", "policies", "hosts")


# -- $ref: offline, always -------------------------------------------------------------


@pytest.fixture
def listener():
    """A local TCP port that would accept a connection (and records whether one came)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield server.getsockname()[1], server
    server.close()


@pytest.mark.parametrize("kind", ["http", "https", "file", "relative"])
def test_a_remote_ref_is_refused_and_nothing_is_fetched(tmp_path: Path, listener, kind: str) -> None:
    port, server = listener
    ref = {
        "http": f"http://127.0.0.1:{port}/schema.json",
        "https": "https://bondlint-test.invalid/schema.json",
        "file": "file:///etc/passwd",
        "relative": "other.json#/x",
    }[kind]
    run = scan_with_policy(tmp_path, policy(f'properties:\n  effective: {{$ref: "{ref}"}}\n'))
    line = _one_line_error(run, "HOST001.yaml")
    assert "HOST001.yaml:11:" in line and "outside this schema" in line, line
    assert run.events == [], run.events  # no socket created, no DNS, /etc/passwd not opened
    with pytest.raises(BlockingIOError):
        server.accept()


def test_policy_check_refuses_a_remote_ref_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "HOST001.yaml").write_text(policy('$ref: "http://127.0.0.1:9/x"\n'))
    run = bondlint(tmp_path, "policy", "check", "p")
    assert "HOST001.yaml:10: '$ref' names 'http://127.0.0.1:9/x', outside this schema" in _one_line_error(
        run, "HOST001.yaml"
    )
    assert run.events == []


@pytest.mark.parametrize(
    ("require", "line", "words"),
    [
        ('properties:\n  effective: {$ref: "#/$defs/missing"}\n', 11, "not in this schema"),
        ('$defs:\n  a: {required: [x]}\nproperties:\n  effective: {$ref: "#/$defs/a/required"}\n', 13, "no schema"),
        (
            '$defs:\n  a: {$ref: "#/$defs/b"}\n  b: {allOf: [{$ref: "#/$defs/a"}]}\n'
            'properties:\n  effective: {$ref: "#/$defs/a"}\n',
            11,
            "loops back",
        ),
        ('$ref: "#"\n', 10, "loops back"),
        (
            '$id: "http://127.0.0.1:9/"\nproperties:\n  effective: {$ref: "#/$defs/x"}\n$defs: {x: {}}\n',
            10,
            "'$id' is not allowed",
        ),
        ('$defs:\n  x: {$anchor: here}\nproperties:\n  effective: {$ref: "#here"}\n', 13, "an anchor"),
    ],
)
def test_bad_local_refs_are_refused_at_their_line(tmp_path: Path, require: str, line: int, words: str) -> None:
    run = scan_with_policy(tmp_path, policy(require))
    error = _one_line_error(run, "HOST001.yaml")
    assert f"HOST001.yaml:{line}:" in error and words in error, error
    assert run.events == []


def test_an_exponential_ref_graph_is_refused(tmp_path: Path) -> None:
    defs = "".join(
        f'  d{i}: {{allOf: [{{$ref: "#/$defs/d{i + 1}"}}, {{$ref: "#/$defs/d{i + 1}"}}]}}\n' for i in range(40)
    )
    run = scan_with_policy(tmp_path, policy(f'$defs:\n{defs}  d40: {{}}\n$ref: "#/$defs/d0"\n'))
    assert "unfolds through '$ref' to more than" in _one_line_error(run, "HOST001.yaml")


def test_the_engine_fetches_nothing_even_past_the_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """A validator built by the engine has a registry that retrieves nothing: a remote
    $ref (here put in the schema after loading) raises, no socket is opened."""
    from bondlint.policies.engine import view_validator
    from bondlint.safe_parse import offline_registry

    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    validator = view_validator()({"$ref": "http://127.0.0.1:9/x"}, registry=offline_registry())
    with pytest.raises(Exception) as raised:
        validator.is_valid({})
    assert "AssertionError" not in repr(raised.value)


def test_compiling_a_policy_with_a_remote_ref_is_a_policy_error() -> None:
    """A site's parameter value reaches the schema after loading: CompiledPolicy checks again."""
    from dataclasses import replace

    from bondlint.policies.engine import CompiledPolicy
    from bondlint.policies.loader import PolicyError, builtin_policy_dir, load_policies

    base = load_policies([builtin_policy_dir()])[0]
    hostile = replace(base, require={"properties": {"effective": {"$ref": "https://bondlint-test.invalid/x"}}})
    with pytest.raises(PolicyError) as raised:
        CompiledPolicy(hostile)
    assert "outside this schema" in str(raised.value)


def test_a_parameter_override_with_a_ref_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / ".bondlint.yaml").write_text(
        "rules:\n  BL001:\n    parameters:\n      x:\n        $ref: http://127.0.0.1:9/\n"
    )
    (tmp_path / "hosts").mkdir()
    (tmp_path / "hosts" / BOND).write_text(BOND_TEXT)
    run = bondlint(tmp_path, "scan", "hosts")
    assert ".bondlint.yaml:5: rules: BL001: parameter 'x': '$ref' is not allowed" in _one_line_error(
        run, ".bondlint.yaml"
    )
    assert run.events == []


# -- regular expressions -----------------------------------------------------------------


def test_a_catastrophic_pattern_runs_in_linear_time(tmp_path: Path) -> None:
    """(a+)+$ against a long name backtracks for ages in Python's re; on RE2 it is instant."""
    name = "a" * 5000 + "!"
    run = scan_with_policy(tmp_path, policy('properties:\n  name: {not: {pattern: "^(a+)+$"}}\n'))
    assert run.code in (0, 1), run.stderr[-2000:]
    hosts = tmp_path / "hosts"
    (hosts / "long.nmconnection").write_text(BOND_TEXT.replace("bond0", name))  # 2**5000 steps in Python's re
    (hosts / "short.nmconnection").write_text(BOND_TEXT.replace("bond0", "aaaa"))
    run = bondlint(tmp_path, "scan", "--policy-dir", "policies", "--select", "HOST001", "--format", "json", "hosts")
    assert run.seconds < 30, run.seconds
    # The policy ran: the bond named aaaa matches, the long name does not.
    assert [f["entity"]["name"] for f in _findings(run)] == ["aaaa"]


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(a)\\1", "RE2 cannot compile it"),
        ("(?=a)b", "RE2 cannot compile it"),
        ("(?:[a-z]{1,50}[a-m]){20}9", "RE2 instructions"),
        ("a" * 1001, "longer than 1000"),
    ],
)
def test_policy_check_refuses_patterns_re2_will_not_run(tmp_path: Path, pattern: str, words: str) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "HOST001.yaml").write_text(policy(f'properties:\n  name: {{pattern: "{pattern}"}}\n'))
    run = bondlint(tmp_path, "policy", "check", "p")
    error = _one_line_error(run, "HOST001.yaml")
    assert "HOST001.yaml:11:" in error and words in error, error


def test_pattern_properties_use_re2(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "HOST001.yaml").write_text(
        policy("properties:\n  effective:\n    patternProperties:\n      '(?<=x)y': {}\n")
    )
    error = _one_line_error(bondlint(tmp_path, "policy", "check", "p"), "HOST001.yaml")
    assert "HOST001.yaml:13:" in error and "RE2 cannot compile it" in error, error


def test_safe_keywords_keep_draft_2020_12_semantics() -> None:
    from bondlint.policies.engine import view_validator
    from bondlint.safe_parse import offline_registry

    def errors(schema, instance):
        return [e.message for e in view_validator()(schema, registry=offline_registry()).iter_errors(instance)]

    assert errors({"pattern": "b"}, "abc") == []  # a search, not a match
    assert errors({"pattern": "^b"}, "abc") == ["'abc' does not match '^b'"]
    assert errors({"patternProperties": {"^x": {"type": "integer"}}}, {"xa": "s", "b": "s"}) == [
        "'s' is not of type 'integer'"
    ]
    assert errors({"patternProperties": {"^x": True}, "additionalProperties": False}, {"xa": 1, "b": 2}) == [
        "'b' does not match any of the regexes: '^x'"
    ]
    assert errors({"properties": {"a": True}, "additionalProperties": False}, {"a": 1, "c": 2}) == [
        "Additional properties are not allowed ('c' was unexpected)"
    ]
    assert errors({"patternProperties": {"^x": True}, "unevaluatedProperties": False}, {"xa": 1, "b": 2}) == [
        "Unevaluated properties are not allowed ('b' was unexpected)"
    ]
    assert errors({"propertyNames": {"pattern": "^[a-z]+$"}}, {"ok": 1, "No": 2}) == ["'No' does not match '^[a-z]+$'"]
    started = time.monotonic()
    assert errors({"pattern": "(a+)+$"}, "a" * 100_000 + "!") == [f"{'a' * 100_000 + '!'!r} does not match '(a+)+$'"]
    assert time.monotonic() - started < 1


# -- bounded YAML in policy and configuration files -----------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (alias_bomb() + policy("{}"), 5, f"more than {MAX_ALIAS_NODES} nodes"),
        (deep_block("x:\n  ") + policy("{}"), 2, f"deeper than {MAX_DEPTH} levels"),
        (deep_flow("x: ") + policy("{}"), 1, f"deeper than {MAX_DEPTH} levels"),
        (huge_integer("x: ") + policy("{}"), 1, f"longer than {MAX_NUMBER_CHARS} digits"),
        (
            policy("properties:\n  effective:\n    properties:\n      miimon: {maximum: " + "9" * 30 + "}\n"),
            13,
            "beyond ±2**63",
        ),
        ("a: &a [*a]\n", 1, "inside its own anchor"),
    ],
    ids=["alias-bomb", "deep-block", "deep-flow", "huge-integer", "big-integer", "recursive-alias"],
)
def test_hostile_policy_yaml_is_a_one_line_error(tmp_path: Path, text: str, line: int, words: str) -> None:
    run = scan_with_policy(tmp_path, text)
    error = _one_line_error(run, "HOST001.yaml")
    assert f"HOST001.yaml:{line}:" in error and words in error, error
    assert run.seconds < 30, run.seconds


def test_a_policy_that_is_no_regular_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    os.mkfifo(tmp_path / "p" / "HOST001.yaml")
    run = bondlint(tmp_path, "policy", "check", "p")
    assert "not a regular file" in _one_line_error(run, "HOST001.yaml")


CONFIGS = {
    ".bondlint.yaml": [
        (alias_bomb(), 5, "alias bomb"),
        (deep_block("rules:\n  "), 2, f"deeper than {MAX_DEPTH} levels"),
        (deep_flow("rules: "), 1, f"deeper than {MAX_DEPTH} levels"),
        (huge_integer("fail-on: "), 1, f"longer than {MAX_NUMBER_CHARS} digits"),
    ],
    "pyproject.toml": [
        ("[tool.bondlint]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n", 2, f"deeper than {MAX_DEPTH} levels"),
        ("[tool.bondlint]\nx = " + "{a=" * 100_000 + "1" + "}" * 100_000 + "\n", 2, f"deeper than {MAX_DEPTH} levels"),
        ("[tool.bondlint]\n" + ".".join(["a"] * 100_000) + " = 1\n", 2, "dotted key"),
        ("[tool.bondlint." + ".".join(["a"] * 100_000) + "]\n", 1, "dotted key"),
        ("[tool.bondlint]\nx = " + "9" * 100_001 + "\n", 2, "cannot convert"),
    ],
}


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [(name, *case) for name, cases in CONFIGS.items() for case in cases],
    ids=[f"{name}-{index}" for name, cases in CONFIGS.items() for index in range(len(cases))],
)
def test_hostile_configuration_is_a_one_line_error(tmp_path: Path, name: str, text: str, line: int, words: str) -> None:
    (tmp_path / name).write_text(text)
    (tmp_path / "hosts").mkdir()
    (tmp_path / "hosts" / BOND).write_text(BOND_TEXT)
    run = bondlint(tmp_path, "scan", "hosts")
    error = _one_line_error(run, name)
    assert f"{name}:{line}:" in error and words in error, error
    assert run.seconds < 30, run.seconds


# -- captures: a BL000 finding at the line, the rest of the scan goes on ------------------


def _findings(run: Run) -> list[dict]:
    assert run.code in (0, 1), (run.code, run.stderr[-2000:])
    return json.loads(run.stdout)["findings"]


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        ("netplan/01-bomb.yaml", "network:\n  version: 2\n" + alias_bomb("l"), 7, "alias bomb"),
        ("netplan/02-deep.yaml", "network:\n  version: 2\n  bonds:\n    " + "- " * 100_000 + "x\n", 4, "deeper than"),
        (
            "netplan/03-int.yaml",
            "network:\n  version: 2\n  bonds:\n    bond1:\n      mtu: " + "9" * 100_001 + "\n",
            5,
            "digits",
        ),
        ("wiring.yaml", "links:\n" + "- " * 100_000 + "x\n", 2, "deeper than"),
        ("wiring-bomb.yaml", "links: []\n" + alias_bomb("w"), 6, "alias bomb"),
        ("wiring-flow.yaml", "links: " + "[" * 100_000 + "]" * 100_000 + "\n", 1, "nested deeper"),
    ],
    ids=[
        "netplan-alias-bomb",
        "netplan-deep",
        "netplan-huge-integer",
        "wiring-deep",
        "wiring-alias-bomb",
        "wiring-deep-flow",
    ],
)
def test_hostile_yaml_capture_is_a_bl000_finding(tmp_path: Path, name: str, text: str, line: int, words: str) -> None:
    hosts = tmp_path / "hosts"
    (hosts / name).parent.mkdir(parents=True, exist_ok=True)
    (hosts / name).write_text(text)
    (hosts / BOND).write_text(BOND_TEXT)
    run = bondlint(tmp_path, "scan", "--format", "json", "hosts")
    findings = _findings(run)
    malformed = [f for f in findings if f["rule"] == "BL000" and f["path"].endswith(name)]
    assert malformed, findings
    assert any(f["line"] == line and words in f["message"] for f in malformed), malformed
    # The rest of the scan goes on: the keyfile's bond without monitoring is still judged.
    assert any(f["rule"] == "BL001" and f["path"].endswith(BOND) for f in findings), findings
    assert run.seconds < 30, run.seconds


# -- fuzzing: the loaders return or raise their documented error, nothing else -----------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
_yaml_bits = st.lists(
    st.sampled_from(
        [
            "a",
            "b:",
            " ",
            "\n",
            "- ",
            "[",
            "]",
            "{",
            "}",
            ",",
            "&x ",
            "*x",
            "<<: ",
            "!!str ",
            "? ",
            "|",
            ">",
            "'",
            '"',
            "#",
            "%YAML 1.2\n",
            "---\n",
            "...\n",
            "1e999",
            "0x" + "f" * 20,
            "9" * 30,
            "$ref: ",
            "id: ",
            "require:",
            "\t",
            "~",
        ]
    ),
    max_size=40,
).map("".join)
_texts = st.one_of(_values.map(json.dumps), _yaml_bits, st.text(max_size=200))
_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_FUZZ
@given(text=_texts)
def test_fuzz_policy_loader(tmp_path: Path, text: str) -> None:
    from bondlint.policies.loader import PolicyError, load_policies

    folder = tmp_path / "fuzz-policies"
    folder.mkdir(exist_ok=True)
    (folder / "p.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_policies([folder], use_bundle=False)
    except PolicyError as error:
        assert all("\n" not in problem for problem in error.problems)


@_FUZZ
@given(value=_values, wrap=st.booleans())
def test_fuzz_policy_loader_with_a_policy_shaped_document(tmp_path: Path, value, wrap: bool) -> None:
    """Random when/require/parameters in an otherwise valid policy: loaded or refused."""
    from bondlint.policies.engine import CompiledPolicy
    from bondlint.policies.loader import PolicyError, load_policies

    folder = tmp_path / "fuzz-shaped"
    folder.mkdir(exist_ok=True)
    require = {"properties": {"effective": value}} if wrap else value
    (folder / "p.yaml").write_text(
        policy(json.dumps(require), extra=f"when: {json.dumps(value)}\n"), encoding="utf-8", errors="surrogatepass"
    )
    try:
        for loaded in load_policies([folder], use_bundle=False):
            CompiledPolicy(loaded)
    except PolicyError as error:
        assert all("\n" not in problem for problem in error.problems)


@_FUZZ
@given(text=_texts, toml=st.booleans())
def test_fuzz_config_loader(tmp_path: Path, text: str, toml: bool) -> None:
    from bondlint.config import ConfigError, load_config

    if toml:
        path = tmp_path / "pyproject.toml"
        text = "[tool.bondlint]\n" + text
    else:
        path = tmp_path / ".bondlint.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(ConfigError):
        load_config(path)


@_FUZZ
@given(text=_texts)
def test_fuzz_yaml_text_loader(text: str) -> None:
    from bondlint.sources.text import DiagnosticLog
    from bondlint.sources.yaml_text import load_yaml

    log = DiagnosticLog("fuzz.yaml")
    load_yaml(text, log, "a fuzz document")  # returns a document or None; never raises
