"""Names placed by their words around them: "the province of X", "in X".

Why apart from :mod:`kg.nlp.mentions`: these rules read only the parse
around a proper noun (the preposition or the place noun before it), not the
NER's label, and the mention finder calls them for several labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.lexicon.tables import Lexicon
from kg.nlp.model import MINERAL, STATE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from kg.lexicon.regions import Regions

#: Prepositions that place their object: "in Kalgoorlie" names a place, whatever the NER thought.
PLACING_PREPS = {"in", "at", "near", "around", "outside", "inside", "across", "throughout", "within"}

#: Lower-case nouns whose "of X" names a place: "the province of Lai Chau", "the town of Kolwezi".
PLACE_OF_NOUNS = frozenset(
    {"town", "city", "village", "port", "region", "province", "district", "municipality", "county", "state", "department",
     "prefecture", "governorate", "oblast", "territory", "island", "commune", "canton", "emirate",
     "flat", "flats", "desert", "plateau", "basin", "highlands", "valley", "coast", "mountains"}
)  # fmt: skip


#: Routes and movements whose "from X to Y" joins two places (a letter "from Biden to Xi" joins two people).
ROUTE_WORDS = frozenset(
    {"road", "railway", "rail", "line", "route", "corridor", "highway", "pipeline", "travel", "run", "ship", "transport", "move", "stretch", "haul"}
)
#: Directions whose "of X" places X: "45 km north of Kalgoorlie".
DIRECTIONS_OF = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east", "south-west"}
)


def named_as_place(root: Token) -> bool:
    """The name follows "the <place noun> of" or a direction: "the province of Lai Chau", "the town of Kolwezi", "45 km north of Kalgoorlie"."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "from" and head.head.lemma_.lower() in ROUTE_WORDS:  # "the road from Kitwe to Chingola"
        return any(c.dep_ == "prep" and c.lower_ == "to" and any(g.ent_type_ in ("GPE", "LOC", "FAC") for g in c.children) for c in head.head.children)
    worked = head.head.pos_ == "VERB" and head.head.lemma_.lower() in WORKING_VERBS
    if root.dep_ == "pobj" and head.lower_ == "at" and (worked or (head.head.ent_type_ == MINERAL and root.doc[head.head.i - 1].lower_ == "mines")):
        return True  # "mines ilmenite at Kalpitiya": where ore is worked is a site, whatever the NER thought
    return root.dep_ == "pobj" and head.lower_ == "of" and (head.head.lemma_.lower() in PLACE_OF_NOUNS or head.head.lower_ in DIRECTIONS_OF)


#: Verbs of working ore, whose "at X" is a site.
WORKING_VERBS = frozenset({"mine", "extract", "produce", "drill", "explore", "dig", "quarry"})


