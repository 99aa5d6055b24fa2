"""The members of a partnership or initiative: every named member is a party (partyTo).

Why apart from the signing verbs: membership is stated without any signing,
in lists ("Members: Canada, Japan, Peru"), copulas ("partners include
Canada, Japan and the European Union", "Peru is a member of the Andes
Copper Initiative"), joining ("Chile joined the initiative in 2021", "the
partnership, joined by Peru and Chile, ...") and descriptions ("the
initiative brings together Canada, Japan and Peru"). Each gives one partyTo
per member; joining is no signing, so no signs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.agents import entities_of
from kg.extract.base import governing_lemmas, modal, negated
from kg.extract.base import subjects as clause_subjects
from kg.extract.deal_facts import deal_of_pronoun
from kg.extract.registry import extractor
from kg.nlp.context import DocContext, Sentence
from kg.nlp.token_table import any_token, tokens_where

if TYPE_CHECKING:
    from spacy.tokens import Token

SIDE_KINDS = ("State", "Organization")
MEMBER_NOUNS = frozenset({"member", "members", "partner", "partners", "signatory", "signatories", "party", "parties", "participant", "participants", "founder", "founders"})
LIST_VERBS = frozenset({"include", "comprise", "be", "consist", "encompass", "number"})
GATHER_VERBS = frozenset({"include", "comprise", "bring", "unite", "group", "gather", "involve", "span", "count", "bind"})
JOIN_VERBS = frozenset({"join", "accede", "sign"})
#: Nouns of having joined an agreement ("Estonia's accession to the X").
ACCESSION_NOUNS = frozenset({"accession", "adhesion"})
#: Heads under which an accession has not happened: "sought accession", "blocked its accession", "accession talks".
PENDING_ACCESSION = frozenset(
    {"seek", "apply", "request", "ask", "discuss", "negotiate", "block", "veto", "oppose", "delay", "expect", "plan", "await", "consider",
     "talk", "bid", "process", "application", "hope", "want", "support", "back", "push", "urge", "propose", "reject", "freeze"}
)  # fmt: skip
#: "Members: A, B, C" — an infobox or list line.
LABEL_LINE = re.compile(r"^\s*(?:founding\s+|current\s+)?(?:members?|partners?|signatories|parties|participants|participating\s+(?:countries|states|economies))\s*:", re.IGNORECASE)
SPECULATIVE = frozenset({"could", "might", "may", "would"})
REFUSALS = frozenset({"decline", "refuse", "reject"})
#: Verbs that keep a side out: "rejected Peru as a partner in the X" makes no member.
EXCLUDING = frozenset({"exclude", "block", "veto", "oppose", "bar", "expel", "deny"})
#: "plans to join", "is expected to join": no member yet
UNCERTAIN = frozenset({"expect", "plan", "hope", "aim", "want", "seek", "intend", "consider", "likely", "poised", "set"})


def _deal(ctx: DocContext, token: Token) -> str | None:
    local = ctx.ent(token)
    return local if ctx.kind(local) == "Agreement" else None


def _deal_of(ctx: DocContext, noun: Token) -> str | None:
    """ "members of the X", "the X's partners", "X partner countries": the agreement the member noun belongs to."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "to", "in"):
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                if deal := _deal(ctx, pobj):
                    return deal
        if child.dep_ in ("poss", "compound", "nmod") and (deal := _deal(ctx, child)):
            return deal
        if child.dep_ == "poss" and child.lower_ == "whose" and noun.head.dep_ == "relcl":
            return _deal(ctx, noun.head.head)  # "the X, whose members are A and B"
    return None


def _members(ctx: DocContext, sentence: Sentence, token: Token) -> list[str]:
    return [m for m in entities_of(ctx, sentence, token, SIDE_KINDS) if not ctx.entities[m].maybe_person]


def _record(ctx: DocContext, members: list[str], deal: str | None, sentence: Sentence, rule: str, signed: bool = False) -> None:
    if deal is None:
        return
    for member in dict.fromkeys(members):
        ctx.add_fact(member, "partyTo", deal, sentence, 0.8, rule)
        if signed:  # "the charter's signatories include A and B": a signatory signed it
            ctx.add_fact(member, "signs", deal, sentence, 0.8, rule)


def _joined_bare(ctx: DocContext, sentence: Sentence) -> str | None:
    """ "Since then it has grown to 14 members. A, B and C joined in 2023": the named deal the sentence before, or the page, is about."""
    deal = ctx.main_deal
    if deal is None or not ctx.entities[deal].named or sentence.index == 0:
        return None
    if ctx.topic() == deal:
        return deal  # a page about the deal itself
    before = ctx.sentences[sentence.index - 1]
    about = deal in {lid for lid, _, _ in before.mentions} or any(t.lemma_.lower() in MEMBER_NOUNS for t in before.span)
    return deal if about else None


