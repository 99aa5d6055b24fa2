"""Words that say what a name is, which :func:`kg.nlp.spans.defined_kinds` reads.

Why: the NER types a name by its letters alone (a "-mines" word read as a
place, a mine's name as a person); the sentence often says the kind: a
noun in apposition before it ("The company at the heart of the deal,
Sicomines, is …"), the noun of a definition ("X is the world's largest
rare earth mine", "one of the largest deposits"), or a placing verb ("X is
located in Y").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.nlp.kinds import DEFINITION_HEADS
from kg.nlp.model import DEMONYM, MINERAL, STATE
from kg.nlp.token_table import token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def apposed_names(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of capitalised names in apposition to "the <kind noun>" before them."""
    for i, dep in enumerate(token_table(doc).dep):
        if dep != "appos":
            continue
        token = doc[i]
        head = token.head
        if token.pos_ not in ("PROPN", "NOUN") or not token.text[:1].isupper() or head.pos_ != "NOUN" or head.i > token.i:
            continue  # a capitalised word the tagger may call a plural noun ("Sicomines")
        kind = DEFINITION_HEADS.get(head.lemma_.lower())
        if kind is None or not any((c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss" for c in head.children):
            continue  # "the company, X," or "Catamarca's state company, X,"
        start = token.i
        while start > head.i + 1 and (
            (doc[start - 1].pos_ in ("PROPN", "NOUN") and doc[start - 1].text[:1].isupper())
            or (doc[start - 1].lower_ in ("y", "e", "&", "de", "del", "da", "do") and start - 2 > head.i and doc[start - 2].text[:1].isupper())
        ):
            start -= 1  # "Catamarca Minera y Energética": a joiner inside the name
        if doc[start - 1].text == "," and not any(t.ent_type_ in (STATE, DEMONYM, MINERAL) for t in doc[start : token.i + 1]):
            yield start, token.i + 1, kind


#: Superlatives that make "the" a defining article: "X is the world's largest rare earth mine".
SUPERLATIVES = frozenset({"largest", "biggest", "oldest", "richest", "deepest", "main", "principal", "only", "second-largest", "leading"})


def defining_noun(attribute: Token) -> Token | None:
    """The noun of "X is a/an N", "X is the world's largest N" or "X is one of the largest Ns" that says what X is."""
    if attribute.lemma_.lower() == "one":
        nouns = [g for c in attribute.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        return nouns[0] if nouns and nouns[0].pos_ == "NOUN" else None
    if attribute.pos_ != "NOUN":
        return None
    indefinite = any(c.lower_ in ("a", "an") for c in attribute.children)
    ranked = any(c.lower_ in SUPERLATIVES for c in attribute.children if c.dep_ in ("amod", "advmod", "compound"))
    return attribute if indefinite or ranked else None


def copula_definition(copula: Token) -> Token | None:
    """The defining noun of a copula: "X is the largest N", "X is one of the Ns", "X is among the largest Ns"."""
    attributes = [c for c in copula.children if c.dep_ == "attr"]
    attributes += [g for c in copula.children if c.dep_ == "prep" and c.lower_ == "among" for g in c.children if g.dep_ == "pobj"]
    return defining_noun(attributes[0]) if attributes else None


#: Verbs whose passive subject is a place: "X is located in Y".
PLACING = frozenset({"locate", "situate"})
#: Verbs whose active subject lies somewhere: "X lies in the Lualaba province", "X sits in the Atacama".
LYING = frozenset({"lie", "sit"})


def _placed_names(verb: Token) -> list[Token]:
    """What a placing verb places: "X is located in Y", "X, located in Y,", "X lies in Y"."""
    if verb.lemma_.lower() in PLACING and any(c.dep_ == "auxpass" for c in verb.children):
        return [c for c in verb.children if c.dep_ == "nsubjpass"]
    if verb.lemma_.lower() in PLACING and verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [verb.head]
    if verb.lemma_.lower() in LYING and any(c.dep_ == "prep" and c.lower_ in ("in", "within") for c in verb.children):
        return [c for c in verb.children if c.dep_ == "nsubj"]
    return []


def placed_subjects(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """ "Oyu Tolgoi is located in the South Gobi": what is located somewhere is a place, whatever the NER called it."""
    tokens = token_table(doc)
    for i, lemma in enumerate(tokens.lemma_lower):
        if lemma not in PLACING and lemma not in LYING:
            continue  # nothing else places a name (:func:`_placed_names`)
        for subject in (c for c in _placed_names(doc[i]) if c.pos_ == "PROPN"):
            start = subject.i
            while start > 0 and tokens.dep[start - 1] in ("compound", "flat") and tokens.head[start - 1] == subject.i and tokens.capitalised[start - 1]:
                start -= 1
            if not any(kind in (STATE, DEMONYM, MINERAL) for kind in tokens.ent_type[start : subject.i + 1]):
                yield start, subject.i + 1, "Place"


def based_names(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """ "U.S.-based Livent", "Perth-based Lynas Rare Earths": what is "based" somewhere is an organisation, whatever the NER said."""
    tokens = token_table(doc)
    for i, lower in enumerate(tokens.lower):
        based = lower.endswith("-based") or (lower == "based" and i > 0 and tokens.text[i - 1] in ("-", "‐"))
        if not based or i + 1 >= tokens.size or not tokens.capitalised[i + 1]:
            continue
        end = i + 1
        while end < tokens.size and tokens.capitalised[end] and tokens.pos[end] == "PROPN" and tokens.ent_type[end] not in (STATE, DEMONYM):
            end += 1
        if end > i + 1 and MINERAL not in tokens.ent_type[i + 1 : end]:
            yield i + 1, end, "Organization"
