"""Clusters -> Entities: canonical label, aliases, Wikidata link and a deterministic IRI for each."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from kg.iri import entity_iri
from kg.lexicon.names import name_tokens
from kg.lexicon.tables import KnownPerson, Lexicon, normalise
from kg.nlp.kinds import without_short_forms
from kg.resolve.agreements import agreement_aliases, agreement_label
from kg.resolve.cluster import Cluster
from kg.resolve.people import link_person, person_label
from kg.types import Entity, LocalEntity


def maybe_person_only(entity: LocalEntity) -> bool:
    """Unknown one-word ORG mentions kept only as possible people: drop when no person fits."""
    return len(name_tokens(entity.name)) == 1 and not entity.name.isupper()


#: Words after a place name that say what kind of area it is, left out of its label.
ADMINISTRATIVE_WORDS = frozenset({"region", "regions", "oblast", "province", "district", "department", "county", "prefecture", "governorate"})
#: Words that name an area only together with its administrative word ("Northern Province", "Central Region").
COMPASS_WORDS = frozenset({"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west", "north-western", "north-eastern", "south-western", "south-eastern", "northwestern", "northeastern", "southwestern", "southeastern", "upper", "lower", "coast", "coastal"})


def capital_label(capitals: tuple[str, ...], forms: dict[str, int]) -> str:
    """The seat a text names: the first capital, unless the text names another city of the list.

    A state's capitals list both spellings of one city (Kyiv, Kiev) and the
    other seats of government (Dar es Salaam beside Dodoma, La Paz beside
    Sucre); talks held in Dar es Salaam were not held in Dodoma.
    """
    from difflib import SequenceMatcher

    primary = normalise(capitals[0]).replace(" ", "")
    for form in sorted(forms, key=lambda f: (-forms[f], f)):
        seat = next((c for c in capitals[1:] if normalise(c) == normalise(form)), None)
        if seat is None:
            continue
        folded = normalise(seat).replace(" ", "")
        same_city = primary in folded or folded in primary or SequenceMatcher(None, primary, folded).ratio() >= 0.65
        return capitals[0] if same_city else seat
    return capitals[0]


def entity_label(cluster: Cluster, lexicon: Lexicon) -> str:
    entry = lexicon.get(cluster.key)
    if cluster.kind == "Person":
        return person_label(cluster)
    if cluster.kind == "Place" and entry is not None:
        return capital_label(entry.capitals, cluster.forms()) if entry.capitals else entry.label
    if entry is not None:
        return entry.label
    if cluster.kind == "Agreement":
        return agreement_label(cluster, lexicon)
    forms: Mapping[str, int] = cluster.forms()
    if cluster.kind == "Organization":
        forms = without_short_forms(forms)  # "Sable Resources SA" labels the company, not "Sable"
    label = max(forms, key=lambda f: (forms[f], len(f), f))
    if cluster.kind == "Place":
        words = label.split()
        if len(words) > 1 and words[-1].lower() in ADMINISTRATIVE_WORDS and not all(w.lower() in COMPASS_WORDS for w in words[:-1]):
            label = " ".join(words[:-1])  # "Oruro Department" is Oruro; "Western Province" is no "Western"
    return label


def make_entities(
    clusters: list[Cluster], lexicon: Lexicon, doc_keys: Mapping[str, AbstractSet[str]]
) -> tuple[dict[str, Entity], list[str], dict[str, KnownPerson]]:
    """The entity of each cluster: the entities by IRI, each cluster's IRI (in ``clusters`` order) and the gazetteer people linked."""
    entities: dict[str, Entity] = {}
    iris: list[str] = []
    linked: dict[str, KnownPerson] = {}
    next_suffix: dict[tuple[str, str], int] = {}
    for cluster in clusters:
        label = entity_label(cluster, lexicon)
        entry = lexicon.get(cluster.key)
        person = None
        if cluster.kind == "Person":
            context: set[str] = set().union(*(doc_keys.get(d, frozenset()) for d, _ in cluster.members))
            person = link_person(cluster, lexicon, context)
            if person is not None and len(name_tokens(label)) < 2:
                label = person.label
        iri_name = cluster.key if (cluster.key and entry is not None and cluster.kind != "Place") else label
        if cluster.kind == "Place" and entry is not None:
            iri_name = f"{label}"
        iri = entity_iri(cluster.kind, iri_name)
        if iri in entities:
            # "Name 2", "Name 3", …: the probe starts where the last one of this name stopped (every suffix below is
            # still taken), not at 2 each time, which was quadratic in the clusters of one name (places, unnamed deals)
            suffix = next_suffix.get((cluster.kind, iri_name), 2)
            iri = entity_iri(cluster.kind, f"{iri_name} {suffix}")
            while iri in entities:
                suffix += 1
                iri = entity_iri(cluster.kind, f"{iri_name} {suffix}")
            next_suffix[(cluster.kind, iri_name)] = suffix + 1
        forms = cluster.forms()
        aliases = tuple(sorted({f for f in forms if (f != label and normalise(f) != normalise(label)) or (f != label and cluster.kind == "Person")}))
        if cluster.kind == "Agreement":
            aliases = agreement_aliases(cluster, lexicon, label)
        entities[iri] = Entity(
            iri=iri,
            kind=cluster.kind,
            label=label,
            aliases=aliases,
            wikidata=(person.wikidata if person else None) or (entry.wikidata if entry is not None and cluster.kind != "Place" else None),
            articles=cluster.articles(),
        )
        if person is not None:
            linked[iri] = person
        iris.append(iri)
    return entities, iris, linked
