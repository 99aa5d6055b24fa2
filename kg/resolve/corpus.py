"""Corpus-level entity resolution: local entities of many articles -> one node each.

Lexicon entities are identified by their lexicon id. People are grouped by
the transliteration key of their surname, with compatible given names; a
lone surname joins the one full name that fits it; a surname one letter off
a known one joins it only when both carry the same title (a typo is the
likely story then, a different person otherwise). Unnamed minerals deals
merge when their parties overlap. Facts are then rewritten onto the merged
nodes, checked against the ontology's domains and ranges, and deduplicated.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.graph.iri import entity_iri
from kg.graph.ontology import SYMMETRIC, check_relation
from kg.lexicon.names import compatible_given, given_names, name_tokens, one_edit_apart, person_key, surname
from kg.lexicon.tables import KnownPerson, Lexicon, full_name_key, load_lexicon, normalise
from kg.types import Assertion, DocumentAnalysis, Entity, Evidence, LocalEntity

LocalRef = tuple[str, str]  # (doc_id, local_id)
#: Guessed affiliations, best first; resolution keeps one per person, and none when the text states one.
FALLBACK_RULES = ("linked-office", "title-of-leader", "title-default-state", "title-sentence-state", "title-article-state", "title-sentence-after")
HEAD_OF_STATE = ("president", "prime minister", "chancellor", "premier", "king", "queen", "emir", "sultan")
TITLE_STOP = {"the", "of", "and", "for", "former", "then", "acting", "deputy", "vice", "first"}


@dataclass
class Cluster:
    kind: str
    members: list[tuple[str, LocalEntity]] = field(default_factory=list)
    key: str | None = None

    def forms(self) -> Counter[str]:
        return Counter(f for _, e in self.members for f in e.forms)


@dataclass(frozen=True)
class Resolution:
    entities: tuple[Entity, ...]
    assertions: tuple[Assertion, ...]
    article_mentions: dict[str, tuple[str, ...]]  # doc_id -> entity IRIs


def _title_words(entity: LocalEntity) -> set[str]:
    return {w for t in entity.titles for w in normalise(t).split() if w not in TITLE_STOP}


def _person_clusters(people: list[tuple[str, LocalEntity]]) -> list[Cluster]:
    """Group people by surname key (indexed, so the pass is linear in the corpus)."""
    full = [(d, e) for d, e in people if len(name_tokens(e.name)) >= 2]
    lone = [(d, e) for d, e in people if len(name_tokens(e.name)) < 2]
    clusters: list[Cluster] = []
    by_key: dict[str, list[Cluster]] = defaultdict(list)
    for doc_id, entity in sorted(full, key=lambda item: (-len(item[1].name), item[1].name, item[0])):
        key = person_key(entity.name)
        for cluster in by_key[key]:
            if compatible_given(given_names(entity.name), given_names(cluster.members[0][1].name)):
                cluster.members.append((doc_id, entity))
                break
        else:
            cluster = Cluster("Person", [(doc_id, entity)])
            clusters.append(cluster)
            by_key[key].append(cluster)
    for doc_id, entity in sorted(lone, key=lambda item: (item[1].name, item[0])):
        key = person_key(entity.name)
        fits = by_key[key]
        if len(fits) == 1:
            fits[0].members.append((doc_id, entity))
        else:
            cluster = Cluster("Person", [(doc_id, entity)])
            clusters.append(cluster)
            by_key[key].append(cluster)
    # one-letter typos, only with a shared title as support
    merged: list[Cluster] = []
    merged_keys: dict[int, tuple[str, set[str]]] = {}
    for cluster in clusters:
        key = person_key(cluster.members[0][1].name)
        words = set().union(*(_title_words(e) for _, e in cluster.members))
        target = None
        if len(key) >= 5 and words:
            for candidate in merged:
                target_key, target_words = merged_keys[id(candidate)]
                if (
                    one_edit_apart(key, target_key)
                    and words & target_words
                    and compatible_given(given_names(cluster.members[0][1].name), given_names(candidate.members[0][1].name))
                ):
                    target = candidate
                    break
        if target is not None:
            target.members.extend(cluster.members)
            target_key, target_words = merged_keys[id(target)]
            merged_keys[id(target)] = (target_key, target_words | words)
        else:
            merged.append(cluster)
            merged_keys[id(cluster)] = (key, words)
    return merged


def _link_person(cluster: Cluster, lexicon: Lexicon, context_states: set[str]) -> KnownPerson | None:
    """The gazetteer person a cluster is, if the evidence is good enough.

    A full name (or a known variant of it) links directly. A lone surname
    links only when one gazetteer person has it and the text supports it:
    a title matching one of their offices, or, with no title given, a
    mention of the state or body they served.
    """
    forms = cluster.forms()
    for form in sorted(forms, key=lambda f: (-len(name_tokens(f)), f)):
        if len(name_tokens(form)) >= 2:
            hits = lexicon.people_by_name.get(full_name_key(form), ())
            if len(hits) == 1:
                return hits[0]
    if any(len(name_tokens(f)) >= 2 for f in forms):
        return None
    candidates = lexicon.people_by_surname.get(person_key(next(iter(forms))), ()) if forms else ()
    if len(candidates) != 1:
        return None
    person = candidates[0]
    titles = {normalise(t) for _, e in cluster.members for t in e.titles}
    offices = {normalise(p.title) for p in person.positions}
    if titles:
        return person if any(o in t or t in o for t in titles for o in offices) else None
    return person if {p.of for p in person.positions} & context_states else None


def _person_label(cluster: Cluster) -> str:
    """The fullest name, in the most frequent spelling of the surname."""
    forms = cluster.forms()
    surnames: Counter[str] = Counter()
    for form, count in forms.items():
        surnames[surname(form)] += count
    best_surname = max(surnames, key=lambda s: (surnames[s], s))
    longest = max(len(name_tokens(f)) for f in forms)
    candidates = [f for f in forms if len(name_tokens(f)) == longest]
    # on a tie, the shorter spelling ("Yulia" over "Yuliia") is the commoner English one
    return max(candidates, key=lambda f: (surname(f) == best_surname, forms[f], -len(f), f))


def _agreement_clusters(agreements: list[tuple[str, LocalEntity]], doc_keys: dict[str, set[str]]) -> list[Cluster]:
    """Named deals by name; unnamed deals by their parties.

    Deals with the same parties are one deal. A deal whose parties are a
    subset of exactly one other deal's joins it ("the U.S. proposal" of an
    article that names only one side); a deal with no known party joins the
    only unnamed deal of the corpus, if there is exactly one and its article
    names that deal's sides.
    """
    named: dict[str, Cluster] = {}
    by_parties: dict[frozenset[str], Cluster] = {}
    for doc_id, entity in sorted(agreements, key=lambda item: (item[0], item[1].local_id)):
        if entity.named:
            named.setdefault(normalise(entity.name), Cluster("Agreement")).members.append((doc_id, entity))
        elif len(entity.parties) == 1:
            # one known side is no identity: "a U.S. deal" in two articles may be two deals
            by_parties.setdefault(frozenset((*entity.parties, f"article:{doc_id}")), Cluster("Agreement")).members.append((doc_id, entity))
        else:
            by_parties.setdefault(frozenset(entity.parties), Cluster("Agreement")).members.append((doc_id, entity))
    for parties in sorted(by_parties, key=lambda p: (len(p), sorted(p))):
        if not parties or parties not in by_parties:
            continue
        sides = frozenset(p for p in parties if not p.startswith("article:"))
        supersets = [other for other in by_parties if other != parties and sides < other and not any(p.startswith("article:") for p in other)]
        maximal = [s for s in supersets if not any(s < t for t in supersets)]
        if len(maximal) == 1:
            by_parties[maximal[0]].members.extend(by_parties.pop(parties).members)
    orphans = by_parties.pop(frozenset(), None)
    clusters = [by_parties[p] for p in sorted(by_parties, key=sorted)]
    if orphans is not None:
        known = {p.partition(":")[2] for _, e in clusters[0].members for p in e.parties} if len(clusters) == 1 else set()
        stray = Cluster("Agreement")
        for doc_id, entity in orphans.members:
            if known and known <= doc_keys.get(doc_id, set()):
                clusters[0].members.append((doc_id, entity))
            else:
                stray.members.append((doc_id, entity))
        if stray.members:
            clusters.append(stray)
    return list(named.values()) + clusters


def resolve(analyses: Iterable[DocumentAnalysis], lexicon: Lexicon | None = None) -> Resolution:
    """Merge the local entities of every analysis and rewrite their facts."""
    lexicon = lexicon or load_lexicon()
    analyses = sorted(analyses, key=lambda a: a.document.doc_id)
    by_kind: dict[str, list[tuple[str, LocalEntity]]] = defaultdict(list)
    for analysis in analyses:
        for entity in analysis.entities:
            by_kind[entity.kind].append((analysis.document.doc_id, entity))

    person_clusters = _person_clusters(by_kind["Person"])
    person_keys = {person_key(c.members[0][1].name) for c in person_clusters}
    # a lone capitalised word tagged ORG is a person when a person of that name exists
    organizations: list[tuple[str, LocalEntity]] = []
    for doc_id, entity in by_kind["Organization"]:
        if entity.key is None and len(name_tokens(entity.name)) == 1 and person_key(entity.name) in person_keys:
            for cluster in person_clusters:
                if person_key(cluster.members[0][1].name) == person_key(entity.name):
                    cluster.members.append((doc_id, entity))
                    break
        elif entity.key is None and _maybe_person_only(entity):
            continue
        else:
            organizations.append((doc_id, entity))

    clusters: list[Cluster] = list(person_clusters)
    keyed: dict[tuple[str, str], Cluster] = {}
    for kind in ("State", "Mineral", "Place"):
        for doc_id, entity in by_kind[kind]:
            cluster_key = entity.key or entity.local_id if kind != "Place" else entity.local_id
            keyed.setdefault((kind, cluster_key), Cluster(kind, key=entity.key)).members.append((doc_id, entity))
    for doc_id, entity in organizations:
        keyed.setdefault(("Organization", entity.key or entity.local_id), Cluster("Organization", key=entity.key)).members.append((doc_id, entity))
    clusters += [keyed[k] for k in sorted(keyed)]
    doc_keys = {a.document.doc_id: {e.key for e in a.entities if e.key} for a in analyses}
    clusters += _agreement_clusters(by_kind["Agreement"], doc_keys)

    entities, local_to_iri, linked = _entities(clusters, lexicon, doc_keys)
    return Resolution(
        entities=tuple(sorted(entities.values(), key=lambda e: e.iri)),
        assertions=_assertions(analyses, local_to_iri, entities, linked, lexicon),
        article_mentions=_article_mentions(analyses, local_to_iri),
    )


def _maybe_person_only(entity: LocalEntity) -> bool:
    """Unknown one-word ORG mentions kept only as possible people: drop when no person fits."""
    return len(name_tokens(entity.name)) == 1 and not entity.name.isupper()


def _label(cluster: Cluster, lexicon: Lexicon) -> str:
    entry = lexicon.get(cluster.key)
    if cluster.kind == "Person":
        return _person_label(cluster)
    if cluster.kind == "Place" and entry is not None:
        return entry.capitals[0] if entry.capitals else entry.label
    if entry is not None:
        return entry.label
    if cluster.kind == "Agreement":
        return _agreement_label(cluster, lexicon)
    forms = cluster.forms()
    label = max(forms, key=lambda f: (forms[f], len(f), f))
    if cluster.kind == "Place":
        words = label.split()
        if len(words) > 1 and words[-1].lower() in ("region", "regions", "oblast", "province", "district"):
            label = " ".join(words[:-1])
    return label


def _agreement_label(cluster: Cluster, lexicon: Lexicon) -> str:
    named = [e.name for _, e in cluster.members if e.named]
    if named:
        counts = Counter(named)
        return max(counts, key=lambda n: (counts[n], len(n), n))
    parties = sorted({p for _, e in cluster.members for p in e.parties})
    labels = []
    for party in parties:
        key = party.partition(":")[2]
        entry = lexicon.get(key)
        labels.append(entry.label if entry else key)
    topic = "minerals " if any(e.topic == "minerals" for _, e in cluster.members) else ""
    return ("–".join(sorted(labels)) + " " if labels else "") + f"{topic}agreement"


def _entities(
    clusters: list[Cluster], lexicon: Lexicon, doc_keys: dict[str, set[str]]
) -> tuple[dict[str, Entity], dict[tuple[str, str], str], dict[str, KnownPerson]]:
    entities: dict[str, Entity] = {}
    local_to_iri: dict[tuple[str, str], str] = {}
    linked: dict[str, KnownPerson] = {}
    for cluster in clusters:
        label = _label(cluster, lexicon)
        entry = lexicon.get(cluster.key)
        person = None
        if cluster.kind == "Person":
            context = set().union(*(doc_keys.get(d, set()) for d, _ in cluster.members))
            person = _link_person(cluster, lexicon, context)
            if person is not None and len(name_tokens(label)) < 2:
                label = person.label
        iri_name = cluster.key if (cluster.key and entry is not None and cluster.kind != "Place") else label
        if cluster.kind == "Place" and entry is not None:
            iri_name = f"{label}"
        iri = entity_iri(cluster.kind, iri_name)
        suffix = 2
        while iri in entities:
            iri = entity_iri(cluster.kind, f"{iri_name} {suffix}")
            suffix += 1
        forms = cluster.forms()
        aliases = tuple(sorted({f for f in forms if (f != label and normalise(f) != normalise(label)) or (f != label and cluster.kind == "Person")}))
        if cluster.kind == "Agreement":
            aliases = tuple(sorted({e.name for _, e in cluster.members if e.named and e.name != label}))
        entities[iri] = Entity(
            iri=iri,
            kind=cluster.kind,
            label=label,
            aliases=aliases,
            wikidata=(person.wikidata if person else None) or (entry.wikidata if entry is not None and cluster.kind != "Place" else None),
            articles=tuple(sorted({d for d, _ in cluster.members})),
        )
        if person is not None:
            linked[iri] = person
        for doc_id, entity in cluster.members:
            local_to_iri[(doc_id, entity.local_id)] = iri
    return entities, local_to_iri, linked


def _assertions(
    analyses: list[DocumentAnalysis],
    local_to_iri: dict[tuple[str, str], str],
    entities: dict[str, Entity],
    linked: dict[str, KnownPerson],
    lexicon: Lexicon,
) -> tuple[Assertion, ...]:
    found: dict[tuple[str, str, str, str, int], Assertion] = {}
    for analysis in analyses:
        doc_id = analysis.document.doc_id
        for fact in analysis.facts:
            subject = local_to_iri.get((doc_id, fact.subject))
            if subject is None:
                continue
            if fact.literal:
                obj, datatype = fact.object, ("date" if fact.predicate == "signedOn" else None)
            else:
                obj_iri = local_to_iri.get((doc_id, fact.object))
                if obj_iri is None or obj_iri == subject:
                    continue
                if not check_relation(fact.predicate, entities[subject].kind, entities[obj_iri].kind):
                    continue
                obj, datatype = obj_iri, None
                if fact.predicate in SYMMETRIC and obj < subject:
                    subject, obj = obj, subject
            assertion = Assertion(subject, fact.predicate, obj, fact.evidence, literal=fact.literal, datatype=datatype)
            key = (subject, fact.predicate, obj, doc_id, fact.evidence.start)
            kept = found.get(key)
            if kept is None or (assertion.evidence.confidence, assertion.evidence.rule) > (kept.evidence.confidence, kept.evidence.rule):
                found[key] = assertion
    assertions = list(found.values())
    assertions += _linked_offices(assertions, linked, entities, lexicon)
    assertions = _drop_weak_affiliations(assertions)
    assertions = _one_signing_date(assertions)
    assertions = _one_position_spelling(assertions)
    best: dict[tuple[str, str, str, str, int], Assertion] = {}
    for a in assertions:  # one evidence node per (fact, sentence): keep its strongest reading
        key = (a.subject, a.predicate, a.object, a.evidence.doc_id, a.evidence.start)
        if key not in best or (a.evidence.confidence, a.evidence.rule) > (best[key].evidence.confidence, best[key].evidence.rule):
            best[key] = a
    assertions = list(best.values())
    return tuple(sorted(assertions, key=lambda a: (a.subject, a.predicate, a.object, a.evidence.doc_id, a.evidence.start)))


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
            if target and (office == title or office.endswith(title) or title.endswith(office)):
                extra.append(Assertion(a.subject, "represents", target, Evidence(a.evidence.doc_id, a.evidence.start, a.evidence.end, a.evidence.text, 0.7, "linked-office")))
                break
    return extra


def _heads(positions: set[str]) -> set[str]:
    return {h for p in positions for h in HEAD_OF_STATE if h in p.lower() and "vice" not in p.lower() and "deputy" not in p.lower()}


def _drop_weak_affiliations(assertions: list[Assertion]) -> list[Assertion]:
    """Keep one guessed affiliation per person, and none when the text states one.

    A guess is blocked when it would give a state a second head of state or
    government: "President Biden" in an article about Ukraine is not
    Ukraine's president when the corpus says Zelenskyy is.
    """
    stated: dict[str, set[str]] = defaultdict(set)
    positions: dict[str, set[str]] = defaultdict(set)
    for a in assertions:
        if a.predicate == "represents" and a.evidence.rule not in FALLBACK_RULES:
            stated[a.subject].add(a.object)
        if a.predicate == "holdsPosition":
            positions[a.subject].add(a.object)
    taken = {(head, state): person for person, states in stated.items() for state in states for head in _heads(positions[person])}
    chosen: dict[str, str] = {}
    guesses = [a for a in assertions if a.predicate == "represents" and a.evidence.rule in FALLBACK_RULES]
    for a in sorted(guesses, key=lambda a: (FALLBACK_RULES.index(a.evidence.rule), -a.evidence.confidence, a.evidence.doc_id, a.evidence.start)):
        if a.subject in stated or a.subject in chosen:
            continue
        if any(taken.get((head, a.object), a.subject) != a.subject for head in _heads(positions[a.subject])):
            continue
        chosen[a.subject] = a.object
    return [
        a
        for a in assertions
        if not (a.predicate == "represents" and a.evidence.rule in FALLBACK_RULES and chosen.get(a.subject) != a.object)
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


def _article_mentions(analyses: list[DocumentAnalysis], local_to_iri: dict[tuple[str, str], str]) -> dict[str, tuple[str, ...]]:
    result = {}
    for analysis in analyses:
        doc_id = analysis.document.doc_id
        iris = {local_to_iri[(doc_id, e.local_id)] for e in analysis.entities if (doc_id, e.local_id) in local_to_iri}
        result[doc_id] = tuple(sorted(iris))
    return result
