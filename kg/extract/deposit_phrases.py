"""Where a deposit noun's own phrase puts it, read along the words: "nickel deposits, notably in A and in the province of B".

Why apart from :mod:`kg.extract.deposits`: the parser hangs such phrases
anywhere ("notably in A" on the verb, "and copper resources in C" as a
conjunct of the preposition), so the dependency rules there give every
place every mineral of the clause, or none. Read left to right, a deposit
noun with its minerals owns the places of the locative phrases that follow
it, up to the next deposit noun or the end of its clause:

* "holds cobalt deposits, notably in A and in the province of B, and copper
  resources in C": A and B hold cobalt, C holds copper;
* "sits on large nickel reserves, most of them in A and B";
* "graphite deposits, including around A in the B Region": A (B is where A lies).

And a site's clause: "the X Region, where small mines extract tin" (the
place holds what its mines extract).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.base import negated
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Nouns that are a deposit, or a site that is one ("a uranium mine", "a copper project").
SITE_NOUNS = frozenset({"mine", "deposit", "project", "operation", "prospect", "field", "lode", "orebody", "occurrence", "pit", "reserve", "resource"})
#: Deposit nouns whose phrase is read (plural or singular lemma).
DEPOSIT_NOUNS = frozenset({"deposit", "reserve", "resource", "occurrence", "orebody"})
#: Prepositions that place what precedes them.
PLACING = frozenset({"in", "around", "at", "across", "throughout", "within"})
#: Words that end a deposit noun's stretch: another clause or a contrast.
CLAUSE_ENDS = frozenset({";", "which", "where", "while", "whereas", "but", "although", "though", "who", "that", "(", ")"})
#: Participles that still place the deposit ("deposits, concentrated in A").
PLACING_PARTICIPLES = frozenset({"locate", "concentrate", "situate", "find", "centre", "center", "cluster"})
#: Verbs of a site's clause whose object is its ore: "where small mines extract tin".
EXTRACTING_VERBS = frozenset({"extract", "mine", "produce", "dig", "yield"})
OWNER_KINDS = ("State", "Place")
#: Work that finds ore, and what it does when it finds some: "drilling at X returned lithium intercepts".
EXPLORING_NOUNS = frozenset({"exploration", "drilling", "sampling", "trenching", "drill", "program", "programme", "campaign"})
FINDING_VERBS = frozenset({"outline", "return", "confirm", "intersect", "discover", "find", "define", "identify", "yield", "show", "reveal", "delineate"})


def _ends_stretch(token: Token) -> bool:
    if token.lower_ in CLAUSE_ENDS:
        return True
    finite = token.pos_ in ("VERB", "AUX") and token.dep_ in ("ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis")
    return finite and token.lemma_.lower() not in PLACING_PARTICIPLES


def negated_wealth(token: Token) -> bool:
    """ "no significant lithium deposits", "lacks deposits", "does not contain" (shared with :mod:`kg.extract.deposits`)."""
    if any(c.lower_ in ("no", "little", "few") and c.dep_ == "det" for c in token.children):
        return True
    head = token.head
    return head.lemma_ in ("lack",) or any(c.dep_ == "neg" for c in head.children) or any(c.dep_ == "neg" for c in token.children)


def _noun_minerals(ctx: DocContext, noun: Token) -> list[str]:
    """The minerals a deposit noun is of: its modifiers before it and its "of" phrase."""
    words = [t for c in noun.children if c.i < noun.i and c.dep_ in ("compound", "amod", "nmod") for t in c.subtree]
    words += [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree]
    return list(dict.fromkeys(lid for t in words if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"))


def _placed(token: Token) -> bool:
    """The name is the object of a placing preposition: "in A", "in A and B", "in the province of A", "in the A and B regions"."""
    while token.dep_ in ("compound", "amod", "nmod", "conj", "appos") or (token.dep_ == "pobj" and token.head.lower_ == "of"):
        token = token.head.head if token.dep_ == "pobj" else token.head
    return token.dep_ == "pobj" and token.head.lower_ in PLACING


def _places_after(ctx: DocContext, sentence: Sentence, noun: Token) -> list[str]:
    """Places and states named after a placing preposition in the noun's stretch, not the ones they lie in."""
    doc = sentence.span.doc
    starts = {s: (lid, e) for lid, s, e in sentence.mentions if ctx.kind(lid) in OWNER_KINDS}
    found: list[str] = []
    placing = False
    i = noun.i + 1
    while i < sentence.span.end and i - noun.i <= 30:
        token = doc[i]
        if _ends_stretch(token) or (token.lemma_.lower() in DEPOSIT_NOUNS and token.pos_ == "NOUN"):
            break
        if token.lower_ in PLACING:
            placing = True
        elif i in starts and placing and _placed(doc[starts[i][1] - 1]):
            local_id, end = starts[i]
            found.append(local_id)
            if end + 1 < sentence.span.end and doc[end].lower_ in ("in", "of"):
                # "around A in the B Region": where A lies; skip to the end of that name
                nested = next((e for s, (_, e) in starts.items() if end < s <= end + 3), None)
                i = nested if nested is not None else end
                continue
            i = end
            continue
        i += 1
    return found


