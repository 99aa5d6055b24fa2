"""The kg vocabulary in Python: namespaces, terms and the relation signatures.

Why this module exists: extractors, the graph builder, the validator and the
tests all need the same names for the ontology terms, and a typo in a
hand-written IRI (``kgo:sgins``) would silently produce triples that no
competency query or scorer ever matches. ``KGO`` is a closed rdflib
``DefinedNamespace``: every term of ``ontology/kg.ttl`` is an attribute and
anything else raises ``AttributeError``. ``tests/test_ontology.py`` checks
that ``KGO``, ``RELATIONS`` and ``kg.ttl`` agree in both directions.

The Turtle files (``kg.ttl``, the OWL ontology, and ``shapes.ttl``, the SHACL
shapes) are located by ``ontology_dir()``: in an installed wheel they are
shipped inside the package as ``kg/_ontology/``; in a source checkout or an
editable install they are the top-level ``ontology/`` folder. Importing this
module reads no files; only the functions below do.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD, DefinedNamespace

__all__ = [
    "ATTRIBUTES",
    "ENTITY_CLASSES",
    "ENTITY_CLASS_NAMES",
    "KGO",
    "KGO_NS",
    "KGR",
    "ONTOLOGY_IRI",
    "RELATIONS",
    "SYMMETRIC",
    "WD",
    "check_relation",
    "load_ontology",
    "ontology_dir",
    "ontology_path",
    "shapes_path",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/mineral-kg/ontology")
KGO_NS = Namespace("https://w3id.org/mineral-kg/ontology#")
KGR = Namespace("https://w3id.org/mineral-kg/id/")
WD = Namespace("http://www.wikidata.org/entity/")

ONTOLOGY_FILE = "kg.ttl"
SHAPES_FILE = "shapes.ttl"


PREFIXES: dict[str, Namespace] = {
    "kgo": KGO_NS,
    "kgr": KGR,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "skos": Namespace(str(SKOS)),
    "owl": Namespace(str(OWL)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "xsd": Namespace(str(XSD)),
    "wd": WD,
}


def bind_prefixes(graph: Graph) -> None:
    """Bind kg's prefixes (kgo:, kgr:, rdfs:, prov:, …) on an rdflib graph or dataset."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


class KGO(DefinedNamespace):
    """Closed namespace of the kg ontology (``kgo:``); mirrors ontology/kg.ttl."""

    _NS = KGO_NS
    _fail = True

    # Classes
    Person: URIRef
    State: URIRef
    Organization: URIRef
    Mineral: URIRef
    Agreement: URIRef
    Place: URIRef
    Article: URIRef
    Evidence: URIRef

    # Object properties between entities (scored)
    represents: URIRef
    partyTo: URIRef
    covers: URIRef
    hasDeposit: URIRef
    locatedIn: URIRef
    negotiates: URIRef
    proposes: URIRef
    signs: URIRef
    rejects: URIRef
    dominatesSupplyOf: URIRef
    seeksMembershipIn: URIRef
    providesAidTo: URIRef
    inConflictWith: URIRef

    # Object property Article -> entity (not scored)
    mentions: URIRef

    # Datatype properties: entity attributes (scored)
    holdsPosition: URIRef
    signedOn: URIRef

    # Datatypes
    SigningDate: URIRef

    # Datatype properties: evidence and articles
    evidenceText: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    extractedBy: URIRef
    contentHash: URIRef
    text: URIRef


ENTITY_CLASS_NAMES: tuple[str, ...] = (
    "Person",
    "State",
    "Organization",
    "Mineral",
    "Agreement",
    "Place",
)
"""Local names of the six entity classes (articles and evidence are not entities)."""

ENTITY_CLASSES: tuple[URIRef, ...] = (
    KGO.Person,
    KGO.State,
    KGO.Organization,
    KGO.Mineral,
    KGO.Agreement,
    KGO.Place,
)
"""The six entity classes as IRIs, in the same order as ENTITY_CLASS_NAMES."""

