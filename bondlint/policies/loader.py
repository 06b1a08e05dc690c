"""Read policy YAML files, check them against the shipped schema, report errors by line.

A bad policy is a usage error (exit 2) and must say exactly where it is wrong:
``policies/BL001.yaml:7: unknown key 'requre' (did you mean 'require'?)``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bondlint.safe_parse import line_of, one_line, plain_data

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

BUILTIN_POLICY_DIR = Path(__file__).resolve().parent.parent.parent / "policies"
# The package's folder, as importlib.resources.files("bondlint") names it (that module
# and its readers cost a start-up ~10 ms; bondlint's data are plain files beside it).
PACKAGE_DIR = Path(__file__).parent.parent


class PolicyError(Exception):
    """One or more policy files are invalid; ``problems`` are ``path:line: message``."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    files: dict[str, str]
    expect: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Policy:
    """One rule as written in its YAML file."""

    id: str
    name: str
    severity: str
    title: str
    description: str
    remediation: str
    references: tuple[str, ...]
    tags: tuple[str, ...]
    applies_to: str
    when: Any
    require: Any
    locate: tuple[str, ...]
    related: tuple[str, ...]
    message: str
    examples: tuple[Example, ...]
    source: str
    line: int = 1
    enabled: bool = True
    parameters: dict[str, Any] = field(default_factory=dict)
    # How ``bondlint fix`` edits the bond's own file (the YAML ``fix`` mapping as written:
    # safety, summary, set, add, remove); None: the rule has no file fix.
    fix: dict[str, Any] | None = None
    # The fix as commands to paste, per applying tool and switch platform (the YAML
    # ``commands`` mapping, bondlint/policies/commands.py); None: prose only.
    commands: dict[str, Any] | None = None

    def with_overrides(self, severity: str | None = None, parameters: dict[str, Any] | None = None) -> Policy:
        """This policy with a site's severity and parameter values (configuration file)."""
        from dataclasses import replace

        merged = {**self.parameters, **(parameters or {})}
        return replace(self, severity=severity or self.severity, parameters=merged)


# The ``when`` and ``require`` of every policy this module checked (validated YAML, or a
# bundle written from validated YAML), with the parameter values they were checked with:
# CompiledPolicy need not run the safety checks again on the very same objects with the
# same values.  Keyed by identity; the objects are held, so no identity is reused.  A
# process that loads catalogs over and over starts the record again past a bound (a
# policy not found is only checked again).
_CHECKED: dict[tuple[int, int], tuple[Any, Any, dict[str, Any]]] = {}
_MAX_CHECKED = 10_000


def _remember_checked(policy: Policy) -> None:
    if len(_CHECKED) >= _MAX_CHECKED:
        _CHECKED.clear()
    _CHECKED[id(policy.when), id(policy.require)] = (policy.when, policy.require, dict(policy.parameters))


def was_checked(policy: Policy) -> bool:
    """Whether ``policy``'s ``when`` and ``require`` with its parameter values are the
    very ones the loader checked (schema_safety_problems found nothing): true for a policy
    loaded here, or one with only its severity or ``enabled`` changed; false once a
    site's parameter values or another schema replace them."""
    found = _CHECKED.get((id(policy.when), id(policy.require)))
    return (
        found is not None and found[0] is policy.when and found[1] is policy.require and found[2] == policy.parameters
    )


def builtin_policy_dir() -> Path:
    """Where the builtin catalog lives (the repository's ``policies/`` or the installed copy)."""
    if BUILTIN_POLICY_DIR.is_dir():
        return BUILTIN_POLICY_DIR
    return PACKAGE_DIR / "builtin_policies"


