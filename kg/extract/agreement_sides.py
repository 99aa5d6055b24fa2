"""The sides of each deal once every extractor has run, and the deals that have none.

Why last: parties come from many rules (a signing verb, a member list, "an
agreement between X and Y", a state represented at a signing), and the
resolution of deals across articles needs them on the local entity. A
nameless "partnership" that no rule ties to an identified party is a manner
of speaking ("we are looking for partnership"), not a deal (the annotation's
Agreement binds or groups identified parties): it is dropped with its facts.
"""

from __future__ import annotations

from kg.extract.agreement_words import agreement_words
from kg.extract.registry import extractor
from kg.nlp.context import DocContext, Sentence

SIDE_KINDS = ("State", "Organization")
#: Affiliations stated by the text (a title with its state, an apposition), not guessed from the article.
MIN_STATED = 0.8
#: Rules that read a ministry off a minister's portfolio: the text never says the ministry signs.
PORTFOLIO_RULES = frozenset({"title-portfolio-body", "portfolio-institution"})


def _sentence_at(ctx: DocContext, start: int) -> Sentence:
    """The sentence a fact's evidence starts at."""
    return next(s for s in ctx.sentences if s.start == start)


def _state_sides(ctx: DocContext) -> dict[str, set[str]]:
    """The states found a party of each deal so far."""
    states: dict[str, set[str]] = {}
    for fact in ctx.facts:
        if fact.predicate == "partyTo" and ctx.kind(fact.subject) == "State" and ctx.kind(fact.object) == "Agreement":
            states.setdefault(fact.object, set()).add(fact.subject)
    return states


def _signatory_bodies(ctx: DocContext) -> None:
    """Whoever signs signs for the state or body the text says they represent: it is a side.

    A company or agency signs through its chief ("Lumen Metals CEO Tom Hale
    signed"): the body signs too. A state signing through its minister is
    the annotation's optional inference: the state is a party, not a signer.
    A ministry only read off the minister's portfolio ("Industry Minister X
    signed" beside "the Ministry of Industry said") is no side: the minister
    signs for the state.
    """
    bodies: dict[str, list[str]] = {}
    for fact in ctx.facts:
        stated = fact.evidence.confidence >= MIN_STATED and fact.evidence.rule not in PORTFOLIO_RULES
        if fact.predicate == "represents" and stated and ctx.kind(fact.object) in SIDE_KINDS:
            bodies.setdefault(fact.subject, []).append(fact.object)
    # "signed for the EU by P, the Commission's Commissioner": P's signature is the EU's, not the Commission's
    signed_for: dict[tuple[int, str], set[str]] = {(f.evidence.start, f.object): set() for f in ctx.facts if f.evidence.rule == "signed-for"}
    for f in ctx.facts:
        if f.evidence.rule == "signed-for" and f.predicate == "partyTo":
            signed_for[(f.evidence.start, f.object)].add(f.subject)
    for fact in list(ctx.facts):
        if fact.predicate == "signs" and ctx.kind(fact.subject) == "Person" and ctx.kind(fact.object) == "Agreement":
            sentence = _sentence_at(ctx, fact.evidence.start)
            named = signed_for.get((fact.evidence.start, fact.object))
            for body in dict.fromkeys(bodies.get(fact.subject, [])):
                if named and body not in named:
                    continue
                ctx.add_fact(body, "partyTo", fact.object, sentence, 0.6, "signatory-body")
                if ctx.kind(body) == "Organization":
                    ctx.add_fact(body, "signs", fact.object, sentence, 0.6, "signatory-body")


def _co_signer_states(ctx: DocContext) -> None:
    """Of two people signing a two-state deal together, one stated to act for one state: the other is guessed the other's.

    "Under Secretary X and Kazakh Minister Y signed the US–Kazakhstan
    memorandum": Y is Kazakhstan's, so X is likelier the United States'. A
    guess (resolution drops it when the text states X's side anywhere).
    """
    states = _state_sides(ctx)
    stated: dict[str, set[str]] = {}
    signers: dict[tuple[str, int], list[str]] = {}
    for fact in ctx.facts:
        if fact.predicate == "represents" and fact.evidence.confidence >= MIN_STATED and ctx.kind(fact.object) in SIDE_KINDS:
            stated.setdefault(fact.subject, set()).add(fact.object)
        elif fact.predicate == "signs" and ctx.kind(fact.subject) == "Person" and ctx.kind(fact.object) == "Agreement":
            pair = signers.setdefault((fact.object, fact.evidence.start), [])
            pair += [fact.subject] if fact.subject not in pair else []
    for (deal, start), people in signers.items():
        sides = states.get(deal, set())
        if len(people) != 2 or len(sides) != 2:
            continue
        sentence = _sentence_at(ctx, start)
        for known, other in (people, people[::-1]):
            own = stated.get(known, set()) & sides
            officials = all(ctx.kind(s) == "State" for s in stated.get(known, set()))  # two states' officials, not a company's chief
            if len(own) == 1 and officials and not stated.get(other) and (left := sides - own):
                ctx.add_fact(other, "represents", next(iter(left)), sentence, 0.6, "co-signer-state")


