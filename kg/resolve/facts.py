"""Local facts -> Assertions on the merged nodes: ontology-checked, deduplicated, guessed affiliations and dates settled."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from sys import intern

from kg.extract.signing_dates import xsd_datatype
from kg.lexicon.tables import KnownPerson, Lexicon, normalise
from kg.nlp.context import REFERENCE_SUFFIX
from kg.ontology import SYMMETRIC, check_relation
from kg.types import Assertion, Entity, Evidence, LocalFact

#: Guessed affiliations, best first; resolution keeps one per person, and none when the text states one.
FALLBACK_RULES = (
    "linked-office",
    "title-of-leader",
    "title-default-state",
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


def make_assertions(
    fact_rows: Iterable[tuple[str, tuple[LocalFact, ...]]],
    local_to_iri: dict[tuple[str, str], str],
    entities: dict[str, Entity],
    linked: dict[str, KnownPerson],
    lexicon: Lexicon,
) -> tuple[Assertion, ...]:
    found: dict[tuple[str, str, str, str, int], Assertion] = {}
    for doc_id, facts in fact_rows:
        for fact in facts:
            subject = local_to_iri.get((doc_id, fact.subject))
            if subject is None:
                continue
            if fact.literal:
                obj, datatype = fact.object, (xsd_datatype(fact.object) if fact.predicate == "signedOn" else None)
            else:
                obj_iri = local_to_iri.get((doc_id, fact.object))
                if obj_iri is None or obj_iri == subject:
                    continue
                if not check_relation(fact.predicate, entities[subject].kind, entities[obj_iri].kind):
                    continue
                obj, datatype = obj_iri, None
                if fact.predicate in SYMMETRIC and obj < subject:
                    subject, obj = obj, subject
            key = (subject, fact.predicate, obj, doc_id, fact.evidence.start)
            kept = found.get(key)
            if kept is None or (fact.evidence.confidence, fact.evidence.rule) > (kept.evidence.confidence, kept.evidence.rule):
                found[key] = Assertion(intern(subject), intern(fact.predicate), intern(obj), _interned(fact.evidence), literal=fact.literal, datatype=datatype)
    assertions = list(found.values())
    assertions += _linked_offices(assertions, linked, entities, lexicon)
    assertions = _drop_weak_affiliations(assertions, entities)
    assertions = _one_signing_date(assertions)
    assertions = _one_position_spelling(assertions)
    best: dict[tuple[str, str, str, str, int], Assertion] = {}
    for a in assertions:  # one evidence node per (fact, sentence): keep its strongest reading
        key = (a.subject, a.predicate, a.object, a.evidence.doc_id, a.evidence.start)
        if key not in best or (a.evidence.confidence, a.evidence.rule) > (best[key].evidence.confidence, best[key].evidence.rule):
            best[key] = a
    assertions = list(best.values())
    return tuple(sorted(assertions, key=lambda a: (a.subject, a.predicate, a.object, a.evidence.doc_id, a.evidence.start)))


def _interned(evidence: Evidence) -> Evidence:
    """``evidence`` with its strings interned: one object per article id, sentence and rule name, however many facts share them.

    Why: every fact read back from the analysis store brings fresh copies
    (JSON decoding), and the assertions are held until the exports are
    written; at 10,000 articles the copies were most of resolution's memory.
    """
    return Evidence(intern(evidence.doc_id), evidence.start, evidence.end, intern(evidence.text), evidence.confidence, intern(evidence.rule))


def _linked_offices(assertions: list[Assertion], linked: dict[str, KnownPerson], entities: dict[str, Entity], lexicon: Lexicon) -> list[Assertion]:
    """ "President Biden": the gazetteer knows which state that presidency is of.

    The evidence is the sentence that gives the title; the rule name says the
    state came from the gazetteer, and a state the text names still wins.
    """
    key_of_label = {(entry.kind, entry.label): key for key, entry in lexicon.entries.items()}
    iri_of_key = {key_of_label[(e.kind, e.label)]: e.iri for e in entities.values() if (e.kind, e.label) in key_of_label}
    extra = []
    for a in assertions:
        person = linked.get(a.subject)
        if a.predicate != "holdsPosition" or person is None:
            continue
        title = normalise(a.object).replace("former ", "")
        for position in person.positions:
            office = normalise(position.title)
            target = iri_of_key.get(position.of)
            # "President" of "President of the European Commission": the bare office word
            if target and (office == title or office.endswith(title) or title.endswith(office) or office.startswith(f"{title} of ")):
                extra.append(Assertion(a.subject, "represents", target, Evidence(a.evidence.doc_id, a.evidence.start, a.evidence.end, a.evidence.text, 0.7, "linked-office")))
                break
    return extra


def _guess(rule: str) -> int | None:
    """Rank of a guessed-affiliation rule in ``FALLBACK_RULES`` (also through a resolved reference), None for a stated one."""
    base = rule.removesuffix(REFERENCE_SUFFIX)
    return FALLBACK_RULES.index(base) if base in FALLBACK_RULES else None


def _heads(positions: set[str]) -> set[str]:
    return {h for p in positions for h in HEAD_OF_STATE if h in p.lower() and "vice" not in p.lower() and "deputy" not in p.lower()}


def _drop_weak_affiliations(assertions: list[Assertion], entities: dict[str, Entity]) -> list[Assertion]:
    """Keep one guessed affiliation per person, and none when the text states one.

    A body read off a portfolio ("Minister of Mines" and "the Ministry of
    Mines") leaves room for a guessed state; any other stated affiliation
    leaves room for no guess at all. A guess is
    blocked when it would give a state a second head of state or
    government: "President Biden" in an article about Ukraine is not
    Ukraine's president when the corpus says Zelenskyy is.
    """
    stated: dict[str, set[str]] = defaultdict(set)
    blocking: dict[str, set[str]] = defaultdict(set)  # kinds of entity no guess may add
    positions: dict[str, set[str]] = defaultdict(set)
    for a in assertions:
        if a.predicate == "represents" and _guess(a.evidence.rule) is None:
            stated[a.subject].add(a.object)
            kind = entities[a.object].kind if a.object in entities else ""
            blocking[a.subject] |= {kind} if a.evidence.rule == PORTFOLIO_RULE else {"State", "Organization"}
        if a.predicate == "holdsPosition":
            positions[a.subject].add(a.object)
    taken = {(head, state): person for person, states in stated.items() for state in states for head in _heads(positions[person])}
    chosen: dict[str, str] = {}
    guesses = [a for a in assertions if a.predicate == "represents" and _guess(a.evidence.rule) is not None]
    for a in sorted(guesses, key=lambda a: (_guess(a.evidence.rule), -a.evidence.confidence, a.evidence.doc_id, a.evidence.start)):
        kind = entities[a.object].kind if a.object in entities else ""
        if kind in blocking[a.subject] or a.subject in chosen:
            continue
        if any(taken.get((head, a.object), a.subject) != a.subject for head in _heads(positions[a.subject])):
            continue
        chosen[a.subject] = a.object
    return [
        a
        for a in assertions
        if not (a.predicate == "represents" and _guess(a.evidence.rule) is not None and chosen.get(a.subject) != a.object)
    ]


def _one_signing_date(assertions: list[Assertion]) -> list[Assertion]:
    """An agreement is signed once: keep the date most evidence gives."""
    dates: dict[str, Counter[str]] = defaultdict(Counter)
    for a in assertions:
        if a.predicate == "signedOn":
            dates[a.subject][a.object] += 1
    best = {s: max(c, key=lambda d: (c[d], d)) for s, c in dates.items()}
    return [a for a in assertions if a.predicate != "signedOn" or a.object == best[a.subject]]


def _one_position_spelling(assertions: list[Assertion]) -> list[Assertion]:
    """ "Treasury Secretary" and "Treasury secretary" are one position: keep the commoner spelling."""
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for a in assertions:
        if a.predicate == "holdsPosition":
            spellings[(a.subject, normalise(a.object))][a.object] += 1
    best = {k: max(c, key=lambda s: (c[s], s)) for k, c in spellings.items()}
    result = []
    for a in assertions:
        if a.predicate == "holdsPosition":
            a = Assertion(a.subject, a.predicate, best[(a.subject, normalise(a.object))], a.evidence, literal=True)
        result.append(a)
    return result


def article_mentions(local_ids: dict[str, tuple[str, ...]], local_to_iri: dict[tuple[str, str], str]) -> dict[str, tuple[str, ...]]:
    """doc_id -> the IRIs of the entities the article mentions (its local entities that resolved), sorted."""
    result = {}
    for doc_id, ids in local_ids.items():
        iris = {local_to_iri[(doc_id, local_id)] for local_id in ids if (doc_id, local_id) in local_to_iri}
        result[doc_id] = tuple(sorted(iris))
    return result
