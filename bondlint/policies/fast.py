"""The compiled validity check: whether an entity matches ``when`` and satisfies
``require``, on jsonschema-rs (draft 2020-12 compiled in Rust).

Interpreting every policy over every bond with jsonschema was most of a fleet scan's time
(bench/policy_engine.py prints the ratio). jsonschema-rs answers whether an entity fails and,
for a policy that failed on it, where (``SchemaFailure``: the failing place, the keyword,
the property a ``required`` misses, the branches of an ``anyOf``), so a scan imports
jsonschema only for a policy that runs on it (below) and for ``bondlint policy check``.
The differential tests hold both engines to the same verdicts and the same failures.

The verdicts are jsonschema's wherever the engines could differ:

- ``compare`` is a jsonschema-rs keyword calling the same comparison
  (bondlint/policies/compare.py ``holds``);
- ``pattern`` is a jsonschema-rs keyword searching with RE2 (bondlint/safe_parse.py),
  so no policy pattern runs on a backtracking engine here either; any other regular
  expression jsonschema-rs would compile uses its linear-time ``regex`` engine
  (``RegexOptions``), never fancy-regex;
- ``$ref`` names a place inside the schema, and nothing is fetched or read (``offline``);
- ``format`` is an annotation (``validate_formats=False``), as for jsonschema without a
  format checker.

A schema with anything else, listed in ``_SLOW`` or unknown here, runs on jsonschema for
the whole policy, decided once at compile time (``unsupported`` says why; ``bondlint
policy check`` prints it). A view jsonschema-rs cannot take (a key that is no string, a
lone surrogate, a type JSON does not have) or a custom keyword that raised gives no
verdict (``None``): the engine asks jsonschema, which answers (or raises) as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bondlint.policies.compare import failures, holds
from bondlint.safe_parse import PatternError, one_line, search

if TYPE_CHECKING:
    from jsonschema_rs import Validator as RsValidator

# Keywords whose value is a schema, a list of schemas, or a map of name -> schema, that
# jsonschema-rs evaluates as jsonschema does.
_SUBSCHEMA = frozenset({"items", "additionalProperties", "contains", "not", "if", "then", "else", "propertyNames"})
_SUBSCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SUBSCHEMA_MAP = frozenset({"properties", "$defs", "dependentSchemas"})
# Keywords with a plain value that give the same verdict on both engines (``compare`` and
# ``pattern`` are this module's own keywords; ``format`` and the rest are annotations).
_PLAIN = frozenset(
    {
        "type",
        "const",
        "enum",
        "required",
        "dependentRequired",
        "minItems",
        "maxItems",
        "minContains",
        "maxContains",
        "uniqueItems",
        "minLength",
        "maxLength",
        "minProperties",
        "maxProperties",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "compare",
        "pattern",
        "format",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)
# Keywords the fast engine is known not to evaluate identically, and why.
_SLOW = {
    "multipleOf": "multipleOf (jsonschema divides in floating point, jsonschema-rs exactly)",
    "patternProperties": "patternProperties (its patterns would run on jsonschema-rs's regex engine, not RE2)",
    "unevaluatedProperties": "unevaluatedProperties (bondlint evaluates it with RE2 patterns)",
    "unevaluatedItems": "unevaluatedItems (its annotations are not compared between the engines)",
}
# Keywords that run Python code inside jsonschema-rs (a raise there must be seen).
_PYTHON_KEYWORDS = frozenset({"compare", "pattern"})


def unsupported(schema: Any) -> str | None:
    """Why jsonschema-rs may not judge ``schema`` as jsonschema does, or None."""
    return next(_unsupported(schema), None)


def _unsupported(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        if key in _SUBSCHEMA:
            yield from _unsupported(value)
        elif key in _SUBSCHEMA_LIST and isinstance(value, list):
            for item in value:
                yield from _unsupported(item)
        elif key in _SUBSCHEMA_MAP and isinstance(value, dict):
            for item in value.values():
                yield from _unsupported(item)
        elif key == "$ref":
            if not (isinstance(value, str) and value.startswith("#")):
                yield f"$ref {value!r} names no place inside the schema"
        elif key not in _PLAIN:
            yield f"uses {_SLOW.get(key, f'{key} (not known to evaluate identically on jsonschema-rs)')}"


def _uses_python(schema: Any) -> bool:
    if isinstance(schema, dict):
        return any(
            key in _PYTHON_KEYWORDS or (key not in ("const", "enum", "default", "examples") and _uses_python(value))
            for key, value in schema.items()
        )
    if isinstance(schema, list):
        return any(map(_uses_python, schema))
    return False


# Exceptions raised by a custom keyword during one verdict (None: not collecting).
_TROUBLE: ContextVar[list[Exception] | None] = ContextVar("bondlint_fast_trouble", default=None)


class _Fails(Exception):
    """A custom keyword's answer to jsonschema-rs: the instance does not satisfy it."""


def _judge(test: Callable[[Any, Any], bool], argument: Any, instance: Any) -> None:
    try:
        ok = test(argument, instance)
    except Exception as error:  # jsonschema-rs would read it as "invalid": keep it
        trouble = _TROUBLE.get()
        if trouble is not None:
            trouble.append(error)
        raise
    if not ok:
        raise _Fails


