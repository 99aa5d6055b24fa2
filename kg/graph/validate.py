"""SHACL validation of a built graph against ontology/shapes.ttl."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph

from kg.ontology import load_ontology, shapes_path


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str
    results: int


def validate(dataset: Dataset | Graph) -> ValidationReport:
    """Validate every triple of the dataset (all graphs merged) against kg's shapes."""
    from pyshacl import validate as shacl

    data = Graph()
    for triple in dataset.triples((None, None, None)):
        data.add(triple)
    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, report_graph, text = shacl(data, shacl_graph=shapes, ont_graph=load_ontology(), inference="none", advanced=False)
    from rdflib.namespace import SH

    results = len(set(report_graph.subjects(predicate=None, object=SH.ValidationResult)))
    return ValidationReport(bool(conforms), str(text), results)
