"""Local facts -> Assertions on the merged nodes, one article at a time: ontology-checked, deduplicated, offices linked.

Why per article: every key that tells two assertions apart includes the
article, so an article's assertions are made from its own facts alone; what
needs the whole corpus (one guessed affiliation per person, one signing date
per deal, one spelling per position) is settled from small summaries by
:mod:`kg.resolve.filters`. Holding every assertion of the corpus at once
(2.29 million with their evidence at 100,000 articles) was most of
resolution's memory (issue 13).
"""

from __future__ import annotations

from collections.abc import Iterable
from sys import intern

from kg.extract.signing_dates import xsd_datatype
from kg.lexicon.tables import KnownPerson, Lexicon, normalise
from kg.ontology import SYMMETRIC, check_relation
from kg.types import Assertion, Entity, Evidence, LocalFact


def article_assertions(doc_id: str, facts: Iterable[LocalFact], iris: dict[str, str], entities: dict[str, Entity]) -> list[Assertion]:
    """The assertions of one article's facts (``iris``: its local_id -> IRI), one per (fact, sentence): the strongest reading."""
    found: dict[tuple[str, str, str, str, int], Assertion] = {}
    for fact in facts:
        subject = iris.get(fact.subject)
        if subject is None:
            continue
        if fact.literal:
            obj, datatype = fact.object, (xsd_datatype(fact.object) if fact.predicate == "signedOn" else None)
        else:
            obj_iri = iris.get(fact.object)
            if obj_iri is None or obj_iri == subject:
                continue
            if not check_relation(fact.predicate, entities[subject].kind, entities[obj_iri].kind):
                continue
            obj, datatype = obj_iri, None
            if fact.predicate in SYMMETRIC and obj < subject:
                subject, obj = obj, subject
        key = (subject, fact.predicate, obj, doc_id, fact.evidence.start)
        kept = found.get(key)
        if kept is None or (fact.evidence.confidence, fact.evidence.rule) > (kept.evidence.confidence, kept.evidence.rule):
            found[key] = Assertion(intern(subject), intern(fact.predicate), intern(obj), _interned(fact.evidence), literal=fact.literal, datatype=datatype)
    return list(found.values())


def _interned(evidence: Evidence) -> Evidence:
    """``evidence`` with its strings interned: one object per article id, sentence and rule name, however many facts share them.

    Why: every fact read back from the analysis store brings fresh copies
    (JSON decoding); an in-memory build holds the assertions until the
    exports are written.
    """
    return Evidence(intern(evidence.doc_id), evidence.start, evidence.end, intern(evidence.text), evidence.confidence, intern(evidence.rule))


class LinkedOffices:
    """ "President Biden": the gazetteer knows which state that presidency is of.

    The evidence is the sentence that gives the title; the rule name says the
    state came from the gazetteer, and a state the text names still wins.
    """

    def __init__(self, linked: dict[str, KnownPerson], entities: dict[str, Entity], lexicon: Lexicon) -> None:
        key_of_label = {(entry.kind, entry.label): key for key, entry in lexicon.entries.items()}
        self._iri_of_key = {key_of_label[(e.kind, e.label)]: e.iri for e in entities.values() if (e.kind, e.label) in key_of_label}
        self._linked = linked

    def assertions(self, assertions: Iterable[Assertion]) -> list[Assertion]:
        """The ``represents`` assertions the linked people's titles among ``assertions`` give."""
        extra = []
        for a in assertions:
            person = self._linked.get(a.subject)
            if a.predicate != "holdsPosition" or person is None:
                continue
            title = normalise(a.object).replace("former ", "")
            for position in person.positions:
                office = normalise(position.title)
                target = self._iri_of_key.get(position.of)
                # "President" of "President of the European Commission": the bare office word
                if target and (office == title or office.endswith(title) or title.endswith(office) or office.startswith(f"{title} of ")):
                    evidence = Evidence(a.evidence.doc_id, a.evidence.start, a.evidence.end, a.evidence.text, 0.7, "linked-office")
                    extra.append(Assertion(a.subject, "represents", target, evidence))
                    break
        return extra


def article_mentions(iris: dict[str, str]) -> tuple[str, ...]:
    """The IRIs of the entities an article mentions (its local entities that resolved), sorted."""
    return tuple(sorted(set(iris.values())))
