"""SPARQL syntax errors in plain words: where, with a caret under the text, and what was expected.

Why: the engine's own messages are written for its authors. Oxigraph reports
the furthest point its parser reached, so ``SELEC ?s …`` gives "error at
1:10: expected CONSTRUCT", and an undeclared prefix gives a wall of Unicode
ranges. A person needs the place (line, column, the line itself with a
caret under it) and the cause in words. So, once the engine has refused a
query:

1. a lexical pass looks for the mistakes people make most, which it can name
   for certain: a query that does not start with SELECT, CONSTRUCT, DESCRIBE
   or ASK (with a "did you mean"), a malformed ``PREFIX`` line, a prefix used
   but never declared (naming it, and kg's own prefixes ``kgo:``, ``kgr:``,
   ``rdfs:``… with the exact ``PREFIX`` line to add), a bracket never closed,
   closed twice or closed by the wrong kind;
2. otherwise the engine's position is kept and its list of expected tokens is
   put in words (``'}'``, ``a name``, ``an expression``), the character
   classes and internal rule names dropped.

The pass runs only after the engine has failed, so it can never turn away a
query the engine accepts. :func:`describe_syntax_error` reads Oxigraph's
``error at L:C`` and rdflib's ``(line:L, col:C)``, so the CLI, the library
and the endpoint can all give the same wording.

>>> print(describe_syntax_error("SELEC ?s WHERE { ?s ?p ?o }", "error at 1:10: expected CONSTRUCT"))
SPARQL syntax error at line 1, column 1: a query starts with SELECT, CONSTRUCT, DESCRIBE or ASK (after any PREFIX and BASE lines), not 'SELEC'; did you mean SELECT?
  SELEC ?s WHERE { ?s ?p ?o }
  ^^^^^
"""

from __future__ import annotations

import difflib
import re

from kg.sparql.errors import QuerySyntaxError
from kg.sparql.lexer import position, tokens

__all__ = ["QuerySyntaxError", "check_syntax", "describe_syntax_error", "excerpt"]

_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_PAIRS = {")": "(", "]": "[", "}": "{"}
#: Most expected items listed before "…".
_MAX_LISTED = 8
#: Widest excerpt of a line shown under the message.
_EXCERPT_WIDTH = 100


# --------------------------------------------------------------------------- the entry point


def describe_syntax_error(sparql: str, engine_message: str) -> str:
    """The message for a query the engine refused as malformed.

    Args:
        sparql: the query text.
        engine_message: the engine's error text (Oxigraph's ``error at 1:10:
            expected …`` or rdflib's ``Expected …, found … (line:1, col:1)``).

    Returns:
        ``SPARQL syntax error at line L, column C: <cause>``, then the line
        and a caret under the place.
    """
    problem = _lexical_problem(sparql, prefixes=True)
    if problem is not None:
        return _message(sparql, problem)
    where = _engine_position(engine_message)
    if where is None:
        first = engine_message.strip().splitlines()[0] if engine_message.strip() else "the query does not parse"
        return f"SPARQL syntax error: {first}"
    line, column = where
    cause = _expected_in_words(engine_message) + _found(sparql, line, column)
    return f"SPARQL syntax error at line {line}, column {column}: {cause}\n{excerpt(sparql, line, column)}"


def check_syntax(sparql: str, *, prefixes: bool = True) -> None:
    """Raise :class:`QuerySyntaxError` for a mistake the lexical pass names for certain; else return.

    Args:
        sparql: the query text.
        prefixes: also refuse prefixes used but not declared (``False`` for an
            engine that supplies prefixes of its own, as rdflib does).
    """
    problem = _lexical_problem(sparql, prefixes=prefixes)
    if problem is not None:
        raise QuerySyntaxError(_message(sparql, problem))


def _message(sparql: str, problem: tuple[int, int, str]) -> str:
    offset, width, cause = problem
    line, column = position(sparql, offset)
    return f"SPARQL syntax error at line {line}, column {column}: {cause}\n{excerpt(sparql, line, column, width)}"


