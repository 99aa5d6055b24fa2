"""seeksMembershipIn: whose bid to join which organisation (issue 15, item 2).

Why apart from aid and conflict: the language of joining is full of traps.
"A backed B's bid to join O" is B's bid, not A's; "A declined to join O",
"A pulled out of O" and "A could join O" are no bids; "A and B join C in
support of D" joins C in an action, not an organisation; "A joined the
partnership" makes A a party of an agreement (see :mod:`kg.extract.members`),
not a member of an organisation. So the target is read from the trigger's
own argument (the object of "join", "accession to", "membership of", the
modifier of "membership"), the seeker from the bid's owner (its possessor)
before the clause subject, and negation, refusal and speculative modals
block the fact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.agents import clause_agents
from kg.extract.base import arg_entities, governing_lemmas, lemma_set, modal, negated, subjects
from kg.extract.registry import extractor
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

PRONOUNS = {"its", "their", "his", "her", "our", "it", "they", "he", "she", "we"}
#: Nouns whose owner is the one who wants to join: "B's bid to join", "its application to accede".
BID_NOUNS = frozenset({"bid", "application", "attempt", "request", "effort", "efforts", "push", "drive", "ambition", "ambitions", "hope", "hopes", "plan", "plans", "quest", "aspiration", "aspirations", "path", "candidacy", "wish", "desire"})
REFUSALS = frozenset({"decline", "refuse", "reject", "rule", "oppose", "abandon", "drop", "shelve", "withdraw", "quit"})
SPECULATIVE = frozenset({"could", "might", "may", "would"})
TARGET_PREPS = ("to", "of", "in", "into", "for")


def _represented_state(ctx: DocContext, person: str) -> str | None:
    for fact in ctx.facts:
        if fact.subject == person and fact.predicate == "represents" and ctx.kind(fact.object) == "State":
            return fact.object
    return None


def _as_states(ctx: DocContext, locals_: list[str]) -> list[str]:
    result = []
    for local in locals_:
        if ctx.kind(local) == "State":
            result.append(local)
        elif ctx.kind(local) == "Person" and (state := _represented_state(ctx, local)):
            result.append(state)
    return list(dict.fromkeys(result))


def _preceding_state(ctx: DocContext, sentence: Sentence, token: Token) -> str | None:
    before = [(s, lid) for lid, s, _ in sentence.mentions if s < token.i and ctx.kind(lid) in ("State", "Person")]
    for _, lid in sorted(before, reverse=True):
        states = _as_states(ctx, [lid])
        if states:
            return states[0]
    return None


def _organisations(ctx: DocContext, tokens: list[Token]) -> list[str]:
    found = []
    for token in tokens:
        for local in arg_entities(ctx, token, ("Organization",)):
            entry = ctx.lexicon.get(ctx.entities[local].key)
            if entry is None or entry.org_kind in (None, "intergovernmental"):
                found.append(local)
    return list(dict.fromkeys(found))


def _targets(ctx: DocContext, trigger: Token) -> list[str]:
    """The organisation a trigger is about: "join O", "accede to O", "O membership", "membership of O"."""
    args: list[Token] = []
    if trigger.pos_ == "VERB":
        args += [c for c in trigger.children if c.dep_ == "dobj"]
    else:
        args += [c for c in trigger.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < trigger.i]
        if trigger.dep_ == "compound":
            args.append(trigger.head)  # "EU membership talks" read from "membership"
            # "Ukraine's NATO membership bid": the parser hangs "NATO" on "bid", beside "membership"
            args += [c for c in trigger.head.children if c.dep_ in ("compound", "nmod") and c.i < trigger.i]
            if trigger.head.lemma_.lower() in ("talk", "talks", "negotiation", "negotiations"):  # "accession talks with the OECD"
                args += [g for c in trigger.head.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
    args += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS for g in c.children if g.dep_ == "pobj"]
    return _organisations(ctx, args)


def _owners(ctx: DocContext, sentence: Sentence, noun: Token, targets: list[str]) -> list[str]:
    """States owning a bid noun: "Moldova's bid", "its application" (the state named before), "Ukrainian accession"."""
    found: list[str] = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod") and child.i < noun.i and ctx.ent(child) not in targets:
            if child.lower_ in PRONOUNS:
                state = _preceding_state(ctx, sentence, noun)
                found += [state] if state else []
            else:
                found += _as_states(ctx, arg_entities(ctx, child, ("State", "Person")))
    return found


def _blocked(verb: Token, modals: set[str]) -> bool:
    """Negated, refused ("declined to join"), speculative ("could join") or counterfactual ("should have joined")."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    counterfactual = "have" in auxiliaries and bool(auxiliaries & {"should", "would", "could", "might", "ought"})
    return negated(verb) or bool(set(governing_lemmas(verb)) & REFUSALS) or modal(verb, modals & SPECULATIVE) or counterfactual


