"""spaCy's ``attribute_ruler`` with its matching answered by table lookups.

Why: in the English pipelines the attribute ruler maps fine-grained tags to
parts of speech and morphology and fixes a few words ("n't" -> "not"). Its
token ``Matcher`` tries all 179 rules on every token and cost as much as all
of kg's own rules together (about 1.3 s per 100 articles, a tenth of the
model's time). 171 of those rules test one token for equality
(``{"TAG": "NNS"}``, ``{"LOWER": "n't", "TAG": "RB"}``), which a dict
answers. So the rules are read from the loaded model, the single-token
equality rules go into a table, any other rule keeps a ``Matcher`` of its
own, and the ruler's own ``set_annotations`` still applies the result: the
matches, and so every token's attributes, are the ones spaCy computes
(tests compare them token by token).

The other eight rules of the English models ("gon" + "na", a regular
expression on a word, a ``NOT_IN`` test, an expletive before "is") then
cost as much as the 171 in the table: a ``Matcher`` walks its state machine
over every token for them. Rules of fixed length whose tests are equality,
``IN``, ``NOT_IN`` or ``REGEX`` on the table's columns are therefore tested
here too, on the same rows, as the ``Matcher`` tests them (a regular
expression is searched in the value's string, each value once); a rule of
any other shape (an ``OP``, another attribute) keeps a ``Matcher``.

Only the matching of a ruler loaded with the model is replaced; rules added
to it afterwards would not be seen, which is why :func:`install` is called
once, right after loading, by :func:`kg.nlp.model.load_pipeline`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

Match = tuple[int, int, int, int]
"""(rule number, match id, start, end): the shape ``AttributeRuler.match`` returns."""
Test = tuple[int, str, Any]
"""(column, "in" | "not in" | "regex", the values or the (pattern, results so far)): one test of one token."""
Sequence = tuple[int, tuple[tuple[Test, ...], ...]]
"""(rule number, the tests of each of its tokens)."""

#: Token attributes a table rule may test, the most selective first (a rule is filed under its first
#: test, so a word exception is only looked at for that word); ``Doc.to_array`` gives string hashes (IS_SPACE: 0/1).
_COLUMNS = ("LOWER", "ORTH", "NORM", "DEP", "TAG", "IS_SPACE")
#: Values whose regular-expression result a rule keeps before it starts afresh.
_REGEX_MEMORY = 1 << 16


class TableMatcher:
    """The matches of an ``AttributeRuler``, single-token rules looked up, the rest matched."""

    def __init__(self, ruler: AttributeRuler) -> None:
        from spacy import attrs
        from spacy.matcher import Matcher

        strings = ruler.vocab.strings
        self._array_attrs = [getattr(attrs, name) for name in _COLUMNS]
        #: per column, value -> [(rule, its other tests)]: a rule is filed under its first test
        tables: list[dict[int, list[tuple[int, tuple[tuple[int, frozenset[int]], ...]]]]] = [{} for _ in _COLUMNS]
        self._match_ids: list[int] = []
        self._rest = Matcher(ruler.vocab, validate=False)
        #: rules of other shapes the rows can answer: filed under a value their first token must have, or tried everywhere
        filed: list[dict[int, list[Sequence]]] = [{} for _ in _COLUMNS]
        self._scans: list[Sequence] = []
        for rule, entry in enumerate(ruler.patterns):
            key = str(rule)
            self._match_ids.append(strings.add(key))
            patterns: list[Any] = list(entry["patterns"])  # type: ignore[arg-type]  # always token patterns here
            for pattern in patterns:
                conditions = _conditions(pattern, strings) if len(pattern) == 1 else None
                if conditions is None:
                    sequence = _sequence(pattern, strings)
                    if sequence is None:
                        self._rest.add(key, [pattern])
                        continue
                    first = next(((column, values) for column, how, values in sequence[0] if how == "in"), None)
                    if first is None:
                        self._scans.append((rule, sequence))
                        continue
                    for value in first[1]:
                        filed[first[0]].setdefault(value, []).append((rule, sequence))
                    continue
                (column, values), *others = sorted(conditions)
                for value in values:
                    tables[column].setdefault(value, []).append((rule, tuple(others)))
        self._tables = [(column, table) for column, table in enumerate(tables) if table]
        self._filed = [(column, table) for column, table in enumerate(filed) if table]
        self._strings = strings

    def match(self, doc: Doc) -> list[Match]:
        """What ``AttributeRuler.match(doc)`` returns: each (rule, start, end) once, sorted by rule."""
        found: set[Match] = set()
        tables, match_ids = self._tables, self._match_ids
        filed, scans, strings = self._filed, self._scans, self._strings
        rows = doc.to_array(self._array_attrs).tolist()
        for start, row in enumerate(rows):
            for column, table in tables:
                for rule, others in table.get(row[column], ()):
                    if all(row[other] in allowed for other, allowed in others):
                        found.add((rule, match_ids[rule], start, start + 1))
            for column, sequences in filed:
                for rule, sequence in sequences.get(row[column], ()):
                    if _fits(rows, start, sequence, strings):
                        found.add((rule, match_ids[rule], start, start + len(sequence)))
            for rule, sequence in scans:
                if _fits(rows, start, sequence, strings):
                    found.add((rule, match_ids[rule], start, start + len(sequence)))
        if len(self._rest):
            strings = doc.vocab.strings
            for match_id, start, end in self._rest(doc, allow_missing=True, as_spans=False):  # type: ignore[misc]
                found.add((int(strings[match_id]), match_id, start, end))
        return sorted(found)


def _sequence(pattern: list[dict[str, Any]], strings: Any) -> tuple[tuple[Test, ...], ...] | None:
    """A fixed-length pattern as the tests of each token, or None when a token asks for more than the rows hold."""
    tokens = []
    for token in pattern:
        tests: list[Test] = []
        for name, expected in token.items():
            column = _COLUMNS.index(name) if name in _COLUMNS else -1
            if column < 0:
                return None  # "OP", "LENGTH", "_": the Matcher's
            flag = name == "IS_SPACE"
            if isinstance(expected, dict) and set(expected) == {"NOT_IN"}:
                values = _values({"IN": expected["NOT_IN"]}, is_flag=flag, strings=strings)
                test: Test | None = None if values is None else (column, "not in", values)
            elif isinstance(expected, dict) and set(expected) == {"REGEX"} and isinstance(expected["REGEX"], str) and not flag:
                test = (column, "regex", (re.compile(expected["REGEX"]), {}))
            else:
                values = _values(expected, is_flag=flag, strings=strings)
                test = None if values is None else (column, "in", values)
            if test is None:
                return None
            tests.append(test)
        tokens.append(tuple(sorted(tests, key=lambda t: (t[1] != "in", t[0]))))  # equality first: the rule is filed under it
    return tuple(tokens) if tokens else None


def _fits(rows: list[list[int]], start: int, sequence: tuple[tuple[Test, ...], ...], strings: Any) -> bool:
    """Whether the tokens from ``start`` on pass every test of a rule, as spaCy's ``Matcher`` would test them."""
    if start + len(sequence) > len(rows):
        return False
    for offset, tests in enumerate(sequence):
        row = rows[start + offset]
        for column, how, values in tests:
            value = row[column]
            if how == "in":
                ok = value in values
            elif how == "not in":
                ok = value not in values
            else:
                pattern, seen = values
                ok = seen.get(value)
                if ok is None:
                    if len(seen) >= _REGEX_MEMORY:
                        seen.clear()  # a long build meets ever more words
                    ok = seen[value] = bool(pattern.search(strings[value]))  # the Matcher searches the value's string
            if not ok:
                return False
    return True


