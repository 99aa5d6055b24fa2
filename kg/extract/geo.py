"""Where minerals are, and where places lie.

``hasDeposit`` comes from deposit nouns ("Ukraine's vast deposits of
lithium", "Chile's copper reserves"), abundance adjectives ("rare earths are
abundant throughout Ukraine") and possession verbs ("Chile holds lithium
reserves"). ``locatedIn`` only when the text places a place in a state:
"the Donbas region of Ukraine", "Chile's Antofagasta region", "Mutanda,
Congo", or places listed beside a state in one locative phrase.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.base import arg_entities, lemma_set, subjects
from kg.extract.registry import extractor
from kg.nlp.context import DocContext

if TYPE_CHECKING:
    from spacy.tokens import Token

OWNER_KINDS = ("State", "Place")
LOCATIVE = {"in", "throughout", "within", "across", "inside", "around", "near", "of"}


def _minerals_in(ctx: DocContext, tokens: list[Token] | Token) -> list[str]:
    items = tokens if isinstance(tokens, list) else list(tokens.subtree)
    return list(dict.fromkeys(lid for t in items if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"))


def _locative_owners(ctx: DocContext, head: Token) -> list[str]:
    owners: list[str] = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in LOCATIVE - {"of"}:
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                owners.extend(arg_entities(ctx, pobj, OWNER_KINDS))
                owners.extend(lid for t in pobj.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "Place")
    return list(dict.fromkeys(owners))


def _negated_noun(token: Token) -> bool:
    """ "no significant lithium deposits", "lacks deposits" """
    if any(c.lower_ in ("no", "little", "few") and c.dep_ == "det" for c in token.children):
        return True
    head = token.head
    return head.lemma_ in ("lack",) or any(c.dep_ == "neg" for c in head.children)


@extractor("deposits", order=50)
def deposits(ctx: DocContext) -> None:
    """hasDeposit from deposit nouns, abundance adjectives and possession verbs."""
    nouns = lemma_set(ctx, "deposits", "nouns")
    adjectives = lemma_set(ctx, "deposits", "adjectives")
    verbs = lemma_set(ctx, "deposits", "verbs")
    passive_verbs = lemma_set(ctx, "deposits", "passive_verbs")
    for sentence in ctx.sentences:
        kinds = {ctx.kind(lid) for lid, _, _ in sentence.mentions}
        if "Mineral" not in kinds or not kinds & set(OWNER_KINDS):
            continue
        for token in sentence.span:
            lemma = token.lemma_.lower()
            if _negated_noun(token):
                continue
            if token.pos_ == "VERB" and lemma in passive_verbs and token.dep_ in ("relcl", "acl", "ROOT", "conj", "ccomp"):
                # "rare earths, which are mined in Inner Mongolia"; "cobalt is mined in Katanga"
                patients = [t for c in token.children if c.dep_ == "nsubjpass" for t in c.subtree]
                if token.dep_ in ("relcl", "acl"):
                    patients += list(token.head.subtree)
                minerals = _minerals_in(ctx, [t for t in patients if t.i < token.i or token.dep_ != "relcl"])
                for owner in _locative_owners(ctx, token):
                    for mineral in minerals:
                        ctx.add_fact(owner, "hasDeposit", mineral, sentence, 0.7, "mined-in")
                continue
            if token.pos_ == "NOUN" and lemma in nouns:
                owners = [
                    a
                    for c in token.children
                    if c.dep_ in ("poss", "compound", "nmod") and c.i < token.i
                    for a in arg_entities(ctx, c, OWNER_KINDS)
                ] + _locative_owners(ctx, token)
                minerals = [m for m in _minerals_in(ctx, token) if m]
                if not owners and token.dep_ in ("dobj", "attr") and token.head.lemma_ in verbs:
                    owners = [a for s in subjects(token.head) for a in arg_entities(ctx, s, OWNER_KINDS)]
                for owner in owners:
                    for mineral in minerals:
                        ctx.add_fact(owner, "hasDeposit", mineral, sentence, 0.8, "deposit-noun")
            elif token.pos_ == "ADJ" and lemma in adjectives and token.dep_ in ("acomp", "amod", "conj"):
                head = token.head
                minerals = _minerals_in(ctx, [t for s in subjects(head) for t in s.subtree]) if token.dep_ == "acomp" else []
                minerals += [m for c in token.children if c.dep_ == "prep" and c.lower_ == "in" for m in _minerals_in(ctx, c)]
                owners = _locative_owners(ctx, head) + _locative_owners(ctx, token)
                if lemma in ("rich", "endowed") and token.dep_ == "acomp":
                    owners += [a for s in subjects(head) for a in arg_entities(ctx, s, OWNER_KINDS)]
                for owner in dict.fromkeys(owners):
                    for mineral in dict.fromkeys(minerals):
                        ctx.add_fact(owner, "hasDeposit", mineral, sentence, 0.75, "deposit-abundance")


@extractor("located-in", order=55)
def located_in(ctx: DocContext) -> None:
    """locatedIn from "P, S", "S's P region", "P region of S" and shared locative phrases."""
    for sentence in ctx.sentences:
        places = [(lid, s, e) for lid, s, e in sentence.mentions if ctx.kind(lid) == "Place" and not lid.startswith("Place:capital:")]
        states = [(lid, s, e) for lid, s, e in sentence.mentions if ctx.kind(lid) == "State"]
        if not places or not states:
            continue
        doc = sentence.span.doc
        for place, start, end in places:
            token = doc[start:end].root
            found: list[tuple[str, float, str]] = []
            if end + 1 < sentence.span.end and doc[end].text == "," and ctx.kind(ctx.ent(doc[end + 1])) == "State":
                found.append((ctx.ent(doc[end + 1]) or "", 0.8, "place-comma-state"))
            anchor = token.head if token.dep_ == "compound" else token
            for child in list(anchor.children) + list(token.children):
                if child.dep_ == "poss" and ctx.kind(ctx.ent(child)) == "State":
                    found.append((ctx.ent(child) or "", 0.8, "state-possessive-place"))
                if child.dep_ == "prep" and child.lower_ in ("of", "in"):
                    for pobj in (g for g in child.children if g.dep_ == "pobj"):
                        found.extend((s, 0.8, "place-of-state") for s in arg_entities(ctx, pobj, ("State",)))
            if not found:
                first = token
                while first.dep_ in ("conj", "compound", "nmod", "appos") and first.head is not first:
                    first = first.head
                if first.dep_ == "pobj" and first.head.lower_ in LOCATIVE - {"of"}:
                    clause = first.head.head
                    for other in _locative_owners(ctx, clause):
                        if ctx.kind(other) == "State":
                            found.append((other, 0.65, "shared-locative"))
            for state, confidence, rule in found:
                ctx.add_fact(place, "locatedIn", state, sentence, confidence, rule)

