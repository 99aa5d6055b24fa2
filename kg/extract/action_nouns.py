"""Actions said by nouns: "the signing of X on D", "Y's withdrawal from X", "put its signature to X", "talks on X".

Why apart from :mod:`kg.extract.actions`: the verb rules read a clause's
agents and objects; these read a noun's possessor, modifiers and "of/from/
between" phrases. The action extractor calls them token by token, so facts
keep their order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.extract.agents import AGENT_KINDS, clause_agents, entities_of, with_partners
from kg.extract.agreements import deal_tokens
from kg.extract.base import arg_entities, governing_lemmas, modal, negated
from kg.extract.clauses import clause_of, same_clause
from kg.extract.deal_facts import article_deal, deal_before, deals_below, record, reference_date
from kg.extract.signing_dates import date_value
from kg.extract.speakers import reporting_side
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Nouns a light verb makes a signing of: "put its signature to", "added its name to".
SIGNATURE_NOUNS = frozenset({"signature", "name"})

#: Verbs whose object is the talks their subject takes part in: "held talks on", "opened negotiations over".
TALK_VERBS = frozenset(
    {"hold", "conduct", "open", "begin", "start", "resume", "continue", "launch", "enter", "conclude", "be", "initiate",
     "relaunch", "restart", "reopen", "revive", "renew", "kick", "step", "intensify", "accelerate", "complete", "finish", "wrap",
     "finalise", "finalize", "join", "lead",
     "halt", "suspend", "pause", "end", "break", "stall", "freeze", "abandon"}  # "Peru halted talks with Canada": Peru was in them
)  # fmt: skip

#: What a negotiator leads into talks: "led the Chilean side / delegation / team in the talks".
LED_GROUPS = frozenset({"side", "delegation", "team"})

#: Words that say a signing did not (yet) happen when the text dates it.
UNDONE = frozenset(
    {"planned", "expected", "scheduled", "proposed", "postponed", "delayed", "cancelled", "canceled", "possible", "upcoming",
     "plan", "expect", "schedule", "postpone", "delay", "cancel", "suspend", "await", "push", "defer", "halt"}
)  # fmt: skip
#: Nouns that count talks: "several rounds of talks".
ROUND_NOUNS = frozenset({"round", "series", "session", "cycle"})
#: Spans of time talks are counted in: "after months of talks".
DURATION_NOUNS = frozenset({"day", "week", "month", "year", "decade"})
#: Where talks stand: "in the final stages of talks", "at an advanced stage of negotiations".
STAGE_NOUNS = frozenset({"stage", "stretch", "phase", "end", "middle", "midst", "process"})
#: Verbs that send someone to talks: "sent a delegation for talks on".
SENDING_VERBS = frozenset({"send", "dispatch", "travel", "fly", "go", "come", "arrive", "meet", "gather"})


def signing_noun_date(ctx: DocContext, sentence: Sentence, noun: Token) -> None:
    """ "The signing of the accord on 12 June 2024": the date in the noun's own phrase dates the deal it is "of"."""
    if noun.dep_ == "compound" and noun.head.lemma_.lower() == "ceremony":
        noun = noun.head  # "the signing ceremony for the accord took place on 3 March 2024"
    deals = [d for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "for") for g in c.children if g.dep_ == "pobj" for d in deal_tokens(ctx, g)]
    if not deals or any(c.dep_ in ("det", "neg") and c.lower_ in ("no",) for c in noun.children):
        return
    if any(c.lower_ in UNDONE for c in noun.children if c.dep_ == "amod") or noun.head.lemma_.lower() in UNDONE:
        return  # "the planned signing", "the signing ... was postponed": no signing happened then
    # the date words of the noun's "on/in" phrase (the NER's DATE span may run on past it: "12 June 2024 ended")
    holders = [noun] + ([noun.head] if noun.dep_ == "nsubj" and noun.head.lemma_ in ("take", "be", "happen", "occur") and noun.head.tag_ in ("VBD", "VBZ") else [])
    words = [t for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("on", "in") for t in c.subtree if t.ent_type_ == "DATE"]
    text = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
    value = date_value(text, reference_date(ctx, sentence)) if text else None
    if value is None:
        return
    for deal in deals:
        ctx.add_attribute(deal, "signedOn", value, sentence, 0.75, "signing-noun-date")


