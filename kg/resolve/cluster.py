"""A cluster: the local entities of many articles that resolution decides are one real thing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kg.types import LocalEntity

LocalRef = tuple[str, str]  # (doc_id, local_id)


@dataclass
class Cluster:
    """One entity-to-be: its members, or (a keyed cluster) only what its entity is made of.

    Why two ways: people and deals are told apart by comparing members, so
    theirs are kept; a state, mineral, place or body is one cluster per key
    whatever its members say, and its entity needs only their forms and
    articles. Keeping those as counts (``tally``, ``tally_docs``) instead of
    every article's local entity is what lets resolution run at 100,000
    articles in bounded memory (issue 13); every article's link to a keyed
    cluster is found again from the key when its facts are rewritten.
    """

    kind: str
    members: list[tuple[str, LocalEntity]] = field(default_factory=list)
    key: str | None = None
    # keyed clusters only (None for the others: an empty Counter and set per person cost 100 MB at 100,000 articles)
    tally: Counter[str] | None = None  # the forms of their members, counted as read
    tally_docs: set[str] | None = None  # the articles of their members

    def add(self, doc_id: str, entity: LocalEntity) -> None:
        """Count ``entity`` in (a keyed cluster) without keeping it."""
        if self.tally is None or self.tally_docs is None:
            self.tally, self.tally_docs = Counter(), set()
        self.tally.update(entity.forms)
        self.tally_docs.add(doc_id)

    def forms(self) -> Counter[str]:
        counted = Counter(f for _, e in self.members for f in e.forms)
        if self.tally:
            counted.update(self.tally)
        return counted

    def articles(self) -> tuple[str, ...]:
        """The doc_ids of its members, sorted."""
        return tuple(sorted({d for d, _ in self.members} | (self.tally_docs or set())))
