"""Measure kg's extraction quality on every gold set present, in one table.

Why: the shared evaluation (``../shared/eval``) scores one graph against one
gold file at a time, and it is not part of a user's clone. The team wants one
command that finds every gold set there is, builds each corpus with the
``kg build`` CLI, scores it and prints one table, and that still runs (on
whatever is left) where ``../shared`` is absent. The scoring is implemented
here from the documented metrics rather than imported, so that the repository
does not depend on a file it does not ship; ``tests/test_eval_script.py``
checks that both give the same numbers on the committed seed build.

Corpora (each skipped when its files are absent):

* ``seeds``: the five seed articles of ``seeds/``, gold ``SHARED/eval/seeds.gold.json``.
* ``dev``: the 24 texts of ``SHARED/eval/dev/texts``, gold = the union of
  ``SHARED/eval/dev/gold-*.json`` (merged as ``merge_gold.py`` does).
* ``dev-main`` / ``dev-aside``: the dev texts split 3:1, every fourth text by
  sorted file name (d04, d08, ..., d24) aside, each *built on its own* so that
  the aside part can serve as held-out texts while rules are tuned on the main
  part. Their gold is restricted to their documents (see :func:`restrict_gold`).
* ``own``: ``eval/own/texts/*.txt`` with ``eval/own/gold.json`` (in-repo).
* ``fresh``: ``eval/fresh/texts/*.txt`` with ``eval/fresh/gold.json``, held out at first, a development
  corpus since its errors were read.
* ``heldout``: ``eval/heldout/texts/*.txt`` with ``eval/heldout/gold.json``, by another author; held out
  until 2026-12-07, a development corpus since (its error lists are read).
* ``heldout3``: ``eval/heldout3/texts/*.txt`` with ``eval/heldout3/gold.json``, by a third author; held out
  until the evening of 2026-12-07, a development corpus since (its error lists are read).
* ``heldout4``: ``eval/heldout4/texts/*.txt`` with ``eval/heldout4/gold.json``, by a fourth author, in other
  outlet styles; held out until 2026-12-08 (its final held-out score is in docs/quality.md, "Tenth stop"),
  a development corpus since (its error lists are read).
* ``heldout5``: ``eval/heldout5/texts/*.txt`` with ``eval/heldout5/gold.json``, by a fifth author, in yet
  other document styles; held out until 2026-12-08 (its final held-out score is in docs/quality.md,
  "Eleventh stop"), a development corpus since (its error lists are read).
* ``heldout6``: ``eval/heldout6/texts/*.txt`` with ``eval/heldout6/gold.json``, by a sixth author, in still
  other document styles; held out (read only its totals, never its error list, while changing rules).

Metrics (as documented in the shared scorer and ``spec/annotation.md``):

* entities: nodes typed Person/State/Organization/Mineral/Agreement/Place,
  matched by type and any label (rdfs:label, skos:prefLabel, skos:altLabel)
  against a gold label/alias after normalisation, exact aliases first, then
  ``re:`` patterns in gold order. A node whose labels are all ``neutral`` is
  ignored; a second node for the same gold entity is a duplicate and counts as
  wrong. Recall is over required gold entities.
* relations: triples with one of the 13 core properties between two entity
  nodes, mapped to gold ids (``?label`` for unmatched nodes); optional gold
  triples count as right but are not needed for recall; ``inConflictWith`` is
  symmetric. Also per property.
* positions: ``holdsPosition`` titles of a matched person, matched by title
  key words (one key set contains the other).
* signedOn: gold attribute entries found (a value starting with the gold date).
* provenance: share of relation triples backed by an ``rdf:Statement`` with
  ``prov:wasDerivedFrom`` an Article and an evidence text that occurs in one
  of the corpus's source texts.

Usage::

    .venv/bin/python scripts/eval.py                      # every gold set present
    .venv/bin/python scripts/eval.py --corpus dev-aside -v
    .venv/bin/python scripts/eval.py --corpus seeds --graph exports/
    .venv/bin/python scripts/eval.py --keep /tmp/builds --json /tmp/eval.json
    .venv/bin/python scripts/eval.py --graph /tmp/builds   # rescore kept builds

The script needs rdflib and, to build, the ``kg`` package importable by the
Python that runs it (``sys.executable -m kg.cli build``).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = ROOT.parent / "shared"
OWN = ROOT / "eval" / "own"

CLASSES = frozenset({"Person", "State", "Organization", "Mineral", "Agreement", "Place"})
PROPERTIES = (
    "covers",
    "dominatesSupplyOf",
    "hasDeposit",
    "inConflictWith",
    "locatedIn",
    "negotiates",
    "partyTo",
    "proposes",
    "providesAidTo",
    "rejects",
    "represents",
    "seeksMembershipIn",
    "signs",
)
SYMMETRIC = frozenset({"inConflictWith"})
LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)

#: Parser format by suffix, and which single file of an export folder is read (richest first).
RDF_FORMATS = {
    ".trig": "trig",
    ".nq": "nquads",
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".json": "json-ld",
}
RDF_PREFERENCE = tuple(RDF_FORMATS)

#: Title words that carry no meaning for matching ("the", "former", the "U.S." of "U.S. Secretary").
TITLE_STOPWORDS = frozenset({"the", "of", "and", "for", "former", "then", "current", "us", "u", "s"})
#: Spelling variants of title words; None drops the word ("Foreign Affairs Minister" = "Foreign Minister").
TITLE_VARIANTS: dict[str, str | None] = {"economy": "economic", "economics": "economic", "affairs": None}

ASIDE_EVERY = 4
NOT_MATCHED = "?"  # prefix of the key of a node that matches no gold entity


# --------------------------------------------------------------------------- normalisation


def normalise(text: str) -> str:
    """The comparison form of a label: no accents, case, dots or apostrophes, punctuation as spaces, no leading "the".

    Why: the annotation guide promises that "U.S.", "US" and "the U.S." are one
    surface form, so gold files need not list such variants.
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = re.sub(r"['\u2019.]", "", folded)
    folded = re.sub(r"\W+", " ", folded).strip()
    return folded.removeprefix("the ")


