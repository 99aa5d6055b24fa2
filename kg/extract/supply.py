"""Who dominates the supply of which mineral.

Dominance needs more than a mention of production: a dominance verb
("dominates", "controls", "monopolises"), or a production verb with a
share ("processes 85% of the world's cobalt", "produces most of the
world's gallium"), a dominance noun ("China's grip on rare earths"), a
superlative producer ("the world's largest producer of cobalt"), or a
passive "dominated by Chinese supply chains".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.base import arg_entities, lemma_set, subjects
from kg.extract.registry import extractor
from kg.nlp.context import DocContext

if TYPE_CHECKING:
    from spacy.tokens import Token

ACTOR_KINDS = ("State", "Organization")
STRONG_VERBS = {"dominate", "control", "monopolize", "monopolise", "corner"}
PRODUCER_NOUNS = {"producer", "supplier", "processor", "refiner", "exporter", "miner", "source", "player", "force"}
ORDINALS = {"second", "third", "fourth", "fifth", "2nd", "3rd", "4th", "5th", "no."}
SUPERLATIVES = {"largest", "biggest", "top", "dominant"}  # "a major/leading producer" is no dominance (annotation rules)
#: Verbs that give their subject the dominance noun they govern ("holds a monopoly", "was given a monopoly").
HOLDING = {"have", "hold", "give", "grant", "enjoy", "gain", "retain", "maintain", "establish", "keep", "exercise", "exert", "secure", "win"}


#: Words of a share of the whole world's output: "98% of world production".
WORLD_OUTPUT = frozenset({"production", "output", "supply", "supplies"})
#: Words that make a share a group's, not each member's: "together accounted for 85%".
JOINT_WORDS = frozenset({"together", "combined", "jointly", "collectively"})


def topic_mineral(ctx: DocContext) -> str | None:
    """The mineral an article is about when its title is that mineral's name alone ("Gallium", "Cobalt statistics")."""
    title = ctx.sentences[0] if ctx.sentences else None
    if title is None or len(title.span) > 4 or len(title.mentions) != 1:
        return None
    lid = title.mentions[0][0]
    return lid if ctx.kind(lid) == "Mineral" else None


#: A stated share below this (in per cent) is a producer's share, not dominance ("accounts for 60%" is; "12%" is not).
DOMINANT_SHARE = 40.0


def _minor_share(tokens: list[Token]) -> bool:
    """A percentage under :data:`DOMINANT_SHARE` among the tokens ("about 12% of", "15 percent of")."""
    for token in tokens:
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if not token.like_num or following is None or following.lower_ not in ("%", "percent", "per"):
            continue
        try:
            value = float(token.text.replace(",", "."))
        except ValueError:
            continue
        if value < DOMINANT_SHARE:
            return True
    return False


def _major_share(tokens: list[Token]) -> bool:
    """A percentage of at least :data:`DOMINANT_SHARE` among the tokens ("exceeds 80%")."""
    return any(t.like_num and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ in ("%", "percent") for t in tokens) and not _minor_share(tokens)


def _ranked_below_first(token: Token) -> bool:
    """ "the second-largest producer" is no dominance."""
    before = token.doc[max(0, token.i - 2) : token.i]
    return any(t.lower_ in ORDINALS for t in [*before, *token.children])


#: Passive verbs whose "in" phrase names where a share of world supply is produced.
PRODUCED_IN = frozenset({"mine", "produce", "refine", "process", "extract", "smelt"})


