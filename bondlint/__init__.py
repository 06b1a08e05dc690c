"""bondlint: audit Linux NIC bonding from offline captures before it fails in production."""

__version__ = "0.1.0"