#: Prepositions before a signing noun that put the signing in the future: "ahead of the signing of X by A".
NOT_YET = frozenset({"ahead", "before", "until", "pending", "toward", "towards", "for", "prior"})
#: Nouns of a signing whose "by" phrase or possessor names who signed.
SIGNING_NOUNS = frozenset({"signing", "ratification"})


#: Verbs whose subject reports its own signing: "X announced the signing of a memorandum with Y".
ANNOUNCING_VERBS = frozenset({"announce", "celebrate", "mark", "hail", "confirm"})


def signing_noun_agents(ctx: DocContext, sentence: Sentence, noun: Token, modals: set[str]) -> None:
    """ "The signing of the X by A and B took place in Tokyo", "Kenya's ratification of the X": they sign the X.

    Not when the noun's own words or the clause above it put the signing off
    or ahead ("the planned signing", "ahead of the signing", "the signing
    ... will take place", "was postponed").
    """
    hosts = [noun, *_dated_aside(noun)]
    signed = [g for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    # "the signing of several documents, including a memorandum on lithium": the deals the documents include
    signed += [i for c in [*noun.children, *(c for g in signed for c in g.children)] if c.dep_ == "prep" and c.lower_ == "including" for i in c.children if i.dep_ == "pobj"]
    deals = [d for g in signed for d in deal_tokens(ctx, g)]
    if not deals and noun.dep_ == "pobj" and noun.head.lower_ in ("after", "following", "upon"):
        # "the X entered into force after ratification by A and B": the clause's subject was signed
        deals = [d for c in noun.head.head.children if c.dep_ in ("nsubj", "nsubjpass") for d in deal_tokens(ctx, c)]
    if not deals or any(c.dep_ in ("det", "neg") and c.lower_ == "no" for c in noun.children):
        return
    above = [noun.head, noun.head.head] if noun.head.dep_ == "prep" else [noun.head]
    if any(c.lower_ in UNDONE for c in noun.children if c.dep_ == "amod") or any(t.lemma_.lower() in UNDONE | NOT_YET for t in above):
        return
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if negated(verb) or modal(verb, modals) or set(governing_lemmas(verb)) & UNDONE or verb.lemma_.lower() in UNDONE:
        return
    agents = [a for c in noun.children if c.dep_ in ("poss", "compound") and c.i < noun.i for a in arg_entities(ctx, c, AGENT_KINDS)]
    # "the signing, on 4 May, of the X by A": after a dated aside the parser hangs "by" on the deal
    bys = [c for h in hosts + (signed if len(hosts) > 1 else []) for c in h.children if c.dep_ == "prep" and c.lower_ == "by"]
    agents += [a for c in bys for g in c.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g)]
    if not agents and noun.dep_ == "dobj" and noun.head.lemma_.lower() in ANNOUNCING_VERBS:
        # "Zambia is pleased to announce the signing of a memorandum with Saudi Arabia": the announcer and the other side
        withs = [a for t in noun.subtree if ctx.ent(t) in deals for c in t.children if c.dep_ == "prep" and c.lower_ == "with"
                 for g in c.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g, ("State", "Organization"))]
        agents = clause_agents(ctx, sentence, noun.head, ("State", "Organization")) + withs if withs else []
    if not agents and noun.dep_ == "dobj" and noun.head.lemma_.lower() in ("witness", "attend", "oversee"):
        # "the two presidents witnessed the signing of X": the sides their leaders stand for signed it
        witnesses = [t for c in noun.head.children if c.dep_ == "nsubj" for t in c.subtree]  # "Chinese President Xi and Zimbabwean President M"
        people = {p for p in clause_agents(ctx, sentence, noun.head) if ctx.kind(p) == "Person"}
        led = [f.object for f in ctx.facts if f.predicate == "represents" and f.subject in people and ctx.kind(f.object) == "State"]
        agents = clause_agents(ctx, sentence, noun.head, ("State",)) + [lid for t in witnesses if (lid := ctx.ent(t)) and ctx.kind(lid) == "State"] + led
    record(ctx, "signs", list(dict.fromkeys(agents)), deals, sentence, 0.75, "signing-noun")
    dated = [e for t in hosts[2:] for e in noun.doc.ents if e.start <= t.i < e.end]  # "the signing, on 4 May 2025, of the X"
    if agents and dated and (value := date_value(dated[0].text, reference_date(ctx, sentence))):
        for deal in dict.fromkeys(deals):
            ctx.add_attribute(deal, "signedOn", value, sentence, 0.75, "signing-noun-date")


