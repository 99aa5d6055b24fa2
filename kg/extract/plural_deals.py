"""Plural deals with a list of partners: one deal per partner.

Why: "The UAE has signed minerals agreements with Zambia and Angola" states
two deals, the UAE's with Zambia and the UAE's with Angola, and a reader
(and the annotation) expects each partner to be a side of its own deal, not
all of them sides of one. The mention finder maps one noun to one local
entity, so the split is made here, after every other extractor has stated
what it reads of the plural noun: each fact about the plural deal is copied
to every partner's deal, except a partner's own facts, which go to its deal
only; each partner is a side of its deal as the clause's subject is.

A plural deal named again later ("the agreements") is left whole: which of
the deals a later mention means is not said.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kg.extract.agents import entities_of
from kg.extract.registry import extractor
from kg.nlp.context import DocContext, EntityDraft, Sentence
from kg.types import LocalFact

if TYPE_CHECKING:
    from spacy.tokens import Token

SIDE_KINDS = ("State", "Organization")
#: Plurals the tagger reads as singular nouns.
IRREGULAR_PLURALS = frozenset({"memoranda", "mous", "moas", "mou's"})
#: What a deal's subject side does to it that its partner does too: "A signed agreements with B and C".
SHARED_ACTIONS = ("signs", "negotiates")


def _partners(ctx: DocContext, sentence: Sentence, head: Token) -> list[str]:
    """The sides listed after "with" on the plural noun or on its verb: "agreements with Zambia and Angola"."""
    holders = [head, head.head] if head.dep_ in ("dobj", "nsubjpass") else [head]
    found: list[str] = []
    for holder in holders:
        for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ == "with"):
            found += [p for g in prep.children if g.dep_ == "pobj" for p in entities_of(ctx, sentence, g, SIDE_KINDS) if p not in found]
    return [p for p in found if not ctx.entities[p].maybe_person]


def _plural_mention(ctx: DocContext, local_id: str) -> tuple[Sentence, Token] | None:
    """The one mention of an unnamed deal, when its head noun is plural."""
    places = [(sentence, start, end) for sentence in ctx.sentences for lid, start, end in sentence.mentions if lid == local_id]
    if len(places) != 1:
        return None
    sentence, start, end = places[0]
    head = sentence.span.doc[start:end].root
    return (sentence, head) if head.tag_ in ("NNS", "NNPS") or head.lower_ in IRREGULAR_PLURALS else None


def _copy(draft: EntityDraft, local_id: str, partner: str, partners: list[str]) -> EntityDraft:
    return replace(
        draft,
        local_id=local_id,
        forms=list(draft.forms),
        parties={p for p in draft.parties if p not in partners} | {partner},
        signatories=[s for s in draft.signatories if s not in partners or s == partner],
        titles=list(draft.titles),
        descriptions=list(draft.descriptions),
    )


def _split(ctx: DocContext, plural: str, partners: list[str]) -> None:
    draft = ctx.entities.pop(plural)
    own = {partner: f"{plural}/{n}" for n, partner in enumerate(partners, 1)}
    for partner, local_id in own.items():
        ctx.entities[local_id] = _copy(draft, local_id, partner, partners)
    facts: list[LocalFact] = []
    for fact in ctx.facts:
        if fact.subject == plural:
            facts += [replace(fact, subject=local_id) for local_id in own.values()]  # what all the deals cover
        elif not fact.literal and fact.object == plural:
            targets = [own[fact.subject]] if fact.subject in own else list(own.values())
            facts += [replace(fact, object=local_id) for local_id in targets]
            if fact.predicate in SHARED_ACTIONS and ctx.kind(fact.subject) in SIDE_KINDS and fact.subject not in own:
                facts += [replace(fact, subject=p, object=d) for p, d in own.items()] + [replace(fact, subject=p, predicate="partyTo", object=d) for p, d in own.items()]
        else:
            facts.append(fact)
    ctx.facts = list(dict.fromkeys(facts))
    ctx.mentions = [(local_id, m) for lid, m in ctx.mentions for local_id in (own.values() if lid == plural else [lid])]
    for sentence in ctx.sentences:
        sentence.mentions = [(local_id, s, e) for lid, s, e in sentence.mentions for local_id in (own.values() if lid == plural else [lid])]
    for where, local in list(ctx.token_entity.items()):
        if local == plural:
            ctx.token_entity[where] = next(iter(own.values()))
            ctx.token_group[where] = tuple(own.values())


@extractor("plural-deals", order=99)
def split_plural_deals(ctx: DocContext) -> None:
    """One deal per listed partner of an unnamed plural deal mentioned once."""
    for local_id in sorted(lid for lid, d in ctx.entities.items() if d.kind == "Agreement" and not d.named):
        found = _plural_mention(ctx, local_id)
        if found is None:
            continue
        partners = _partners(ctx, *found)
        if len(partners) >= 2:
            _split(ctx, local_id, partners)