def local_name(term: object) -> str:
    """The last segment of an IRI: classes and properties are matched whatever their namespace."""
    return re.split(r"[#/]", str(term))[-1]


def title_keys(title: str) -> frozenset[str]:
    """The key words of a position title, so that "Secretary of State" matches "U.S. Secretary of State"."""
    keys = set()
    for word in normalise(title).split():
        word = TITLE_VARIANTS.get(word, word)
        if word and word not in TITLE_STOPWORDS:
            keys.add(word)
    return frozenset(keys)


def collapse_space(text: str) -> str:
    """Runs of whitespace as one space: evidence is compared with the source whatever its line breaks."""
    return re.sub(r"\s+", " ", text)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class PRF:
    """Counts behind a precision/recall pair; the ratios are derived so they cannot disagree with them.

    ``correct`` counts predictions that are right (optional gold included),
    ``found`` counts required gold items found; recall is 1 when nothing is required.
    """

    predicted: int
    correct: int
    required: int
    found: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "predicted": self.predicted,
            "correct": self.correct,
            "required": self.required,
            "found": self.found,
        }


@dataclass(frozen=True)
class Found:
    """Gold entries found out of all listed (the signedOn column)."""

    found: int
    required: int

    def as_dict(self) -> dict[str, int]:
        return {"found": self.found, "required": self.required}


@dataclass(frozen=True)
class Provenance:
    """How many scored relation triples have usable evidence, and how many evidence texts were not in the sources."""

    backed: int
    relations: int
    evidence_not_in_source: int

    @property
    def share(self) -> float:
        return self.backed / self.relations if self.relations else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "backed": self.backed,
            "relations": self.relations,
            "share": round(self.share, 3),
            "evidence_not_in_source": self.evidence_not_in_source,
        }


@dataclass
class Report:
    """Every number for one corpus, plus the wrong and missing items behind them (for ``-v``)."""

    corpus: str
    docs: int
    entities: PRF
    relations: PRF
    per_property: dict[str, PRF]
    positions: PRF
    attributes: Found
    provenance: Provenance
    errors: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "docs": self.docs,
            "entities": self.entities.as_dict(),
            "relations": self.relations.as_dict(),
            "per_predicate": {p: m.as_dict() for p, m in self.per_property.items()},
            "positions": self.positions.as_dict(),
            "attributes": self.attributes.as_dict(),
            "provenance": self.provenance.as_dict(),
            "errors": self.errors,
        }


# --------------------------------------------------------------------------- gold


class GoldIndex:
    """Gold entities by (type, normalised alias), their ``re:`` patterns, and the neutral labels.

    Why a class: the lookup tables are built once per gold file and the
    matching order (exact aliases before patterns, types in sorted order,
    patterns in gold order) is one decision, kept in one place.
    """

    def __init__(self, gold: dict[str, Any]) -> None:
        self.labels = {e["id"]: e["label"] for e in gold["entities"]}
        self.exact: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.patterns: list[tuple[str, re.Pattern[str], str]] = []
        for entity in gold["entities"]:
            for alias in (entity["label"], *entity.get("aliases", [])):
                if alias.startswith("re:"):
                    self.patterns.append((entity["type"], re.compile(alias[3:]), entity["id"]))
                else:
                    self.exact[(entity["type"], normalise(alias))].append(entity["id"])
        self.neutral = frozenset(normalise(n) for n in gold.get("neutral", []))

    def match(self, types: Iterable[str], labels: Sequence[str]) -> str | None:
        """The gold id of a node with these types and labels, or None."""
        ordered = sorted(types)
        forms = [normalise(label) for label in labels]
        for kind in ordered:
            for form in forms:
                if ids := self.exact.get((kind, form)):
                    return ids[0]
        for kind in ordered:
            for form in forms:
                for pattern_kind, pattern, gold_id in self.patterns:
                    if pattern_kind == kind and pattern.search(form):
                        return gold_id
        return None

    def is_neutral(self, labels: Sequence[str]) -> bool:
        """True when every label is a category word or disputed name the gold chose to ignore."""
        return bool(labels) and all(normalise(label) in self.neutral for label in labels)


