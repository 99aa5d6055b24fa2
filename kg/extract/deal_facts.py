"""What an action clause is about and how its facts are recorded: shared by the verb and the noun rules.

Why a module: :mod:`kg.extract.actions` (verbs) and
:mod:`kg.extract.action_nouns` (nominalisations) find the deals of a phrase,
record an action with the sides it implies and date it against the same
reference; neither imports the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.agents import entities_of
from kg.extract.agreement_mentions import noun_read_as_verb
from kg.extract.agreements import deal_tokens
from kg.extract.base import bulleted, misread_relative, negated
from kg.extract.clauses import clause_of, same_clause
from kg.extract.signing_dates import last_full_date
from kg.extract.triggers import FRAME_PREPS
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

SIDE_KINDS = ("State", "Organization")


def deals_below(ctx: DocContext, verb: Token, max_depth: int = 7) -> list[str]:
    """Deal mentions in the verb's phrase (not inside a clause with its own subject)."""
    found: list[str] = []
    if verb.dep_ in ("acl", "relcl"):
        # "the memorandum between the two countries, signed in 2019": the parser may hang it on the nearer noun
        holder = verb.head
        # "an agreement that they signed in 2012, which Peru cancelled": a "which" clause the parser hung on the year
        relative = any(c.lower_ in ("which", "that") and c.dep_ in ("dobj", "nsubj", "nsubjpass") for c in verb.children)
        for _ in range(5):
            climbable = ("pobj", "prep") + (("relcl",) if relative else ())
            if deal_tokens(ctx, holder) or holder.dep_ not in climbable or holder.head.i == holder.i:
                break
            holder = holder.head
        found.extend(deal_tokens(ctx, holder))
        if (antecedent := misread_relative(verb)) is not None:
            found.extend(d for d in deal_tokens(ctx, antecedent) if d not in found)  # "the accord, which the two sides signed"
        if not found and holder.dep_ == "attr":
            # "The X Compact is a trade agreement signed by A and B": the noun defines the subject, which is the deal
            found.extend(d for s in holder.head.children if s.dep_ == "nsubj" for d in deal_tokens(ctx, s))
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in verb.children):
        # "the charter was signed by A and later ratified by B": the passive subject is both verbs'
        found.extend(d for s in verb.head.children if s.dep_ == "nsubjpass" for d in deal_tokens(ctx, s))
    # "Under the plan, Codelco will negotiate partnerships": the deal a clause acts within is not what it acts on
    frontier = [(child, 1) for child in verb.children if child.dep_ not in ("nsubj", "csubj", "agent", "punct", "cc", "conj") and child.lower_ not in FRAME_PREPS]
    while frontier:
        token, depth = frontier.pop()
        # a deal inside a clause of its own ("a new agreement to expand the partnership") is not this verb's
        reached = token.head.i == verb.i or same_clause(verb, token) or participle_of(verb, token)
        if ctx.kind(ctx.ent(token)) == "Agreement" and (reached or (noun_read_as_verb(token) and same_clause(verb, token.head))):
            found.extend(deal_tokens(ctx, token))
        if depth < max_depth:
            frontier.extend((c, depth + 1) for c in token.children if c.dep_ not in ("nsubj", "csubj", "relcl", "punct", "cc", "advcl", "ccomp") and not _compared(c))
    return list(dict.fromkeys(found))


def _compared(token: Token) -> bool:
    """ "a deal similar to the one the US signed", "a pact like the X": a deal named for comparison is not acted on."""
    return token.dep_ == "prep" and (token.lower_ in ("like", "unlike") or (token.lower_ == "to" and token.head.lemma_.lower() in ("similar", "comparable", "akin", "identical", "analogous")))


def participle_of(verb: Token, token: Token) -> bool:
    """ "took part in talks aimed at refining the deal": a subjectless participle on the verb's argument continues its clause.

    An infinitive is another action ("a new agreement to expand the partnership"): not continued.
    """
    clause = clause_of(token)
    return (
        clause.dep_ == "acl"
        and clause.tag_ in ("VBN", "VBG")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
        and clause_of(clause.head).i == clause_of(verb).i
    )


