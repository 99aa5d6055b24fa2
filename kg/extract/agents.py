"""Who does something to an agreement: the agents of a signing, proposing or joining clause.

Why a module: official texts name the actors of a signing in shapes the
parser's subject link misses, and every action extractor needs the same
answer:

* a title heading the phrase: "President of Namibia Jane Doe signed" (the
  parser's subject is "President");
* envoys: "Chile, represented by its minister Ana Ruiz, and Peru,
  represented by Luis Paz, signed" (the states and the envoys sign);
* a group named earlier: "signed by the three Andean governments" (the last
  list of three states);
* a gerund under "by": "A and B join C and D ... by signing a memorandum"
  (the subjects of "join", and those they join, sign);
* a clause whose subject the parser lost ("In Lima, Minister X and the
  President of Peru, Y, signed ..." parsed with X inside the place phrase):
  the actors named before the verb in its clause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.base import PROXY_NOUNS, SUBJECT_DEPS, arg_entities, conjuncts, misread_relative, proxied_by_preposition, subjects
from kg.extract.groups import GROUP_NOUNS, declared_we, earlier_parties, group_members, named_officials
from kg.extract.speakers import speaker_people, speaking_person, we_side
from kg.lexicon.names import person_key
from kg.nlp.context import DocContext, Sentence
from kg.nlp.people import title_vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Token

AGENT_KINDS = ("Person", "State", "Organization")
#: Nouns for members of a group named before them: "the Quad partners".
MEMBER_NOUNS = frozenset({"partner", "member", "ally"})
#: Nouns of an act under way or at hand: "in the final stages of / in the process of / on the verge of signing".
UNDERWAY_NOUNS = frozenset({"stage", "process", "verge", "brink", "midst", "cusp", "middle", "course"})
#: Nouns for a group that acts for its members: "a consortium of Chinese firms".
COLLECTIVE_NOUNS = frozenset({"consortium", "group", "coalition", "bloc", "grouping", "syndicate"})
#: Nouns that, counted two or both, stand for the two sides of the deal at hand: "the two governments signed it".
PAIR_NOUNS = frozenset({"side", "party", "government", "country", "nation", "partner"})
#: Verbs whose object acts together with their subject ("A joins B in signing").
WITH_VERBS = frozenset({"join", "accompany"})


def _title_head(ctx: DocContext, token: Token) -> bool:
    heads, _, _ = title_vocabulary(ctx.lexicon)
    return token.lower_ in heads or token.lemma_.lower() in heads


def _people_below(ctx: DocContext, token: Token) -> list[str]:
    """The people a title phrase names: "President of Namibia Jane Doe", "Minister of Trade Ken Sato and Chile's Minister of Mining Ana Ruiz"."""
    found: list[str] = []
    for item in token.subtree:
        local = ctx.ent(item)
        if local and ctx.kind(local) == "Person" and local not in found:
            found.append(local)
    return found


def _person_apposed(ctx: DocContext, sentence: Sentence, title: Token) -> list[str]:
    """The person a title stands beside, which the parser left stranded.

    "Park Ji-hoon, South Korea's trade minister, signed": the title made the
    subject; "signed … and by Japan's Vice-Minister for Trade, Ken Sato": the
    name hung on the verb.
    """
    doc = title.doc
    left, right = title.left_edge.i, title.right_edge.i
    if title.dep_ in SUBJECT_DEPS and left >= 2 and doc[left - 1].text == ",":
        return [lid for lid, start, end in sentence.mentions if end == left - 1 and ctx.kind(lid) == "Person" and doc[start].head.i != title.i][:1]
    if title.dep_ == "pobj" and title.head.lower_ == "by" and right + 2 < len(doc) and doc[right + 1].text == ",":
        return [lid for lid, start, _ in sentence.mentions if start == right + 2 and ctx.kind(lid) == "Person"][:1]
    return []


def _person_below(ctx: DocContext, token: Token) -> str | None:
    people = _people_below(ctx, token)
    return people[0] if people else None


def _envoys(ctx: DocContext, token: Token) -> list[str]:
    """ "Chile, represented by Ana Ruiz": the people acting for a party."""
    found = []
    for child in token.children:
        if child.dep_ in ("acl", "relcl") and child.lemma_.lower() == "represent":
            for agent in (g for c in child.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"):
                found += arg_entities(ctx, agent, ("Person",)) or ([p] if (p := _person_below(ctx, agent)) else [])
    return found


#: Nouns for the government a leader heads: "the Trump administration", "the Albanese government".
LEADER_BODIES = frozenset({"administration", "government", "cabinet"})


def led_state(ctx: DocContext, person: str) -> str | None:
    """The state the shipped gazetteer says this person heads (or headed), when the surname names one known leader."""
    name = ctx.entities[person].freeze().name
    known = ctx.lexicon.people_by_surname.get(person_key(name), ()) or ctx.lexicon.people_by_surname.get(person_key(name.split()[-1]), ())
    states = {p.of for k in known for p in k.positions if (entry := ctx.lexicon.get(p.of)) is not None and entry.kind == "State"}
    if len(known) != 1 or len(states) != 1:
        return None
    key = next(iter(states))
    ctx.entity(f"State:{key}", "State", key)
    return f"State:{key}"


def _own_entities(ctx: DocContext, item: Token, kinds: tuple[str, ...]) -> list[str]:
    """What one list item stands for (its name, or the state of a proxy noun: "Chilean officials"), items apart.

    :func:`kg.extract.base.arg_entities` also walks the item's coordinates
    and appositions; :func:`entities_of` walks them itself, to leave out a
    possessor or a description the parser hung there.
    """
    group = ctx.ents(item)
    if len(group) > 1:  # "they", "the two countries": every member (kg.nlp.coref)
        return [g for g in group if ctx.kind(g) in kinds]
    local = ctx.ent(item)
    if local is None and (item.lemma_.lower() in PROXY_NOUNS or item.lower_ in PROXY_NOUNS):
        modifiers = [c for c in item.children if c.dep_ in ("amod", "compound", "poss", "nmod") and ctx.ent(c)]
        # "her Argentine counterpart": the named state, not the person the pronoun stands for
        modifiers.sort(key=lambda c: c.pos_ == "PRON")
        local = ctx.ent(modifiers[0]) if modifiers else None
        if local is not None and ctx.kind(local) == "Person" and item.lemma_.lower() in LEADER_BODIES:
            led = led_state(ctx, local)  # "the Trump administration": the state its leader heads
            return [led] if led and "State" in kinds else []
        if local is None:  # "the Government of Ghana", "officials from Peru and the EU"
            return proxied_by_preposition(ctx, item, kinds)
        if ctx.kind(local) == "State" and (more := [s for c in modifiers[0].conjuncts if (s := ctx.ent(c)) and ctx.kind(s) == "State"]):
            return [lid for lid in dict.fromkeys([local, *more]) if ctx.kind(lid) in kinds]  # "Japanese and Argentine officials"
    if local is None and item.lower_ == "we":
        if declared := declared_we(ctx, item):
            return [lid for lid in declared if ctx.kind(lid) in kinds]
        local = we_side(ctx, item)
        if local is not None and "Person" in kinds:  # the speaker is one of "we"
            return [lid for lid in [local, *speaker_people(ctx, item)] if ctx.kind(lid) in kinds]
    if local is None and item.text == "I" and "Person" in kinds:
        local = speaking_person(ctx, item)  # "Minister Sato and I signed": the quotation's or the turn's speaker
    if local is None:
        local = next((ctx.ent(c) for c in item.children if c.dep_ == "compound" and ctx.kind(ctx.ent(c)) == "Person"), None)
    return [local] if local and ctx.kind(local) in kinds else []


def _stranded_coordinate(ctx: DocContext, verb: Token, subject: Token, kinds: tuple[str, ...]) -> list[str]:
    """ "In 2024 Brazil and China signed": the parser makes "Brazil" the object of "In"; it is the subject's coordinate (titles apart)."""
    doc = subject.doc
    k = subject.left_edge.i
    if k < 2 or subject.dep_ != "nsubj":
        return []
    # "Under Secretary X and Kazakh Minister of Industry Y signed": the parser makes the title a conjunct of X, not Y's
    title = next((t for t in doc[k - 1].ancestors if t.dep_ == "conj" and t.right_edge.i == k - 1 and _title_head(ctx, t)), None)
    if title is not None and ctx.ent(title) is None:
        k = title.left_edge.i
    if doc[k - 1].lower_ != "and":
        return []
    stranded = doc[k - 2]
    if stranded.dep_ != "pobj" or stranded.head.head.i != verb.i or any(c.dep_ == "conj" and c.i != (title.i if title else -1) for c in stranded.children):
        return []
    local = ctx.ent(stranded)
    return [local] if local is not None and ctx.kind(local) in kinds else []


