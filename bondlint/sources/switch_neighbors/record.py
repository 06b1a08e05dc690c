"""One neighbor record while it is read, whatever the table dialect."""

from __future__ import annotations

from dataclasses import dataclass, field

from bondlint.sources.base import LldpNeighbor, Located, Location
from bondlint.sources.switch_neighbors.values import canonical

LLDP_FORMAT = "switch-lldp"
CDP_FORMAT = "switch-cdp"


@dataclass
class Record:
    """One neighbor being read; ``fact()`` makes the result."""

    protocol: str
    line: int
    junos: bool = False
    local: tuple[str, int] | None = None
    values: dict[str, Located[str]] = field(default_factory=dict)
    # Used only when the record gives nothing better (CDP Device ID, EOS Neighbor line).
    fallbacks: dict[str, Located[str]] = field(default_factory=dict)
    aggregated: bool = False  # EOS link aggregation status said "Enabled"

    @property
    def cdp(self) -> bool:
        return self.protocol == CDP_FORMAT

    def fact(self, path: str, system: Located[str] | None) -> LldpNeighbor | None:
        if self.local is None:
            return None
        values = dict(self.values)
        entry = values.pop("entry_ip", None)
        if "mgmt_ip" not in values and entry is not None:
            values["mgmt_ip"] = entry  # CDP: the entry/interface address stands in
        for key, value in self.fallbacks.items():
            values.setdefault(key, value)
        name, line = self.local
        where = Location(path, line)
        return LldpNeighbor(
            format=self.protocol,
            local_interface=Located(canonical(name, self.junos), where),
            location=Location(path, self.line),
            values=values,
            local_system=system,
        )
