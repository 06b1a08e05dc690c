"""YAML inputs (netplan, nmstate, wiring inventories) read with ruamel.yaml, with lines.

Round-trip loading keeps each node's position, so every fact points at its line.
ruamel.yaml is imported only when a YAML file is parsed (it is slow to import).
"""

from __future__ import annotations

from typing import Any

from bondlint.sources.text import DiagnosticLog

# ruamel's scanner slows down quadratically on deeply nested flow collections.
MAX_FLOW_DEPTH = 64


def load_yaml(text: str, log: DiagnosticLog, what: str) -> Any:
    """The YAML document (round-trip, for line numbers), or None when it cannot be read."""
    from ruamel.yaml.constructor import DuplicateKeyError  # slow to import: only when YAML is parsed
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from bondlint.safe_parse import LimitExceeded, bounded_yaml, check_flow_depth

    try:
        check_flow_depth(text, MAX_FLOW_DEPTH)
    except LimitExceeded as error:
        log.add(error.line, f"brackets nested deeper than {MAX_FLOW_DEPTH}: not {what}")
        return None
    try:
        # Bounded: nesting, aliases and what they expand to, scalar sizes (safe_parse).
        return bounded_yaml().load(text)
    except DuplicateKeyError as error:
        log.add(error_line(error, text), f"{error_text(error)}; the first value is read")
        try:
            return bounded_yaml(allow_duplicate_keys=True).load(text)
        except LimitExceeded as again:
            log.add(again.line or error_line(again, text), f"not read: {again.message}")
        except YAMLError as again:
            log.add(error_line(again, text), f"malformed YAML: {error_text(again)}")
        except (RecursionError, ValueError, TypeError, AttributeError) as again:
            log.add(0, f"YAML not readable: {type(again).__name__}")
    except LimitExceeded as error:
        log.add(min(error.line, text.count("\n") + 1), f"not read: {error.message}")
    except MarkedYAMLError as error:
        log.add(error_line(error, text), f"malformed YAML: {error_text(error)}")
    except YAMLError as error:  # the reader refuses control characters: binary data
        log.add(error_line(error, text), f"binary data, not YAML text: {error_text(error)}")
    except ValueError as error:  # an integer past Python's 4300-digit conversion limit …
        log.add(0, f"YAML not readable: {type(error).__name__}: {error_text(error)}")
    except (RecursionError, TypeError, AttributeError) as error:
        # ruamel.yaml has crashed on pathological input (deep nesting, odd tags).
        log.add(0, f"YAML not readable: {type(error).__name__}")
    return None


def error_line(error: Exception, text: str) -> int:
    """1-based line of a ruamel.yaml error (its mark, else its character position)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        # YAML also breaks lines at a lone "\r"; bondlint's lines (as editors show them
        # in files written on Linux) are "\n"-separated: never past the last of those.
        return min(int(mark.line) + 1, text.count("\n") + 1)
    position = getattr(error, "position", None)
    if isinstance(position, int):
        return text.count("\n", 0, position) + 1
    return 0


def error_text(error: Exception) -> str:
    """The one-line reason of a ruamel.yaml error."""
    reason = getattr(error, "problem", None) or getattr(error, "context", None) or error
    lines = str(reason).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def scalar(value: Any) -> str | None:
    """A YAML scalar as text ("" for null, None for a mapping or sequence)."""
    if isinstance(value, (dict, list)):
        return None
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def key_line(mapping: Any, key: Any) -> int:
    """1-based line of ``key`` in a round-trip mapping (its own line if unknown)."""
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return node_line(mapping)


def item_line(sequence: Any, index: int) -> int:
    """1-based line of item ``index`` of a round-trip sequence."""
    try:
        return int(sequence.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return node_line(sequence)


def node_line(node: Any) -> int:
    """1-based line where a round-trip node starts (0 when unknown)."""
    line = getattr(getattr(node, "lc", None), "line", None)
    return line + 1 if isinstance(line, int) else 0
