"""What parties do with agreements: negotiate, propose, sign, reject.

Verb patterns read the dependency tree: the agents are the actors of the
verb's clause (:mod:`kg.extract.agents`: subjects through coordination,
titles, envoys, numbered groups, passive "by" phrases and "by signing"
gerunds), the agreement is a deal mention below the verb in the same clause.
"A signed the deal with B" makes B a signer too. Negation and modality
change the fact: "refused to sign" and "will not sign" are rejections,
"is expected to sign" or "could sign" are no signing at all; "withdrew from" and "pulled out of"
are rejections. Nominalisations carry the same facts: "the U.S. proposal", "talks between A and B".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.action_nouns import (
    NOUN_READERS,
    SIGNATURE_NOUNS,
    SIGNING_NOUNS,
    invited_act,
    negotiation_noun,
    rejection_noun,
    signing_noun_agents,
    signing_noun_date,
)
from kg.extract.agents import AGENT_KINDS, UNDERWAY_NOUNS, clause_agents, entities_of
from kg.extract.agreements import deal_tokens
from kg.extract.base import arg_entities, governing_lemmas, lemma_set, modal, negated, subjects
from kg.extract.deal_facts import (
    LEAVING_VERBS,
    SIDE_KINDS,
    article_deal,
    deal_of_pronoun,
    deals_below,
    declined_deal,
    followers,
    record,
    reference_date,
    rejected_own_deal,
)
from kg.extract.deal_phrases import phrase_heads
from kg.extract.groups import state_lists
from kg.extract.registry import extractor
from kg.extract.signed_sides import reduced_passive, sides_between
from kg.extract.signing_dates import signing_date, signing_date_of_dateline
from kg.extract.triggers import MEDIATING_VERBS, OBJECT_ONLY_VERBS, on_hold, particle_ok, pen_to_paper, phrasal_predicate
from kg.nlp.context import DocContext, Sentence
from kg.nlp.mentions import is_dateline
from kg.nlp.token_table import any_token, tokens_where

if TYPE_CHECKING:
    from spacy.tokens import Token

NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
SIDE_NOUNS = frozenset({"side", "party", "nation", "country", "way"})
#: Participles that say who put a deal forward: "the Japanese-proposed framework", "a U.S.-drafted accord".
PROPOSING_PARTICIPLES = frozenset({"proposed", "drafted", "sponsored", "initiated"})
#: Nouns that stand for the deal they are "of": "floated the idea of a minerals club".
IDEA_NOUNS = frozenset({"idea", "prospect", "possibility", "concept", "notion", "proposal", "offer", "plan"})
NEGOTIATION_NOUNS = {"negotiation", "negotiations", "talk", "talks", "discussion", "discussions"}
ACTIONS = ("signs", "rejects", "proposes", "negotiates")


def _remaining_sides(ctx: DocContext, sentence: Sentence, verb: Token, signers: list[str], deals: list[str]) -> None:
    """ "A and B join C in support of D and E by signing a four-party memorandum": D and E are its other sides.

    Only when the count the text gives ("seven-side", "five-party") is met
    exactly by the signers and the states the clause supports.
    """
    sides = [a for a in signers if ctx.kind(a) in SIDE_KINDS]
    for deal_token in (t for t in verb.subtree if ctx.ent(t) in deals):
        size = next((NUMBER_WORDS.get(n.lower_, 0) for c in deal_token.children if c.dep_ in ("compound", "amod") and c.lemma_.lower() in SIDE_NOUNS for n in c.subtree if n.lower_ in NUMBER_WORDS), 0)
        if not size or size <= len(sides):
            continue
        supported = [
            s for t in sentence.span if t.lemma_.lower() == "support" and t.dep_ == "pobj"
            for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj" for s in entities_of(ctx, sentence, g, ("State",))
        ]
        # the list as written ("Angola, the Congo, and Zambia"): the parser may hang its last item elsewhere
        run = next((r for r in state_lists(ctx, sentence, sentence.span.end) if supported and supported[0] in r), supported)
        supported = [s for s in dict.fromkeys(run) if s not in sides]
        if len(sides) + len(supported) == size:
            for state in supported:
                ctx.add_fact(state, "partyTo", ctx.ent(deal_token), sentence, 0.7, "counted-sides")


def _met_to_discuss(ctx: DocContext, sentence: Sentence, verb: Token) -> list[str]:
    """ "E met minister M in Nuuk to discuss the deal": M takes part in the talks too."""
    if verb.dep_ not in ("advcl", "xcomp") or verb.head.lemma_.lower() not in ("meet", "host", "receive", "visit", "join"):
        return []
    return [a for c in verb.head.children if c.dep_ == "dobj" for a in entities_of(ctx, sentence, c)]


def _co_signers(ctx: DocContext, sentence: Sentence, verb: Token, deals: list[str]) -> list[str]:
    """The other sides a signing clause names.

    "A signed the memorandum with B", "an MoU was concluded between A and B",
    "On behalf of A, P signed ...": B, A and B, A sign too.
    """
    near = [*verb.children, *(g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj")]
    holders = [verb] + [h for t in near if ctx.ent(t) in deals for h in phrase_heads(t)]  # "entered into an agreement with B"
    found: list[str] = []
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and (child.lower_ == "with" or (holder.i == verb.i and child.lower_ in ("between", "among"))):
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    found += entities_of(ctx, sentence, pobj)
                    if ctx.kind(ctx.ent(pobj)) == "Person":  # "with Foreign Minister Naledi Pandor of South Africa": her state too
                        found += [s for t in pobj.subtree if (s := ctx.ent(t)) and ctx.kind(s) == "State"]
            if child.dep_ == "prep" and child.lower_ == "on" and holder.i == verb.i:
                # "on behalf of the United States"
                for behalf in (g for g in child.children if g.dep_ == "pobj" and g.lower_ == "behalf"):
                    found += [a for c in behalf.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g, SIDE_KINDS)]
                    own = [g for c in behalf.children if c.dep_ == "prep" for g in c.children if g.lemma_.lower() in ("government", "country")]
                    if any(c.lower_ in ("his", "her", "their", "its") for g in own for c in g.children):
                        # "Kenya's P and Ghana's Q signed ... on behalf of their governments": the states in the signers' names
                        found += [a for s in subjects(verb) for t in s.subtree if (a := ctx.ent(t)) and ctx.kind(a) == "State"]
    return list(dict.fromkeys(found))


def _date(ctx: DocContext, deals: list[str], sentence: Sentence, verb: Token) -> None:
    if verb.lemma_.lower() in ("ratify", "approve", "renew", "extend", "amend"):
        return  # "signed in 2015, ratified by Congress (renewed) in 2016": a later act's date is not the signing's
    value = signing_date(verb, sentence.text, reference_date(ctx, sentence))
    if value is None and sentence.index > 0 and sentence.span.start == 0:
        # "MAY 2, 2024 — Chile and Peru signed ...": the dateline block just before the sentence dates it
        before = ctx.sentences[sentence.index - 1]
        if before.block == sentence.block - 1 and is_dateline(before.text + " "):
            value = signing_date_of_dateline(before.text, ctx.document.date)
    if value:
        for deal in deals:
            ctx.add_attribute(deal, "signedOn", value, sentence, 0.8, "signing-date")


@extractor("actions", order=40)
def agreement_actions(ctx: DocContext) -> None:
    """negotiates / proposes / signs / rejects from verbs and nominalisations."""
    verbs = {p: lemma_set(ctx, p, "verbs") for p in ACTIONS}
    nouns = {p: lemma_set(ctx, p, "nouns") for p in ACTIONS}
    modals = set(ctx.lexicon.relations.get("modal_words", []))
    uncertain = set(ctx.lexicon.relations.get("uncertain_heads", []))
    mineral_words = set(ctx.lexicon.relations.get("mineral_topic_words", []))
    for sentence in ctx.sentences:
        if not any(ctx.kind(lid) == "Agreement" for lid, _, _ in sentence.mentions) and not any_token(sentence.span, lambda t, i: t.lemma_lower[i] in nouns["negotiates"] or t.lower[i] == "it" or t.lemma[i] in ("refuse", "decline", "negotiate")):
            continue
        for token in tokens_where(sentence.span, lambda t, i: t.pos[i] in ("NOUN", "PROPN", "VERB") or t.lemma_lower[i] == "initiative"):  # where a rule below can start
            lemma = token.lemma_.lower()
            if token.pos_ == "NOUN" and (read := NOUN_READERS.get(lemma)) is not None:
                read(ctx, sentence, token)  # "put its signature to X", "an invitation to join X", "X, a Canadian initiative"
            if token.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lemma_.lower() in SIGNATURE_NOUNS for c in token.children):
                continue  # "put its signature to X" signs X (above); the verb itself proposes nothing
            if token.pos_ == "VERB" and lemma == "say":
                _said_no(ctx, sentence, token)
            if token.lemma_.lower() == "initiative" and token.dep_ == "pobj" and token.head.lower_ in ("at", "on") and token.head.head.pos_ == "VERB":
                # "At Indonesia's initiative, the producers agreed to form an alliance": Indonesia put it forward
                owners = [a for c in token.children if c.dep_ == "poss" for a in arg_entities(ctx, c, AGENT_KINDS)]
                owners += [a for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children for a in entities_of(ctx, sentence, g)]  # "of X"
                record(ctx, "proposes", owners, deals_below(ctx, token.head.head), sentence, 0.7, "at-the-initiative-of")
            if token.pos_ == "VERB" and lemma == "accept" and negated(token) and not _pending(token):
                record(ctx, "rejects", clause_agents(ctx, sentence, token), deals_below(ctx, token), sentence, 0.75, "not-accepted")
            if token.pos_ == "VERB" and lemma == "put" and (put := "rejects" if on_hold(token) else "signs" if pen_to_paper(token) else ""):
                _verb_fact(ctx, sentence, token, put, modals, uncertain)  # "put the accord on hold", "put pen to paper on it"
            if token.pos_ == "VERB" and lemma in WANTING:
                _wanted_signing(ctx, sentence, token, verbs["signs"], modals)
            if token.pos_ == "VERB":
                phrasal = phrasal_predicate(token)
                for predicate in [phrasal] if phrasal else ACTIONS:
                    if phrasal or (lemma in verbs[predicate] and particle_ok(token)):
                        if lemma in LAUNCH_VERBS:
                            predicate = _launch_predicate(ctx, sentence, token)
                            if predicate == "proposes" and lemma == "announce":
                                continue  # one side's announcement may launch or merely report a deal: nothing said
                        _verb_fact(ctx, sentence, token, predicate, modals, uncertain)
            elif token.pos_ in ("NOUN", "PROPN"):
                deal = ctx.ent(token)
                proposed = any(c.dep_ == "amod" and c.lower_ in PROPOSING_PARTICIPLES for c in token.children)  # "Japan's proposed partnership"
                named = ctx.kind(deal) == "Agreement" and ctx.entities[deal or ""].named
                if ctx.kind(deal) == "Agreement" and ((lemma in nouns["proposes"] and not named) or proposed):
                    owning = ("poss",) if named else ("poss", "compound", "amod")  # a named deal's compounds are its name
                    owners = [a for c in token.children if c.dep_ in owning and c.i < token.i for a in arg_entities(ctx, c, AGENT_KINDS)]
                    # "the Japanese-proposed framework": the state glued to the participle
                    owners += [a for c in token.children if c.dep_ == "amod" and c.lower_ in PROPOSING_PARTICIPLES for g in c.children for a in arg_entities(ctx, g, AGENT_KINDS)]
                    # "a proposal by Rio Tinto", "an offer from Norway"
                    owners += [a for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for g in c.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g)]
                    record(ctx, "proposes", owners, [ctx.ent(token) or ""], sentence, 0.75, "proposal-owner")
                if lemma in nouns["negotiates"] and ctx.kind(ctx.ent(token)) is None:
                    negotiation_noun(ctx, sentence, token, mineral_words)
                if lemma in nouns["rejects"] and ctx.kind(ctx.ent(token)) is None:
                    rejection_noun(ctx, sentence, token)
                if lemma == "signing" and ctx.kind(ctx.ent(token)) is None:
                    signing_noun_date(ctx, sentence, token)
                if lemma in SIGNING_NOUNS and ctx.kind(ctx.ent(token)) is None:
                    signing_noun_agents(ctx, sentence, token, modals)


#: Verbs of wanting someone else to act: "wants Kyiv to sign", "would like Lima to sign", "proposed that Lima join".
WANTING = frozenset({"want", "need", "like", "wish", "propose", "suggest", "insist", "demand"})


def _wanted_signing(ctx: DocContext, sentence: Sentence, verb: Token, sign_verbs: frozenset[str], modals: set[str]) -> None:
    """ "Washington wants Kyiv to sign the deal": wanting another side to sign a deal puts it forward."""
    if negated(verb) or modal(verb, modals - {"will"}):
        return
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "xcomp") or (clause.lemma_.lower() not in sign_verbs and clause.lemma_.lower() != "join"):
            continue
        others = [a for g in clause.children if g.dep_ == "nsubj" for a in entities_of(ctx, sentence, g)]
        agents = [a for a in clause_agents(ctx, sentence, verb) if a not in others]
        if others and agents:
            record(ctx, "proposes", agents, deals_below(ctx, clause), sentence, 0.7, "wants-signed")


def _said_no(ctx: DocContext, sentence: Sentence, verb: Token) -> None:
    """ "Niger said no to the uranium accord": the speaker rejects the deal (the parser hangs "no" on the verb or on "to")."""
    to = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"]
    if negated(verb) or not any(t.lower_ == "no" for t in (*verb.children, *(g for c in to for g in c.children))):
        return
    record(ctx, "rejects", clause_agents(ctx, sentence, verb), [d for c in to for g in c.children if g.dep_ == "pobj" for d in deal_tokens(ctx, g)], sentence, 0.8, "said-no")


#: Proposing verbs that propose only what they hand over: "sent a draft", not "sent a delegation for talks on the draft".
HANDING_VERBS = frozenset({"send", "present", "submit"})
#: Verbs that make a deal public: one side's announcement puts it forward, a joint one concludes it.
LAUNCH_VERBS = frozenset({"announce", "unveil"})
#: Modifiers of a deal reached but not yet concluded: "reached a preliminary agreement" is talks (annotation).
PRELIMINARY = frozenset({"preliminary", "initial", "tentative", "provisional", "interim", "outline"})
#: Parts of a deal agreed before the deal itself: "agreed on the main points of a deal" is talk, not a signing.
DEAL_PARTS = frozenset({"point", "outline", "contour", "detail", "element", "parameter", "principle", "framework", "term"})


def _launch_predicate(ctx: DocContext, sentence: Sentence, verb: Token) -> str:
    """ "Canada and Peru announced a partnership" signs it; "the EU unveiled a plan" proposes it (a lone announcement says nothing)."""
    deals = deals_below(ctx, verb)
    sides = [a for a in clause_agents(ctx, sentence, verb) + _co_signers(ctx, sentence, verb, deals) if ctx.kind(a) in SIDE_KINDS]
    return "signs" if len(set(sides)) >= 2 else "proposes"


def _preliminary(verb: Token) -> bool:
    """ "reached a preliminary/tentative agreement", "reached an agreement in principle": talks, not a signing."""
    if any(p.dep_ == "prep" and p.lower_ == "in" and any(g.lower_ == "principle" for g in p.children) for p in verb.children):
        return True  # "agreed in principle on a partnership"
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if any(c.lower_ in PRELIMINARY for c in obj.children if c.dep_ in ("amod", "compound")):
            return True
        if any(p.lower_ == "in" and any(g.lower_ == "principle" for g in p.children) for p in (*obj.children, *verb.children) if p.dep_ == "prep"):
            return True
    return False


def _parts_only(verb: Token) -> bool:
    """ "agreed on the main points of a deal", "agreed the outline of the accord": the deal is still being worked out."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [g for p in verb.children if p.dep_ == "prep" and p.lower_ in ("on", "upon") for g in p.children if g.dep_ == "pobj"]
    return any(o.lemma_.lower() in DEAL_PARTS and any(c.dep_ == "prep" and c.lower_ == "of" for c in o.children) for o in objects)


