"""Guessed affiliations: whom an official acts for when the text does not say.

:mod:`kg.extract.people` records what the text states. For a title that
names no state or body, the clues here are tried in order, each with its
own rule name and a lower confidence, and resolution keeps one guess per
person (:data:`kg.resolve.facts.FALLBACK_RULES`): a state the office implies
("Treasury Secretary"), "our", the other side of a bilateral signing, the
Commission for a commissioner, a company for a company office, a state (or
state body) earlier in the sentence, the state the article is about.

A guess never takes a state from another person's title or clause side
("Envoy E of the United States met Minister M"), a venue ("in Egypt"), the
other party of the person's clause ("Kenya signed with P"), or a state
without that office (no prime minister of the United States).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract.titles import Title
from kg.lexicon.tables import normalise
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Offices of a company or other body, never of a state: no state is guessed for them.
CORPORATE_HEADS = {"chief executive", "chief executive officer", "ceo", "cfo", "coo", "chairman", "chairwoman", "chairperson", "chair", "managing director", "founder", "co-founder", "owner", "director", "director general", "director-general"}
#: Offices often held abroad or for a union of states: the article's state is no guess for them.
NOT_THE_ARTICLE_STATE = {"ambassador", "envoy", "special envoy", "commissioner", "high representative", "permanent representative", "secretary-general", "secretary general"}
#: Offices of the European Union's executive when no state or body is named.
UNION_HEADS = {"commissioner", "high representative", "executive vice-president"}
#: Offices of a court: a judge speaks for the court the article is about, never for a state guessed from it.
JUDICIAL_HEADS = {"judge", "magistrate", "chief justice"}
#: Prepositions that make a state the place of an event, not a party: "in Egypt", "to Australia".
LOCATIVE = {"in", "at", "to", "from", "into", "near", "across", "throughout", "around", "within", "visit", "visits", "visited", "visiting"}


def _default_state(ctx: DocContext, title: str) -> str | None:
    """The state (or body) a title implies on its own: "Treasury Secretary" is a U.S. office.

    A key also covers its title with a portfolio after "for", the longest
    key first: "Under Secretary of State for Energy" is American, "Secretary
    of State for Business" British.
    """
    defaults = ctx.lexicon.derived(
        "people.default_state", lambda lx: sorted(((normalise(k), v) for k, v in lx.titles.get("default_state", {}).items()), key=lambda kv: -len(kv[0]))
    )
    wanted = normalise(title).replace("former ", "").replace("acting ", "")
    for office, key in defaults:
        rest = wanted[len(office) + 1 :] if wanted.startswith(office + " ") else None
        if wanted == office or (rest is not None and (office.endswith(" for") or rest.startswith("for "))):
            entry = ctx.lexicon.get(key)
            return f"{entry.kind}:{key}" if entry else None
    return None


@dataclass
class Seen:
    """What the people extractor learnt about the article's people."""

    explicit: dict[str, set[str]] = field(default_factory=dict)  # person -> whom the text says they act for
    implied: dict[str, set[str]] = field(default_factory=dict)  # person -> the state their office implies ("Treasury Secretary")
    title_spans: list[tuple[str, int, int, int]] = field(default_factory=list)  # (person, sentence, first token, end) of each title


def _counterparts(ctx: DocContext, sentence: Sentence, person: str, seen: Seen) -> set[str]:
    """States on the other side of the person's clause: "Kenya signed a memorandum with P", "P welcomed the UK delegation"."""
    verb, side = _clause_side(ctx, sentence, person, seen)
    if verb is None:
        return set()
    doc = sentence.span.doc
    found = set()
    for local_id, start, end in sentence.mentions:
        if ctx.kind(local_id) != "State":
            continue  # "asked the Pentagon": a state body as the object is no other side
        other_verb, other_side = _role(doc[start:end].root)
        if other_verb is not None and other_verb.i == verb.i and other_side and other_side != side:
            found.add(local_id)
    return found


