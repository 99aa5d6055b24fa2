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


HYPHENS = ("-", "‐", "‑")


def hyphen_tail(doc: Doc, k: int) -> bool:
    """Token k is the lower-case half of a hyphenated given name: "in" of "Jae-in", "wook" of "Sung-wook"."""
    return (
        k >= 2
        and doc[k].is_alpha
        and doc[k].text.islower()
        and doc[k - 1].text in HYPHENS
        and not doc[k - 2].whitespace_
        and not doc[k - 1].whitespace_
        and doc[k - 2].text[:1].isupper()
    )


def extend_particles(doc: Doc, span: Span) -> tuple[int, int]:
    """Grow "Ursula von der" into "Ursula von der Leyen", and "Moon Jae" into "Moon Jae-in"."""
    start, end = span.start, span.end
    while end < len(doc) and doc[end - 1].lower_ in PARTICLES and doc[end].text[:1].isupper():
        end += 1
    while end < len(doc) - 1 and doc[end].lower_ in PARTICLES and doc[end + 1].text[:1].isupper() and doc[end].lower_ in ("von", "van", "de", "der", "bin", "al"):
        end += 2
    while end < len(doc) - 1 and doc[end].text in HYPHENS and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2  # "Jae" + "-in": the NER stops at the hyphen
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
    if any(ch.isdigit() for ch in text):
        return False
    for index, token in enumerate(tokens):
        hyphenated = (0 < index < len(tokens) - 1 and token.text in HYPHENS) or (index >= 2 and hyphen_tail(token.doc, token.i))
        if not (token.text[:1].isupper() or token.lower_ in PARTICLES or hyphenated):
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
    if token.ent_type_ == DEMONYM and k > start and token.text[:1].isupper() and not token.is_upper and _name_token_shape(doc[k - 1]):
        return True  # a surname that is also a demonym: "David Turk"
    if token.ent_type_ == CAPITAL and k > start and doc[k - 1].lower_ in PARTICLES and k + 1 < len(doc) and _name_token_shape(doc[k + 1]):
        return True  # a place name inside a name: "José de Lima Massano"
    if token.ent_type_ in _NON_NAME_ENTS or token.lower_ in title_words or token.lower_ in _MONTHS_DAYS:
        return False
    if token.text in HYPHENS and k > start:
        return not doc[k - 1].whitespace_ and not token.whitespace_  # "Kassym-Jomart"
    if hyphen_tail(doc, k) and k - 2 >= start:
        return True  # "Jae-in"
    if len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "." and k > start:
        return True  # an initial: "Antony J. Blinken"
    if not token.is_alpha:
        return False
    if token.text[:1].isupper():
        return not token.is_upper or len(token.text) == 1
    return k > start and token.lower_ in PARTICLES and _particle_chain_ends_in_name(doc, k)