_AGENTS = frozenset({"Person", "State", "Organization"})
_STATE_OR_ORG = frozenset({"State", "Organization"})
_STATE_OR_PLACE = frozenset({"State", "Place"})
_AGREEMENT = frozenset({"Agreement"})
_MINERAL = frozenset({"Mineral"})
_STATE = frozenset({"State"})

RELATIONS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "represents": (frozenset({"Person"}), _STATE_OR_ORG),
    "partyTo": (_STATE_OR_ORG, _AGREEMENT),
    "covers": (_AGREEMENT, _MINERAL),
    "hasDeposit": (_STATE_OR_PLACE, _MINERAL),
    "locatedIn": (frozenset({"Place"}), _STATE_OR_PLACE),
    "negotiates": (_AGENTS, _AGREEMENT),
    "proposes": (_AGENTS, _AGREEMENT),
    "signs": (_AGENTS, _AGREEMENT),
    "rejects": (_AGENTS, _AGREEMENT),
    "dominatesSupplyOf": (_STATE_OR_ORG, _MINERAL),
    "seeksMembershipIn": (_STATE, frozenset({"Organization"})),
    "providesAidTo": (_STATE_OR_ORG, _STATE),
    "inConflictWith": (_STATE, _STATE),
}
"""The 13 scored relations: name -> (subject class names, object class names)."""

SYMMETRIC: frozenset[str] = frozenset({"inConflictWith"})
"""Scored relations that are owl:SymmetricProperty."""

ATTRIBUTES: dict[str, tuple[frozenset[str], URIRef]] = {
    "holdsPosition": (frozenset({"Person"}), XSD.string),
    "signedOn": (_AGREEMENT, KGO.SigningDate),
}
"""The 2 scored attributes: local name -> (subject class names, literal datatype)."""


def _local_name(name: str) -> str:
    """Reduce ``kgo:signs`` or the full kgo IRI to ``signs``; else unchanged."""
    ns = str(KGO_NS)
    if name.startswith(ns):
        return name[len(ns) :]
    if name.startswith("kgo:"):
        return name[len("kgo:") :]
    return name


def check_relation(predicate: str, subject_class: str, object_class: str) -> bool:
    """Whether ``subject_class --predicate--> object_class`` fits the contract.

    Each argument may be a local name (``"signs"``, ``"State"``), a ``kgo:``
    CURIE or a full kgo IRI. Unknown predicates or classes give ``False``.
    """
    signature = RELATIONS.get(_local_name(predicate))
    if signature is None:
        return False
    subjects, objects = signature
    return (
        _local_name(subject_class) in subjects and _local_name(object_class) in objects
    )


def ontology_dir() -> Path:
    """The folder holding kg.ttl and shapes.ttl.

    Installed wheel: ``kg/_ontology/`` in the package (hatchling copies the
    top-level ``ontology/`` there). Source checkout / editable install: the
    repository's ``ontology/`` folder.
    """
    package = Path(__file__).resolve().parent
    candidates = (package / "_ontology", package.parent / "ontology")
    for candidate in candidates:
        if (candidate / ONTOLOGY_FILE).is_file():
            return candidate
    tried = " and ".join(str(c / ONTOLOGY_FILE) for c in candidates)
    raise FileNotFoundError(f"kg ontology not found: tried {tried}")


def ontology_path() -> Path:
    """Path of the OWL ontology, kg.ttl."""
    return ontology_dir() / ONTOLOGY_FILE


def shapes_path() -> Path:
    """Path of the SHACL shapes, shapes.ttl."""
    path = ontology_dir() / SHAPES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"kg SHACL shapes not found: {path}")
    return path


def load_ontology() -> Graph:
    """Parse kg.ttl into a fresh rdflib Graph (kgo:/kgr: prefixes bound)."""
    graph = Graph()
    graph.parse(ontology_path(), format="turtle")
    graph.bind("kgo", KGO_NS)
    graph.bind("kgr", KGR)
    return graph
