"""Where places lie: ``locatedIn`` (deposits are :mod:`kg.extract.deposits`).

Only what the text states: "the Lobito port in Angola", "the Donbas region of
Ukraine", "Chile's Antofagasta region", "Kuantan, Malaysia", "the mine is
located in western Serbia", "X is part of the Y Arc", places listed beside a
state in one locative phrase, and a known region of a state the sentence names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.base import arg_entities, conjuncts
from kg.extract.registry import extractor
from kg.lexicon.regions import load_regions
from kg.nlp.context import DocContext, Sentence
from kg.nlp.model import DEMONYM

if TYPE_CHECKING:
    from spacy.tokens import Token

OWNER_KINDS = ("State", "Place")
LOCATIVE = {"in", "throughout", "within", "across", "inside", "around", "near", "of"}


def _regional(ctx: DocContext, demonym: Token) -> bool:
    """A demonym the lexicon says also names a region ("Central African"), as the whole mention reads."""
    local = ctx.ent(demonym)
    entry = ctx.lexicon.get(ctx.entities[local].key) if local else None
    if entry is None:
        return False
    doc, start, end = demonym.doc, demonym.i, demonym.i + 1
    while start > 0 and ctx.ent(doc[start - 1]) == local:
        start -= 1
    while end < len(doc) and ctx.ent(doc[end]) == local:
        end += 1
    return doc[start:end].text.lower() in {r.lower() for r in entry.regional_demonyms}


def _locative_owners(ctx: DocContext, head: Token) -> list[str]:
    owners: list[str] = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in LOCATIVE - {"of"}:
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                owners.extend(arg_entities(ctx, pobj, OWNER_KINDS))
                owners.extend(lid for t in pobj.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "Place")
    return list(dict.fromkeys(owners))


@extractor("located-in", order=55)
def located_in(ctx: DocContext) -> None:
    """locatedIn: "P in S", "P, S", "S's P region", "P region of S", "P is located in S", "P is part of Q", regions of a named state."""
    regions = load_regions()
    for sentence in ctx.sentences:
        places = [(lid, s, e) for lid, s, e in sentence.mentions if ctx.kind(lid) == "Place" and not lid.startswith("Place:capital:")]
        if not places:
            continue
        doc = sentence.span.doc
        for place, start, end in places:
            found: list[tuple[str, float, str]] = []
            for other, rule in _comma_container(ctx, sentence, end):
                found.append((other, 0.8, rule))
            token = doc[start:end].root
            for anchor in _anchors(ctx, token):
                found.extend((c, 0.8, "place-in") for c in _containers(ctx, anchor, place))
                for child in [*anchor.children, *_first_conjunct_possessors(ctx, token)]:
                    if child.dep_ == "poss" and ctx.kind(ctx.ent(child)) in ("State", "Place"):
                        found.append((ctx.ent(child) or "", 0.8, "possessive-place"))
                    demonym = child.dep_ in ("amod", "compound", "nmod") and child.i < anchor.i and child.ent_type_ == DEMONYM
                    # "the Australian Pilbara region"; "the Central African Copperbelt" names a region, not the republic
                    if demonym and ctx.kind(ctx.ent(child)) == "State" and not _regional(ctx, child):
                        found.append((ctx.ent(child) or "", 0.75, "demonym-place"))
                    naming = any(t.i == token.i for g in child.children for t in g.subtree)  # "the departments of Potosí and Oruro" names them
                    if child.dep_ == "prep" and child.lower_ == "of" and (anchor is not token or token.lemma_.lower() in PLACE_NOUNS) and not naming:
                        found += [(lid, 0.8, "place-of") for g in child.children if g.dep_ == "pobj" for lid in _entities_of(ctx, g)]
                for verb in _placing_verbs(anchor):
                    found.extend((c, 0.8, "located-in") for c in _containers(ctx, verb, place))
                for whole in _part_of(ctx, anchor):
                    found.append((whole, 0.75, "part-of"))
                found += [(c, 0.75, "straddles") for c in _straddled(ctx, anchor)]
            found = [f for f in found if f[0] != place]  # "the town of X" names X: X is not in itself
            if not found:
                found += [(c, 0.75, "place-in-surface") for c in _directly_in(ctx, sentence, place, end)]
            if not found:
                found += [(c, 0.65, "shared-locative") for c in _shared_locative(ctx, token)]
            found += [(s, 0.8, "demonym-region-of") for s in _demonym_region(ctx, token)]
            state = regions.state_of(doc[start:end].text)
            if state and f"State:{state}" in {lid for lid, _, _ in sentence.mentions}:
                found.append((f"State:{state}", 0.65, "region-of-state"))
            for other, confidence, rule in found:
                if other != place and ctx.kind(other) in ("State", "Place"):
                    ctx.add_fact(place, "locatedIn", other, sentence, confidence, rule)
            for inner in (p for anchor in _anchors(ctx, token) for p in _where_clause_places(ctx, anchor)):
                if inner != place:
                    ctx.add_fact(inner, "locatedIn", place, sentence, 0.75, "where-clause")


def _where_clause_places(ctx: DocContext, token: Token) -> list[str]:
    """ "the region of Kayes, where the Sadiola mine produces gold": the places a "where" clause on the name is about."""
    found: list[str] = []
    for clause in token.children:
        if clause.dep_ != "relcl" or not any(c.lower_ == "where" and c.dep_ == "advmod" for c in clause.children):
            continue
        for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")):  # "where X is developing the Y deposit"
            local = ctx.ent(subject) or next((ctx.ent(c) for c in subject.children if c.dep_ in ("compound", "amod", "nmod") and ctx.ent(c)), None)
            if local is not None and ctx.kind(local) == "Place" and (ctx.ent(subject) or subject.lemma_.lower() in PLACE_NOUNS):
                found.append(local)
    return found


#: Common nouns that stand for the place they are part of ("the Lobito *port* in Angola", "the *town* of Swakopmund").
#: Nouns of a place's edge, which lies in the place beyond as much as in its own.
EDGE_NOUNS = frozenset({"border", "frontier", "boundary", "borderland"})
PLACE_NOUNS = frozenset(
    {
        "port", "mine", "deposit", "project", "site", "town", "city", "village", "region", "province", "district",
        "area", "desert", "range", "basin", "field", "plant", "refinery", "smelter", "operation", "prospect",
        "highlands", "mountains", "plateau", "valley", "salar", "lake", "river", "coast", "border", "capital",
        "municipality", "county", "state", "territory", "zone", "belt", "arc", "complex", "facility", "terminal",
        "department", "prefecture", "governorate", "oblast", "flat", "flats", "pan", "island", "peninsula", "lagoon",
        "concession", "claim", "tenement", "licence", "license", "pit", "quarry", "orebody", "lode",
    }
)  # fmt: skip
#: Administrative nouns named by their "of" phrase ("the province of Lai Chau", "the Indian state of Odisha").
NAMED_BY_OF = frozenset(
    {"state", "province", "region", "district", "department", "county", "prefecture", "governorate", "oblast", "territory", "municipality",
     "town", "city", "village", "island"}
)  # fmt: skip
#: Nouns that contain what stands "on" them: "on the island of Sulawesi", "on the Kola Peninsula".
ON_NOUNS = frozenset({"island", "islands", "peninsula", "plateau"})
#: Prepositions whose object contains the thing they follow.
CONTAINING = frozenset({"in", "within", "inside"})
#: Verbs that place their subject ("located in", "lies in", "sits in", "is based in").
PLACING_VERBS = frozenset({"locate", "situate", "lie", "sit", "base", "find", "position", "nestle", "run"})
#: Nouns of "X is (a) N of Y" that make X part of Y.
PART_NOUNS = frozenset({"part", "region", "section", "portion", "area", "province", "district", "segment", "extension"})


def _first_conjunct(ctx: DocContext, token: Token) -> Token:
    """The first of a list of places the token is a later item of ("Bikita and Arcadia"), else the token."""
    first = token
    while first.dep_ == "conj" and first.head.i != first.i and ctx.kind(ctx.ent(first.head)) == "Place":
        first = first.head
    return first


def _first_conjunct_possessors(ctx: DocContext, token: Token) -> list[Token]:
    """ "Ghana's Ewoyaa and Abonko mines": the possessor of the list's first item owns the later ones."""
    first = _first_conjunct(ctx, token)
    return [c for c in first.children if c.dep_ == "poss"] if first is not token else []


