"""Check what a policy touches against the view schema (``schemas/view.schema.json``).

A policy's ``when``/``require`` are JSON Schemas over an entity's view; a misspelled
property (``mimon``) or keyword (``requried``) is no schema error, it just never matches.
So the policy schema is walked alongside the view schema of its ``applies-to`` kind:
every property it names (``properties``, ``required``, ``patternProperties``,
``dependentRequired``), every keyword, every ``locate``/``related`` pointer and every
message field (``{value.x}``, ``{parent.x}``, ``{item.x}``, ``{effective.miimon}``,
``{params.x}``) must exist there.  Problems come back as (document path, message); the
loader turns the path into a line.
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
import string
from functools import cache
from typing import Any, NamedTuple

from bondlint.model.entity import join_pointer, pointer, pointer_segments
from bondlint.policies.compare import EACH, problems

# Draft 2020-12 keywords (core, applicator, validation, unevaluated, format, content,
# meta-data), and draft-7 "definitions", which a local $ref may still name.
JSON_SCHEMA_KEYWORDS = frozenset(
    {
        "$schema",
        "$id",
        "$ref",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$vocabulary",
        "$comment",
        "$defs",
        "definitions",
        "type",
        "enum",
        "const",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "required",
        "dependentRequired",
        "properties",
        "patternProperties",
        "additionalProperties",
        "propertyNames",
        "unevaluatedProperties",
        "items",
        "prefixItems",
        "contains",
        "unevaluatedItems",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "format",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "title",
        "description",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "examples",
    }
)
# Instance-path segments that stand for "any array element" and "any key of an object".
ITEM, ANY_KEY = "*", "?"
_MESSAGE_FIXED = frozenset({"path", "key"})


def extension_keywords() -> frozenset[str]:
    """bondlint's own keywords (``compare``, bondlint/policies/compare.py)."""
    return frozenset({"compare"})


