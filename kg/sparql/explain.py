"""Why does a fact exist? Evidence sentences, articles and rules, for people.

``explain(dataset, "Zelenskyy")`` describes an entity and every fact about
it; ``explain(dataset, "Zelenskyy rejects")`` or ``"United States signs
minerals agreement"`` narrows to one property (and object).

Names are looked up as the library looks them up (:mod:`kg.lookup`: IRI,
name, alias, lexicon names such as "USA", transliterations, surnames, part
of a name; any case, any accents). When the best matches tie, each is
explained, best first, under a line that says the name is ambiguous.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

from kg.lookup import Candidate, Match, rank_matches, suggestions, top_matches
from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS, RELATIONS, WD

ATTRIBUTES = ("holdsPosition", "signedOn")


class NotFoundError(LookupError):
    """Nothing in the graph matches what the user asked about."""


@dataclass(frozen=True)
class Request:
    subject: str
    predicate: str | None = None
    obj: str | None = None


def parse_request(text: str) -> Request:
    """Split "SUBJECT [PREDICATE [OBJECT]]" at a property name of the ontology."""
    properties = {p.lower(): p for p in (*RELATIONS, *ATTRIBUTES)}
    words = text.split()
    for i, word in enumerate(words):
        key = word.lower().removeprefix("kgo:")
        if key in properties and i > 0:
            rest = " ".join(words[i + 1 :]).strip() or None
            return Request(" ".join(words[:i]), properties[key], rest)
    return Request(text.strip())


def _labels(dataset: Dataset) -> dict[URIRef, str]:
    labels = {}
    for node, cls in dataset.subject_objects(RDF.type):
        if isinstance(node, URIRef) and str(cls).removeprefix(str(KGO_NS)) in ENTITY_CLASS_NAMES:
            labels[node] = str(dataset.value(node, RDFS.label) or node)
    return labels


def candidates(dataset: Dataset) -> list[Candidate]:
    """Every entity of the graph as the lookup sees it (names, Wikidata id, article count)."""
    found = []
    for node, label in _labels(dataset).items():
        kinds = sorted(str(c).removeprefix(str(KGO_NS)) for c in dataset.objects(node, RDF.type) if str(c).startswith(str(KGO_NS)))
        wikidata = sorted(str(o).removeprefix(str(WD)) for o in dataset.objects(node, OWL.sameAs) if str(o).startswith(str(WD)))
        found.append(
            Candidate(
                str(node),
                next((k for k in kinds if k in ENTITY_CLASS_NAMES), ""),
                label,
                tuple(sorted(str(a) for a in dataset.objects(node, SKOS.altLabel))),
                wikidata[0] if wikidata else None,
                len(set(dataset.subjects(KGO_NS.mentions, node))),
            )
        )
    return found


def find_entities(dataset: Dataset, name: str) -> list[URIRef]:
    """Entities ``name`` can mean, best first (:func:`kg.lookup.rank_matches`)."""
    return [URIRef(m.candidate.iri) for m in rank_matches(name, candidates(dataset))]


def _best(dataset: Dataset, name: str, known: list[Candidate]) -> list[Match]:
    """The matches of the best rank for ``name``; a miss says what the user may have meant.

    Raises:
        NotFoundError: nothing matches.
    """
    top = top_matches(rank_matches(name, known))
    if not top:
        close = suggestions(name, known)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        raise NotFoundError(f"no entity named {name!r} in the graph{hint}")
    return top


def _evidence(dataset: Dataset, s: URIRef, p: URIRef, o: URIRef | Literal) -> list[dict[str, str]]:
    found = []
    for node in dataset.subjects(RDF.subject, s):
        if (node, RDF.predicate, p) not in dataset or (node, RDF.object, o) not in dataset:
            continue
        article = dataset.value(node, PROV.wasDerivedFrom)
        found.append(
            {
                "text": str(dataset.value(node, KGO_NS.evidenceText) or ""),
                "title": str(dataset.value(article, DCTERMS.title) or article) if article else "",
                "date": str(dataset.value(article, DCTERMS.date) or "") if article else "",
                "rule": str(dataset.value(node, KGO_NS.extractedBy) or ""),
                "confidence": str(dataset.value(node, KGO_NS.confidence) or ""),
                "span": f"{dataset.value(node, KGO_NS.charStart)}-{dataset.value(node, KGO_NS.charEnd)}",
            }
        )
    return sorted(found, key=lambda e: (e["title"], e["span"]))


def explain(dataset: Dataset, text: str) -> str:
    """A readable account of an entity or a fact and the evidence behind it.

    Raises:
        NotFoundError: no entity or fact matches.
    """
    request = parse_request(text)
    known = candidates(dataset)
    found = _best(dataset, request.subject, known)
    subjects = [URIRef(m.candidate.iri) for m in found]
    labels = _labels(dataset)
    objects = [URIRef(m.candidate.iri) for m in _best(dataset, request.obj, known)] if request.obj else None
    lines: list[str] = []
    if len(found) > 1:
        lines += [f"{request.subject!r} names {len(found)} entities ({found[0].how}); each is explained below, best first.", ""]
    for subject in subjects:
        cls = [str(c).removeprefix(str(KGO_NS)) for c in dataset.objects(subject, RDF.type) if str(c).startswith(str(KGO_NS))]
        lines.append(f"{labels[subject]}  [{', '.join(sorted(cls))}]  <{subject}>")
        if request.predicate is None:
            aliases = sorted(str(a) for a in dataset.objects(subject, SKOS.altLabel))
            if aliases:
                lines.append(f"  also written: {', '.join(aliases)}")
            for same in sorted(str(o) for o in dataset.objects(subject, OWL.sameAs)):
                lines.append(f"  same as: {same}")
            articles = sorted(str(dataset.value(a, DCTERMS.title) or a) for a in dataset.subjects(KGO_NS.mentions, subject))
            if articles:
                lines.append(f"  mentioned in {len(articles)} article{'' if len(articles) == 1 else 's'}: " + "; ".join(articles))
        facts: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
        predicates = [request.predicate] if request.predicate else [*RELATIONS, *ATTRIBUTES]
        for name in predicates:
            predicate = KGO_NS[name]
            for o in dataset.objects(subject, predicate):
                if not isinstance(o, (URIRef, Literal)) or (objects is not None and o not in objects):
                    continue
                target = labels.get(o, str(o)) if isinstance(o, URIRef) else str(o)
                facts[(labels[subject], name, target)] = _evidence(dataset, subject, predicate, o)
            if request.predicate is None and name in RELATIONS:
                for s in dataset.subjects(predicate, subject):
                    if isinstance(s, URIRef) and s in labels:
                        facts[(labels[s], name, labels[subject])] = _evidence(dataset, s, predicate, subject)
        for (s_label, name, o_label), evidence in sorted(facts.items()):
            lines.append(f"\n  {s_label} --{name}--> {o_label}   ({len(evidence)} evidence)")
            for item in evidence:
                when = f", {item['date']}" if item["date"] else ""
                lines.append(f"    • “{item['text']}”")
                lines.append(f"      — {item['title']}{when}; rule {item['rule']}, confidence {item['confidence']}, chars {item['span']}")
        if request.predicate and not facts:
            lines.append(f"  no {request.predicate} fact" + (f" with {request.obj!r}" if request.obj else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
