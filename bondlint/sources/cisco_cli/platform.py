"""Which platform wrote a running-config: IOS / IOS-XE, NX-OS or EOS.

Nothing read depends on the platform, so it is decided at the end from the evidence
seen: each kind of evidence counts once, with a weight (a RANCID header is decisive, a
line only one platform writes is strong, a folder named after the platform is a hint, a
naming or indentation habit is weak).  It is cited at its surest line.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from bondlint.sources.base import Located, Location

IOS, NXOS, EOS = "ios", "nxos", "eos"
DECISIVE = 1000  # RANCID's content-type header
STRONG = 10  # a line only one platform writes
PATH_HINT = 3  # a parent directory named after the platform: below any content evidence
WEAK = 1  # a naming or indentation habit
# Tie-break when evidence is equal: IOS is the oldest and most common dialect.
PLATFORM_ORDER = (IOS, NXOS, EOS)
_RANCID_TYPES = {"cisco": IOS, "cisco-nx": NXOS, "arista": EOS}
_PATH_SUFFIXES = {".ios": IOS, ".nxos": NXOS, ".eos": EOS}
# Interface types only IOS / IOS-XE spell out in a running-config.
_IOS_ONLY_TYPES = frozenset(
    {
        "fastethernet",
        "gigabitethernet",
        "tengigabitethernet",
        "twentyfivegige",
        "fortygigabitethernet",
        "hundredgige",
        "hundredgigabitethernet",
        "appgigabitethernet",
    }
)
# Indentation of interface sub-commands each platform prints.
_INDENT_HABIT = {1: IOS, 2: NXOS, 3: EOS}


def comment_platform(comment: str) -> tuple[str, int, str]:
    """The platform a ``!`` comment names, how sure that is, and the kind of evidence."""
    body = comment[1:].strip()
    if body.startswith("RANCID-CONTENT-TYPE:"):
        found = _RANCID_TYPES.get(body.partition(":")[2].strip().lower(), "")
        return found, DECISIVE, "rancid"  # whoever archived it was told the platform
    if body.startswith("device:") and "EOS-" in body:
        return EOS, STRONG, "device"
    if body.startswith("boot system") and ".swi" in body:
        return EOS, STRONG, "boot image"
    if comment.startswith(("!Command: show running-config", "!Time:")):
        return NXOS, STRONG, "show header"  # NX-OS prints no space after "!"
    if comment.startswith("! Command: show running-config"):
        return EOS, STRONG, "show header"
    if body.startswith(("Last configuration change", "NVRAM config last updated")):
        return IOS, STRONG, "change stamp"
    return "", 0, ""


class Evidence:
    """platform -> {evidence kind: (weight, line)}; each kind counts once, at its first line."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[str, dict[str, tuple[int, int]]] = {platform: {} for platform in PLATFORM_ORDER}

    def note(self, platform: str, kind: str, weight: int, number: int) -> None:
        seen = self.seen[platform]
        if kind not in seen:
            seen[kind] = (weight, number)

    def any(self) -> bool:
        return any(self.seen.values())

    def comment(self, line: str, number: int) -> None:
        """``!`` comments carry platform headers (RANCID, EOS device line, NX-OS stamps)."""
        platform, weight, kind = comment_platform(line)
        if platform:
            self.note(platform, kind, weight, number)

    def indentation(self, raw: str, indent: int, number: int) -> None:
        """How deep the first interface's sub-commands are indented hints at the platform."""
        habit = _INDENT_HABIT.get(indent)
        if habit is not None and raw[0] == " ":
            self.note(habit, "indentation", WEAK, number)

    def interface_type(self, head: str, long_head: str, number: int) -> None:
        """Interface types and their spelling hint at the platform."""
        if head.lower() in _IOS_ONLY_TYPES or long_head.lower() in _IOS_ONLY_TYPES:
            self.note(IOS, "interface type", STRONG, number)
        elif head == "port-channel" or head == "mgmt":
            self.note(NXOS, "lower-case names", WEAK, number)
        elif head == "Port-Channel":
            self.note(EOS, "Port-Channel", WEAK, number)
        elif head == "Port-channel":
            self.note(IOS, "Port-channel", WEAK, number)

    def decide(self, path: str) -> Located[str]:
        """The best-supported platform, cited at its surest line (0: the file's name)."""
        pure = PurePosixPath(path)
        suffix_platform = _PATH_SUFFIXES.get(pure.suffix.lower())
        if suffix_platform is not None:
            self.note(suffix_platform, "file suffix", STRONG, 0)
        parent = pure.parent.name.lower()
        if parent in PLATFORM_ORDER:
            self.note(parent, "directory", PATH_HINT, 0)
        best, best_score, best_line = IOS, 0, 0
        for platform in PLATFORM_ORDER:
            seen = self.seen[platform]
            score = sum(weight for weight, _ in seen.values())
            if score > best_score:
                # Cite the surest line, and a line of the file before its name.
                strongest = max(seen.values(), key=lambda item: (item[0], item[1] > 0, -item[1]))
                best, best_score, best_line = platform, score, strongest[1]
        return Located(best, Location(path, best_line))
