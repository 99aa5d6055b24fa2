"""Validation of a built graph: SHACL shapes (ontology/shapes.ttl) and plausibility warnings (ontology/plausibility.ttl).

Why two files: shapes.ttl says what a kg graph must be (a violation means
the graph is broken, ``kg validate`` fails); plausibility.ttl lists facts that
can be true but usually betray an extraction error (a party that both signs
and rejects one agreement, a deal signed before anyone proposed it, a person
representing two states, a place party to a deal). Those are warnings with
their evidence sentences: the graph still conforms, a reader judges them.
Both are plain SHACL(-SPARQL) files, so users can run them on any graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph
from rdflib.namespace import SH

from kg.ontology import load_ontology, ontology_dir, shapes_path

PLAUSIBILITY_FILE = "plausibility.ttl"


@dataclass(frozen=True)
class PlausibilityWarning:
    """One plausibility warning: the node it is about, the check, the message with the evidence."""

    focus: str
    check: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    text: str
    results: int
    warnings: tuple[PlausibilityWarning, ...] = ()


def plausibility_path() -> str:
    """Path of the plausibility shapes (SHACL-SPARQL, severity sh:Warning)."""
    path = ontology_dir() / PLAUSIBILITY_FILE
    if not path.is_file():
        raise FileNotFoundError(f"kg plausibility shapes not found: {path}")
    return str(path)


def _merged(dataset: Dataset | Graph) -> Graph:
    """Every graph of the dataset in one: facts (default graph) meet their evidence (each article's graph)."""
    data = Graph()
    if isinstance(dataset, Dataset):
        for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
            data.add((subject, predicate, obj))
    else:
        for triple in dataset.triples((None, None, None)):
            data.add(triple)
    return data


def plausibility_warnings(data: Graph) -> tuple[PlausibilityWarning, ...]:
    """The plausibility warnings of a graph whose named graphs are merged (facts and evidence together)."""
    from pyshacl import validate as shacl

    shapes = Graph().parse(plausibility_path(), format="turtle")
    _, report, _ = shacl(data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True)
    found = set()
    for result in report.subjects(SH.resultSeverity, SH.Warning):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        message = report.value(result, SH.resultMessage)
        found.add(PlausibilityWarning(str(focus), str(shape).rpartition("#")[2], str(message)))
    return tuple(sorted(found, key=lambda w: (w.check, w.focus, w.message)))


def _warnings_text(warnings: tuple[PlausibilityWarning, ...]) -> str:
    if not warnings:
        return "Plausibility: no warnings"
    lines = [f"Plausibility warnings ({len(warnings)}):"]
    lines += [f"  [{w.check.removesuffix('Shape')}] {w.message}" for w in warnings]
    return "\n".join(lines)


def validate(dataset: Dataset | Graph) -> ValidationReport:
    """Validate every triple of the dataset (all graphs merged) against kg's shapes, and list plausibility warnings."""
    from pyshacl import validate as shacl

    data = _merged(dataset)
    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, report_graph, text = shacl(data, shacl_graph=shapes, ont_graph=load_ontology(), inference="none", advanced=False)
    results = len(set(report_graph.subjects(predicate=None, object=SH.ValidationResult)))
    warnings = plausibility_warnings(data)
    return ValidationReport(bool(conforms), f"{str(text).rstrip()}\n{_warnings_text(warnings)}\n", results, warnings)
