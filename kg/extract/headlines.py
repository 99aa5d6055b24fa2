"""Signings announced by a headline: "Kenya, Japan ink titanium pact", "US and Peru sign lithium deal".

Why its own extractor: headline grammar drops articles and joins the sides
with a comma, and spaCy, even on the recased headline, often reads the verb
as a noun ("ink" as a compound of "pact"), so the verb patterns of
:mod:`kg.extract.actions` never see a clause. A headline is short and
formulaic, so it is read as a sequence: the states and bodies before a
signing verb sign the agreement named after it. A headline that announces
a plan ("to sign", "set to sign", "may sign") makes them sides only; one
with a refusal or a negation gives nothing.
"""

from __future__ import annotations

from itertools import pairwise

from kg.extract.agreement_names import is_headline
from kg.extract.base import lemma_set
from kg.extract.registry import extractor
from kg.nlp.context import DocContext, Sentence

#: Words before the verb that make the signing a plan: the headline's sides are parties, not signers.
PLANNED = frozenset({"to", "set", "may", "might", "could", "would", "will", "eye", "eyes", "mull", "mulls", "weigh", "weighs", "near", "nears", "seek", "seeks"})
#: Words before the verb that deny the signing.
DENIED = frozenset({"not", "n't", "no", "fail", "fails", "failed", "refuse", "refuses", "refused", "won't", "reject", "rejects", "snub", "snubs", "never"})
#: Words before a refusal verb that deny it.
NEGATIONS = frozenset({"not", "n't", "no", "never", "won't"})
SIDE_KINDS = ("State", "Organization")
#: Signing verbs that are also common headline adjectives or need a particle: "initial deal", "enter into".
NOT_IN_HEADLINES = frozenset({"initial", "enter", "establish", "execute"})


def _signing_verb(sentence: Sentence, verbs: frozenset[str]) -> int | None:
    """Index of the first word that is a signing verb in any inflection ("ink", "inks", "signed"), whatever its tag."""
    for token in sentence.span:
        word = token.lower_
        stems = {word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("ed") else word, word[:-1] if word.endswith("d") else word}
        if stems & verbs and token.ent_type_ == "":
            return token.i
    return None


def _sides_and_deal(ctx: DocContext, sentence: Sentence, verb: int) -> tuple[list[str], str | None]:
    """The states and bodies before a headline's verb (not "Korea's" of "Korea's POSCO"), and the first deal after it."""
    doc = sentence.span.doc
    # "Niger annuls Tassa convention; Peru, Korea sign tin memorandum": one headline of several stories, each its own sides
    breaks = [t.i for t in sentence.span if t.text in (";", "|", ":")]
    first, last = max((b for b in breaks if b < verb), default=-1), min((b for b in breaks if b > verb), default=len(doc))
    mentions = sorted((m for m in sentence.mentions if first < m[1] < last), key=lambda m: m[1])
    # "Korea's POSCO signs ...": a possessor of the body that acts is no side (nor any name glued to the next one)
    owners = {lid for (lid, _, end), (_, start, _) in pairwise(mentions) if start < verb and doc[end:start].text.strip() in ("'s", "’s", "")}
    sides = [lid for lid, start, _ in mentions if start < verb and ctx.kind(lid) in SIDE_KINDS and lid not in owners and not ctx.entities[lid].maybe_person]
    deals = [lid for lid, start, _ in mentions if start > verb and ctx.kind(lid) == "Agreement"]
    return list(dict.fromkeys(sides)), (deals[0] if deals else None)


def _headline_refusal(ctx: DocContext, sentence: Sentence, verbs: frozenset[str]) -> None:
    """ "Congo scraps cobalt accord with Gulf state": the sides before a refusal verb reject the deal after it."""
    verb = _signing_verb(sentence, verbs)
    if verb is None or any(t.lower_ in PLANNED | NEGATIONS for t in sentence.span.doc[max(sentence.span.start, verb - 2) : verb]):
        return  # "Congo may scrap ...", "Congo will not scrap ..."
    sides, deal = _sides_and_deal(ctx, sentence, verb)
    for side in sides if deal else []:
        ctx.add_fact(side, "rejects", deal, sentence, 0.65, "headline-refusal")


def _headline_signing(ctx: DocContext, sentence: Sentence, verbs: frozenset[str]) -> None:
    verb = _signing_verb(sentence, verbs)
    if verb is None:
        return
    doc = sentence.span.doc
    sides, deal = _sides_and_deal(ctx, sentence, verb)
    if not sides or deal is None:
        return
    between = [t.lower_ for t in doc[max(sentence.span.start, verb - 2) : verb]]
    if any(word in DENIED for word in between):
        return
    planned = any(word in PLANNED for word in between)
    for side in sides:
        ctx.add_fact(side, "partyTo", deal, sentence, 0.7, "headline-signing")
        if not planned:
            ctx.add_fact(side, "signs", deal, sentence, 0.7, "headline-signing")


@extractor("headline-signing", order=41)
def headline_signing(ctx: DocContext) -> None:
    """signs/partyTo from a headline's "A, B sign X deal", rejects from "A scraps X deal", read as word sequences."""
    verbs = frozenset(lemma_set(ctx, "signs", "verbs")) - NOT_IN_HEADLINES
    refusals = frozenset(lemma_set(ctx, "rejects", "verbs"))
    for sentence in ctx.sentences:
        if is_headline(ctx, sentence):
            _headline_signing(ctx, sentence, verbs)
            _headline_refusal(ctx, sentence, refusals)