def _guessable_states(ctx: DocContext, sentence: Sentence, person: str, seen: Seen) -> list[tuple[int, str, bool]]:
    """(token, state, through a state body) of the sentence a guess may take: not another person's, not a venue, not the other side.

    A state body stands for its state ("asked the Pentagon"): a lawmaker
    who writes to it is more likely that state's than the article's.
    """
    doc = sentence.span.doc
    present = {lid for lid, _, _ in sentence.mentions}
    others = {s for other, states in seen.explicit.items() if other != person and other in present for s in states}
    others |= _counterparts(ctx, sentence, person, seen)
    result = []
    for local_id, start, end in sentence.mentions:
        state, body = local_id, ctx.kind(local_id) == "Organization"
        if body:
            entry = ctx.lexicon.get(ctx.entities[local_id].key)
            if entry is None or entry.org_kind != "government-body" or not entry.country:
                continue
            state = f"State:{entry.country}"
        elif ctx.kind(local_id) != "State":
            continue
        if state in others or local_id in others:
            continue
        if any(other != person and where == sentence.index and s <= start < e for other, where, s, e in seen.title_spans):
            continue  # "Envoy E of the United States met Minister M": the United States is E's
        token = doc[start:end].root
        fronted = token.dep_ == "pobj" and token.head.i == sentence.span.start  # "In Chile, the mining minister said"
        if not fronted and token.dep_ in ("pobj", "dobj") and token.head.lower_ in LOCATIVE:
            continue  # "in Egypt", "visits Canada"
        if not fronted and start > sentence.span.start and doc[start - 1].lower_ in LOCATIVE:
            continue
        result.append((start, state, body))
    return result


def _coordinated_subject(token: Token) -> bool:
    """The name is one of coordinated subjects ("Kenya and Japan signed"): a side of the clause, as a "with" partner is."""
    while token.dep_ in ("compound", "det", "amod", "flat") and token.head.i != token.i:
        token = token.head
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "conj" for c in token.children)


def _co_party(token: Token) -> bool:
    """The name is the object of "with" (a partner of the clause's subject): "signed a pact with Finland"."""
    while token.dep_ in ("compound", "det", "amod", "flat") and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ == "with"


def _company_guess(ctx: DocContext, person: str, sentence: Sentence, seen: Seen) -> None:
    """A company office that names no company: the one organisation of the sentence, else of the article's title line.

    "Key people: Jane Doe (CEO)" in the infobox of an article about a company.
    """
    present = {lid for lid, _, _ in sentence.mentions}
    others = {o for other, bodies in seen.explicit.items() if other != person and other in present for o in bodies}
    in_sentence = [lid for lid in dict.fromkeys(lid for lid, _, _ in sentence.mentions) if ctx.kind(lid) == "Organization" and lid not in others]
    if len(in_sentence) == 1:
        ctx.add_fact(person, "represents", in_sentence[0], sentence, 0.6, "title-sentence-org")
        return
    if in_sentence or not ctx.sentences:
        return
    title = f" {normalise(ctx.document.title)} {normalise(ctx.sentences[0].text)} "
    named = [lid for lid, draft in ctx.entities.items() if draft.kind in ("Organization", "State") and any(f" {normalise(f)} " in title for f in draft.forms)]
    if len(named) == 1 and ctx.kind(named[0]) == "Organization":
        ctx.add_fact(person, "represents", named[0], sentence, 0.55, "title-article-org")


def _role(token: Token) -> tuple[Token | None, str]:
    """The verb above a person's name and the person's side of it: "subject" or "object" (objects, "with" phrases)."""
    role = ""
    for _ in range(8):
        if token.head.i == token.i:
            return None, ""
        across = token.lower_ in ("with", "against") or (token.dep_ == "pobj" and token.head.lower_ in ("with", "against"))
        if token.dep_ in ("nsubj", "nsubjpass") and not role:
            role = "subject"
        elif across or (token.dep_ == "dobj" and not role):
            role = "object"
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token, role
    return None, ""


