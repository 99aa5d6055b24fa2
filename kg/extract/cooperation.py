"""The sides of "the partnership" an article announces as agreed cooperation.

Government releases often announce a deal without a deal noun in the
announcing sentence: "Minister M agreed to deepen the UK's cooperation with
Chile on lithium", and only later call it "the partnership" or "the
agreement". Without this rule that later mention finds no party and
:mod:`kg.extract.agreement_sides` drops it as a manner of speaking. Here an
agreement to deepen (strengthen, expand, step up ...) cooperation with a
named side gives the article's sideless deal its sides: whoever agreed signs
it (a minister for the state the text gives them), the state whose
cooperation it is is a party and signs, the counterpart "with" whom it was
agreed is a party, and the minerals it is "on" are covered. Nothing is
created: without a sideless deal mention in the article the cooperation is
only a statement of intent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.agents import AGENT_KINDS, clause_agents, entities_of
from kg.extract.base import arg_entities, modal, negated
from kg.extract.deal_facts import SIDE_KINDS
from kg.extract.registry import extractor
from kg.nlp.context import DocContext, Sentence
from kg.nlp.token_table import tokens_where

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Nouns for the cooperation a text says was agreed.
COOPERATION_NOUNS = frozenset({"cooperation", "co-operation", "collaboration", "partnership", "ties", "relationship", "engagement"})
#: Verbs that grow it ("agreed to deepen cooperation"); "agree" itself takes it as object ("agreed closer cooperation").
GROWING_VERBS = frozenset({"deepen", "strengthen", "expand", "boost", "enhance", "intensify", "broaden", "step", "formalise", "formalize", "agree"})
#: Verbs that commit their subject to what their complement says: "agreed to deepen", "committed to deepening".
COMMITTING_VERBS = frozenset({"agree", "commit", "pledge", "decide", "resolve", "vow"})
#: Verbs that are cooperation by themselves: "agreed to work with Korea on lithium".
COOPERATING_VERBS = frozenset({"work", "cooperate", "collaborate", "partner", "team"})


def _agreed(verb: Token) -> Token | None:
    """The committing verb above ("agreed to deepen", "committed to deepening"), or the verb itself when it is "agree"."""
    if verb.lemma_.lower() == "agree":
        return verb
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in COMMITTING_VERBS:
        return head
    if verb.dep_ == "pcomp" and head.lower_ == "to" and head.head.lemma_.lower() in COMMITTING_VERBS:
        return head.head  # "committed to deepening cooperation"
    return None


def _cooperation_clauses(sentence: Sentence) -> list[tuple[Token, Token | None]]:
    """(verb, cooperation noun or None) pairs: "deepen cooperation", "strengthen their partnership", "work with"."""
    found: list[tuple[Token, Token | None]] = []
    for token in tokens_where(sentence.span, lambda t, i: t.lemma_lower[i] in COOPERATION_NOUNS or t.pos[i] == "VERB"):
        if token.lemma_.lower() in COOPERATION_NOUNS and token.dep_ == "dobj" and token.head.lemma_.lower() in GROWING_VERBS:
            found.append((token.head, token))
        elif token.pos_ == "VERB" and token.lemma_.lower() in COOPERATING_VERBS:
            found.append((token, None))
        elif token.pos_ == "VERB" and any(c.dep_ == "advmod" and c.lower_ in ("jointly", "together") for c in token.children):
            found.append((token, None))  # "agreed to jointly explore and process tungsten and lithium"
    return found


def _counterparts(ctx: DocContext, sentence: Sentence, verb: Token, noun: Token | None) -> list[str]:
    """Those the cooperation is "with": on the noun ("cooperation with Chile") or on the verb."""
    return [
        lid
        for holder in (noun, verb)
        if holder is not None
        for prep in holder.children
        if prep.dep_ == "prep" and prep.lower_ == "with"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for lid in entities_of(ctx, sentence, pobj, SIDE_KINDS)
    ]


def _sideless_deal(ctx: DocContext, after: int) -> str | None:
    """The first unnamed deal of the article without a side, mentioned in or after sentence ``after`` (else before)."""
    involved = {f.object for f in ctx.facts if f.predicate in ("partyTo", "signs", "rejects", "proposes", "negotiates") and not f.literal}
    candidates = [
        (mention.sentence, lid)
        for lid, mention in ctx.mentions
        if ctx.kind(lid) == "Agreement" and lid not in involved and not ctx.entities[lid].named and not ctx.entities[lid].parties
    ]
    later = sorted(c for c in candidates if c[0] >= after)
    chosen = later or sorted(candidates, reverse=True)
    return chosen[0][1] if chosen else None


@extractor("agreed-cooperation", order=94)
def agreed_cooperation(ctx: DocContext) -> None:
    """signs/partyTo for the article's sideless deal from "A agreed to deepen (A's) cooperation with C", "A and B agreed to ..."."""
    for sentence in ctx.sentences:
        for verb, noun in _cooperation_clauses(sentence):
            agree = _agreed(verb)
            if agree is None or negated(agree) or negated(verb) or modal(agree, {"could", "might", "may", "would", "should"}):
                continue
            counterparts = _counterparts(ctx, sentence, verb, noun)
            owners = [a for c in (noun.children if noun is not None else ()) if c.dep_ == "poss" for a in arg_entities(ctx, c, SIDE_KINDS)]
            signers = [a for a in clause_agents(ctx, sentence, agree, AGENT_KINDS) if a not in counterparts]
            sides = {a for a in signers + owners if ctx.kind(a) in SIDE_KINDS}
            if not counterparts and len(sides) < 2:
                continue  # cooperation with no one named: no sides to give
            deal = _deal_of_sides(ctx, sides | set(counterparts)) or _sideless_deal(ctx, sentence.index)
            if deal is None:
                return
            for signer in dict.fromkeys(signers + owners):
                ctx.add_fact(signer, "signs", deal, sentence, 0.65, "agreed-cooperation")
                if ctx.kind(signer) in SIDE_KINDS:
                    ctx.add_fact(signer, "partyTo", deal, sentence, 0.65, "agreed-cooperation")
            for side in dict.fromkeys(counterparts):
                ctx.add_fact(side, "partyTo", deal, sentence, 0.6, "agreed-cooperation")
            for mineral in _topics(ctx, verb, noun):
                ctx.add_fact(deal, "covers", mineral, sentence, 0.6, "agreed-cooperation")
            return


