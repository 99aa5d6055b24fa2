"""The working state of one document's analysis, shared by the extractors.

A :class:`DocContext` lives while spaCy's Docs for the article are alive; it
maps tokens to the document's local entities and collects the facts the
extractors find. At the end it is frozen into a
:class:`~kg.types.DocumentAnalysis` and the Docs are dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.lexicon.tables import Lexicon
from kg.types import Document, Evidence, LocalEntity, LocalFact, Mention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


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

    @property
    def text(self) -> str:
        return self.span.text


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

    def freeze(self) -> LocalEntity:
        counts = Counter(self.forms)
        if self.kind == "Person":
            name = max(counts, key=lambda f: (len(f.split()), counts[f], f)) if counts else self.local_id
        else:
            name = max(counts, key=lambda f: (counts[f], len(f), f)) if counts else self.local_id
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
        )


class DocContext:
    """Everything extractors need about one document."""

    def __init__(self, document: Document, lexicon: Lexicon) -> None:
        self.document = document
        self.lexicon = lexicon
        self.sentences: list[Sentence] = []
        self.entities: dict[str, EntityDraft] = {}
        self.token_entity: dict[tuple[int, int], str] = {}
        self.facts: list[LocalFact] = []
        self.mentions: list[tuple[str, Mention]] = []
        self.main_deal: str | None = None

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
        self.facts.append(LocalFact(subject, predicate, obj, self.evidence(sentence, confidence, rule)))

    def add_attribute(self, subject: str, predicate: str, value: str, sentence: Sentence, confidence: float, rule: str) -> None:
        self.facts.append(LocalFact(subject, predicate, value, self.evidence(sentence, confidence, rule), literal=True))