def _re2_search(pattern: Any, instance: Any) -> bool:
    """jsonschema's ``pattern`` as bondlint runs it (safe_parse._pattern_keyword)."""
    if not isinstance(instance, str):
        return True
    try:
        return search(pattern, instance)
    except PatternError:
        return False


# Whether a ``compare`` that fails says where (``FastSchema.failures``), or only that it fails.
_LOCATING: ContextVar[bool] = ContextVar("bondlint_fast_locating", default=False)


class _CompareKeyword:
    def __init__(self, parent_schema: dict[str, Any], value: Any, schema_path: list[str | int]) -> None:
        self.spec = value

    def validate(self, instance: Any) -> None:
        if not _LOCATING.get():
            _judge(holds, self.spec, instance)
            return
        places = _judge_all(self.spec, instance)
        if places:
            raise _Fails(json.dumps(places))


def _judge_all(spec: Any, instance: Any) -> list[list[Any]]:
    """The place of each comparison of ``spec`` that fails on ``instance``."""
    try:
        return [where for _, where in failures(spec, instance)]
    except Exception as error:
        trouble = _TROUBLE.get()
        if trouble is not None:
            trouble.append(error)
        raise


class _PatternKeyword:
    def __init__(self, parent_schema: dict[str, Any], value: Any, schema_path: list[str | int]) -> None:
        self.pattern = value

    def validate(self, instance: Any) -> None:
        _judge(_re2_search, self.pattern, instance)


@dataclass(frozen=True, slots=True)
class SchemaFailure:
    """Where and why an instance fails a schema, whichever engine found it: the failing
    place (``absolute_path``), the keyword, the property a ``required`` misses (each
    missing name is a failure of its own) and the failures inside an ``anyOf``/``oneOf``."""

    absolute_path: tuple[str | int, ...]
    keyword: str
    missing: str | None = None
    context: tuple[SchemaFailure, ...] = ()


def _rs_failures(error: Any) -> list[SchemaFailure]:
    """jsonschema-rs's error as failures: one per failing comparison of a ``compare``
    (its keyword passes their places in the message, as jsonschema's yields one error
    each), else one."""
    kind = error.kind
    at = tuple(error.instance_path)
    if kind.name == "compare":
        return [SchemaFailure((*at, *where), "compare") for where in json.loads(kind.message)]
    context = tuple(
        failure for branch in getattr(kind, "context", None) or () for sub in branch for failure in _rs_failures(sub)
    )
    return [SchemaFailure(at, kind.name, kind.property if kind.name == "required" else None, context)]


@dataclass(frozen=True, slots=True)
class FastSchema:
    """One schema compiled by jsonschema-rs."""

    validator: RsValidator
    uses_python: bool

    def verdict(self, view: Any) -> bool | None:
        """Whether ``view`` is valid; None when jsonschema-rs cannot tell."""
        if not self.uses_python:
            try:
                return self.validator.is_valid(view)
            except (ValueError, TypeError, OverflowError):
                return None
        trouble: list[Exception] = []
        token = _TROUBLE.set(trouble)
        try:
            valid = self.validator.is_valid(view)
        except (ValueError, TypeError, OverflowError):
            return None
        finally:
            _TROUBLE.reset(token)
        return None if trouble else valid

    def failures(self, view: Any) -> list[SchemaFailure] | None:
        """Every failure of ``view``; None when jsonschema-rs cannot tell (as ``verdict``)."""
        trouble: list[Exception] = []
        token, locating = _TROUBLE.set(trouble), _LOCATING.set(True)
        try:
            found = [failure for error in self.validator.iter_errors(view) for failure in _rs_failures(error)]
        except (ValueError, TypeError, OverflowError):
            return None
        finally:
            _LOCATING.reset(locating)
            _TROUBLE.reset(token)
        return None if trouble else found


def _json(node: Any) -> Any:
    """``node`` as plain JSON types: a policy read from YAML holds ruamel's scalar
    subclasses (ScalarInt, ScalarFloat …), which jsonschema reads as the base type and
    jsonschema-rs refuses."""
    if isinstance(node, dict):
        return {str(key): _json(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_json(item) for item in node]
    if isinstance(node, bool) or node is None:
        return node
    for base in (int, float, str):
        if isinstance(node, base):
            return base(node)
    return node


def compile_schema(schema: Any) -> FastSchema | str:
    """``schema`` compiled by jsonschema-rs, or why it runs on jsonschema."""
    reason = unsupported(schema)
    if reason is not None:
        return reason
    import jsonschema_rs

    try:
        validator = jsonschema_rs.Draft202012Validator(
            _json(schema),
            validate_formats=False,
            offline=True,
            pattern_options=jsonschema_rs.RegexOptions(),
            keywords={"compare": _CompareKeyword, "pattern": _PatternKeyword},
        )
    except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError, TypeError) as error:
        return f"jsonschema-rs cannot compile it: {one_line(error)}"
    return FastSchema(validator, _uses_python(schema))