def _seekers(ctx: DocContext, sentence: Sentence, trigger: Token, targets: list[str], modals: set[str]) -> tuple[list[str], float] | None:
    """Who wants to join, with a confidence; None when the text says no one does."""
    if trigger.pos_ == "VERB":
        if _blocked(trigger, modals):
            return None
        if any(c.dep_ == "prep" and c.lower_ == "in" and not any(g.ent_type_ in ("DATE", "TIME") or g.like_num for g in c.children) for c in trigger.children):
            return None  # "A joins B in support of C": joining B in an action ("applied to join O in 2022" is a bid)
        if any(c.dep_ == "prep" and c.lower_ == "as" for c in trigger.children):
            return None  # "before joining the state miner X as an engineer": a post, not a membership
        holder = trigger.head if trigger.dep_ in ("acl", "xcomp", "relcl") and trigger.head.pos_ == "NOUN" else None
        if holder is not None and holder.lemma_.lower() in BID_NOUNS:
            owners = _owners(ctx, sentence, holder, targets)
            if owners or any(c.dep_ == "poss" for c in holder.children):
                return owners, 0.8  # "A backed B's bid to join O": the bid is B's
        agents = _as_states(ctx, [a for a in clause_agents(ctx, sentence, trigger, ("State", "Person"))])
        if not agents and any(s.lower_ in PRONOUNS for s in subjects(trigger)):
            state = _preceding_state(ctx, sentence, trigger)
            agents = [state] if state else []
        return agents, 0.8
    if trigger.dep_ == "attr" and trigger.head.lemma_.lower() == "become":
        become = trigger.head
        if _blocked(become, modals):
            return None
        if become.dep_ in ("acl", "xcomp") and become.head.pos_ == "NOUN" and become.head.lemma_.lower() in BID_NOUNS:
            return _owners(ctx, sentence, become.head, targets), 0.8  # "submitted its application to become a member of O"
        return _as_states(ctx, clause_agents(ctx, sentence, become, ("State", "Person"))), 0.8
    owners = _owners(ctx, sentence, trigger, targets)
    if trigger.dep_ in ("compound", "pobj") and not owners:
        owners = _owners(ctx, sentence, trigger.head, targets)
    if owners:
        return owners, 0.8
    verb = next((t for t in trigger.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or _blocked(verb, modals):
        return None
    return _as_states(ctx, clause_agents(ctx, sentence, verb, ("State", "Person"))), 0.7


@extractor("membership", order=80)
def membership(ctx: DocContext) -> None:
    """seeksMembershipIn: "bid to join the EU", "NATO membership", "EU accession", "applied to accede to the WTO"."""
    verbs = lemma_set(ctx, "membership", "verbs")
    nouns = lemma_set(ctx, "membership", "nouns") - BID_NOUNS
    modals = set(ctx.lexicon.relations.get("modal_words", []))
    for sentence in ctx.sentences:
        if not any(ctx.kind(lid) == "Organization" for lid, _, _ in sentence.mentions):
            continue
        for token in sentence.span:
            lemma = token.lemma_.lower()
            # "hopes to become a member of the OECD"
            becoming = token.lemma_.lower() == "member" and token.dep_ == "attr" and token.head.lemma_.lower() == "become"
            if not ((token.pos_ == "VERB" and lemma in verbs) or (token.pos_ == "NOUN" and lemma in nouns) or becoming):
                continue
            targets = _targets(ctx, token)
            if not targets:
                continue
            found = _seekers(ctx, sentence, token, targets, modals)
            if found is None:
                continue
            seekers, confidence = found
            for seeker in dict.fromkeys(seekers):
                for target in targets:
                    ctx.add_fact(seeker, "seeksMembershipIn", target, sentence, confidence, "membership")