def _anchors(ctx: DocContext, token: Token) -> list[Token]:
    """The tokens a place's containing phrases attach to: the name, the noun it names, the noun it is "of"."""
    anchors = [token]
    anchors += [c for c in token.children if c.dep_ == "appos" and c.lemma_.lower() in PLACE_NOUNS and ctx.ent(c) is None]  # "X, a deposit in Y", "X, Congo's largest mine"
    first = _first_conjunct(ctx, token)  # "Zimbabwe's Bikita and Arcadia mines": the noun the first name qualifies holds the second too
    if first is not token:
        anchors += [a for a in _anchors(ctx, first) if a.i != first.i]
    current = token
    for _ in range(3):
        head = current.head
        if head.i == current.i:
            break
        if head.lemma_.lower() in EDGE_NOUNS:
            break  # "near the Oregon border in Nevada": the edge of one place is in the other, the place is not
        if current.dep_ in ("compound", "nmod", "amod", "appos") and head.lemma_.lower() in PLACE_NOUNS and ctx.ent(head) is None:
            anchors.append(head)  # "the Lobito port in Angola", "the deposit, the Central Deposit, in …"
        elif current.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS and ctx.ent(head.head) is None:
            anchors.append(head.head)  # "the town of Swakopmund in …"
            head = head.head
        else:
            break
        current = head
    # "the X deposit, a niobium prospect in Y": the noun set beside the one the name qualifies
    anchors += [c for a in anchors[1:] for c in a.children if c.dep_ == "appos" and c.lemma_.lower() in PLACE_NOUNS and ctx.ent(c) is None and c not in anchors]
    return anchors


