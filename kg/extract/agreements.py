"""Agreements: the deals an article talks about, one local entity per deal, and what they cover.

Why this shape: the mentions are found by :mod:`kg.extract.agreement_mentions`,
the decision which mentions are one deal is :mod:`kg.extract.agreement_identity`
(a pure function, tested without a model); this module turns the result into
local entities, binds their tokens so the later extractors see the deals, and
records the parties a mention itself states ("an agreement between X and Y",
"the Peru–Chile memorandum").

Deals about other topics ("security agreements", "peace deal") are not
minerals deals and are left out rather than guessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.agreement_identity import Reference, resolve_references
from kg.extract.agreement_mentions import AgreementMention, acronym_mentions, sentence_mentions
from kg.extract.agreement_words import agreement_words
from kg.extract.base import conjuncts, lemma_set, negated, sentence_entities
from kg.extract.claims import claim_tokens
from kg.extract.clauses import clause_of, same_clause
from kg.extract.registry import extractor
from kg.lexicon.tables import normalise
from kg.nlp.context import DocContext, Sentence
from kg.nlp.model import CAPITAL
from kg.types import Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Nouns of a proposal whose "for/of/on" object is the deal proposed.
PROPOSAL_HEADS = frozenset({"proposal", "offer", "draft", "plan", "bid"})

def _ties(ctx: DocContext, mentions: list[AgreementMention]) -> list[AgreementMention]:
    """Mentions the text equates with an earlier one: "a memorandum establishing a partnership", appositions."""
    words = agreement_words(ctx.lexicon)
    link_verbs = words.link_verbs
    index = {(m.sentence, m.head): i for i, m in enumerate(mentions)}
    # memoranda that end right before a word: "a memorandum of understanding | on ..."
    ends = {(m.sentence, m.end): i for i, m in enumerate(mentions) if m.reference.kind in ("memorandum", "agreement") or m.reference.head in ("memorandum", "mou")}
    tied = []
    for i, mention in enumerate(mentions):
        head = ctx.sentences[mention.sentence].span.doc[mention.head]
        link = None
        verb = head.head
        if head.dep_ in ("dobj", "attr") and verb.lemma_.lower() in link_verbs:
            holder = verb.head if verb.dep_ in ("acl", "relcl", "advcl") else next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if holder is not None:
                link = index.get((mention.sentence, holder.i))
        if head.dep_ == "appos":
            link = index.get((mention.sentence, head.head.i))
        if head.dep_ == "dobj" and not mention.name and head.left_edge.i > 0 and head.doc[head.left_edge.i - 1].text == ",":
            # "launched the X Partnership on Sunday, a framework to …": an apposition the parser made a second object
            link = next((index[(mention.sentence, c.i)] for c in verb.children if c.dep_ == "dobj" and c.i < head.i and (mention.sentence, c.i) in index), link)
        if head.dep_ == "pobj" and head.head.lower_ in ("for", "of", "on") and head.head.head.lemma_.lower() in PROPOSAL_HEADS:
            # "a proposal for a raw materials partnership": the partnership proposed
            link = index.get((mention.sentence, head.head.head.i), link)
        doc = head.doc
        before = head.left_edge.i - 1
        if before > 0 and doc[before].lower_ == "on" and (text := ends.get((mention.sentence, before))) is not None and not mention.name:
            # "a memorandum of understanding on a strategic partnership": the memorandum is that partnership's text
            link = text
        defined = False
        if head.dep_ == "attr" and verb.lemma_ == "be":
            # "The Andes Pact is an initiative launched by ...": the same agreement
            subject = next((index[(mention.sentence, c.i)] for c in verb.children if c.dep_ == "nsubj" and (mention.sentence, c.i) in index), None)
            link, defined = (subject, True) if subject is not None else (link, False)
        # "The X is a 2019 agreement between ...": a definition's year dates the deal, it does not make another one
        plain = not (mention.name or mention.reference.distinct or (mention.reference.year and not defined))
        named_here = _naming_link(head, words.naming_verbs) or (_apposed(head, mention.start) if mention.name else None)
        if named_here is not None and (earlier := index.get((mention.sentence, named_here.i))) is not None and not mentions[earlier].name:
            # "a regional arrangement, which it calls the X Compact", "a framework known as the X", "a new pact, the X": its name
            link, plain = earlier, True
        if link is not None and link < i and plain:
            mention = AgreementMention(**{**mention.__dict__, "reference": Reference(**{**mention.reference.__dict__, "link": link})})
        tied.append(mention)
    return tied


def _apposed(head: Token, start: int) -> Token | None:
    """ "a new pact, the X Accord, ...": the noun a name stands in apposition to, however the parser hangs it."""
    if head.dep_ == "appos":
        return head.head
    doc = head.doc
    k = start - 1 if start > 0 and doc[start - 1].lower_ == "the" else start
    return doc[k - 2] if k >= 2 and doc[k - 1].text == "," and doc[k - 2].pos_ == "NOUN" else None


def _naming_link(head: Token, naming_verbs: frozenset[str]) -> Token | None:
    """The noun a name is given to: "X, which it calls NAME", "X dubbed NAME", "X, known as NAME"."""
    verb = head.head
    if head.dep_ == "pobj" and verb.lower_ == "as":
        verb = verb.head
    elif head.dep_ not in ("oprd", "dobj"):
        return None
    if verb.lemma_.lower() not in naming_verbs or verb.dep_ not in ("acl", "relcl"):
        return None
    return verb.head


def _local_ids(mentions: list[AgreementMention], numbers: list[int]) -> dict[int, str]:
    ids: dict[int, str] = {}
    for mention, number in zip(mentions, numbers, strict=True):
        if number in ids and not ids[number].startswith("Agreement:named:") and mention.name:
            ids[number] = f"Agreement:named:{normalise(mention.name)}"
        ids.setdefault(number, f"Agreement:named:{normalise(mention.name)}" if mention.name else f"Agreement:{number}:{mention.reference.kind}")
    return ids


@extractor("agreements", order=10)
def find_agreements(ctx: DocContext) -> None:
    """Agreement mentions, grouped into one local entity per deal."""
    words = agreement_words(ctx.lexicon)
    mentions = [m for sentence in ctx.sentences for m in sentence_mentions(ctx, sentence, words)]
    mentions += acronym_mentions(ctx, mentions)
    # headlines drop their articles and come first: read them after the body they announce
    mentions.sort(key=lambda m: (m.reference.headline, m.reference.position))
    mentions = _ties(ctx, mentions)
    numbers = resolve_references([m.reference for m in mentions])
    ids = _local_ids(mentions, numbers)
    counts: dict[str, int] = {}
    named_forms: dict[str, list[str]] = {}
    acronyms: dict[str, set[str]] = {}
    for mention, number in zip(mentions, numbers, strict=True):
        local_id = ids[number]
        sentence = ctx.sentences[mention.sentence]
        draft = ctx.entity(local_id, "Agreement")
        claim_tokens(ctx, sentence, mention.start, mention.end, local_id)
        if mention.name:
            draft.named = True
            draft.forms.append(mention.name)
            named_forms.setdefault(local_id, []).append(mention.name)
            if mention.reference.acronym:
                doc = sentence.span.doc
                written = doc[mention.head].text if mention.end - mention.start == 1 else doc[mention.end - 2].text
                acronyms.setdefault(local_id, set()).add(written)
        else:
            doc = sentence.span.doc
            head = doc[mention.head]
            draft.forms.append(" ".join(t.text for t in head.subtree if t.i <= head.i)[-80:])
        if mention.reference.short:
            draft.forms.append(sentence.span.doc[mention.end - 2].text)  # "(MOA)": what the text calls it from then on
        if not draft.agreement_kind or (draft.agreement_kind in ("agreement", "deal") and mention.kind_phrase not in ("agreement", "deal")):
            draft.agreement_kind = mention.kind_phrase
        draft.mentions += 1
        asked = sentence.text.rstrip().endswith("?")  # "Will you sign a deal with Bolivia?" states no side
        draft.parties |= mention.reference.parties if not asked else set()
        if mention.mineral_topic:
            draft.topic = "minerals"
        doc = sentence.span.doc
        span = doc[mention.start : mention.end]
        offset = sentence.start - sentence.span.start_char
        ctx.mentions.append((local_id, Mention(offset + span.start_char, offset + span.end_char, span.text, "Agreement", None, sentence.index)))
        sentence.mentions.append((local_id, mention.head, mention.head + 1))
        counts[local_id] = counts.get(local_id, 0) + 1
        if not mention.name and (description := _description(doc[mention.head])):
            draft.descriptions.append(description)
        if not mention.name and (topic := _topic_description(ctx, doc[mention.head])):
            draft.descriptions.append(topic)  # "a memorandum on uranium exploration" is a "uranium exploration memorandum"
        if not mention.name and (site := _site_of_deal(ctx, doc[mention.head])):
            draft.descriptions.append(f"{site} {_description(doc[mention.head]) or doc[mention.head].lower_}")  # "Kibi Hills exploration agreement"
        for party in sorted(mention.reference.parties) if not asked else []:
            ctx.add_fact(party, "partyTo", local_id, sentence, 0.85, "agreement-parties")
    for local_id, names in named_forms.items():
        # a named deal is called by its names (and, once, its acronym), not by "the MOU"
        ctx.entities[local_id].forms = names + sorted(acronyms.get(local_id, ()))
    if counts:
        ctx.main_deal = max(counts, key=lambda lid: (counts[lid], -min(i for i, n in enumerate(numbers) if ids[n] == lid)))


#: Nouns that praise a deal rather than say what it is about ("a landmark agreement").
_PRAISE_NOUNS = frozenset({"landmark", "milestone", "flagship", "blockbuster", "mega", "megadeal", "breakthrough"})


def _description(head: Token) -> str:
    """The noun compound that says what a deal is ("tin marketing agreement", "raw materials cooperation agreement"), or ""."""
    start = head.i
    while start > 0:
        token = head.doc[start - 1]
        compound = token.dep_ == "compound" and token.pos_ in ("NOUN", "PROPN")
        inner = token.dep_ in ("amod", "compound") and token.head.i != head.i and token.head.i < head.i  # "raw" of "raw materials"
        if not (token.is_alpha and token.is_lower and token.lower_ not in _PRAISE_NOUNS and (compound or inner)):
            break
        start -= 1
    if start == head.i or not any(t.dep_ == "compound" and t.head.i == head.i for t in head.doc[start : head.i]):
        return ""
    return head.doc[start : head.i + 1].text


def _topic_description(ctx: DocContext, head: Token) -> str:
    """ "a memorandum on uranium exploration" -> "uranium exploration memorandum": a short lower-case topic with an ore in it."""
    holders = [head, *(g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")]
    for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in ("on", "for", "covering")):
        for noun in (g for g in prep.children if g.dep_ == "pobj"):
            end = max([noun.i, *(c.i for c in noun.conjuncts if c.i > noun.i)])  # "on tin and zinc", not "… with Rosatom"
            words = list(noun.doc[noun.left_edge.i : end + 1])
            if len(words) <= 4 and all(t.is_lower and (t.is_alpha or t.text == "-") for t in words) and any(ctx.kind(ctx.ent(t)) == "Mineral" for t in words):
                return f"{' '.join(t.text for t in words)} {head.lower_}"
    return ""


def _site_of_deal(ctx: DocContext, head: Token) -> str:
    """The site a nameless deal is for, as written: "the exploration agreement for the Kibi Hills gold concession" -> "Kibi Hills"."""
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "at", "over", "covering", "on")):
        for noun in (g for g in prep.children if g.dep_ == "pobj"):
            for token in (noun, *(c for c in noun.children if c.dep_ in ("compound", "nmod"))):
                site = ctx.ent(token)
                if site and ctx.kind(site) == "Place" and token.ent_type_ != CAPITAL:
                    return " ".join(t.text for t in noun.subtree if ctx.ent(t) == site)
    return ""


#: Nouns for who makes or trades an ore: "the world's largest copper producer" describes a party, not the deal.
_ACTOR_NOUNS = frozenset({"producer", "exporter", "importer", "refiner", "processor", "consumer", "miner", "supplier", "giant", "major", "buyer", "seller"})


#: Sites whose ore, named on them, describes the site ("a lithium mine", "the copper project").
_SITE_NOUNS = frozenset({"mine", "deposit", "project", "field", "reserve"})  # not smelters or refineries: a deal to build them covers their ore


def _describes_a_party(mineral: Token) -> bool:
    """The mineral is background about a side: in an apposition ("Peru, a copper producer,") or naming what a party makes."""
    if mineral.head.lemma_.lower() in _ACTOR_NOUNS and mineral.dep_ in ("compound", "amod", "nmod"):
        return True
    # "Guinea, home to a quarter of the world's bauxite reserves," (parsed as an adverbial phrase on the name)
    return any(t.dep_ == "appos" or (t.dep_ == "npadvmod" and t.lemma_.lower() == "home") for t in (mineral, *mineral.ancestors) if t.pos_ in ("NOUN", "PROPN"))


def _covered(ctx: DocContext, deal_token: Token, mineral_token: Token, deals_here: int) -> float:
    """Confidence that a mineral is what the deal is about: inside its phrase, or in its clause when it is the only deal."""
    clause = clause_of(mineral_token)
    if negated(clause) or clause.lemma_.lower() in ("exclude", "omit", "drop", "remove"):
        return 0.0  # "the accord does not cover cobalt", "the deal excludes cobalt"
    if deal_token.left_edge.i <= mineral_token.i <= deal_token.right_edge.i:
        return 0.85
    if deals_here != 1 or _describes_a_party(mineral_token):
        return 0.0
    # "the Jadar project, Europe's largest lithium mine": what a site beside the deal holds is background
    site = mineral_token.head.lemma_.lower() in _SITE_NOUNS and mineral_token.dep_ in ("compound", "amod", "nmod")
    if same_clause(deal_token, mineral_token):
        return 0.0 if site else 0.7
    # "signed an agreement on Monday, covering lithium": a participle on the signing clause
    attached = clause.head.i != clause.i and clause_of(clause.head).i == clause_of(deal_token).i
    if attached and clause.dep_ in ("advcl", "acl") and clause.tag_ in ("VBG", "VBN"):
        return 0.0 if site else 0.7
    # "proposed the partnership to secure supplies of rare earths": the deal's purpose names what it is about
    if attached and clause.dep_ in ("advcl", "xcomp", "acl") and clause.lemma_.lower() in agreement_words(ctx.lexicon).topic_verbs:
        return 0.6
    if attached and clause.dep_ in ("ccomp", "xcomp") and deal_token.dep_ == "nsubj" and deal_token.head.i == clause.head.i and not site:
        return 0.6  # "the partnership will see the two countries work together on potash": what the deal has its sides do
    return 0.0


def _talks_topic(ctx: DocContext, sentence: Sentence) -> None:
    """ "The talks centre on lithium and cobalt": the minerals of the talks are the article's deal's."""
    talk_nouns = lemma_set(ctx, "negotiates", "nouns")
    doc = sentence.span.doc
    talks = [t for t in sentence.span if t.lemma_.lower() in talk_nouns and t.dep_ in ("nsubj", "nsubjpass") and any(c.lower_ in ("the", "these") for c in t.children)]
    if not talks or ctx.main_deal is None:
        return
    for lid, start, _ in sentence.mentions:
        if ctx.kind(lid) == "Mineral" and any(same_clause(talk, doc[start]) for talk in talks):
            ctx.add_fact(ctx.main_deal, "covers", lid, sentence, 0.6, "talks-minerals")


#: Verbs whose object is what a deal is about: "It covers nickel and cobalt".
COVERING_VERBS = frozenset({"cover", "include", "concern", "target", "span", "encompass", "address", "focus", "centre", "center"})


def _pronoun_topic(ctx: DocContext, sentence: Sentence) -> None:
    """ "The two signed a supply agreement. It covers nickel and cobalt.": the minerals of the deal "it" stands for.

    "It" is the one deal the sentence before names; nothing when it names none or several.
    """
    if sentence.index == 0:
        return
    verbs = [t.head for t in sentence.span if t.lower_ == "it" and t.dep_ == "nsubj" and t.head.lemma_.lower() in COVERING_VERBS]
    if not verbs:
        return
    before = {lid for lid, _, _ in ctx.sentences[sentence.index - 1].mentions if ctx.kind(lid) == "Agreement"}
    if len(before) != 1:
        return
    deal = next(iter(before))
    for verb in verbs:
        if negated(verb):
            continue
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr") or (c.dep_ == "prep" and c.lower_ == "on")]  # "It focuses on X"
        for token in (t for c in objects for t in c.subtree):
            local = ctx.ent(token)
            if local is not None and ctx.kind(local) == "Mineral":
                ctx.add_fact(deal, "covers", local, sentence, 0.7, "it-covers")


@extractor("agreement-minerals", order=60)
def covered_minerals(ctx: DocContext) -> None:
    """Minerals an agreement covers: in the deal's phrase, or in its clause when it is the sentence's only deal."""
    for sentence in ctx.sentences:
        deals = sentence_entities(ctx, sentence, ("Agreement",))
        minerals = sentence_entities(ctx, sentence, ("Mineral",))
        if not minerals:
            continue
        _pronoun_topic(ctx, sentence)
        if not deals:
            _talks_topic(ctx, sentence)
            continue
        doc = sentence.span.doc
        deal_tokens_here = [(lid, doc[s]) for lid, s, _ in sentence.mentions if ctx.kind(lid) == "Agreement"]
        mineral_tokens = [(lid, doc[s]) for lid, s, _ in sentence.mentions if ctx.kind(lid) == "Mineral"]
        for mineral, mineral_token in mineral_tokens:
            clause = clause_of(mineral_token)
            if negated(clause) or clause.lemma_.lower() in ("exclude", "omit"):
                continue  # "Lithium is not part of this memorandum", "the deal excludes cobalt"
            scores: dict[str, float] = {}
            for deal, token in deal_tokens_here:  # a deal named twice in the sentence: its best mention counts
                scores[deal] = max(scores.get(deal, 0.0), _covered(ctx, token, mineral_token, len(deals)))
            best = max(scores.values(), default=0.0)
            for deal, score in scores.items():
                if score and score == best:
                    ctx.add_fact(deal, "covers", mineral, sentence, score, "agreement-minerals")


def deal_tokens(ctx: DocContext, token: Token) -> list[str]:
    """Agreements a nominal argument refers to, through coordination."""
    return [d for t in conjuncts(token) for d in [ctx.ent(t)] if d and ctx.kind(d) == "Agreement"]