def _failed_to_agree(verb: Token, governors: list[str]) -> bool:
    """ "failed to reach agreement on a deal", "could not agree on the accord": they talked and did not agree."""
    if verb.lemma_.lower() == "agree" and negated(verb):
        return any(c.dep_ == "prep" and c.lower_ in ("on", "over") for c in verb.children)  # not "did not agree to the deal"
    return verb.lemma_.lower() in ("reach", "agree") and "fail" in governors


def _pending(verb: Token) -> bool:
    """ "has yet to sign", "is still to sign": the signing has not happened (the adverb sits on the verb or the one above it)."""
    if any(c.lower_ == "yet" and c.dep_ == "advmod" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and any(c.lower_ in ("yet", "still") and c.dep_ == "advmod" for c in verb.head.children)


def _verb_fact(ctx: DocContext, sentence: Sentence, verb: Token, predicate: str, modals: set[str], uncertain: set[str]) -> None:
    fronted = verb.dep_ == "advcl" and verb.tag_ == "VBN" and verb.i < verb.head.i  # "Signed in 2023, the accord covers ..."
    deals = deals_below(ctx, verb) or deal_of_pronoun(ctx, sentence, verb)
    bare = not any(c.dep_ in ("dobj", "nsubjpass", "prep") for c in verb.children)
    if not deals and predicate == "signs" and (main := article_deal(ctx, sentence)) and bare and set(governing_lemmas(verb)) & {"refuse", "decline"}:
        deals = [main]  # "Bolivia was invited but declined to sign": the article's deal
    deals = deals or declined_deal(ctx, sentence, verb, predicate)  # "which India declined to join"
    with_side = any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children) and not any(c.dep_ == "dobj" for c in verb.children)
    if not deals and verb.lemma_ == "negotiate" and (main := article_deal(ctx, sentence)) and with_side:
        deals = [main]  # "Manila had been negotiating with Tokyo since 2023": the article's deal
    left = [g for p in verb.children if p.dep_ == "prep" and p.lower_ in ("from", "of") for g in p.children if g.dep_ == "pobj" and g.lower_ in lemma_set(ctx, "negotiates", "nouns")]
    if not deals and predicate == "rejects" and (main := article_deal(ctx, sentence)) and verb.lemma_.lower() in LEAVING_VERBS and left and not any(c.dep_ == "prep" for g in left for c in g.children):
        deals = [main]  # "Uruguay withdrew from the negotiations": the talks on the article's deal
    if verb.lemma_.lower() in OBJECT_ONLY_VERBS:  # "set up the partnership", not "under the deal, set up a venture"
        direct = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")] + ([verb.head] if verb.dep_ in ("acl", "relcl") else [])
        # "raised the idea of a cobalt pact": what the idea is of
        direct += [g for t in direct if t.lemma_.lower() in IDEA_NOUNS for p in t.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        deals = [d for d in deals if any(d in deal_tokens(ctx, t) for t in direct)]
    if not deals and fronted:
        deals = [d for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") for d in deal_tokens(ctx, c)]
    misread = reduced_passive(ctx, verb)
    if not deals and misread is not None:  # "The Accord, concluded in May, covers tin"
        deals = deal_tokens(ctx, misread)
    if not deals or invited_act(verb):  # "its call to sign X": asked for, not done (kg.extract.action_nouns.invitation_noun)
        return
    if verb.lemma_.lower() == "agree" and any(c.dep_ == "xcomp" and c.pos_ == "VERB" and set(deals) <= set(deals_below(ctx, c)) for c in verb.children):
        return  # "agreed to negotiate a deal": what they agreed to do says what happens to it
    agents = clause_agents(ctx, sentence, verb) if misread is None or any(c.dep_ == "agent" for c in verb.children) else []
    own_agents = agents  # who refuses is the subject alone: "A refused to sign the deal with B" (B did not refuse)
    if predicate in ("negotiates", "signs") and misread is None:
        # "negotiated the deal with King", "signed the memorandum with Peru": the other side acts too
        agents = list(dict.fromkeys(agents + _co_signers(ctx, sentence, verb, deals) + _met_to_discuss(ctx, sentence, verb)))
    passive = verb.tag_ == "VBN" and (verb.dep_ in ("acl", "relcl") or fronted or any(c.dep_ == "nsubjpass" for c in verb.children))
    # a misread participle's clause is its own: "will follow the accord, concluded in May" (not "will conclude")
    if predicate == "signs" and not agents and (passive or misread) and not negated(verb) and (misread or not modal(verb, modals)):
        _date(ctx, deals, sentence, verb)  # "the memorandum, signed in 2019", "the pact was agreed in May": dated, signers unnamed
        # "the protocol between Georgia and Armenia, signed in 2021": its two sides signed it
        for deal, sides in sides_between(ctx, sentence, verb).items():
            record(ctx, "signs", sides, [deal], sentence, 0.75, "signed-between")
        return
    if not agents:
        if predicate == "signs" and not negated(verb) and not modal(verb, modals) and not set(governing_lemmas(verb)) & uncertain:
            _date(ctx, deals, sentence, verb)  # "In March 2024, the two countries signed the accord": dated, signers unknown
        return
    handed = any(c.dep_ in ("dobj", "nsubjpass") and deal_tokens(ctx, c) for c in verb.children) or (verb.dep_ in ("acl", "relcl") and deal_tokens(ctx, verb.head))
    if predicate == "proposes" and any(c.dep_ == "dobj" and c.lemma_.lower() in NEGOTIATION_NOUNS for c in verb.children):
        return  # "initiated talks on a pact": the talks are the noun rules' (negotiates), no proposal
    if predicate == "proposes" and verb.lemma_.lower() in HANDING_VERBS and not handed:
        return  # "sent a delegation for talks on the accord" sends no proposal (the talks are the noun rules')
    if predicate == "proposes":
        for child in verb.children:
            if child.dep_ in ("prep", "dative") and (child.lower_ == "to" or (child.dep_ == "dative" and handed)):
                receivers = [g for g in child.children if g.dep_ == "pobj"] if child.lower_ == "to" else [child]  # "offered Kenya a deal"
                for party in (a for g in receivers for a in arg_entities(ctx, g, SIDE_KINDS)):
                    for deal in deals:
                        ctx.add_fact(party, "partyTo", deal, sentence, 0.6, "proposed-to")
    governors = governing_lemmas(verb)
    refusal = bool(set(governors) & {"refuse", "decline", "reject", "refusal"})
    if predicate == "signs" and any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in NEGOTIATION_NOUNS for c in verb.children):
        record(ctx, "negotiates", agents, deals, sentence, 0.8, "concluded-talks")
        return
    if predicate == "signs" and verb.lemma_.lower() in ("reach", "agree") and _preliminary(verb):
        if not negated(verb) and not refusal:
            record(ctx, "negotiates", agents, deals, sentence, 0.8, "preliminary-deal")
        return
    if predicate == "signs" and (_parts_only(verb) or _failed_to_agree(verb, governors)) and not refusal:
        record(ctx, "negotiates", agents, deals, sentence, 0.75, "terms-only")
        return
    if predicate == "signs":
        if refusal:  # "refused to sign": rejects, never signs
            record(ctx, "rejects", own_agents, deals, sentence, 0.75, "refused-signing")
            return
        if negated(verb) and modal(verb, {"will", "would", "wo"}) and not _pending(verb):
            record(ctx, "rejects", own_agents, deals, sentence, 0.7, "will-not-sign")  # "it would not sign the accord": a refusal
            return
        if negated(verb) or _pending(verb):  # "has not signed", "has yet to sign": neither signed nor refused
            return
        if set(governors) & {"close", "near", *UNDERWAY_NOUNS} and not modal(verb, modals - {"will"}) and verb.lemma_.lower() != "ratify":  # "close to finalising the accord": still talking
            record(ctx, "negotiates", agents, deals, sentence, 0.7, "close-to-signing")
        planned = verb.dep_ == "ROOT" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)  # headline "A, B to sign deal"
        joined = verb.dep_ == "pcomp" and verb.head.lower_ == "in" and verb.head.head.lemma_.lower() == "join"  # "A joined B in signing X"
        if joined:
            agents += [a for c in verb.head.head.children if c.dep_ == "dobj" for a in arg_entities(ctx, c, AGENT_KINDS) if a not in agents]
        gerund = verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.lower_ not in ("by", "after", "upon", "through") and not joined
        if planned or modal(verb, modals) or set(governors) & uncertain or gerund:
            # "ready to sign", "expected to sign": not signed, but a side of the deal ("Will you sign a deal with B?" says neither)
            for agent in agents if not sentence.text.rstrip().endswith("?") else []:
                if ctx.kind(agent) in SIDE_KINDS and not ctx.entities[agent].maybe_person:
                    for deal in deals:
                        ctx.add_fact(agent, "partyTo", deal, sentence, 0.6, "prospective-signatory")
            return
        record(ctx, "signs", agents, deals, sentence, 0.9, "verb-pattern")
        record(ctx, "signs", followers(ctx, sentence, verb), deals, sentence, 0.8, "followed-by")  # "…, followed by Latvia"
        _date(ctx, deals, sentence, verb)
        _remaining_sides(ctx, sentence, verb, agents, deals)
        return
    if negated(verb) or refusal:
        return
    if predicate in ("proposes", "rejects") and (modal(verb, modals - {"will"}) or set(governors) & (uncertain - {"refuse"})):
        return
    # "declined to join the initiative": rejected, and no party of it
    outsider = predicate == "rejects" and any(c.dep_ == "xcomp" and c.lemma_.lower() in ("join", "accede", "enter") for c in verb.children)
    outsider = outsider or verb.lemma_.lower() in MEDIATING_VERBS  # "Qatar helped broker the deal between A and B": a go-between, no side
    record(ctx, predicate, agents, deals, sentence, 0.85, "verb-pattern", side=not outsider)
    if predicate == "rejects" and not outsider and (sides := rejected_own_deal(ctx, verb, deals, agents)):
        record(ctx, "partyTo", sides, deals, sentence, 0.6, "rejected-own-deal")


