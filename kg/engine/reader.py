"""Reading a build back: a folder of exports (or one RDF file, or a store) -> :class:`KnowledgeGraph`.

Why: a notebook user who ran ``kg build`` yesterday wants the graph, not a
second build (minutes of spaCy for a large corpus). Everything a
``KnowledgeGraph`` holds is in the RDF kg writes: entities with their class,
label, aliases and Wikidata link; articles with title, date, content hash
and stored text; one evidence node per (fact, sentence) with its offsets,
confidence and rule. So the quads are loaded as ``kg query`` loads them
(:func:`kg.sparql.store.open_graph`: the richest export of a folder, foreign
RDF checked first) and the plain entities, assertions and documents are
read back from them in one pass.

What does not come back: a document's ``source`` (the file it came from is
never written to the graph) and facts asserted without any evidence node
(kg writes none; a hand-made graph may), which stay in the quads.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.engine.knowledge_graph import KnowledgeGraph
from kg.graph.quads import GraphQuads
from kg.types import ENTITY_KINDS, Assertion, Document, Entity, Evidence

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_KGO = "https://w3id.org/mineral-kg/ontology#"
_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_WIKIDATA = ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/")
_P = {
    "type": f"{_RDF}type",
    "label": "http://www.w3.org/2000/01/rdf-schema#label",
    "alt": "http://www.w3.org/2004/02/skos/core#altLabel",
    "same": "http://www.w3.org/2002/07/owl#sameAs",
    "title": "http://purl.org/dc/terms/title",
    "date": "http://purl.org/dc/terms/date",
    "derived": "http://www.w3.org/ns/prov#wasDerivedFrom",
    "subject": f"{_RDF}subject",
    "predicate": f"{_RDF}predicate",
    "object": f"{_RDF}object",
    **{name: f"{_KGO}{name}" for name in ("mentions", "text", "contentHash", "evidenceText", "charStart", "charEnd", "confidence", "extractedBy")},
}
_FIELDS = {iri: name for name, iri in _P.items()}


def read_graph(path: str | Path) -> KnowledgeGraph:
    """The graph of an existing build, without building anything.

    Args:
        path: a folder of exports (``graph.trig`` is read first: it keeps
            the per-article graphs), one RDF file, or a ``kg build --store`` folder.

    Raises:
        kg.sparql.store.GraphLoadError: the path is missing, holds no export,
            or does not parse (the message names the file and the reason).

    >>> from pathlib import Path
    >>> graph = read_graph(Path(__file__).parents[2] / "tests" / "data" / "sample.trig")
    >>> graph.summary(), graph.entity("India").wikidata
    ('2 articles, 9 entities, 6 assertions', 'Q668')
    """
    from kg.sparql.store import open_graph

    return from_quads(GraphQuads.group(open_graph(Path(path))))


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else str(term)


def from_quads(quads: GraphQuads) -> KnowledgeGraph:
    """Entities, assertions and documents read back from a kg graph's quads (see the module notes)."""
    values: defaultdict[str, defaultdict[str, set[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]]] = defaultdict(lambda: defaultdict(set))
    mentioned_in: defaultdict[str, set[str]] = defaultdict(set)
    for triple in quads.triples():
        field = _FIELDS.get(triple.predicate.value)
        if field is None or isinstance(triple.subject, ox.Triple):
            continue
        subject = _text(triple.subject)
        if field == "mentions":
            mentioned_in[_text(triple.object)].add(subject)
        else:
            values[subject][field].add(triple.object)

    def one(subject: str, field: str) -> str | None:
        found = values[subject].get(field)
        return min(_text(v) for v in found) if found else None

    types = {s: {_text(t).removeprefix(_KGO) for t in fields.get("type", ())} for s, fields in values.items()}
    doc_ids: dict[str, str] = {}
    documents = []
    for subject in sorted(s for s, names in types.items() if "Article" in names):
        content_hash = one(subject, "contentHash")
        if content_hash is None:
            continue
        document = Document(one(subject, "text") or "", one(subject, "title") or "", content_hash, one(subject, "date"))
        doc_ids[subject] = document.doc_id
        documents.append(document)

    entities = []
    for subject in sorted(types):
        kinds = [k for k in ENTITY_KINDS if k in types[subject]]
        if not kinds or "Article" in types[subject] or "Evidence" in types[subject]:
            continue
        label = one(subject, "label") or subject
        wikidata = sorted(_text(v)[len(p) :] for v in values[subject].get("same", ()) for p in _WIKIDATA if _text(v).startswith(p))
        entities.append(
            Entity(
                iri=subject,
                kind=kinds[0],
                label=label,
                aliases=tuple(sorted({_text(a) for a in values[subject].get("alt", ())} - {label})),
                wikidata=wikidata[0] if wikidata else None,
                articles=tuple(sorted(doc_ids[a] for a in mentioned_in.get(subject, ()) if a in doc_ids)),
            )
        )

    assertions = []
    for subject in sorted(s for s, names in types.items() if "Evidence" in names):
        fields = values[subject]
        article, predicate = one(subject, "derived"), one(subject, "predicate")
        if article not in doc_ids or predicate is None or not fields.get("subject") or not fields.get("object"):
            continue
        obj = min(fields["object"], key=_text)
        literal = isinstance(obj, ox.Literal)
        evidence = Evidence(
            doc_ids[article],
            int(one(subject, "charStart") or 0),
            int(one(subject, "charEnd") or 0),
            one(subject, "evidenceText") or "",
            float(one(subject, "confidence") or 0.0),
            one(subject, "extractedBy") or "",
        )
        assertions.append(
            Assertion(
                subject=min(_text(s) for s in fields["subject"]),
                predicate=predicate.removeprefix(_KGO),
                object=_text(obj),
                evidence=evidence,
                literal=literal,
                datatype="date" if literal and isinstance(obj, ox.Literal) and obj.datatype.value == _XSD_DATE else None,
            )
        )
    assertions.sort(key=lambda a: (a.subject, a.predicate, a.object, a.evidence.doc_id, a.evidence.start, a.evidence.end))
    return KnowledgeGraph(quads, tuple(entities), tuple(assertions), tuple(documents))
