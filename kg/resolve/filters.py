"""The corpus-wide choices among assertions, settled from per-entity summaries: one guessed affiliation per person,
one signing date per deal, one spelling per position; then each article's assertions are filtered by them.

Why summaries: each choice needs the whole corpus, but only a little of each
assertion (a person's stated affiliations and head-of-state titles, the
guesses with their rank, a deal's dates, a position's spellings), so
resolution reads every article's assertions once to fill a
:class:`FilterTally`, settles it, and filters each article's assertions
again on their own (:func:`filtered`) without ever holding them all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.lexicon.tables import normalise
from kg.nlp.context import REFERENCE_SUFFIX
from kg.types import Assertion, Entity

#: Guessed affiliations, best first; resolution keeps one per person, and none when the text states one.
FALLBACK_RULES = (
    "linked-office",
    "title-of-leader",
    "title-default-state",
    "co-signer-state",
    "title-union-body",
    "title-our-state",
    "counterpart-state",
    "title-sentence-org",
    "title-article-org",
    "title-sentence-state",
    "title-sentence-institution",
    "title-article-state",
    "title-sentence-after",
)
#: A body read off a title's portfolio: stated, but the person's state may still be guessed.
PORTFOLIO_RULE = "title-portfolio-body"
HEAD_OF_STATE = ("president", "prime minister", "chancellor", "premier", "king", "queen", "emir", "sultan")


def _guess(rule: str) -> int | None:
    """Rank of a guessed-affiliation rule in ``FALLBACK_RULES`` (also through a resolved reference), None for a stated one."""
    base = rule.removesuffix(REFERENCE_SUFFIX)
    return FALLBACK_RULES.index(base) if base in FALLBACK_RULES else None


def _heads(positions: Iterable[str]) -> set[str]:
    return {h for p in positions for h in HEAD_OF_STATE if h in p.lower() and "vice" not in p.lower() and "deputy" not in p.lower()}


@dataclass(frozen=True)
class Settled:
    """The corpus-wide choices: the one guessed affiliation kept per person, the date per deal, the spelling per position."""

    chosen: dict[str, str]
    dates: dict[str, str]
    spellings: dict[tuple[str, str], str]


class FilterTally:
    """What the choices need from every assertion, gathered article by article (assertions in corpus order).

    A guess is ordered by its rank, confidence, article and sentence, then by
    where it came in the corpus's list of assertions (every article's own,
    then every gazetteer office): that is the order the choice reads them in.
    """

    def __init__(self, entities: dict[str, Entity]) -> None:
        self._kinds = {iri: e.kind for iri, e in entities.items()}
        self._stated: dict[str, set[str]] = defaultdict(set)
        self._blocking: dict[str, set[str]] = defaultdict(set)  # kinds of entity no guess may add
        self._heads: dict[str, set[str]] = defaultdict(set)  # head-of-state offices a person's positions name
        self._guesses: list[tuple[int, float, str, int, int, int, str, str]] = []
        self._dates: dict[str, Counter[str]] = defaultdict(Counter)
        self._spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)

    def add(self, own: Iterable[Assertion], offices: Iterable[Assertion]) -> None:
        """One article's assertions: its own (from its facts) and the gazetteer's offices for them."""
        for phase, assertions in enumerate((own, offices)):
            for a in assertions:
                if a.predicate == "represents":
                    rank = _guess(a.evidence.rule)
                    if rank is None:
                        self._stated[a.subject].add(a.object)
                        kind = self._kinds.get(a.object, "")
                        self._blocking[a.subject] |= {kind} if a.evidence.rule == PORTFOLIO_RULE else {"State", "Organization"}
                    else:
                        e = a.evidence
                        self._guesses.append((rank, -e.confidence, e.doc_id, e.start, phase, len(self._guesses), a.subject, a.object))
                elif a.predicate == "holdsPosition":
                    heads = _heads((a.object,))
                    if heads:
                        self._heads[a.subject] |= heads
                    self._spellings[(a.subject, normalise(a.object))][a.object] += 1
                elif a.predicate == "signedOn":
                    self._dates[a.subject][a.object] += 1

    def merge(self, later: FilterTally) -> None:
        """Add the tally of the articles that come after this one's (a range resolved elsewhere, :mod:`kg.engine.dask_resolve`).

        The result is the tally one pass over both ranges makes: sets are
        joined, counts added, and each guess keeps its place in the corpus's
        order (its position is shifted past this tally's guesses); new people
        come after the known ones, as they would have come.
        """
        for mine, theirs in ((self._stated, later._stated), (self._blocking, later._blocking), (self._heads, later._heads)):
            for subject, values in theirs.items():
                mine[subject] |= values
        shift = len(self._guesses)
        self._guesses += [(*g[:5], g[5] + shift, *g[6:]) for g in later._guesses]  # type: ignore[misc]
        for counts, more in ((self._dates, later._dates), (self._spellings, later._spellings)):
            for key, counter in more.items():  # type: ignore[attr-defined]
                counts[key].update(counter)  # type: ignore[index]

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the kinds of every entity: a worker's tally goes back to a client that has them."""
        return {name: value for name, value in vars(self).items() if name != "_kinds"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state, _kinds={})

    def settle(self) -> Settled:
        """Keep one guessed affiliation per person, and none when the text states one.

        A body read off a portfolio ("Minister of Mines" and "the Ministry of
        Mines") leaves room for a guessed state; any other stated affiliation
        leaves room for no guess at all. A guess is blocked when it would give
        a state a second head of state or government: "President Biden" in an
        article about Ukraine is not Ukraine's president when the corpus says
        Zelenskyy is. An agreement is signed once: the date most evidence
        gives. "Treasury Secretary" and "Treasury secretary" are one
        position: the commoner spelling.
        """
        heads = self._heads
        taken = {(head, state): person for person, states in self._stated.items() for state in states for head in heads.get(person, ())}
        chosen: dict[str, str] = {}
        for *_, subject, obj in sorted(self._guesses):
            if self._kinds.get(obj, "") in self._blocking.get(subject, ()) or subject in chosen:
                continue
            if any(taken.get((head, obj), subject) != subject for head in heads.get(subject, ())):
                continue
            chosen[subject] = obj
        dates = {s: max(c, key=lambda d: (c[d], d)) for s, c in self._dates.items()}
        spellings = {k: max(c, key=lambda s: (c[s], s)) for k, c in self._spellings.items()}
        return Settled(chosen, dates, spellings)


def filtered(assertions: Iterable[Assertion], settled: Settled) -> list[Assertion]:
    """One article's assertions (its own, then the offices') after the choices, one per (fact, sentence), sorted."""
    kept: dict[tuple[str, str, str, str, int], Assertion] = {}
    for a in assertions:
        if a.predicate == "represents" and _guess(a.evidence.rule) is not None and settled.chosen.get(a.subject) != a.object:
            continue
        if a.predicate == "signedOn" and a.object != settled.dates[a.subject]:
            continue
        if a.predicate == "holdsPosition":
            a = Assertion(a.subject, a.predicate, settled.spellings[(a.subject, normalise(a.object))], a.evidence, literal=True)
        key = (a.subject, a.predicate, a.object, a.evidence.doc_id, a.evidence.start)
        best = kept.get(key)
        # one evidence node per (fact, sentence): keep its strongest reading
        if best is None or (a.evidence.confidence, a.evidence.rule) > (best.evidence.confidence, best.evidence.rule):
            kept[key] = a
    return [kept[key] for key in sorted(kept)]