def _entities_of(ctx: DocContext, token: Token) -> list[str]:
    """The places and states a prepositional object names, through coordination and "the highlands of Guinea".

    A coordinated item with a containing phrase of its own ("in Bolivia, Salar
    de Atacama in Chile") is another list entry, not a second container.
    """
    found: list[str] = []
    for item in conjuncts(token):
        following = item.doc[item.i + 1] if item.i + 1 < len(item.doc) else None
        if item is not token and (any(c.dep_ == "prep" and c.lower_ in CONTAINING for c in item.children) or (following is not None and following.lower_ in CONTAINING)):
            continue
        local = ctx.ent(item)
        if local and ctx.kind(local) in ("State", "Place"):
            found.append(local)
            continue
        if local and ctx.kind(local) == "Organization":
            continue  # "the Kvanefjeld project of Australia's Energy Transition Minerals": an owner, not where it lies
        own_name = any(c.dep_ in ("compound", "nmod") and ctx.kind(ctx.ent(c)) == "Place" for c in item.children)  # "the Pilbara region of WA"
        if item.lemma_.lower() in NAMED_BY_OF and not own_name:
            # "the Mexican state of Sonora": the place the noun names, not the state its adjective gives
            named = [lid for c in item.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj" for lid in _entities_of(ctx, g)]
            if named:
                found += named
                continue
        for child in sorted(item.children, key=lambda c: c.dep_ == "poss"):  # the noun's own name before its owner
            if child.dep_ in ("compound", "poss", "nmod", "amod") and ctx.kind(ctx.ent(child)) in ("State", "Place"):
                found.append(ctx.ent(child) or "")  # "the Erongo region", "Western Australia's Goldfields region"
                break
            if child.dep_ == "prep" and child.lower_ == "of":
                found += [lid for g in child.children if g.dep_ == "pobj" for lid in _entities_of(ctx, g)]
                break
        if item.lemma_.lower() in DIRECTION_NOUNS:  # "the south of Madagascar in Anosy Region": the region too
            found += [lid for c in item.children if c.dep_ == "prep" and c.lower_ in CONTAINING for g in c.children if g.dep_ == "pobj" for lid in _entities_of(ctx, g)]
    return list(dict.fromkeys(found))


def _containers(ctx: DocContext, anchor: Token, place: str) -> list[str]:
    """Places and states in the "in …" phrases of ``anchor``, and in the "in …" of its "near …" object."""
    found: list[str] = []
    first_in = True
    for child in anchor.children:
        if child.dep_ != "prep":
            continue
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if child.lower_ in CONTAINING and (first_in or anchor.pos_ in ("VERB", "AUX")):
            first_in = False  # a second "in" under a name is the parser's attachment of the next list entry's
            found += [lid for o in objects for lid in _entities_of(ctx, o)]
        elif child.lower_ == "on":
            found += [lid for o in objects if o.lemma_.lower() in ON_NOUNS for lid in _entities_of(ctx, o)]
        elif child.lower_ in ("near", "outside", "at"):
            for obj in objects:  # "near Reko Diq town in Chagai District": the district holds the mine too
                found += [lid for c in obj.children if c.dep_ == "prep" and c.lower_ in CONTAINING for g in c.children if g.dep_ == "pobj" for lid in _entities_of(ctx, g)]
    return [lid for lid in dict.fromkeys(found) if lid != place]


def _placing_verbs(token: Token) -> list[Token]:
    """Verbs that place the token's clause subject: "X is located in", "X, which lies in", "X ... located in"."""
    verbs: list[Token] = []
    head = token.head
    if token.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in PLACING_VERBS:
        verbs.append(head)
    if token.dep_ == "nsubj" and head.lemma_ == "be" and any(c.dep_ == "prep" and c.lower_ in CONTAINING for c in head.children):
        verbs.append(head)  # "the Ngualla project is in the Songwe region"
    if token.dep_ in ("nsubj", "nsubjpass"):
        verbs += [c for c in head.children if c.dep_ in ("acl", "advcl", "xcomp", "conj") and c.lemma_.lower() in PLACING_VERBS]
        attrs = [c for c in head.children if c.dep_ == "attr"]
        for attr in attrs + [c for a in attrs for c in a.children if c.dep_ == "conj" and c.lemma_.lower() in PLACE_NOUNS]:  # "a copper and [nickel mine]"
            verbs += [c for c in attr.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in PLACING_VERBS]
            verbs.append(attr)  # "X is a very large deposit in the highlands of Guinea"
    verbs += [c for c in token.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in PLACING_VERBS]
    return verbs


#: Verbs whose object a place lies across: "the Copperbelt straddles Zambia and Congo".
STRADDLING_VERBS = frozenset({"straddle", "span", "bestride"})


def _straddled(ctx: DocContext, token: Token) -> list[str]:
    """ "X straddles A and B", "X, a region straddling A and B", "straddles the border between A and B": X lies in each."""
    verbs = [token.head] if token.dep_ == "nsubj" and token.head.lemma_.lower() in STRADDLING_VERBS else []
    verbs += [c for c in token.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in STRADDLING_VERBS]
    found: list[str] = []
    for obj in (c for v in verbs for c in v.children if c.dep_ == "dobj"):
        if obj.lemma_.lower() in ("border", "frontier", "boundary"):
            found += [lid for p in obj.children if p.dep_ == "prep" and p.lower_ == "between" for g in p.children if g.dep_ == "pobj" for lid in _entities_of(ctx, g)]
        else:
            found += _entities_of(ctx, obj)
    return found


def _part_of(ctx: DocContext, token: Token) -> list[str]:
    """ "X is (a) part/region of Y": X lies in Y."""
    if token.dep_ not in ("nsubj", "nsubjpass") or token.head.lemma_ != "be":
        return []
    wholes: list[str] = []
    for attr in (c for c in token.head.children if c.dep_ == "attr" and c.lemma_.lower() in PART_NOUNS):
        for child in attr.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                wholes += [lid for g in child.children if g.dep_ == "pobj" for lid in _entities_of(ctx, g)]
    return wholes


def _comma_container(ctx: DocContext, sentence: Sentence, end: int) -> list[tuple[str, str]]:
    """ "Kuantan, Malaysia", "Chagai District, Baluchistan, Pakistan": a comma before a state or a region that holds the place.

    A comma list of peers ("Bor, Majdanpek in Serbia") is not containment: the
    name after the comma must be a state, a known region of the world, or be
    followed itself by ", <state>".
    """
    doc = sentence.span.doc
    if end + 1 >= sentence.span.end or doc[end].text != ",":
        return []
    other = ctx.ent(doc[end + 1])
    if other is None or ctx.kind(other) not in ("State", "Place"):
        return []
    if ctx.kind(other) == "State":
        return [(other, "place-comma-state")]
    stop = end + 1
    while stop < sentence.span.end and ctx.ent(doc[stop]) == other:
        stop += 1
    text = doc[end + 1 : stop].text
    chained = stop + 1 < sentence.span.end and doc[stop].text == "," and ctx.kind(ctx.ent(doc[stop + 1])) == "State"
    listed = stop < sentence.span.end and doc[stop].lower_ in ("and", "or")  # "Catamarca, Jujuy and Salta": three peers
    if (text in load_regions() and not listed) or chained:
        return [(other, "place-comma-region")]
    return []


def _directly_in(ctx: DocContext, sentence: Sentence, place: str, end: int) -> list[str]:
    """ "Ok Tedi in Papua New Guinea", "Kolwezi in Lualaba Province": the words right after the name, whatever the parse."""
    doc = sentence.span.doc
    i = end
    while i < sentence.span.end and i - end < 4 and (doc[i].lower_ in PLACE_NOUNS or doc[i].text == "," or ctx.kind(ctx.ent(doc[i])) == "Mineral"):
        if doc[i].lemma_.lower() in EDGE_NOUNS:
            return []  # "the Oregon border in Nevada"
        i += 1  # "the Yuat River deposit, in East Sepik Province", "the Boguty tungsten deposit in the Almaty region"
    if i + 1 < sentence.span.end and doc[i].lower_ == "on":
        return _on_island(ctx, sentence, place, i + 1)  # "Weda Bay on the island of Halmahera", whatever the parse
    if i >= sentence.span.end or doc[i].lower_ not in CONTAINING:
        return []
    i += 1
    while i < sentence.span.end and (doc[i].lower_ in ("the", "our", "its", "their") or doc[i].lower_ in COMPASS_WORDS or doc[i].pos_ == "ADJ"):
        i += 1
    if i + 2 < sentence.span.end and doc[i + 1].lower_ in ("'s", "’s") and ctx.kind(ctx.ent(doc[i + 2])) == "Place":
        i += 2  # "in Peru's Tolna region": the region, which its state holds
    j = i
    while j < sentence.span.end and (doc[j].lower_ in DIRECTION_NOUNS or (doc[j].text in ("-", "–") and j > i)):
        j += 1  # "north-east" is three tokens
    if (i < j < sentence.span.end and doc[j].lower_ == "of") or (j + 1 < sentence.span.end and doc[j].lower_ in NAMED_BY_OF and doc[j + 1].lower_ == "of"):
        i = j + 1 + (doc[j].lower_ != "of")  # "in the north-east of Albania", "in the province of Salta"
        while i < sentence.span.end and doc[i].lower_ == "the":
            i += 1
    other = ctx.ent(doc[i]) if i < sentence.span.end else None
    return [other] if other and other != place and ctx.kind(other) in ("State", "Place") else []


def _on_island(ctx: DocContext, sentence: Sentence, place: str, i: int) -> list[str]:
    """The island or peninsula an "on" names: "on the island of Halmahera", "on the Kola Peninsula"."""
    doc = sentence.span.doc
    while i < sentence.span.end and doc[i].lower_ == "the":
        i += 1
    if i + 1 < sentence.span.end and doc[i].lower_ in ON_NOUNS and doc[i + 1].lower_ == "of":
        i += 2 + (i + 2 < sentence.span.end and doc[i + 2].lower_ == "the")
    elif not any(f.split()[-1].lower() in ON_NOUNS for f in ctx.entities[ctx.ent(doc[i]) or place].forms):
        return []  # "on the border", "on Monday": only a named island or peninsula holds what stands on it
    other = ctx.ent(doc[i]) if i < sentence.span.end else None
    return [other] if other and other != place and ctx.kind(other) == "Place" else []


#: Compass words before a place ("in western Serbia", "in the north-eastern highlands").
COMPASS_WORDS = frozenset({"western", "eastern", "northern", "southern", "central", "north-western", "north-eastern", "south-western", "south-eastern", "northwestern", "northeastern", "southwestern", "southeastern"})
#: Parts of a place named by direction ("in the north-east of Albania", "in the heart of the Andes").
DIRECTION_NOUNS = frozenset({"north", "south", "east", "west", "north-east", "north-west", "south-east", "south-west", "northeast", "northwest", "southeast", "southwest", "centre", "center", "heart", "interior", "middle", "edge", "part", "parts", "outskirts"})


def _shared_locative(ctx: DocContext, token: Token) -> list[str]:
    """Places listed in a locative phrase of a clause that places the same thing in a state: "throughout Ukraine, particularly within the A, B and C regions"."""
    first = token
    while first.dep_ in ("conj", "compound", "nmod", "appos") and first.head.i != first.i:
        first = first.head
    if first.dep_ != "pobj" or first.head.lower_ not in LOCATIVE - {"of"}:
        return []
    clause = first.head.head
    return [other for other in _locative_owners(ctx, clause) if ctx.kind(other) == "State"]


def _demonym_region(ctx: DocContext, token: Token) -> list[str]:
    """ "the Chilean region of Antofagasta", "the Congolese province of Katanga": the place lies in the demonym's state."""
    if token.dep_ != "pobj" or token.head.lower_ != "of":
        return []
    noun = token.head.head
    if noun.lemma_.lower() not in ("region", "province", "state", "district", "county", "prefecture", "department", "oblast", "territory", "city", "town"):
        return []
    return [lid for c in noun.children if c.dep_ in ("amod", "compound", "nmod") and (lid := ctx.ent(c)) and ctx.kind(lid) == "State"]
