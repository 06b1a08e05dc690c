"""The configuration file: ``.bondlint.yaml`` or ``[tool.bondlint]`` in ``pyproject.toml``.

Found from the current directory upward (the first folder holding either wins), validated
against the shipped schema; unknown keys and bad values are usage errors (exit 2) named
with file and line.  Paths in it are relative to the file.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bondlint.waivers import PathIgnores, Waiver

# The line of a setting (its path of keys) in the configuration file.
LineOf = Callable[[list[Any]], int]

CONFIG_NAMES = (".bondlint.yaml", ".bondlint.yml")
# A configuration is a few dozen lines: a file over this is refused, never read whole.
MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(Exception):
    def __init__(self, problems: list[str], unreadable: bool = False):
        super().__init__("\n".join(problems))
        self.problems = problems
        self.unreadable = unreadable  # the file itself could not be read (one problem)


@dataclass(slots=True)
class Config:
    """Settings from the configuration file (empty when there is none)."""

    path: Path | None = None
    # Base URL of the builtin rules' pages (docs/rules/BLnnn.md as published): SARIF helpUri.
    docs_url: str | None = None
    fail_on: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    policy_dirs: list[Path] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    # per-file-ignores and the suppressions entries (bondlint/waivers.py).
    path_ignores: PathIgnores | None = None
    waivers: list[Waiver] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def exclude_folder(self, folder: Path) -> None:
        """Never read what ``folder`` holds (a policy directory: rules and their examples,
        not inputs); the pattern is relative to ``root`` where the folder is inside it."""
        absolute = Path(os.path.abspath(folder))
        inside = (
            absolute.relative_to(os.path.abspath(self.root))
            if absolute.is_relative_to(os.path.abspath(self.root))
            else absolute
        )
        self.exclude.append(f"{inside.as_posix().rstrip('/')}/**")


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``.bondlint.yaml`` or ``pyproject.toml`` with ``[tool.bondlint]``.

    A candidate that is a symlink counts only when its target stays inside the folder it
    was found in (a repository's ``.bondlint.yaml -> /etc/shadow`` is refused when read);
    anything but a regular file is refused when read (``load_config``)."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if os.path.lexists(candidate / name):
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _inside(pyproject, candidate):
            try:
                text = _read(pyproject)
            except ConfigError:
                continue
            if "[tool.bondlint" in text:
                return pyproject
    return None


def _inside(path: Path, folder: Path) -> bool:
    from bondlint.discovery.sosreport import within

    return not path.is_symlink() or within(os.path.realpath(path), os.path.realpath(folder))


def _read(path: Path, found: bool = False) -> str:
    """The text of a configuration file: a regular file of at most ``MAX_CONFIG_BYTES``
    (a FIFO or ``/dev/zero`` is an error, never a hang); ``found`` (not named by the
    user): a symlink must stay inside the file's folder."""
    from bondlint.discovery import read_small_file

    if found and not _inside(path, path.parent):
        raise ConfigError(
            [f"{path}: cannot read configuration: a symlink to outside its folder: not read"], unreadable=True
        )
    try:
        return read_small_file(path, MAX_CONFIG_BYTES, "configuration file").decode("utf-8")
    except OSError as error:
        raise ConfigError([f"{path}: cannot read configuration: {error.strerror or error}"], unreadable=True) from None
    except UnicodeDecodeError as error:
        raise ConfigError(
            [f"{path}: cannot read configuration: not UTF-8 text ({error.reason} at byte {error.start})"],
            unreadable=True,
        ) from None


def load_config(path: Path | None, found: bool = False) -> Config:
    """Read and validate ``path`` (None: no configuration); ``found``: found by
    ``find_config``, not named by the user."""
    if path is None:
        return Config()
    text = _read(path, found)
    if path.name == "pyproject.toml":
        data, line_of = _from_pyproject(path, text)
    else:
        data, line_of = _from_yaml(path, text)
    _validate(path, data, line_of)
    base = path.parent
    config = Config(
        path=path,
        docs_url=data.get("docs-url"),
        fail_on=data.get("fail-on"),
        select=list(data.get("select", [])),
        ignore=list(data.get("ignore", [])),
        policy_dirs=[base / d for d in data.get("policy-dirs", [])],
        exclude=list(data.get("exclude", [])),
        rules=dict(data.get("rules", {})),
    )
    for folder in config.policy_dirs:
        config.exclude_folder(folder)
    if "per-file-ignores" in data or "suppressions" in data:
        _read_waivers(config, path, data, line_of)
    return config


def _read_waivers(config: Config, path: Path, data: dict[str, Any], line_of: LineOf) -> None:
    """``per-file-ignores`` and ``suppressions`` (a list of entries, or the name of a
    suppressions file relative to the configuration file)."""
    from bondlint.discovery import display_path
    from bondlint.waivers import PathIgnores, WaiverError, parse_waivers, read_suppressions_file

    base = os.path.abspath(config.root)
    if "per-file-ignores" in data:
        config.path_ignores = PathIgnores(base, {k: list(v) for k, v in data["per-file-ignores"].items()})
    entries = data.get("suppressions")
    try:
        if isinstance(entries, str):
            config.waivers = read_suppressions_file(config.root / entries)
        elif entries is not None:
            config.waivers = parse_waivers(entries, display_path(path), line_of, base, ["suppressions"])
    except WaiverError as error:
        raise ConfigError(error.problems) from None


