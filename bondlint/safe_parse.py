"""Bounded parsing of text nobody vouches for, and schema machinery that cannot run away.

Captures come from machines nobody trusts and policy or configuration files come with a
pull request, so every parser here has a limit that a hostile file hits long before it
costs memory or time:

- YAML (ruamel.yaml, round-trip): at most ``MAX_DEPTH`` levels of nesting (aliases
  count with the depth of what they name), ``MAX_ALIASES`` aliases, ``MAX_ALIAS_NODES``
  nodes added by expanding aliases (a "billion laughs" document is refused while it is
  composed, before anything is built), no alias inside its own anchor, scalars of at most
  ``MAX_SCALAR_CHARS`` characters and plain numbers of at most ``MAX_NUMBER_CHARS``;
- TOML: at most ``MAX_DEPTH`` levels, numbers Python can convert;
- regular expressions in policies: RE2 (linear time, no backtracking), a pattern of at
  most ``MAX_PATTERN_CHARS`` characters compiling to at most ``MAX_PATTERN_PROGRAM``
  instructions;
- JSON Schema validators: a ``referencing`` registry that retrieves nothing, so a
  ``$ref`` resolves only inside the schema itself.

A limit hit raises ``LimitExceeded`` (a ``ValueError``; for YAML also a ruamel
``MarkedYAMLError`` with the line), whose message names the limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.protocols import Validator
    from referencing.jsonschema import SchemaRegistry
    from ruamel.yaml.composer import Composer

MAX_DEPTH = 100
MAX_ALIASES = 1_000
MAX_ALIAS_NODES = 100_000
MAX_SCALAR_CHARS = 1 << 20
MAX_NUMBER_CHARS = 1_000
MAX_PATTERN_CHARS = 1_000
MAX_PATTERN_PROGRAM = 1_000
# Integers a schema keyword or comparison may hold: float arithmetic with anything larger
# overflows (multipleOf, compare's times/plus).
MAX_SCHEMA_INT = 2**63


class LimitExceeded(ValueError):
    """Input past one of this module's limits; ``line`` is 1-based, 0 when unknown."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


# -- YAML -------------------------------------------------------------------------------


@cache
def _number_pattern() -> re.Pattern[str]:
    return re.compile(r"[-+]?\.?[0-9][0-9a-fA-F_xXoObB.:eE+-]*")


class _ComposeLimits:
    """The counting half of the bounded composer: nesting (through aliases too), aliases
    and the nodes they expand to, scalar sizes.  It needs nothing from ruamel, which is
    imported only when YAML is read (``_yaml_classes`` makes the composer)."""

    error: type[LimitExceeded]  # the marked error the composer raises

    def _reset_limits(self) -> None:
        self.aliases = 0
        self.alias_nodes = 0
        self.nodes = 0
        self._reset_document()

    def _reset_document(self) -> None:
        self.size: dict[Any, int] = {}  # anchor -> nodes it expands to
        self.height: dict[Any, int] = {}  # anchor -> levels it spans
        self.open: list[Any] = []  # anchors being composed
        self.deepest: list[int] = []  # per open node: the deepest level below it

    def _count_alias(self, event: Any, level: int) -> None:
        """An alias at ``level``: counted with the nodes and levels its anchor spans."""
        anchor = event.anchor
        if anchor in self.open:
            raise self.error(f"alias *{anchor} inside its own anchor (a recursive document)", event.start_mark)
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            raise self.error(f"more than {MAX_ALIASES} aliases (limit)", event.start_mark)
        expanded = self.size.get(anchor, 1)
        self.alias_nodes += expanded
        self.nodes += expanded
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise self.error(
                f"aliases expand to more than {MAX_ALIAS_NODES} nodes (limit; an alias bomb?)", event.start_mark
            )
        reached = level + self.height.get(anchor, 1) - 1
        if reached > MAX_DEPTH:
            message = f"nested deeper than {MAX_DEPTH} levels through alias *{anchor} (limit)"
            raise self.error(message, event.start_mark)
        if self.deepest:
            self.deepest[-1] = max(self.deepest[-1], reached)

    def _check_node(self, event: Any, level: int, scalar: bool) -> None:
        """A node at ``level`` (a scalar when ``scalar``) within the depth and size limits."""
        if level > MAX_DEPTH:
            raise self.error(f"nested deeper than {MAX_DEPTH} levels (limit)", event.start_mark)
        if scalar:
            value = event.value
            if len(value) > MAX_SCALAR_CHARS:
                raise self.error(f"a value longer than {MAX_SCALAR_CHARS} characters (limit)", event.start_mark)
            if event.style is None and len(value) > MAX_NUMBER_CHARS and _number_pattern().fullmatch(value):
                raise self.error(f"a number longer than {MAX_NUMBER_CHARS} digits (limit)", event.start_mark)

    def _open_node(self, anchor: Any, level: int) -> int:
        """Start a node; returns the node count before it."""
        start = self.nodes
        self.nodes += 1
        self.deepest.append(level)
        if anchor is not None:
            self.open.append(anchor)
        return start

    def _close_node(self, anchor: Any) -> int:
        """End the innermost node; returns the deepest level below it."""
        if anchor is not None:
            self.open.pop()
        return self.deepest.pop()

    def _record_node(self, anchor: Any, start: int, level: int, deepest: int) -> None:
        """What a composed node spans, for the aliases naming its anchor."""
        if self.deepest:
            self.deepest[-1] = max(self.deepest[-1], deepest)
        if anchor is not None:
            self.size[anchor] = self.nodes - start
            self.height[anchor] = deepest - level + 1