def _world_share(ctx: DocContext, token: Token, quantities: frozenset[str]) -> tuple[list[str], list[str]]:
    """ "China is responsible for 70% of global graphite output", "most of the world's platinum comes from South Africa"."""
    if token.pos_ == "ADJ":  # the share is what the subject is responsible for
        share = [t for c in token.children if c.dep_ == "prep" and c.lower_ == "for" for t in c.subtree]
        sources = [s for s in subjects(token.head)] if token.dep_ == "acomp" else []
    else:  # the share is the subject; where it comes from (or is mined) holds it
        share = [t for c in token.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree]
        places = ("from", "in") if token.lemma_.lower() in PRODUCED_IN else ("from",)  # "80% of the world's tungsten is mined in China"
        sources = [g for c in token.children if c.dep_ == "prep" and c.lower_ in places for g in c.children if g.dep_ == "pobj"]
        sources += [p for g in sources if ctx.ent(g) is None for c in g.children if c.lower_ == "in" for p in c.children if p.dep_ == "pobj"]  # "from mines in Congo"
    words = {t.lemma_.lower() for t in share} | {t.lower_ for t in share}
    if not words & quantities or not words & {"world", "global", "worldwide"} or _minor_share(share):
        return [], []
    minerals = [lid for t in share if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"]
    return [a for g in sources for a in arg_entities(ctx, g, ACTOR_KINDS)], minerals


@extractor("supply-dominance", order=70)
def supply_dominance(ctx: DocContext) -> None:
    """dominatesSupplyOf from dominance verbs, shares, nouns and superlatives."""
    verbs = lemma_set(ctx, "dominates", "verbs")
    nouns = lemma_set(ctx, "dominates", "nouns")
    quantities = lemma_set(ctx, "dominates", "quantity_words")
    deposit_nouns = lemma_set(ctx, "deposits", "nouns") - {"potential"}
    topic = topic_mineral(ctx)
    for sentence in ctx.sentences:
        kinds = {ctx.kind(lid) for lid, _, _ in sentence.mentions}
        if ("Mineral" not in kinds and topic is None) or not kinds & set(ACTOR_KINDS):
            continue
        for token in sentence.span:
            lemma = token.lemma_.lower()
            minerals: list[str] = []
            actors: list[str] = []
            rule = ""
            if token.pos_ == "VERB" and lemma in PRODUCED_IN and any(c.dep_ == "auxpass" for c in token.children):
                (actors, minerals), rule = _world_share(ctx, token, quantities), "world-share"  # "most of the world's cobalt is refined in China"
            elif token.pos_ == "VERB" and lemma in verbs:
                passive = any(c.dep_ == "auxpass" for c in token.children) or (token.tag_ == "VBN" and token.dep_ in ("acl", "relcl"))
                if passive and lemma not in STRONG_VERBS:
                    continue  # "lithium carbonate produced by YLB" is production, not dominance (a share would say so)
                if passive:
                    actors = [a for c in token.children if c.dep_ == "agent" for g in c.children for a in arg_entities(ctx, g, ACTOR_KINDS)]
                    patient = [t for c in token.children if c.dep_ == "nsubjpass" for t in c.subtree]
                    if token.dep_ in ("acl", "relcl"):
                        patient = list(token.head.subtree)
                    minerals = [lid for t in patient if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"]
                    rule = "dominated-by"
                else:
                    below = [t for c in token.children if c.dep_ in ("dobj", "prep", "attr", "oprd", "npadvmod", "dative") for t in c.subtree]
                    held = [t for c in token.children if c.dep_ in ("dobj", "attr", "oprd") or (c.dep_ == "prep" and c.lower_ in ("for", "of")) for t in c.subtree]
                    if any(t.lemma_.lower() in deposit_nouns and t.dep_ != "compound" for t in held):  # not "world mine production"
                        continue  # "holds the largest lithium reserves" is about deposits, not supply ("produces half ... from mines" is)
                    words = {t.lemma_.lower() for t in below} | {t.lower_ for t in below}
                    if lemma not in STRONG_VERBS and (not words & quantities or _minor_share(below)):
                        continue  # "produces 12% of the world's copper" is a share, not dominance
                    actors = [a for s in subjects(token) for a in arg_entities(ctx, s, ACTOR_KINDS)]
                    minerals = [lid for t in below if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"]
                    if not minerals and token.dep_ in ("advcl", "conj") and token.tag_ == "VBG":
                        # "A was the leading producer of niobium, accounting for 90% of global output": the ore of the clause it adds to
                        minerals = [lid for c in token.head.children if c.dep_ in ("attr", "dobj") for t in c.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"]
                    if not minerals and topic and "Mineral" not in kinds and words & WORLD_OUTPUT:
                        minerals = [topic]  # under a commodity's own title: "China ... accounting for 98% of world production"
                    if len(set(actors)) > 1 and any(c.lower_ in JOINT_WORDS for h in [token, *subjects(token)] for c in h.children):
                        continue  # "A, B and C together accounted for 85%": no one of them dominates
                    rule = "dominance-verb"
            elif (token.pos_ == "ADJ" and lemma == "responsible") or (token.pos_ == "VERB" and lemma in ("come", "originate")):
                (actors, minerals), rule = _world_share(ctx, token, quantities), "world-share"
            elif token.pos_ == "NOUN" and lemma in nouns:
                actors = [a for c in token.children if c.dep_ in ("poss", "compound", "amod") for a in arg_entities(ctx, c, ACTOR_KINDS)]
                if not actors and token.dep_ in ("dobj", "attr") and token.head.lemma_.lower() in HOLDING:
                    # "SQM was given a monopoly in …", "China holds a near-monopoly on …"
                    holder = token.head
                    actors = [a for c in holder.children if c.dep_ in ("nsubj", "nsubjpass") for a in arg_entities(ctx, c, ACTOR_KINDS)]
                    actors = actors or [a for s in subjects(holder) for a in arg_entities(ctx, s, ACTOR_KINDS)]
                minerals = [lid for c in token.children if c.dep_ == "prep" for t in c.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"]
                rule = "dominance-noun"
            elif token.pos_ == "NOUN" and lemma == "share" and token.dep_ == "pobj" and token.head.lower_ == "with" and not _minor_share(list(token.subtree)):
                # "With a 70% share of global cobalt output, Congo ...": the clause's subject holds the share
                if not any(t.like_num or t.lower_ in ("majority", "lion", "dominant") for t in token.subtree):
                    continue
                actors = [a for s in subjects(token.head.head) for a in arg_entities(ctx, s, ACTOR_KINDS)] if token.head.head.pos_ in ("VERB", "AUX") else []
                minerals = [lid for t in token.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"]
                rule = "share-of-supply"
            elif token.pos_ == "NOUN" and lemma == "share" and token.dep_ == "nsubj" and _major_share([t for t in token.head.subtree if not token.left_edge.i <= t.i <= token.right_edge.i]):
                # "China's share of global tungsten mining exceeds 80%"
                actors = [a for c in token.children if c.dep_ == "poss" for a in arg_entities(ctx, c, ACTOR_KINDS)]
                minerals = [lid for t in token.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"]
                rule = "share-of-supply"
            elif token.pos_ == "NOUN" and lemma in PRODUCER_NOUNS and any(c.lower_ in SUPERLATIVES and not _ranked_below_first(c) for c in token.children):
                predicate = token
                while predicate.dep_ == "conj" and predicate.head.i != predicate.i:
                    predicate = predicate.head  # "the second-largest producer of copper, and the largest producer of cobalt"
                if predicate.dep_ in ("attr",):
                    actors = [a for s in subjects(predicate.head) for a in arg_entities(ctx, s, ACTOR_KINDS)]
                elif token.dep_ == "appos":
                    actors = arg_entities(ctx, token.head, ACTOR_KINDS)
                minerals = [lid for c in token.children if c.dep_ in ("prep", "compound") for t in c.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"]
                rule = "largest-producer"
            for actor in dict.fromkeys(actors):
                for mineral in dict.fromkeys(minerals):
                    ctx.add_fact(actor, "dominatesSupplyOf", mineral, sentence, 0.8, rule)
