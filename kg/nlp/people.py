"""People's names in a parsed block: names after an office, names the NER cut short, and what is not a name.

The small model misses names that follow an office ("Minister of Industry
Kanat Sharlapaev"), cuts particles ("Ursula von der"), and tags capitalised
non-names as people; these functions find, extend, clean and check person
spans. :mod:`kg.nlp.mentions` calls them while typing a block's mentions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.lexicon.names import PARTICLES
from kg.lexicon.tables import Lexicon
from kg.nlp.model import CAPITAL, DEMONYM, MINERAL, ORG, STATE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def extend_particles(doc: Doc, span: Span) -> tuple[int, int]:
    """Grow "Ursula von der" into "Ursula von der Leyen"."""
    start, end = span.start, span.end
    while end < len(doc) and doc[end - 1].lower_ in PARTICLES and doc[end].text[:1].isupper():
        end += 1
    while end < len(doc) - 1 and doc[end].lower_ in PARTICLES and doc[end + 1].text[:1].isupper() and doc[end].lower_ in ("von", "van", "de", "der", "bin", "al"):
        end += 2
    return start, end


def clean_person(doc: Doc, start: int, end: int, honorifics: set[str]) -> tuple[int, int]:
    """Drop titles, honorifics and possessive endings from a person span ("Crown Prince Mohammed bin Salman")."""
    while end - start > 1 and (doc[start].lower_.rstrip(".") in honorifics or doc[start].ent_type_ in (STATE, DEMONYM, ORG) or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    return start, end


def valid_person(tokens: list[Token], lexicon: Lexicon) -> bool:
    if not tokens:
        return False
    text = " ".join(t.text for t in tokens)
    if any(ch.isdigit() for ch in text) or not all(t.text[:1].isupper() or t.lower_ in PARTICLES for t in tokens):
        return False
    if lexicon.lookup(text, ("name", "demonym", "capital")) is not None:
        return False
    return not (len(tokens) == 1 and (tokens[0].pos_ not in ("PROPN", "NOUN") or tokens[0].lower_.endswith("ly")))


_NON_NAME_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", STATE, DEMONYM, CAPITAL, MINERAL, ORG}


_MONTHS_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}


def title_vocabulary(lexicon: Lexicon) -> tuple[set[str], set[str], dict[str, list[list[str]]]]:
    """(one-word office heads, every word of an office, multiword heads by last word), made once per lexicon."""
    return lexicon.derived("mentions.title_vocabulary", _make_title_vocabulary)


def _make_title_vocabulary(lexicon: Lexicon) -> tuple[set[str], set[str], dict[str, list[list[str]]]]:
    titles = lexicon.titles
    weak = {w.lower() for w in titles.get("weak_heads", [])}
    heads = {h.lower() for h in titles.get("heads", []) if " " not in h} - weak
    words = {w for group in ("heads", "modifiers", "departments") for phrase in titles.get(group, []) for w in phrase.lower().split()}
    multiword: dict[str, list[list[str]]] = {}  # last word of a multiword office -> the words before it ("chief" for "executive")
    for head in titles.get("heads", []):
        parts = head.lower().split()
        if len(parts) > 1:
            multiword.setdefault(parts[-1], []).append(parts[:-1])
    return heads, words, multiword


def _ends_office(doc: Doc, i: int, heads: set[str], multiword: dict[str, list[list[str]]]) -> bool:
    """Token i ends an office: "minister", or "executive" after "chief"."""
    word = doc[i].lower_
    if word in heads:
        return True
    return any(i >= len(before) and [t.lower_ for t in doc[i - len(before) : i]] == before for before in multiword.get(word, []))


def _particle_chain_ends_in_name(doc: Doc, index: int) -> bool:
    """ "von der Leyen": particles followed by a capitalised name."""
    while index < len(doc) and doc[index].lower_ in PARTICLES:
        index += 1
    return index < len(doc) and doc[index].text[:1].isupper()


def _name_token(doc: Doc, k: int, start: int, title_words: set[str]) -> bool:
    """Whether token k can continue a name that began at ``start``."""
    token = doc[k]
    if token.ent_type_ in _NON_NAME_ENTS or token.lower_ in title_words or token.lower_ in _MONTHS_DAYS:
        return False
    if token.text in ("-", "‐") and k > start:
        return not doc[k - 1].whitespace_ and not token.whitespace_  # "Kassym-Jomart"
    if len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "." and k > start:
        return True  # an initial: "Antony J. Blinken"
    if not token.is_alpha:
        return False
    if token.text[:1].isupper():
        return not token.is_upper or len(token.text) == 1
    return k > start and token.lower_ in PARTICLES and _particle_chain_ends_in_name(doc, k)


def title_anchored_people(doc: Doc, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Names right after an office ("Minister of Industry Kanat Sharlapaev"), which the NER often misses."""
    heads, words, multiword = title_vocabulary(lexicon)
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        if not _ends_office(doc, i, heads, multiword):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and (
            doc[j].lower_ in ("of", "for", "the", "and", "&")
            or (doc[j].lower_ in words and doc[j].text[:1].isupper())
            or (doc[j].text == "," and j + 1 < len(doc) and doc[j + 1].lower_ in words and doc[j + 1].text[:1].isupper())
        ):
            j += 1  # "Minister of Commerce, Trade and Industry"
        k = j
        while k < len(doc) and k - j < 6 and _name_token(doc, k, j, words):
            k += 1
        while k > j and not doc[k - 1].is_alpha:
            k -= 1
        for ent in doc.ents:
            if ent.label_ == "PERSON" and ent.start <= k - 1 < ent.end and ent.end > k:
                k = ent.end  # the NER saw more of the name
        if k > j and doc[j - 1].lower_ not in ("of", "for", "the", "and"):
            single_ok = k - j >= 2 or (doc[j].pos_ == "PROPN" and (k >= len(doc) or not doc[k].text[:1].isupper()))
            if single_ok and lexicon.lookup(doc[j:k].text, ("name", "demonym", "capital")) is None:
                found.append((j, k))
        i = max(k, i + 1)
    return found