def _deal_of_sides(ctx: DocContext, sides: set[str]) -> str | None:
    """The article's deal when its stated sides are the ones who agreed ("the memorandum between A and B", then "A and B agreed to ...")."""
    deal = ctx.main_deal
    if deal is None:
        return None
    parties = ctx.entities[deal].parties | {f.subject for f in ctx.facts if f.predicate == "partyTo" and f.object == deal}
    signers = {f.subject for f in ctx.facts if f.predicate == "signs" and f.object == deal and ctx.kind(f.subject) == "Person"}
    # "signed by Kazakh Industry Minister X and South Korean Trade Minister Y": the states they represent
    parties |= {f.object for f in ctx.facts if f.predicate == "represents" and f.subject in signers and ctx.kind(f.object) == "State"}
    return deal if len(parties) >= 2 and parties <= sides else None


def _topics(ctx: DocContext, verb: Token, noun: Token | None) -> list[str]:
    """Minerals the cooperation is "on" ("cooperation with Chile on copper and lithium"), or what the joint verbs act on."""
    holders = [h for h in (noun, verb) if h is not None]
    objects = [g for h in holders for p in h.children if p.dep_ == "prep" and p.lower_ in ("on", "in", "over") for g in p.children if g.dep_ == "pobj"]
    if noun is None:  # "jointly explore and process tungsten and lithium" (however the parser hangs the ores), not a clause of its own
        objects += [t for c in verb.children if c.dep_ in ("dobj", "conj", "npadvmod") for t in c.subtree]
    return list(dict.fromkeys(lid for o in objects for lid in arg_entities(ctx, o, ("Mineral",))))
