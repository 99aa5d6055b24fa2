"""Agreements: find the deals an article talks about, and what they cover.

An article usually discusses one deal under many names ("the minerals
deal", "the agreement", "the U.S. proposal", "the initial draft"). kg
gives each article one *main* deal, made from every reference that is
about minerals or generic, and a separate node only for a deal the text
names ("the Minerals Security Partnership") or whose parties differ. Deals
about other topics ("security agreements", "peace deal") are not minerals
deals and are left out rather than guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.base import arg_entities, conjuncts, lemma_set, sentence_entities
from kg.extract.registry import extractor
from kg.lexicon.tables import normalise
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

NAMED_LABELS = ("LAW", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "FAC")


def _topic_tokens(token: Token) -> list[Token]:
    """Modifiers of an agreement noun that say what it is about."""
    result: list[Token] = []
    for child in token.children:
        if (child.i < token.i and child.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod")) or (child.dep_ == "prep" and child.lower_ in ("on", "over", "for", "about", "concerning", "regarding", "covering", "in")) or (child.dep_ in ("acl", "prep") and child.i > token.i):
            result.extend(child.subtree)
    return result


def _parties(ctx: DocContext, token: Token) -> set[str]:
    """States and organisations named as the parties of an agreement noun."""
    parties: set[str] = set()
    for child in token.children:
        if child.i < token.i and child.dep_ in ("compound", "amod", "nmod", "poss"):
            for item in child.subtree:
                local = ctx.ent(item)
                if local and ctx.kind(local) in ("State", "Organization") and not ctx.entities[local].maybe_person:
                    parties.add(local)
        if child.dep_ == "prep" and child.lower_ in ("between", "with", "among"):
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                parties.update(p for p in arg_entities(ctx, pobj, ("State", "Organization")) if not ctx.entities[p].maybe_person)
    # "talks with the United States on a memorandum": the sides of the talks are the deal's
    holder = token.head.head if token.dep_ == "pobj" and token.head.lower_ in ("on", "over", "for", "about") else None
    if holder is not None and holder.lemma_.lower() in lemma_set(ctx, "negotiates", "nouns"):
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in ("between", "with", "among"):
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    parties.update(p for p in arg_entities(ctx, pobj, ("State", "Organization")) if not ctx.entities[p].maybe_person)
    return parties


def _named(ctx: DocContext, sentence: Sentence, token: Token) -> str | None:
    """The proper name of an agreement when the text gives one."""
    if sentence.heading:
        return None
    for ent in sentence.span.ents:
        if ent.label_ in NAMED_LABELS and ent.start <= token.i < ent.end:
            words = [t for t in ent if t.lower_ != "the"]
            if len(words) >= 2 and all(t.text[:1].isupper() or t.is_punct or t.lower_ in ("of", "and", "on", "for") for t in words) and token.text[:1].isupper():
                return " ".join(t.text_with_ws for t in ent if not (t.i == ent.start and t.lower_ == "the")).strip()
    if token.text[:1].isupper() and token.i > sentence.span.start:
        # "an Advanced Framework Agreement", "the Minerals Security Partnership"
        modifiers = [t for c in token.lefts if c.dep_ in ("compound", "amod", "nmod") for t in c.subtree]
        proper = [t for t in modifiers if t.text[:1].isupper() and ctx.ent(t) is None]
        if proper and all(t.text[:1].isupper() or t.is_punct or t.lower_ in ("of", "and", "on", "for", "-") for t in modifiers):
            start = min(t.i for t in modifiers)
            return token.doc[start : token.i + 1].text
    return None


def _governed_by_trigger(ctx: DocContext, token: Token) -> bool:
    triggers: set[str] = set()
    for section in ("signs", "proposes", "rejects", "negotiates"):
        triggers |= lemma_set(ctx, section, "verbs")
    if token.head.lemma_ in triggers and token.dep_ in ("dobj", "nsubjpass", "pobj", "attr"):
        return True
    if token.dep_ == "pobj" and token.head.head.lemma_ in triggers:
        return True
    return any(c.dep_ in ("acl", "relcl") and c.lemma_ in triggers for c in token.children)


def _about_minerals(ctx: DocContext) -> bool:
    """An article about minerals: its unnamed deals are minerals deals."""
    if any(m.kind == "Mineral" for _, m in ctx.mentions):
        return True
    words = ("mineral", "rare earth", "raw material", "mining", "battery", "batteries", "metals")
    return any(w in s.text.lower() for s in ctx.sentences for w in words)


@extractor("agreements", order=10)
def find_agreements(ctx: DocContext) -> None:
    """Agreement mentions: one main minerals deal per article, named deals apart."""
    relations = ctx.lexicon.relations
    nouns = set(relations.get("agreement_nouns", []))
    weak = set(relations.get("agreement_weak_nouns", []))
    counter = set(relations.get("counter_nouns", []))
    other_topics = set(relations.get("agreement_other_topics", []))
    mineral_words = set(relations.get("mineral_topic_words", []))
    proposal_nouns = lemma_set(ctx, "proposes", "nouns")
    candidates: list[tuple[Sentence, Token, str, set[str], bool]] = []  # sentence, token, name, parties, mineral topic
    for sentence in ctx.sentences:
        for token in sentence.span:
            lemma = token.lemma_.lower()
            if lemma not in nouns or token.pos_ not in ("NOUN", "PROPN") or ctx.ent(token) is not None:
                continue
            if lemma in counter or token.lower_.startswith("counter"):
                continue
            if token.dep_ == "compound" and token.head.lemma_.lower() in nouns:
                continue  # "framework" in "framework agreement": the head noun is the mention
            topic = _topic_tokens(token)
            topic_lemmas = {t.lemma_.lower() for t in topic} | {t.lower_ for t in topic}
            mineral_topic = bool(topic_lemmas & mineral_words) or any(ctx.kind(ctx.ent(t)) == "Mineral" for t in topic)
            other_topic = bool(topic_lemmas & other_topics)
            parties = _parties(ctx, token)
            name = _named(ctx, sentence, token)
            if name:
                candidates.append((sentence, token, name, parties, mineral_topic))
                continue
            if other_topic and not mineral_topic:
                continue
            if lemma in weak and not mineral_topic:
                has_owner = any(c.dep_ in ("poss", "compound") and ctx.ent(c) for c in token.children)
                if not (_governed_by_trigger(ctx, token) or (lemma in proposal_nouns and has_owner)):
                    continue
            candidates.append((sentence, token, "", parties, mineral_topic))
    if not any(mineral for _, _, name, _, mineral in candidates if not name) and not _about_minerals(ctx):
        candidates = [c for c in candidates if c[2]]
    named_in_doc = {normalise(c[2]): c[2] for c in candidates if c[2]}
    if named_in_doc:
        rebound = []
        for sentence, token, name, parties, mineral in candidates:
            if not name:
                phrase = normalise(" ".join(t.text for t in token.subtree if t.i <= token.i))
                same = [n for n in named_in_doc if n in phrase or (phrase.endswith(n.split()[-1]) and set(n.split()) <= set(phrase.split()))]
                if len(same) == 1:
                    name = named_in_doc[same[0]]
                elif len(named_in_doc) == 1 and not mineral and not parties:
                    name = next(iter(named_in_doc.values()))  # "the agreement" after "the Paris Agreement"
            rebound.append((sentence, token, name, parties, mineral))
        candidates = rebound
    # unnamed deals: the first is the article's main deal; one whose named sides share
    # nothing with an earlier deal's is another deal ("a similar deal with Rwanda")
    deal_parties: dict[str, set[str]] = {}
    for sentence, token, name, parties, mineral in candidates:
        if name:
            local_id = f"Agreement:named:{normalise(name)}"
            draft = ctx.entity(local_id, "Agreement")
            draft.named = True
            draft.forms.append(name)
        elif parties and any(deal_parties.values()) and not any(parties & known for known in deal_parties.values()):
            local_id = "Agreement:parties:" + "+".join(sorted(parties))
            deal_parties.setdefault(local_id, set()).update(parties)
            draft = ctx.entity(local_id, "Agreement")
            draft.forms.append(token.text)
        elif parties and (overlap := [lid for lid, known in deal_parties.items() if parties & known and lid != "Agreement:main"]):
            local_id = overlap[0]
            deal_parties[local_id].update(parties)
            draft = ctx.entity(local_id, "Agreement")
            draft.forms.append(token.text)
        else:
            deal_parties.setdefault("Agreement:main", set()).update(parties)
            local_id = "Agreement:main"
            draft = ctx.entity(local_id, "Agreement")
            draft.forms.append(" ".join(t.text for t in token.subtree if t.i <= token.i)[-80:])
            if ctx.main_deal is None:
                ctx.main_deal = local_id
        draft.mentions += 1
        draft.parties |= parties
        if mineral:
            draft.topic = "minerals"
        ctx.bind(token, local_id)
        sentence.mentions.append((local_id, token.i, token.i + 1))
        for party in sorted(parties):
            ctx.add_fact(party, "partyTo", local_id, sentence, 0.85, "agreement-parties")


@extractor("agreement-minerals", order=60)
def covered_minerals(ctx: DocContext) -> None:
    """Minerals an agreement covers: named with it in one sentence."""
    for sentence in ctx.sentences:
        deals = sentence_entities(ctx, sentence, ("Agreement",))
        if not deals:
            continue
        minerals = sentence_entities(ctx, sentence, ("Mineral",))
        if not minerals:
            continue
        doc = sentence.span.doc
        deal_tokens = [doc[s] for lid, s, _ in sentence.mentions if ctx.kind(lid) == "Agreement"]
        for deal in deals:
            for mineral in minerals:
                close = any(
                    any(ctx.ent(t) == mineral for t in deal_token.subtree)
                    for deal_token in deal_tokens
                    if ctx.ent(deal_token) == deal
                )
                ctx.add_fact(deal, "covers", mineral, sentence, 0.85 if close else 0.6, "agreement-minerals")


def deal_tokens(ctx: DocContext, token: Token) -> list[str]:
    """Agreements a nominal argument refers to, through coordination."""
    return [d for t in conjuncts(token) for d in [ctx.ent(t)] if d and ctx.kind(d) == "Agreement"]
