"""An entity is what a policy looks at: a JSON view plus where each value came from.

Policies are JSON Schemas evaluated over ``Entity.view``.  When a schema fails at some
path (``/config/options/miimon``), ``Entity.locate`` answers with the file and line that
produced that value, walking up to the nearest located parent when the exact value has
no line of its own (a default, a missing key).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bondlint.sources.base import Location


def pointer(*segments: str | int) -> str:
    """RFC 6901 JSON pointer for ``segments``."""
    return "".join("/" + str(s).replace("~", "~0").replace("/", "~1") for s in segments)


def pointer_segments(text: str) -> list[str]:
    """Segments of an RFC 6901 JSON pointer."""
    if not text:
        return []
    return [s.replace("~1", "/").replace("~0", "~") for s in text.lstrip("/").split("/")]


def value_at(view: Any, path: str) -> Any:
    """The value at JSON pointer ``path`` in ``view`` (None when absent)."""
    return value_under(view, pointer_segments(path))


def value_under(view: Any, segments: Iterable[str]) -> Any:
    """The value under ``segments`` (keys, and indexes as digits) in ``view``, or None."""
    node: Any = view
    for segment in segments:
        if isinstance(node, dict):
            node = node.get(segment)
        elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
            node = node[int(segment)]
        else:
            return None
    return node


def join_pointer(base: str, relative: str) -> str:
    """``base`` extended by a relative pointer whose ``..`` segments climb up; an absolute
    pointer (starting with ``/``) stands for itself."""
    if relative.startswith("/"):
        return relative
    segments = pointer_segments(base)
    for part in relative.split("/"):
        if part == "..":
            segments = segments[:-1]
        elif part:
            segments.append(part.replace("~1", "/").replace("~0", "~"))
    return pointer(*segments)


@dataclass(slots=True)
class Entity:
    """One thing a policy judges: a bond, a port, an input file."""

    kind: str
    host: str
    name: str
    anchor: Location
    view: dict[str, Any] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)

    def put(self, path: tuple[str | int, ...], value: Any, location: Location | None = None) -> None:
        """Set ``value`` at ``path`` in the view, creating objects on the way."""
        node: dict[Any, Any] = self.view
        for segment in path[:-1]:
            node = node.setdefault(segment, {})
        node[path[-1]] = value
        if location is not None:
            self.locations[pointer(*path)] = location

    def mark(self, path: tuple[str | int, ...], location: Location) -> None:
        """Record where the value (or the object) at ``path`` is defined."""
        self.locations[pointer(*path)] = location

    def locate(self, path: str) -> Location:
        """The closest recorded location for JSON pointer ``path``."""
        segments = pointer_segments(path)
        while segments:
            found = self.locations.get(pointer(*segments))
            if found is not None:
                return found
            segments.pop()
        return self.anchor

    def has_location(self, path: str) -> bool:
        return path in self.locations

    def value_at(self, path: str) -> Any:
        """The view's value at JSON pointer ``path`` (None when absent)."""
        return value_at(self.view, path)