def _counterpart_parties(ctx: DocContext) -> None:
    """ "Business Secretary X signed a memorandum with Omani Minister Y": X is across from Oman, so X's state is the other party.

    Only for a deal with one state side so far, and only from the guess that
    reads the person's state off the other side of the clause (never from
    the article's state alone).
    """
    states = _state_sides(ctx)
    across: dict[str, list[tuple[str, int]]] = {}
    for fact in ctx.facts:
        if fact.predicate == "represents" and fact.evidence.rule == "counterpart-state":
            across.setdefault(fact.subject, []).append((fact.object, fact.evidence.start))
    for fact in list(ctx.facts):
        if fact.predicate != "signs" or len(states.get(fact.object, ())) != 1:
            continue
        for state, start in across.get(fact.subject, []):
            if start == fact.evidence.start and state not in states[fact.object]:
                ctx.add_fact(state, "partyTo", fact.object, _sentence_at(ctx, start), 0.5, "counterpart-party")


def _record_parties(ctx: DocContext) -> None:
    for fact in ctx.facts:
        if fact.predicate == "partyTo" and ctx.kind(fact.object) == "Agreement" and ctx.kind(fact.subject) in SIDE_KINDS:
            ctx.entities[fact.object].parties.add(fact.subject)
    for fact in ctx.facts:
        draft = ctx.entities.get(fact.object) if not fact.literal else None
        if draft is not None and draft.kind == "Agreement" and not draft.parties and fact.predicate in ("signs", "negotiates") and ctx.kind(fact.subject) == "Person":
            draft.signatories.append(ctx.entities[fact.subject].freeze().name)


def _article_counterparty(ctx: DocContext) -> None:
    """News about "the U.S. proposal" in an article about Ukraine is about a deal with Ukraine.

    When the article's main deal has one known side only, the state the
    article is about is taken as the other, stated in a sentence that names
    both the deal (or talks) and that state.
    """
    main = ctx.entities.get(ctx.main_deal or "")
    focal = ctx.focal_state()
    if main is None or ctx.main_deal is None or main.named or focal is None or len(main.parties) != 1 or focal in main.parties or ctx.entities[focal].mentions < 3:
        return
    talk_nouns = set(ctx.lexicon.relations.get("negotiates", {}).get("nouns", []))
    for sentence in ctx.sentences:
        ids = {lid for lid, _, _ in sentence.mentions}
        about_deal = ctx.main_deal in ids or any(t.lemma_.lower() in talk_nouns for t in sentence.span)
        if about_deal and focal in ids:
            ctx.add_fact(focal, "partyTo", ctx.main_deal, sentence, 0.5, "article-state-counterparty")
            main.parties.add(focal)
            return


def _drop_sideless(ctx: DocContext) -> None:
    """Unnamed deals no rule ties to a party are no deals; nor is one state's plan: drop them, their mentions and facts.

    "the plan unveiled by Canberra" is a national policy (the annotation's
    "unilateral national policies ... strategies" are no Agreements) unless
    another side takes part in it.
    """
    acting = [f for f in ctx.facts if f.predicate in ("partyTo", "signs", "rejects", "proposes", "negotiates") and not f.literal]
    involved = {f.object for f in acting}
    sides: dict[str, set[str]] = {}
    for fact in acting:
        if ctx.kind(fact.subject) in ("State", "Organization"):
            sides.setdefault(fact.object, set()).add(fact.subject)
    words = agreement_words(ctx.lexicon)
    gone = {
        lid for lid, draft in ctx.entities.items()
        if draft.kind == "Agreement" and not draft.named
        and (
            (not draft.parties and lid not in involved)
            # one state's plan, unless another side acts on it ("Kenya rejects Japan's plan")
            or (len(draft.parties | sides.get(lid, set())) == 1 and words.kind_of(draft.agreement_kind) == "plan")
        )
    }
    if not gone:
        return
    for lid in gone:
        del ctx.entities[lid]
    ctx.facts[:] = [f for f in ctx.facts if f.subject not in gone and (f.literal or f.object not in gone)]
    ctx.mentions[:] = [(lid, m) for lid, m in ctx.mentions if lid not in gone]
    for sentence in ctx.sentences:
        sentence.mentions[:] = [m for m in sentence.mentions if m[0] not in gone]
    ctx.token_entity = {k: v for k, v in ctx.token_entity.items() if v not in gone}
    if ctx.main_deal in gone:
        ctx.main_deal = None


@extractor("agreement-sides", order=95)
def agreement_sides(ctx: DocContext) -> None:
    """Every state or body found a party of a deal (by any rule) is one of its sides; sideless unnamed deals go."""
    _signatory_bodies(ctx)
    _co_signer_states(ctx)
    _counterpart_parties(ctx)
    _record_parties(ctx)
    _article_counterparty(ctx)
    _drop_sideless(ctx)
