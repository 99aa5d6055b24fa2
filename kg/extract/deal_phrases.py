"""Where a deal noun's phrases hang, and when a joint venture is a contract.

Why apart from :mod:`kg.extract.agreement_mentions`: the sign and talk
rules (:mod:`kg.extract.actions`) read the same phrases for co-signers, and
the parser hangs a partner phrase on the noun, on its "of"/topic phrase, on
a place after it or on the verb: one reading for every rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.agents import clause_agents, with_partners
from kg.extract.base import lemma_set, negated
from kg.extract.deal_topics import TOPIC_PREPS
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

SIDE_KINDS = ("State", "Organization")


#: Common nouns of a deal's "of" phrase, which a capitalised name makes proper nouns: "Memorandum of Understanding".
OF_NOUNS = frozenset({"understanding", "cooperation", "co-operation", "intent", "collaboration"})


def phrase_heads(token: Token) -> list[Token]:
    """The deal noun and the common nouns of its "of" and topic phrases, where the parser hangs the rest.

    "a memorandum of understanding *with X*", "a deal on nickel *with X*",
    "an agreement in principle *with X*": the partner phrase follows the
    last noun, and the parser hangs it there.
    """
    preps = ("of", *TOPIC_PREPS)
    heads = [token] + [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj" and (g.pos_ == "NOUN" or g.lower_ in OF_NOUNS)
    ]
    heads += [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in ("in", "at")
        for g in c.children
        if g.dep_ == "pobj" and g.pos_ == "PROPN"
    ]  # "a joint venture in X *with B*"
    heads += [c for c in token.children if c.dep_ == "appos" and any(t.text in ('"', "“") for t in c.subtree)]  # 'an offtake (the "X Offtake") *with B*'
    # "a memorandum of understanding on lithium *with X*": the topic of its "of" phrase
    return heads + [
        g
        for h in heads[1:]
        if h.lower_ in OF_NOUNS
        for c in h.children
        if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS
        for g in c.children
        if g.dep_ == "pobj" and g.pos_ == "NOUN"
    ]


def partnered(ctx: DocContext, token: Token) -> bool:
    """A joint venture acted on with its partner: "cancelled A's joint venture with B", "A and B are negotiating a joint venture"."""
    paired = token.dep_ == "dobj" and any(
        len({lid for t in s.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) in SIDE_KINDS}) >= 2
        for s in token.head.children
        if s.dep_ == "nsubj"
    )
    return paired or (
        token.dep_ in ("dobj", "nsubjpass")
        and any(c.dep_ == "prep" and c.lower_ == "with" for holder in (*phrase_heads(token), token.head) for c in holder.children)
    )


def names_a_body(ctx: DocContext, token: Token) -> bool:
    """ "Sicomex, a joint venture of A and B", "Sicomex is a joint venture": the noun says what a company is."""
    named = [token.head] if token.dep_ == "appos" else [c for c in token.head.children if c.dep_ == "nsubj"] if token.dep_ == "attr" else []
    named += [c for c in token.children if c.dep_ == "appos"]
    if any(ctx.kind(ctx.ent(n)) == "Organization" for n in named):
        return True
    # "the Sicomex joint venture": named by one body and no partner, the company it is
    owners = {lid for c in token.children if c.dep_ in ("compound", "nmod") and (lid := ctx.ent(c)) and ctx.kind(lid) == "Organization"}
    return len(owners) == 1 and not any(c.dep_ in ("prep", "poss") for c in token.children)


def relative_signers(ctx: DocContext, sentence: Sentence, token: Token) -> set[str]:
    """ "the partnership that A and B signed in 2023": a definite deal whose own relative clause names who signed, proposed or negotiated it.

    Such a clause says which deal is meant, so its actors are the deal's
    parties even on a definite mention, whose sides are otherwise the ones
    it refers back to. Only a clause with its own subject, whose object is
    the deal: "the partnership, which was signed in 2023" names nobody.
    """
    actions = lemma_set(ctx, "signs", "verbs") | lemma_set(ctx, "proposes", "verbs") | lemma_set(ctx, "negotiates", "verbs")
    found: set[str] = set()
    for clause in (c for h in (token, *phrase_heads(token)[1:]) for c in h.children if c.dep_ in ("relcl", "acl") and c.lemma_.lower() in actions):
        participle = clause.dep_ == "acl" and clause.tag_ == "VBN"  # "the offtake agreement signed with B in 2023": B only
        if negated(clause) or (not participle and (any(c.dep_ == "nsubjpass" for c in clause.children) or not any(c.dep_ == "nsubj" for c in clause.children))):
            continue
        if any(c.dep_ == "dobj" and c.lower_ not in ("that", "which") for c in clause.children):
            continue  # "the deal under which A signed contracts": the clause's object is another thing
        partners = with_partners(ctx, sentence, clause, SIDE_KINDS)
        found |= {a for a in [*([] if participle else clause_agents(ctx, sentence, clause, SIDE_KINDS)), *partners] if not ctx.entities[a].maybe_person}  # "… that A signed with B"
    return found
