"""Plain, frozen value types passed between the pipeline stages.

Nothing here holds a live spaCy object: a stage may run in another process
(``kg build -j N``) or on another machine (Dask), so everything a later stage
needs is copied out as character offsets and strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The six entity classes of the ontology, by local name.
ENTITY_KINDS: tuple[str, ...] = ("Person", "State", "Organization", "Mineral", "Agreement", "Place")


@dataclass(frozen=True)
class Document:
    """One ingested article: the text kg analyses and stores.

    ``text`` is the article as kg keeps it (page furniture removed); every
    evidence offset indexes this string.
    """

    text: str
    title: str
    content_hash: str  # "sha256:<hex>" of ``text``
    date: str | None = None  # ISO date (YYYY-MM-DD) when the article states one
    source: str = ""  # where it came from; never written to the graph

    @property
    def doc_id(self) -> str:
        """Short stable id derived from the content, not from the file name."""
        return self.content_hash.split(":", 1)[1][:16]


@dataclass(frozen=True)
class Span:
    """A sentence (or any stretch) of a document, by character offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A typed mention of an entity in one document."""

    start: int
    end: int
    text: str
    kind: str  # one of ENTITY_KINDS
    key: str | None = None  # lexicon id when linked ("ukraine", "lithium", ...)
    sentence: int = 0  # index of the sentence in the document


@dataclass(frozen=True)
class LocalEntity:
    """One entity as one document sees it (all its mentions there).

    ``local_id`` is unique within the document only; resolution across the
    corpus turns local entities into :class:`Entity` objects.
    """

    local_id: str
    kind: str
    name: str  # the best name this document gives
    forms: tuple[str, ...]  # every surface form seen in the document, once per mention
    key: str | None = None  # lexicon id
    parties: tuple[str, ...] = ()  # agreements: lexicon keys of the parties
    topic: str = ""  # agreements: "minerals", "rare earth elements", ...
    named: bool = False  # agreements: the text gives a proper name
    agreement_kind: str = ""  # agreements: what kind, in words ("memorandum of understanding", "partnership")
    signatories: tuple[str, ...] = ()  # agreements without a known party: the names of the people who signed it
    titles: tuple[str, ...] = ()  # people: positions held, as written
    mentions: int = 1
    maybe_person: bool = False  # organisations: only ever a lone capitalised word the NER tagged ORG (often a surname)
    descriptions: tuple[str, ...] = ()  # agreements: noun phrases that say what it is ("tin marketing agreement")


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated: the sentence, by offsets into the stored text."""

    doc_id: str
    start: int
    end: int
    text: str
    confidence: float
    rule: str


@dataclass(frozen=True)
class LocalFact:
    """A fact between local entities of one document (or an attribute)."""

    subject: str  # local_id
    predicate: str  # ontology property local name
    object: str  # local_id, or the literal value for attributes
    evidence: Evidence
    literal: bool = False  # object is a literal value, not a local_id


@dataclass(frozen=True)
class DocumentAnalysis:
    """Everything kg keeps of one document after the NLP stage."""

    document: Document
    sentences: tuple[Span, ...]
    entities: tuple[LocalEntity, ...]
    facts: tuple[LocalFact, ...]
    mentions: tuple[tuple[str, Mention], ...] = ()  # (local_id, mention)


@dataclass(frozen=True)
class Entity:
    """An entity of the corpus: one node of the graph."""

    iri: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    articles: tuple[str, ...] = ()  # doc_ids of the articles that mention it
    positions: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Assertion:
    """A fact of the graph with the evidence for it.

    The same fact stated in several sentences gives several assertions with
    the same (subject, predicate, object).
    """

    subject: str  # entity IRI
    predicate: str  # ontology property local name
    object: str  # entity IRI, or literal value when ``literal``
    evidence: Evidence
    literal: bool = False
    datatype: str | None = None  # XSD local name for typed literals ("date")


#: A fact of the default graph: (subject, predicate, object, literal, datatype), as in :class:`Assertion`.
Fact = tuple[str, str, str, bool, str | None]


@dataclass(frozen=True)
class ResolvedArticle:
    """One article's share of the resolution: the entities it mentions (IRIs, sorted) and its assertions (sorted).

    Why a type: resolution hands articles on one at a time (a build writes
    them to its analysis store, :mod:`kg.engine.spill`) instead of holding
    every assertion of the corpus.
    """

    doc_id: str
    mentions: tuple[str, ...]
    assertions: tuple[Assertion, ...]
