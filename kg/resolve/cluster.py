"""A cluster: the local entities of many articles that resolution decides are one real thing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kg.types import LocalEntity

LocalRef = tuple[str, str]  # (doc_id, local_id)


@dataclass
class Cluster:
    kind: str
    members: list[tuple[str, LocalEntity]] = field(default_factory=list)
    key: str | None = None

    def forms(self) -> Counter[str]:
        return Counter(f for _, e in self.members for f in e.forms)
