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
from kg.nlp.kinds import kind_of_words
from kg.nlp.model import CAPITAL, DEMONYM, MINERAL, ORG, STATE
from kg.nlp.token_table import token_table

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


def extend_particles(doc: Doc, span: Span, office_words: set[str]) -> tuple[int, int]:
    """Grow "Ursula von der" into "Ursula von der Leyen", "Moon Jae" into "Moon Jae-in", "Hassan" into "Samia Suluhu Hassan".

    Leftwards only over given names the parser hangs on the name (compound
    proper nouns the NER left untagged), never over an office or honorific.
    """
    start, end = span.start, span.end
    while start > 0 and _given_name(doc[start - 1], start, end, office_words):
        start -= 1
    while end < len(doc) and doc[end - 1].lower_ in PARTICLES and doc[end].text[:1].isupper():
        end += 1
    while end < len(doc) - 1 and doc[end].lower_ in PARTICLES and doc[end + 1].text[:1].isupper() and doc[end].lower_ in ("von", "van", "de", "der", "bin", "al"):
        end += 2
    while end < len(doc) - 1 and doc[end].text in HYPHENS and not doc[end - 1].whitespace_ and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2  # "Jae" + "-in": the NER stops at the hyphen
    return start, end


def _given_name(token: Token, start: int, end: int, office_words: set[str]) -> bool:
    """A capitalised proper noun hung on the name as a compound, not an office, honorific, sentence opener or tagged name."""
    if token.pos_ != "PROPN" or not token.is_alpha or not token.text[:1].isupper() or token.is_upper or token.is_sent_start:
        return False
    return token.dep_ == "compound" and start <= token.head.i < end and token.ent_type_ == "" and token.lower_ not in office_words


