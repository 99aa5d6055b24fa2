"""Companies named with an ore word first ("Lithium Americas", "Cobalt Blue", "Graphite One").

Why: kg's lexicon ruler tags the ore word as a mineral, so the NER never sees
the name. Such a phrase is read as a company only where the text treats it
as one: an office follows it ("Lithium Americas CEO Jane Roe", "Cobalt
Blue's chief executive"), a state owns it ("Russia's Uranium One") or a
word for a company comes before it ("the miner Lithium Energy");
:func:`kg.nlp.spans.typed_names` then carries the name to its other
mentions in the article.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.nlp.kinds import DEFINITION_HEADS, kind_of_words
from kg.nlp.model import DEMONYM, MINERAL, STATE

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Offices a company's officer holds, as written after the company's name.
COMPANY_OFFICES = frozenset({"ceo", "chief", "president", "chairman", "chairwoman", "chair", "founder", "spokesman", "spokeswoman", "spokesperson", "cfo", "coo", "director"})


def ore_led_companies(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """(start, end, "Organization") for "<Ore> <Name>" phrases the text treats as a company."""
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
        owned = i > 1 and doc[i - 1].lower_ in ("'s", "’s") and doc[i - 2].ent_type_ == STATE  # "Russia's Uranium One"
        described = i > 0 and DEFINITION_HEADS.get(doc[i - 1].lower_) == "Organization"  # "the miner Lithium Energy"
        if not owned and not described and (office is None or office.lower_ not in COMPANY_OFFICES):
            continue
        if kind_of_words([t.text for t in doc[i:end]]) in ("Place", "Agreement"):
            continue  # "Lithium Triangle", "Copper Belt": places, whatever follows
        yield i, end, "Organization"
