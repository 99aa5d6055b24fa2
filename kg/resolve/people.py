"""People across articles: surnames join full names, transliteration variants and title-backed typos merge, gazetteer links."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kg.lexicon.names import compatible_given, given_names, name_tokens, one_edit_apart, person_key, surname
from kg.lexicon.tables import KnownPerson, Lexicon, full_name_key, normalise
from kg.resolve.cluster import Cluster
from kg.types import LocalEntity

TITLE_STOP = {"the", "of", "and", "for", "former", "then", "acting", "deputy", "vice", "first"}


def title_words(entity: LocalEntity) -> set[str]:
    return {w for t in entity.titles for w in normalise(t).split() if w not in TITLE_STOP}


def person_clusters(people: list[tuple[str, LocalEntity]]) -> list[Cluster]:
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
    # keys one edit apart share a key-with-one-letter-deleted (or one is the other): an index, so this pass is not quadratic
    # (by the variant's hash, and a lone place unlisted: 300 MB at 100,000 articles as lists by string; a collision only adds a
    # candidate that the checks below turn down, since a real neighbour shares a variant and is a candidate anyway)
    near: dict[int, int | list[int]] = {}
    for cluster in clusters:
        key = person_key(cluster.members[0][1].name)
        words = set().union(*(title_words(e) for _, e in cluster.members))
        target = None
        if len(key) >= 5 and words:
            places = sorted({place for variant in _deletions(key) for place in _places(near.get(hash(variant)))})
            for candidate in (merged[place] for place in places):
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
            # only a cluster with a title word and a key of four letters or more can ever take another in (one edit from a key of
            # five or more, a shared title word; its words grow only by taking one in): the others stay out of the index (memory)
            if len(key) >= 4 and words:
                for variant in _deletions(key):
                    _index(near, hash(variant), len(merged))
                merged_keys[id(cluster)] = (key, words)
            merged.append(cluster)
    return merged


def _places(found: int | list[int] | None) -> list[int] | tuple[int, ...]:
    return () if found is None else (found,) if isinstance(found, int) else found


def _index(near: dict[int, int | list[int]], variant: int, place: int) -> None:
    found = near.get(variant)
    if found is None:
        near[variant] = place
    elif isinstance(found, int):
        near[variant] = [found, place]
    else:
        found.append(place)


def _deletions(key: str) -> set[str]:
    """``key`` and every string made by deleting one letter of it.

    >>> sorted(_deletions("abc"))
    ['ab', 'abc', 'ac', 'bc']
    """
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


def link_person(cluster: Cluster, lexicon: Lexicon, context_states: set[str]) -> KnownPerson | None:
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
    # a one-word alias the gazetteer lists ("Lula"), else a lone surname
    candidates = lexicon.people_by_name.get(full_name_key(next(iter(forms))), ()) if forms else ()
    candidates = candidates or (lexicon.people_by_surname.get(person_key(next(iter(forms))), ()) if forms else ())
    if len(candidates) != 1:
        return None
    person = candidates[0]
    titles = {normalise(t) for _, e in cluster.members for t in e.titles}
    offices = {normalise(p.title) for p in person.positions}
    # a bare "Minister" fits every minister's office: only a fuller title decides alone, else the states do
    telling = {t for t in titles if len(t.split()) >= 2 or t in offices}
    if telling:
        return person if any(o in t or t in o for t in telling for o in offices) else None
    return person if {p.of for p in person.positions} & context_states else None


def person_label(cluster: Cluster) -> str:
    """The fullest name, in the most frequent spelling of the surname."""
    forms = cluster.forms()
    surnames: Counter[str] = Counter()
    for form, count in forms.items():
        surnames[surname(form)] += count
    best_surname = max(surnames, key=lambda s: (surnames[s], s))
    longest = max(len(name_tokens(f)) for f in forms)
    candidates = [f for f in forms if len(name_tokens(f)) == longest]
    # a transcript's speaker label ("MADELEINE KING") is the name in capitals, not its spelling
    written = [f for f in candidates if not f.isupper()]
    if not written:
        return " ".join(_capitalised(word) for word in max(candidates, key=lambda f: (forms[f], f)).split())
    # on a tie, the shorter spelling ("Yulia" over "Yuliia") is the commoner English one
    return max(written, key=lambda f: (surname(f).upper() == best_surname.upper(), forms[f], -len(f), f))


def _capitalised(word: str) -> str:
    """ "O'MALLEY" -> "O'Malley", "OKONJO-IWEALA" -> "Okonjo-Iweala"."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1] + m.group(0)[1:].lower(), word)
