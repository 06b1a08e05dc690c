"""``python -m bondlint.sources``: write the format index and the hook's ``files`` pattern.

The source modules' ``SOURCE`` declarations are the truth; ``formats.json`` (read at run
time without importing every parser) and ``.pre-commit-hooks.yaml``'s ``files`` (in a
checkout) are derived from them. Run it after adding or changing a declaration; the test
``tests/sources/test_registry.py`` fails until then.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bondlint.sources.registry import HOOKS_FILE, INDEX, declared, hooks_manifest, index_text


def main() -> int:
    sources = declared()
    here = Path(__file__).resolve().parent
    (here / INDEX).write_text(index_text(sources), encoding="utf-8")
    print(f"wrote {here / INDEX} ({len(sources)} formats)")
    manifest = here.parent.parent / HOOKS_FILE
    if manifest.is_file():
        manifest.write_text(hooks_manifest(manifest.read_text(encoding="utf-8"), sources), encoding="utf-8")
        print(f"wrote the files pattern of {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