def _from_yaml(path: Path, text: str) -> tuple[dict[str, Any], LineOf]:
    from ruamel.yaml.error import YAMLError

    from bondlint.safe_parse import LimitExceeded, line_of, load_yaml_bounded, one_line, plain_data

    try:
        # Bounded (bondlint/safe_parse.py): aliases, nesting, number sizes.
        document = load_yaml_bounded(text) or {}
    except LimitExceeded as error:
        raise ConfigError([f"{path}:{error.line or 1}: not read: {error.message}"]) from None
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ConfigError(
            [f"{path}:{mark.line + 1 if mark else 1}: invalid YAML: {one_line(getattr(error, 'problem', error))}"]
        ) from None
    except (RecursionError, TypeError, AttributeError) as error:  # ruamel on pathological input
        raise ConfigError([f"{path}:1: YAML not readable: {type(error).__name__}"]) from None
    if not isinstance(document, dict):
        raise ConfigError([f"{path}:1: the configuration is a mapping of settings"])
    settings: dict[str, Any] = plain_data(document)
    return settings, lambda where: line_of(document, where)


def _from_pyproject(path: Path, text: str) -> tuple[dict[str, Any], LineOf]:
    import re
    import tomllib

    from bondlint.safe_parse import LimitExceeded, load_toml, one_line

    try:
        # Bounded (bondlint/safe_parse.py): nesting depth, numbers Python converts.
        document = load_toml(text)
    except LimitExceeded as error:
        raise ConfigError([f"{path}:{error.line or 1}: not read: {error.message}"]) from None
    except tomllib.TOMLDecodeError as error:
        at = re.search(r"at line ([0-9]+)", str(error))
        raise ConfigError([f"{path}:{at.group(1) if at else 1}: invalid TOML: {one_line(error)}"]) from None
    tool = document.get("tool", {})
    data = tool.get("bondlint", {}) if isinstance(tool, dict) else {}
    lines = text.split("\n")

    def line_of(where: list[Any]) -> int:
        # TOML parsers keep no positions: find the key's line after [tool.bondlint].
        start = next((i for i, line in enumerate(lines) if line.strip().startswith("[tool.bondlint")), 0)
        key = str(where[-1]) if where else "tool.bondlint"
        for index in range(start, len(lines)):
            stripped = lines[index].strip()
            if stripped.startswith((f"{key} ", f"{key}=", f'"{key}"', f"[tool.bondlint.{key}")):
                return index + 1
        return start + 1

    return data, line_of


def _valid_on_jsonschema_rs(schema: dict[str, Any], data: Any) -> bool:
    """Whether jsonschema-rs finds ``data`` valid against the configuration schema (its
    keywords, ``type``, ``enum``, ``properties`` and ``additionalProperties``, give the
    same verdicts on both engines: tests/test_startup.py compares them); False when it
    does not, or cannot tell (a TOML date, a number past 64 bits)."""
    from bondlint.policies.fast import compile_schema

    # ``$schema`` and ``$id`` are the schema's metadata: no $ref resolves against them.
    fast = compile_schema({key: value for key, value in schema.items() if key not in ("$schema", "$id")})
    return not isinstance(fast, str) and fast.verdict(data) is True


def _validate(path: Path, data: dict[str, Any], line_of: LineOf) -> None:
    from importlib import resources  # only when there is a configuration file (slow to import)

    from bondlint.policies.viewcheck import parameter_value_problems
    from bondlint.safe_parse import one_line, validator_for_schema

    schema = json.loads(resources.files("bondlint").joinpath("schemas/config.schema.json").read_text("utf-8"))
    problems = []
    # jsonschema enumerates the problems only when jsonschema-rs finds one (or cannot tell):
    # a valid configuration never imports jsonschema.
    errors = [] if _valid_on_jsonschema_rs(schema, data) else validator_for_schema(schema).iter_errors(data)
    for error in sorted(errors, key=lambda e: list(e.absolute_path)):
        where = list(error.absolute_path)
        if error.validator == "additionalProperties":
            properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            allowed = list(properties)
            given = error.instance if isinstance(error.instance, dict) else {}
            for key in sorted(set(given) - set(allowed)):
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
                problems.append(f"{path}:{line_of([*where, key])}: unknown key '{key}'{hint}")
        else:
            at = "/".join(str(p) for p in where)
            problems.append(f"{path}:{line_of(where)}: {one_line((at + ': ' if at else '') + error.message)}")
    # A parameter's value is substituted into a policy's schema: nothing in it may make
    # that schema fetch, resolve elsewhere or overflow (policy check's rules).
    rules = data.get("rules") if isinstance(data, dict) and not problems else None
    for rule, settings in (rules or {}).items():
        for name, value in (settings.get("parameters") or {}).items():
            for where, message in parameter_value_problems(value, ["rules", rule, "parameters", name]):
                problems.append(f"{path}:{line_of(where)}: rules: {rule}: parameter '{name}': {message}")
    if problems:
        raise ConfigError(problems)
