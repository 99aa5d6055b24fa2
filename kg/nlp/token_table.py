"""A parsed block's token attributes read once, as plain columns, and doc-only passes run once per block.

Why: kg's mention rules walk every token of every block several times, and
each ``doc[i]`` or ``for token in doc`` makes a new spaCy ``Token`` whose
attributes (``token.lower_``, ``token.dep_``, …) are looked up in the string
store on every read. A profile of 100 articles counted 6.6 million ``Token``
objects, and kg's own passes cost a third as much as spaCy's parse. The
columns here are read from spaCy once per block and then indexed like lists;
the values are spaCy's own, so a rule reading ``tokens.lower[i]`` sees what
``doc[i].lower_`` gives.

A column is read on first use only (most passes need three or four), and the
table lives in the Doc's ``user_data``, so it is dropped with the Doc.

>>> from spacy.tokens import Doc
>>> from spacy.vocab import Vocab
>>> doc = Doc(Vocab(), words=["Oyu", "Tolgoi", "is", "located", "in", "Mongolia"])
>>> table = token_table(doc)
>>> table.lower[1], table.capitalised[1], table.capitalised[2]
('tolgoi', True, False)
>>> token_table(doc) is table
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, wraps
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

T = TypeVar("T")

#: Where a block's table is kept in ``Doc.user_data``.
_TABLE_KEY = "kg_token_table"


#: Columns read from spaCy's token structs in one ``Doc.to_array`` (:meth:`TokenTable._read`), with the attribute each comes from.
_ARRAY_COLUMNS = ("ORTH", "LOWER", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_TYPE", "ENT_IOB", "SENT_START", "IS_ALPHA", "IS_STOP")
#: Strings of the hashes the columns have met (a hash names the same string in every store); cleared past this many.
_NAMES: dict[int, str] = {}
_NAMES_LIMIT = 1 << 18


class TokenTable:
    """Columns of one block's token attributes, each a tuple indexed by token position (``Token.i``).

    The first column asked for reads them all from one ``Doc.to_array``
    (the attributes spaCy's ``Token`` reads: ``text`` is ``ORTH``, ``lemma_``
    is ``LEMMA``, …), string hashes named through :data:`_NAMES`: a column
    read through ``for t in doc`` made a ``Token`` per word and column, and
    the columns were a tenth of kg's per-article work; one array for all of
    them costs about half as much (one array per column cost as much as the
    Tokens: speed12). ``tests/test_token_table.py`` compares every column
    with the ``Token`` attributes.
    """

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self.size = len(doc)

    def _read(self) -> dict[str, tuple[object, ...]]:
        """Every array column at once, into the instance's dict (where ``cached_property`` keeps its values)."""
        from spacy import attrs
        from spacy.parts_of_speech import NAMES as POS_NAMES

        rows = self._doc.to_array([getattr(attrs, name) for name in _ARRAY_COLUMNS]).T.tolist() if self.size else [[] for _ in _ARRAY_COLUMNS]
        orth, lower, lemma, pos, tag, dep, head, ent_type, ent_iob, sent_start, is_alpha, is_stop = rows
        names = _NAMES
        missing = set(orth + lower + lemma + tag + dep + ent_type).difference(names)
        if missing:
            if len(names) > _NAMES_LIMIT:
                names.clear()
                missing = set(orth + lower + lemma + tag + dep + ent_type)
            strings = self._doc.vocab.strings
            for value in missing:
                names[value] = strings[value]
        name = names.__getitem__
        columns: dict[str, tuple[object, ...]] = {
            "text": tuple(map(name, orth)),
            "lower": tuple(map(name, lower)),
            "lemma": tuple(map(name, lemma)),
            "pos": tuple(map(POS_NAMES.__getitem__, pos)),
            "tag": tuple(map(name, tag)),
            "dep": tuple(map(name, dep)),
            # spaCy keeps a head as an offset, stored unsigned
            "head": tuple(i + (offset if offset < 1 << 63 else offset - (1 << 64)) for i, offset in enumerate(head)),
            "ent_type": tuple(map(name, ent_type)),
            "ent_iob": tuple(map(attrs.IOB_STRINGS.__getitem__, ent_iob)),
            "sent_start": tuple(None if value == 0 else value < 1 << 63 for value in sent_start),  # spaCy keeps 1, -1 or 0
            "is_alpha": tuple(value == 1 for value in is_alpha),
            "is_stop": tuple(value == 1 for value in is_stop),
        }
        for key, column in columns.items():
            self.__dict__.setdefault(key, column)
        return columns

    @cached_property
    def text(self) -> tuple[str, ...]:
        return self._read()["text"]  # type: ignore[return-value]

    @cached_property
    def lower(self) -> tuple[str, ...]:
        return self._read()["lower"]  # type: ignore[return-value]

    @cached_property
    def lemma(self) -> tuple[str, ...]:
        """``lemma_`` as spaCy gives it (not lower-cased: "be" is compared as it is)."""
        return self._read()["lemma"]  # type: ignore[return-value]

    @cached_property
    def lemma_lower(self) -> tuple[str, ...]:
        return tuple(lemma.lower() for lemma in self.lemma)

    @cached_property
    def pos(self) -> tuple[str, ...]:
        return self._read()["pos"]  # type: ignore[return-value]

    @cached_property
    def tag(self) -> tuple[str, ...]:
        return self._read()["tag"]  # type: ignore[return-value]

    @cached_property
    def dep(self) -> tuple[str, ...]:
        return self._read()["dep"]  # type: ignore[return-value]

    @cached_property
    def head(self) -> tuple[int, ...]:
        """The position of each token's head (a root is its own head)."""
        return self._read()["head"]  # type: ignore[return-value]

    @cached_property
    def sentence_start(self) -> tuple[int, ...]:
        """The first token of each token's sentence (``token.sent.start``), from one walk over ``doc.sents``."""
        starts: list[int] = []
        for sentence in self._doc.sents:
            starts += [sentence.start] * len(sentence)
        return tuple(starts)

    @cached_property
    def ent_type(self) -> tuple[str, ...]:
        return self._read()["ent_type"]  # type: ignore[return-value]

    @cached_property
    def ent_iob(self) -> tuple[str, ...]:
        return self._read()["ent_iob"]  # type: ignore[return-value]

    @cached_property
    def sent_start(self) -> tuple[bool | None, ...]:
        """``is_sent_start`` as spaCy gives it (``None`` where a Doc has no sentence boundaries)."""
        return self._read()["sent_start"]  # type: ignore[return-value]

    @cached_property
    def is_alpha(self) -> tuple[bool, ...]:
        return self._read()["is_alpha"]  # type: ignore[return-value]

    @cached_property
    def is_stop(self) -> tuple[bool, ...]:
        return self._read()["is_stop"]  # type: ignore[return-value]

    @cached_property
    def capitalised(self) -> tuple[bool, ...]:
        """``text[:1].isupper()``: the test most rules make of a name's word."""
        return tuple(text[:1].isupper() for text in self.text)


