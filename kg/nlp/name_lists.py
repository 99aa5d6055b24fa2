"""Name spans that are lists of names: where "and" or a comma joins two names, and where it is part of one.

"Altiplano Brine and Catamarca Minera" is two companies, "Dikuluwe and
Mashamba West" two places; "Ministry of Mines and Energy" and "Bank of
Industry and Trade" are one body each, and so is "Ministry of Mines,
Energy and Water", whose commas list one body's portfolios.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.lexicon.tables import normalise
from kg.nlp.kinds import OFFICE_WORDS, PLACE_HEADS, PLACE_LEADS, kind_of_words, portfolio_body
from kg.nlp.model import DEMONYM, ORG, STATE
from kg.nlp.token_table import token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Lower-case words that may sit inside a proper name ("Salar de Atacama", "Bank of China").
NAME_CONNECTORS = frozenset({"de", "del", "la", "das", "do", "des", "du", "da", "dos", "of", "and", "for", "on", "&", "-", "–", "y", "el"})


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


def run_end(doc: Doc, first: int, j: int) -> int:
    """Where a run of capitalised words and the connectors between them, begun at ``first``, ends (from ``j`` on)."""
    n, tokens = len(doc), token_table(doc)
    while j < n and (
        (tokens.capitalised[j] and (tokens.is_alpha[j] or tokens.text[j].endswith(".")))
        or (tokens.lower[j] in NAME_CONNECTORS and j + 1 < n and tokens.capitalised[j + 1] and j > first and not (tokens.lower[j] == "and" and doc[j + 2 : j + 3].text in ("'s", "’s")))
    ):
        j += 1  # not "Department of State and Kenya" of "... and Kenya's Ministry": a possessive starts another name
    return j


def portfolio_list_end(doc: Doc, start: int, end: int) -> int:
    """ "Ministry of Mines, Energy and Water": a portfolio body's comma-listed portfolios, ended by "and", are its name.

    Only capitalised words that name no state continue it, and only when an
    "and" closes the list: "the Ministry of Mines, Chile and Peru" and "the
    Ministry of Mines, Finance Minister Ana Ruiz said" keep the body short.
    """
    n = len(doc)
    if end + 2 >= n or doc[end].text != "," or doc[end].ent_type_ == ORG or not portfolio_body([t.text for t in doc[start:end]]):
        return end  # a comma inside a name the lexicon knows ("Ministry of Economy, Trade and Industry") is the lexicon's

    def portfolio_at(k: int) -> int:
        while k < n and doc[k].is_title and doc[k].is_alpha and doc[k].ent_type_ not in (STATE, DEMONYM) and doc[k].lower_ not in OFFICE_WORDS:
            k += 1
        return k

    k = end
    while k < n and doc[k].text == "," and (after := portfolio_at(k + 1)) > k + 1:
        k = after
    if k > end and k + 1 < n and doc[k].lower_ == "and" and (last := portfolio_at(k + 1)) > k + 1:
        return last
    return end