def _clause_side(ctx: DocContext, sentence: Sentence, person: str, seen: Seen) -> tuple[Token | None, str]:
    """The verb of the person's clause and their side of it, read off their title when they have one.

    The parser often hangs a name off its title ("Minister ... Pitt" as a
    conjunct of the portfolio), so the title's place in the clause is tried first.
    """
    doc = sentence.span.doc
    anchors = [doc[s:e].root for lid, where, s, e in seen.title_spans if lid == person and where == sentence.index]
    anchors += [doc[s:e].root for lid, s, e in sentence.mentions if lid == person]
    for anchor in anchors:
        verb, side = _role(anchor)
        if verb is not None and side:
            return verb, side
    return None, ""


#: Verbs whose object visits their host: "welcomed Foreign Minister X to the State Department".
HOSTING_VERBS = frozenset({"welcome", "host", "receive"})


def hosted_in(ctx: DocContext, verb: Token) -> set[str]:
    """The states a hosting verb's "to/in/at" phrase names: a state, its capital, or one of its bodies."""
    hosts: set[str] = set()
    for place in (g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "in", "at") for g in c.children if g.dep_ == "pobj"):
        local = ctx.ent(place)
        entry = ctx.lexicon.get(ctx.entities[local].key) if local and ctx.entities[local].key else None
        if local and ctx.kind(local) == "State":
            hosts.add(local)
        elif entry is not None and entry.kind == "Organization" and entry.country:
            hosts.add(f"State:{entry.country}")  # "to the State Department"
        elif local and local.startswith("Place:capital:"):
            hosts.add(f"State:{local.rsplit(':', 1)[1]}")  # "to Washington"
    return hosts


def _other_side(ctx: DocContext, sentence: Sentence, person: str, seen: Seen) -> tuple[str | None, set[str]]:
    """(the person's side, the states across from them) when the sentence sets them opposite someone.

    "A signed the agreement with B of Korea" in an article about Australia
    and Korea: A is across from Korea, so A is Australia's. The states
    across are never guessed for A, even when no side can be told.
    """
    verb, side = _clause_side(ctx, sentence, person, seen)
    if verb is None:
        return None, set()
    theirs: set[str] = hosted_in(ctx, verb) if side == "object" and verb.lemma_.lower() in HOSTING_VERBS else set()
    for other in {lid for lid, _, _ in sentence.mentions if ctx.kind(lid) == "Person" and lid != person}:
        other_verb, other_side = _clause_side(ctx, sentence, other, seen)
        if other_verb is not None and other_verb.i == verb.i and other_side != side:
            theirs |= {s for s in seen.explicit.get(other, set()) | seen.implied.get(other, set()) if ctx.kind(s) == "State"}
    if len(theirs) != 1:
        return None, theirs
    headline = {lid for lid, _, _ in ctx.sentences[0].mentions} if ctx.sentences else set()
    ranked = sorted(
        ((d.local_id in headline, d.mentions, d.local_id) for d in ctx.entities.values() if d.kind == "State" and d.local_id not in theirs),
        reverse=True,
    )
    if not ranked or not (ranked[0][0] or ranked[0][1] >= 2) or (len(ranked) > 1 and ranked[1][:2] == ranked[0][:2]):
        return None, theirs  # no clear other side
    return ranked[0][2], theirs


def _union_body(ctx: DocContext) -> str | None:
    """The Commission, else the Union, when the article names it."""
    for local_id in ("Organization:european-commission", "Organization:european-union"):
        if local_id in ctx.entities:
            return local_id
    return None