def policy_schema() -> dict[str, Any]:
    text = (PACKAGE_DIR / "schemas/policy.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


BUNDLE_NAME = "builtin_policies.json"


@cache
def builtin_rule_names() -> frozenset[str]:
    """The ids and names of the builtin catalog, whichever rules a run selects: a
    suppression comment naming none of them (nor a rule run) names no rule."""
    return frozenset(key for policy in load_policies([builtin_policy_dir()]) for key in (policy.id, policy.name))


def bundle_path() -> Path:
    return PACKAGE_DIR / BUNDLE_NAME


# A policy file is small text; a pull request's policy directory may hold anything.
MAX_POLICY_BYTES = 1 << 20


def _policy_files(directory: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` below ``directory``, sorted; symbolic links to folders
    are not followed (a link loop cannot make the walk endless)."""
    import os

    found: list[Path] = []
    for folder, subfolders, names in os.walk(directory, followlinks=False):
        subfolders.sort()
        found.extend(Path(folder) / name for name in names if name.endswith((".yaml", ".yml")))
    return sorted(found)


def _read_policy(path: Path) -> str:
    """A policy file's text: a regular file (after symbolic links) of at most
    ``MAX_POLICY_BYTES``, read without blocking on a FIFO or a device."""
    import os
    import stat

    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"not a regular file ({stat.filemode(info.st_mode)[0]}): a policy is a YAML file")
    if info.st_size > MAX_POLICY_BYTES:
        raise OSError(f"{info.st_size} bytes is more than any policy ({MAX_POLICY_BYTES} bytes, limit)")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # swapped since the stat
            raise OSError("not a regular file: a policy is a YAML file")
        data = stream.read(MAX_POLICY_BYTES + 1)
    if len(data) > MAX_POLICY_BYTES:
        raise OSError(f"more than {MAX_POLICY_BYTES} bytes (limit)")
    return data.decode("utf-8")


def _digest(files: list[Path]) -> str:
    """A checksum of the policy files, names and bytes: whether the bundle was written
    from these very files (a cache check, not a signature: whoever can change a policy
    file can change the bundle). CRC-32 from zlib, which is imported anyway, where a
    sha256 would load OpenSSL on every run."""
    import zlib

    crc = 0
    for path in files:
        crc = zlib.crc32(path.read_bytes(), zlib.crc32(path.name.encode() + b"\0", crc))
    return f"crc32:{crc:08x}:{len(files)}"


def write_bundle(directory: Path, target: Path | None = None) -> int:
    """Validate the builtin catalog and store it as JSON with the sources' digest.

    At run time the bundle replaces parsing and validating every YAML file again, but
    only while the digest still matches the files (an edited policy is re-validated).
    """
    policies = load_policies([directory], use_bundle=False)
    files = _policy_files(directory)
    document = {
        "digest": _digest(files),
        "policies": [_to_plain(p) for p in policies],
    }
    (target or bundle_path()).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    return len(policies)


def _to_plain(policy: Policy) -> dict[str, Any]:
    from dataclasses import asdict

    plain = asdict(policy)
    plain["examples"] = [asdict(e) for e in policy.examples]
    return plain


def _from_plain(plain: dict[str, Any], directory: Path, shown: Callable[[str], str]) -> Policy:
    fields = dict(plain)
    fields["examples"] = tuple(
        Example(name=e["name"], files=dict(e["files"]), expect=tuple(e["expect"])) for e in plain["examples"]
    )
    for key in ("references", "tags", "locate", "related"):
        fields[key] = tuple(fields[key])
    fields["source"] = shown(Path(plain["source"]).name)
    policy = Policy(**fields)
    _remember_checked(policy)  # checked when the bundle was written
    return policy


def _displayer(directory: Path) -> Callable[[str], str]:
    """``_display(directory / name)`` for the files of one folder, resolving the folder
    and the working directory once instead of once per file (a file that is itself a
    symbolic link is resolved as ``_display`` does)."""
    folder = directory.resolve()
    here = Path.cwd().resolve()

    def shown(name: str) -> str:
        path = folder / name
        if path.is_symlink():
            return _display(directory / name)
        return path.relative_to(here).as_posix() if path.is_relative_to(here) else (directory / name).as_posix()

    return shown


def _from_bundle(directory: Path) -> list[Policy] | None:
    """The builtin catalog from its validated bundle, if the bundle is current."""
    path = bundle_path()
    if directory.resolve() != builtin_policy_dir().resolve() or not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("digest") != _digest(_policy_files(directory)):
            return None
        shown = _displayer(directory)
        return [_from_plain(p, directory, shown) for p in document["policies"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_policies(directories: list[Path], use_bundle: bool = True) -> list[Policy]:
    """Every ``*.yaml``/``*.yml`` policy under ``directories``, validated; sorted by id.

    The builtin catalog comes from its pre-validated bundle while that is current.
    Raises ``PolicyError`` listing every problem found in every file.
    """
    problems: list[str] = []
    policies: list[Policy] = []
    validator = None
    for directory in directories:
        if not directory.is_dir():
            problems.append(f"{directory}: policy directory not found")
            continue
        bundled = _from_bundle(directory) if use_bundle else None
        if bundled is not None:
            policies.extend(bundled)
            continue
        if validator is None:
            from bondlint.safe_parse import validator_for_schema  # imports jsonschema: only when YAML is validated

            validator = validator_for_schema(policy_schema())
        for path in _policy_files(directory):
            policy = _load_one(path, validator, problems)
            if policy is not None:
                policies.append(policy)
    problems.extend(_duplicates(policies))
    if problems:
        raise PolicyError(problems)
    return sorted(policies, key=lambda p: p.id)


def _load_one(path: Path, validator: Validator, problems: list[str]) -> Policy | None:
    display = _display(path)
    document = _read_document(path, display, problems)
    if document is None:
        return None
    plain = plain_data(document)
    found = _shape_problems(display, document, plain, validator)
    if not found:
        found = _rule_problems(display, document, plain)
    if not found:
        found = _view_problems(display, document, plain)
    if found:
        problems.extend(found)
        return None
    policy = Policy(
        id=plain["id"],
        name=plain["name"],
        severity=plain["severity"],
        title=plain["title"],
        description=plain["description"].strip(),
        remediation=plain["remediation"].strip(),
        references=tuple(plain["references"]),
        tags=tuple(plain.get("tags", ())),
        applies_to=plain["applies-to"],
        when=plain.get("when", True),
        require=plain["require"],
        locate=tuple(plain.get("locate", ())),
        related=tuple(plain.get("related", ())),
        message=plain["message"].strip(),
        examples=tuple(
            Example(name=e["name"], files=dict(e["files"]), expect=tuple(e["expect"])) for e in plain["examples"]
        ),
        source=display,
        line=1,
        enabled=plain.get("enabled", True),
        parameters={name: spec["default"] for name, spec in plain.get("parameters", {}).items()},
        fix=plain.get("fix"),
        commands=plain.get("commands"),
    )
    _remember_checked(policy)
    return policy


def _read_document(path: Path, display: str, problems: list[str]) -> dict[Any, Any] | None:
    """The policy file's YAML mapping (ruamel's, with lines), or None with the problem said."""
    from ruamel.yaml.error import YAMLError

    from bondlint.safe_parse import LimitExceeded, load_yaml_bounded

    try:
        text = _read_policy(path)
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{display}:1: cannot read policy: {one_line(error)}")
        return None
    try:
        # Bounded (bondlint/safe_parse.py): a pull request's policy cannot exhaust memory
        # with aliases, nest past 100 levels or hold a number Python will not convert.
        document = load_yaml_bounded(text)
    except LimitExceeded as error:
        problems.append(f"{display}:{error.line or 1}: not read: {error.message}")
        return None
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.append(f"{display}:{line}: invalid YAML: {one_line(getattr(error, 'problem', error))}")
        return None
    except (RecursionError, TypeError, AttributeError) as error:  # ruamel on pathological input
        problems.append(f"{display}:1: YAML not readable: {type(error).__name__}")
        return None
    if not isinstance(document, dict):
        problems.append(f"{display}:1: a policy file holds one mapping (id, name, severity, …)")
        return None
    return document


def _shape_problems(display: str, document: dict[Any, Any], plain: dict[str, Any], validator: Validator) -> list[str]:
    """The policy file against the policy schema."""
    found: list[str] = []
    for schema_error in sorted(validator.iter_errors(plain), key=lambda e: list(e.absolute_path)):
        for where, message in _describe(schema_error):
            found.append(f"{display}:{line_of(document, where)}: {one_line(message)}")
    return found


def _rule_problems(display: str, document: dict[Any, Any], plain: dict[str, Any]) -> list[str]:
    """``when`` and ``require``: parameters declared, valid JSON Schemas, safe to run."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    from bondlint.policies.viewcheck import schema_safety_problems

    declared = set(plain.get("parameters", {}))
    for key in ("when", "require"):
        for used in sorted(_params_used(plain.get(key)) - declared):
            line = line_of(document, [key])
            return [f"{display}:{line}: '{key}' uses parameter '{used}', which 'parameters' does not declare"]
    defaults = {name: spec["default"] for name, spec in plain.get("parameters", {}).items()}
    for key in ("when", "require"):
        if key in plain:
            schema = substitute_parameters(plain[key], defaults)
            try:
                Draft202012Validator.check_schema(schema)
            except SchemaError as error:
                line = line_of(document, [key, *error.absolute_path])
                return [f"{display}:{line}: '{key}' is not a valid JSON Schema: {one_line(error.message)}"]
            # What the engine must not run: a $ref outside the schema, dangling or looping,
            # a pattern RE2 refuses, an integer past 2**63, a schema that unfolds too far.
            unsafe = schema_safety_problems(schema, [key])
            if unsafe:
                return [f"{display}:{line_of(document, where)}: {one_line(message)}" for where, message in unsafe]
    return []


def _view_problems(display: str, document: dict[Any, Any], plain: dict[str, Any]) -> list[str]:
    """Every property, keyword, pointer and message field against the view schema: a
    misspelled one is no schema error, it silently never matches."""
    from bondlint.policies.commands import template_problems
    from bondlint.policies.viewcheck import check_policy

    found = [*check_policy(plain), *template_problems(plain.get("commands"))]
    return [f"{display}:{line_of(document, where)}: {one_line(message)}" for where, message in found]


def _params_used(node: Any) -> set[str]:
    if isinstance(node, dict):
        if set(node) == {"$param"}:
            return {str(node["$param"])}
        return set().union(*(_params_used(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_params_used(v) for v in node)) if node else set()
    return set()


def substitute_parameters(node: Any, values: dict[str, Any]) -> Any:
    """``node`` with every ``{"$param": name}`` replaced by that parameter's value."""
    if isinstance(node, dict):
        if set(node) == {"$param"}:
            return values[node["$param"]]
        return {key: substitute_parameters(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [substitute_parameters(item, values) for item in node]
    return node


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _describe(error: Any) -> list[tuple[list[Any], str]]:
    """A schema error in words, each with the document path whose line to show.

    An unknown key is shown on its own line with the closest allowed key as a suggestion.
    """
    path = list(error.absolute_path)
    where = "/".join(str(p) for p in path)
    suffix = f" in '{where}'" if where else ""
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        described = []
        for key in sorted(set(error.instance) - set(allowed)):
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
            described.append(([*path, key], f"unknown key '{key}'{hint}{suffix}"))
        return described
    if error.validator == "required":
        return [(path, error.message.replace("is a required property", "is required") + suffix)]
    if error.validator == "contains" and isinstance(error.schema, dict) and "description" in error.schema:
        return [(path, f"'{where}' needs {error.schema['description']}")]
    return [(path, (f"'{where}': " if where else "") + error.message)]


def _duplicates(policies: list[Policy]) -> list[str]:
    problems = []
    for attribute in ("id", "name"):
        seen: dict[str, str] = {}
        for policy in policies:
            key = getattr(policy, attribute)
            if key in seen:
                problems.append(f"{policy.source}:1: {attribute} '{key}' is already used by {seen[key]}")
            else:
                seen[key] = policy.source
    return problems
