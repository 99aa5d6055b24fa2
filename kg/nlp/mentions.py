"""From spaCy entities to typed, cleaned mentions.

spaCy's small model makes systematic mistakes on news text: a capital tagged PERSON, a surname tagged ORG,
a heading run into an ORG, a region list tagged PRODUCT. This module turns ``doc.ents`` plus the lexicon ruler's
matches into :class:`~kg.types.Mention` objects and corrects those mistakes from context; it decides *what* is
mentioned, not what it means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.lexicon.regions import load_regions
from kg.lexicon.tables import Lexicon, normalise
from kg.nlp.acronyms import acronym_bodies
from kg.nlp.anchored_people import person_beside_person, title_anchored_people
from kg.nlp.foreign_bodies import foreign_body_span
from kg.nlp.kinds import DEFINITION_HEADS, LEGAL_FORMS, NON_BODY_HEADS, OFFICE_WORDS
from kg.nlp.model import AMBIGUOUS_MINERALS, CAPITAL, DEMONYM, MINERAL, ORG, STATE
from kg.nlp.name_lists import company_list, list_parts
from kg.nlp.people import clean_person, extend_particles, office_words_only, owns_company_office, title_vocabulary, valid_person
from kg.nlp.placed import PLACING_PREPS, listed_as_site, local_bodies, named_as_place, place_in_region, placed_names
from kg.nlp.spans import NAME_LABELS, defined_kinds, fix_name_span, head_kind, headed_chunks, listed_in_state, merged_names, particle_sites
from kg.nlp.view import analysis_view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

COMPASS = {"west", "east", "north", "south", "western", "eastern", "northern", "southern", "midwest", "global south"}
REGION_LIST = re.compile(  # anchored at a word start, possessive repeats: linear even inside a base64 blob
    r"(?<![\w’'\-])((?:[A-Z][\w’'\-]++(?:\s++[A-Z][\w’'\-]++)?(?:\s*,\s*(?:and\s+)?|\s+and\s+))*[A-Z][\w’'\-]++(?:\s++[A-Z][\w’'\-]++)?)\s+"
    r"(regions?|oblasts?|provinces?|districts?|prefectures?|governorates?|counties|county)\b"
)
MOTION_VERBS = {"visit", "reach", "leave", "enter", "attack", "bomb", "strike", "shell", "capture", "hit", "tour", "arrive", "fly", "travel", "return", "evacuate", "besiege", "encircle", "target", "host", "rebuild", "defend", "surround", "storm"}  # fmt: skip
COMPASS_PREFIXES = {"Western", "Eastern", "Northern", "Southern", "Central", "North", "South", "East", "West", "Upper", "Lower", "Greater", "Inner", "Outer"}
ORE_NOUNS = frozenset({"deposit", "reserve", "mine", "ore", "resource", "production", "output"})  # nouns an ore word modifies as the metal
LOCATIVE_PREPS = {"in", "at", "near", "from", "throughout", "within", "across", "to", "into", "around", "outside", "inside", "via"}


@dataclass(frozen=True)
class RawMention:
    """A mention with its token span in one spaCy Doc (block)."""

    start_token: int
    end_token: int
    start_char: int  # relative to the block
    end_char: int
    text: str
    kind: str
    key: str | None
    role: str = "name"  # name | demonym | capital
    maybe_person: bool = False


def block_text(doc: Doc) -> str:
    """The text of a parsed block, as :mod:`kg.engine.analyze` recorded it.

    ``Doc.text`` rebuilds the string token by token on every access, which
    cost more than all of kg's mention rules together.
    """
    text = doc.user_data.get("kg_text")
    return text if isinstance(text, str) else doc.text


def is_heading(doc: Doc) -> bool:
    """A short title-cased line without final punctuation: a heading or tag line.

    Every block is asked (several times), so the checks stop at the first
    word that rules a heading out rather than walking the whole paragraph.
    """
    if block_text(doc).rstrip()[-1:] in ".!?\"”:;":
        return False
    words = 0
    for token in doc:
        if token.is_alpha:
            words += 1
            if words > 14 or not (token.text[0].isupper() or token.is_stop):
                return False
    return words > 0


def _capital_is_government(span: Span) -> bool:
    """Metonymy: "Kyiv insists" is the state; "talks in Kyiv" is the city."""
    root = span.root
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if following is not None and following.lower_ in ("'s", "’s"):
        return True
    if root.dep_ in ("dobj", "dative") and root.head.lemma_ not in MOTION_VERBS:  # "offered Kinshasa a deal"
        return True
    if root.dep_ in ("nsubj", "nsubjpass", "poss", "compound", "agent") or (root.dep_ == "conj" and root.head.dep_ in ("nsubj", "poss")):
        return True
    if root.dep_ == "npadvmod" and root.i == root.sent.start and not any(c.dep_.startswith("nsubj") for c in root.head.children):
        return True  # "Washington, meanwhile, is pushing its offer": the subject the parser missed
    if root.dep_ == "pobj" and root.head.lower_ in ("between", "with", "by", "from", "on", "against", "of") and root.head.head.lemma_ not in PLACE_WORDS:
        return root.head.lower_ != "from" or (root.head.head.pos_ == "NOUN" and root.head.head.lemma_ in ("support", "aid", "pressure", "demand", "guarantee", "official", "delegation", "commitment"))
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lemma_.lower() in ADDRESSED:
        return True  # "proposed the deal to Kinshasa", "a loan to Lusaka": a government is addressed, a city visited
    if root.dep_ == "pobj" and root.head.lower_ == "to" and any(c.dep_ == "dobj" and c.lemma_.lower() in SENT_AID for c in root.head.head.children):
        return True  # "sent weapons to Kyiv": the government is armed, not the city
    if root.dep_ == "conj":
        first = root
        while first.dep_ == "conj":
            first = first.head
        return first.dep_ == "pobj" and first.head.lower_ == "between"
    return False


#: Words whose "of/from/…" capital is the city: "a visit to", "the mayor of", "550 km south of Ulaanbaatar".
PLACE_WORDS = frozenset({"visit", "trip", "travel", "arrive", "return", "fly", "flight", "city", "street", "mayor", "streets", "capital", "north", "south",
                         "east", "west", "northeast", "northwest", "southeast", "southwest", "outskirts", "outside", "centre", "center", "suburb",
                         "km", "kilometre", "kilometres", "kilometers", "mile", "miles"})  # fmt: skip
#: Things sent to a government rather than to a city: "sent weapons to Kyiv".
SENT_AID = frozenset({"weapon", "weapons", "arms", "ammunition", "aid", "assistance", "money", "funds"})
#: Words whose "to" object is a government when it is a capital: offers, proposals, aid and sales.
ADDRESSED = frozenset(
    {"propose", "offer", "present", "submit", "pledge", "grant", "lend", "give", "provide", "extend", "sell", "export", "supply",
     "proposal", "aid", "loan", "support", "assistance", "deal", "ultimatum", "demand", "request", "appeal", "letter"}
)  # fmt: skip


def _org_is_plausible(span: Span, heading: bool, repeated: bool) -> bool:
    """Keep an unknown ORG only when it looks like a real organisation name."""
    tokens = [t for t in span if not (t.lower_ == "the" and t.i == span.start)]
    if not tokens or heading or not tokens[0].text[:1].isalnum():
        return False
    if any(t.text[:1].islower() and t.lower_ not in ("of", "and", "for", "the", "on", "de", "&") for t in tokens):
        return False
    if tokens[-1].lower_ in NON_BODY_HEADS or tokens[-1].text[:1].isdigit() or (len(tokens) > 1 and tokens[-2].lower_ in NON_BODY_HEADS and tokens[-1].text in ("'", "’")):
        return False  # "the Andean Foreign Ministers' Meeting", "the Foreign Ministers", "the X Act"; a citation: "P.L. 118-31"
    if len(tokens) >= 2:
        return True  # a multiword proper name outside a heading: "Benchmark Mineral Intelligence"
    return repeated and not (tokens[0].is_upper and len(tokens[0].text) <= 4)  # a lone acronym the lexicon does not know


def raw_mentions(doc: Doc, lexicon: Lexicon, names: dict[str, str] | None = None) -> list[RawMention]:
    """Typed mentions of one block, corrected from context.

    ``names`` are the article's names typed by their words elsewhere
    (:func:`typed_names`): they decide a bare name's kind here.
    """
    names = names or {}
    heading = bool(doc.user_data.get("kg_heading")) or is_heading(doc)
    honorifics = set(lexicon.titles.get("honorifics", []))
    ents = doc.ents  # read once: spaCy makes the tuple of spans anew on every read of ``doc.ents``
    counts = Counter(ent.text for ent in ents)
    found: list[RawMention] = []
    taken: set[int] = set()

    def add(start: int, end: int, kind: str, key: str | None, role: str = "name", maybe_person: bool = False) -> None:
        if start >= end or any(i in taken for i in range(start, end)):
            return
        span = doc[start:end]
        taken.update(range(start, end))
        found.append(RawMention(start, end, span.start_char, span.end_char, span.text, kind, key, role, maybe_person))

    for start, end in title_anchored_people(doc, lexicon):
        add(start, end, "Person", None)

    # "Western Australia", "Inner Mongolia": a compass word glued to a state name is a region, not the state
    # (and not always of that state: Inner Mongolia is in China, Northern Ireland in the UK)
    for ent in ents:
        if ent.label_ == STATE and ent.start > 0 and doc[ent.start - 1].text in COMPASS_PREFIXES and lexicon.lookup(doc[ent.start - 1 : ent.end].text, ("name",)) is None:
            add(ent.start - 1, ent.end + (doc[ent.end : ent.end + 1].text in ("Region", "Province", "Oblast")), "Place", None)  # "East Kazakhstan Region"

    for start, end in particle_sites(doc):
        add(start, end, "Place", None)  # "the Cerro de la Plata deposit": one name, which the NER cut at "de la"
    # Names the ruler split at a state or an ore word ("Lithium Americas" again, typed a company before), names whose words type them.
    bare = _bare_names(doc, names)
    for start, end, kind in (b for b in bare if b[2] == "Place" and any(b[0] <= e.start and e.end <= b[1] and len(e) < b[1] - b[0] and e.label_ in ("LOC", "GPE", "FAC") for e in ents)):
        add(start, end, kind, None)  # "the Kangerluk South deposit": the NER's "South" is a piece of the site's name
    for start, end, kind in [*merged_names(doc)] + [b for b in bare if doc[b[0]].ent_type_ == MINERAL and b[2] == "Organization"]:
        add(start, end, kind, None)
    for start, end, kind in defined_kinds(doc):
        split = sum(1 for e in ents if start <= e.start and e.end <= end) >= 2  # "Catamarca Minera y Energética", cut in two by the NER
        if kind == "Organization" and end - start >= 2 and (split or any(t.ent_type_ == MINERAL for t in doc[start:end])):
            add(start, end, kind, None)  # "Lithium Americas, a Canadian company": a company named by its ore, defined as one
    linked = [(e.start, e.end) for e in ents if e.ent_id_]
    for start, end, kind in headed_chunks(doc):
        if heading and end - start < sum(1 for t in doc if t.is_alpha):
            continue  # in a headline only a name that is the whole line ("Reko Diq Mine")
        if any(s <= start and end <= e and e - s > end - start for s, e in linked):
            continue  # "Ministry of Economy" of the lexicon's "Ministry of Economy, Trade and Industry"
        entry = lexicon.lookup(doc[start:end].text, ("name",))
        if entry is not None and entry.kind == kind:
            add(start, end, kind, entry.key)
        elif entry is None:
            add(start, end, kind, None)
    if not heading:
        for start, end in listed_in_state(doc):
            if lexicon.lookup(doc[start:end].text, ("name", "demonym", "capital")) is None:
                add(start, end, "Place", None)
    regions = load_regions()
    for start, end in local_bodies(doc, regions):  # "Greenland's government": a territory's own body
        add(start, end, "Organization", None)
    # Region lists first: "the Katanga, Lualaba and Haut-Katanga provinces" are places whatever NER said.
    for match in REGION_LIST.finditer(block_text(doc)):
        names_part = match.group(1)
        offset = match.start(1)
        for name in re.finditer(r"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?", names_part):
            if name.group(0) in ("And", "The"):
                continue
            lead = re.match(r"(?:And|The|[A-Z][\w\-]*['’]s)\s+", name.group(0))  # "The Lualaba province", "Togo's Tolna region"
            skip = lead.end() if lead else 0
            alone = name.start() == 0 and name.end() == len(names_part) and not match.group(2).endswith("s")  # "the Tolna region" is its name
            span = doc.char_span(offset + name.start() + skip, match.end(2) if alone else offset + name.end(), alignment_mode="expand")
            if span is None or any(t.ent_type_ in (STATE, ORG, MINERAL, DEMONYM, "NORP") for t in span):
                continue  # "the Chilean region of X": the demonym is the state, X the region; "the Andean region" names none
            add(span.start, span.end, "Place", None)

    heads_vocab, office_vocab, _ = title_vocabulary(lexicon)
    for ent in ents:
        label = ent.label_
        if label in ("ORG", "PERSON", "GPE", "NORP") and office_words_only(ent, lexicon):
            continue  # "State" in "Secretary of State"
        if label in NAME_LABELS:
            start, stop = fix_name_span(doc, ent.start + (1 if ent[0].lower_ == "the" else 0), ent.end)
            meaning, end = head_kind(doc, start, stop)
            typed_elsewhere = meaning is None and normalise(doc[start:stop].text) in names
            if meaning is None and label != "PERSON" and (doc[start:stop].text in regions or (stop - start > 1 and doc[stop - 1].text == "State" and doc[start : stop - 1].text in regions)):
                meaning = "Place"  # a province or state of a country: "Balochistan", "Western Australia" (not a company's short name)
            if meaning is None:
                meaning = names.get(normalise(doc[start:stop].text))
            if meaning == "Agreement":
                continue  # the agreements extractor makes these entities
            if meaning == "Place" and lexicon.lookup(doc[start:end].text, ("name",)) is None:
                for part_start, part_end in list_parts(doc, start, end):
                    add(part_start, part_end, "Place", None)  # "the Dikuluwe and Mashamba West deposits": two places
                continue
            if label == "ORG" and doc[start].lower_ in OFFICE_WORDS:
                continue  # "Minister for Trade, Industry and Energy": a title, left to the people rules
            if meaning == "Organization" and (label != "PERSON" or typed_elsewhere or end > stop or doc[end - 1].lower_.rstrip(".") in LEGAL_FORMS):  # "Kestrel Lithium … lent to Kestrel"; "X GmbH"
                for part_start, part_end in company_list(doc, start, end):
                    entry = lexicon.lookup(doc[part_start:part_end].text, ("name",))
                    add(part_start, part_end, "Organization", entry.key if entry is not None and entry.kind == "Organization" else None)
                continue
            described = (start > 0 and doc[start - 1].is_lower and DEFINITION_HEADS.get(doc[start - 1].lemma_.lower()) == "Organization") or owns_company_office(ent.root)
            if label == "PERSON" and described and lexicon.lookup(doc[start:stop].text, ("name",)) is None:
                add(start, stop, "Organization", None)  # "the state miner Tau-Ken Samruk", "the Chinese firm Zijin"
                continue
            if label == "PERSON" and not all(ch.isascii() or (ch.isalpha() and ord(ch) < 0x370) for ch in ent.text):
                continue  # a name in another script: the text gives its Latin form too
            root = ent.root
            named_place = named_as_place(root)
            if label == "PERSON" and (named_place or doc[start:stop].text in regions) and lexicon.lookup(ent.text, ("name",)) is None:
                add(start, stop, "Place", None)  # "the province of Lai Chau": a place the NER took for a person
                continue
            if label == "PERSON" and root.dep_ == "pobj" and root.head.lower_ in PLACING_PREPS and lexicon.lookup(ent.text, ("name",)) is None:
                add(start, stop, "Place", None)  # "in Kalgoorlie": a place the NER took for a surname
                continue
            if label == "ORG" and stop != ent.end:
                if stop - start == 1 and doc[start].lower_ in ("government", "governments"):
                    continue  # "the Governments of" + the states: the states are the entities
                entry = lexicon.lookup(doc[start:stop].text, ("name",))
                # a lone word left of the span ("Options" of "Options for") is as unsure as a lone ORG word
                add(start, stop, "Organization", entry.key if entry is not None and entry.kind == "Organization" else None, maybe_person=stop - start == 1)
                continue  # "Export-Import Bank of" + "China"
        if label == "PERSON" and heading and not any(t.lower_ in heads_vocab for t in doc[max(0, ent.start - 3) : ent.start]):
            continue  # "Joint Statement" in a headline; people in headlines reappear in the text
        if label == MINERAL and len(ent) == 1 and ent[0].lower_ in AMBIGUOUS_MINERALS and ent[0].pos_ not in ("NOUN", "PROPN", "INTJ", "X") and not (ent[0].dep_ in ("amod", "compound") and ent[0].head.lemma_.lower() in ORE_NOUNS):
            continue  # "lead" the verb, "iron out" the verb: not the metal ("gold deposits" is, whatever its tag; an unambiguous name always is: "tungsten" is no participle)
        if label in (STATE, DEMONYM) and ent.end < len(doc) and doc[ent.end].lemma_.lower() in ("dollar", "cent"):
            continue  # "1.4 billion U.S. dollars", "A$5 million (Australian dollars)" name a currency, not the state
        if label in (STATE, ORG, MINERAL):
            kind = {STATE: "State", ORG: "Organization", MINERAL: "Mineral"}[label]
            start = ent.start + (1 if ent[0].lower_ == "the" else 0)
            entry = lexicon.get(ent.ent_id_)
            if label == ORG and (foreign := foreign_body_span(doc, start, ent.end, entry)) is not None:
                add(*foreign, "Organization", None)  # "the Chilean Congress" is not the U.S. Congress: an unlinked body of Chile
                continue
            add(start, ent.end, kind, ent.ent_id_)
        elif label == DEMONYM:
            add(ent.start, ent.end, "State", ent.ent_id_, role="demonym")
        elif label == CAPITAL:
            seat_of = lexicon.get(ent.ent_id_)
            if seat_of is not None and seat_of.kind == "Organization":
                kind = "Organization" if _capital_is_government(ent) else "Place"
                add(ent.start, ent.end, kind, ent.ent_id_, role="capital")
                continue
            if ent.text.replace(" ", "").lower().rstrip(".") in ("washingtondc", "washington,dc", "washington,d.c") or "D.C" in ent.text or "DC" in ent.text:
                add(ent.start, ent.end, "Place", ent.ent_id_, role="capital")
            elif _capital_is_government(ent):
                add(ent.start, ent.end, "State", ent.ent_id_, role="capital")
            else:
                add(ent.start, ent.end, "Place", ent.ent_id_, role="capital")
        elif label == "PERSON":
            start, end = extend_particles(doc, ent, office_vocab | honorifics)
            start, end = clean_person(doc, start, end, honorifics)
            tokens = list(doc[start:end])
            if listed_as_site(ent.root) or names.get(normalise(doc[start:end].text)) == "Place":
                add(start, end, "Place", None)  # "two deposits, Cerro Sur and Tembo", "the Verkhne-Kairakty deposit": sites
            elif valid_person(tokens, lexicon):
                add(start, end, "Person", None)
        elif label == "ORG":
            start, end = ent.start, ent.end
            if (cut := place_in_region(doc, ent, regions)) is not None:
                add(ent.start + (doc[ent.start].lower_ == "the"), cut, "Place", None)  # "Tapira in Minas Gerais" read as one ORG
                add(cut + 1, ent.end, "Place", None)
                continue
            if person_beside_person(doc, ent) and lexicon.lookup(ent.text, ("name",)) is None:
                add(start, end, "Person", None)  # "Kenya's Paul Otieno and Ghana's Ama Mensah": the NER's ORG is a second person
                continue
            if named_as_place(ent.root) and lexicon.lookup(ent.text, ("name",)) is None:
                add(start + (doc[start].lower_ == "the"), end, "Place", None)  # "its southern province of Syunik", "the flats of the Puna"
                continue
            if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in ("secretary", "minister", "ministry", "department"):
                # "Secretary of Commerce Gina Raimondo" tagged ORG "Commerce Gina Raimondo"
                rest = list(doc[start + 1 : end])
                if len(rest) >= 2 and all(t.pos_ == "PROPN" for t in rest):
                    add(start + 1, end, "Person", None)
                    continue
            start += start < end and doc[start].lower_ == "the"
            if start >= end:
                continue
            span = doc[start:end]
            if len(span) == 1 and span[0].pos_ == "PROPN" and span[0].text[:1].isupper() and not span[0].is_upper and not heading:
                # a lone capitalised word tagged ORG is as often a surname ("Trump", "Zelenskyy")
                add(start, end, "Organization", None, maybe_person=True)
            elif _org_is_plausible(span, heading, counts.get(ent.text, 0) > 1):
                add(start, end, "Organization", None)
        elif label in ("GPE", "LOC", "FAC"):
            span = ent if ent[0].lower_ != "the" else ent[1:]
            if not len(span) or normalise(span.text) in COMPASS or heading:
                continue
            if lexicon.lookup(span.text, ("name",)) is not None:
                continue
            root = span.root
            next_token = doc[span.end] if span.end < len(doc) else None
            named_place = named_as_place(root)
            locative = named_place or (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS) or (
                next_token is not None and next_token.lower_ == "," and span.end + 1 < len(doc) and doc[span.end + 1].ent_type_ == STATE and doc[span.end + 1].dep_ != "nsubj"
            )
            if (locative or label == "LOC") and not any(t.lower_ in ("'s", "’s") for t in doc[span.end : span.end + 1]):
                add(span.start, span.end, "Place", None)
    for start, end, kind in [*bare, *acronym_bodies(doc, lexicon, heading)]:
        add(start, end, kind, None)  # names the article typed by their words (safe in a headline too); "KOMIR signed"
    if not heading:
        for start, end in placed_names(doc, lexicon):
            add(start, end, "Place", None)
    found.sort(key=lambda m: m.start_token)
    return found


def _bare_names(doc: Doc, names: dict[str, str]) -> list[tuple[int, int, str]]:
    """Capitalised uses of the article's typed names that no rule above took ("Greenbushes" after "Greenbushes mine")."""
    longest = max((len(n.split()) for n in names), default=0)
    found = []
    i = 0
    while i < len(doc):
        if not doc[i].text[:1].isupper() or doc[i].lower_ in ("the", "a", "an", "this", "that"):
            i += 1
            continue
        for size in range(min(longest, len(doc) - i), 0, -1):
            kind = names.get(normalise(doc[i : i + size].text))
            if kind is not None and doc[i + size - 1].text[:1].isupper():
                found.append((i, i + size, kind))
                i += size
                break
        else:
            i += 1
    return found