def placed_names(doc: Doc, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Proper nouns no rule or model named, placed by a preposition: "in Finnish Lapland", "at Kolwezi"."""
    found = []
    for token in doc:
        if token.dep_ != "pobj" or token.head.lower_ not in PLACING_PREPS or token.pos_ != "PROPN" or token.ent_type_:
            continue
        if not token.is_title or len(token.text) < 4 or token.lower_ in _MONTHS_AND_DAYS or token.lemma_.lower() != token.lower_:
            continue  # "at Prospectors …": a plural is a common noun in a title
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and following.is_title:
            continue  # the name goes on ("in Open Letter …"): not this rule's to cut
        sentence = [t for t in token.sent if t.is_alpha]
        if sum(t.is_title for t in sentence) > 0.6 * len(sentence):
            continue  # a title-cased line ("Rare Earth Elements in National Defense")
        start = token.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and not doc[start - 1].ent_type_ and doc[start - 1].dep_ == "compound":
            start -= 1
        if lexicon.lookup(doc[start : token.i + 1].text, ("name", "demonym", "capital")) is None:
            found.append((start, token.i + 1))
    return found


_MONTHS_AND_DAYS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
     "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
)  # fmt: skip


def listed_as_site(root: Token) -> bool:
    """A name in apposition to sites, or coordinated with one that is: "two deposits, Cerro Sur and Tembo"."""
    while root.dep_ == "conj" and root.head.i != root.i:
        if root.head.lemma_.lower() in SITE_HEADS and root.head.i + 1 < len(root.doc) and root.doc[root.head.i + 1].text == ",":
            return True  # "two tungsten deposits, Boguty and Upper Kairakty": the parser's conjunct after a comma
        root = root.head
    return root.dep_ == "appos" and root.head.lemma_.lower() in SITE_HEADS


#: Plural site nouns a list of names stands in apposition to.
SITE_HEADS = frozenset({"mine", "deposit", "project", "prospect", "lens", "orebody", "pit", "field", "concession", "site"})


def place_in_region(doc: Doc, ent: Span, regions: Regions) -> int | None:
    """ "at Tapira in Minas Gerais" tagged as one ORG: the index of its "in" when a known region or state follows it."""
    words = [t for t in ent if t.lower_ == "in"]
    if len(words) != 1 or words[0].i == ent.start or not doc[words[0].i - 1].is_title:
        return None
    rest = doc[words[0].i + 1 : ent.end]
    known = rest.text in regions or (len(rest) > 0 and all(t.ent_type_ == STATE for t in rest))
    return words[0].i if known else None


#: Bodies a region or territory has of its own: "Greenland's government", "Jujuy's legislature".
LOCAL_BODY_NOUNS = frozenset({"government", "legislature", "parliament", "assembly"})


def local_bodies(doc: Doc, regions: Regions) -> list[tuple[int, int]]:
    """ "Greenland's government", "Jujuy's legislature": the body of a region or territory, an organisation of its own.

    A sovereign state's government is the state (the extractors read it as
    a proxy); a province or territory governs, signs and votes apart from
    its state, so its body is a party of its own. The name before "'s" must
    be a region of the gazetteer or a place the NER tagged, never a state.
    """
    found = []
    for ent in doc.ents:
        end = ent.end
        if end + 1 >= len(doc) or doc[end].lower_ not in ("'s", "’s") or doc[end + 1].lower_ not in LOCAL_BODY_NOUNS:
            continue
        if any(t.ent_type_ == STATE for t in ent) or not (ent.text in regions or ent.label_ in ("GPE", "LOC")):
            continue
        found.append((ent.start + (ent[0].lower_ == "the"), end + 2))
    return found


#: Last words of a landform's name that are also surnames ("Veld Hill" or "Fiona Hill"): the words around decide.
LANDFORM_WORDS = frozenset({"hill", "mountain", "peak", "ridge", "kopje", "dome", "knoll"})
#: Verbs whose subject holds what a wealth noun in their object names.
_HOLDING = frozenset({"have", "hold", "host", "contain", "boast", "possess"})
_WEALTH = frozenset({"deposit", "reserve", "resource", "orebody", "lode", "mineralisation", "mineralization"})


def landform_sites(doc: Doc) -> Iterator[tuple[int, int]]:
    """Names the NER calls a person that end in a landform word and stand where only a site can.

    "X Hill, in Y County, …" (a place apposed to it), "X Hill holds large
    graphite deposits" (a person holds an office, not a deposit), "at X
    Hill": a landform. "Fiona Hill said …" stays a person.
    """
    for ent in doc.ents:
        last = doc[ent.end - 1]
        if ent.label_ != "PERSON" or len(ent) < 2 or last.lower_ not in LANDFORM_WORDS or not last.is_title:
            continue
        after = doc[ent.end : ent.end + 4]
        apposed = len(after) >= 3 and after[0].text == "," and after[1].lower_ == "in" and next((t for t in after[2:] if t.lower_ != "the"), after[2]).ent_type_ in ("GPE", "LOC", "FAC", STATE)
        root = ent.root
        holder = root.dep_ == "nsubj" and root.head.lemma_.lower() in _HOLDING and any(t.lemma_.lower() in _WEALTH for c in root.head.children if c.dep_ == "dobj" for t in c.subtree)
        placed = root.dep_ == "pobj" and root.head.lower_ in PLACING_PREPS
        if apposed or holder or placed:
            yield ent.start, ent.end
