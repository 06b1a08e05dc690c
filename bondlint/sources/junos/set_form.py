"""The ``set`` form (``show configuration | display set``, ``load set`` files): one
command per line, each naming a whole path from the top of the tree."""

from __future__ import annotations

from bondlint.sources.junos.braces import Pending
from bondlint.sources.junos.lexer import Punct, Token, lex
from bondlint.sources.junos.tree import MAX_DEPTH, TreeWriter
from bondlint.sources.text import DiagnosticLog

# Configuration-mode commands a "display set" capture or a "load set" file may hold;
# only the first four change the configuration.
EDIT_COMMANDS = frozenset({"set", "delete", "deactivate", "activate"})
OTHER_COMMANDS = frozenset(
    {
        "annotate", "commit", "copy", "edit", "exit", "insert", "load", "protect", "quit",
        "rename", "rollback", "run", "show", "top", "unprotect", "up",
    }
)  # fmt: skip


def plain_command(tree: TreeWriter, number: int, words: list[str]) -> None:
    """An edit command without quotes, lists or comments: its words are its path."""
    verb, path = words[0], words[1:]
    if not path:
        tree.log.add(number, f"'{verb}' without a statement; skipped")
    else:
        _edit(tree, verb, path, number)


def command(tree: TreeWriter, number: int, line: str, verb: str) -> None:
    """An edit command that needs lexing: quoted words, a ``[ … ]`` list, a comment."""
    lexed = lex(line, False)
    if lexed.open_quote:
        tree.log.add(number, "quoted text not closed on its line; closed at the line end")
    paths = _paths(lexed.tokens[1:], number, verb, tree.log)
    if paths is None:
        return
    if not paths:
        tree.log.add(number, f"'{verb}' without a statement; skipped")
    for words, _ in paths:
        _edit(tree, verb, words, number)


def _paths(tokens: list[Token], number: int, verb: str, log: DiagnosticLog) -> list[tuple[list[str], int]] | None:
    """The path a command names, one per item of its list; None when a brace spoils it."""
    pending = Pending()
    for token in tokens:
        if isinstance(token, str):
            pending.add(token, number)
        elif token is Punct.LIST_OPEN and pending.items is None and pending.listed is None:
            pending.items = []
        elif token is Punct.LIST_CLOSE and pending.items is not None:
            pending.listed, pending.items = pending.items, None
        elif token is not Punct.END:  # a stray ';' is harmless, braces are not
            log.add(number, f"unexpected {token.value!r} in a '{verb}' line; skipped")
            return None
    paths, _ = pending.take()
    return paths


def _edit(tree: TreeWriter, verb: str, path: list[str], number: int) -> None:
    """Set, delete, deactivate or activate one path."""
    if len(path) > MAX_DEPTH:
        tree.too_deep(number)
    elif verb == "set":
        node = tree.walk(tree.root, path, number)
        if not node.statement:
            node.statement = number
    elif verb == "delete":
        tree.delete(tree.root, path)
    else:
        # Junos keeps the flag even when the statement is only set later
        # (Batfish's activation test): flag the node, creating it if need be.
        tree.walk(tree.root, path, number).inactive = verb == "deactivate"
