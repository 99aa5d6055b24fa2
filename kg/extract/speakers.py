"""Whose "we": the speaker of a quotation, of a transcript's turn, of a speech or of an interview.

Why a module: "we" carries signings and refusals in speeches, transcripts and
quotations, and who it stands for is read off the text around it (the
speech verb outside the quotation marks, the turn's label, the title of the
speech or interview), never guessed from the article's most-named state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.agreement_names import is_headline
from kg.nlp.anaphors import SPEECH_VERBS, quoted_tokens
from kg.nlp.context import DocContext, Sentence
from kg.nlp.people import title_vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Token


def we_side(ctx: DocContext, item: Token) -> str | None:
    """The one state or body "we" stands for: a quotation's speaker's, a turn's speaker's, a speech's speaker's."""
    return _speaker_side(ctx, item) or _turn_speaker_side(ctx, item) or _speech_side(ctx, item)


def _sentence_of(ctx: DocContext, token: Token) -> Sentence | None:
    return next((s for s in ctx.sentences if s.span.doc is token.doc and s.span.start <= token.i < s.span.end), None)


#: Marks that end a transcript turn's speaker label: "KING:", "A (Jane Doe, Minister for Resources):", "Jane Doe (S&D). –".
TURN_MARKS = frozenset({":", "):", "–", "—"})


def speaking_person(ctx: DocContext, item: Token) -> str | None:
    """Who says "I": the one speaker of the quotation, or outside quotation marks the one speaker of the transcript's turn."""
    if item.i in quoted_tokens(item.doc):
        quoting = speaker_people(ctx, item)
        return quoting[0] if quoting else None
    first = _turn_first(ctx, item)
    speakers = _turn_speakers(ctx, first) if first is not None else set()
    if not speakers and (title := _speech_title(ctx, item)) is not None:
        speakers = {lid for lid, _, _ in title.mentions if ctx.kind(lid) == "Person"}  # "Speech by Minister X": X says "I"
    return next(iter(speakers)) if len(speakers) == 1 else None


def _turn_first(ctx: DocContext, item: Token) -> Sentence | None:
    """The first sentence of the block (a transcript's turn) the token is in."""
    sentence = _sentence_of(ctx, item)
    return next((s for s in ctx.sentences if sentence is not None and s.block == sentence.block), None)


def _turn_speakers(ctx: DocContext, first: Sentence) -> set[str]:
    """The people named in a turn's label, before its mark ("VIDAL:", "A (Jane Doe, Minister):")."""
    mark = next((t.i for t in list(first.span)[:16] if t.text in TURN_MARKS), None)
    return {lid for lid, start, _ in first.mentions if mark is not None and start < mark and ctx.kind(lid) == "Person"}


def _turn_speaker_side(ctx: DocContext, item: Token) -> str | None:
    """ "A (Jane Doe, Minister for Resources): We signed …": outside quotation marks, "we" in a turn is its speaker's side."""
    first = _turn_first(ctx, item)
    if first is None:
        return None
    speakers = _turn_speakers(ctx, first)
    if not speakers and first.span[0].text in ("A", "Answer") and len(first.span) > 1 and first.span[1].text == ":":
        return _interviewee_side(ctx)  # a bare "A:" answers for the one official the interview's title names
    if len(speakers) != 1:
        return None
    speaker = next(iter(speakers))
    # what the text states of the speaker, or an office's own state; not a guess from the article's most-named state
    sides = {f.object for f in ctx.facts if f.subject == speaker and f.predicate == "represents" and not f.literal and f.evidence.confidence >= 0.7}
    states = {s for s in sides if ctx.kind(s) == "State"}
    bodies = {s for s in sides if ctx.kind(s) == "Organization"}
    return next(iter(states)) if len(states) == 1 else next(iter(bodies)) if not states and len(bodies) == 1 else None


def _interviewee_side(ctx: DocContext) -> str | None:
    """ "Interview: Mongolia's mining minister on rare earths": the one state of a title that names an office."""
    title = ctx.sentences[0] if ctx.sentences else None
    if title is None or not is_headline(ctx, title):
        return None
    heads, _, _ = title_vocabulary(ctx.lexicon)
    if not any(t.lower_ in heads for t in title.span):
        return None
    states = {lid for lid, _, _ in title.mentions if ctx.kind(lid) == "State"}
    return next(iter(states)) if len(states) == 1 else None