def merge_gold(golds: Sequence[dict[str, Any]], name: str) -> dict[str, Any]:
    """One gold set from several annotators' files: entities by id with aliases united, the rest concatenated.

    Why: the dev gold is split by annotator; ``required`` is true if any file
    says so, as the annotation guide prescribes for merged files.
    """
    entities: dict[str, dict[str, Any]] = {}
    merged: dict[str, Any] = {"corpus": name, "docs": {}, "neutral": [], "relations": [], "positions": [], "attributes": []}
    neutral: set[str] = set()
    for gold in golds:
        merged["docs"].update(gold.get("docs", {}))
        for entity in gold["entities"]:
            if entity["id"] in entities:
                known = entities[entity["id"]]
                known["aliases"] = sorted(set(known["aliases"]) | set(entity.get("aliases", [])))
                known["required"] = known["required"] or entity["required"]
            else:
                entities[entity["id"]] = {**entity, "aliases": list(entity.get("aliases", []))}
        neutral |= set(gold.get("neutral", []))
        for key in ("relations", "positions", "attributes"):
            merged[key].extend(gold.get(key, []))
    merged["entities"] = list(entities.values())
    merged["neutral"] = sorted(neutral)
    return merged


# --------------------------------------------------------------------------- gold restricted to some documents


def mentioned_entities(gold: dict[str, Any], text: str) -> set[str]:
    """Ids of gold entities whose label or a plain alias occurs, as whole words, in the normalised text.

    ``re:`` patterns are left out: they are written for short labels and
    would match across a whole article.
    """
    haystack = f" {normalise(text)} "
    found = set()
    for entity in gold["entities"]:
        for alias in (entity["label"], *entity.get("aliases", [])):
            form = normalise(alias)
            if not alias.startswith("re:") and form and f" {form} " in haystack:
                found.add(entity["id"])
                break
    return found


def entry_endpoints(kind: str, entry: dict[str, Any]) -> tuple[str, ...]:
    """The gold entity ids an entry of a gold section is about."""
    if kind == "relations":
        return (entry["s"], entry["o"])
    if kind == "positions":
        return (entry["person"],)
    return (entry["s"],)


def entry_home(kind: str, entry: dict[str, Any], present: dict[str, set[str]], words: dict[str, set[str]]) -> set[str]:
    """The documents an entry of the gold comes from.

    Relations name their documents. Positions and attributes do not, so their
    home is where the text can have stated them: the documents that mention
    the person (or agreement) *and* contain the title's key words (or the
    date's year); if no document has both, every document mentioning it.
    """
    if entry.get("docs"):
        return set(entry["docs"])
    ends = entry_endpoints(kind, entry)
    mentioning = {doc for doc, ids in present.items() if all(e in ids for e in ends)}
    if kind == "positions":
        needed = set(title_keys(entry["title"]))
    elif kind == "attributes":
        values = entry["o"] if isinstance(entry["o"], list) else [entry["o"]]
        needed = {str(values[0])[:4]}
    else:
        return mentioning
    stating = {doc for doc in mentioning if needed <= words[doc]}
    return stating or mentioning


