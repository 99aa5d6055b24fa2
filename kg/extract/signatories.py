"""Who signed, from the report of a signing ceremony ("At the signing, Chile was represented by ...") or a treaty's signature block.

Why apart from the verb patterns: the sentence names no agreement and no
signing verb; "the signing" refers back to the deal the article reports as
signed, and each "S was represented by P" makes S a signatory (signs,
partyTo) and P the person who signed for it. A treaty text ends the same
way without a verb: "For the Government of Japan:" and the signer's name
on the next line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.agents import clause_agents, entities_of
from kg.extract.base import lemma_set, modal, negated
from kg.extract.deal_facts import reference_date
from kg.extract.registry import extractor
from kg.extract.signing_dates import date_value
from kg.nlp.blocks import signs_for
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

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


def _for_phrases(verb: Token) -> list[Token]:
    """The "for X" phrases of a signing verb, those coordinated with them ("for A by P and for B by Q") included."""
    found = []
    stack = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"]
    # "signed for A by P and for B by Q": the parser may hang the second "for" on the first phrase
    stack += [g for c in verb.children if c.dep_ in ("prep", "agent") for g in c.children if g.dep_ == "conj" and g.lower_ == "for"]
    while stack:
        prep = stack.pop()
        if prep not in found:
            found.append(prep)
            stack += [c for c in prep.children if c.dep_ == "conj" and c.lower_ == "for"]
    return sorted(found, key=lambda t: t.i)


def _behalf_of(verb: Token) -> list[Token]:
    """The objects of "on behalf of X"."""
    ons = [c for c in verb.children if c.dep_ in ("prep", "conj") and c.lower_ == "on"]  # "… and on behalf of B by Q": a conjunct
    return [
        g
        for on in ons + [c for o in ons for c in o.children if c.dep_ == "conj" and c.lower_ == "on"]
        for behalf in on.children
        if behalf.lower_ == "behalf"
        for of in behalf.children
        if of.lower_ == "of"
        for g in of.children
        if g.dep_ == "pobj"
    ]


def _deal_signed(ctx: DocContext, sentence: Sentence, verb: Token) -> str | None:
    """The deal of a signing verb: its own object, or for "P signed for his government" the deal the article reports signed."""
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            local = ctx.ent(child)
            return local if local is not None and ctx.kind(local) == "Agreement" else None
    return _signed_deal(ctx, sentence)


@extractor("signed-for", order=46)
def signed_for(ctx: DocContext) -> None:
    """Who signs for whom: "P signed for Finland", "signed on behalf of the EU", "signed for A by P and for B by Q".

    The state or body signed for is a signatory; a signing with no object
    ("Q and R signed for their governments") is the signing of the deal the
    article reports signed.
    """
    signing = lemma_set(ctx, "signs", "verbs") & {"sign", "countersign", "initial"}
    modals = set(ctx.lexicon.relations.get("modal_words", []))
    for sentence in ctx.sentences:
        for verb in (t for t in sentence.span if t.lemma_.lower() in signing and t.pos_ == "VERB"):
            if negated(verb) or modal(verb, modals):
                continue
            phrases = _for_phrases(verb)
            behalf = _behalf_of(verb)
            if not phrases and not behalf:
                continue
            deal = _deal_signed(ctx, sentence, verb)
            if deal is None:
                continue
            sides: list[str] = []
            paired: dict[str, str] = {}  # side -> the person the text says signed for it
            for pobj in [g for p in phrases for g in p.children if g.dep_ == "pobj"] + behalf:
                for side in entities_of(ctx, sentence, pobj, ("State", "Organization")):
                    sides.append(side)
                    ctx.add_fact(side, "signs", deal, sentence, 0.8, "signed-for")
                    ctx.add_fact(side, "partyTo", deal, sentence, 0.8, "signed-for")
                    # "... and for B by Q": the parser hangs Q's "by" on B (or on "behalf" of "on behalf of B"); Q signs for B
                    hosts = [pobj, pobj.head.head] if pobj.head.lower_ == "of" and pobj.head.head.lower_ == "behalf" else [pobj]
                    bys = [q for h in hosts for b in h.children if b.dep_ == "prep" and b.lower_ == "by" for q in b.children if q.dep_ == "pobj"]
                    for person in (p for q in bys for p in entities_of(ctx, sentence, q, ("Person",))):
                        ctx.add_fact(person, "signs", deal, sentence, 0.8, "signed-for")
                        ctx.add_fact(person, "represents", side, sentence, 0.8, "signed-for")
                        paired[side] = person
            # "Minister Q signed for Bolivia"; "signed on behalf of A by P and on behalf of B by Q": the one left acts for the one left
            signers = [p for p in clause_agents(ctx, sentence, verb, ("Person",)) if p not in paired.values()]
            unpaired = [side for side in dict.fromkeys(sides) if side not in paired]
            if len(unpaired) == 1 and len(signers) == 1:
                ctx.add_fact(signers[0], "represents", unpaired[0], sentence, 0.8, "signed-for")
            if not any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
                for agent in clause_agents(ctx, sentence, verb):
                    ctx.add_fact(agent, "signs", deal, sentence, 0.8, "signed-for")


#: A treaty text's closing line that dates its signature: "Done at Santiago on 12 March 2025".
DONE_AT = re.compile(r"^\s*(?:Done|DONE) (?:at|in) ")


@extractor("signature-block", order=47)
def signature_block(ctx: DocContext) -> None:
    """ "For the Government of the Republic of Chile:" / "Aurora Williams": the side signs the text, the name under it signs for the side.

    The text signed is the article's own deal (a treaty text names itself in
    its title). Only a side line with a signer's name under it is a
    signature block ("For Chile:" over a paragraph is a section of a
    roundup); one naming more than one side, or an article with no deal,
    says nothing.
    """
    deals = {lid for lid, entity in ctx.entities.items() if entity.kind == "Agreement"}
    deal = ctx.main_deal or (next(iter(deals)) if len(deals) == 1 else None)
    if deal is None:
        return
    for index, sentence in enumerate(ctx.sentences):
        text = ctx.document.text[sentence.start : sentence.end]
        if DONE_AT.match(text):  # "Done at Santiago on 12 March 2025, in two originals": the text's date of signature
            dates = [v for e in sentence.span.ents if e.label_ == "DATE" and (v := date_value(e.text, reference_date(ctx, sentence)))]
            if dates:
                ctx.add_attribute(deal, "signedOn", max(dates, key=len), sentence, 0.8, "signature-block")
        if not signs_for(text):
            continue
        sides = {lid for lid, _, _ in sentence.mentions if ctx.kind(lid) in ("State", "Organization")}
        if len(sides) != 1:
            continue
        following = ctx.sentences[index + 1] if index + 1 < len(ctx.sentences) else None
        if following is None or following.block != sentence.block + 1:
            continue
        signers = {lid for lid, _, _ in following.mentions if ctx.kind(lid) == "Person"}
        if len(signers) != 1 or len(following.mentions) != 1:
            continue  # the next line must be the signer's name and nothing else
        side, signer = sides.pop(), signers.pop()
        ctx.add_fact(side, "signs", deal, sentence, 0.8, "signature-block")
        ctx.add_fact(side, "partyTo", deal, sentence, 0.8, "signature-block")
        ctx.add_fact(signer, "signs", deal, following, 0.8, "signature-block")
        ctx.add_fact(signer, "represents", side, following, 0.8, "signature-block")