@cache
def _yaml_classes() -> tuple[type[Composer], type[LimitExceeded]]:
    """The bounded composer and its error (ruamel.yaml is imported only when YAML is read)."""
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.events import AliasEvent, ScalarEvent

    class YAMLLimitError(MarkedYAMLError, LimitExceeded):
        def __init__(self, message: str, mark: Any):
            MarkedYAMLError.__init__(self, problem=message, problem_mark=mark)
            LimitExceeded.__init__(self, message, mark.line + 1 if mark is not None else 0)

        def __str__(self) -> str:
            return self.message

    class BoundedComposer(_ComposeLimits, Composer):
        """ruamel's composer, counting as it goes (see ``_ComposeLimits``)."""

        error = YAMLLimitError

        def __init__(self, loader: Any = None):
            super().__init__(loader)
            self._reset_limits()

        def compose_document(self) -> Any:
            self._reset_document()
            return super().compose_document()

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.parser.peek_event()
            level = len(self.deepest) + 1
            if isinstance(event, AliasEvent):
                self._count_alias(event, level)
                return super().compose_node(parent, index)
            self._check_node(event, level, isinstance(event, ScalarEvent))
            anchor = event.anchor
            start = self._open_node(anchor, level)
            try:
                node = super().compose_node(parent, index)
            finally:
                deepest = self._close_node(anchor)
            self._record_node(anchor, start, level, deepest)
            return node

    return BoundedComposer, YAMLLimitError


def bounded_yaml(allow_duplicate_keys: bool = False) -> Any:
    """A round-trip ``ruamel.yaml.YAML`` whose composer enforces this module's limits.

    Its ``load``/``load_all`` raise, besides ruamel's own errors, the limit error (a
    ``MarkedYAMLError`` and a ``LimitExceeded``); ``ValueError`` (an integer Python will
    not convert) and ``RecursionError`` should still be caught by the caller as
    unreadable input.
    """
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = _yaml_classes()[0]
    yaml.allow_duplicate_keys = allow_duplicate_keys
    return yaml


def load_yaml_bounded(text: str, allow_duplicate_keys: bool = False) -> Any:
    """One YAML document (round-trip), or ``LimitExceeded`` / ruamel's ``YAMLError``.

    Integers Python refuses to convert and recursion are turned into ``LimitExceeded``.
    """
    check_flow_depth(text)
    try:
        return bounded_yaml(allow_duplicate_keys).load(text)
    except RecursionError:
        raise LimitExceeded(f"nested deeper than {MAX_DEPTH} levels (limit)") from None
    except LimitExceeded:
        raise
    except ValueError as error:
        raise LimitExceeded(f"a value Python cannot convert ({_first_line(error).split(':')[0]})") from None


