"""Which of a named site and the region or continent around it holds an ore a sentence names.

Why apart from :mod:`kg.extract.deposits`: the deposit readers find owners
and ores; these rules, run on all a sentence found, drop the readings the
annotation calls wrong: a region beside its named site ("the Velo deposit in
Dibër County holds chromite" says nothing of the county's chromite) and a
continent that only ranks ("Africa's largest reserves").
"""

from __future__ import annotations

from kg.lexicon.regions import load_regions
from kg.nlp.context import DocContext, Sentence

#: Continents and world regions: "Africa's largest reserves" ranks, it does not say Africa holds them.
CONTINENTS = frozenset(
    {"africa", "europe", "asia", "america", "north america", "south america", "latin america", "oceania", "antarctica", "middle east", "the middle east", "eurasia", "sub-saharan africa", "southeast asia", "central asia", "west africa", "east africa", "southern africa", "the world", "world"}
)  # fmt: skip


def continent(ctx: DocContext, owner: str) -> bool:
    """A continent or world region, which ranks deposits rather than holds them."""
    return ctx.kind(owner) == "Place" and owner.split(":", 1)[1] in CONTINENTS


def innermost(ctx: DocContext, sentence: Sentence, found: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A named site and the region around it both said to hold an ore in one sentence: the site holds it.

    "The Velo deposit in Dibër County holds chromite" says nothing of the
    county's chromite; a state keeps its (optional) reading.
    """
    sites = {(o, m) for o, m, _ in found if ctx.kind(o) == "Place" and not _region(ctx, o)}
    result = []
    for owner, mineral, rule in dict.fromkeys(found):
        if ctx.kind(owner) == "Place" and _region(ctx, owner) and any(m == mineral and _right_after(sentence, site, owner) for site, m in sites):
            continue
        result.append((owner, mineral, rule))
    return result


def _right_after(sentence: Sentence, site: str, region: str) -> bool:
    """The region follows the site's name as where it lies ("Velo in Dibër County", "the X copper deposit, located in Y"), not as another list entry."""
    doc = sentence.span.doc
    ends = [e for lid, _, e in sentence.mentions if lid == site]
    starts = [s for lid, s, _ in sentence.mentions if lid == region]
    return any(e <= s <= e + 8 and not any(t.lower_ in ("and", "or", ";", "while", "but") for t in doc[e:s]) for e in ends for s in starts)


def _region(ctx: DocContext, place: str) -> bool:
    """A province, region, district or other administrative area rather than a site."""
    draft = ctx.entities.get(place)
    forms = [f.lower() for f in (draft.forms if draft else [])]
    words = ("province", "region", "district", "county", "department", "governorate", "prefecture", "oblast", "state", "territory", "municipality")
    return any(f.split()[-1] in words for f in forms if f.split()) or any(f in load_regions() for f in forms)