def guess_affiliations(ctx: DocContext, pending: list[tuple[str, Title, Sentence]], seen: Seen) -> None:
    """Affiliation for titles that name no state, from weaker clues."""
    weak = {w.lower() for w in ctx.lexicon.titles.get("weak_heads", [])}
    focal = ctx.focal_state()
    for person, title, _ in pending:
        if person not in seen.explicit and (default := _default_state(ctx, title.text)) and default.startswith("State:"):
            seen.implied.setdefault(person, set()).add(default)
    absent = {office: {f"State:{key}" for key in keys} for office, keys in ctx.lexicon.titles.get("no_such_office", {}).items()}
    for person, title, sentence in pending:
        if person in seen.explicit or title.head in weak or title.territory:
            continue
        if title.head in CORPORATE_HEADS:
            _company_guess(ctx, person, sentence, seen)
            continue
        if title.head in JUDICIAL_HEADS:
            courts = [lid for lid, e in ctx.entities.items() if e.kind == "Organization" and any("court" in f.lower().split() for f in e.forms)]
            courts = [c for c in courts if not any(c != d and c.split(":")[1] in d for d in courts)]  # "the Supreme Court" is "… of Bolivia"
            if len(courts) == 1:  # "Presiding Magistrate X wrote …" in a report of one court's ruling
                ctx.add_fact(person, "represents", courts[0], sentence, 0.6, "title-article-court")
            continue
        for other in title.person_affiliations:
            for state in sorted(seen.explicit.get(other, ())):
                ctx.add_fact(person, "represents", state, sentence, 0.6, "title-of-leader")
        if title.person_affiliations:
            continue
        default = _default_state(ctx, title.text)
        if default:
            kind, _, key = default.partition(":")
            ctx.entity(default, kind, key)
            ctx.add_fact(person, "represents", default, sentence, 0.7, "title-default-state")
            continue
        if title.ours:
            if focal:
                ctx.add_fact(person, "represents", focal, sentence, 0.65, "title-our-state")
            continue
        other_side, theirs = _other_side(ctx, sentence, person, seen)
        impossible = absent.get(title.head, set()) | theirs
        if other_side and other_side not in impossible:
            ctx.add_fact(person, "represents", other_side, sentence, 0.55, "counterpart-state")
        if title.head in UNION_HEADS and (body := _union_body(ctx)):
            ctx.add_fact(person, "represents", body, sentence, 0.55, "title-union-body")
            continue
        candidates = _guessable_states(ctx, sentence, person, seen)
        semicolons = [t.i for t in sentence.span if t.text == ";"]  # "for Angola, A, Minister of X; for Zambia, B": one clause each
        low, high = max((k for k in semicolons if k < title.start), default=-1), min((k for k in semicolons if k >= title.end), default=len(sentence.span.doc))
        candidates = [c for c in candidates if low < c[0] < high]
        allowed = {state for _, state, _ in candidates}
        before = [state for s, state, _ in sorted(candidates, reverse=True) if s < title.start]
        # "A signed a pact with B on Tuesday, Minister M said": the nearest state is A's partner; A is likelier M's
        partners = {state for s, state, _ in candidates if _co_party(sentence.span.doc[s])}
        before.sort(key=lambda state: state in partners)
        pair = [state for s, state, _ in candidates if s < title.start and (state in partners or _coordinated_subject(sentence.span.doc[s]))]
        if len(set(pair)) >= 2 and focal in pair and set(before) <= set(pair):
            before = [focal]  # "A and B signed …, Foreign Secretary M said": of the pair, the article's own state is M's likelier

        after = [state for s, state, body in sorted(candidates) if s >= title.end and not body]
        bodies = [state for s, state, body in sorted(candidates) if s >= title.end and body]
        # the article's state, unless the sentence gives it to someone else ("A signed with B of Korea")
        article = [focal] if focal and (focal in allowed or focal not in {lid for lid, _, _ in sentence.mentions}) else []
        if title.head in NOT_THE_ARTICLE_STATE:
            article = []
        # every candidate is kept with its rule; resolution picks one with the whole corpus in view
        for rule, states, confidence in (
            ("title-sentence-state", before[:1], 0.6),
            ("title-sentence-institution", bodies[:1], 0.55),
            ("title-article-state", article, 0.5),
            ("title-sentence-after", after[:1], 0.45),
        ):
            for state in states:
                if state in impossible:
                    continue  # the other side of the person's clause, or a state without that office
                ctx.entity(state, "State", state.partition(":")[2])
                ctx.add_fact(person, "represents", state, sentence, confidence, rule)
