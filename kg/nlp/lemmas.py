"""Corrections to the English rule lemmatizer for verbs kg's rules read, and the lemmatizer's loop over a block's rows.

Why: spaCy's rule lemmatizer strips a suffix and keeps the first base form
its verb index knows, so "hopes", "hoped", "hoping" become "hop", "waged"
becomes "wag" and "voids" stays "voids". Extractors compare lemmas with the
relation lexicon ("hope to join" is no joining, "waged war on" is a
conflict), so a wrong lemma silently turns a rule off. The table below was
found by inflecting every verb of the relation lexicon and comparing the
model's lemma with it, and the extractors' own verb sets the same way
("relaunched" became "relaunche"; tests/test_agreements.py inflects the
talk verbs); only verb readings are corrected ("wages" the noun keeps its
lemma).

Both passes read and write a block's columns (``Doc.to_array`` /
``Doc.from_array``) instead of making a spaCy ``Token`` per word: the
lemmatizer's own loop (a ``Token``, its ``morph`` object and a string-store
write per word, even when its cache knows the answer) cost about 2.5 % of a
build, as much as all of kg's coreference (speed12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

#: Lower-cased verb form -> its lemma, where the rule lemmatizer gets it wrong.
VERB_LEMMAS: dict[str, str] = {
    **dict.fromkeys(("hopes", "hoped", "hoping"), "hope"),
    **dict.fromkeys(("wages", "waged", "waging"), "wage"),
    "voids": "void",
    **dict.fromkeys(("relaunches", "relaunched", "relaunching"), "relaunch"),
    "halting": "halt",
    "freezing": "freeze",
}

#: Lower-cased noun form -> its lemma, where the rule lemmatizer gets it wrong: deal nouns kg's rules read.
NOUN_LEMMAS: dict[str, str] = {"memoranda": "memorandum", "mous": "mou", "moas": "moa"}

COMPONENT = "kg_lemmas"
#: (word, part of speech, morphology) keys the fast lemmatizer keeps before it starts afresh (spaCy's own cache is unbounded).
_KNOWN_LIMIT = 1 << 18


class Corrections:
    """:data:`VERB_LEMMAS` and :data:`NOUN_LEMMAS` as string hashes: (part of speech, lower-case form) -> lemma."""

    def __init__(self, nlp: Language) -> None:
        from spacy.attrs import LEMMA, LOWER, POS
        from spacy.parts_of_speech import IDS

        strings = nlp.vocab.strings
        self.attrs = [LOWER, POS, LEMMA]
        self.table: dict[tuple[int, int], int] = {}
        for pos, forms in (("VERB", VERB_LEMMAS), ("AUX", VERB_LEMMAS), ("NOUN", NOUN_LEMMAS), ("PROPN", NOUN_LEMMAS)):
            for form, lemma in forms.items():
                self.table[(IDS[pos], strings.add(form))] = strings.add(lemma)

    def __call__(self, doc: Doc) -> Doc:
        """Set the lemma of the verb forms :data:`VERB_LEMMAS` and the noun forms :data:`NOUN_LEMMAS` know."""
        table = self.table
        rows = doc.to_array(self.attrs).tolist()
        if any((pos, lower) in table for lower, pos, _ in rows):
            _write_lemmas(doc, [table.get((pos, lower), lemma) for lower, pos, lemma in rows])
        return doc


def _write_lemmas(doc: Doc, lemmas: list[int]) -> None:
    """Set every token's lemma from string hashes, as ``token.lemma_ = ...`` sets it (``Doc.from_array`` writes ``lemma`` only)."""
    import numpy
    from spacy.attrs import LEMMA

    column: Any = numpy.array(lemmas, dtype=numpy.uint64).reshape((len(lemmas), 1))  # spaCy's stubs ask for thinc's Ints2d
    doc.from_array([LEMMA], column)


def fast_lemmatizer_call(self: Lemmatizer, doc: Doc) -> Doc:
    """``Lemmatizer.__call__`` over the block's rows: each (word, part of speech, morphology) asked of the lemmatizer once.

    The rule lemmatizer's answer depends on nothing else (the word's text,
    its part of speech, and its morphology for ``is_base_form``), so the
    first token with a key is lemmatized by spaCy's own code and the rest
    take its lemma; a token that already has a lemma (the attribute ruler's)
    keeps it unless the lemmatizer overwrites.
    """
    from spacy.attrs import LEMMA, MORPH, ORTH, POS

    if not self._validated:
        self._validate_tables()
    known: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_kg_known", {})
    if len(known) > _KNOWN_LIMIT:
        known.clear()
    strings, overwrite = self.vocab.strings, self.overwrite
    rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
    lemmas = [row[3] for row in rows]
    for i, (orth, pos, morph, lemma) in enumerate(rows):
        if overwrite or lemma == 0:
            found = known.get((orth, pos, morph))
            if found is None:
                found = known[(orth, pos, morph)] = strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = found
    if lemmas != [row[3] for row in rows]:
        _write_lemmas(doc, lemmas)
    return doc


def _fast_class(base: type[Any]) -> type[Any]:
    """``base`` with :func:`fast_lemmatizer_call` as its ``__call__`` (spaCy calls a component through its type)."""
    return type(f"Fast{base.__name__}", (base,), {"__call__": fast_lemmatizer_call, "__module__": __name__})


def install(nlp: Language) -> None:
    """Route the rule lemmatizer through :func:`fast_lemmatizer_call` and add the corrections right after it."""
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer

    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule":
        lemmatizer.__class__ = _fast_class(type(lemmatizer))
    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT, func=lambda nlp, name: Corrections(nlp))
    nlp.add_pipe(COMPONENT, after="lemmatizer")