def _a_named_site(ctx: DocContext, noun: Token) -> bool:
    """The noun is a named site ("the Kestrel nickel deposit in X", "Kestrel, a nickel deposit in X"): its phrase says where the site lies."""
    if noun.dep_ == "attr" or (noun.dep_ == "appos" and ctx.kind(ctx.ent(noun.head)) == "Place"):
        return True
    return any(c.dep_ in ("compound", "nmod") and ctx.kind(ctx.ent(c)) == "Place" for c in noun.children)


def phrase_deposits(ctx: DocContext, sentence: Sentence) -> list[tuple[str, str, str]]:
    """(owner, mineral, rule) for the places a deposit noun's stretch names and for sites' "where" clauses."""
    found: list[tuple[str, str, str]] = []
    for token in sentence.span:
        if token.pos_ == "NOUN" and token.lemma_.lower() in DEPOSIT_NOUNS and not negated_wealth(token) and not _a_named_site(ctx, token):
            minerals = _noun_minerals(ctx, token)
            if minerals:
                found += [(place, mineral, "deposit-phrase") for place in _places_after(ctx, sentence, token) for mineral in minerals]
        elif token.dep_ == "relcl" and token.lemma_.lower() in EXTRACTING_VERBS | FINDING_VERBS and any(c.lower_ == "where" for c in token.children) and not negated(token):
            site = next((lid for t in (token.head, *(c for c in token.head.children if c.dep_ == "compound")) if (lid := ctx.ent(t))), None)  # "the X field, where …"
            ores = [t for c in token.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree]  # "where tin has been mined"
            found_ore = token.lemma_.lower() in EXTRACTING_VERBS or any(t.lemma_.lower() in DEPOSIT_NOUNS and not negated_wealth(t) for t in ores)  # "where drillers confirmed helium resources"
            if site and ctx.kind(site) == "Place" and found_ore:
                found += [(site, lid, "where-mined") for t in ores if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"]
        elif token.dep_ == "nsubj" and token.lemma_.lower() in EXPLORING_NOUNS and not negated(token.head):
            found += [(site, mineral, "explored-at") for site in _sites_at(ctx, token) for mineral in _object_minerals(ctx, token.head)]
        elif token.lower_ in MISREAD_VERBS and token.pos_ == "NOUN" and token.dep_ in ("compound", "nsubj", "appos"):
            found += misread_mining(ctx, sentence, token)
        elif token.lemma_.lower() == "occur" and token.pos_ == "VERB" and not negated(token):
            occurring = [lid for c in token.children if c.dep_ == "nsubj" for t in c.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"]
            found += [(site, ore, "occurs-at") for site in _sites_at(ctx, token) for ore in dict.fromkeys(occurring)]
    return found


def _sites_at(ctx: DocContext, token: Token) -> list[str]:
    """The places of a token's "at"/"on"/"in" phrase: "drilling at Rocky Hill", "occurs at Windimurra"."""
    return [lid for c in token.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "in") for g in c.children if g.dep_ == "pobj"
            for t in (g, *(m for m in g.children if m.dep_ in ("compound", "nmod"))) if (lid := ctx.ent(t)) and ctx.kind(lid) == "Place"]


def _object_minerals(ctx: DocContext, verb: Token) -> list[str]:
    """The minerals of what exploration found: "outlined a graphite resource", "returned high-grade lithium intercepts"."""
    if verb.lemma_.lower() not in FINDING_VERBS:
        return []
    return list(dict.fromkeys(lid for c in verb.children if c.dep_ == "dobj" for t in c.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"))


def ore_heads(ore: Token) -> list[Token]:
    """Where an ore's "from" phrase may hang: on the ore, or on the verb it is the object of ("deliver cobalt from the X mine")."""
    return [ore, ore.head] if ore.dep_ == "dobj" else [ore]


def ore_word(ctx: DocContext, token: Token) -> bool:
    """An ore or a product named by it: "copper", "lithium carbonate", "manganese ore"."""
    return ctx.kind(ctx.ent(token)) == "Mineral" or (token.pos_ == "NOUN" and any(c.dep_ in ("compound", "amod") and ctx.kind(ctx.ent(c)) == "Mineral" for c in token.children))


#: Last words of a site's name that say the ore before them is what it holds: "the Karoo Manganese Field".
ORE_SITE_HEADS = frozenset({"field", "project", "mine", "deposit", "belt", "prospect", "district"})


def ore_named_sites(ctx: DocContext, sentence: Sentence) -> list[tuple[str, str]]:
    """(site, mineral) for a place whose own name holds an ore word before its site word: "Karoo Manganese Field"."""
    doc = sentence.span.doc
    found = []
    for local_id, start, end in sentence.mentions:
        if ctx.kind(local_id) != "Place" or end - start < 3 or doc[end - 1].lower_ not in ORE_SITE_HEADS:
            continue
        for token in doc[start + 1 : end - 1]:
            entry = ctx.lexicon.lookup(token.text, ("name",))
            if entry is not None and entry.kind == "Mineral":
                ctx.entity(f"Mineral:{entry.key}", "Mineral", entry.key)
                found.append((local_id, f"Mineral:{entry.key}"))
    return found


#: Verbs of holding or mining the tagger takes for plural nouns before an ore ("mines manganese", "hosts nickel deposits").
MISREAD_VERBS = frozenset({"mines", "hosts"})


def misread_mining(ctx: DocContext, sentence: Sentence, token: Token) -> list[tuple[str, str, str]]:
    """ "Armenia, an EU partner, mines molybdenum at Kajaran": "mines" the tagger took for a noun before an ore.

    The state that opens the sentence, a place right before the word ("the X
    belt hosts nickel deposits") and the place after "at" hold the ores
    listed right after the word; a company's mining holds nothing of its own.
    """
    doc = sentence.span.doc
    j, ores = token.i + 1, []
    while j < sentence.span.end and (ctx.kind(ctx.ent(doc[j])) == "Mineral" or doc[j].lower_ in (",", "and")):
        ores += [ctx.ent(doc[j]) or ""] if ctx.kind(ctx.ent(doc[j])) == "Mineral" else []
        j += 1
    if not ores or token.i == sentence.span.start or (doc[token.i - 1].lower_ != "," and ctx.ent(doc[token.i - 1]) is None and doc[token.i - 1].pos_ != "NOUN"):
        return []
    owners = [lid for lid, start, _ in sentence.mentions if start == sentence.span.start and ctx.kind(lid) == "State"]
    owners += [lid for lid in [ctx.ent(doc[token.i - 1])] if lid and ctx.kind(lid) == "Place" and lid not in owners]
    if j + 1 < sentence.span.end and doc[j].lower_ == "at":
        site = ctx.ent(doc[j + 1 + (doc[j + 1].lower_ == "the")])
        owners += [site] if site and ctx.kind(site) == "Place" else []
    return [(owner, ore, "verb-misread") for owner in owners for ore in dict.fromkeys(ores)]


def named_site_ores(ctx: DocContext, sentence: Sentence) -> list[tuple[str, str]]:
    """ "the Jadar lithium project", "Husab Uranium Project": a site named with its ore."""
    doc = sentence.span.doc
    found = []
    for local_id, _, end in sentence.mentions:
        if ctx.kind(local_id) != "Place":
            continue
        j = end
        ores = []
        while j < sentence.span.end and j - end < 4 and (ctx.kind(ctx.ent(doc[j])) == "Mineral" or doc[j].text in ("-", "–") or doc[j].lower_ in ("rare", "earth", "ore")):
            if ctx.kind(ctx.ent(doc[j])) == "Mineral":
                ores.append(ctx.ent(doc[j]) or "")
            j += 1
        if ores and j < sentence.span.end and doc[j].lemma_.lower() in SITE_NOUNS:
            found += [(local_id, ore) for ore in dict.fromkeys(ores)]
    return found