def _name_token_shape(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.is_upper


#: Endings of the abstract nouns and adjectives that name a portfolio ("Coordination", "Partnerships",
#: "International"), and hardly ever a person.
_PORTFOLIO_ENDINGS = ("tion", "tions", "sion", "sions", "ment", "ments", "ship", "ships", "ity", "ities", "ness", "ism", "ology", "ologies", "ies", "ional", "ial", "ural", "ntal", "ics")
#: Words that join the parts of an office: "Minister of State for Trade, Industry and Energy".
_OFFICE_JOINERS = {"of", "for", "the", "and", "&", "to", "on"}
_ENTITY_LABELS = {STATE, ORG, CAPITAL, DEMONYM}


def _portfolio_like(token: Token) -> bool:
    word = token.lower_
    return len(word) > 5 and word.endswith(_PORTFOLIO_ENDINGS)


def _name_run(doc: Doc, start: int, title_words: set[str]) -> int:
    """How many tokens from ``start`` could form a name."""
    k = start
    while k < len(doc) and k - start < 6 and _name_token(doc, k, start, title_words):
        k += 1
    return k - start


def portfolio_words(lexicon: Lexicon) -> frozenset[str]:
    """Words that may complete an office after "of"/"for" (titles.json ``portfolios``), made once per lexicon."""
    return lexicon.derived("people.portfolios", lambda lx: frozenset(w.lower() for w in lx.titles.get("portfolios", [])))


def _office_complement_end(doc: Doc, j: int, words: set[str], portfolios: frozenset[str]) -> int:
    """Where the words that complete an office end ("of State for Economic Coordination").

    The complement takes joiners, title words, names of states and bodies, and
    portfolio words; a capitalised word right after a joiner ("Minister for
    Resources and Water") or shaped like a portfolio ("Partnerships") belongs
    to the office as long as a name of two words, or no name, follows it.
    """
    joined = False
    start = j
    while j < len(doc):
        token = doc[j]
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        if token.lower_ in _OFFICE_JOINERS and nxt is not None and (nxt.text[:1].isupper() or nxt.lower_ in _OFFICE_JOINERS):
            j, joined = j + 1, True
            continue
        if token.text == "," and nxt is not None and (nxt.lower_ in ("and", "&") or (nxt.text[:1].isupper() and (nxt.lower_ in words or nxt.lower_ in portfolios))):
            j, joined = j + 1, True
            continue  # "Minister of Commerce, Trade and Industry"; "Growth, Energy, and the Environment"
        if not token.text[:1].isupper():
            break
        if token.ent_type_ in _ENTITY_LABELS or (joined and token.ent_type_ in ("GPE", "LOC") and token.ent_iob_ == "B"):
            j += 1  # a state or body, or a region after a joiner ("envoy for Central Asia")
            while j < len(doc) and doc[j].ent_iob_ == "I":
                j += 1
            joined = False
            continue
        if token.lower_ in words:
            j, joined = j + 1, False
            continue
        if joined or token.lower_ in portfolios or _portfolio_like(token):
            run = _name_run(doc, j + 1, words)
            if run >= 2 or (run == 0 and (joined or token.lower_ in portfolios)):
                j, joined = j + 1, False
                continue
            after = j + 1 + run
            if joined and run == 1 and after < len(doc) and doc[after].text == "," and _name_run(doc, after + 1, words) >= 2:
                j += 1  # "… and Rural Electrification, Tomasi Vuki": a two-word portfolio before the name in apposition
                continue
        break
    while j > start and (doc[j - 1].lower_ in _OFFICE_JOINERS or doc[j - 1].text == ","):
        j -= 1  # "Minister of Mines and [Jane Doe]": the joiner is not the office's
    return j


def office_complement_end(doc: Doc, j: int, lexicon: Lexicon) -> int:
    """Where the complement of the office word before token ``j`` ends (``j`` when it has none)."""
    _, words, _ = title_vocabulary(lexicon)
    return _office_complement_end(doc, j, words, portfolio_words(lexicon))


def office_ending_before(doc: Doc, end: int, floor: int, lexicon: Lexicon) -> int | None:
    """The office word whose title runs up to token ``end`` ("Secretary" for "Secretary of State |Jane Doe"), if any.

    The earliest office word from ``floor`` on whose complement reaches
    ``end`` exactly, so that "Deputy Assistant to the President for Energy"
    is one title and not "President for Energy".
    """
    heads, words, multiword = title_vocabulary(lexicon)
    portfolios = portfolio_words(lexicon)
    for i in range(max(floor, end - 24), end):
        if _ends_office(doc, i, heads, multiword) and _office_complement_end(doc, i + 1, words, portfolios) == end:
            return i
    return None


def _office_before(span: Span, heads: set[str], words: set[str], portfolios: frozenset[str]) -> bool:
    """An office word before the span, reached over the office's own words ("Minister of Lands and | Natural Resources")."""
    k = span.start - 1
    while k >= 0 and span.start - k <= 8:
        word = span.doc[k].lower_
        if word in heads:
            return True
        if not (word in _OFFICE_JOINERS or word in words or word in portfolios or word == ","):
            return False
        k -= 1
    return False


def office_words_only(span: Span, lexicon: Lexicon) -> bool:
    """An NER span that is only an office ("State" of "Secretary of State", "Minister for Trade, Industry and Energy of")."""
    heads, words, _ = title_vocabulary(lexicon)
    portfolios = portfolio_words(lexicon)
    if all(t.lower_ in words or t.lower_ in _OFFICE_JOINERS for t in span):
        return True
    has_office = any(t.lower_ in heads for t in span) or _office_before(span, heads, words, portfolios)
    return has_office and all(t.lower_ in words or t.lower_ in portfolios or t.lower_ in _OFFICE_JOINERS or t.is_punct for t in span)


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
_ADDRESS = {"mr.", "mrs.", "ms.", "dr.", "h.e.", "mr", "mrs", "ms", "dr"}


def _honorific_people(doc: Doc, words: set[str]) -> list[tuple[int, int]]:
    """ "H.E. Khalid Mudaf", "Mr. Ganbold": a name after a form of address, whatever the NER thought of it."""
    found = []
    for i in range(len(doc) - 1):
        if doc[i].lower_ not in _ADDRESS or not doc[i].text[:1].isupper():
            continue
        j = i + 1
        while j < len(doc) and doc[j].lower_ in ("sheikh", "sir", "dame"):
            j += 1
        run = _name_run(doc, j, words)
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
    while m < len(doc) and m - k < 12 and (doc[m].is_upper or doc[m].lower_ in _OFFICE_JOINERS or doc[m].text in HYPHENS):
        m += 1
    label = [t.lower_ for t in doc[k + 1 : m]]
    if m >= len(doc) or doc[m].text != ":" or not any(word in heads for word in label):
        return None
    if doc[0].lower_ in heads or any(t.ent_type_ in _ENTITY_LABELS for t in doc[:k]):
        return None  # "PRIME MINISTER, ...", "AUSTRALIA, ..." are no names; "KING" of "MADELEINE KING" is
    return 0, k


#: Entity types a missed name's later words may carry: the NER took "Costa" of "Ana Costa" for a place or a body.
_MISREAD_NAME = {"", "PERSON", "ORG", "LOC", "GPE", "FAC"}


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
        return _ends_office(doc, i, heads, multiword) or (doc[i].lower_ == "head" and i + 1 < len(doc) and doc[i + 1].lower_ == "of")

    while k < len(doc) and doc[k].lower_ in words and not ends(k):
        k += 1
    if k >= len(doc) or not ends(k):
        return False
    # without an owner the office must say whose it is: "deputy minister of foreign affairs", "head of the X", "ambassador to Japan"
    return owned or doc[comma + 1].lower_ in ("the",) or (k + 1 < len(doc) and doc[k + 1].lower_ in ("of", "to", "for", "at"))


def _named_before_office(doc: Doc, heads: set[str], words: set[str], multiword: dict[str, list[list[str]]]) -> list[tuple[int, int]]:
    """ "Ana Ruiz, Peru's minister of mines,", "Ana Ruiz, the Chilean ambassador,": two or three capitalised words before an office.

    The NER often misses such a name, or keeps its surname as a place or body; its first word has no entity type.
    """
    found: list[tuple[int, int]] = []
    for comma in (t.i for t in doc if (t.text == "," or t.lower_ in ("is", "was")) and t.i >= 2 and t.i + 3 < len(doc)):  # or "Ana Ruiz is Peru's …"
        if not _office_after_comma(doc, comma, heads, words, multiword):
            continue
        start = comma
        while start > 0 and comma - start < 3 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_type_ in _MISREAD_NAME:
            start -= 1
        if doc[start].ent_type_ not in ("", "PERSON") or doc[start].lower_ in words:
            continue
        # "... Minister of Natural Resources Shawn Tupper, Canada's ...": an office before the name anchors it already
        joined = start > 1 and doc[start - 1].lower_ in _OFFICE_JOINERS and doc[start - 2].lower_ in words  # not "According to"
        office_before = start > 0 and (doc[start - 1].lower_ in words or joined)
        if comma - start >= 2 and not office_before:
            found.append((start, comma))
    return found


def title_anchored_people(doc: Doc, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Names right after an office ("Minister of Industry Kanat Sharlapaev"), which the NER often misses.

    Transcript speaker labels ("JANE DOE, MINISTER FOR TRADE:") are names too.
    """
    heads, words, multiword = title_vocabulary(lexicon)
    portfolios = portfolio_words(lexicon)
    found: list[tuple[int, int]] = []
    speaker = _speaker_label(doc, heads)
    if speaker is not None:
        found.append(speaker)
    found.extend(_bracketed_office_people(doc, heads))
    found.extend(_named_before_office(doc, heads, words, multiword))
    found.extend(_honorific_people(doc, words))
    i = speaker[1] if speaker else 0
    while i < len(doc):
        if not _ends_office(doc, i, heads, multiword):
            i += 1
            continue
        j = _office_complement_end(doc, i + 1, words, portfolios)
        if _defined_office(doc, i, words) and j + 2 < len(doc) and doc[j].text == "," and j > i + 1:
            # "the Minister of Mining of Chile, Ana Ruiz": the name in apposition to a definite office
            run = _name_run(doc, j + 1, words)
            after = j + 1 + run
            if run >= 2 and (after >= len(doc) or doc[after].is_punct):
                j += 1
        k = j + _name_run(doc, j, words)
        while k > j and (not (doc[k - 1].is_alpha or doc[k - 1].text.endswith(".")) or doc[k - 1].lower_ in PARTICLES):
            k -= 1  # "José de" is no name: a particle never ends one
        for ent in doc.ents:
            if ent.label_ == "PERSON" and ent.start <= k - 1 < ent.end and ent.end > k:
                k = ent.end  # the NER saw more of the name
        if k > j and doc[j - 1].lower_ not in _OFFICE_JOINERS:
            single_ok = k - j >= 2 or (doc[j].pos_ == "PROPN" and (k >= len(doc) or not doc[k].text[:1].isupper()))
            if single_ok and lexicon.lookup(doc[j:k].text, ("name", "demonym", "capital")) is None:
                found.append((j, k))
        i = max(k, i + 1)
    return found