def token_table(doc: Doc) -> TokenTable:
    """The block's :class:`TokenTable`, made on the first call and kept with the Doc."""
    table = doc.user_data.get(_TABLE_KEY)
    if not isinstance(table, TokenTable):
        table = doc.user_data[_TABLE_KEY] = TokenTable(doc)
    return table


def tokens_where(span: Span, keep: Callable[[TokenTable, int], bool]) -> Iterator[Token]:
    """The span's tokens at whose position ``keep(table, i)`` holds, in order; a ``Token`` is made only for those.

    Why: a rule that can only start at a few words ("a deal word", "a verb")
    tests each position from the table's columns and reads the parse around
    the few that pass. ``keep`` is asked as the loop reaches each position,
    so it may read what the loop body has changed since (positions covered).
    """
    doc = span.doc
    table = token_table(doc)
    for i in range(span.start, span.end):
        if keep(table, i):
            yield doc[i]


def any_token(span: Span, keep: Callable[[TokenTable, int], bool]) -> bool:
    """Whether ``keep(table, i)`` holds at some position of the span: a pre-test made without any ``Token``."""
    table = token_table(span.doc)
    return any(keep(table, i) for i in range(span.start, span.end))


def once_per_doc(find: Callable[[Doc], Iterable[T]]) -> Callable[[Doc], tuple[T, ...]]:
    """Run a pass that reads nothing but its Doc once per Doc; later calls return the same tuple.

    Why: the article-wide name typing (:func:`kg.nlp.spans.typed_names`) and
    each block's mention finder ask the same questions of the same parsed
    block; a parsed Doc does not change after the pipeline, so the answer is
    kept with it.
    """
    key = f"kg_once:{find.__module__}.{find.__qualname__}"

    @wraps(find)
    def once(doc: Doc) -> tuple[T, ...]:
        found = doc.user_data.get(key)
        if not isinstance(found, tuple):
            found = doc.user_data[key] = tuple(find(doc))
        return found

    return once