def restrict_gold(gold: dict[str, Any], texts: dict[str, str], keep: set[str], name: str) -> dict[str, Any]:
    """The gold of a corpus cut down to the documents ``keep`` (doc id -> text in ``texts`` for every doc).

    What gives a fair number, and why these rules:

    * relations are kept when one of their ``docs`` is kept; positions and
      attributes, which carry no docs, when their home document is kept
      (:func:`entry_home`): a fact the kept texts never state cannot be found,
      and one they do state must stay, or a correct extraction would count as wrong.
    * an entity is kept when it is an endpoint of a kept entry or its label
      or a plain alias occurs in a kept text. Keeping is generous on purpose:
      a gold entity dropped while its name is in the texts turns a correct
      node into a spurious one, while an extra kept entity costs nothing
      unless it is required.
    * so ``required`` is what is narrowed: a required gold entity stays
      required only if it takes part in a kept *required* relation, position
      or attribute, or if it takes part in no required entry anywhere (it was
      required for being central to a text, which cannot be localised, and it
      is mentioned here). An entity that is required only for facts stated in
      the other part's texts becomes optional, so recall does not ask for what
      these texts never support.
    * the neutral list is kept whole: a neutral label is never rewarded or
      punished, so extra neutral words cannot change a number.

    Relations listed with documents on both sides are kept on both, with
    their ``required`` flag unchanged (the gold does not say which document
    states them plainly).

    The flip side of matching names in the texts: a node that matches only a
    gold entity of the *other* part is wrong here, while the whole-corpus
    score forgives it because its gold is corpus-wide. On the dev set that is
    India from "Indian Ocean" (d05, main) and Canada from "Canadian-based"
    (d12, aside, where the annotator listed no Canada): the part follows the
    annotator of its own texts, so a part's precision can be slightly lower.
    """
    present = {doc: mentioned_entities(gold, text) for doc, text in texts.items()}
    for relation in gold["relations"]:
        for doc in relation.get("docs", []):
            present.setdefault(doc, set()).update((relation["s"], relation["o"]))
    words = {doc: set(normalise(text).split()) for doc, text in texts.items()}
    kept: dict[str, list[dict[str, Any]]] = {}
    required_anywhere: set[str] = set()
    required_here: set[str] = set()
    for kind in ("relations", "positions", "attributes"):
        kept[kind] = []
        for entry in gold.get(kind, []):
            ends = entry_endpoints(kind, entry)
            if entry.get("required", True):
                required_anywhere.update(ends)
            if entry_home(kind, entry, present, words) & keep:
                kept[kind].append(entry)
                if entry.get("required", True):
                    required_here.update(ends)
    involved = {e for kind, entries in kept.items() for entry in entries for e in entry_endpoints(kind, entry)}
    kept_ids = involved.union(*(present.get(doc, set()) for doc in keep))
    entities = []
    for entity in gold["entities"]:
        if entity["id"] not in kept_ids:
            continue
        required = entity["required"] and (entity["id"] in required_here or entity["id"] not in required_anywhere)
        entities.append({**entity, "required": required})
    docs = {doc: file for doc, file in gold.get("docs", {}).items() if doc in keep}
    return {**gold, "corpus": name, "docs": docs, "entities": entities, **kept}


# --------------------------------------------------------------------------- the graph


def load_graph(path: Path) -> Dataset:
    """One RDF file, or the richest single export of a folder (TriG first): one file, so nothing is read twice."""
    if path.is_dir():
        files = sorted((p for p in path.iterdir() if p.suffix in RDF_FORMATS), key=lambda p: (RDF_PREFERENCE.index(p.suffix), p.name))
        if not files:
            raise SystemExit(f"eval: no RDF file in {path}")
        path = files[0]
    if path.suffix not in RDF_FORMATS:
        raise SystemExit(f"eval: {path}: unknown RDF format (known: {', '.join(RDF_FORMATS)})")
    dataset = Dataset(default_union=True)
    dataset.parse(path, format=RDF_FORMATS[path.suffix])
    return dataset


@dataclass(frozen=True)
class EntityNode:
    """An entity node of the graph: its classes (local names) and its labels in the order the graph gives them."""

    iri: URIRef
    types: frozenset[str]
    labels: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.labels[0]


def entity_nodes(ds: Dataset) -> dict[Node, EntityNode]:
    """Every IRI typed with one of the six classes; a node without labels is named by its IRI's last segment."""
    types: dict[Node, set[str]] = defaultdict(set)
    for node, cls in ds.subject_objects(RDF.type):
        if isinstance(node, URIRef) and local_name(cls) in CLASSES:
            types[node].add(local_name(cls))
    nodes = {}
    for node, kinds in types.items():
        labels = [str(label) for prop in LABEL_PROPERTIES for label in ds.objects(node, prop)]
        nodes[node] = EntityNode(node, frozenset(kinds), tuple(labels or [local_name(node).replace("-", " ")]))
    return nodes


# --------------------------------------------------------------------------- scoring


@dataclass
class Matching:
    """Which gold entity each entity node stands for (duplicates included), and the entity score."""

    gold_of: dict[Node, str]
    score: PRF
    errors: list[str]


def score_entities(nodes: dict[Node, EntityNode], gold: dict[str, Any], index: GoldIndex) -> Matching:
    """Entity P/R: a neutral-only node is ignored, every other node is a prediction, the first per gold id is right."""
    gold_of: dict[Node, str] = {}
    seen: set[str] = set()
    predicted = correct = 0
    errors = []
    for node in sorted(nodes, key=str):
        entity = nodes[node]
        gold_id = index.match(entity.types, entity.labels)
        if gold_id is None:
            if index.is_neutral(entity.labels):
                continue
            predicted += 1
            kind = "wrong type" if index.match(CLASSES, entity.labels) else "spurious"
            errors.append(f"{kind}: {sorted(entity.types)} {entity.name!r}")
            continue
        predicted += 1
        gold_of[node] = gold_id
        if gold_id in seen:
            errors.append(f"duplicate of {gold_id}: {entity.name!r}")
        else:
            seen.add(gold_id)
            correct += 1
    required = {e["id"] for e in gold["entities"] if e["required"]}
    errors += [f"missing: {index.labels[g]}" for g in sorted(required - seen)]
    return Matching(gold_of, PRF(predicted, correct, len(required), len(required & seen)), errors)


