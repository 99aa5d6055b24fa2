"""Names the NER misses but an office, a bracket or a form of address marks as a person's.

"Minister of Industry Kanat Sharlapaev", "Ana Ruiz, Peru's minister of
mines,", "JANE DOE, MINISTER FOR TRADE:", "Jane Doe (CEO)", "H.E. Khalid
Mudaf": the small model often misses such names or takes part of them for a
place or a body. :func:`title_anchored_people` finds them all; what a name
is and what an office is are :mod:`kg.nlp.people`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.lexicon.names import PARTICLES
from kg.lexicon.tables import Lexicon
from kg.nlp.kinds import kind_of_words
from kg.nlp.model import DEMONYM, STATE
from kg.nlp.people import (
    ADDRESS_FORMS,
    ENTITY_LABELS,
    HYPHENS,
    OFFICE_JOINERS,
    ends_office,
    name_run,
    office_complement_end_in,
    portfolio_words,
    title_vocabulary,
)
from kg.nlp.token_table import token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


def _bracketed_office_people(doc: Doc, heads: set[str]) -> list[tuple[int, int]]:
    """ "Jane Doe (CEO)": a name with its office in brackets, as an infobox's "Key people" lists them."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or ent.end + 2 >= len(doc) or doc[ent.end].text != "(":
            continue
        close = next((k for k in range(ent.end + 1, min(len(doc), ent.end + 6)) if doc[k].text == ")"), None)
        inside = " ".join(t.lower_ for t in doc[ent.end + 1 : close]) if close else ""
        if inside and (inside in heads or any(t.lower_ in heads for t in doc[ent.end + 1 : close])):
            found.append((ent.start, ent.end))
    return found


#: Forms of address that only precede a person's name.
_ADDRESS = ADDRESS_FORMS | {"mr", "mrs", "ms", "dr", "honourable", "honorable"}


def _honorific_people(doc: Doc, words: set[str]) -> list[tuple[int, int]]:
    """ "H.E. Khalid Mudaf", "Mr. Ganbold": a name after a form of address, whatever the NER thought of it."""
    found = []
    tokens = token_table(doc)
    for i in range(len(doc) - 1):
        if tokens.lower[i] not in _ADDRESS or not tokens.capitalised[i]:
            continue
        j = i + 1
        while j < len(doc) and doc[j].lower_ in ("sheikh", "sir", "dame"):
            j += 1
        run = name_run(doc, j, words)
        if run:
            found.append((j, j + run))
    return found


def _defined_office(doc: Doc, i: int, words: set[str]) -> bool:
    """The office ending at token i is introduced by "the" or a possessive ("the Deputy Minister ...", "Chile's Minister ...")."""
    k = i - 1
    while k >= 0 and i - k <= 4 and doc[k].lower_ in words:
        k -= 1  # "the Deputy Minister", "Norway's special envoy": capitalised or not
    return k >= 0 and (doc[k].lower_ == "the" or (doc[k].lower_ in ("'s", "’s") and k > 0 and doc[k - 1].text[:1].isupper()))


def _speaker_label(doc: Doc, heads: set[str]) -> tuple[int, int] | None:
    """ "MADELEINE KING, MINISTER FOR RESOURCES:" at the start of a transcript turn: the speaker's name."""
    k = 0
    while k < len(doc) and k < 5 and doc[k].is_alpha and doc[k].is_upper and len(doc[k].text) > 1:
        k += 1
    if not 2 <= k <= 4 or k >= len(doc) or doc[k].text != ",":
        return None
    m = k + 1
    while m < len(doc) and m - k < 12 and (doc[m].is_upper or doc[m].lower_ in OFFICE_JOINERS or doc[m].text in HYPHENS):
        m += 1
    label = [t.lower_ for t in doc[k + 1 : m]]
    if m >= len(doc) or doc[m].text != ":" or not any(word in heads for word in label):
        return None
    if doc[0].lower_ in heads or any(t.ent_type_ in ENTITY_LABELS for t in doc[:k]):
        return None  # "PRIME MINISTER, ...", "AUSTRALIA, ..." are no names; "KING" of "MADELEINE KING" is
    return 0, k


def surname_label(doc: Doc, words: set[str]) -> tuple[int, int] | None:
    """ "VIDAL: Thank you.": a turn's label of one surname in capitals; it names a person only if the article names one by it.

    :func:`kg.engine.analyze` drops the label when no person of the article bears that surname ("NOTE:", "QUESTION:").
    """
    if len(doc) < 3 or doc[1].text != ":" or not (doc[0].is_alpha and doc[0].is_upper and len(doc[0].text) > 2) or doc[0].lower_ in words:
        return None
    return None if doc[0].ent_type_ not in _MISREAD_NAME else (0, 1)


def label_bracket_end(doc: Doc, start: int, limit: int) -> int | None:
    """Where a speaker label's brackets close before its colon ("TELLO (Energy and Mines, Peru):"), if ``start`` opens them.

    The tokenizer may make "):" one token.
    """
    if start >= limit or doc[start].text != "(":
        return None
    close = next((j for j in range(start, min(start + 16, limit)) if doc[j].text in (")", "):")), None)
    if close is None or not (doc[close].text == "):" or (close + 1 < limit and doc[close + 1].text == ":")):
        return None
    return close


