"""Name spans that are lists of names: where "and" or a comma joins two names, and where it is part of one.

"Altiplano Brine and Catamarca Minera" is two companies, "Dikuluwe and
Mashamba West" two places; "Ministry of Mines and Energy" and "Bank of
Industry and Trade" are one body each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.lexicon.tables import normalise
from kg.nlp.kinds import PLACE_HEADS, PLACE_LEADS, kind_of_words, portfolio_body

if TYPE_CHECKING:
    from spacy.tokens import Doc


def split_at_and(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Two names joined by "and" ("Bank X and Corporation Y") are two; "Ministry of Mines and Energy" is one."""
    parts = []
    left = start
    for k in range(start + 1, end - 1):
        if k <= left:
            continue
        left_words = [t.text for t in doc[left:k]]
        led = normalise(left_words[0]) in PLACE_LEADS and kind_of_words(left_words) == "Place"  # "Cerro Sur and X": a list
        right = kind_of_words([t.text for t in doc[k + 1 : end]])
        if portfolio_body(left_words):
            break  # "Ministry of Mines and Energy" is one body
        companies = right == "Organization" and _whole_name(left_words)
        if doc[k].lower_ in ("and", "&") and (companies or (kind_of_words(left_words) is not None and (led or right is not None))):
            parts.append((left, k))
            left = k + 1
    parts.append((left, end))
    return parts


def _whole_name(words: list[str]) -> bool:
    """Words before "and" that can be a name of their own: two or more not ending in a joiner, or an acronym ("ZCX and Lumen Mining")."""
    if len(words) == 1:
        return len(words[0]) >= 2 and words[0].isupper() and words[0].isalpha()
    return len(words) >= 2 and words[-1].lower() not in ("of", "for", "the")


def company_list(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """ "Altiplano Brine and Catamarca Minera": two companies when the name after "and" is a company by its own words."""
    for k in range(start + 1, end - 1):
        if (
            doc[k].lower_ in ("and", "&")
            and doc[k + 1].text[:1].isupper()
            and kind_of_words([t.text for t in doc[k + 1 : end]]) == "Organization"
        ):
            left = [t.text for t in doc[start:k]]
            if _whole_name(left) and not portfolio_body(left):
                return [(start, k), (k + 1, end)]
    return [(start, end)]


def list_parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A name span that is a list ("Dikuluwe and Mashamba West") as its names; any other span whole."""
    cuts = [k for k in range(start + 1, end - 1) if doc[k].lower_ in ("and", ",") and doc[k + 1].text[:1].isupper()]
    if not cuts or doc[end - 1].lower_ in PLACE_HEADS:
        return [(start, end)]
    parts, left = [], start
    for k in cuts:
        if k > left:
            parts.append((left, k))
        left = k + 1
    parts.append((left, end))
    return [(s, e) for s, e in parts if e > s and doc[s].text[:1].isupper()]