def _conditions(pattern: list[dict[str, Any]], strings: Any) -> list[tuple[int, frozenset[int]]] | None:
    """A one-token pattern as (column, allowed values) tests, or None when it is not plain equality on known columns."""
    conditions = []
    for name, expected in pattern[0].items():
        column = _COLUMNS.index(name) if name in _COLUMNS else -1
        if column < 0:
            return None
        values = _values(expected, is_flag=name == "IS_SPACE", strings=strings)
        if values is None:
            return None
        conditions.append((column, values))
    return conditions or None


def _values(expected: Any, is_flag: bool, strings: Any) -> frozenset[int] | None:
    """The ``Doc.to_array`` values a test accepts: one value, or an ``{"IN": [...]}`` list."""
    options: Iterable[Any]
    if isinstance(expected, dict):
        if set(expected) != {"IN"} or not isinstance(expected["IN"], list):
            return None
        options = expected["IN"]
    else:
        options = [expected]
    values = set()
    for option in options:
        if is_flag and isinstance(option, bool):
            values.add(int(option))
        elif not is_flag and isinstance(option, str):
            values.add(strings.add(option))
        else:
            return None
    return frozenset(values)


def install(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Route the named ruler's matching through a :class:`TableMatcher`; False when the pipeline has no such ruler."""
    from spacy.pipeline import AttributeRuler

    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    ruler.match = TableMatcher(ruler).match  # type: ignore[method-assign]
    return True