def _blocked(verb: Token) -> bool:
    """Negated or speculative; a refusal is kept (it rejects)."""
    return negated(verb) or modal(verb, set(SPECULATIVE)) or bool(set(governing_lemmas(verb)) & UNCERTAIN)


def _verb_members(ctx: DocContext, sentence: Sentence, verb: Token) -> None:
    lemma = verb.lemma_.lower()
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.dep_ == "relcl":  # "the X, which includes A, B and C": the relative pronoun is the X
        subjects = [verb.head if c.lower_ in ("which", "that") else c for c in subjects]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "to") for g in c.children if g.dep_ == "pobj"]
    if _blocked(verb):
        return
    for subject in subjects:
        # "members of the X include A, B and C", "the X's partners are A and B"
        if subject.lower_ in MEMBER_NOUNS and lemma in LIST_VERBS:
            deal = _deal_of(ctx, subject)
            for obj in objects:
                _record(ctx, _members(ctx, sentence, obj), deal, sentence, "member-list", signed=subject.lemma_.lower() == "signatory")
        # "the initiative brings together A, B and C"
        if (deal := _deal(ctx, subject)) and lemma in GATHER_VERBS:
            for obj in objects:
                _record(ctx, _members(ctx, sentence, obj), deal, sentence, "member-list")
    copular = verb.dep_ == "xcomp" and verb.head.lemma_ in ("be", "become") and any(c.dep_ == "attr" for c in verb.head.children)
    if lemma in ("join", "accede") and not subjects and (verb.dep_ in ("relcl", "acl") or copular):
        copula = verb.head if copular else verb.head.head
        if _blocked(copula):
            return  # "Samoa hopes to be the next country to join the X"
        subjects = clause_subjects(verb)  # "Chile became the first country to join the X"
    for subject in subjects:
        # "A and B joined the partnership", "A acceded to the X"; "A declined to join the X" rejects it
        if lemma == "join":
            # "Mexico joined Canada and the US in a lithium pact": all of them are its parties
            for deal in (d for c in verb.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children if g.dep_ == "pobj" if (d := _deal(ctx, g))):
                partners = [m for obj in objects for m in _members(ctx, sentence, obj)]
                _record(ctx, _members(ctx, sentence, subject) + partners, deal, sentence, "joined-in")
        if lemma == "join" and not objects and not any(c.dep_ == "prep" and c.lower_ in ("in", "as") and any(_deal(ctx, g) for g in c.children) for c in verb.children):
            _record(ctx, _members(ctx, sentence, subject), _joined_bare(ctx, sentence), sentence, "joined-it")
        if lemma in ("join", "accede"):
            refused = bool(set(governing_lemmas(verb)) & REFUSALS)
            for obj in objects:
                deal = _deal(ctx, obj) or next(iter(deal_of_pronoun(ctx, sentence, verb)), None)  # "Jordan joined it in June"
                if deal and refused:
                    for member in _members(ctx, sentence, subject):
                        ctx.add_fact(member, "rejects", deal, sentence, 0.75, "declined-to-join")
                elif deal:
                    _record(ctx, _members(ctx, sentence, subject), deal, sentence, "joined")
    # "A, B and C are members of the X", "A is a party to the X", "A is among the founding signatories of the X"
    if lemma in ("be", "become", "found"):
        # "A and B are founding members of the X" (parsed with "founding" as the verb)
        roles = ("attr",) if lemma != "found" else ("dobj",)
        among = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "among" for g in c.children if g.dep_ == "pobj"]
        to_which = verb.dep_ == "relcl" and any(c.dep_ == "prep" and any(g.lower_ == "which" for g in c.children) for c in verb.children)
        for attr in (c for c in [*verb.children, *among] if (c.dep_ in roles or c in among) and c.lower_ in MEMBER_NOUNS | {"part"}):
            deal = _deal_of(ctx, attr) or (_deal(ctx, verb.head) if to_which else None)  # "the X, to which A and B are party"
            # "A is part of the X, together with B and C": those it is together with too
            together = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" and any(a.lower_ == "together" for a in c.children) for g in c.children if g.dep_ == "pobj"]
            together += [g for a in verb.children if a.lower_ == "together" for c in a.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
            for subject in subjects + together:
                _record(ctx, _members(ctx, sentence, subject), deal, sentence, "member-copula")
                if deal is not None and attr.lemma_.lower() == "signatory":
                    # "Kenya became a signatory to the X": a signatory signed it
                    for member in _members(ctx, sentence, subject):
                        ctx.add_fact(member, "signs", deal, sentence, 0.8, "signatory-copula")
    # "welcomed Estonia as the newest partner in the X", "Chile joined as a member of the X"
    excluded = lemma in REFUSALS | EXCLUDING
    for role in (g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and not excluded for g in c.children if g.dep_ == "pobj" and g.lower_ in MEMBER_NOUNS):
        for holder in [o for o in objects if o.dep_ == "dobj"] or subjects:
            _record(ctx, _members(ctx, sentence, holder), _deal_of(ctx, role), sentence, "member-as")
    # "Peru and Chile have a copper accord", "Kenya has a deal with Japan": the holders are its parties
    if lemma == "have":  # (negated or speculative clauses returned above)
        for deal in (d for o in objects if o.dep_ == "dobj" if (d := _deal(ctx, o))):
            _record(ctx, [m for s in subjects for m in _members(ctx, sentence, s)], deal, sentence, "has-deal")
    # "A and B are bound by the X"
    if lemma == "bind" and any(c.dep_ == "auxpass" for c in verb.children):
        for deal in (d for c in verb.children if c.dep_ == "agent" for g in c.children if (d := _deal(ctx, g))):
            _record(ctx, [m for s in subjects for m in _members(ctx, sentence, s)], deal, sentence, "bound-by")
    # "the X, joined by A and B", "the X was joined by A and B"
    if lemma == "join" and verb.tag_ == "VBN":
        deal = _deal(ctx, verb.head) if verb.dep_ in ("acl", "relcl") else next((d for s in subjects if (d := _deal(ctx, s))), None)
        for agent in (g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"):
            _record(ctx, _members(ctx, sentence, agent), deal, sentence, "joined")


def _label_line(ctx: DocContext, sentence: Sentence) -> None:
    """ "Members: Canada, Japan, Peru and the European Union" under the article's named partnership."""
    if not LABEL_LINE.match(sentence.text):
        return
    deal = ctx.main_deal
    if deal is None or not ctx.entities[deal].named:
        return
    members = [lid for lid, _, _ in sorted(sentence.mentions, key=lambda m: m[1]) if ctx.kind(lid) in SIDE_KINDS and not ctx.entities[lid].maybe_person]
    _record(ctx, members, deal, sentence, "member-line")


@extractor("members", order=42)
def members(ctx: DocContext) -> None:
    """partyTo for every named member of a partnership or initiative."""
    for sentence in ctx.sentences:
        _label_line(ctx, sentence)
        if not any(ctx.kind(lid) == "Agreement" for lid, _, _ in sentence.mentions) and not any_token(sentence.span, lambda t, i: t.lemma[i] == "join"):
            continue  # (a bare "A and B joined in 2023" joins the deal the sentence before is about)
        for token in tokens_where(sentence.span, lambda t, i: t.pos[i] in ("VERB", "AUX", "NOUN")):  # every rule below starts at one
            if token.pos_ in ("VERB", "AUX"):
                _verb_members(ctx, sentence, token)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in ACCESSION_NOUNS:
                _accession(ctx, sentence, token)
            elif token.pos_ == "NOUN" and token.lower_ in MEMBER_NOUNS and (deal := _deal_of(ctx, token)):
                # "Peru, a member of the X,", "the X's members — Peru, Chile and Bolivia —"
                named = [token.head] if token.dep_ == "appos" else []
                comma = token.i + 1 < len(token.doc) and token.doc[token.i + 1].text in (",", "—", "–", ":")
                named += [c for c in token.children if c.dep_ == "appos" or (comma and c.dep_ == "conj")]  # the parser's conj after a comma
                _record(ctx, [m for n in named for m in _members(ctx, sentence, n)], deal, sentence, "member-apposition")


def _accession(ctx: DocContext, sentence: Sentence, noun: Token) -> None:
    """ "Estonia's accession to the X was completed": the owner is a party of the agreement it acceded to.

    Not when the accession is still sought or stopped ("accession talks",
    "blocked Estonia's accession", "its accession is expected").
    """
    if noun.dep_ == "compound" or noun.head.lemma_.lower() in PENDING_ACCESSION or _blocked(noun.head):
        return
    deals = [d for c in noun.children if c.dep_ == "prep" and c.lower_ in ("to", "in", "into") for g in c.children if g.dep_ == "pobj" if (d := _deal(ctx, g))]
    owners = [m for c in noun.children if c.dep_ in ("poss", "amod", "compound") and c.i < noun.i for m in _members(ctx, sentence, c)]
    for deal in deals:
        _record(ctx, owners, deal, sentence, "accession")