def check_flow_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """``LimitExceeded`` at the line where ``[``/``{`` nest deeper than ``limit``, counted
    naively (quotes and comments included): ruamel's scanner slows down quadratically
    with flow nesting, so this is checked before it runs."""
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > limit:
                raise LimitExceeded(
                    f"brackets nested deeper than {limit} levels (limit)", text.count("\n", 0, index) + 1
                )
        elif char in "]}" and depth:
            depth -= 1


def _long_number_line(text: str) -> int:
    """The line of the first run of more than 4300 digits (Python's int conversion limit)."""
    import re

    found = re.search(r"[0-9][0-9_]{4300}", text)
    return text.count("\n", 0, found.start()) + 1 if found else 0


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


# -- TOML -------------------------------------------------------------------------------


def nesting_depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deep ``value``'s dicts and lists nest (a scalar is 0), counted without
    recursion; stops counting past ``limit``."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, level = stack.pop()
        children: Iterable[Any]
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def check_depth(value: Any, limit: int = MAX_DEPTH) -> None:
    if nesting_depth(value, limit) > limit:
        raise LimitExceeded(f"nested deeper than {limit} levels (limit)")


def _within_limits(load: Any, syntax_error: type[Exception], text: str) -> Any:
    """``load(text)`` with its syntax error passed on and the limits' errors as
    ``LimitExceeded``; the value's depth checked."""
    try:
        value = load(text)
    except syntax_error:
        raise
    except RecursionError:
        raise LimitExceeded(f"nested deeper than {MAX_DEPTH} levels (limit)") from None
    except ValueError as error:
        raise LimitExceeded(
            f"a value Python cannot convert ({_first_line(error).split(':')[0]})", _long_number_line(text)
        ) from None
    check_depth(value)
    return value


