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


class TokenTable:
    """Columns of one block's token attributes, each a tuple indexed by token position (``Token.i``)."""

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self.size = len(doc)

    @cached_property
    def text(self) -> tuple[str, ...]:
        return tuple(t.text for t in self._doc)

    @cached_property
    def lower(self) -> tuple[str, ...]:
        return tuple(t.lower_ for t in self._doc)

    @cached_property
    def lemma(self) -> tuple[str, ...]:
        """``lemma_`` as spaCy gives it (not lower-cased: "be" is compared as it is)."""
        return tuple(t.lemma_ for t in self._doc)

    @cached_property
    def lemma_lower(self) -> tuple[str, ...]:
        return tuple(lemma.lower() for lemma in self.lemma)

    @cached_property
    def pos(self) -> tuple[str, ...]:
        return tuple(t.pos_ for t in self._doc)

    @cached_property
    def tag(self) -> tuple[str, ...]:
        return tuple(t.tag_ for t in self._doc)

    @cached_property
    def dep(self) -> tuple[str, ...]:
        return tuple(t.dep_ for t in self._doc)

    @cached_property
    def head(self) -> tuple[int, ...]:
        """The position of each token's head (a root is its own head)."""
        return tuple(t.head.i for t in self._doc)

    @cached_property
    def sentence_start(self) -> tuple[int, ...]:
        """The first token of each token's sentence (``token.sent.start``), from one walk over ``doc.sents``."""
        starts: list[int] = []
        for sentence in self._doc.sents:
            starts += [sentence.start] * len(sentence)
        return tuple(starts)

    @cached_property
    def ent_type(self) -> tuple[str, ...]:
        return tuple(t.ent_type_ for t in self._doc)

    @cached_property
    def ent_iob(self) -> tuple[str, ...]:
        return tuple(t.ent_iob_ for t in self._doc)

    @cached_property
    def sent_start(self) -> tuple[bool | None, ...]:
        """``is_sent_start`` as spaCy gives it (``None`` where a Doc has no sentence boundaries)."""
        return tuple(t.is_sent_start for t in self._doc)

    @cached_property
    def is_alpha(self) -> tuple[bool, ...]:
        return tuple(t.is_alpha for t in self._doc)

    @cached_property
    def is_stop(self) -> tuple[bool, ...]:
        return tuple(t.is_stop for t in self._doc)

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