#: Title openings of a speech whose "we" is its speaker's side: "Speech by Commissioner X", "Remarks by the Secretary".
SPEECH_TITLES = frozenset({"speech", "remarks", "statement", "address", "keynote"})


def _speech_title(ctx: DocContext, item: Token) -> Sentence | None:
    """The article's title when it names a speech ("Speech by Minister X at …") and the token is outside quotation marks."""
    title = ctx.sentences[0] if ctx.sentences else None
    if title is None or item.i in quoted_tokens(item.doc) or not is_headline(ctx, title):
        return None
    words = [t.lower_ for t in title.span]
    return title if words and words[0] in SPEECH_TITLES and {"by", "of"} & set(words[1:3]) else None


def _speech_side(ctx: DocContext, item: Token) -> str | None:
    """Outside quotation marks, the "we" of a speech is the side of the speaker its title names.

    The one state the title names, else the one side its speaker is stated
    to act for, else the Union for a Commissioner's speech.
    """
    title = _speech_title(ctx, item)
    if title is None:
        return None
    words = [t.lower_ for t in title.span]
    states = {lid for lid, _, _ in title.mentions if ctx.kind(lid) == "State"}
    people = {lid for lid, _, _ in title.mentions if ctx.kind(lid) == "Person"}
    sides = {f.object for f in ctx.facts if f.subject in people and f.predicate == "represents" and f.evidence.confidence >= 0.8}
    if len(states) == 1 or (not states and len(sides) == 1):
        return next(iter(states or sides))
    if not states and not sides and any(w in ("commissioner", "commission") for w in words):
        ctx.entity("Organization:european-union", "Organization", "european-union")
        return "Organization:european-union"
    return None


def _speaker_side(ctx: DocContext, item: Token) -> str | None:
    """ "Kenya's minister said: 'We signed the accord'": inside a quotation "we" is the speaker's one state or body."""
    if item.i not in quoted_tokens(item.doc):
        return None
    sentence = _sentence_of(ctx, item)
    if sentence is None:
        return None
    sides, _ = _speakers(ctx, sentence)
    return next(iter(sides)) if len(sides) == 1 else None


def speaker_people(ctx: DocContext, item: Token) -> list[str]:
    """ "'We will never sign,' President P of Kenya said": the one person who speaks for the quotation's "we"."""
    sentence = _sentence_of(ctx, item) if item.i in quoted_tokens(item.doc) else None
    speakers = _speakers(ctx, sentence)[1] if sentence is not None else set()
    return list(speakers) if len(speakers) == 1 else []


def _speakers(ctx: DocContext, sentence: Sentence) -> tuple[set[str], set[str]]:
    """(states and bodies, people) named as the subject of a speech verb outside quotation marks, in the sentence or beside it."""
    sides: set[str] = set()
    people: set[str] = set()
    for other in ctx.sentences[max(0, sentence.index - 1) : sentence.index + 2]:
        quoted = quoted_tokens(other.span.doc)  # once per sentence, not per token
        for verb in (t for t in other.span if t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS and t.i not in quoted):
            said = [t for c in verb.children if c.dep_ == "nsubj" for t in c.subtree]
            sides.update(lid for t in said if (lid := ctx.ent(t)) and ctx.kind(lid) in ("State", "Organization"))
            if other.index == sentence.index:
                people.update(lid for t in said if (lid := ctx.ent(t)) and ctx.kind(lid) == "Person")
    return sides, people


def reporting_side(ctx: DocContext, token: Token) -> str | None:
    """The one state or body of whoever reports the token's clause: "Santos said talks with Japan were continuing" -> Santos's state.

    Talks "with" another side, reported by a speaker with no side of their own
    named in the clause, are the speaker's side's talks.
    """
    clause = token
    while clause.dep_ != "ccomp" and clause.head.i != clause.i:
        clause = clause.head
    verb = clause.head
    if clause.dep_ != "ccomp" or verb.lemma_.lower() not in SPEECH_VERBS:
        return None
    speakers = [lid for c in verb.children if c.dep_ == "nsubj" and (lid := ctx.ent(c))]
    if len(speakers) != 1:
        return None
    if ctx.kind(speakers[0]) in ("State", "Organization"):
        return speakers[0]
    sides = {f.object for f in ctx.facts if f.subject == speakers[0] and f.predicate == "represents" and ctx.kind(f.object) == "State" and f.evidence.confidence >= 0.7}
    return next(iter(sides)) if len(sides) == 1 else None
