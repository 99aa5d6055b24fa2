"""Who signed, from the report of a signing ceremony: "At the signing, Chile was represented by ...".

Why apart from the verb patterns: the sentence names no agreement and no
signing verb; "the signing" refers back to the deal the article reports as
signed, and each "S was represented by P" makes S a signatory (signs,
partyTo) and P the person who signed for it.
"""

from __future__ import annotations

from kg.extract.agents import entities_of
from kg.extract.base import lemma_set, negated
from kg.extract.registry import extractor
from kg.nlp.context import DocContext, Sentence

CEREMONY_NOUNS = frozenset({"ceremony", "signing", "signature"})


def _signed_deal(ctx: DocContext, sentence: Sentence) -> str | None:
    """The deal "the signing" refers to: one in the sentence, else the article's main deal if reported signed, else the last signed."""
    here = [lid for lid, _, _ in sentence.mentions if ctx.kind(lid) == "Agreement"]
    if len(set(here)) == 1:
        return here[0]
    signed = [f for f in ctx.facts if f.predicate == "signs" and ctx.kind(f.object) == "Agreement" and f.evidence.start < sentence.start]
    if any(f.object == ctx.main_deal for f in signed):
        return ctx.main_deal
    return max(signed, key=lambda f: f.evidence.start).object if signed else None


@extractor("signing-representatives", order=45)
def signing_representatives(ctx: DocContext) -> None:
    """signs/partyTo for "At the signing, S was represented by P" (S signs; P signs for S)."""
    ceremony = CEREMONY_NOUNS | lemma_set(ctx, "signs", "nouns")
    for sentence in ctx.sentences:
        if not any(t.lemma_.lower() in ceremony and t.pos_ == "NOUN" for t in sentence.span):
            continue
        verbs = [t for t in sentence.span if t.lemma_.lower() == "represent" and t.tag_ == "VBN" and not negated(t)]
        if not verbs:
            continue
        deal = _signed_deal(ctx, sentence)
        if deal is None:
            continue
        for verb in verbs:
            sides = [s for c in verb.children if c.dep_ == "nsubjpass" for s in entities_of(ctx, sentence, c, ("State", "Organization"))]
            people = [p for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj" for p in entities_of(ctx, sentence, g, ("Person",))]
            for side in sides:
                ctx.add_fact(side, "signs", deal, sentence, 0.8, "signing-representative")
                ctx.add_fact(side, "partyTo", deal, sentence, 0.75, "signing-representative")
            for person in people if sides else []:
                ctx.add_fact(person, "signs", deal, sentence, 0.7, "signing-representative")