def record(ctx: DocContext, predicate: str, agents: list[str], deals: list[str], sentence: Sentence, confidence: float, rule: str, side: bool = True) -> None:
    for agent in agents:
        for deal in deals:
            ctx.add_fact(agent, predicate, deal, sentence, confidence, rule)
            if side and predicate != "rejects" and ctx.kind(agent) in SIDE_KINDS and not ctx.entities[agent].maybe_person:
                # who signs, negotiates or proposes a deal is one of its sides; who turns it down or walks out is not
                ctx.add_fact(agent, "partyTo", deal, sentence, confidence - (0.1 if predicate in ("signs", "negotiates") else 0.2), rule)


#: Verbs of leaving or ending a deal one is in: "Kazakhstan pulled out of the pact", "Bolivia tore up its contract".
#: Not "cancel", "suspend", "scrap": a government or a court does that to others' deals and licences too.
LEAVING_VERBS = frozenset(
    {"withdraw", "pull", "walk", "back", "opt", "exit", "quit", "leave", "terminate", "tear", "repudiate", "renounce", "abrogate",
     "renege"}
)  # fmt: skip


def rejected_own_deal(ctx: DocContext, verb: Token, deals: list[str], agents: list[str]) -> list[str]:
    """The sides a rejection shows a deal to have.

    "Niger suspended the uranium partnership with France": Niger and France
    (the rejecter's own deal "with" another); "Kazakhstan pulled out of the
    pact": the one who leaves or ends a deal was in it. Who rejects a deal
    offered to it ("Lima rejected the offer") is no side.
    """
    holders = [verb, *(t for t in verb.subtree if ctx.ent(t) in deals)]  # "with France" on the deal, or where the parser hangs it
    withs = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
    others = [side for g in withs if (side := ctx.ent(g)) is not None and ctx.kind(side) in SIDE_KINDS and side not in agents]
    leaving = verb.lemma_.lower() in LEAVING_VERBS and _acts_directly_on(ctx, verb, deals)
    if not others and not leaving:
        return []
    return [a for a in agents if ctx.kind(a) == "State" or (leaving and ctx.kind(a) in SIDE_KINDS and not ctx.entities[a].maybe_person)] + others