def _office_first_label(doc: Doc, heads: set[str], words: set[str]) -> tuple[int, int] | None:
    """ "SECRETARY RUBIO:", "FOREIGN MINISTER ABLAKWA:": a turn's label of office words, then the speaker's surname."""
    k = 0
    while k < len(doc) and k < 8 and (doc[k].is_upper or doc[k].text in HYPHENS) and doc[k].text not in (":", "("):
        k += 1
    # "MINISTER ROSA TELLO (Energy and Mines, Peru):": what the speaker speaks for, in brackets before the colon
    if not 2 <= k <= 7 or k >= len(doc) or (doc[k].text != ":" and label_bracket_end(doc, k, len(doc)) is None):
        return None
    office = 0
    while office < k and doc[office].lower_.rstrip(".") in words:
        office += 1
    name = [t for t in doc[office:k] if t.text not in HYPHENS]
    if office == 0 or office == k or doc[office - 1].lower_.rstrip(".") not in heads or len(name) > 3:
        return None  # the label must end its office with a head ("SECRETARY", "MINISTER") and then name one to three words
    return None if any(t.lower_ in words or not t.is_alpha for t in name) else (office, k)


#: Entity types a missed name's later words may carry: the NER took "Costa" of "Ana Costa" for a place or a body.
_MISREAD_NAME = {"", "PERSON", "ORG", "LOC", "GPE", "FAC", "NORP"}


def _office_after_comma(doc: Doc, comma: int, heads: set[str], words: set[str], multiword: dict[str, list[list[str]]]) -> bool:
    """ ", Peru's minister of mines", ", the Brazilian ambassador", ", deputy minister of …", ", head of the X": an office follows."""
    k = comma + 1
    if k < len(doc) and doc[k].lower_ in ("the", "a", "an"):
        k += 1
    owned, k0 = k < len(doc) and doc[k].ent_type_ == STATE, k
    while k < len(doc) and doc[k].ent_type_ in (STATE, DEMONYM) and (owned or k == k0):
        k += 1  # "Peru's", "the Brazilian"
    if owned and (k >= len(doc) or doc[k].lower_ not in ("'s", "’s", "'", "’")):
        return False
    k += owned

    def ends(i: int) -> bool:  # "minister", "chief executive", "head of"
        at = i + 1 < len(doc) and doc[i + 1].lower_ in ("of", "at")  # "head of the X", "a senior official at the X"
        return ends_office(doc, i, heads, multiword) or (doc[i].lower_ in ("head", "official") and at)

    while k < len(doc) and (doc[k].lower_ in words or doc[k].text in HYPHENS) and (not ends(k) or (k + 1 < len(doc) and ends(k + 1))):
        k += 1  # "Executive Vice-President of the Commission"; "chief executive of", not "chief" alone
    if k >= len(doc) or not ends(k):
        return False
    # without an owner the office must say whose it is: "deputy minister of foreign affairs", "head of the X", "ambassador to Japan"
    if k + 2 < len(doc) and doc[k + 1].text == "," and doc[k + 2].text[:1].isupper():
        return True  # "Ines Duarte, Chief Executive Officer, Andes Lithium": a list line's name, office and body
    return owned or doc[comma + 1].lower_ in ("the",) or (k + 1 < len(doc) and doc[k + 1].lower_ in ("of", "to", "for", "at"))


def _named_before_office(doc: Doc, heads: set[str], words: set[str], multiword: dict[str, list[list[str]]]) -> list[tuple[int, int]]:
    """ "Ana Ruiz, Peru's minister of mines,", "Ana Ruiz, the Chilean ambassador,": two or three capitalised words before an office.

    The NER often misses such a name, or keeps its surname as a place or body; its first word has no entity type.
    """
    found: list[tuple[int, int]] = []
    tokens = token_table(doc)
    for comma in (i for i in range(1, len(doc) - 3) if tokens.text[i] == "," or tokens.lower[i] in ("is", "was")):  # or "Ana Ruiz is Peru's …"
        if not _office_after_comma(doc, comma, heads, words, multiword):
            continue
        start, names = comma, 0
        while start > 0 and names < 3:
            if start > 1 and doc[start - 1].text in HYPHENS and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_ and doc[start - 2].is_title:
                start -= 2  # "Jean-Pierre Moreau", "Ana Tremblay-Okafor": a hyphenated name is one word
            elif doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ in _MISREAD_NAME:
                start -= 1
                names += 1
            else:
                break
        while start < comma and doc[start].lower_ in _ADDRESS:
            start += 1  # "H.E. Khalid Mudaf": the form of address is no part of the name
        # one word only when a state's office follows ("Kagame, Rwanda's president,"), however the NER typed it: a lone word is often a body
        single = comma - start == 1 and doc[start].pos_ == "PROPN" and doc[comma + 1].ent_type_ == STATE and doc[start].ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "")
        unnamed_body = doc[start].ent_type_ == "ORG" and kind_of_words([t.text for t in doc[start:comma]]) is None  # "Septian Hario Seto" as ORG
        if (doc[start].ent_type_ not in ("", "PERSON") and not unnamed_body and not single) or doc[start].lower_ in words:
            continue
        # "... Minister of Natural Resources Shawn Tupper, Canada's ...": an office before the name anchors it already
        joined = start > 1 and doc[start - 1].lower_ in OFFICE_JOINERS and doc[start - 2].lower_ in words  # not "According to"
        office_before = start > 0 and (doc[start - 1].lower_ in words or joined)
        if (comma - start >= 2 or single) and not office_before:
            found.append((start, comma))
    return found