RelationKey = tuple[str, str, str]


def relation_key(subject: str, prop: str, obj: str) -> RelationKey:
    """A relation in comparable form; a symmetric one is stored in one direction only."""
    if prop in SYMMETRIC and subject > obj:
        subject, obj = obj, subject
    return (subject, prop, obj)


@dataclass
class Relations:
    """The predicted relations as gold keys, and the graph triples behind them (for provenance)."""

    keys: set[RelationKey]
    triples: list[tuple[Node, Node, Node]]


def predicted_relations(ds: Dataset, nodes: dict[Node, EntityNode], matching: Matching, index: GoldIndex) -> Relations:
    """Core-property triples between entity nodes, skipping those that touch an ignored (neutral) node."""
    keys: set[RelationKey] = set()
    triples = []
    for s, p, o in ds.triples((None, None, None)):
        prop = local_name(p)
        if prop not in PROPERTIES or s not in nodes or o not in nodes:
            continue
        if any(n not in matching.gold_of and index.is_neutral(nodes[n].labels) for n in (s, o)):
            continue
        triples.append((s, p, o))
        ends = [matching.gold_of.get(n, NOT_MATCHED + nodes[n].name) for n in (s, o)]
        keys.add(relation_key(ends[0], prop, ends[1]))
    return Relations(keys, triples)


def relation_prf(predicted: set[RelationKey], gold_all: set[RelationKey], gold_required: set[RelationKey]) -> PRF:
    """P over every gold triple (optional ones are right), R over the required ones."""
    return PRF(len(predicted), len(predicted & gold_all), len(gold_required), len(predicted & gold_required))


def of_property(keys: set[RelationKey], prop: str) -> set[RelationKey]:
    return {k for k in keys if k[1] == prop}


def score_relations(relations: Relations, gold: dict[str, Any]) -> tuple[PRF, dict[str, PRF], list[str]]:
    """Relation P/R overall and per property."""
    gold_all = {relation_key(r["s"], r["p"], r["o"]) for r in gold["relations"]}
    gold_required = {relation_key(r["s"], r["p"], r["o"]) for r in gold["relations"] if r["required"]}
    per_property = {
        prop: relation_prf(of_property(relations.keys, prop), of_property(gold_all, prop), of_property(gold_required, prop))
        for prop in PROPERTIES
    }
    errors = [f"wrong: {k}" for k in sorted(relations.keys - gold_all)]
    errors += [f"missing: {k}" for k in sorted(gold_required - relations.keys)]
    return relation_prf(relations.keys, gold_all, gold_required), per_property, errors


def score_positions(ds: Dataset, nodes: dict[Node, EntityNode], matching: Matching, gold: dict[str, Any]) -> tuple[PRF, list[str]]:
    """Every holdsPosition triple is a prediction, right if its person's gold title shares its key words."""
    wanted = [(p["person"], title_keys(p["title"]), p["required"]) for p in gold.get("positions", [])]
    predicted = correct = 0
    found: set[int] = set()
    errors = []
    for s, p, o in ds.triples((None, None, None)):
        if local_name(p) != "holdsPosition" or s not in nodes:
            continue
        predicted += 1
        person, keys = matching.gold_of.get(s), title_keys(str(o))
        hits = [
            i
            for i, (who, gold_keys, _) in enumerate(wanted)
            if who == person and keys and gold_keys and (keys <= gold_keys or gold_keys <= keys)
        ]
        if hits:
            correct += 1
            found.update(i for i in hits if wanted[i][2])
        else:
            errors.append(f"wrong: {nodes[s].name!r} {str(o)!r}")
    errors.sort()  # the graph's triple order is not stable between runs; -v output should be
    required = [i for i, entry in enumerate(wanted) if entry[2]]
    errors += [f"missing: {wanted[i][0]} {sorted(wanted[i][1])}" for i in required if i not in found]
    return PRF(predicted, correct, len(required), len(found)), errors


def score_attributes(ds: Dataset, matching: Matching, gold: dict[str, Any]) -> tuple[Found, list[str]]:
    """Each gold attribute (signedOn) is found if its entity has that property with a value starting with the gold date."""
    values_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s, p, o in ds.triples((None, None, None)):
        if s in matching.gold_of:
            values_of[(matching.gold_of[s], local_name(p))].append(str(o))
    found = 0
    errors = []
    for entry in gold.get("attributes", []):
        accepted = entry["o"] if isinstance(entry["o"], list) else [entry["o"]]
        ok = any(v.startswith(a) for v in values_of[(entry["s"], entry["p"])] for a in accepted)
        found += ok
        if not ok:
            errors.append(f"missing: {entry}")
    return Found(found, len(gold.get("attributes", []))), errors


@dataclass(frozen=True)
class Statement:
    """A reified triple with what makes it usable evidence."""

    subjects: frozenset[Node]
    predicates: frozenset[Node]
    objects: frozenset[Node]
    from_article: bool
    evidence: tuple[str, ...]


