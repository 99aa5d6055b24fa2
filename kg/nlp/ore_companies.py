"""Companies named with an ore word first ("Lithium Americas", "Cobalt Blue", "Graphite One").

Why: kg's lexicon ruler tags the ore word as a mineral, so the NER never sees
the name. Such a phrase is read as a company only where the text treats it
as one: an office follows it ("Lithium Americas CEO Jane Roe", "Cobalt
Blue's chief executive"); :func:`kg.nlp.spans.typed_names` then carries the
name to its other mentions in the article.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.nlp.kinds import kind_of_words
from kg.nlp.model import DEMONYM, MINERAL, STATE

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Offices a company's officer holds, as written after the company's name.
COMPANY_OFFICES = frozenset({"ceo", "chief", "president", "chairman", "chairwoman", "chair", "founder", "spokesman", "spokeswoman", "spokesperson", "cfo", "coo", "director"})


def ore_led_companies(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """(start, end, "Organization") for "<Ore> <Name>" phrases followed by a company office."""
    n = len(doc)
    for i, token in enumerate(doc):
        if token.ent_type_ != MINERAL or token.ent_iob_ != "B" or not token.text[:1].isupper() or (i > 0 and doc[i - 1].ent_type_ == MINERAL):
            continue
        start = i
        while start + 1 < n and doc[start + 1].ent_type_ == MINERAL and doc[start + 1].ent_iob_ == "I":
            start += 1  # "Rare Earth" of "Rare Earth Minerals Corp" is one ore
        end = start + 1
        while end < n and doc[end].is_alpha and doc[end].text[:1].isupper() and doc[end].ent_type_ not in (MINERAL, STATE, DEMONYM) and doc[end].lower_ not in COMPANY_OFFICES:
            end += 1
        if end == start + 1:
            continue
        office = doc[end + (end + 1 < n and doc[end].lower_ in ("'s", "’s"))] if end < n else None
        if office is None or office.lower_ not in COMPANY_OFFICES:
            continue
        if kind_of_words([t.text for t in doc[i:end]]) in ("Place", "Agreement"):
            continue  # "Lithium Triangle", "Copper Belt": places, whatever follows
        yield i, end, "Organization"