@cache
def view_schema() -> dict[str, Any]:
    from importlib import resources  # slow to import: only when the view schema is read

    text = resources.files("bondlint").joinpath("schemas/view.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _suggest(name: str, candidates: Any) -> str:
    close = difflib.get_close_matches(name, sorted(candidates), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _shown(path: tuple[str, ...]) -> str:
    return "/" + "/".join(path) if path else "the view's root"


class _View:
    """Lookups in the view schema.  A context is a tuple of concrete view-schema nodes
    (a union, as ``$ref``/``anyOf`` expand), or None when anything may be there."""

    def __init__(self, schema: dict[str, Any]):
        self.defs = schema["$defs"]

    def kind(self, kind: str) -> tuple[dict[str, Any], ...] | None:
        return self.expand(self.defs[kind]) if kind in self.defs else None

    def expand(self, node: Any) -> tuple[dict[str, Any], ...] | None:
        if node is True or node == {}:
            return None
        if not isinstance(node, dict):
            return ()
        if "$ref" in node:
            return self.expand(self.defs[node["$ref"].rsplit("/", 1)[-1]])
        for key in ("anyOf", "oneOf"):
            if key in node:
                found: list[dict[str, Any]] = []
                for option in node[key]:
                    expanded = self.expand(option)
                    if expanded is None:
                        return None
                    found.extend(expanded)
                return tuple(found)
        return (node,)

    @staticmethod
    def _is(node: dict[str, Any], kind: str) -> bool:
        declared = node.get("type")
        if declared is None:
            return kind == "object" and ("properties" in node or "additionalProperties" in node)
        return kind in declared if isinstance(declared, list) else declared == kind

    def child(self, context: Any, name: str) -> tuple[bool, Any]:
        """Whether ``name`` may be a key of the objects in ``context``, and its context."""
        if context is None:
            return True, None
        found: list[dict[str, Any]] = []
        known = False
        for node in context:
            if not self._is(node, "object"):
                continue
            subs = []
            if name == ANY_KEY:
                subs = [*node.get("properties", {}).values(), *node.get("patternProperties", {}).values()]
                extra = node.get("additionalProperties", True)
                if extra is not False:
                    subs.append(extra)
            elif name in node.get("properties", {}):
                subs = [node["properties"][name]]
            else:
                subs = [sub for pattern, sub in node.get("patternProperties", {}).items() if re.search(pattern, name)]
                if not subs and node.get("additionalProperties", True) is not False:
                    subs = [node.get("additionalProperties", True)]
            for sub in subs:
                known = True
                expanded = self.expand(sub)
                if expanded is None:
                    return True, None
                found.extend(expanded)
        return known, tuple(found)

    def items(self, context: Any) -> tuple[bool, Any]:
        if context is None:
            return True, None
        found: list[dict[str, Any]] = []
        known = False
        for node in context:
            if not self._is(node, "array"):
                continue
            known = True
            expanded = self.expand(node.get("items", True))
            if expanded is None:
                return True, None
            found.extend(expanded)
        return known, tuple(found)

    def names(self, context: Any) -> set[str]:
        return {name for node in context or () for name in node.get("properties", {})}

    def is_open(self, context: Any) -> bool:
        """Keys beyond the listed properties may exist (patternProperties, additionalProperties)."""
        return context is None or any(
            self._is(n, "object") and (n.get("patternProperties") or n.get("additionalProperties", True) is not False)
            for n in context
        )

    def resolve(self, context: Any, segments: list[str]) -> tuple[bool, Any, str, int]:
        """Follow ``segments``: (found, context, the first unknown segment's complaint, how
        telling the complaint is: a suggestion, then the depth reached)."""
        shown: list[str] = []
        for segment in segments:
            if segment == ITEM or segment.isdigit():
                known, inner = self.items(context)
                if not known and segment.isdigit():
                    known, inner = self.child(context, segment)
            else:
                known, inner = self.child(context, segment)
            if not known:
                hint = "" if segment in (ITEM, ANY_KEY) or segment.isdigit() else _suggest(segment, self.names(context))
                what = "array element" if segment == ITEM or segment.isdigit() else f"property '{segment}'"
                return False, None, f"{_shown(tuple(shown))} has no {what}{hint}", len(shown) + (100 if hint else 0)
            shown.append(segment)
            context = inner
        return True, context, "", 0


def _best(complaints: list[tuple[int, str]]) -> str:
    return max(complaints)[1] if complaints else ""


class _Here(NamedTuple):
    """Where the walk is: the schema node, its view context, its instance path, the
    document it belongs to (``(key, schema)``) and whether failures are reported there."""

    node: Any
    context: Any
    path: tuple[str, ...]
    document: Any
    record: bool


# The keywords the walker follows, by what they check.
_PROPERTY_KEYWORDS = frozenset({"properties", "required", "dependentRequired", "dependentSchemas"})
_OPEN_KEYWORDS = frozenset({"patternProperties", "additionalProperties", "unevaluatedProperties"})
_ARRAY_KEYWORDS = frozenset({"items", "contains", "unevaluatedItems", "additionalItems", "prefixItems"})
_IN_PLACE_KEYWORDS = frozenset({"not", "if", "then", "else", "allOf", "anyOf", "oneOf", "$defs", "definitions"})


class _Walker:
    """Walks one policy's when/require beside the view schema of its kind."""

    def __init__(self, view: _View, root: Any, keywords: frozenset[str]):
        self.view = view
        self.root = root  # the kind's context
        self.keywords = keywords
        self.problems: dict[tuple[tuple[Any, ...], str], None] = {}
        # Unknown names by document path: a $defs entry used under several view paths
        # (effective and runtime) is wrong only where no use of it knows the name.
        self.unknown: dict[tuple[Any, ...], str] = {}
        self.known: set[tuple[Any, ...]] = set()
        self.visited: dict[tuple[str, ...], None] = {}  # instance paths of require
        self._refs: set[tuple[str, tuple[str, ...]]] = set()

    def problem(self, where: list[Any], message: str) -> None:
        self.problems.setdefault((tuple(where), message), None)

    def walk(
        self, node: Any, context: Any, path: tuple[str, ...], where: list[Any], document: Any, record: bool
    ) -> None:
        if record:  # a failure may be reported here (a false subschema fails at its own path)
            self.visited.setdefault(path, None)
        if not isinstance(node, dict) or set(node) == {"$param"}:
            return
        for key in node:
            if key not in self.keywords:
                self.problem([*where, key], f"unknown JSON Schema keyword '{key}'{_suggest(key, self.keywords)}")
        here = _Here(node, context, path, document, record)
        for key, value in node.items():
            at = [*where, key]
            if key in _PROPERTY_KEYWORDS:
                self._property_keyword(key, value, here, at)
            elif key in _OPEN_KEYWORDS:
                self._open_keyword(key, value, here, at)
            elif key in _ARRAY_KEYWORDS:
                self._array_keyword(key, value, here, at)
            elif key in _IN_PLACE_KEYWORDS:
                self._in_place_keyword(key, value, here, at)
            elif key == "$ref" and isinstance(value, str):
                self._ref(value, here, at)
            elif key == "compare":
                self._compare(value, context, path, at, record)

    def _property_keyword(self, key: str, value: Any, here: _Here, at: list[Any]) -> None:
        """Keywords that name properties of the object: each name must be in the view."""
        context, path, document, record = here.context, here.path, here.document, here.record
        if key == "properties" and isinstance(value, dict):
            for name, sub in value.items():
                inner = self._property(context, path, name, [*at, name])
                self.walk(sub, inner, (*path, name), [*at, name], document, record)
        elif key == "required" and isinstance(value, list):
            for index, name in enumerate(value):
                if isinstance(name, str):
                    self._property(context, path, name, [*at, index])
        elif key == "dependentRequired" and isinstance(value, dict):
            for name, names in value.items():
                self._property(context, path, name, [*at, name])
                for index, other in enumerate(names if isinstance(names, list) else []):
                    self._property(context, path, other, [*at, name, index])
        elif key == "dependentSchemas" and isinstance(value, dict):
            for name, sub in value.items():
                self._property(context, path, name, [*at, name])
                self.walk(sub, context, path, [*at, name], document, record)

    def _open_keyword(self, key: str, value: Any, here: _Here, at: list[Any]) -> None:
        """Keywords over keys not listed by name: a pattern must match some property."""
        context, path, document, record = here.context, here.path, here.document, here.record
        if key == "patternProperties" and isinstance(value, dict):
            for pattern, sub in value.items():
                inner = self._pattern(context, path, pattern, [*at, pattern])
                self.walk(sub, inner, (*path, ANY_KEY), [*at, pattern], document, record)
        elif key in ("additionalProperties", "unevaluatedProperties"):
            self.walk(value, self.view.child(context, ANY_KEY)[1], (*path, ANY_KEY), at, document, record)

    def _array_keyword(self, key: str, value: Any, here: _Here, at: list[Any]) -> None:
        """Keywords over array elements: the view must have an array here."""
        context, path, document, record = here.context, here.path, here.document, here.record
        if key == "prefixItems":
            if isinstance(value, list):
                inner = self._items(context, path, at)
                for index, sub in enumerate(value):
                    self.walk(sub, inner, (*path, ITEM), [*at, index], document, record)
        else:
            self.walk(value, self._items(context, path, at), (*path, ITEM), at, document, record)

    def _in_place_keyword(self, key: str, value: Any, here: _Here, at: list[Any]) -> None:
        """Keywords applying subschemas to the same value; ``$defs`` are walked for their
        keywords only (their properties are checked where a ``$ref`` uses them)."""
        context, path, document, record = here.context, here.path, here.document, here.record
        if key in ("not", "if", "then", "else"):
            self.walk(value, context, path, at, document, record)
        elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
            for index, sub in enumerate(value):
                self.walk(sub, context, path, [*at, index], document, record)
        elif key in ("$defs", "definitions") and isinstance(value, dict):
            for name, sub in value.items():
                self.walk(sub, None, path, [*at, name], document, False)

    def _property(self, context: Any, path: tuple[str, ...], name: str, where: list[Any]) -> Any:
        known, inner = self.view.child(context, name)
        if context is None:
            return None
        if known:
            self.known.add(tuple(where))
        else:
            message = f"'{name}' is not a property of {_shown(path)}{_suggest(name, self.view.names(context))}"
            self.unknown.setdefault(tuple(where), message)
        return inner

    def names_problems(self) -> None:
        for where, message in self.unknown.items():
            if where not in self.known:
                self.problem(list(where), message)

    def _pattern(self, context: Any, path: tuple[str, ...], pattern: str, where: list[Any]) -> Any:
        if context is None:
            return None
        from bondlint.safe_parse import PatternError, search

        try:  # RE2, as the engine runs it: a policy's pattern never backtracks
            matching = [name for name in self.view.names(context) if search(pattern, name)]
        except PatternError:
            return None  # the safety check reports a bad pattern
        found: list[dict[str, Any]] = []
        for name in matching:
            inner = self.view.child(context, name)[1]
            if inner is None:
                return None
            found.extend(inner)
        if self.view.is_open(context):
            return None
        if not matching:
            self.problem(where, f"pattern '{pattern}' matches no property of {_shown(path)}")
        return tuple(found)

    def _items(self, context: Any, path: tuple[str, ...], where: list[Any]) -> Any:
        known, inner = self.view.items(context)
        if not known:
            self.problem(where, f"{_shown(path)} is not an array")
        return inner

    def _ref(self, ref: str, here: _Here, where: list[Any]) -> None:
        _, context, path, document, record = here
        if not ref.startswith("#/"):
            return
        segments = [s.replace("~1", "/").replace("~0", "~") for s in ref[2:].split("/")]
        target: Any = document[1]
        for segment in segments:
            if not isinstance(target, dict) or segment not in target:
                self.problem(where, f"'$ref' names '{ref}', which is not in this schema")
                return
            target = target[segment]
        key = (ref, path)
        if key in self._refs:
            return
        self._refs.add(key)
        self.walk(target, context, path, [document[0], *segments], document, record)

    def _compare(self, spec: Any, context: Any, path: tuple[str, ...], where: list[Any], record: bool) -> None:
        """``compare`` (bondlint/policies/compare.py): its operands are keys of the object
        or absolute pointers; a failure is reported at ``at``."""
        for problem in problems(spec):  # the comparison's own shape: keys, op, operands
            self.problem(where, problem)
        items = spec if isinstance(spec, list) else [spec]
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            at = [*where, index] if isinstance(spec, list) else where
            if record and isinstance(item.get("at"), str):
                self.visited.setdefault((*path, item["at"]), None)
            if (
                record
                and item.get("op") in EACH
                and isinstance(item.get("left"), str)
                and not item["left"].startswith("/")
            ):
                # Each element of the left list fails on its own, at its own index.
                self.visited.setdefault((*path, item.get("at") or item["left"], ITEM), None)
            for side in ("left", "right", "at"):
                if side in item:
                    self._operand(item[side], context, path, [*at, side])

    def _operand(self, operand: Any, context: Any, path: tuple[str, ...], where: list[Any]) -> None:
        if isinstance(operand, list):
            for index, choice in enumerate(operand):
                self._operand(choice, context, path, [*where, index])
        elif isinstance(operand, dict) and set(operand) != {"$param"}:
            self._operand(operand.get("value"), context, path, [*where, "value"])
        elif isinstance(operand, str) and operand.startswith("/"):
            found, _, complaint, _ = self.view.resolve(self.root, pointer_segments(operand))
            if not found:
                self.problem(where, f"'{operand}': {complaint}")
        elif isinstance(operand, str):
            self._property(context, path, operand, where)


def _joined(base: tuple[str, ...], relative: str) -> list[str]:
    return pointer_segments(join_pointer(pointer(*base), relative))


def check_policy(plain: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """Every property, keyword, pointer and message field of ``plain`` (a policy as read
    from YAML) that its kind's view does not have: (document path, message)."""
    view = _View(view_schema())
    kind = plain.get("applies-to")
    root = view.kind(kind) if isinstance(kind, str) else None
    keywords = JSON_SCHEMA_KEYWORDS | extension_keywords()
    walker = _Walker(view, root, keywords)
    for key in ("when", "require"):
        if key in plain:
            walker.walk(plain[key], root, (), [key], (key, plain[key]), key == "require")
    walker.names_problems()
    bases = list(walker.visited) or [()]

    for key in ("locate", "related"):
        for index, hint in enumerate(plain.get(key, ())):
            if not isinstance(hint, str):
                continue
            complaints = []
            for base in bases:
                found, _, complaint, rank = view.resolve(root, _joined(base, hint))
                if found:
                    break
                complaints.append((rank, complaint))
            else:
                walker.problem(
                    [key, index],
                    f"'{key}' pointer '{hint}' names nothing below any path 'require' checks: {_best(complaints)}",
                )

    message = plain.get("message")
    if isinstance(message, str):
        for problem in _message_problems(message, view, root, bases, set(plain.get("parameters", {}))):
            walker.problem(["message"], problem)
    # A fix's option names and values are templates too (bondlint fix renders them).
    for where, template in _fix_templates(plain.get("fix")):
        for problem in _message_problems(template, view, root, bases, set(plain.get("parameters", {}))):
            walker.problem(["fix", *where], problem.replace("message", "fix", 1))
    return [(list(where), text) for where, text in walker.problems]


def _fix_templates(fix: Any) -> list[tuple[list[Any], str]]:
    """The strings of a policy's ``fix`` that are templates: (place in ``fix``, text)."""
    if not isinstance(fix, dict):
        return []
    found: list[tuple[list[Any], str]] = []
    for key in ("set", "add"):
        for name, value in (fix.get(key) or {}).items():
            found.extend(([key, name], text) for text in (name, value) if isinstance(text, str) and "{" in text)
    found.extend((["remove", i], name) for i, name in enumerate(fix.get("remove") or ()) if "{" in str(name))
    return found


def _message_problems(
    message: str, view: _View, root: Any, bases: list[tuple[str, ...]], parameters: set[str]
) -> list[str]:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(message) if name]
    except ValueError as error:
        return [f"message template: {error}"]
    problems = []
    for field in dict.fromkeys(fields):
        head, _, rest = field.partition(".")
        segments = [s for s in rest.split(".") if s] if rest else []
        if head in _MESSAGE_FIXED and not rest:
            continue
        if head == "params":
            if not segments or segments[0] not in parameters:
                declared = _suggest(segments[0], parameters) if segments else ""
                problems.append(f"message field '{{{field}}}': no such parameter{declared}")
            continue
        starts, segments = _message_starts(head, segments, bases)
        if not starts:
            problems.append(
                f"message field '{{{field}}}': 'require' checks no array element"
                " ({item.x} names the port or switch port a failure belongs to)"
            )
            continue
        complaints = []
        for start in dict.fromkeys(starts):
            found, _, complaint, rank = view.resolve(root, [*start, *segments])
            if found:
                break
            complaints.append((rank, complaint))
        else:
            problems.append(f"message field '{{{field}}}' names nothing in the view: {_best(complaints)}")
    return problems


def _message_starts(
    head: str, segments: list[str], bases: list[tuple[str, ...]]
) -> tuple[list[tuple[str, ...]], list[str]]:
    """Where a message field's path starts in the view, and its segments from there:
    ``value`` at each path 'require' checks, ``parent`` (``parent.parent`` …) above it,
    ``item`` at the array element it is in (none when it is in none), else the root."""
    if head == "value":
        return list(bases), segments
    if head == "parent":
        levels = 1
        while segments[:1] == ["parent"]:
            levels += 1
            segments = segments[1:]
        return [base[: max(0, len(base) - levels)] for base in bases], segments
    if head == "item":
        starts = [base[: max(i for i, s in enumerate(base) if s == ITEM) + 1] for base in bases if ITEM in base]
        return starts, segments
    return [()], [head, *segments]


# -- what a policy's schema may do at scan time --------------------------------------------
# A policy arrives with a pull request: its when/require must not fetch anything, loop,
# blow up or run a regular expression that backtracks.  These are checked on the schema
# as the engine builds it (parameters substituted).

# Keywords whose value is a schema, a list of schemas, or a map of name -> schema.
SUBSCHEMA = frozenset(
    {
        "items",
        "additionalProperties",
        "contains",
        "not",
        "if",
        "then",
        "else",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "additionalItems",
        "contentSchema",
    }
)
SUBSCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
SUBSCHEMA_MAP = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
# Applied to the same value (no descent into it): a loop through these never ends.
_IN_PLACE = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas"})
# Identifiers that would make a $ref resolve against another document (or a fetched one).
_NOT_SELF_CONTAINED = frozenset(
    {"$id", "$schema", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$recursiveRef", "$recursiveAnchor"}
)
# The schema as the engine unfolds it ($ref followed, recursion cut): nodes and depth.
MAX_SCHEMA_NODES = 20_000
MAX_SCHEMA_DEPTH = 100


def schema_safety_problems(schema: Any, where: list[Any]) -> list[tuple[list[Any], str]]:
    """What in ``schema`` (a policy's ``when`` or ``require``, at document path ``where``)
    the engine must not run: a ``$ref`` that is not local (``#/…``), that names nothing or
    no schema, or that loops back without descending into the value; identifiers that
    change where a ``$ref`` resolves (``$id``, ``$schema``, ``$dynamicRef`` …); a pattern
    RE2 refuses; an integer beyond ±2**63; a schema that unfolds (through ``$ref``) to more
    than ``MAX_SCHEMA_NODES`` nodes or ``MAX_SCHEMA_DEPTH`` levels.
    (document path, message) pairs, in document order."""
    problems, edges, refs = _schema_graph(schema, where)
    if problems:
        return sorted(problems, key=lambda p: [str(s) for s in p[0]])

    for node, target in refs.items():
        edges[node].append((target, "in place"))

    loop = _in_place_loop(edges)
    if loop is not None:
        shown = " -> ".join("#/" + "/".join(str(s) for s in step) if step else "#" for step in loop)
        at = next(step for step, following in itertools.pairwise(loop) if refs.get(step) == following)
        return [
            (
                [*where, *at, "$ref"],
                f"'$ref' loops back without descending into the value ({shown}): it would never end",
            )
        ]

    count, depth = _unfolded(edges, refs)
    if count > MAX_SCHEMA_NODES:
        return [(where, f"the schema unfolds through '$ref' to more than {MAX_SCHEMA_NODES} subschemas (limit)")]
    if depth > MAX_SCHEMA_DEPTH:
        return [(where, f"the schema unfolds through '$ref' deeper than {MAX_SCHEMA_DEPTH} levels (limit)")]
    return []


# A node of a schema by its path; its subschemas, each with how it applies ("in place",
# "descends" into the value, or "defs"); the node each $ref names.
_Edges = dict[tuple[Any, ...], list[tuple[tuple[Any, ...], str]]]
_Refs = dict[tuple[Any, ...], tuple[Any, ...]]


def _schema_graph(schema: Any, where: list[Any]) -> tuple[list[tuple[list[Any], str]], _Edges, _Refs]:
    """Every subschema of ``schema`` as a graph (edges, $ref targets), and the problems
    found on the way: identifiers, $ref that may not be followed, patterns, integers."""
    problems: list[tuple[list[Any], str]] = []
    edges: _Edges = {}
    refs: _Refs = {}
    stack: list[tuple[Any, tuple[Any, ...]]] = [(schema, ())]
    while stack:
        node, path = stack.pop()
        edges[path] = []
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            at = (*path, key)
            problems.extend(_keyword_problems(key, value, schema, [*where, *at], path, refs))
            children = _subschemas(key, value)
            if children is None:
                problems.extend(_integer_problems(value, at, where))
                continue
            how = "in place" if key in _IN_PLACE else "defs" if key in ("$defs", "definitions") else "descends"
            for suffix, child in children:
                child_path = (*path, *suffix)
                edges[path].append((child_path, how))
                stack.append((child, child_path))
    return problems, edges, refs


def _keyword_problems(
    key: str, value: Any, schema: Any, where: list[Any], path: tuple[Any, ...], refs: _Refs
) -> list[tuple[list[Any], str]]:
    """What is wrong with one keyword at document path ``where``; a usable ``$ref`` of
    the node at ``path`` goes into ``refs``."""
    from bondlint.safe_parse import pattern_problem

    found: list[tuple[list[Any], str]] = []
    if key in _NOT_SELF_CONTAINED:
        found.append(
            (
                where,
                f"'{key}' is not allowed in a policy: its schemas are self-contained "
                "(a '$ref' names '#/$defs/NAME' in the same when/require; bondlint fetches nothing)",
            )
        )
    elif key == "$ref":
        target = _local_ref(value, schema)
        if isinstance(target, str):
            found.append((where, target))
        else:
            refs[path] = target
    elif key == "pattern" and isinstance(value, str) and (problem := pattern_problem(value)) is not None:
        found.append((where, f"pattern {_brief(value)}: {problem}"))
    if key == "patternProperties" and isinstance(value, dict):
        for pattern in value:
            if (problem := pattern_problem(pattern)) is not None:
                found.append(([*where, pattern], f"pattern {_brief(pattern)}: {problem}"))
    return found


def _subschemas(key: str, value: Any) -> list[tuple[tuple[Any, ...], Any]] | None:
    """The subschemas under keyword ``key`` with their path below the node; None when
    ``value`` is no schema (a const, an enum, a comparison …)."""
    if key in SUBSCHEMA and isinstance(value, (dict, bool)):
        return [((key,), value)]
    if key in SUBSCHEMA_LIST and isinstance(value, list):
        return [((key, index), item) for index, item in enumerate(value)]
    if key in SUBSCHEMA_MAP and isinstance(value, dict):
        return [((key, name), item) for name, item in value.items()]
    return None


def _integer_problems(value: Any, at: tuple[Any, ...], where: list[Any]) -> list[tuple[list[Any], str]]:
    """The integers in ``value`` (at ``at`` below ``where``) too large for the engine."""
    from bondlint.safe_parse import MAX_SCHEMA_INT

    found: list[tuple[list[Any], str]] = []
    for inner, number in _integers(value, at):
        if abs(number) > MAX_SCHEMA_INT:
            digits = int(abs(number).bit_length() * 0.30103) + 1
            found.append(([*where, *inner], f"an integer of about {digits} digits is beyond ±2**63 (limit)"))
    return found


def _brief(text: str) -> str:
    """``text`` quoted, shortened to 80 characters."""
    return repr(text) if len(text) <= 80 else repr(text[:77]) + f"… ({len(text)} characters)"


def _integers(value: Any, path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], int]]:
    """Every integer in ``value`` (not a schema: const, enum, compare …) with its path."""
    found = []
    stack = [(value, path)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, bool):
            continue
        if isinstance(node, int):
            found.append((at, node))
        elif isinstance(node, dict):
            stack.extend((v, (*at, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, (*at, i)) for i, v in enumerate(node))
    return found


def _local_ref(ref: Any, root: Any) -> tuple[Any, ...] | str:
    """The path a ``$ref`` names inside ``root``, or why it may not be used."""
    from urllib.parse import unquote

    if not isinstance(ref, str):
        return "'$ref' is a string ('#/$defs/NAME')"
    if not ref.startswith("#"):
        return (
            f"'$ref' names {_brief(ref)}, outside this schema: a policy's '$ref' may only point "
            "inside its own when/require ('#/$defs/NAME'); bondlint fetches nothing"
        )
    fragment = unquote(ref[1:])
    if fragment and not fragment.startswith("/"):
        return f"'$ref' names {_brief(ref)}, an anchor: write a JSON pointer ('#/$defs/NAME')"
    segments: list[Any] = []
    node = root
    for raw in fragment.split("/")[1:] if fragment else []:
        segment = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and segment in node:
            segments.append(segment)
            node = node[segment]
        elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
            segments.append(int(segment))
            node = node[int(segment)]
        else:
            return f"'$ref' names {_brief(ref)}, which is not in this schema"
    if not isinstance(node, (dict, bool)):
        return f"'$ref' names {_brief(ref)}, which is no schema (a mapping or true/false)"
    return tuple(segments)


def _in_place_loop(edges: _Edges) -> list[Any] | None:
    """A cycle of in-place steps (allOf, not, if, $ref …: no descent into the value), as
    the list of nodes from its start back to it; None when there is none."""
    white, grey, black = 0, 1, 2
    color: dict[tuple[Any, ...], int] = {}
    for start in edges:
        if color.get(start, white) != white:
            continue
        color[start] = grey
        trail = [start]
        iterators = [iter([c for c, how in edges.get(start, ()) if how == "in place"])]
        while iterators:
            child = next(iterators[-1], None)
            if child is None:
                color[trail.pop()] = black
                iterators.pop()
                continue
            state = color.get(child, white)
            if state == grey:
                return [*trail[trail.index(child) :], child]
            if state == white:
                color[child] = grey
                trail.append(child)
                iterators.append(iter([c for c, how in edges.get(child, ()) if how == "in place"]))
    return None


def _unfolded(edges: dict[tuple[Any, ...], list[tuple[tuple[Any, ...], str]]], refs: dict[Any, Any]) -> tuple[int, int]:
    """How many subschemas the schema has with every ``$ref`` replaced by what it names
    (a ``$ref`` back into a schema being unfolded counts once: recursion descends into
    the value, which is finite), and how deep it goes; stops counting past the limits."""
    count = deepest = 0
    stack: list[tuple[tuple[Any, ...], int, frozenset[tuple[Any, ...]]]] = [((), 1, frozenset({()}))]
    while stack:
        node, depth, unfolding = stack.pop()
        count += 1
        deepest = max(deepest, depth)
        if count > MAX_SCHEMA_NODES or deepest > MAX_SCHEMA_DEPTH:
            break
        for child, how in edges.get(node, ()):
            if how == "defs":  # reached through a $ref, where it is used
                continue
            if node in refs and child == refs[node]:
                if child in unfolding:
                    count += 1
                    continue
                stack.append((child, depth + 1, unfolding | {child}))
            else:
                stack.append((child, depth + 1, unfolding))
    return count, deepest


def parameter_value_problems(value: Any, where: list[Any]) -> list[tuple[list[Any], str]]:
    """What a site's parameter value (configuration ``rules: {ID: {parameters: …}}``) may
    not hold, since it is substituted into a policy's schema: ``$ref`` or an identifier
    that changes where one resolves, an integer beyond ±2**63."""
    from bondlint.safe_parse import MAX_SCHEMA_INT

    problems = []
    stack: list[tuple[Any, list[Any]]] = [(value, where)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            for key, inner in node.items():
                if key == "$ref" or key in _NOT_SELF_CONTAINED:
                    problems.append(
                        ([*at, key], f"'{key}' is not allowed in a parameter value (bondlint fetches nothing)")
                    )
                stack.append((inner, [*at, key]))
        elif isinstance(node, list):
            stack.extend((inner, [*at, index]) for index, inner in enumerate(node))
        elif isinstance(node, int) and not isinstance(node, bool) and abs(node) > MAX_SCHEMA_INT:
            problems.append(
                (at, f"an integer of about {int(abs(node).bit_length() * 0.30103) + 1} digits is beyond ±2**63 (limit)")
            )
    return problems