def _dated_aside(noun: Token) -> list[Token]:
    """ "the signing, on 4 December 2025, of the X": the date between a noun and its "of" phrase, which the parser takes for the phrase's head."""
    doc = noun.doc
    if noun.i + 3 >= len(doc) or doc[noun.i + 1].text != "," or doc[noun.i + 2].lower_ not in ("on", "in"):
        return []
    setting = doc[noun.i + 2]
    dates = [g for g in setting.children if g.dep_ == "pobj" and g.ent_type_ == "DATE"]
    return [setting, *dates] if dates else []


def noun_owners(ctx: DocContext, sentence: Sentence, noun: Token, preps: tuple[str, ...]) -> list[str]:
    """Whose act a noun names: its possessor or modifier before it ("Mali's withdrawal", "a Canadian initiative"), else its "by/from" phrase."""
    owners = [a for c in noun.children if c.dep_ in ("poss", "compound", "amod") and c.i < noun.i for a in arg_entities(ctx, c, AGENT_KINDS)]
    owners += [a for c in noun.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g)]
    return list(dict.fromkeys(owners))


def rejection_noun(ctx: DocContext, sentence: Sentence, noun: Token) -> None:
    """ "Mali's withdrawal from the pact", "Chile's refusal to sign the accord", "a veto of the deal by Peru": the owner rejects it.

    The owner is the noun's possessor or modifier ("its" read through the
    article's coreference), else its "by" phrase; the deal hangs on the noun
    ("from/of/on the deal") or on the verb of its "to" clause ("refusal to
    sign the deal"). A noun under negation or speculation ("no withdrawal
    from", "a possible withdrawal") states nothing.
    """
    if any(c.dep_ in ("det", "neg") and c.lower_ in ("no", "not") for c in noun.children):
        return
    if any(c.dep_ == "amod" and c.lower_ in ("possible", "potential", "threatened", "planned", "proposed", "feared") for c in noun.children):
        return
    owners = noun_owners(ctx, sentence, noun, ("by",))
    deals = [
        d
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ in ("from", "of", "on", "to")
        for g in c.children
        if g.dep_ == "pobj"
        for d in deal_tokens(ctx, g)
    ]
    deals += [d for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" for d in deals_below(ctx, c)]
    record(ctx, "rejects", owners, list(dict.fromkeys(deals)), sentence, 0.75, "rejection-noun")


#: Nouns of asking others into a deal: "Canada's invitation to join X", "an offer to sign X".
INVITATION_NOUNS = frozenset({"invitation", "invite", "offer", "call", "request"})
#: Verbs that answer an invitation: a refusal rejects the deal, an acceptance joins it.
DECLINING = frozenset({"decline", "reject", "refuse", "rebuff", "snub", "spurn", "ignore", "dismiss"})
ACCEPTING = frozenset({"accept", "take", "heed", "answer"})


def invited_act(verb: Token) -> bool:
    """The act an invitation asks for ("its call to sign X"), which nobody has done; the parser may hang it on the verb."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) or verb.i < 2:
        return False
    if verb.dep_ == "acl":
        return verb.head.lemma_.lower() in INVITATION_NOUNS
    noun = verb.doc[verb.i - 2]
    return verb.dep_ == "advcl" and noun.lemma_.lower() in INVITATION_NOUNS and noun.dep_ == "dobj" and noun.head.i == verb.head.i


def invitation_noun(ctx: DocContext, sentence: Sentence, noun: Token) -> None:
    """ "B declined A's invitation to join X": A proposes X (invites others into it), B rejects it; "accepted" makes B a party."""
    acts = [c for c in [*noun.children, *noun.head.children] if invited_act(c) and c.lemma_.lower() in ("join", "sign", "enter", "accede")]
    deals = [d for c in acts for d in deals_below(ctx, c)]
    if not deals and ctx.main_deal and any(not any(g.dep_ in ("dobj", "prep") for g in c.children) for c in acts):
        deals = [ctx.main_deal]  # "Denmark declined an invitation to join": the article's deal
    if not deals or any(c.dep_ in ("det", "neg") and c.lower_ in ("no", "not") for c in noun.children):
        return
    owners = noun_owners(ctx, sentence, noun, ("by", "from"))
    record(ctx, "proposes", owners, deals, sentence, 0.75, "invitation-owner")
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "to" and verb.head.lemma_.lower() in ("proceed", "move") and not negated(verb.head):
        # "the two ministers proceeded to the signature of the memorandum": an official (often translated) signing
        deals = [d for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj" for d in arg_entities(ctx, g, ("Agreement",))]
        record(ctx, "signs", clause_agents(ctx, sentence, verb.head), deals, sentence, 0.85, "signature-phrase")
        return
    if noun.dep_ != "dobj" or verb.pos_ != "VERB" or negated(verb) or modal(verb, {"could", "might", "may", "would", "should"}):
        return
    answerers = [a for a in clause_agents(ctx, sentence, verb) if a not in owners]
    if verb.lemma_.lower() in DECLINING or (verb.lemma_.lower() == "turn" and any(c.lower_ == "down" for c in verb.children)):
        record(ctx, "rejects", answerers, deals, sentence, 0.75, "declined-invitation", side=False)
    elif verb.lemma_.lower() in ACCEPTING and (verb.lemma_.lower() != "take" or any(c.lower_ == "up" for c in verb.children)):
        record(ctx, "partyTo", answerers, deals, sentence, 0.7, "accepted-invitation", side=False)


#: Nouns that say whose idea a deal is: "the X Accord, a Canadian initiative", "X is Japan's brainchild".
AUTHORSHIP_NOUNS = frozenset({"initiative", "proposal", "idea", "brainchild", "creation", "project"})


def authored_deal(ctx: DocContext, sentence: Sentence, noun: Token) -> None:
    """ "The X Accord, a Canadian initiative, …", "The X Accord is Japan's proposal": the owner of the noun put X forward."""
    if noun.dep_ == "appos":
        holders = [noun.head]
    elif noun.dep_ == "attr" and noun.head.lemma_ == "be" and not negated(noun.head):
        holders = [c for c in noun.head.children if c.dep_ == "nsubj"]
    else:
        return
    deals = [d for h in holders for d in deal_tokens(ctx, h) if ctx.entities[d].named]
    owners = noun_owners(ctx, sentence, noun, ("by", "from", "of"))
    record(ctx, "proposes", [o for o in owners if o not in deals], deals, sentence, 0.75, "authored-deal")


def signature_phrase(ctx: DocContext, sentence: Sentence, noun: Token) -> None:
    """ "A put its signature to X", "B added its name to X", "X bears the signatures of A and B", "A proceeded to the signature of X".

    The signing is said by a light verb and a noun, so no sign verb fires.
    """
    verb = noun.head
    if noun.dep_ == "pobj" and verb.lower_ == "to" and verb.head.lemma_.lower() in ("proceed", "move") and not negated(verb.head):
        # "the two ministers proceeded to the signature of the memorandum": an official (often translated) signing
        deals = [d for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj" for d in arg_entities(ctx, g, ("Agreement",))]
        record(ctx, "signs", clause_agents(ctx, sentence, verb.head), deals, sentence, 0.85, "signature-phrase")
        return
    if noun.dep_ != "dobj" or verb.pos_ != "VERB" or negated(verb) or modal(verb, {"could", "might", "may", "would", "should"}):
        return
    if set(governing_lemmas(verb)) & {"refuse", "decline", "reject", "expect", "plan", "hope", "want", "intend"}:
        return
    lemma = verb.lemma_.lower()
    if lemma in ("put", "add", "affix", "set", "append", "lend"):
        targets = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "on") for g in c.children if g.dep_ == "pobj"]
        deals = [d for g in targets for d in arg_entities(ctx, g, ("Agreement",))]
        deals = deals or (deal_before(ctx, sentence) if any(g.lower_ == "it" for g in targets) else [])  # "put their names to it"
        agents = clause_agents(ctx, sentence, verb)
    elif lemma in ("bear", "carry") and noun.lemma_.lower() == "signature":
        deals = [d for c in verb.children if c.dep_ == "nsubj" for d in arg_entities(ctx, c, ("Agreement",))]
        agents = [a for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g)]
    else:
        return
    record(ctx, "signs", agents, deals, sentence, 0.85, "signature-phrase")


def _talked_of(ctx: DocContext, sentence: Sentence, talks: Token) -> list[str]:
    """The deals of the sentence the talks can be about: not one in a coordinated clause with a subject of its own.

    "Talks with Australia are progressing, and we hope to finalise a
    partnership with Indonesia": the partnership is no subject of those talks.
    """
    doc, own = sentence.span.doc, clause_of(talks)
    topics = [g for c in talks.children if c.dep_ == "prep" and c.lower_ in ("on", "over", "about", "for") for g in c.children if g.dep_ == "pobj"]
    if named := [d for g in topics for t in g.subtree if (d := ctx.ent(t)) and ctx.kind(d) == "Agreement"]:
        return list(dict.fromkeys(named))  # "talks with B on a similar memorandum": that deal, not the sentence's others
    found = []
    for lid, start, _ in sentence.mentions:
        clause = clause_of(doc[start])
        apart = clause.i != own.i and clause.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
        if ctx.kind(lid) == "Agreement" and not (apart and not same_clause(talks, doc[start])):
            found.append(lid)
    return found


#: Modifiers that set what they modify apart from what the text named before: "similar projects", "two other companies".
OTHER_WORDS = frozenset({"other", "similar", "separate", "different", "another", "further", "additional", "more"})
#: What talks may be about that is a holding in a company or project, not a deal of the text: "talks on a stake in the mine".
OWNERSHIP_NOUNS = frozenset({"stake", "share", "shareholding", "holding", "takeover", "acquisition", "purchase", "buyout", "merger"})
#: Things talks may be on that are no deal: "talks with Rio Tinto on a uranium project", "talks on royalties".
OTHER_TOPICS = frozenset({"project", "mine", "plant", "refinery", "smelter", "licence", "license", "concession", "royalty", "tax", "price", "tariff"})


def _about_other_things(ctx: DocContext, talks: Token) -> bool:
    """ "was in talks with two other companies on similar projects": talks with other sides or on other things, no deal named, are no deal's."""
    phrases = [g for c in talks.children if c.dep_ == "prep" and c.lower_ in ("on", "over", "about", "for", "with") for g in c.children if g.dep_ == "pobj"]
    if any(ctx.kind(ctx.ent(t)) == "Agreement" for g in phrases for t in g.subtree):
        return False  # "talks with Sinomine on a similar memorandum": that other deal's talks
    if any(g.lemma_.lower() in OWNERSHIP_NOUNS for g in phrases if g.head.lower_ != "with"):
        return True  # "walked away from talks with Codelco on a minority stake in a project": a stake is no deal named before
    return any(c.lower_ in OTHER_WORDS and c.dep_ in ("amod", "det") for g in phrases for c in g.children)


def _led_side(talks: Token) -> bool:
    """ "who led the Chilean side in the talks": a side led in talks is a side of the article's deal, minerals named or not."""
    head = talks.head.head if talks.dep_ == "pobj" and talks.head.lower_ == "in" else None
    if head is not None and head.pos_ == "VERB":
        head = next((c for c in head.children if c.dep_ == "dobj"), None)
    return head is not None and head.lemma_.lower() in LED_GROUPS and head.head.lemma_.lower() in ("lead", "head")


def negotiation_noun(ctx: DocContext, sentence: Sentence, token: Token, mineral_words: set[str]) -> None:
    """ "negotiations between Kyiv and Washington", "the negotiation with the U.S." """
    deals = [lid for lid, _, _ in sentence.mentions if ctx.kind(lid) == "Agreement"]
    if _about_other_things(ctx, token):
        return
    if deals:
        deals = _talked_of(ctx, sentence, token)
    elif main := article_deal(ctx, sentence):
        context = {t.lemma_.lower() for t in sentence.span} | {t.lower_ for t in sentence.span}
        subjects_of_talks = {g.lemma_.lower() for c in token.children if c.dep_ == "prep" and c.lower_ in ("on", "over", "about") for g in c.children if g.dep_ == "pobj"}
        minerals = context & mineral_words or any(ctx.kind(lid) == "Mineral" for lid, _, _ in sentence.mentions)
        if (minerals or _led_side(token)) and not subjects_of_talks & OTHER_TOPICS:
            deals = [main]  # not "talks with Rio Tinto on a uranium project": a project, not the article's deal
    if not deals:
        return
    participants: list[str] = []
    for child in token.children:
        if child.dep_ in ("poss", "compound", "amod") and child.i < token.i:
            participants.extend(arg_entities(ctx, child, AGENT_KINDS))
        if child.dep_ == "prep" and child.lower_ in ("between", "with", "among", "by"):
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                # "with her Argentine counterpart": the state of a proxy noun takes part
                participants.extend(arg_entities(ctx, pobj, AGENT_KINDS) + entities_of(ctx, sentence, pobj, AGENT_KINDS))
        if child.dep_ == "prep" and child.lower_ in ("on", "over", "about", "for", "of"):
            # "talks on the accord between Chile and Argentina", "negotiations on an agreement with Japan": the deal's sides talk
            for deal in (g for g in child.children if g.dep_ == "pobj" and ctx.kind(ctx.ent(g)) == "Agreement"):
                for prep in (c for c in deal.children if c.dep_ == "prep" and c.lower_ in ("between", "with")):
                    participants.extend(a for g in prep.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g, AGENT_KINDS))
    # "Chile and Bolivia held talks on ...", "Peru is in talks with Canada over ...": the subject takes part
    holder = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "in" else token.head if token.dep_ == "dobj" else None
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in ROUND_NOUNS:
        holder = token.head.head.head  # "held several rounds of talks on": the rounds are held
    elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in STAGE_NOUNS and token.head.head.dep_ == "pobj":
        holder = token.head.head.head.head if token.head.head.head.lower_ in ("in", "at") else None  # "are in the final stages of talks"
    if holder is not None and holder.dep_ == "prep" and holder.lower_ == "in" and holder.head.pos_ == "VERB":
        holder = holder.head  # "led the team in the last round of talks": the verb the rounds hang on
    if holder is not None and holder.dep_ == "dobj" and holder.lemma_.lower() in LED_GROUPS and holder.head.pos_ == "VERB":
        holder = holder.head  # "led the Peruvian team in the talks": the leading verb
    taking_part = holder is not None and (holder.lemma_.lower() == "participate" or (holder.lemma_.lower() == "take" and any(c.lower_ == "part" for c in holder.children)))
    if holder is not None and (holder.lemma_.lower() in TALK_VERBS or taking_part) and not negated(holder):  # "took part in the talks"
        participants.extend(clause_agents(ctx, sentence, holder))
        # "led the Swedish side in the talks": the side led takes part as well as its leader
        sides = [c for c in holder.children if c.dep_ == "dobj" and c.lemma_.lower() in LED_GROUPS]
        participants.extend(a for c in sides for m in c.children if m.dep_ in ("amod", "poss", "compound") for a in arg_entities(ctx, m, ("State", "Organization")))
    if holder is not None and token.dep_ == "pobj" and holder.pos_ == "PROPN" and ctx.kind(ctx.ent(holder)) in ("State", "Organization"):
        participants.extend(entities_of(ctx, sentence, holder, AGENT_KINDS))  # a headline's "Kenya and Japan in talks on …"
        if holder.dep_ == "appos" and ctx.kind(ctx.ent(holder.head)) in ("State", "Organization"):
            participants.extend(entities_of(ctx, sentence, holder.head, AGENT_KINDS))  # "Kenya, Japan in talks on …"
    # "a final round of talks", "months of talks": the phrase the talks are counted in stands where they would
    counted = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in ROUND_NOUNS | DURATION_NOUNS else token
    if counted.dep_ == "pobj" and counted.head.lower_ == "for":
        # "sent a delegation to Tokyo for talks on the accord", "arrived for a final round of talks": whoever went takes part
        verb = next((t for t in counted.head.ancestors if t.pos_ == "VERB"), None)
        if verb is not None and verb.lemma_.lower() in SENDING_VERBS and not negated(verb):
            participants.extend(clause_agents(ctx, sentence, verb))
    if counted is not token and counted.dep_ == "pobj" and counted.head.lower_ in ("after", "following") and counted.head.head.pos_ == "VERB":
        participants.extend(clause_agents(ctx, sentence, counted.head.head))  # "After months of talks with Japan, Kenya signed"
    if token.lemma_.lower() == "negotiator":
        # "Kenya's chief negotiator, Amos Kariuki": the negotiator named beside the noun takes part too
        named = [c for c in token.children if c.dep_ in ("appos", "compound", "flat")] + ([token.head] if token.dep_ in ("appos", "compound") else [])
        participants.extend(p for c in named for p in arg_entities(ctx, c, ("Person",)))
    # "Indonesia: talks with the EU on a nickel deal resumed": a roundup's label is the side the line is about
    k = next((t.i for t in sentence.span if not t.is_punct), sentence.span.start)  # past a bullet
    label = sentence.span.doc[k] if k + 2 < sentence.span.end and sentence.span.doc[k + 1].text == ":" else None
    if label is not None and ctx.kind(ctx.ent(label)) == "State" and any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children):
        participants.append(ctx.ent(label) or "")
    if token.dep_ == "nsubjpass" and token.head.lemma_.lower() in ("chair", "lead", "conduct", "hold") and not negated(token.head):
        # "Negotiations were chaired by A": who chairs or leads the talks takes part
        participants += [a for c in token.head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g, AGENT_KINDS)]
    if not participants:  # "Talks on a Zambia–Japan investment treaty stalled": the sides the deal's name states
        topics = [ctx.ent(g) for c in token.children if c.dep_ == "prep" and c.lower_ in ("on", "over", "about", "for") for g in c.children if g.dep_ == "pobj"]
        participants += [p for d in topics if d and ctx.kind(d) == "Agreement" for p in sorted(ctx.entities[d].parties)]
    withs = with_partners(ctx, sentence, token, AGENT_KINDS)
    if withs and set(participants) <= set(withs) and (reporter := reporting_side(ctx, token)) and reporter not in withs:
        participants.append(reporter)  # "She said talks with Japan were continuing": her side's talks
    # who takes part in a multilateral round is not thereby a side of what it yields
    record(ctx, "negotiates", list(dict.fromkeys(participants)), list(dict.fromkeys(deals)), sentence, 0.7, "negotiation-noun", side=not taking_part)


#: The noun readers the action extractor calls on a noun's lemma.
NOUN_READERS: dict[str, Callable[[DocContext, Sentence, Token], None]] = {
    **dict.fromkeys(SIGNATURE_NOUNS, signature_phrase),
    **dict.fromkeys(INVITATION_NOUNS, invitation_noun),
    **dict.fromkeys(AUTHORSHIP_NOUNS, authored_deal),
}
