"""The entity table made in parts (what ``--engine dask`` does on its workers) is the one a whole pass makes: same entities, same IRIs, same order.

Built by hand: people whose keys are one edit apart (merged by the typo
pass only with a shared title), lone surnames that join the one full name
that fits or stand alone twice ("Smith", "Smith 2"), lone words tagged ORG
that join a person or are bodies, places of one label ("Oruro 2"), deals.
"""

from __future__ import annotations

import pytest

from kg.lexicon.tables import load_lexicon
from kg.resolve.entity_table import entity_table
from kg.resolve.partition import person_parts, table_in_parts
from kg.types import LocalEntity


def _person(name: str, *titles: str, local: str | None = None) -> LocalEntity:
    return LocalEntity(local or f"Person:{name.lower().replace(' ', '/')}", "Person", name, (name,), titles=titles)


def _org(name: str, maybe_person: bool = True) -> LocalEntity:
    return LocalEntity(f"Organization:{name.lower()}", "Organization", name, (name,), maybe_person=maybe_person)


def _place(local: str, name: str) -> LocalEntity:
    return LocalEntity(local, "Place", name, (name,))


def _deal(local: str, *parties: str, kind: str = "memorandum of understanding") -> LocalEntity:
    return LocalEntity(local, "Agreement", kind, (kind,), parties=tuple(f"State:{p}" for p in parties), agreement_kind=kind, topic="minerals")


STATE = LocalEntity("State:chile", "State", "Chile", ("Chile",), key="chile")
ROWS: list[tuple[str, tuple[LocalEntity, ...]]] = [
    ("a01", (_person("Aurora Williams", "Mining Minister"), STATE, _place("Place:oruro", "Oruro"), _deal("Agreement:0", "chile", "peru"))),
    ("a02", (_person("Aurora Wiliams", "Minister of Mining"), _org("Williams"), _place("Place:oruro-department", "Oruro Department"))),
    ("a03", (_person("A. Willians", "Mines Minister"), _person("Williams"), _deal("Agreement:1", "chile", "peru", kind="agreement"))),
    ("a04", (_person("John Smith"), _person("Jane Smith"), _person("Wiliams"))),
    ("a05", (_person("Smith"), _org("Bessent"), _org("WILIAMZ", maybe_person=False), _person("Pedro Romero", "Deputy Prime Minister"))),
    ("a06", (_person("Smith"), _person("Pedro Romeros", "Finance Minister"), _person("Pedro Romeros", "Deputy Prime Minister", local="Person:x"))),
    ("a07", (_person("Ana Torres", "Mining Minister"), _person("Ana Torres", local="Person:torres/ana/2"), _person("Torres"))),
    ("a08", (_person("Luis Torres"), _person("Torres"), _org("Torres"), _person("Ahn Duk-geun", "Trade Minister"), STATE)),
    ("a09", (_person("Ahn Dukgeun", "Trade Minister"), _person("Aurora Willliams", "Mining Minister"), _org("Romeros"), _org("Willians", False))),
    ("a10", (_person("Justin Trudeau", "Prime Minister"), _person("Trudeau"), _person("Trudeaux", "Prime Minister"))),
]


def _same(parts, whole) -> None:
    assert list(parts.entities.items()) == list(whole.entities.items())
    assert parts.member_iri == whole.member_iri
    assert list(parts.keyed_iri.items()) == list(whole.keyed_iri.items())
    assert list(parts.linked.items()) == list(whole.linked.items())


@pytest.mark.parametrize(("people", "keyed"), [(1, 1), (2, 3), (5, 2), (9, 7)])
def test_the_table_made_in_parts_is_the_whole_passs(people, keyed):
    lexicon = load_lexicon()
    whole = entity_table(ROWS, lexicon)
    iris = set(whole.entities)
    # the corpus crosses keys: a typo merged across keys, a lone name joined a full name, and names minted twice
    williams = next(e for e in whole.entities.values() if e.label.startswith("Aurora Wil"))
    assert {"Aurora Wiliams", "Aurora Williams"} <= {williams.label, *williams.aliases}
    assert whole.member_iri[("a03", "Person:williams")] == williams.iri
    assert whole.member_iri[("a03", "Person:a./willians")] == williams.iri  # a key one edit away, with a title word in common
    assert whole.member_iri[("a02", "Organization:williams")] == williams.iri
    assert whole.member_iri[("a09", "Organization:romeros")] == whole.member_iri[("a05", "Person:pedro/romero")]  # a typo's key, then an ORG
    names = {iri.rsplit("/", 1)[1] for iri in iris}
    assert {"smith", "smith-2", "torres", "torres-2", "oruro", "oruro-2"} <= names, sorted(names)
    assert "willians" in names, "an ORG of a key whose every cluster joined another key's is a body"
    assert any(e.wikidata for e in whole.entities.values() if e.kind == "Person") and whole.linked
    _same(table_in_parts(ROWS, lexicon, people, keyed), whole)


def test_keys_one_edit_apart_share_a_part_and_parts_are_balanced():
    counts = {"williams": 3, "wiliams": 1, "willians": 1, "williamss": 1, "smith": 4, "smyth": 1, "li": 5, "lu": 1, "romero": 2}
    for parts in (1, 2, 3, 8):
        part_of = person_parts(counts, parts)
        assert set(part_of) == set(counts) and set(part_of.values()) <= set(range(parts))
        assert len({part_of[k] for k in ("williams", "wiliams", "willians", "williamss")}) == 1
        assert part_of["smith"] == part_of["smyth"]
    assert person_parts(counts, 3)["li"] != person_parts(counts, 3)["lu"], "keys under the typo pass's reach are not joined"


def test_a_keyed_clusters_part_is_the_same_in_every_process():
    """Workers are other processes, whose ``hash`` of a string differs: each must pick the same keyed clusters."""
    import os
    import subprocess
    import sys

    code = "from kg.resolve.partition import keyed_part_of as p; print([p('State', k, 7) for k in ('chile', 'peru', 'Place:oruro', 'x' * 40)])"
    seen = {
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2", "3")
    }
    assert len(seen) == 1, seen
