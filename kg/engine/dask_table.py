"""Resolution's first pass (the entity table) on a Dask cluster: clustered in parts on the workers, IRIs minted on the client.

Why: made on the client, the entity table was most of what the client held
that grows with the corpus (at 10,000 replayed articles, most of its 247 MB
after resolution): every person, deal and lone word kept until clustered,
and the IRI of each of them (``EntityTable.member_iri``). Here the workers
read the store themselves (:func:`kg.engine.spill.read_entities`) and each
clusters one part (:mod:`kg.resolve.partition` says why the parts are
independent and how their clusters keep the one order IRIs are minted in):

1. each range of articles counts its person keys; the client adds the counts
   up (one number per distinct key) and cuts the keys into parts, by
   connected components of "may merge";
2. each people's part and the deals' part is clustered on a worker, which
   writes each kept local entity's cluster to a file of its own in the
   scratch area (:class:`Members`) and sends back its clusters' entities,
   unminted, with their sort keys, and the person keys that head a cluster;
3. each keyed part (states, minerals, places, bodies, by a hash of the key)
   is tallied on a worker, with the lone words no person heads;
4. the client sorts every part's clusters into the one order and mints their
   IRIs (:func:`kg.resolve.partition.mint_parts`).

What the client keeps: the entities (which the exports' default graphs are
made from), the IRI of each keyed cluster and of each cluster by its part
and place, the gazetteer people linked. Each later task finds the IRIs of its
range's kept local entities in the members' files (:meth:`Members.load`).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.engine.spill import read_entities
from kg.resolve.entity_table import EntityTable
from kg.resolve.partition import PartTable, agreements_part, keyed_part, mint_parts, people_part, person_key_counts, person_parts

if TYPE_CHECKING:
    from distributed import Client

    from kg.lexicon.tables import Lexicon
    from kg.resolve.cluster import LocalRef


@dataclass(frozen=True)
class Members:
    """Where the kept local entities' IRIs are: each part's file of (doc_id, local_id, cluster), and each part's clusters' IRIs."""

    files: tuple[str, ...]
    iris: tuple[tuple[str, ...], ...]

    def load(self, first: str, last: str) -> dict[LocalRef, str]:
        """(doc_id, local_id) -> IRI of the kept local entities of articles ``first`` to ``last`` (both included)."""
        found: dict[LocalRef, str] = {}
        for file, iris in zip(self.files, self.iris, strict=True):
            db = sqlite3.connect(f"{Path(file).resolve().as_uri()}?mode=ro", uri=True)
            try:
                for doc_id, local_id, cluster in db.execute("SELECT doc_id, local_id, cluster FROM members WHERE doc_id BETWEEN ? AND ?", (first, last)):
                    found[(doc_id, local_id)] = iris[cluster]
            finally:
                db.close()
        return found

    def remove(self) -> None:
        for file in self.files:
            Path(file).unlink(missing_ok=True)


def write_members(file: Path, members: Sequence[tuple[str, str, int]]) -> None:
    """A part's (doc_id, local_id, cluster) rows as a file the ranges read theirs from (by doc_id)."""
    file.unlink(missing_ok=True)
    db = sqlite3.connect(file, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN")
        db.execute("CREATE TABLE members (doc_id TEXT NOT NULL, local_id TEXT NOT NULL, cluster INTEGER NOT NULL)")
        db.executemany("INSERT INTO members VALUES (?, ?, ?)", members)
        db.execute("CREATE INDEX members_doc ON members (doc_id)")
        db.execute("COMMIT")
    finally:
        db.close()


# --- on the workers ---------------------------------------------------------------------------------------------


def _lexicon(lexicon: Lexicon | None) -> Lexicon:
    from kg.lexicon.tables import load_lexicon

    return lexicon if lexicon is not None else load_lexicon()


def count_range(path: Path, first: str, last: str) -> Counter[str]:
    """The person keys of one range of the store, counted (runs on a worker)."""
    return person_key_counts(read_entities(path, first, last))


def _sent(table: PartTable, members_file: str | None) -> PartTable:
    """``table`` as it goes back to the client: its members in their file, not in the message."""
    if members_file is not None:
        write_members(Path(members_file), table.members)
    table.members = []
    return table


def people_task(path: Path, part_of_key: Mapping[str, int], part: int, members_file: str, lexicon: Lexicon | None) -> PartTable:
    """One people's part, clustered (runs on a worker)."""
    return _sent(people_part(read_entities(path), part_of_key, part, _lexicon(lexicon)), members_file)


def agreements_task(path: Path, members_file: str, lexicon: Lexicon | None) -> PartTable:
    """The deals, clustered (runs on a worker)."""
    return _sent(agreements_part(read_entities(path), _lexicon(lexicon)), members_file)


def keyed_task(path: Path, part: int, parts: int, heads: frozenset[str], lexicon: Lexicon | None) -> PartTable:
    """One keyed part, tallied (runs on a worker)."""
    return _sent(keyed_part(read_entities(path), part, parts, heads, _lexicon(lexicon)), None)


# --- on the client ----------------------------------------------------------------------------------------------


def table_on_cluster(
    client: Client, path: Path, spans: Sequence[tuple[str, str]], scratch: Path, lexicon: Lexicon | None = None
) -> tuple[EntityTable, Members]:
    """The entity table, made on the workers from the store at ``path`` (``spans``: its ranges of articles); its members' IRIs in ``scratch``.

    The table's ``member_iri`` is empty: a range's are :meth:`Members.load`'s.
    ``lexicon`` (None: the shipped one, which each worker loads) is sent once when given.
    """
    from distributed import wait

    from kg.heap import give_back

    threads = sum(client.nthreads().values()) or 1
    scratch.mkdir(parents=True, exist_ok=True)
    sent_lexicon: Any = None if lexicon is None else client.scatter(lexicon, broadcast=True, hash=False)
    counts: Counter[str] = Counter()
    for future in [client.submit(count_range, path, first, last, pure=False) for first, last in spans]:
        counts.update(future.result())
        future.release()
    [part_of_key] = client.scatter([person_parts(counts, threads)], broadcast=True, hash=False)  # in a list: a dict is scattered by its keys
    del counts
    people = threads
    files = [str(scratch / f"entity-members-{part:03d}.sqlite") for part in range(people + 1)]
    first_round = [client.submit(people_task, path, part_of_key, part, files[part], sent_lexicon, pure=False) for part in range(people)]
    first_round.append(client.submit(agreements_task, path, files[people], sent_lexicon, pure=False))
    wait(first_round)
    tables: list[PartTable] = [future.result() for future in first_round]
    part_of_key.release()
    heads = frozenset().union(*(t.heads for t in tables))
    keyed = [client.submit(keyed_task, path, part, threads, heads, sent_lexicon, pure=False) for part in range(threads)]
    tables += [future.result() for future in keyed]
    del first_round, keyed, heads
    if sent_lexicon is not None:
        sent_lexicon.release()
    minted = mint_parts(tables)
    members = Members(tuple(files), tuple(tuple(iris) for iris in minted.iris[: people + 1]))
    del tables
    give_back()  # the parts' messages, decoded and dropped (kg.heap)
    return EntityTable(minted.entities, {}, minted.keyed_iri, minted.linked), members
