"""Why does a fact exist? Evidence sentences, articles and rules, for people.

``explain(dataset, "Zelenskyy")`` describes an entity and every fact about
it; ``explain(dataset, "Zelenskyy rejects")`` or ``"United States signs
minerals agreement"`` narrows to one property (and object).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

from kg.lexicon.tables import normalise
from kg.ontology import ENTITY_CLASS_NAMES, KGO_NS, RELATIONS

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


def find_entities(dataset: Dataset, name: str) -> list[URIRef]:
    """Entities whose label or alias matches ``name`` (exact first, then partial)."""
    wanted = normalise(name)
    labels = _labels(dataset)
    exact, partial = [], []
    for node, label in sorted(labels.items(), key=lambda item: item[1]):
        names = [label] + [str(a) for a in dataset.objects(node, SKOS.altLabel)]
        normalised = [normalise(n) for n in names]
        if wanted in normalised:
            exact.append(node)
        elif any(re.search(rf"\b{re.escape(wanted)}\b", n) for n in normalised):
            partial.append(node)
    return exact or partial


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
    subjects = find_entities(dataset, request.subject)
    if not subjects:
        raise NotFoundError(f"no entity named {request.subject!r} in the graph")
    labels = _labels(dataset)
    objects = find_entities(dataset, request.obj) if request.obj else None
    lines: list[str] = []
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
                lines.append(f"  mentioned in {len(articles)} article(s): " + "; ".join(articles))
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
