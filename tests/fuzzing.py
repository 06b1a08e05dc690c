"""Shared hypothesis helper: damage real text the way copy-paste and truncation do."""

from __future__ import annotations

from hypothesis import strategies as st


def damaged(data: st.DataObject, texts: list[str]) -> str:
    """One of ``texts`` with up to six lines deleted, duplicated, truncated or junk inserted."""
    lines = data.draw(st.sampled_from(texts)).split("\n")
    for _ in range(data.draw(st.integers(0, 6))):
        at = data.draw(st.integers(0, len(lines)))
        action = data.draw(st.sampled_from(["delete", "duplicate", "truncate", "junk"]))
        if action == "delete":
            del lines[at : at + 1]
        elif action == "duplicate":
            lines[at:at] = lines[at : at + 1]
        elif action == "truncate" and at < len(lines):
            lines[at] = lines[at][: data.draw(st.integers(0, len(lines[at])))]
        elif action == "junk":
            lines.insert(at, data.draw(st.text(max_size=20)))
    return "\n".join(lines)
