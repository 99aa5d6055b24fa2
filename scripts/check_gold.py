#!/usr/bin/env python3
"""Check a kg gold file against its texts and the annotation rules.

    python scripts/check_gold.py GOLD.json TEXTS_DIR [--strict]

Why: the scorer (``../shared/eval/score.py``) trusts its gold file. A quote
that is not in the text, a relation whose subject is a typo, a predicate
outside the 13 scored ones or a date the scorer cannot compare silently
changes every number it prints. This script finds such mistakes before a
gold file is used, with one line per problem naming the file and the entry,
and exits 1; a clean file gets a one-line summary and exit 0.

Checked always (what would make a score wrong):

* every doc id maps to an existing file in TEXTS_DIR;
* entity ids are unique, types are one of the six classes, ``re:`` aliases compile;
* relations use one of the 13 scored predicates, their ``s``/``o`` are entity
  ids whose types fit the domain and range of ``spec/ontology.md``, their
  ``docs`` are known doc ids, and a ``quote`` occurs in the first doc
  (case- and whitespace-insensitively);
* positions name Person entities; ``signedOn`` attributes are on Agreements,
  with ISO dates (YYYY, YYYY-MM or YYYY-MM-DD).

Checked with ``--strict`` (the annotation rules a new gold file should follow):
every relation has a quote, ids are the slugs of their labels, the subject and
object of a required relation are required entities, no relation is listed
twice, and no normalised alias names two entities of the same type (the
scorer would credit the first one only).

Standard library only, so that it runs where kg is not installed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, NamedTuple

CLASSES = frozenset({"Person", "State", "Organization", "Mineral", "Agreement", "Place"})

_ACTOR = frozenset({"Person", "State", "Organization"})
_PARTY = frozenset({"State", "Organization"})
DOMAIN_RANGE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "represents": (frozenset({"Person"}), _PARTY),
    "partyTo": (_PARTY, frozenset({"Agreement"})),
    "covers": (frozenset({"Agreement"}), frozenset({"Mineral"})),
    "hasDeposit": (frozenset({"State", "Place"}), frozenset({"Mineral"})),
    "locatedIn": (frozenset({"Place"}), frozenset({"State", "Place"})),
    "negotiates": (_ACTOR, frozenset({"Agreement"})),
    "proposes": (_ACTOR, frozenset({"Agreement"})),
    "signs": (_ACTOR, frozenset({"Agreement"})),
    "rejects": (_ACTOR, frozenset({"Agreement"})),
    "dominatesSupplyOf": (_PARTY, frozenset({"Mineral"})),
    "seeksMembershipIn": (frozenset({"State"}), frozenset({"Organization"})),
    "providesAidTo": (_PARTY, frozenset({"State"})),
    "inConflictWith": (frozenset({"State"}), frozenset({"State"})),
}
PREDICATES = frozenset(DOMAIN_RANGE)
SYMMETRIC = frozenset({"inConflictWith"})
ATTRIBUTE_SUBJECT = {"signedOn": "Agreement"}
TOP_LEVEL: dict[str, type] = {
    "corpus": str,
    "docs": dict,
    "entities": list,
    "neutral": list,
    "relations": list,
    "positions": list,
    "attributes": list,
}
# Latin letters that Unicode does not decompose into base letter + accent, so NFKD alone would drop them ("Đedović").
UNDECOMPOSED = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"})
ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


class Problem(NamedTuple):
    """One defect of a gold file: where it is and what is wrong, printed as one line.

    A NamedTuple rather than a dataclass so that the module also works when it is
    loaded from a path without being registered in ``sys.modules``.
    """

    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}"


# --------------------------------------------------------------------------- text helpers


def squash(text: str) -> str:
    """Case- and whitespace-insensitive form of a text, so that a quote survives line breaks and capitals.

    >>> squash("  The  Deal\\nwas SIGNED ")
    'the deal was signed'
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def slug(label: str) -> str:
    """The id the annotation rules derive from a label: lower case, accents stripped, dots and apostrophes dropped.

    >>> slug("Mačva District"), slug("U.S. Department of State"), slug("EU–Serbia memorandum"), slug("Đedović")
    ('macva-district', 'us-department-of-state', 'eu-serbia-memorandum', 'dedovic')
    """
    text = unicodedata.normalize("NFKD", label.lower().translate(UNDECOMPOSED))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['\u2019.]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def scorer_norm(text: str) -> str:
    """The scorer's normalisation of a label (accents, case, dots, apostrophes, punctuation, a leading "the")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("\u2019", "").replace("'", "").replace(".", "")
    text = re.sub(r"[^\w]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def is_iso_date(value: Any) -> bool:
    """True for an existing calendar date written YYYY, YYYY-MM or YYYY-MM-DD (what xsd:date prefixes compare)."""
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        datetime.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def relation_name(index: int, rel: Any) -> str:
    """How a relation is named in a problem line: its position and its triple."""
    if not isinstance(rel, dict):
        return f"relations[{index}]"
    return f"relations[{index}] ({rel.get('s')} {rel.get('p')} {rel.get('o')})"


# --------------------------------------------------------------------------- loading


def load_gold(path: Path) -> dict[str, Any]:
    """Read a gold file; raise ValueError with the reason when it is not a JSON object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read gold file: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError("gold file is not a JSON object")
    return data


def load_texts(gold: dict[str, Any], texts_dir: Path, file: str) -> tuple[dict[str, str], list[Problem]]:
    """The text of every doc id that maps to a readable file, and a problem for each that does not."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    docs = gold.get("docs")
    if not isinstance(docs, dict):
        return texts, problems
    for doc_id, name in docs.items():
        entry = f"docs[{doc_id}]"
        if not isinstance(name, str) or not name:
            problems.append(Problem(file, entry, f"file name is not a string: {name!r}"))
            continue
        path = texts_dir / name
        if not path.is_file():
            problems.append(Problem(file, entry, f"no such file in {texts_dir}: {name}"))
            continue
        try:
            texts[doc_id] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(file, entry, f"cannot read {name}: {exc}"))
    return texts, problems


# --------------------------------------------------------------------------- checks that always run


def check_structure(gold: dict[str, Any], file: str) -> list[Problem]:
    """Top-level keys and their JSON types; later checks skip a section whose type is wrong."""
    problems = []
    for key, kind in TOP_LEVEL.items():
        if key not in gold:
            problems.append(Problem(file, key, "missing top-level key"))
        elif not isinstance(gold[key], kind):
            problems.append(Problem(file, key, f"should be a {kind.__name__}, is {type(gold[key]).__name__}"))
    if "cq" in gold and not isinstance(gold["cq"], dict):
        problems.append(Problem(file, "cq", "should be an object"))
    return problems


def section(gold: dict[str, Any], key: str) -> list[Any]:
    """A list section of the gold, or nothing when it is absent or mistyped (already reported)."""
    value = gold.get(key)
    return value if isinstance(value, list) else []


def entity_types(gold: dict[str, Any]) -> dict[str, str]:
    """id -> type of every well-formed entity (the first one when an id repeats)."""
    types: dict[str, str] = {}
    for ent in section(gold, "entities"):
        if isinstance(ent, dict) and isinstance(ent.get("id"), str):
            types.setdefault(ent["id"], ent.get("type", ""))
    return types


def check_entity(index: int, ent: Any, file: str) -> list[Problem]:
    """One entity: id, type, label, aliases (``re:`` ones must compile) and the required flag."""
    if not isinstance(ent, dict):
        return [Problem(file, f"entities[{index}]", "not an object")]
    entry = f"entities[{index}] ({ent.get('id')})"
    problems = []
    if not isinstance(ent.get("id"), str) or not ent.get("id"):
        problems.append(Problem(file, entry, "id missing or not a string"))
    if ent.get("type") not in CLASSES:
        problems.append(Problem(file, entry, f"type {ent.get('type')!r} is not one of {', '.join(sorted(CLASSES))}"))
    if not isinstance(ent.get("label"), str) or not ent["label"].strip():
        problems.append(Problem(file, entry, "label missing or empty"))
    if not isinstance(ent.get("required"), bool):
        problems.append(Problem(file, entry, "required should be true or false"))
    aliases = ent.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        problems.append(Problem(file, entry, "aliases should be a list of strings"))
        return problems
    for alias in aliases:
        if alias.startswith("re:"):
            try:
                re.compile(alias[3:])
            except re.error as exc:
                problems.append(Problem(file, entry, f"alias pattern {alias!r} does not compile: {exc}"))
    return problems


def check_entities(gold: dict[str, Any], file: str) -> list[Problem]:
    """Every entity on its own, then that no id is used twice."""
    entities = section(gold, "entities")
    problems = [p for i, ent in enumerate(entities) for p in check_entity(i, ent, file)]
    ids = Counter(ent.get("id") for ent in entities if isinstance(ent, dict))
    problems += [Problem(file, f"entities ({eid})", f"id used {n} times") for eid, n in sorted(ids.items(), key=str) if n > 1]
    return problems


def check_relation(index: int, rel: Any, types: dict[str, str], texts: dict[str, str], docs: set[str], file: str) -> list[Problem]:
    """One relation: predicate, entity ids, domain and range, docs, required flag, and its quote in the first doc."""
    entry = relation_name(index, rel)
    if not isinstance(rel, dict):
        return [Problem(file, entry, "not an object")]
    problems = []
    pred = rel.get("p")
    if pred not in PREDICATES:
        problems.append(Problem(file, entry, f"predicate {pred!r} is not one of the 13 scored ones"))
    for role in ("s", "o"):
        if rel.get(role) not in types:
            problems.append(Problem(file, entry, f"{role} {rel.get(role)!r} is not an entity id"))
    if pred in PREDICATES and rel.get("s") in types and rel.get("o") in types:
        domain, range_ = DOMAIN_RANGE[pred]
        s_type, o_type = types[rel["s"]], types[rel["o"]]
        if s_type not in domain:
            problems.append(Problem(file, entry, f"subject is a {s_type}; {pred} needs {' or '.join(sorted(domain))}"))
        if o_type not in range_:
            problems.append(Problem(file, entry, f"object is a {o_type}; {pred} needs {' or '.join(sorted(range_))}"))
    if not isinstance(rel.get("required"), bool):
        problems.append(Problem(file, entry, "required should be true or false"))
    rel_docs = rel.get("docs")
    if not isinstance(rel_docs, list) or not rel_docs:
        problems.append(Problem(file, entry, "docs should be a non-empty list of doc ids"))
        return problems
    unknown = [d for d in rel_docs if d not in docs]
    if unknown:
        problems.append(Problem(file, entry, f"unknown doc id(s): {', '.join(map(str, unknown))}"))
    if "quote" in rel:
        problems += check_quote(entry, rel["quote"], rel_docs[0], texts, file)
    return problems


def check_quote(entry: str, quote: Any, doc: Any, texts: dict[str, str], file: str) -> list[Problem]:
    """The quote must be a non-empty string found in the first doc (when that doc could be read)."""
    if not isinstance(quote, str) or not quote.strip():
        return [Problem(file, entry, "quote is empty or not a string")]
    text = texts.get(doc)
    if text is None:
        return []  # the doc itself is already reported
    if squash(quote) not in squash(text):
        return [Problem(file, entry, f"quote not found in {doc}: {quote[:80]!r}")]
    return []


def check_relations(gold: dict[str, Any], texts: dict[str, str], file: str) -> list[Problem]:
    """Every relation, against the entity table and the texts."""
    types = entity_types(gold)
    docs = set(gold["docs"]) if isinstance(gold.get("docs"), dict) else set()
    return [p for i, rel in enumerate(section(gold, "relations")) for p in check_relation(i, rel, types, texts, docs, file)]


def check_positions(gold: dict[str, Any], file: str) -> list[Problem]:
    """Each position belongs to a Person entity and has a title."""
    types = entity_types(gold)
    problems = []
    for i, pos in enumerate(section(gold, "positions")):
        if not isinstance(pos, dict):
            problems.append(Problem(file, f"positions[{i}]", "not an object"))
            continue
        entry = f"positions[{i}] ({pos.get('person')}: {pos.get('title')})"
        person = pos.get("person")
        if person not in types:
            problems.append(Problem(file, entry, f"person {person!r} is not an entity id"))
        elif types[person] != "Person":
            problems.append(Problem(file, entry, f"person {person!r} is a {types[person]}, not a Person"))
        if not isinstance(pos.get("title"), str) or not pos["title"].strip():
            problems.append(Problem(file, entry, "title missing or empty"))
        if not isinstance(pos.get("required"), bool):
            problems.append(Problem(file, entry, "required should be true or false"))
    return problems


def check_attributes(gold: dict[str, Any], file: str) -> list[Problem]:
    """Each attribute is a known one (signedOn) on an entity of the right type, with ISO date values."""
    types = entity_types(gold)
    problems = []
    for i, attr in enumerate(section(gold, "attributes")):
        if not isinstance(attr, dict):
            problems.append(Problem(file, f"attributes[{i}]", "not an object"))
            continue
        entry = f"attributes[{i}] ({attr.get('s')} {attr.get('p')} {attr.get('o')})"
        pred, subject = attr.get("p"), attr.get("s")
        if pred not in ATTRIBUTE_SUBJECT:
            problems.append(Problem(file, entry, f"attribute {pred!r} is not one of {', '.join(ATTRIBUTE_SUBJECT)}"))
        elif subject not in types:
            problems.append(Problem(file, entry, f"s {subject!r} is not an entity id"))
        elif types[subject] != ATTRIBUTE_SUBJECT[pred]:
            problems.append(Problem(file, entry, f"subject is a {types[subject]}; {pred} needs {ATTRIBUTE_SUBJECT[pred]}"))
        value = attr.get("o")
        values: list[Any] = value if isinstance(value, list) else [value]  # the scorer accepts a list of dates
        bad = [v for v in values if not is_iso_date(v)]
        if bad or not values:
            problems.append(Problem(file, entry, f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {bad or values!r}"))
        if not isinstance(attr.get("required"), bool):
            problems.append(Problem(file, entry, "required should be true or false"))
    return problems


# --------------------------------------------------------------------------- strict checks (annotation rules)


def check_strict(gold: dict[str, Any], file: str) -> list[Problem]:
    """The rules of spec/annotation.md that a score survives but a new gold file should still follow."""
    return (
        check_quotes_present(gold, file)
        + check_slugs(gold, file)
        + check_required_ends(gold, file)
        + check_duplicate_relations(gold, file)
        + check_alias_clashes(gold, file)
    )


def check_quotes_present(gold: dict[str, Any], file: str) -> list[Problem]:
    """Every relation carries the quote that states it."""
    return [
        Problem(file, relation_name(i, rel), "no quote")
        for i, rel in enumerate(section(gold, "relations"))
        if isinstance(rel, dict) and "quote" not in rel
    ]


def check_slugs(gold: dict[str, Any], file: str) -> list[Problem]:
    """Ids are the slugs of their labels, so two gold files name the same entity the same way."""
    problems = []
    for i, ent in enumerate(section(gold, "entities")):
        if isinstance(ent, dict) and isinstance(ent.get("label"), str) and ent.get("id") != slug(ent["label"]):
            problems.append(
                Problem(file, f"entities[{i}] ({ent.get('id')})", f"id is not the slug of its label (expected {slug(ent['label'])!r})")
            )
    return problems


def check_required_ends(gold: dict[str, Any], file: str) -> list[Problem]:
    """A required relation needs required entities at both ends, or recall would ask for a fact about an optional node."""
    required = {e.get("id"): e.get("required") for e in section(gold, "entities") if isinstance(e, dict)}
    problems = []
    for i, rel in enumerate(section(gold, "relations")):
        if not isinstance(rel, dict) or rel.get("required") is not True:
            continue
        for role in ("s", "o"):
            if required.get(rel.get(role)) is False:
                problems.append(
                    Problem(file, relation_name(i, rel), f"required relation, but {role} {rel.get(role)!r} is an optional entity")
                )
    return problems


def check_duplicate_relations(gold: dict[str, Any], file: str) -> list[Problem]:
    """A fact is one entry listing all its docs; a symmetric one is listed once, in either order."""
    first: dict[tuple[Any, Any, Any], int] = {}
    problems = []
    for i, rel in enumerate(section(gold, "relations")):
        if not isinstance(rel, dict):
            continue
        s, p, o = rel.get("s"), rel.get("p"), rel.get("o")
        if p in SYMMETRIC and str(s) > str(o):
            s, o = o, s
        key = (s, p, o)
        if key in first:
            problems.append(Problem(file, relation_name(i, rel), f"same triple as relations[{first[key]}]"))
        else:
            first[key] = i
    return problems


def check_alias_clashes(gold: dict[str, Any], file: str) -> list[Problem]:
    """No normalised name may point at two entities of one type: the scorer would credit whichever comes first."""
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ent in section(gold, "entities"):
        if not isinstance(ent, dict) or not isinstance(ent.get("id"), str):
            continue
        names = [ent.get("label", ""), *(ent.get("aliases") or [])]
        for name in names:
            if isinstance(name, str) and not name.startswith("re:") and scorer_norm(name):
                owners[(str(ent.get("type")), scorer_norm(name))].add(ent["id"])
    return [
        Problem(file, f"entities ({', '.join(sorted(ids))})", f"{kind} name {name!r} belongs to more than one entity")
        for (kind, name), ids in sorted(owners.items())
        if len(ids) > 1
    ]


# --------------------------------------------------------------------------- driver


def check_gold(gold: dict[str, Any], texts_dir: Path, file: str = "gold", strict: bool = False) -> list[Problem]:
    """Every problem of a loaded gold file whose docs live in texts_dir (empty when the file is clean)."""
    problems = check_structure(gold, file)
    texts, doc_problems = load_texts(gold, texts_dir, file)
    problems += doc_problems
    problems += check_entities(gold, file)
    problems += check_relations(gold, texts, file)
    problems += check_positions(gold, file)
    problems += check_attributes(gold, file)
    if strict:
        problems += check_strict(gold, file)
    return problems


def summary(gold: dict[str, Any], file: str) -> str:
    """One line that says what a clean gold file holds, so a run shows it read what it should."""
    entities, relations = section(gold, "entities"), section(gold, "relations")
    req_ents = sum(1 for e in entities if e.get("required"))
    req_rels = sum(1 for r in relations if r.get("required"))
    unquoted = sum(1 for r in relations if "quote" not in r)
    line = (
        f"{file}: ok ({gold.get('corpus')}): {len(gold.get('docs', {}))} docs, {len(entities)} entities ({req_ents} required), "
        f"{len(relations)} relations ({req_rels} required), {len(section(gold, 'positions'))} positions, "
        f"{len(section(gold, 'attributes'))} attributes"
    )
    return line + (f"; {unquoted} relations without quote" if unquoted else "")


def main(argv: list[str] | None = None) -> int:
    """Command line: print the problems and exit 1, or print the summary and exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path, help="a gold JSON file")
    parser.add_argument("texts", type=Path, help="the folder of the texts its docs name")
    parser.add_argument("--strict", action="store_true", help="also check the annotation rules (quotes present, slug ids, ...)")
    args = parser.parse_args(argv)
    file = str(args.gold)
    if not args.texts.is_dir():
        print(f"{file}: texts: not a folder: {args.texts}")
        return 1
    try:
        gold = load_gold(args.gold)
    except ValueError as exc:
        print(f"{file}: file: {exc}")
        return 1
    problems = check_gold(gold, args.texts, file=file, strict=args.strict)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(summary(gold, file))
    return 0


if __name__ == "__main__":
    sys.exit(main())