def _split_office_people(ctx: DocContext, sentence: Sentence, verb: Token, agent: Token) -> list[str]:
    """ "signed by Chinese Ambassador to Zimbabwe Zhou Ding and …": the parser cuts the office from the name after it.

    An office without a person of its own as the agent: the first person
    named within a few words after it (and those coordinated with them),
    however the parser hung the name.
    """
    if agent.dep_ != "pobj" or agent.head.dep_ != "agent" or not _title_head(ctx, agent) or _people_below(ctx, agent):
        return []
    doc = agent.doc
    first = next((start for lid, start, _ in sorted(sentence.mentions, key=lambda m: m[1]) if ctx.kind(lid) == "Person" and agent.i < start <= agent.i + 6), None)
    between = doc[agent.i + 1 : first]
    if first is None or any((t.is_punct and t.text != ",") or t.pos_ == "VERB" for t in between) or sum(t.text == "," for t in between) > 1:
        return []  # (one comma: "signed by the Minister of Lands, Hon. Kwabena Mensah")
    named = doc[first : first + 1].root
    while ctx.ent(named.head) == ctx.ent(named) and named.head.i != named.i:
        named = named.head  # the name's head token
    return entities_of(ctx, sentence, named, ("Person",))


def entities_of(ctx: DocContext, sentence: Sentence, token: Token, kinds: tuple[str, ...] = AGENT_KINDS) -> list[str]:
    """The actors a nominal argument stands for: names, proxies, titles, envoys and numbered groups."""
    found: list[str] = []
    # "the state holding X and agency Y": the parser reads "holding" as a participle whose object is the name
    held = next((g for c in token.children if c.dep_ == "acl" and c.lower_ == "holding" for g in c.children if g.dep_ == "dobj"), None)
    items = [held] if held is not None and token.pos_ == "NOUN" and ctx.ent(token) is None else [token]
    stack = list(items)
    while stack:
        current = stack.pop()
        # "the Democratic Republic of the Congo and Zambia": the parser may hang the next item on a word inside the name
        inside = [t for t in current.subtree if ctx.ent(t) is not None and ctx.ent(t) == ctx.ent(current)] or [current]
        for child in (c for t in inside for c in t.children):
            if child.dep_ not in ("conj", "appos") or child in items:
                continue
            if any(c.dep_ == "case" for c in child.children):
                continue  # "Hale and Zambia's Ministry": a possessor read as an item
            if child.dep_ == "appos" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in child.children):
                continue  # "Serbia, an EU candidate country,": a description, not another party
            items.append(child)
            stack.append(child)
    for item in items:
        # "its Australian partner, Tamsin Minerals": the named apposition is the actor, the demonym only describes it
        if ctx.ent(item) is None and any(c.dep_ == "appos" and c in items and ctx.kind(ctx.ent(c)) in ("Organization", "State") for c in item.children):
            continue
        own = _own_entities(ctx, item, kinds)
        if "Person" in kinds and _title_head(ctx, item) and (people := _people_below(ctx, item)):
            # "the Minister for Trade of Chile, Ana Ruiz": the person, not a body the NER made of the title
            own = [*people, *(lid for lid in own if lid != ctx.ent(item) or ctx.entities[lid].key)]
        elif "Person" in kinds and _title_head(ctx, item) and (apposed := _person_apposed(ctx, sentence, item)):
            own = [*apposed, *own]
        if not own and item.lemma_.lower() in MEMBER_NOUNS:
            # "the Quad partners", "the G7 members": the group they make up
            own = [a for c in item.children if c.dep_ in ("compound", "poss", "amod") for a in arg_entities(ctx, c, kinds)]
        if not own and item.lemma_.lower() in COLLECTIVE_NOUNS:
            own = [a for c in item.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj" for a in arg_entities(ctx, g, kinds)]
        if not own and item.lemma_.lower() in GROUP_NOUNS:
            # "14 countries, including Chile, Peru and Mexico": the ones it names
            named = [g for c in item.children if c.dep_ == "prep" and (c.lower_ in ("including", "like") or (c.lower_ == "as" and any(s.lower_ == "such" for s in c.children))) for g in c.children if g.dep_ == "pobj"]
            own = [a for g in named for a in entities_of(ctx, sentence, g, kinds)]
        if not own:
            own = [s for s in group_members(ctx, sentence, item) or named_officials(ctx, sentence, item) if "State" in kinds]
        if not own:
            own = [s for s in earlier_parties(ctx, sentence, item) if ctx.kind(s) in kinds]
        own = [lid for lid in own if lid not in found]
        found += [lid for lid in own if lid not in found]
        if "Person" in kinds:
            found += [p for p in _envoys(ctx, item) if p not in found]
    return found


def _addressed(ctx: DocContext, sentence: Sentence, items: list[Token]) -> bool:
    """A person named first in a list without "and", at the start of a sentence or a turn, and no other person in it: a vocative."""
    first = items[0]
    doc = first.doc
    start = first.left_edge.i
    opens = start == sentence.span.start or doc[start - 1].text in (":", "):")
    listed = len(items) > 1 and all(t.dep_ == "conj" for t in items[1:]) and not any(c.dep_ == "cc" for t in items for c in t.children)
    return opens and listed and doc[first.i + 1 : first.i + 2].text == "," and ctx.kind(ctx.ent(first)) == "Person" and not any(
        ctx.kind(ctx.ent(t)) == "Person" for t in items[1:]
    )


def _governing_verb(token: Token) -> Token | None:
    current = token
    for _ in range(12):
        if current.head.i == current.i:
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def _preceding_actors(ctx: DocContext, sentence: Sentence, verb: Token, kinds: tuple[str, ...]) -> list[str]:
    """Actors named before a subjectless verb whose phrases hang from it (the parser lost the subject)."""
    found: list[str] = []
    for lid, start, _ in sorted(sentence.mentions, key=lambda m: m[1]):
        token = verb.doc[start]
        if token.i >= verb.i or ctx.kind(lid) not in kinds or lid in found:
            continue
        governor = _governing_verb(token)
        if governor is not None and governor.i == verb.i:
            found.append(lid)
    return found


def _flattened_people(ctx: DocContext, subject: Token) -> list[str]:
    """People the parser flattened into the subject's title phrase.

    "Under Secretary X and Kazakhstan's Minister of Industry Y signed" is
    parsed with X as a modifier of Y's title: a person hanging from the
    subject through modifiers and coordination only acts with it.
    """
    found = []
    for token in subject.subtree:
        local = ctx.ent(token)
        if local is None or ctx.kind(local) != "Person" or local in found:
            continue
        current, linked = token, True
        while current.i != subject.i:
            if current.dep_ not in ("nmod", "conj", "appos", "compound", "nsubj"):
                linked = False
                break
            current = current.head
        if linked:
            found.append(local)
    return found


def _possessed_offices(ctx: DocContext, agent: Token) -> list[str]:
    """ "signed by A's Minister of X and B's Minister of Y": each state whose office is named in the agent phrase, however it is parsed."""
    doc = agent.doc
    possessed = [
        lid for t in agent.subtree
        if t.lower_ in PROXY_NOUNS and t.i > 1 and doc[t.i - 1].lower_ in ("'s", "’s") and (lid := ctx.ent(doc[t.i - 2])) and ctx.kind(lid) == "State"
    ]
    # "by the U.S. Secretary of Energy and Chile's Minister of Mining": an unnamed office's state
    named = [lid for t in agent.subtree if _title_head(ctx, t) and not _people_below(ctx, t) for c in t.children if c.dep_ == "compound" and (lid := ctx.ent(c)) and ctx.kind(lid) == "State"]
    return list(dict.fromkeys(possessed + named))


def _joined_by(ctx: DocContext, sentence: Sentence, subject: Token, kinds: tuple[str, ...]) -> list[str]:
    """ "A and B, joined by C, launched ...": C acts with the subject."""
    return [
        lid
        for acl in subject.children
        if acl.dep_ == "acl" and acl.lemma_.lower() == "join" and acl.tag_ == "VBN"
        for by in acl.children
        if by.dep_ == "agent"
        for pobj in by.children
        if pobj.dep_ == "pobj"
        for lid in entities_of(ctx, sentence, pobj, kinds)
    ]


def joined_agents(ctx: DocContext, sentence: Sentence, verb: Token, kinds: tuple[str, ...]) -> list[str]:
    """Those the subject joins: "A joins B in support of C, to develop D, by signing": B acts too."""
    found: list[str] = []
    current = verb
    for _ in range(4):
        if current.lemma_.lower() in WITH_VERBS:
            for obj in (c for c in current.children if c.dep_ == "dobj"):
                found += entities_of(ctx, sentence, obj, kinds)
        if current.dep_ not in ("advcl", "xcomp", "conj") or current.head.i == current.i:
            break
        current = current.head
    return found


def clause_agents(ctx: DocContext, sentence: Sentence, verb: Token, kinds: tuple[str, ...] = AGENT_KINDS) -> list[str]:
    """The actors of a verb: its subjects (or passive agents), read through titles, envoys and groups.

    A gerund under a preposition ("by signing") takes the actors of the verb
    it qualifies, and those its subject joins ("A joins B in ... by
    signing"); a verb left without a subject takes the actors named before
    it in its clause.
    """
    found: list[str] = []
    for subject in subjects(verb):
        found += [lid for lid in _stranded_coordinate(ctx, verb, subject, kinds) if lid not in found]
        if "Person" in kinds:
            found += [lid for lid in _split_office_people(ctx, sentence, verb, subject) if lid not in found]
        found += [lid for lid in entities_of(ctx, sentence, subject, kinds) if lid not in found]
        if "Person" in kinds and subject.lemma_.lower() not in LEADER_BODIES:  # "the Trump administration" acts, not Trump
            found += [lid for lid in _flattened_people(ctx, subject) if lid not in found]
        found += [lid for lid in _joined_by(ctx, sentence, subject, kinds) if lid not in found]
        if subject.dep_ == "pobj" and subject.head.dep_ == "agent" and "State" in kinds:
            found += [lid for lid in _possessed_offices(ctx, subject) if lid not in found]
    near = verb.head.lower_ == "to" and verb.head.head.lemma_ in ("close", "near")  # "A and B are close to finalising X"
    near = near or (verb.head.lower_ == "of" and verb.head.head.lemma_.lower() in UNDERWAY_NOUNS)  # "in the final stages of negotiating X"
    if not found and verb.dep_ == "pcomp" and (verb.head.lower_ in ("by", "after", "before", "through", "in", "upon", "on") or near):
        governor = _governing_verb(verb.head)
        if governor is not None:
            found = clause_agents(ctx, sentence, governor, kinds)
            found += [lid for lid in joined_agents(ctx, sentence, governor, kinds) if lid not in found]
    if not found and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children) and verb.dep_ in ("ROOT", "conj"):
        found = _preceding_actors(ctx, sentence, verb, kinds)
    if not found and any(s.lemma_.lower() in PAIR_NOUNS and any(c.lower_ in ("two", "both") for c in s.children) for s in subjects(verb)):
        found = _sides_of_object(ctx, verb, kinds)  # "the two sides are haggling over a deal between A and B"
    # "Leila, Morocco signed …": the person spoken to, read as the first of the subjects, is not one of them
    addressed = {ctx.ent(s) for s in subjects(verb) if _addressed(ctx, sentence, conjuncts(s))}
    return [lid for lid in found if lid not in addressed]


def _sides_of_object(ctx: DocContext, verb: Token, kinds: tuple[str, ...]) -> list[str]:
    """The stated parties of the one deal a verb's object or phrase names: whom "the two sides" are."""
    deals = {lid for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "Agreement"}
    antecedent = misread_relative(verb) or (verb.head if verb.dep_ == "relcl" else None)
    if antecedent is not None and (lid := ctx.ent(antecedent)) and ctx.kind(lid) == "Agreement":
        deals.add(lid)  # "the A–B Accord, which the two governments signed in 2011"
    if len(deals) != 1:
        return []
    return sorted(p for p in ctx.entities[deals.pop()].parties if ctx.kind(p) in kinds)


def with_partners(ctx: DocContext, sentence: Sentence, token: Token, kinds: tuple[str, ...] = AGENT_KINDS) -> list[str]:
    """The actors of a token's "with" phrases: "signed X with B", "talks with B", "that A signed with B"."""
    return [a for c in token.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g, kinds)]
