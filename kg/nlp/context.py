"""The working state of one document's analysis, shared by the extractors.

A :class:`DocContext` lives while spaCy's Docs for the article are alive; it
maps tokens to the document's local entities and collects the facts the
extractors find. At the end it is frozen into a
:class:`~kg.types.DocumentAnalysis` and the Docs are dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from kg.lexicon.tables import Lexicon
from kg.nlp.kinds import without_short_forms
from kg.types import Document, Evidence, LocalEntity, LocalFact, Mention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: Appended to the rule of a fact that holds only through a resolved reference ("it", "the country").
REFERENCE_SUFFIX = "+coref"
#: Taken off the confidence of such a fact: a resolved reference is a guess a name is not.
REFERENCE_PENALTY = 0.1


@dataclass
class Sentence:
    """One sentence of the article with its spaCy span and its mentions."""

    index: int
    span: Span
    start: int  # absolute character offsets into Document.text
    end: int
    heading: bool
    block: int
    mentions: list[tuple[str, int, int]] = field(default_factory=list)  # (local_id, start_token, end_token)

    @cached_property
    def text(self) -> str:
        """The sentence's text, made once: ``Span.text`` joins its tokens anew on every read, and the extractors read it often.

        Cut from the block's text where :mod:`kg.engine.analyze` kept it (the same characters: a Doc's text is its tokens').
        """
        block = self.span.doc.user_data.get("kg_text")
        return block[self.span.start_char : self.span.end_char] if isinstance(block, str) else self.span.text


@dataclass
class EntityDraft:
    """A local entity while the document is being analysed."""

    local_id: str
    kind: str
    key: str | None = None
    forms: list[str] = field(default_factory=list)
    mentions: int = 0
    parties: set[str] = field(default_factory=set)
    topic: str = ""
    named: bool = False
    agreement_kind: str = ""
    signatories: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    maybe_person: bool = False
    descriptions: list[str] = field(default_factory=list)

    def freeze(self) -> LocalEntity:
        counts = Counter(self.forms)
        if self.kind == "Person":
            name = max(counts, key=lambda f: (len(f.split()), counts[f], f)) if counts else self.local_id
        else:
            named = without_short_forms(counts) if self.kind == "Organization" else counts  # "Sable Resources SA", not "Sable"
            name = max(named, key=lambda f: (named[f], len(f), f)) if named else self.local_id
        return LocalEntity(
            local_id=self.local_id,
            kind=self.kind,
            name=name,
            forms=tuple(sorted(self.forms)),
            key=self.key,
            parties=tuple(sorted(self.parties)),
            topic=self.topic,
            named=self.named,
            agreement_kind=self.agreement_kind,
            signatories=tuple(dict.fromkeys(self.signatories)),
            titles=tuple(dict.fromkeys(self.titles)),
            mentions=max(self.mentions, 1),
            maybe_person=self.maybe_person,
            descriptions=tuple(sorted(set(self.descriptions))),
        )


class DocContext:
    """Everything extractors need about one document."""

    def __init__(self, document: Document, lexicon: Lexicon) -> None:
        self.document = document
        self.lexicon = lexicon
        self.sentences: list[Sentence] = []
        self.entities: dict[str, EntityDraft] = {}
        self.token_entity: dict[tuple[int, int], str] = {}
        self.token_group: dict[tuple[int, int], tuple[str, ...]] = {}  # "they", "the two countries"
        self.referred: set[tuple[int, int]] = set()  # tokens bound by reference, not by name
        self.facts: list[LocalFact] = []
        self.mentions: list[tuple[str, Mention]] = []
        self.main_deal: str | None = None
        self.dateline_blocks: set[int] = set()  # blocks that are only a dateline ("LIMA — "), as the reader splits them off

    @cached_property
    def brief_blocks(self) -> frozenset[int]:
        """Paragraphs that are stories of their own: wire briefs that each open with a dateline ("LIMA — …"), when two or more do.

        A dateline is a block of its own (:data:`dateline_blocks`); its story is the block after it on the same line.
        Read once the sentences are known (by the extractors).
        """
        firsts: dict[int, int] = {}
        for sentence in self.sentences:
            firsts.setdefault(sentence.block, sentence.start)
        text = self.document.text
        stories = {b + 1 for b in self.dateline_blocks if b + 1 in firsts and b in firsts and "\n" not in text[firsts[b] : firsts[b + 1]]}
        return frozenset(self.dateline_blocks | stories) if len(stories) >= 2 else frozenset()

    # ------------------------------------------------------------------ entities

    def entity(self, local_id: str, kind: str, key: str | None = None) -> EntityDraft:
        draft = self.entities.get(local_id)
        if draft is None:
            draft = self.entities[local_id] = EntityDraft(local_id, kind, key)
        return draft

    def ent(self, token: Token) -> str | None:
        """The local entity a token belongs to, if any."""
        return self.token_entity.get((token.doc.user_data.get("kg_block", 0), token.i))

    def kind(self, local_id: str | None) -> str | None:
        return self.entities[local_id].kind if local_id in self.entities else None

    def bind(self, token: Token, local_id: str) -> None:
        self.token_entity[(token.doc.user_data.get("kg_block", 0), token.i)] = local_id

    def topic(self) -> str | None:
        """What the article is about when its title names it: the first place, organisation or agreement of a title line.

        Encyclopedic pages ("Reko Diq Mine", "Sociedad Química y Minera") put
        their subject in the title; their infobox lines and short
        description state facts about it without naming it again.
        """
        if not self.sentences:
            return None
        if not self.sentences[0].heading:
            # a title that is a bare noun phrase naming a site or body ("Kiruna Nord rare earth project"), not a headline's clause
            if any(t.pos_ in ("VERB", "AUX") or t.text == ":" for t in self.sentences[0].span):
                return None
            return next((lid for lid, _, _ in sorted(self.sentences[0].mentions, key=lambda m: m[1]) if self.kind(lid) in ("Place", "Organization")), None)
        for local_id, _, _ in self.sentences[0].mentions:
            if self.kind(local_id) == "Agreement" and self.entities[local_id].named:
                return local_id  # "Baltic Amber Accord": the treaty, not a place word inside its name
        for local_id, _, _ in sorted(self.sentences[0].mentions, key=lambda m: m[1]):
            if self.kind(local_id) in ("Place", "Organization", "Agreement"):
                return local_id
        return None

    def add_mention(self, local_id: str, tokens: list[Token], sentence: Sentence) -> None:
        """Record that ``tokens`` (consecutive, in ``sentence``) name the local entity, as a mention found by a rule."""
        for token in tokens:
            self.bind(token, local_id)
        first, last = tokens[0], tokens[-1]
        sentence.mentions.append((local_id, first.i, last.i + 1))
        offset = sentence.start - sentence.span.start_char
        start, end = offset + first.idx, offset + last.idx + len(last.text)
        draft = self.entities[local_id]
        self.mentions.append((local_id, Mention(start, end, self.document.text[start:end], draft.kind, draft.key, sentence.index)))

    def merge(self, source: str, target: str) -> None:
        """Make every mention of local entity ``source`` one of ``target`` (a spelling variant of the same thing)."""
        if source == target or source not in self.entities or target not in self.entities:
            return
        moved = self.entities.pop(source)
        kept = self.entities[target]
        kept.forms += moved.forms
        kept.mentions += moved.mentions
        for where, local_id in self.token_entity.items():
            if local_id == source:
                self.token_entity[where] = target
        for sentence in self.sentences:
            sentence.mentions = [(target if lid == source else lid, s, e) for lid, s, e in sentence.mentions]
        self.mentions = [(target if lid == source else lid, m) for lid, m in self.mentions]
        # facts an earlier extractor stated of the source are the target's (a fact between the two says nothing)
        self.facts = [_moved(f, source, target) for f in self.facts]
        self.facts = [f for f in self.facts if f.literal or f.subject != f.object]
        for where, group in self.token_group.items():
            if source in group:
                self.token_group[where] = tuple(dict.fromkeys(target if lid == source else lid for lid in group))

    def ents(self, token: Token) -> tuple[str, ...]:
        """Every local entity a token stands for: one for a name, several for "they" or "the two countries"."""
        key = (token.doc.user_data.get("kg_block", 0), token.i)
        group = self.token_group.get(key)
        if group:
            return group
        local = self.token_entity.get(key)
        return (local,) if local else ()

    def refer(self, sentence: Sentence, token: Token, referent: tuple[str, ...]) -> None:
        """Bind an anaphor as a name is bound (token and sentence mentions), remembering it was a reference.

        A plural referent binds the token to its first member for ``ent`` and
        to all of them for ``ents``; every member becomes a mention of the
        sentence. Facts that only hold through the reference are marked by
        :meth:`add_fact`.
        """
        key = (token.doc.user_data.get("kg_block", 0), token.i)
        self.token_entity[key] = referent[0]
        if len(referent) > 1:
            self.token_group[key] = referent
        self.referred.add(key)
        sentence.mentions.extend((local_id, token.i, token.i + 1) for local_id in referent)

    def _through_reference(self, sentence: Sentence, *ids: str) -> bool:
        """True when one of the entities is in the sentence only through a resolved reference, not by name."""
        if not self.referred:
            return False
        referred = {lid for lid, start, _ in sentence.mentions if (sentence.block, start) in self.referred}
        if not referred:
            return False
        named = {lid for lid, start, _ in sentence.mentions if (sentence.block, start) not in self.referred}
        return any(i in referred and i not in named for i in ids)

    def focal_state(self) -> str | None:
        """The state the article is mostly about: the most mentioned one."""
        states = [d for d in self.entities.values() if d.kind == "State"]
        if not states:
            return None
        return max(states, key=lambda d: (d.mentions, d.local_id)).local_id

    # ------------------------------------------------------------------ facts

    def evidence(self, sentence: Sentence, confidence: float, rule: str) -> Evidence:
        text = self.document.text[sentence.start : sentence.end]
        return Evidence(self.document.doc_id, sentence.start, sentence.end, text, round(confidence, 2), rule)

    def add_fact(self, subject: str | None, predicate: str, obj: str | None, sentence: Sentence, confidence: float, rule: str) -> None:
        if not subject or not obj or subject == obj:
            return
        if self._through_reference(sentence, subject, obj):
            confidence, rule = confidence - REFERENCE_PENALTY, rule + REFERENCE_SUFFIX
        self.facts.append(LocalFact(subject, predicate, obj, self.evidence(sentence, confidence, rule)))

    def add_attribute(self, subject: str, predicate: str, value: str, sentence: Sentence, confidence: float, rule: str) -> None:
        if self._through_reference(sentence, subject):
            confidence, rule = confidence - REFERENCE_PENALTY, rule + REFERENCE_SUFFIX
        self.facts.append(LocalFact(subject, predicate, value, self.evidence(sentence, confidence, rule), literal=True))


def _moved(fact: LocalFact, source: str, target: str) -> LocalFact:
    """The fact with local entity ``source`` replaced by ``target``."""
    if fact.subject != source and (fact.literal or fact.object != source):
        return fact
    subject = target if fact.subject == source else fact.subject
    return replace(fact, subject=subject, object=target if not fact.literal and fact.object == source else fact.object)