def load_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads`` within the limits: ``LimitExceeded`` for nesting deeper than
    ``MAX_DEPTH`` (brackets or dotted keys) or a number Python will not convert,
    ``tomllib.TOMLDecodeError`` (a ValueError) for bad TOML."""
    import tomllib

    depth, line = _bracket_depth(text, MAX_DEPTH)
    if depth > MAX_DEPTH:
        raise LimitExceeded(f"brackets nested deeper than {MAX_DEPTH} levels (limit)", line)
    # tomllib's memory grows with the square of a dotted key's length (a.a.a… = 1).
    dotted = _dotted_key().search(text)
    if dotted is not None:
        raise LimitExceeded(
            f"a dotted key of more than {MAX_DEPTH} parts (limit)", text.count("\n", 0, dotted.start()) + 1
        )
    value: dict[str, Any] = _within_limits(tomllib.loads, tomllib.TOMLDecodeError, text)
    return value


@cache
def _dotted_key() -> Any:
    """RE2 (linear): MAX_DEPTH + 1 key parts joined by dots, quoted or bare."""
    import re2

    part = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
    options = re2.Options()
    options.log_errors = False
    options.never_capture = True
    return re2.compile(part + r"(?:[ \t]*\.[ \t]*" + part + "){" + str(MAX_DEPTH) + ",}", options)


def _bracket_depth(text: str, limit: int) -> tuple[int, int]:
    """How deep ``[``/``{`` nest outside double-quoted strings (for TOML an upper
    bound), and the line where the depth first passed ``limit`` (0: never)."""
    depth = deepest = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if depth > limit:
                    return depth, text.count("\n", 0, index) + 1
        elif char in "]}" and depth:
            depth -= 1
    return deepest, 0


# -- regular expressions ----------------------------------------------------------------


class PatternError(ValueError):
    """A regular expression the safe engine refuses."""


@lru_cache(maxsize=2048)
def compile_pattern(pattern: str) -> Any:
    """``pattern`` compiled by RE2 (linear time in the text), or ``PatternError``."""
    import re2

    if not isinstance(pattern, str):
        raise PatternError("a pattern is a string")
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(f"pattern longer than {MAX_PATTERN_CHARS} characters (limit)")
    options = re2.Options()
    options.log_errors = False
    options.never_capture = True  # only whether it matches: no submatch work
    try:
        compiled = re2.compile(pattern, options)
    except re2.error as error:
        reason = error.args[0] if error.args else error
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(
            f"RE2 cannot compile it ({reason}); bondlint runs patterns with RE2,"
            " which has no backreferences or lookaround"
        ) from None
    if compiled.programsize > MAX_PATTERN_PROGRAM:
        raise PatternError(
            f"pattern compiles to {compiled.programsize} RE2 instructions,"
            f" more than {MAX_PATTERN_PROGRAM} (limit; large counted repetitions?)"
        )
    return compiled


def pattern_problem(pattern: Any) -> str | None:
    """Why the safe engine refuses ``pattern``, or None."""
    try:
        compile_pattern(pattern)
    except PatternError as error:
        return str(error)
    return None


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches anywhere in ``text`` (JSON Schema's ``pattern``:
    unanchored), in linear time; ``PatternError`` for a refused pattern."""
    return compile_pattern(pattern).search(text) is not None


# -- JSON Schema ------------------------------------------------------------------------


def _refuse(uri: str) -> Any:
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(uri)


@cache
def offline_registry() -> SchemaRegistry:
    """A ``referencing.Registry`` that retrieves nothing: a ``$ref`` resolves only within
    the schema being validated (and jsonschema's bundled meta-schemas)."""
    from referencing import Registry

    # referencing declares its attrs classes through a private dataclass_transform that
    # mypy does not read: Registry's documented ``retrieve`` argument is unknown to it.
    return Registry(retrieve=_refuse)  # type: ignore[call-arg]


def _matches(pattern: str, text: str) -> bool:
    """``search`` where a refused pattern matches nothing (the loader reports it)."""
    try:
        return search(pattern, text)
    except PatternError:
        return False


def _additional(instance: dict[str, Any], schema: dict[str, Any]) -> list[Any]:
    properties = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [key for key in instance if key not in properties and not any(_matches(p, key) for p in patterns)]


def _pattern_keyword(validator: Any, pattern: Any, instance: Any, schema: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "string"):
        return
    try:
        found = search(pattern, instance)
    except PatternError as error:
        yield ValidationError(f"pattern {pattern!r} cannot be used: {error}")
        return
    if not found:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties_keyword(validator: Any, pattern_properties: Any, instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in pattern_properties.items():
        for key, value in instance.items():
            if _matches(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties_keyword(validator: Any, additional: Any, instance: Any, schema: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "object"):
        return
    extras = _additional(instance, schema)
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        shown = ", ".join(repr(each) for each in sorted(extras, key=str))
        if "patternProperties" in schema:
            patterns = ", ".join(repr(each) for each in sorted(schema["patternProperties"]))
            yield ValidationError(
                f"{shown} {'does' if len(extras) == 1 else 'do'} not match any of the regexes: {patterns}"
            )
        else:
            yield ValidationError(
                f"Additional properties are not allowed ({shown} {'was' if len(extras) == 1 else 'were'} unexpected)"
            )


def _evaluated_keys(validator: Any, instance: Any, schema: Any) -> set[Any]:
    """jsonschema's find_evaluated_property_keys_by_schema, with RE2 patterns."""
    if validator.is_type(schema, "boolean") or not isinstance(schema, dict):
        return set()
    return (
        _evaluated_through_refs(validator, instance, schema)
        | _evaluated_by_properties(validator, instance, schema)
        | _evaluated_by_subschemas(validator, instance, schema)
    )


def _evaluated_through_refs(validator: Any, instance: Any, schema: dict[str, Any]) -> set[Any]:
    """The keys the schemas that ``$ref``/``$dynamicRef`` name evaluate."""
    keys: set[Any] = set()
    for keyword in ("$ref", "$dynamicRef"):
        if (reference := schema.get(keyword)) is not None:
            resolved = validator._resolver.lookup(reference)
            keys |= _evaluated_keys(
                validator.evolve(schema=resolved.contents, _resolver=resolved.resolver), instance, resolved.contents
            )
    return keys


def _evaluated_by_properties(validator: Any, instance: Any, schema: dict[str, Any]) -> set[Any]:
    """The keys ``properties``, ``additionalProperties``, ``unevaluatedProperties`` and
    ``patternProperties`` evaluate."""
    keys: set[Any] = set()
    properties = schema.get("properties")
    if isinstance(properties, dict):
        keys |= properties.keys() & instance.keys()
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        if (subschema := schema.get(keyword)) is not None:
            keys |= {key for key, value in instance.items() if next(validator.descend(value, subschema), None) is None}
    for pattern in schema.get("patternProperties", {}):
        keys |= {key for key in instance if _matches(pattern, key)}
    return keys


def _evaluated_by_subschemas(validator: Any, instance: Any, schema: dict[str, Any]) -> set[Any]:
    """The keys the subschemas that apply to ``instance`` evaluate: ``dependentSchemas``,
    the valid ones of ``allOf``/``oneOf``/``anyOf``, and ``if`` with ``then`` or ``else``."""
    keys: set[Any] = set()
    for key, subschema in schema.get("dependentSchemas", {}).items():
        if key in instance:
            keys |= _evaluated_keys(validator, instance, subschema)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for subschema in schema.get(keyword, []):
            if next(validator.descend(instance, subschema), None) is None:
                keys |= _evaluated_keys(validator, instance, subschema)
    if "if" in schema:
        if validator.evolve(schema=schema["if"]).is_valid(instance):
            keys |= _evaluated_keys(validator, instance, schema["if"])
            if "then" in schema:
                keys |= _evaluated_keys(validator, instance, schema["then"])
        elif "else" in schema:
            keys |= _evaluated_keys(validator, instance, schema["else"])
    return keys


def _unevaluated_properties_keyword(validator: Any, unevaluated: Any, instance: Any, schema: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "object"):
        return
    evaluated = _evaluated_keys(validator, instance, schema)
    failing = [
        key
        for key in instance
        if key not in evaluated
        and next(validator.descend(instance[key], unevaluated, path=key, schema_path=key), None) is not None
    ]
    if failing:
        shown = ", ".join(repr(each) for each in sorted(failing, key=str))
        verb = "was" if len(failing) == 1 else "were"
        if unevaluated is False:
            yield ValidationError(f"Unevaluated properties are not allowed ({shown} {verb} unexpected)")
        else:
            yield ValidationError(
                f"Unevaluated properties are not valid under the given schema ({shown} {verb} unevaluated and invalid)"
            )


def safe_keywords() -> dict[str, Any]:
    """Draft 2020-12's keywords that run regular expressions, on RE2: ``pattern``,
    ``patternProperties``, and ``additionalProperties``/``unevaluatedProperties``
    (which decide what ``patternProperties`` covers).  Same semantics: a pattern is
    searched for, not anchored."""
    return {
        "pattern": _pattern_keyword,
        "patternProperties": _pattern_properties_keyword,
        "additionalProperties": _additional_properties_keyword,
        "unevaluatedProperties": _unevaluated_properties_keyword,
    }


@cache
def safe_validator_class() -> type[Validator]:
    """Draft 2020-12 with ``safe_keywords``; build it with ``registry=offline_registry()``."""
    from jsonschema import Draft202012Validator, validators

    # types-jsonschema leaves validators.extend unannotated.
    extended: type[Validator] = validators.extend(Draft202012Validator, safe_keywords())  # type: ignore[no-untyped-call]
    return extended


def validator_for_schema(schema: Any) -> Validator:
    """A validator for ``schema`` that fetches nothing: its ``$ref`` resolve only in
    ``schema`` and the bundled meta-schemas."""
    return safe_validator_class()(schema, registry=offline_registry())


# Helpers for a YAML document loaded with positions (policies, the configuration file).


def one_line(message: Any) -> str:
    """A message on one line (jsonschema and ruamel quote values whole)."""
    text = " ".join(str(message).split())
    return text if len(text) <= 300 else text[:299] + "…"


def plain_data(node: Any) -> Any:
    """ruamel's commented containers -> plain dicts/lists (what jsonschema expects)."""
    if isinstance(node, dict):
        return {str(key): plain_data(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain_data(item) for item in node]
    return node


def line_of(document: Any, path: list[Any]) -> int:
    """1-based line of the deepest node on ``path`` that ruamel recorded a position for."""
    line = 1
    node = document
    for segment in path:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict) and segment in node and lc is not None:
                line = lc.key(segment)[0] + 1
            elif isinstance(node, list) and isinstance(segment, int) and lc is not None:
                line = lc.item(segment)[0] + 1
            node = node[segment]
        except (KeyError, IndexError, TypeError):
            break
    return line
