r"""SPARQL text as tokens: strings, IRIs, comments, prefixed names and variables each one token.

Why a module of its own: the safety check (:mod:`kg.sparql.safety`) and the
syntax-error explainer (:mod:`kg.sparql.syntax`) must read a query the same
way the engine does, so ``"SERVICE"`` in a string, ``# DELETE`` in a comment
or ``<http://x/\u0041#>`` (a ``#`` inside an IRI) are never taken for
something else. One tokenizer, one place to keep in step with the grammar.
The pass is a single regular expression applied left to right: linear, and
safe on hostile input.

>>> [(kind, text) for kind, text, _ in tokens('ASK { ?s <http://x/#a> "#" } # note')]
[('word', 'ASK'), ('op', '{'), ('var', '?s'), ('iri', '<http://x/#a>'), ('string', '"#"'), ('op', '}')]
>>> position("SELECT *\nWHERE {", 12)
(2, 4)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["PN_CHARS", "PN_CHARS_BASE", "TOKEN_RE", "UCHAR", "position", "tokens"]

# One alternative per SPARQL token class; order matters (long strings before
# short ones, prefixed names before bare words, an IRI before the "<" operator).
PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
PN_CHARS = PN_CHARS_BASE + "_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
# A code-point escape, which the engine accepts inside an IRI (``<http://x/\u0041>``).
UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
TOKEN_RE = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
              |\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\r\n]|\\.)*'
              |"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{UCHAR})*>)
  | (?P<var>[?$][{PN_CHARS}]+)
  | (?P<bnode>_:[{PN_CHARS}](?:[{PN_CHARS}.]*[{PN_CHARS}])?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[{PN_CHARS_BASE}](?:[{PN_CHARS}.]*[{PN_CHARS}])?)?
              :(?:(?:[{PN_CHARS}:]|{_PLX})(?:(?:[{PN_CHARS}.:]|{_PLX})*(?:[{PN_CHARS}:]|{_PLX}))?)?)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\^\^|\|\||&&|!=|<=|>=|[{{}}()\[\];,.|/^*+\-!=<>?])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)




def tokens(sparql: str) -> Iterator[tuple[str, str, int]]:
    """Yield ``(kind, text, offset)`` for each significant token (not spaces, not comments).

    ``kind`` is the name of the matching group of :data:`TOKEN_RE`: ``string``,
    ``iri``, ``var``, ``bnode``, ``langtag``, ``pname``, ``number``, ``word``,
    ``op``, or ``other`` for a character SPARQL has no use for.
    """
    for match in TOKEN_RE.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind not in ("ws", "comment"):
            yield kind, match.group(), match.start()


def position(sparql: str, offset: int) -> tuple[int, int]:
    """Line and column (both from 1, columns in characters) of ``offset`` in ``sparql``."""
    line = sparql.count("\n", 0, offset) + 1
    column = offset - (sparql.rfind("\n", 0, offset) + 1) + 1
    return line, column
