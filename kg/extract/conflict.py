"""Conflict between states: inConflictWith from war, invasion or attack language.

A conflict needs war, invasion or attack language that links the two
states: a civil war is no war between states, and a state that merely
appears in the sentence is no side. When the text leaves one side implicit
("fend off Russian aggression") the subject of the clause fills it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.agreement_words import agreement_words
from kg.extract.base import arg_entities, clause_subjects, lemma_set, modal, negated, subjects
from kg.extract.registry import extractor
from kg.nlp.context import DocContext
from kg.nlp.token_table import tokens_where

if TYPE_CHECKING:
    from spacy.tokens import Token

SPECULATIVE = {"could", "might", "may", "would"}
#: Verbs whose object is a war its subject fights: "waged a war on", "launched strikes against".
WAGING_VERBS = frozenset({"wage", "launch", "mount", "conduct", "carry", "start", "begin", "escalate", "continue", "unleash", "step"})
#: Modifiers that make a war word no war between states.
NOT_WAR = frozenset({"civil", "trade", "tariff", "price", "currency", "information", "cyber", "culture", "bidding", "tax", "legal", "chip", "tech"})


def _governing_verb(token: Token) -> str:
    current = token
    for _ in range(4):
        if current.head.i == current.i:
            break
        current = current.head
        if current.pos_ == "VERB":
            return current.lemma_.lower()
    return ""


def _opponents(ctx: DocContext, verb: Token, war_nouns: frozenset[str]) -> list[str]:
    """States a verb's war is fought with or against: "fought (a war) with/against Y"."""
    heads = [verb] + [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in war_nouns]
    return [
        a
        for head in heads
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in ("with", "against")
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for a in arg_entities(ctx, pobj, ("State",))
    ]


def _reciprocal(ctx: DocContext, verb: Token, war_nouns: frozenset[str]) -> bool:
    """A conflict verb whose coordinated subjects fight each other: no object, or a bare war noun as object.

    "A and B fought a war" pairs A with B; "A and B fight Russian aggression" does not (the noun names the enemy).
    """
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return all(
        (o.lower_ == "other" and any(c.lower_ in ("each", "one") for c in o.children))
        or (o.lemma_.lower() in war_nouns and not any(arg_entities(ctx, c, ("State",)) for c in o.children if c.dep_ in ("amod", "compound", "poss", "nmod")))
        for o in objects
    )


@extractor("conflict", order=90)
def conflict(ctx: DocContext) -> None:
    """inConflictWith: "Russian aggression", "Russia's invasion of Ukraine", "war with Russia"."""
    nouns = lemma_set(ctx, "conflict", "nouns")
    verbs = lemma_set(ctx, "conflict", "verbs")
    victim_verbs = lemma_set(ctx, "conflict", "victim_verbs")
    deal_nouns = agreement_words(ctx.lexicon).nouns
    focal = ctx.focal_state()
    for sentence in ctx.sentences:
        states_here = [lid for lid, _, _ in sentence.mentions if ctx.kind(lid) == "State"]
        if not states_here:
            continue
        # from the table: a war noun or a verb of attack starts every rule below
        for token in tokens_where(sentence.span, lambda t, i: t.lemma_lower[i] in nouns or t.lower[i] in nouns or (t.pos[i] == "VERB" and t.lemma_lower[i] in verbs)):
            lemma = token.lemma_.lower()
            sides: list[str] = []
            others: list[str] = []
            gerund = token.tag_ == "VBG" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")  # "Fighting between A and B erupted"
            if (token.pos_ == "NOUN" or gerund) and (lemma in nouns or token.lower_ in nouns):
                if any(c.lower_ in NOT_WAR for c in token.children if c.i < token.i):
                    continue  # "the Angolan civil war", "a trade war": no war between states
                sides = [a for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < token.i for a in arg_entities(ctx, c, ("State",))]
                if not sides and token.dep_ == "conj":
                    sides = [a for c in token.head.children if c.dep_ in ("amod", "compound", "poss") for a in arg_entities(ctx, c, ("State",))]
                if not sides and token.dep_ == "pobj" and token.head.lower_ == "at" and token.head.head.lemma_ == "be" and not negated(token.head.head):
                    sides = [a for s in subjects(token.head.head) for a in arg_entities(ctx, s, ("State",))]  # "A has been at war with B"
                    if len(sides) >= 2 and not any(c.lower_ == "with" for c in token.children):
                        sides, others = sides[:1], sides[1:]  # "A and B were at war"
                if not sides and token.dep_ == "dobj" and token.head.lemma_.lower() in WAGING_VERBS and not negated(token.head):
                    # "Israel launched airstrikes on Iran", "A waged a war against B": the one who wages it is a side
                    sides = [a for s in subjects(token.head) for a in arg_entities(ctx, s, ("State",))]
                for child in token.children:
                    if child.dep_ == "prep" and child.lower_ == "between":
                        # "the war between Armenia and Azerbaijan": the first against the others
                        pair = [a for g in child.children if g.dep_ == "pobj" for a in arg_entities(ctx, g, ("State",))]
                        if len(pair) >= 2 and not sides:
                            sides, others = pair[:1], pair[1:]
                    if child.dep_ == "prep" and child.lower_ in ("of", "against", "on", "with", "in", "into"):
                        for pobj in (g for g in child.children if g.dep_ == "pobj"):
                            (others if sides else sides).extend(arg_entities(ctx, pobj, ("State",)))
            elif token.pos_ == "VERB" and lemma in verbs:
                if negated(token) or modal(token, SPECULATIVE):
                    continue  # "did not invade", "could attack": no conflict stated
                if any(d.lower_ in NOT_WAR for c in token.children if c.dep_ == "dobj" for d in c.children if d.i < c.i):
                    continue  # "fought a trade war with Canada"
                if any(c.lemma_.lower() in deal_nouns or ctx.kind(ctx.ent(c)) == "Agreement" for c in token.children if c.dep_ == "dobj"):
                    continue  # "struck a deal with Ghana", "targeted an accord": a deal is no attack
                sides = [a for s in subjects(token) for a in arg_entities(ctx, s, ("State",))]
                others = [a for c in token.children if c.dep_ == "dobj" for a in arg_entities(ctx, c, ("State",))]
                others += _opponents(ctx, token, nouns)
                if not others and len(set(sides)) >= 2 and _reciprocal(ctx, token, nouns):
                    # "A and B fought a war": each side fought the other, not a third state
                    sides, others = sides[:1], sides[1:]
            else:
                continue
            if not sides:
                continue
            confidence = 0.85
            if not others and _governing_verb(token) in victim_verbs:
                others = [s for s in clause_subjects(ctx, token, ("State",)) if s not in sides]
                confidence = 0.7
            if not others:
                # the implicit victim is the state the article is about ("the Russian invasion" in news about
                # Ukraine), never whichever other state the sentence happens to name
                candidates = [s for s in dict.fromkeys(states_here) if s not in sides]
                if focal and focal not in sides and (focal in candidates or not candidates):
                    others = [focal]
                confidence = 0.55
            for side in dict.fromkeys(sides):
                for other in dict.fromkeys(others):
                    ctx.add_fact(side, "inConflictWith", other, sentence, confidence, "conflict")