def statements(ds: Dataset) -> dict[Node, list[Statement]]:
    """Reified statements by the subject they are about."""
    by_subject: dict[Node, list[Statement]] = defaultdict(list)
    for node in dict.fromkeys(ds.subjects(RDF.subject, None)):
        articles = [a for a in ds.objects(node, PROV.wasDerivedFrom) if any(local_name(t) == "Article" for t in ds.objects(a, RDF.type))]
        statement = Statement(
            frozenset(ds.objects(node, RDF.subject)),
            frozenset(ds.objects(node, RDF.predicate)),
            frozenset(ds.objects(node, RDF.object)),
            bool(articles),
            tuple(str(t) for q, t in ds.predicate_objects(node) if local_name(q) == "evidenceText"),
        )
        for subject in statement.subjects:
            by_subject[subject].append(statement)
    return by_subject


def score_provenance(ds: Dataset, triples: list[tuple[Node, Node, Node]], sources: Sequence[str] | None) -> Provenance:
    """A triple is backed by a statement from an Article with non-empty evidence that (given sources) occurs in one of them.

    ``evidence_not_in_source`` counts every statement of a scored triple whose
    evidence occurs in no source, even when another statement backs the same
    triple, so that invented evidence shows up whatever order the graph
    lists statements in (the shared scorer stops at the first good one, so
    its count can be lower; the share is the same).
    """
    texts = [collapse_space(t) for t in sources or []]
    about = statements(ds)
    backed = not_in_source = 0
    for s, p, o in triples:
        usable = [
            st
            for st in about.get(s, [])
            if p in st.predicates and o in st.objects and st.from_article and any(e.strip() for e in st.evidence)
        ]
        verified = [not texts or any(collapse_space(e).strip() in t for e in st.evidence for t in texts) for st in usable]
        backed += any(verified)
        not_in_source += verified.count(False)
    return Provenance(backed, len(triples), not_in_source)


def score(ds: Dataset, gold: dict[str, Any], sources: Sequence[str] | None = None, name: str | None = None) -> Report:
    """Score a graph against a gold set; ``sources`` are the texts evidence must come from (None: not checked)."""
    index = GoldIndex(gold)
    nodes = entity_nodes(ds)
    matching = score_entities(nodes, gold, index)
    relations = predicted_relations(ds, nodes, matching, index)
    rel_score, per_property, rel_errors = score_relations(relations, gold)
    positions, pos_errors = score_positions(ds, nodes, matching, gold)
    attributes, attr_errors = score_attributes(ds, matching, gold)
    errors = {"entities": matching.errors, "relations": rel_errors, "positions": pos_errors, "attributes": attr_errors}
    return Report(
        corpus=name or gold.get("corpus", "gold"),
        docs=len(gold.get("docs", {})),
        entities=matching.score,
        relations=rel_score,
        per_property=per_property,
        positions=positions,
        attributes=attributes,
        provenance=score_provenance(ds, relations.triples, sources),
        errors={k: v for k, v in errors.items() if v},
    )


# --------------------------------------------------------------------------- corpora


@dataclass(frozen=True)
class Corpus:
    """A gold set and the texts it annotates (the build input and the provenance sources)."""

    name: str
    gold: dict[str, Any]
    texts: tuple[Path, ...]

    def sources(self) -> list[str]:
        return [p.read_text(encoding="utf-8", errors="replace") for p in self.texts]


def read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SystemExit(f"eval: {path}: cannot read gold ({exc})") from exc


def doc_files(gold: dict[str, Any], *folders: Path) -> dict[str, Path]:
    """Doc id -> text file for the gold's ``docs`` (first folder that has it); every ``*.txt`` by stem if it lists none."""
    if not gold.get("docs"):
        return {p.stem: p for p in sorted(folders[0].glob("*.txt"))}
    files = {}
    for doc, name in sorted(gold["docs"].items(), key=lambda item: item[1]):
        path = next((folder / name for folder in folders if (folder / name).is_file()), None)
        if path is None:
            raise SystemExit(f"eval: gold document {doc} ({name}) not found in {', '.join(map(str, folders))}")
        files[doc] = path
    return files


def make_corpus(name: str, gold: dict[str, Any], files: dict[str, Path]) -> Corpus:
    return Corpus(name, {**gold, "corpus": name}, tuple(files.values()))


def split_aside(name: str, gold: dict[str, Any], files: dict[str, Path]) -> list[Corpus]:
    """The ``NAME-main`` and ``NAME-aside`` parts: every fourth text by sorted file name is set aside."""
    ordered = sorted(files, key=lambda doc: files[doc].name)
    aside = {doc for i, doc in enumerate(ordered, 1) if i % ASIDE_EVERY == 0}
    texts = {doc: path.read_text(encoding="utf-8", errors="replace") for doc, path in files.items()}
    parts = []
    for part, keep in (("main", set(ordered) - aside), ("aside", aside)):
        part_name = f"{name}-{part}"
        kept_files = {doc: files[doc] for doc in ordered if doc in keep}
        parts.append(Corpus(part_name, restrict_gold(gold, texts, keep, part_name), tuple(kept_files.values())))
    return parts


