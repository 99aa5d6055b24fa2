"""Corrections to the English rule lemmatizer for verbs kg's rules read.

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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
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


def fix_lemmas(doc: Doc) -> Doc:
    """Set the lemma of the verb forms :data:`VERB_LEMMAS` and the noun forms :data:`NOUN_LEMMAS` know."""
    for token in doc:
        table = VERB_LEMMAS if token.pos_ in ("VERB", "AUX") else NOUN_LEMMAS if token.pos_ in ("NOUN", "PROPN") else None
        lemma = table.get(token.lower_) if table is not None else None
        if lemma is not None:
            token.lemma_ = lemma
    return doc


def install(nlp: Language) -> None:
    """Add the correction right after the lemmatizer (registered on first use, so workers register it too)."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=fix_lemmas)
    nlp.add_pipe(COMPONENT, after="lemmatizer")
