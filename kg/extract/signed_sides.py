"""Who signed a deal the text signs in the passive without naming the signers: the sides its words state.

Why a module: "the accord between A and B, signed in 2021", "the A–B
memorandum was signed" and "the arrangement, concluded between the
ministries of A and B on 3 May" name no agent, yet say who the two sides
are; the signing rules ask this one question of each such verb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.agents import entities_of
from kg.extract.agreements import deal_tokens
from kg.extract.deal_facts import SIDE_KINDS
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token


def reduced_passive(ctx: DocContext, verb: Token) -> Token | None:
    """ "The Arrangement, concluded between A and B on 3 May, covers copper": the deal a participle the parser misread follows.

    A deal does not conclude or sign anything itself: a past form with no
    object and no subject but the deal, set off by a comma right after the
    deal, is the passive participle of a reduced relative clause on it,
    whatever the parser hung it on.
    """
    if verb.tag_ not in ("VBD", "VBN") or verb.i < 2 or verb.doc[verb.i - 1].text != "," or any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        return None
    deal = verb.doc[verb.i - 2]
    for _ in range(4):  # "the Memorandum of Understanding on Lithium, concluded …": up the name's "of"/"on" phrases
        if deal_tokens(ctx, deal) or deal.dep_ not in ("pobj", "prep"):
            break
        deal = deal.head
    if any(c.dep_ == "nsubj" and c.i != deal.i for c in verb.children) or not deal_tokens(ctx, deal):
        return None
    return deal


def sides_between(ctx: DocContext, sentence: Sentence, verb: Token) -> dict[str, list[str]]:
    """The sides a signed deal's own "between A and B" names, for a passive signing with no agent."""
    misread = reduced_passive(ctx, verb)
    holders = [misread] if misread is not None else [verb.head] if verb.dep_ in ("acl", "relcl") else [c for c in verb.children if c.dep_ == "nsubjpass"]
    found: dict[str, list[str]] = {}
    # "the Arrangement, concluded between the ministries of A and B": the verb's own "between"
    own = [a for c in verb.children if c.dep_ == "prep" and c.lower_ == "between" for g in c.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g, SIDE_KINDS)]
    for holder in holders:
        deal = ctx.ent(holder)
        if deal is None or ctx.kind(deal) != "Agreement":
            continue
        if len(own) >= 2:
            found[deal] = list(dict.fromkeys(own))
            continue
        for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ == "between"):
            sides = [a for g in prep.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g, SIDE_KINDS)]
            if len(sides) >= 2:
                found[deal] = sides
        # "the U.S.-Kenya cobalt agreement was signed": the pair that names it
        named = list(dict.fromkeys(s for t in holder.subtree if t.i < holder.i and (s := ctx.ent(t)) and ctx.kind(s) == "State"))
        if deal not in found and len(named) == 2:
            found[deal] = named
        # "the Agreement between the Government of A and the Government of B on X was signed": the sides its name holds
        extent = [t.i for t in holder.subtree if ctx.ent(t) == deal]
        if deal not in found and any(t.lower_ == "between" and ctx.ent(t) == deal for t in holder.subtree):
            inside = [lid for lid, b, _ in sorted(sentence.mentions, key=lambda m: m[1]) if min(extent) <= b <= max(extent) and ctx.kind(lid) == "State"]
            if len(set(inside)) >= 2:
                found[deal] = list(dict.fromkeys(inside))
    return found