def discover(shared: Path | None, own: Path) -> list[Corpus]:
    """Every gold set present, in a fixed order: seeds, dev, dev-main, dev-aside, own, fresh, heldout, heldout3, heldout4, heldout5, heldout6 (``eval/own``, siblings)."""
    corpora = []
    if shared is not None:
        seeds_gold = shared / "eval" / "seeds.gold.json"
        if seeds_gold.is_file():
            gold = read_json(seeds_gold)
            corpora.append(make_corpus("seeds", gold, doc_files(gold, ROOT / "seeds", shared / "seeds")))
        dev = shared / "eval" / "dev"
        dev_golds = sorted(dev.glob("gold-*.json"))
        if dev_golds:
            gold = merge_gold([read_json(p) for p in dev_golds], "dev")
            files = doc_files(gold, dev / "texts")
            corpora.append(make_corpus("dev", gold, files))
            corpora += split_aside("dev", gold, files)
    if (own / "gold.json").is_file():
        gold = read_json(own / "gold.json")
        corpora.append(make_corpus("own", gold, doc_files(gold, own / "texts")))
    fresh = own.parent / "fresh"
    if (fresh / "gold.json").is_file():
        gold = read_json(fresh / "gold.json")
        corpora.append(make_corpus("fresh", gold, doc_files(gold, fresh / "texts")))
    heldout = own.parent / "heldout"
    if (heldout / "gold.json").is_file():
        gold = read_json(heldout / "gold.json")
        corpora.append(make_corpus("heldout", gold, doc_files(gold, heldout / "texts")))
    heldout3 = own.parent / "heldout3"
    if (heldout3 / "gold.json").is_file():
        gold = read_json(heldout3 / "gold.json")
        corpora.append(make_corpus("heldout3", gold, doc_files(gold, heldout3 / "texts")))
    heldout4 = own.parent / "heldout4"
    if (heldout4 / "gold.json").is_file():
        gold = read_json(heldout4 / "gold.json")
        corpora.append(make_corpus("heldout4", gold, doc_files(gold, heldout4 / "texts")))
    heldout5 = own.parent / "heldout5"
    if (heldout5 / "gold.json").is_file():
        gold = read_json(heldout5 / "gold.json")
        corpora.append(make_corpus("heldout5", gold, doc_files(gold, heldout5 / "texts")))
    heldout6 = own.parent / "heldout6"
    if (heldout6 / "gold.json").is_file():
        gold = read_json(heldout6 / "gold.json")
        corpora.append(make_corpus("heldout6", gold, doc_files(gold, heldout6 / "texts")))
    return corpora


# --------------------------------------------------------------------------- building


def build(corpus: Corpus, out: Path, jobs: int | None) -> Path:
    """Build the corpus with the kg CLI of this Python (only TriG: the file that is scored)."""
    cmd = [sys.executable, "-m", "kg.cli", "build", *map(str, corpus.texts), "-o", str(out), "-q", "--formats", "trig"]
    if jobs is not None:
        cmd += ["-j", str(jobs)]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise SystemExit(f"eval: kg build failed for {corpus.name} (exit {result.returncode}):\n{tail}")
    return out


def has_rdf(folder: Path) -> bool:
    return folder.is_dir() and any(p.suffix in RDF_FORMATS for p in folder.iterdir())


def existing_builds(graph: Path, corpora: list[Corpus], chosen: list[str] | None) -> dict[str, Path]:
    """Corpus name -> build folder for ``--graph``: one build (needs one ``--corpus``) or a folder of ``NAME/`` builds."""
    if has_rdf(graph) or graph.is_file():
        if not chosen or len(chosen) != 1:
            raise SystemExit(
                f"eval: {graph} is one build; say which corpus it is with one --corpus (one of {', '.join(c.name for c in corpora)})"
            )
        return {chosen[0]: graph}
    builds = {c.name: graph / c.name for c in corpora if has_rdf(graph / c.name)}
    if not builds:
        raise SystemExit(f"eval: {graph}: no RDF export, and no sub-folder named after a corpus")
    missing = [name for name in chosen or [] if name not in builds]
    if missing:
        raise SystemExit(f"eval: {graph} has no build for {', '.join(missing)}")
    return builds


def evaluate(corpus: Corpus, graph: Path) -> Report:
    """Score one build of a corpus; evidence is checked against the corpus's own texts."""
    report = score(load_graph(graph), corpus.gold, corpus.sources(), corpus.name)
    report.docs = len(corpus.texts)
    return report


# --------------------------------------------------------------------------- output