def _names_a_body(doc: Doc, start: int, end: int) -> bool:
    """ "chair of the Zambia Chamber of Mines": the capitalised run after an office is a body's name, not a person's."""
    while end < len(doc) and (doc[end].text[:1].isupper() or (doc[end].lower_ in ("of", "and", "for", "&") and end + 1 < len(doc) and doc[end + 1].text[:1].isupper())):
        end += 1
    return kind_of_words([t.text for t in doc[start:end]]) == "Organization"


def _coordinated_people(doc: Doc, words: set[str]) -> list[tuple[int, int]]:
    """ "Two ministers, Ana Ruiz and Pedro Soto,": an untyped two-word name coordinated with a person the NER found."""
    found = []
    for ent in (e for e in doc.ents if e.label_ == "PERSON"):
        root = ent.root
        partners = [root.head] if root.dep_ == "conj" else [c for c in root.children if c.dep_ == "conj"]
        for partner in partners:
            start = partner.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == partner.i:
                start -= 1
            span = doc[start : partner.i + 1]
            plain = all(t.pos_ == "PROPN" and t.is_title and not t.ent_type_ and t.lower_ not in words for t in span)
            if len(span) in (2, 3) and plain and kind_of_words([t.text for t in span]) is None:  # not "Kora Mining"
                found.append((start, partner.i + 1))
    return found


def title_anchored_people(doc: Doc, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Names right after an office ("Minister of Industry Kanat Sharlapaev"), which the NER often misses.

    Transcript speaker labels ("JANE DOE, MINISTER FOR TRADE:") are names too.
    """
    heads, words, multiword = title_vocabulary(lexicon)
    portfolios = portfolio_words(lexicon)
    found: list[tuple[int, int]] = []
    speaker = _speaker_label(doc, heads) or _office_first_label(doc, heads, words) or surname_label(doc, words)
    if speaker is not None:
        found.append(speaker)
    found.extend(_bracketed_office_people(doc, heads))
    found.extend(_named_before_office(doc, heads, words, multiword))
    found.extend(_honorific_people(doc, words))
    found.extend(_coordinated_people(doc, words))
    i = speaker[1] if speaker else 0
    while i < len(doc):
        if not ends_office(doc, i, heads, multiword):
            i += 1
            continue
        j = office_complement_end_in(doc, i + 1, words, portfolios)
        if _defined_office(doc, i, words) and j + 2 < len(doc) and doc[j].text == "," and j > i + 1:
            # "the Minister of Mining of Chile, Ana Ruiz": the name in apposition to a definite office
            run = name_run(doc, j + 1, words)
            after = j + 1 + run
            if run >= 2 and (after >= len(doc) or doc[after].is_punct):
                j += 1
        k = j + name_run(doc, j, words)
        while k > j and (not (doc[k - 1].is_alpha or doc[k - 1].text.endswith(".")) or doc[k - 1].lower_ in PARTICLES):
            k -= 1  # "José de" is no name: a particle never ends one
        for ent in doc.ents:
            if ent.label_ == "PERSON" and ent.start <= k - 1 < ent.end and ent.end > k:
                k = ent.end  # the NER saw more of the name
        body = _names_a_body(doc, j, k)
        if k > j and doc[j - 1].lower_ not in OFFICE_JOINERS and not body:
            single_ok = k - j >= 2 or (doc[j].pos_ == "PROPN" and (k >= len(doc) or not doc[k].text[:1].isupper()))
            if single_ok and lexicon.lookup(doc[j:k].text, ("name", "demonym", "capital")) is None:
                found.append((j, k))
        i = max(k, i + 1)
    return found


def person_beside_person(doc: Doc, ent: Span) -> bool:
    """An ORG of two or three plain capitalised words coordinated with a PERSON the NER found: a person too."""
    words = [t for t in ent if t.is_alpha]
    if not 2 <= len(words) <= 3 or len(words) != len(ent) or not all(t.is_title and t.pos_ == "PROPN" for t in words) or kind_of_words([t.text for t in words]):
        return False
    root = ent.root
    partners = [root.head] if root.dep_ == "conj" else [c for c in root.children if c.dep_ == "conj"]
    return any(p.ent_type_ == "PERSON" for p in partners)
