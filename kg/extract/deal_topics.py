"""What a nameless agreement noun is about, and whether that makes it a deal kg records.

Why apart: "a trade agreement", "an offer of help", "the initiative" are
agreement nouns that are no minerals deal; the words around the noun (its
topic, what is offered, the name it defines) decide, and the same topic
words give a deal's minerals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.agreement_words import AgreementWords
from kg.extract.base import lemma_set

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.nlp.context import DocContext

DEFINITE = frozenset({"the", "this", "that", "these", "those"})
TOPIC_PREPS = ("on", "over", "for", "about", "concerning", "regarding", "covering", "in")
PROPOSAL_NOUNS = frozenset({"proposal", "offer", "draft", "plan", "initiative", "demand"})


def topic_tokens(token: Token, topic_verbs: frozenset[str]) -> list[Token]:
    """Modifiers of an agreement noun that say what it is about ("on lithium", "focused on minerals")."""
    result: list[Token] = []
    for child in token.children:
        before = child.i < token.i and child.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod")
        about = child.dep_ == "prep" and child.lower_ in TOPIC_PREPS
        qualified = child.dep_ in ("acl", "relcl") and child.lemma_.lower() in topic_verbs
        if before or about or qualified:
            result.extend(child.subtree)
    return result


def mineral_topic(ctx: DocContext, token: Token, words: AgreementWords) -> bool:
    """The deal is about minerals: its topic names a mineral or a minerals word ("a critical minerals pact")."""
    topic = topic_tokens(token, words.topic_verbs)
    lemmas = {t.lemma_.lower() for t in topic} | {t.lower_ for t in topic}
    return bool(lemmas & words.mineral_words) or any(ctx.kind(ctx.ent(t)) == "Mineral" for t in topic)


def keep_unnamed(ctx: DocContext, token: Token, words: AgreementWords, mineral: bool, governed: bool) -> bool:
    """A nameless mention is a deal when it is about minerals or in a deal's context, not about another topic."""
    topic = topic_tokens(token, words.topic_verbs)
    lemmas = {t.lemma_.lower() for t in topic} | {t.lower_ for t in topic}
    lemma = token.lemma_.lower()
    if lemma in words.weak or lemma in PROPOSAL_NOUNS:
        # "an offer of help", "a proposal to raise royalties", "an offer to buy the mine": what is offered says what it is
        lemmas |= {t.lemma_.lower() for t in _offered(token)}
    if lemmas & words.other_topics and not mineral and not _defines_a_name(token, words):
        return False
    if lemmas & words.transaction_topics and lemma in PROPOSAL_NOUNS:
        return False  # "a takeover offer", "a proposal to acquire the mine"; a signed "share purchase agreement" is a contract
    if lemma == "text":
        return governed  # "the text was signed"; not "cobalt is not in the text"
    if lemma in words.weak and not mineral:
        has_owner = any(c.dep_ in ("poss", "compound") and ctx.ent(c) for c in token.children)
        # "the initiative": an anaphor; kept only if it finds its deal or a party (see agreement_sides)
        definite = any(c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children)
        return governed or definite or (lemma in lemma_set(ctx, "proposes", "nouns") and has_owner)
    return True


def _defines_a_name(token: Token, words: AgreementWords) -> bool:
    """ "The Baltic Charter is a trade agreement between A and B", "the Baltic Charter, a trade pact": it says what a named deal is."""
    named = [c for c in token.head.children if c.dep_ == "nsubj"] if token.dep_ == "attr" and token.head.lemma_ == "be" else [token.head] if token.dep_ == "appos" else []
    return any(n.pos_ == "PROPN" and n.lower_ in words.nouns for n in named)


def _offered(token: Token) -> list[Token]:
    """What an offer or proposal offers: "of help" (the noun and its modifiers), "to buy the mine" (the verb and its object)."""
    heads = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    verbs = [c for c in token.children if c.dep_ == "acl" and c.pos_ == "VERB"]
    heads += [g for v in verbs for g in v.children if g.dep_ == "dobj"]
    return verbs + heads + [c for h in heads for c in h.children if c.dep_ in ("compound", "amod")]