DATELINE = re.compile(r"^(?:[A-Z][A-Za-z.'’ -]{1,40},\s*)?[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?\s*(?:\([A-Za-z ]+\))?\s*[—–-]+\s+|^[A-Z][A-Z.'’ -]{2,40}(?:,[^—–\n]{0,30})?\s*(?:\([A-Za-z ]+\))?\s*[—–-]+\s+")


def is_dateline(block: str) -> bool:
    """True for a block that is only a dateline, as :func:`iter_blocks` splits them off."""
    match = DATELINE.match(block)
    return match is not None and match.end() == len(block)


def iter_blocks(text: str, max_chars: int = 100_000) -> Iterator[tuple[int, str]]:
    """Non-empty lines of ``text`` with their offsets, long lines split near ``max_chars``.

    A dateline ("MANILA, Nov 18 (Reuters) — ") is a block of its own, so the
    parser sees the first sentence as a sentence. Blocks are cut from the
    :func:`~kg.nlp.view.analysis_view` of the text: citation marks and table
    pipes blanked, offsets unchanged.
    """
    text = analysis_view(text)
    offset = 0
    for line in text.split("\n"):
        dateline = DATELINE.match(line)
        if dateline and dateline.end() < len(line):
            yield offset, line[: dateline.end()]
            offset += dateline.end()
            line = line[dateline.end() :]
        if line.strip():
            start = 0
            while len(line) - start > max_chars:
                cut = line.rfind(". ", start, start + max_chars)
                cut = cut + 2 if cut > start else start + max_chars
                yield offset + start, line[start:cut]
                start = cut
            yield offset + start, line[start:]
        offset += len(line) + 1