def f2(value: float) -> str:
    """Two decimals of the three-decimal value, as the shared scorer's summary line shows them (0.7549 -> 0.755 -> 0.76).

    Why round twice: so that a number in this table reads exactly as the
    official summary line for the same build and gold, and nobody chases a
    0.01 difference that is only display.
    """
    return f"{round(value, 3):.2f}"


def summary_table(reports: Sequence[Report]) -> str:
    """One row per corpus: the headline numbers of the official scorer's summary line."""
    header = ["corpus", "docs", "ent P", "ent R", "ent F1", "rel P", "rel R", "rel F1", "pos P", "pos R", "signedOn", "prov"]
    rows = [
        [
            r.corpus,
            str(r.docs),
            *map(f2, (r.entities.precision, r.entities.recall, r.entities.f1)),
            *map(f2, (r.relations.precision, r.relations.recall, r.relations.f1)),
            *map(f2, (r.positions.precision, r.positions.recall)),
            f"{r.attributes.found}/{r.attributes.required}",
            f2(r.provenance.share),
        ]
        for r in reports
    ]
    return render([header, *rows])


def property_table(reports: Sequence[Report]) -> str:
    """Precision/recall of each property (rows) per corpus (columns); "-" where nothing is predicted or required."""
    header = ["P/R (found/required, predicted)", *(r.corpus for r in reports)]
    rows = []
    for prop in PROPERTIES:
        cells = []
        for r in reports:
            m = r.per_property[prop]
            cells.append(
                "-" if not (m.predicted or m.required) else f"{f2(m.precision)}/{f2(m.recall)} ({m.found}/{m.required}, {m.predicted})"
            )
        rows.append([prop, *cells])
    return render([header, *rows])


def render(rows: list[list[str]]) -> str:
    """Left-aligned first column, right-aligned numbers, a rule under the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row: list[str]) -> str:
        return "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    return "\n".join([line(rows[0]), "  ".join("-" * w for w in widths), *map(line, rows[1:])])


def error_listing(report: Report) -> str:
    """The wrong and missing items of one corpus, one per line, as ``section: item``."""
    lines = [f"== {report.corpus}"]
    lines += [f"{section}: {item}" for section, items in report.errors.items() for item in items]
    return "\n".join(lines)


# --------------------------------------------------------------------------- command line


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog="corpora: seeds, dev, dev-main, dev-aside, own, fresh, heldout, heldout3, heldout4, heldout5, heldout6 (if present)"
    )
    parser.add_argument("--corpus", action="append", metavar="NAME", help="score only this corpus (repeatable)")
    parser.add_argument("--shared", type=Path, help=f"the shared evaluation folder (default: {DEFAULT_SHARED}, skipped if absent)")
    parser.add_argument(
        "--graph",
        type=Path,
        metavar="DIR",
        help="score this existing build instead of building (one --corpus), or a folder of NAME/ builds",
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build into DIR/NAME/ and keep the builds (default: a temporary folder)")
    parser.add_argument("-j", "--jobs", type=int, metavar="N", help="passed to kg build")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every number (and the error lists) here")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the wrong and missing items per corpus")
    return parser.parse_args(argv)


def shared_folder(arg: Path | None) -> Path | None:
    """The shared evaluation folder, or None: absent by default is normal, absent when named is an error."""
    if arg is not None:
        if not arg.is_dir():
            raise SystemExit(f"eval: --shared {arg}: no such folder")
        return arg
    return DEFAULT_SHARED if DEFAULT_SHARED.is_dir() else None


def select(corpora: list[Corpus], chosen: list[str] | None) -> list[Corpus]:
    if not chosen:
        return corpora
    names = [c.name for c in corpora]
    unknown = [n for n in chosen if n not in names]
    if unknown:
        raise SystemExit(f"eval: no gold set named {', '.join(unknown)} here (present: {', '.join(names) or 'none'})")
    return [c for c in corpora if c.name in chosen]


def run(corpora: list[Corpus], args: argparse.Namespace) -> list[Report]:
    """Score each corpus from an existing build (``--graph``) or a fresh one."""
    if args.graph is not None:
        builds = existing_builds(args.graph, corpora, args.corpus)
        return [evaluate(c, builds[c.name]) for c in corpora if c.name in builds]
    if args.keep is not None:
        return [evaluate(c, build(c, args.keep / c.name, args.jobs)) for c in corpora]
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        return [evaluate(c, build(c, Path(tmp) / c.name, args.jobs)) for c in corpora]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpora = select(discover(shared_folder(args.shared), OWN), args.corpus)
    if not corpora:
        print(
            f"eval: no gold set found (looked for {args.shared or DEFAULT_SHARED}/eval and {OWN}/gold.json); nothing to score",
            file=sys.stderr,
        )
        return 0
    reports = run(corpora, args)
    if args.json:  # before printing, so a closed pipe on stdout cannot lose it
        args.json.write_text(json.dumps({r.corpus: r.as_dict() for r in reports}, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.verbose:
        for report in reports:
            print(error_listing(report), end="\n\n")
    print(summary_table(reports))
    print()
    print(property_table(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
