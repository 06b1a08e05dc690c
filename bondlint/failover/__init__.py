"""Failover, planned, simulated and verified (``bondlint plan``, ``simulate``, ``plan --verify``).

Everything here reads the joined model (``ScanResult`` entities: a bond's config,
effective and runtime layers and the switch port each host port is cabled to) and
computes what a failure does, from the kernel bonding documentation's timers
(``bondlint.model.detection``): nothing here reads files on its own except the captures
``plan --verify`` compares, which go through the same discovery and parsers.

* ``facts``: the few facts of a bond the three commands need, from its view.
* ``commands``: the command that takes a port down (and back up) per switch platform.
* ``plan``: the failover test as a checklist per bond.
* ``simulate``: what a failure (a host port, a switch port, a switch, its uplinks) does.
* ``verify``: whether two captures show the failover a plan expects.
* ``render``: text, JSON and Markdown, with every input-derived string made safe.
"""