def _acts_directly_on(ctx: DocContext, verb: Token, deals: list[str]) -> bool:
    """The deal is the verb's own argument ("pulled out of the pact"), not the topic of talks left ("pulled out of the talks on it")."""
    near = [verb, *(c for c in verb.children if c.dep_ in ("prt", "advmod", "prep"))]
    arguments = [c for t in near for c in t.children if c.dep_ in ("dobj", "pobj", "prep")]
    arguments += [g for c in arguments if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(ctx.ent(a) in deals for a in arguments)


def reference_date(ctx: DocContext, sentence: Sentence) -> str | None:
    """The date a partial date ("on 8 November", "today") is read against: the article's, else the last full date before it."""
    if ctx.document.date:
        return ctx.document.date
    return last_full_date(ctx.document.text[: sentence.start])


def followers(ctx: DocContext, sentence: Sentence, verb: Token) -> list[str]:
    """Who did the same later, said by ellipsis: "A signed X in 2019, followed by B", "A ratified X, and B did so", "…, as did B", "So did B"."""
    found: list[str] = []
    # "A and B were the first to sign X, followed by C": the ellipsis hangs on the copula
    first = verb.head.head if verb.dep_ in ("relcl", "acl") and verb.head.dep_ == "attr" and verb.head.head.lemma_ == "be" else None
    # "…, followed by C" may hang on the signed deal itself
    on_object = [c for o in verb.children if o.dep_ == "dobj" for c in o.children if c.dep_ == "acl" and c.i > o.i + 1 and c.nbor(-1).text == ","]
    for child in [*verb.children, *(first.children if first is not None else ()), *on_object]:
        if child.dep_ in ("advcl", "acl") and child.lemma_.lower() == "follow" and child.tag_ == "VBN":
            found += [a for c in child.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj" for a in entities_of(ctx, sentence, g)]
        if child.dep_ == "conj" and child.lemma_.lower() == "do" and any(c.lower_ == "so" for c in child.children):
            found += [a for c in child.children if c.dep_ == "nsubj" for a in entities_of(ctx, sentence, c)]
        if child.dep_ == "advcl" and child.lemma_.lower() == "do" and any(c.lower_ == "as" and c.dep_ == "mark" for c in child.children):
            found += [a for c in child.children if c.dep_ == "nsubj" for a in entities_of(ctx, sentence, c)]  # "…, as did Latvia"
    after = ctx.sentences[sentence.index + 1] if sentence.index + 1 < len(ctx.sentences) and verb.dep_ == "ROOT" else None
    root = after.span.root if after is not None and after.block == sentence.block else None
    # "Estonia signed the accord in May. So did Latvia." / "Latvia did too."
    elliptic = root is not None and root.lemma_.lower() == "do" and not any(c.dep_ == "dobj" for c in root.children)
    if after is not None and root is not None and elliptic and any(c.lower_ in ("so", "too", "likewise") for c in root.children):
        found += [a for c in root.children if c.dep_ == "nsubj" for a in entities_of(ctx, after, c)]
    return list(dict.fromkeys(found))


def deal_of_pronoun(ctx: DocContext, sentence: Sentence, verb: Token) -> list[str]:
    """ "Albania and Montenegro endorsed it": "it" is the deal the sentence before ends on, when it names just one.

    A deal named earlier in the same sentence comes first: "X proposed a partnership, but Y rejected it".
    """
    if not any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ == "it" for c in verb.children):
        return []
    here = [lid for lid, start, _ in sorted(sentence.mentions, key=lambda m: m[1]) if start < verb.i and ctx.kind(lid) == "Agreement"]
    if here:
        return [here[-1]] if len(set(here)) == 1 else []
    return deal_before(ctx, sentence)


def deal_before(ctx: DocContext, sentence: Sentence) -> list[str]:
    """The deal the sentence before ends on, when it names just one.

    Past an explainer's question heading ("Who signed it?"), the deal of the
    paragraph before it, within three sentences.
    """
    for index in range(sentence.index - 1, max(-1, sentence.index - 4), -1):
        before = ctx.sentences[index]
        deals = [lid for lid, _, _ in sorted(before.mentions, key=lambda m: m[1]) if ctx.kind(lid) == "Agreement"]
        if deals:
            return [deals[-1]] if len(set(deals)) == 1 else []
        if index == sentence.index - 1 and before.block == sentence.block:
            return []  # a sentence of the same paragraph that names no deal: "it" is something else
    return []


def article_deal(ctx: DocContext, sentence: Sentence) -> str | None:
    """The article's main deal as what a sentence's bare "talks" or "declined to sign" are about.

    Not in a digest's bullet that does not name it: "• Chile: Codelco and Rio
    Tinto are in talks on a project" is another story than the deal of the
    bullet above.
    """
    main = ctx.main_deal
    if main is None or not bulleted(ctx, sentence):
        return main
    return main if any(lid == main for s in ctx.sentences if s.block == sentence.block for lid, _, _ in s.mentions) else None


#: Acts of joining a deal that a refusal may govern with no object: "declined to join", "refused to accede".
JOINING_VERBS = frozenset({"join", "accede", "enter", "sign"})


def declined_deal(ctx: DocContext, sentence: Sentence, verb: Token, predicate: str) -> list[str]:
    """What "declined to join" refuses when the act names nothing: the deal a relative clause hangs on, or the one just named.

    "a club, which India declined to join": the club; "Poland proposed an
    alliance. Hungary has declined to join for now": the one deal of the
    sentence before (not the article's main deal, which may be another).
    """
    bare = [c for c in verb.children if c.dep_ == "xcomp" and c.lemma_.lower() in JOINING_VERBS and not any(g.dep_ in ("dobj", "nsubjpass") or (g.dep_ == "prep" and g.lower_ != "for") for g in c.children)]  # "for now"
    if predicate != "rejects" or not bare or negated(verb):
        return []
    if verb.dep_ == "relcl":
        held = ctx.ent(verb.head)
        return [held] if held and ctx.kind(held) == "Agreement" else []
    before = ctx.sentences[sentence.index - 1] if sentence.index else None
    deals = {lid for lid, _, _ in before.mentions if ctx.kind(lid) == "Agreement"} if before is not None and before.block == sentence.block else set()
    return sorted(deals) if len(deals) == 1 else []  # the one deal the sentence before spoke of