def clean_person(doc: Doc, start: int, end: int, honorifics: set[str]) -> tuple[int, int]:
    """Drop titles, honorifics and possessive endings from a person span ("Crown Prince Mohammed bin Salman")."""
    while end - start > 1 and (doc[start].lower_.rstrip(".") in honorifics or doc[start].ent_type_ in (STATE, DEMONYM, ORG) or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    return start, end


#: Words that label a transcript's turn rather than name its speaker.
TURN_LABELS = frozenset({"question", "questioner", "answer", "moderator", "reporter", "journalist", "interviewer", "participant", "audience", "operator", "staff", "q", "a"})


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
    if len(tokens) == 1 and tokens[0].lower_ in TURN_LABELS:
        return False  # "QUESTION:", "MODERATOR:" label a transcript's turn, no person
    after = tokens[0].doc[tokens[-1].i + 1 : tokens[-1].i + 2]
    if len(tokens) == 1 and tokens[0].is_upper and len(tokens[0].text) >= 3 and tokens[0].is_alpha and not (after and after[0].text == ":"):
        return False  # "KORES's president": an acronym names a body ("VIDAL:" labels a speaker's turn)
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


def ends_office(doc: Doc, i: int, heads: set[str], multiword: dict[str, list[list[str]]]) -> bool:
    """Token i ends an office: "minister", or "executive" after "chief"."""
    lower = token_table(doc).lower
    word = lower[i]
    if word in heads:
        return True
    return any(i >= len(before) and list(lower[i - len(before) : i]) == before for before in multiword.get(word, []))


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
    if token.ent_type_ in _NON_NAME_ENTS or token.lower_ in title_words or token.lower_ in _MONTHS_DAYS or token.lower_ in _BODY_WORDS:
        return False
    if token.text in HYPHENS and k > start:
        return not doc[k - 1].whitespace_ and not token.whitespace_  # "Kassym-Jomart"
    if hyphen_tail(doc, k) and k - 2 >= start:
        return True  # "Jae-in"
    if len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "." and k > start:
        return True  # an initial: "Antony J. Blinken"
    if token.text[:1].isupper() and "-" in token.text and all(part.isalpha() for part in token.text.split("-")):
        return True  # "Ji-hoon", kept one token by the pipeline
    if not token.is_alpha:
        return False
    if token.text[:1].isupper():
        return not token.is_upper or len(token.text) == 1
    return k > start and token.lower_ in PARTICLES and _particle_chain_ends_in_name(doc, k)


#: Last words of a body's name, never a person's: "president of the Korea … Corporation" names no person "Corporation".
_BODY_WORDS = frozenset(
    {"corporation", "company", "corp", "agency", "authority", "ministry", "council", "commission", "institute", "limited", "ltd", "inc", "plc",
     "holdings", "group", "bureau", "secretariat", "directorate", "federation", "association", "organization", "organisation", "foundation", "committee"}
)


def _name_token_shape(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.is_upper


#: Endings of the abstract nouns and adjectives that name a portfolio ("Coordination", "Partnerships",
#: "International"), and hardly ever a person.
_PORTFOLIO_ENDINGS = ("tion", "tions", "sion", "sions", "ment", "ments", "ship", "ships", "ity", "ities", "ness", "ism", "ology", "ologies", "ies", "ional", "ial", "ural", "ntal", "ics")
#: Words that join the parts of an office: "Minister of State for Trade, Industry and Energy".
OFFICE_JOINERS = {"of", "for", "the", "and", "&", "to", "on"}
ENTITY_LABELS = {STATE, ORG, CAPITAL, DEMONYM}


def _portfolio_like(token: Token) -> bool:
    word = token.lower_
    return len(word) > 5 and word.endswith(_PORTFOLIO_ENDINGS)


def name_run(doc: Doc, start: int, title_words: set[str]) -> int:
    """How many tokens from ``start`` could form a name."""
    k = start
    while k < len(doc) and k - start < 6 and _name_token(doc, k, start, title_words):
        k += 1
    return k - start


def portfolio_words(lexicon: Lexicon) -> frozenset[str]:
    """Words that may complete an office after "of"/"for" (titles.json ``portfolios``), made once per lexicon."""
    return lexicon.derived("people.portfolios", lambda lx: frozenset(w.lower() for w in lx.titles.get("portfolios", [])))


#: Forms of address written with a full stop: they start a name, never complete an office.
ADDRESS_FORMS = frozenset({"mr.", "mrs.", "ms.", "dr.", "h.e.", "hon.", "amb.", "rt."})


def office_complement_end_in(doc: Doc, j: int, words: set[str], portfolios: frozenset[str]) -> int:
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
        if token.lower_ in OFFICE_JOINERS and nxt is not None and (nxt.text[:1].isupper() or nxt.lower_ in OFFICE_JOINERS):
            j, joined = j + 1, True
            continue
        if token.lower_ in ("for", "of") and (run := _lower_portfolio(doc, j + 1)):
            j += 1 + run  # "special envoy for critical minerals," in lower case
            break
        if token.text == "," and nxt is not None and (nxt.lower_ in ("and", "&") or (nxt.text[:1].isupper() and (nxt.lower_ in words or nxt.lower_ in portfolios))):
            j, joined = j + 1, True
            continue  # "Minister of Commerce, Trade and Industry"; "Growth, Energy, and the Environment"
        if not token.text[:1].isupper() or token.lower_ in ADDRESS_FORMS:
            break  # (", and H.E. Bandar X": the next person's form of address)
        if token.ent_type_ in ENTITY_LABELS or (joined and token.ent_type_ in ("GPE", "LOC") and token.ent_iob_ == "B"):
            j += 1  # a state or body, or a region after a joiner ("envoy for Central Asia")
            while j < len(doc) and doc[j].ent_iob_ == "I":
                j += 1
            joined = False
            continue
        if joined and token.ent_type_ == "ORG" and (body_end := _organisation_end(doc, j)):
            j, joined = body_end, False  # "President of the Andean Development Bank": a body the NER found, named as one
            continue
        if token.lower_ in words:
            j, joined = j + 1, False
            continue
        if token.ent_type_ == "PERSON" and token.ent_iob_ == "B" and joined:
            break  # "Minister of Mines, and Park Ji-hoon": the next person, not a portfolio
        if joined or token.lower_ in portfolios or _portfolio_like(token):
            run = name_run(doc, j + 1, words)
            if run >= 2 or (run == 0 and (joined or token.lower_ in portfolios)):
                j, joined = j + 1, False
                continue
            after = j + 1 + run
            if joined and run == 1 and after < len(doc) and doc[after].text == "," and name_run(doc, after + 1, words) >= 2:
                j += 1  # "… and Rural Electrification, Tomasi Vuki": a two-word portfolio before the name in apposition
                continue
        break
    while j > start and (doc[j - 1].lower_ in OFFICE_JOINERS or doc[j - 1].text == ","):
        j -= 1  # "Minister of Mines and [Jane Doe]": the joiner is not the office's
    return j


def _lower_portfolio(doc: Doc, j: int) -> int:
    """The length of a lower-case portfolio after "for"/"of" ("critical minerals"): nouns and adjectives up to a comma or bracket."""
    k = j
    while k < len(doc) and k - j < 3 and doc[k].is_lower and doc[k].pos_ in ("NOUN", "ADJ") and doc[k].ent_type_ != "DATE":
        k += 1
    dated = k < len(doc) and doc[k].ent_type_ == "DATE"  # "minister of energy last year,": the portfolio ends at the date
    return k - j if k > j and (k == len(doc) or doc[k].text in (",", "(", ")", ";") or dated) else 0


def _organisation_end(doc: Doc, j: int) -> int:
    """The end of the NER organisation ``doc[j]`` is in, when its words make it one ("… Development Bank"), else 0."""
    end = j + 1
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ == "ORG":
        end += 1
    return end if kind_of_words([t.text for t in doc[j:end]]) == "Organization" else 0


def office_complement_end(doc: Doc, j: int, lexicon: Lexicon) -> int:
    """Where the complement of the office word before token ``j`` ends (``j`` when it has none)."""
    _, words, _ = title_vocabulary(lexicon)
    return office_complement_end_in(doc, j, words, portfolio_words(lexicon))


def office_ending_before(doc: Doc, end: int, floor: int, lexicon: Lexicon) -> int | None:
    """The office word whose title runs up to token ``end`` ("Secretary" for "Secretary of State |Jane Doe"), if any.

    The earliest office word from ``floor`` on whose complement reaches
    ``end`` exactly, so that "Deputy Assistant to the President for Energy"
    is one title and not "President for Energy".
    """
    heads, words, multiword = title_vocabulary(lexicon)
    portfolios = portfolio_words(lexicon)
    for i in range(max(floor, end - 24), end):
        if ends_office(doc, i, heads, multiword) and office_complement_end_in(doc, i + 1, words, portfolios) == end:
            return i
    return None


def _office_before(span: Span, heads: set[str], words: set[str], portfolios: frozenset[str]) -> bool:
    """An office word before the span, reached over the office's own words ("Minister of Lands and | Natural Resources")."""
    k = span.start - 1
    while k >= 0 and span.start - k <= 8:
        word = span.doc[k].lower_
        if word in heads:
            return True
        if not (word in OFFICE_JOINERS or word in words or word in portfolios or word == ","):
            return False
        k -= 1
    return False


def office_words_only(span: Span, lexicon: Lexicon) -> bool:
    """An NER span that is only an office ("State" of "Secretary of State", "Minister for Trade, Industry and Energy of")."""
    heads, words, _ = title_vocabulary(lexicon)
    portfolios = portfolio_words(lexicon)
    if all(t.lower_ in words or t.lower_ in OFFICE_JOINERS for t in span):
        return True
    has_office = any(t.lower_ in heads for t in span) or _office_before(span, heads, words, portfolios)
    return has_office and all(t.lower_ in words or t.lower_ in portfolios or t.lower_ in OFFICE_JOINERS or t.is_punct for t in span)


#: Offices and holdings only a company has: "X's chief executive", "X's shareholders".
COMPANY_OWNED = frozenset({"ceo", "cfo", "coo", "shareholder", "shareholders", "subsidiary", "subsidiaries", "board"})
#: Offices a company has when "chief" leads them: "chief executive", "chief financial officer".
CHIEF_OFFICES = frozenset({"executive", "officer"})


def owns_company_office(name: Token) -> bool:
    """ "Nordkap Batterie's chief executive, A": the possessor of a company's office is a company, never a person."""
    if name.dep_ != "poss":
        return False
    head = name.head.head if name.head.dep_ == "compound" and name.head.head.i > name.head.i else name.head
    lowers = {t.lower_ for t in name.doc[name.i + 1 : head.i + 1]}  # "X's chief executive (Anna Vogel)", whatever the parse
    return bool(lowers & COMPANY_OWNED) or ("chief" in lowers and bool(lowers & CHIEF_OFFICES))