def excerpt(sparql: str, line: int, column: int, width: int = 1) -> str:
    """Line ``line`` of ``sparql`` and a caret line under ``column`` (both indented two spaces).

    A long line is cut to a window around the column, marked with ``…``.

    >>> print(excerpt("ASK { ?s ?p }", 1, 12))
      ASK { ?s ?p }
                 ^
    """
    lines = sparql.split("\n")
    text = lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""
    start = 0
    if len(text) > _EXCERPT_WIDTH:
        start = max(0, min(column - 1 - _EXCERPT_WIDTH // 2, len(text) - _EXCERPT_WIDTH))
    shown = text[start : start + _EXCERPT_WIDTH]
    lead = "…" if start else ""
    tail = "…" if start + _EXCERPT_WIDTH < len(text) else ""
    pad = "".join("\t" if char == "\t" else " " for char in text[start : max(start, column - 1)])
    return f"  {lead}{shown}{tail}\n  {' ' * len(lead)}{pad}{'^' * max(1, width)}"


# --------------------------------------------------------------------------- mistakes named for certain


def _lexical_problem(sparql: str, *, prefixes: bool) -> tuple[int, int, str] | None:
    """``(offset, width, cause)`` of the first mistake a lexical pass can name, or ``None``."""
    toks = list(tokens(sparql))
    declared: set[str] = set()
    i = 0
    while i < len(toks) and toks[i][0] == "word" and toks[i][1].upper() in ("PREFIX", "BASE"):
        kind, text, offset = toks[i]
        if text.upper() == "BASE":
            if i + 1 >= len(toks) or toks[i + 1][0] != "iri":
                return _after(toks, i, sparql), 1, "BASE must be followed by an IRI in <…>"
            i += 2
            continue
        name = toks[i + 1] if i + 1 < len(toks) else None
        iri = toks[i + 2] if i + 2 < len(toks) else None
        if name is None or name[0] != "pname" or not name[1].endswith(":") or name[1].count(":") != 1:
            return _after(toks, i, sparql), 1, "PREFIX must be followed by a name ending in ':' and an IRI in <…>, as in PREFIX kgo: <https://w3id.org/mineral-kg/ontology#>"
        if iri is None or iri[0] != "iri":
            return _after(toks, i + 1, sparql), 1, f"PREFIX {name[1]} must be followed by an IRI in <…>"
        declared.add(name[1][:-1])
        i += 3
    if i >= len(toks):
        return len(sparql), 1, "the query ends before it starts: SELECT, CONSTRUCT, DESCRIBE or ASK must follow any PREFIX and BASE lines"
    kind, text, offset = toks[i]
    if not (kind == "word" and text.upper() in _FORMS):
        cause = f"a query starts with SELECT, CONSTRUCT, DESCRIBE or ASK (after any PREFIX and BASE lines), not {text!r}"
        guess = difflib.get_close_matches(text.upper(), (*_FORMS, "PREFIX", "BASE"), n=1, cutoff=0.6)
        return offset, len(text), cause + (f"; did you mean {guess[0]}?" if guess else "")
    return (_undeclared_prefix(toks[i:], declared) if prefixes else None) or _unbalanced(toks, sparql) or _short_triple(toks)


def _after(toks: list[tuple[str, str, int]], i: int, sparql: str) -> int:
    """Where the token after ``toks[i]`` starts (or the end of the text)."""
    return toks[i + 1][2] if i + 1 < len(toks) else len(sparql)


def _undeclared_prefix(toks: list[tuple[str, str, int]], declared: set[str]) -> tuple[int, int, str] | None:
    from kg.ontology import PREFIXES  # only on an error path: keeps the import of this module light

    for kind, text, offset in toks:
        if kind != "pname":
            continue
        prefix = text.partition(":")[0]
        if prefix in declared:
            continue
        known = {name: str(namespace) for name, namespace in PREFIXES.items()}
        if prefix in known:
            cause = f"the prefix {prefix}: is not declared; add PREFIX {prefix}: <{known[prefix]}> at the top of the query"
        else:
            guess = difflib.get_close_matches(prefix, list(known), n=1, cutoff=0.5)
            hint = f"did you mean {guess[0]}: (PREFIX {guess[0]}: <{known[guess[0]]}>)? " if guess else ""
            cause = (
                f"the prefix {prefix}: is not declared; declare it with PREFIX {prefix}: <…> at the top of the query; "
                f"{hint}kg's own prefixes are {', '.join(name + ':' for name in known)}"
            )
        return offset, len(prefix) + 1, cause
    return None


def _unbalanced(toks: list[tuple[str, str, int]], sparql: str) -> tuple[int, int, str] | None:
    open_brackets: list[tuple[str, int]] = []
    for kind, text, offset in toks:
        if kind != "op":
            continue
        if text in "{([":
            open_brackets.append((text, offset))
        elif text in _PAIRS:
            if not open_brackets:
                return offset, 1, f"{text!r} closes a bracket that was never opened"
            opener, opened_at = open_brackets.pop()
            if opener != _PAIRS[text]:
                line, column = position(sparql, opened_at)
                return offset, 1, f"{text!r} does not close the {opener!r} opened at line {line}, column {column}"
    if open_brackets:
        opener, opened_at = open_brackets[-1]
        return opened_at, 1, f"this {opener!r} is never closed"
    return None


_TERMS = frozenset({"var", "iri", "pname", "string", "number", "bnode"})


def _short_triple(toks: list[tuple[str, str, int]]) -> tuple[int, int, str] | None:
    """A plain triple pattern with fewer than three terms (``?s ?p .``, ``{ ?s ?p }``).

    Only the simplest shape is judged: a run of plain terms (variables, IRIs,
    prefixed names, literals, ``a``) that starts a group or follows ``.`` and
    ends at ``.`` or ``}``, in a group that is not a ``VALUES`` block.
    """
    groups: list[bool] = []  # per open '{': is it a group of patterns (not VALUES data)?
    run: list[tuple[str, str, int]] | None = None
    for index, (kind, text, offset) in enumerate(toks):
        if kind == "op" and text == "{":
            groups.append(not _values_block(toks, index))
            run = [] if groups[-1] else None
            continue
        if kind == "op" and text in (".", "}"):
            if run is not None and 0 < len(run) < 3:
                terms = " ".join(t for _, t, _ in run)
                return run[0][2], len(terms), (
                    f"the triple pattern {terms!r} has {len(run)} term{'s' if len(run) > 1 else ''}; "
                    "a pattern needs a subject, a predicate and an object"
                )
            if text == "}" and groups:
                groups.pop()
            run = [] if text == "." and groups and groups[-1] else None
            continue
        if run is None:
            continue
        if kind in _TERMS or (kind == "word" and text == "a"):
            run.append((kind, text, offset))
        elif kind == "langtag" or (kind == "op" and text == "^^"):
            run = None  # a typed or tagged literal: not judged
        else:
            run = None
    return None


def _values_block(toks: list[tuple[str, str, int]], brace: int) -> bool:
    """Whether the ``{`` at ``toks[brace]`` opens the data of a ``VALUES`` clause."""
    j = brace - 1
    if j >= 0 and toks[j][1] == ")":
        while j >= 0 and toks[j][1] != "(":
            j -= 1
        j -= 1
    elif j >= 0 and toks[j][0] == "var":
        j -= 1
    return j >= 0 and toks[j][0] == "word" and toks[j][1].upper() == "VALUES"


# --------------------------------------------------------------------------- the engine's message in words

_OXIGRAPH_AT = re.compile(r"error at (\d+):(\d+)")
_RDFLIB_AT = re.compile(r"\(line:(\d+), col:(\d+)\)")
_ITEM = re.compile(r"\"(?:[^\"\\]|\\.)*\"|\[(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\]'\"])*\]|[^,\[\]\"]+")
#: What Oxigraph lists when it only knows another pattern could start: no help to a person.
_GROUP_KEYWORDS = frozenset({"LATERAL", "SERVICE", "OPTIONAL", "MINUS", "GRAPH", "FILTER", "BIND", "VALUES"})
#: Function names whose presence in the expected list means "an expression goes here".
_FUNCTIONS = frozenset({"ABS", "AVG", "STR", "STRSTARTS", "REGEX", "COUNT", "IRI", "NOW", "MD5", "DAY", "ISLITERAL"})


def _engine_position(message: str) -> tuple[int, int] | None:
    match = _OXIGRAPH_AT.search(message) or _RDFLIB_AT.search(message)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _expected_in_words(message: str) -> str:
    """Oxigraph's ``expected one of …`` list, without character classes and rule names."""
    _, found, listed = message.partition("expected ")
    if not found:
        return message.strip().splitlines()[0] if message.strip() else "the query does not parse"
    listed = listed.removeprefix("one of ").strip()
    literals: list[str] = []
    keywords: list[str] = []
    sentences: list[str] = []
    name = False
    for raw in _ITEM.findall(listed):
        item = raw.strip()
        if not item:
            continue
        if item.startswith('"'):
            literals.append(repr(item[1:-1].replace('\\"', '"').replace("\\\\", "\\")))
        elif item.startswith("["):
            name = name or "'A' ..= 'Z'" in item
        elif " " in item:
            if item != "Prefix not found":
                sentences.append(item)
        elif item.isupper() or item.upper() in _FUNCTIONS:
            keywords.append(item)
    if sentences:
        return sentences[0][0].lower() + sentences[0][1:]
    if len({k.upper() for k in keywords} & _FUNCTIONS) >= 2:
        return "expected an expression here (a variable, a value, or a function call such as STR(?x))"
    wanted = literals + keywords + (["a name"] if name else [])
    if not wanted or (not literals and not name and set(keywords) <= _GROUP_KEYWORDS):
        # the engine only lists what could open another pattern: it lost its way earlier
        return "the query does not parse here (the mistake may be just before this point)"
    if len(wanted) > _MAX_LISTED:
        wanted = [*wanted[:_MAX_LISTED], "…"]
    return "expected " + (wanted[0] if len(wanted) == 1 else "one of " + ", ".join(wanted))


def _found(sparql: str, line: int, column: int) -> str:
    """``, found 'x'`` for what starts at the engine's position, or that the query ends there."""
    lines = sparql.split("\n")
    rest = lines[line - 1][column - 1 :] if 0 < line <= len(lines) else ""
    following = "\n".join([rest, *lines[line:]]).strip()
    if not following:
        return ", but the query ends there"
    first = next(tokens(following), None)
    return f", found {first[1]!r}" if first is not None else ""
