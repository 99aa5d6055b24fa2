"""Name spans the statistical NER gets wrong, and names it never saw, corrected from the words around them.

Each function reads one parsed block (a spaCy ``Doc``) and returns token spans with the kind their words give (:mod:`kg.nlp.kinds`):

* :func:`head_kind`: the kind a name's words, or a head noun right after it, give ("Reko Diq" + "Mine"; "Simandou" + "mine"; "Jadar" + "lithium project");
* :func:`typed_names`: names an article types once, to type their bare uses;
* :func:`kg.nlp.name_edges.fix_name_span` (used here): "Export-Import Bank of" + "China" is one name, never ending in "of";
* :func:`merged_names`: a state or a proper noun glued to an organisation or ore word ("China General Nuclear Power Group", "Talison Lithium", "Lithium Americas CEO");
* :func:`headed_chunks`: capitalised phrases ending in a head word that the NER missed ("Lithium Triangle", "Salar del Hombre Muerto");
* :func:`listed_in_state`: names listed before "in <State>" ("Grasberg, Batu Hijau in Indonesia") are places;
* :func:`defined_kinds`: "X is a mining company", "the company, X," — a definition types its subject.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.lexicon.tables import Lexicon, normalise
from kg.nlp.definitions import apposed_names, based_names, copula_definition, defining_noun, placed_subjects
from kg.nlp.kinds import (
    AGREEMENT_HEADS,
    CLOCK_LABELS,
    CORPORATE_OFFICES,
    DEFINITION_HEADS,
    GEOGRAPHIC_HEADS,
    NON_BODY_HEADS,
    OFFICE_WORDS,
    ORGANIZATION_HEADS,
    PEOPLE_PLURALS,
    PLACE_HEADS,
    company_tail,
    initials,
    kind_of_words,
    short_company_name,
)
from kg.nlp.model import CAPITAL, DEMONYM, MINERAL, STATE
from kg.nlp.name_edges import GOVERNING_HEADS, bracketed_companies, fix_name_span, hyphen_start
from kg.nlp.name_lists import NAME_CONNECTORS, portfolio_list_end, run_end, split_at_and
from kg.nlp.ore_companies import ore_led_companies
from kg.nlp.people import office_words_only
from kg.nlp.placed import landform_sites
from kg.nlp.token_table import once_per_doc, token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: spaCy labels of proper names whose kind the name's own words may overrule.
NAME_LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "NORP")


def _words(doc: Doc, start: int, end: int) -> list[str]:
    return list(token_table(doc).text[start:end])


def _ore_words(doc: Doc, i: int) -> int:
    """How many tokens from ``i`` on describe an ore ("lithium", "copper-gold", "rare earth") before a head noun."""
    j = i
    while j < len(doc) and j - i < 4 and (doc[j].ent_type_ == MINERAL or doc[j].text in ("-", "–") or doc[j].lower_ in ("rare", "earth", "earths", "ore")):
        j += 1
    if j < len(doc) - 1 and doc[j].lower_ in SITE_USE_WORDS and doc[j].dep_ == "compound":
        j += 1  # "the Lobito rail line", "the Kolwezi processing plant": what the site is for, before its head
    return j - i


#: Lower-case nouns that say what a site is for, between its name and its head noun.
SITE_USE_WORDS = frozenset({"rail", "railway", "railroad", "road", "pipeline", "freight", "processing", "refining", "smelting", "mining", "export", "transport", "hydro", "power"})


#: Heads after which a known region's name stays a place ("Oruro Department", "Lai Chau Province"), not a body.
ADMINISTRATIVE_HEADS = frozenset({"department", "province", "region", "district", "county", "state", "territory", "prefecture", "governorate", "municipality"})


def _administrative(doc: Doc, start: int, end: int) -> bool:
    """ "Oruro Department": a region of the world followed by an administrative word is that region."""
    from kg.lexicon.regions import load_regions

    return end - start >= 2 and doc[end - 1].lower_ in ADMINISTRATIVE_HEADS and doc[start : end - 1].text in load_regions()


def head_kind(doc: Doc, start: int, end: int) -> tuple[str | None, int]:
    """The kind the words of ``doc[start:end]`` and a head noun right after it give, and where the name ends.

    "Reko Diq" + "Mine" is one name ending at "Mine"; "Simandou" + "mine" and "Jadar" + "lithium project" are names typed
    by a common noun that is not part of the name.
    """
    kind = kind_of_words(_words(doc, start, end))
    if kind == "Organization" and _administrative(doc, start, end):
        return "Place", end
    if kind == "Organization" and _weakly_headed(doc, start, end):
        return None, end
    if kind is not None or (end - start == 1 and _descriptive(doc[start])):
        return kind, end
    j = end + _ore_words(doc, end)
    if j < len(doc) and doc[j].lower_ in ("and", "or", ",") and doc[end - 1].dep_ in ("compound", "nmod", "amod"):
        shared = doc[end - 1].head
        if shared.lower_ in PLACE_HEADS and shared.pos_ == "NOUN" and shared.i > end:
            return "Place", end  # "the Dikuluwe and Mashamba West deposits": the first name shares the head
    if j < len(doc) and start < end:
        head = doc[j]
        if head.text[:1].isupper() and j == end and (capitalised := kind_of_words(_words(doc, start, j + 1))):
            return capitalised, j + 1
        last = doc[end - 1]
        while last.dep_ == "conj" and last.head.i != last.i:
            last = last.head  # "the Dikuluwe and Mashamba West deposits": both modify the head
        attached = last.head.i == j or last.dep_ in ("compound", "amod", "nmod", "npadvmod")
        if head.lower_ in PLACE_HEADS and head.pos_ in ("NOUN", "PROPN") and attached:
            return "Place", (j + 1 if head.lower_ in GEOGRAPHIC_HEADS and j == end else end)
    return None, end


#: Heads that make a company name only after a proper name ("Lynas Rare Earths", "Pilbara Minerals").
WEAK_ORGANIZATION_HEADS = frozenset({"minerals", "metals", "resources", "mining", "materials", "carbon", "minera"})


def _weakly_headed(doc: Doc, start: int, end: int) -> bool:
    """ "Ukraine Minerals", "Critical Minerals": a topic phrase, not a company, when only a weak head says company."""
    before = [t for t in doc[start : end - 1] if t.is_alpha]
    return doc[end - 1].lower_ in WEAK_ORGANIZATION_HEADS and (not before or any(t.ent_type_ in (STATE, DEMONYM, MINERAL) or t.lower_ in ("critical", "strategic", "rare", "raw", "battery") for t in before))


def typed_names(docs: list[Doc], lexicon: Lexicon) -> dict[str, str]:
    """Names the article types by their words anywhere ("the Simandou mine"), bare name -> kind; bare uses are the same thing.

    "Simandou" after "the Simandou mine"; "Sable" after "Sable Resources SA", unless the article types "Sable" otherwise.
    """
    names: dict[str, str] = {}
    shorts: list[str] = []
    for doc in docs:
        spans = [fix_name_span(doc, e.start + (1 if e[0].lower_ == "the" else 0), e.end) for e in doc.ents if e.label_ in NAME_LABELS and not office_words_only(e, lexicon)]  # not "Natural Resources" of "Minister of Lands and Natural Resources"
        spans += [(s, e) for s, e, _ in headed_chunks(doc)]
        for start, end in spans:
            kind, head_end = head_kind(doc, start, end)
            if kind in ("Place", "Organization") and start < end:
                names.setdefault(normalise(doc[start:end].text), kind)
                names.setdefault(normalise(doc[start:head_end].text), kind)
                shorts += [normalise(acronym) for acronym in [initials([t.text for t in doc[start:end]])] if acronym and kind == "Organization"]  # "JICA"
            if (kind == "Organization" or all(t.ent_type_ == "ORG" for t in doc[start:end])) and (short := short_company_name([t.text for t in doc[start:end]])) and doc[start].ent_type_ not in (STATE, DEMONYM, CAPITAL, "NORP", "GPE", "LOC") and lexicon.lookup(doc[start:end].text, ("name",)) is None:
                shorts.append(normalise(short))  # a company of the article's own, whose first word names nothing else
        for start, end, kind in defined_kinds(doc):  # "the state miner PT Logam Jaya": "Logam Jaya" is the miner too
            names.setdefault(normalise(doc[start:end].text), kind)
            shorts += [normalise(short) for short in [short_company_name([t.text for t in doc[start:end]])] if short and kind == "Organization"]
        for start, end in [*named_sites(doc), *landform_sites(doc)]:  # "the Orvik field"; "Veld Hill, in Mara Region,"
            names.setdefault(normalise(doc[start:end].text), "Place")
        for start, end, kind in merged_names(doc):
            names.setdefault(normalise(doc[start:end].text), kind)
            if doc[end - 1].ent_type_ == MINERAL and end - start >= 2:
                names.setdefault(normalise(doc[start : end - 1].text), kind)  # "Jinlu Lithium" is "Jinlu" later on
    placed = {normalise(e.text if e.label_ != "PERSON" else e.text.split()[-1]) for doc in docs for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") or (e.label_ == "PERSON" and len(e) > 1)}  # "Tanbreez" of "Tanbreez Mining" may be the mine, "Rinehart" of "Rinehart Holdings" the person
    names = {**dict.fromkeys((s for s in shorts if s not in placed), "Organization"), **names}  # a typed place wins over a short form
    return {name: kind for name, kind in names.items() if lexicon.lookup(name, ("name", "demonym")) is None}  # a state or known body keeps its kind


@once_per_doc
def merged_names(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """Organisation names that kg's lexicon ruler split at a state or an ore word.

    "China General Nuclear Power Group" (a state glued to an organisation's
    name), "Talison Lithium" and "Swakop Uranium" (a company named after its
    ore: a capitalised ore word after a proper noun, mid-sentence).
    """
    yield from bracketed_companies(doc)  # first: "Kestrel Lithium Ghana Limited" is more than the ore-named "Kestrel Lithium"
    i, n = 0, len(doc)
    while i < n:
        token = doc[i]
        if token.ent_type_ in (STATE, DEMONYM) and token.ent_iob_ == "B":
            j = i + 1
            while j < n and doc[j].ent_iob_ == "I":
                j += 1
            k = j
            while k < n and (doc[k].text[:1].isupper() or (doc[k].lower_ in NAME_CONNECTORS and k + 1 < n and doc[k + 1].text[:1].isupper())) and doc[k].ent_type_ not in (STATE, DEMONYM):
                k += 1
            if k > j and normalise(doc[k - 1].text) in ORGANIZATION_HEADS - {"minerals", "metals", "resources", "mining", "materials", "energy", "petroleum"}:
                yield hyphen_start(doc, i + (token.lower_ == "the")), k, "Organization"  # the ruler's span may begin with "the"
                i = k
                continue
        if (
            token.ent_type_ == MINERAL and token.text[:1].isupper() and i > 0 and (not doc[i - 1].is_sent_start or (i + 1 < n and doc[i + 1].is_lower))
            and doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper() and doc[i - 1].ent_type_ not in (STATE, DEMONYM, MINERAL, "NORP")
        ):
            start = i - 1
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() and not doc[start].is_sent_start and doc[start - 1].ent_type_ not in (STATE, DEMONYM, MINERAL, "NORP"):
                start -= 1
            end = i + 1
            following = end
            while following < n and doc[following].text[:1].isupper() and doc[following].is_alpha:
                following += 1
            if following > end and (kind_of_words(_words(doc, start, following)) in ("Place", "Agreement") or doc[following - 1].lower_ in NON_BODY_HEADS):
                i = following
                continue  # "Reko Diq Copper Mine", "East African Graphite Partnership", "the Critical Cobalt Supply Act": not a company
            yield start, following if company_tail(_words(doc, end, following)) else end, "Organization"  # "Northbay Nickel Refining"
        i += 1
    yield from ore_led_companies(doc)  # "Lithium Americas CEO Jane Roe"


@once_per_doc
def headed_chunks(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """Capitalised phrases whose words give a kind ("Lithium Triangle", "Salar del Hombre Muerto", "Africa Finance Corporation")."""
    n, tokens = len(doc), token_table(doc)
    i = 0
    while i < n:
        if not tokens.capitalised[i] or not tokens.is_alpha[i]:
            i += 1
            continue
        j = run_end(doc, i, i)
        if (listed := portfolio_list_end(doc, i, j)) > j:
            j = run_end(doc, i, listed)  # "Ministry of Mines, Energy and Water of Lesotho"
        start = i
        if tokens.sent_start[start] and tokens.is_stop[start] and tokens.pos[start] not in ("PROPN", "ADJ"):
            start += 1  # "The Lithium Triangle": the sentence's capital, not the name's ("First Quantum Minerals" keeps it)
        while start < j - 1 and doc[start].text in CLOCK_LABELS and any(not t.is_upper for t in doc[start + 1 : j] if t.is_alpha):
            start += 1  # "PM EDT Office of …": clock labels before a name ("MPX and …" keeps its acronym)
        if start + 2 < j and doc[start].lower_ in CORPORATE_OFFICES and doc[start + 1].lower_ in ("of", "at") and kind_of_words(_words(doc, start + 2, j)) == "Organization":
            start += 2  # "CEO of Nordvik Mining": the company, the office is the person's
        for part_start, part_end in split_at_and(doc, start, j):
            if any(doc[k].lower_ in OFFICE_WORDS for k in range(start, part_start)):
                break  # "Minister of Lands and Natural Resources": the rest of an office, not a company
            kind = kind_of_words(_words(doc, part_start, part_end))
            if kind == "Organization" and _administrative(doc, part_start, part_end):
                kind = "Place"
            of_state = next((k for k in range(part_start + 1, part_end - 1) if doc[k].lower_ == "of" and doc[k + 1].ent_type_ == STATE), None)
            if kind == "Place" and of_state is not None:
                part_end = of_state  # "the Gobi Desert of Mongolia": the desert, in the state
                kind = kind_of_words(_words(doc, part_start, part_end))
            elif kind == "Organization" and of_state is not None and _administrative(doc, part_start, of_state):
                part_end, kind = of_state, "Place"  # "the Oruro Department of Bolivia": a region, not a ministry
            words = doc[part_start:part_end]
            if kind == "Organization" and _weakly_headed(doc, part_start, part_end):
                continue
            if kind is None or kind == "Agreement" or part_end - part_start < 2 or all(t.is_upper for t in words if t.is_alpha):
                continue  # agreements are the agreements extractor's; "MINISTER FOR RESOURCES" is a speaker label
            if part_end < len(doc) and doc[part_end].text in ("-", "‐"):
                continue  # "Mineral Co-operation": a word, not a company suffix
            if _government_of_state(doc, part_start, part_end):
                continue  # "Government of Mongolia" is the state
            if any(doc[k].lower_ == "of" and doc[k - 1].tag_ in ("NNS", "NNPS") and (doc[k - 1].lemma_.lower() != doc[k - 1].lower_ or doc[k - 1].lower_ in PEOPLE_PLURALS) for k in range(part_start + 1, part_end)):
                continue  # "Members of Congress", "Committees of Parliament": people or parts of a body, not a name
            yield part_start, part_end, kind
        i = max(j, i + 1)




def _government_of_state(doc: Doc, start: int, end: int) -> bool:
    words = [t.lower_ for t in doc[start:end]]
    return len(words) >= 3 and words[0] in GOVERNING_HEADS and words[1] == "of" and doc[end - 1].ent_type_ == STATE


#: Capitalised words that describe a site rather than name it ("the Western deposit", "the Main pit").
_GENERIC_SITE_WORDS = frozenset({"western", "eastern", "northern", "southern", "central", "main", "upper", "lower", "old", "new", "big", "great", "north", "south", "east", "west", "first", "second"})


def _descriptive(token: Token) -> bool:
    """ "the Andean region", "the European market": an adjective of a people or region right after an article names nothing.

    Such adjectives end as adjectives do ("-an", "-ic", "-ese", "-ish", "-i"); "the Kesta deposit" is a name the NER took for one.
    """
    adjectival = token.lower_.endswith(("an", "ic", "ese", "ish", "i")) or token.lower_ in ("arab", "latin", "gulf", "soviet")
    return token.ent_type_ == "NORP" and token.pos_ == "ADJ" and adjectival and token.i > 0 and token.doc[token.i - 1].lower_ in ("the", "a", "an")


def _site_name_word(token: Token) -> bool:
    """A word that can be part of a site's proper name: capitalised, not a state, demonym or ore, not a sentence's first function word.

    The tagger calls an unknown capitalised word before a noun an adjective as often as a proper noun ("the Kanyemba deposit").
    """
    if not token.text[:1].isupper() or not token.is_alpha or token.pos_ not in ("PROPN", "ADJ", "NOUN"):
        return False
    if token.ent_type_ in (STATE, DEMONYM, MINERAL) or token.lower_ in _GENERIC_SITE_WORDS or _descriptive(token):
        return False
    return not (token.is_sent_start and (token.is_stop or token.pos_ != "PROPN"))


#: Lower-case particles inside a place's name in Romance and Albanian names ("Cerro de la Plata", "Qafa e Gurit").
SITE_PARTICLES = frozenset({"de", "del", "la", "las", "los", "e", "da", "do", "dos", "das", "di", "du", "des", "el"})


def particle_sites(doc: Doc) -> Iterator[tuple[int, int]]:
    """Sites of :func:`named_sites` whose name holds a particle or a hyphen: the NER cuts those there ("Kamoa-Kakula")."""
    for start, end in named_sites(doc):
        if any(t.lower_ in SITE_PARTICLES or t.text in ("-", "‐") for t in doc[start:end]):
            yield start, end


@once_per_doc
def named_sites(doc: Doc) -> Iterator[tuple[int, int]]:
    """Proper nouns that name a site by a common head noun after them: "the Orvik field", "the Kestrel copper mine".

    The NER often leaves such a name untagged or calls it a person; the head noun (and the parse) says it is a place.
    """
    n = len(doc)
    i = 0
    while i < n:
        token = doc[i]
        if not _site_name_word(token):
            i += 1
            continue
        j = i
        while j < n and (_site_name_word(doc[j]) or (j > i and doc[j].is_title and doc[j].lower_ in _GENERIC_SITE_WORDS)):  # "Kangerluk South"
            j += 1
            particles = j
            while particles < n and (doc[particles].lower_ in SITE_PARTICLES or doc[particles].text in ("-", "‐")):
                particles += 1  # or a hyphen: "Verkhne-Kairakty"
            if particles > j and particles < n and _site_name_word(doc[particles]):
                j = particles  # "Cerro de la Plata", "Qafa e Gurit": a particle inside the name
        k = j + _ore_words(doc, j)
        attached = doc[j - 1].head.i == k or j <= doc[j - 1].head.i < k  # on the head, or on an ore word the parser made its head
        if k < n and doc[k].lower_ in PLACE_HEADS and doc[k].pos_ == "NOUN" and attached and doc[j - 1].dep_ in ("compound", "amod", "nmod", "npadvmod", "nsubj"):
            yield i, j
        i = j


def listed_in_state(doc: Doc) -> Iterator[tuple[int, int]]:
    """Names that a list places in a state or region: "Grasberg, Batu Hijau in Indonesia", "Sar Cheshmeh in Iran"."""
    for token in doc:
        if token.lower_ != "in" or token.i + 1 >= len(doc):
            continue
        target = doc[token.i + 1]
        if target.ent_type_ not in (STATE, "GPE") or token.i == 0:
            continue
        # walk back over "X, Y and Z" names directly before "in"
        end = token.i
        while end > 0:
            stop = end
            start = end - 1
            while start >= 0 and doc[start].text[:1].isupper() and doc[start].is_alpha and doc[start].ent_type_ not in (STATE, DEMONYM, MINERAL, CAPITAL):
                start -= 1
            start += 1
            if start >= stop or (doc[start].is_sent_start and doc[start].is_stop):
                break
            if (stop - start == 1 and doc[start].is_sent_start and doc[start].pos_ != "PROPN") or doc[stop - 1].ent_type_ in ("DATE", "TIME"):
                break  # "Lawmakers in Estonia", "Born in Peru": a word capitalised by the sentence; "on 26 November in Lima"
            if any(t.lower_ in AGREEMENT_HEADS or t.lower_ in ORGANIZATION_HEADS for t in doc[start:stop]):
                break
            yield start, stop
            end = start
            if end > 0 and doc[end - 1].text in (",",):
                end -= 1
            elif end > 1 and doc[end - 1].lower_ == "and":
                end -= 1
                if doc[end - 1].text == ",":
                    end -= 1
            else:
                break


@once_per_doc
def defined_kinds(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """A definition types its subject: "X is a Chinese mining company", "X is a planned mining operation", "X, a nickel deposit in …"."""
    yield from apposed_names(doc)  # "the company at the heart of the deal, Sicomines,"
    yield from based_names(doc)  # "U.S.-based Livent"
    yield from placed_subjects(doc)  # "Oyu Tolgoi is located in …"
    tokens = token_table(doc)
    for i in range(tokens.size):
        kind = DEFINITION_HEADS.get(tokens.lemma_lower[i]) if tokens.pos[i] == "NOUN" else None
        kind = "Organization" if tokens.lower[i] == "holding" and i and tokens.lower[i - 1] in ("state", "investment", "mining") else kind  # "the state holding X"
        if kind is None and tokens.dep[i] != "appos" and (tokens.lemma[i] != "be" or tokens.dep[i] != "ROOT"):
            continue  # none of the three definitions below can start here
        token = doc[i]
        if kind is not None and token.i + 1 < len(doc) and tokens.pos[i + 1] == "PROPN" and tokens.capitalised[i + 1]:
            # "the Chinese company Jinlu Lithium", "the state company Catamarca Minera": the noun types the name after it
            end = token.i + 1
            while end < len(doc) and tokens.capitalised[end] and tokens.pos[end] in ("PROPN", "NOUN") and tokens.ent_type[end] not in (STATE, DEMONYM):
                end += 1
            if tokens.ent_type[i + 1] not in (STATE, DEMONYM, MINERAL):
                yield token.i + 1, end, kind
        defining = None
        if token.dep_ == "appos" and token.pos_ in ("NOUN", "NUM"):  # the noun's children are read only for an apposition
            defining = defining_noun(token) if token.lower_ == "one" else token if any(c.dep_ in ("det", "poss") for c in token.children) else None
        if defining is not None:
            kind = DEFINITION_HEADS.get(defining.lemma_.lower())
            named = token.head
            if kind is not None and named.pos_ == "PROPN" and named.text[:1].isupper() and named.ent_type_ not in (STATE, DEMONYM, MINERAL):
                start = named.i
                while start > 0 and (doc[start - 1].text[:1].isupper() or (doc[start - 1].text in ("-", "–") and start > 1 and doc[start - 2].text[:1].isupper())):
                    start -= 1  # "Kamoa-Kakula, a copper mine"
                if not (doc[start].is_sent_start and doc[start].is_stop):
                    yield start, named.i + 1, kind
            continue
        if token.lemma_ != "be" or token.dep_ != "ROOT":
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if len(subjects) != 1:
            continue
        subject, attribute = subjects[0], copula_definition(token)
        kind = DEFINITION_HEADS.get(attribute.lemma_.lower()) if attribute is not None else None
        if kind is None or (subject.pos_ == "NOUN" and subject.is_lower):
            continue  # "the Mountain Pass mine was the largest producer": the noun, not the name, is defined
        inner = {t.i for c in subject.children if c.dep_ in ("appos", "punct", "prep", "relcl", "acl", "parataxis") for t in c.subtree}
        span = [t for t in subject.subtree if t.i not in inner and (t.text[:1].isupper() or t.lower_ in NAME_CONNECTORS)]
        if span and (span[0].lower_ == "the" or span[0].pos_ == "PRON"):
            span = span[1:]  # "The X", and "It is the world's largest mine" names nothing
        if span and all(t.text[:1].isupper() or t.lower_ in NAME_CONNECTORS for t in span) and span[-1].i - span[0].i + 1 == len(span):
            yield span[0].i, span[-1].i + 1, kind
