"""Facts the text reports as someone's unchecked claim, not as true: "A viral post says Kenya signed a cobalt deal".

Why a pass of its own, after every extractor: fact-checks, rumour pieces
and denials quote the claim they test in full, and each extractor would
read "Kenya signed a cobalt deal" off it as it reads any sentence. Such a
sentence states nothing about the world, so the relations read from it are
dropped here in one place (positions stay: a claim's "the mining
minister" is no part of what is claimed). A claim is

* a line labelled as one ("CLAIM: ...", "Rumour: ..."),
* a clause under a verb of claiming ("the post claims that ...", "it is
  alleged that ..."),
* what an unreliable source "says": a post, a video, a rumour, a message;
* what a correction says was "incorrectly stated";
* a yes-no question ("Did Kenya sign a cobalt deal?").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.registry import extractor
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Labels that open a claim under test.
CLAIM_LABELS = ("claim:", "claims:", "rumour:", "rumor:", "the claim:", "viral claim:")
#: Verbs whose complement is a claim, whoever makes it.
CLAIMING_VERBS = frozenset({"claim", "allege", "purport", "rumour", "rumor"})
#: Verbs of saying, and the sources whose saying is only a claim.
SAYING_VERBS = frozenset({"say", "state", "suggest", "assert", "report", "show"})
UNRELIABLE_SOURCES = frozenset({"post", "tweet", "video", "rumour", "rumor", "message", "meme", "claim", "blog", "clip", "chain"})
#: Predicates kept from a claim: who holds which office is not what a fact-check disputes.
KEPT = frozenset({"holdsPosition"})


#: Adverbs that retract what a verb of saying reports: "an earlier version incorrectly stated that …" (a correction).
RETRACTING = frozenset({"incorrectly", "wrongly", "falsely", "erroneously", "mistakenly", "inaccurately"})


def _claiming(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in CLAIMING_VERBS:
        return True
    if lemma in SAYING_VERBS | {"suggest", "describe", "identify", "quote"} and any(c.lower_ in RETRACTING for c in verb.children):
        return True
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return lemma in SAYING_VERBS and any(s.lemma_.lower() in UNRELIABLE_SOURCES for s in subjects)


def _inverted(root: Token) -> bool:
    """A yes-no question's word order: the auxiliary before the subject ("did Kenya sign", "is it true")."""
    subjects = [c.i for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    auxiliaries = [c.i for c in root.children if c.dep_ in ("aux", "auxpass")] + ([root.i] if root.pos_ == "AUX" else [])
    return bool(subjects and auxiliaries) and min(auxiliaries) < min(subjects) and not any(c.tag_ in ("WDT", "WP", "WRB") for c in root.subtree)


def is_claim(sentence: Sentence) -> bool:
    """The sentence reports a claim rather than stating its content."""
    if sentence.text.lstrip().lower().startswith(CLAIM_LABELS):
        return True
    root = sentence.span.root
    if sentence.text.rstrip().endswith("?") and _inverted(root):
        return True  # "Did Kenya sign a cobalt deal with China?", "Minister, will the memorandum cover lithium?": asked, not said
    return _claiming(root) and any(c.dep_ in ("ccomp", "xcomp") for c in root.children)


@extractor("unasserted", order=300)
def unasserted(ctx: DocContext) -> None:
    """Drop the relations read from sentences that report a claim ("a viral post says …", "CLAIM: …")."""
    claims = {(s.start, s.end) for s in ctx.sentences if is_claim(s)}
    if claims:
        ctx.facts = [f for f in ctx.facts if f.predicate in KEPT or (f.evidence.start, f.evidence.end) not in claims]
