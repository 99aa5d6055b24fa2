"""A national body's bare name used for another country's body.

Why: the lexicon links "Congress", "Senate" and "Treasury" to the U.S.
bodies that news names most, but "the Chilean Congress", "Kenya's Treasury"
and "the Senate of the Philippines" are that country's own. Such a mention
becomes an unlinked organisation spanning the words that say whose it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.lexicon.tables import LexiconEntry
from kg.nlp.model import DEMONYM, STATE

if TYPE_CHECKING:
    from spacy.tokens import Doc


def foreign_body_span(doc: Doc, start: int, end: int, entry: LexiconEntry | None) -> tuple[int, int] | None:
    """The span of another state's body named by a national body's alias, or None when the mention is that body.

    "the Chilean Congress" spans the demonym too, "Kenya's Treasury" the body's
    word alone, "the Senate of the Philippines" the state after "of".
    """
    if entry is None or not entry.country:
        return None
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.ent_type_ in (STATE, DEMONYM) and before.ent_id_ != entry.country:
        return start - 1, end  # "the Chilean Congress"
    owner = doc[start - 2] if start > 1 and before is not None and before.lower_ in ("'s", "’s") else None
    if owner is not None and owner.ent_type_ == STATE and owner.ent_id_ != entry.country:
        return start, end  # "Kenya's Treasury"
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        state = end + 1 + (doc[end + 1].lower_ == "the")
        if state < len(doc) and doc[state].ent_type_ == STATE and doc[state].ent_id_ != entry.country:
            stop = state + 1
            while stop < len(doc) and doc[stop].ent_type_ == STATE and doc[stop].ent_iob_ == "I":
                stop += 1
            return start, stop  # "the Senate of the Philippines"
    return None
