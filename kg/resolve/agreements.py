"""Agreements across articles: named deals by name, unnamed ones by their parties and kind; their readable labels.

Why: two articles about one deal rarely name it alike ("the U.S.–Ukraine
minerals deal", "the agreement"), while two deals of the same states are
different deals when they are of another kind (a memorandum and, later, a
partnership). So a named deal joins the deals of the same name (or a short
form of it); an unnamed one joins the deals with the same parties and a
kind that fits (a generic "agreement" fits any kind); one with a single
known side joins the one fitting deal of more sides, if there is exactly one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from kg.extract.agreement_identity import GENERIC_KINDS
from kg.extract.agreement_words import agreement_words
from kg.lexicon.names import title_case
from kg.lexicon.tables import Lexicon, load_lexicon, normalise
from kg.resolve.cluster import Cluster
from kg.types import LocalEntity

Member = tuple[str, LocalEntity]


def _family(entity: LocalEntity, lexicon: Lexicon) -> str:
    words = agreement_words(lexicon)
    return words.kind_of(entity.agreement_kind) if entity.agreement_kind else "agreement"


def _short_form(name: str, known: str) -> bool:
    """ "Lithium Action Plan" is a short form of "Joint Lithium Action Plan": same last word, words a subset."""
    short, long_ = sorted((name.split(), known.split()), key=len)
    return len(short) >= 2 and short[-1] == long_[-1] and set(short) <= set(long_)


def _named_clusters(members: list[Member]) -> list[Cluster]:
    clusters: dict[str, Cluster] = {}
    for doc_id, entity in members:
        name = normalise(entity.name)
        target = name if name in clusters else next((k for k in clusters if _short_form(name, k)), name)
        clusters.setdefault(target, Cluster("Agreement")).members.append((doc_id, entity))
    return list(clusters.values())


def _fits(family: str, other: str) -> bool:
    return family == other or family in GENERIC_KINDS or other in GENERIC_KINDS


def agreement_clusters(agreements: list[Member], doc_keys: Mapping[str, AbstractSet[str]], lexicon: Lexicon | None = None) -> list[Cluster]:
    """Named deals by name; unnamed deals by their parties (and kind, where an article tells two apart).

    A deal with no known party joins the only unnamed deal of the corpus, if
    there is exactly one and its article names that deal's sides.
    """
    lexicon = lexicon or load_lexicon()
    ordered = sorted(agreements, key=lambda item: (item[0], item[1].local_id))
    named = _named_clusters([m for m in ordered if m[1].named])
    named_sides = [
        (frozenset(p for _, e in c.members for p in e.parties), {_family(e, lexicon) for _, e in c.members}, {d for d, _ in c.members}) for c in named
    ]
    named_by_parties: dict[frozenset[str], list[int]] = {}  # the named deals of each set of parties, in order: no scan of them all per deal
    for i, (parties, _, _) in enumerate(named_sides):
        named_by_parties.setdefault(parties, []).append(i)
    by_sides: dict[frozenset[str], list[Member]] = {}
    for doc_id, entity in ordered:
        if entity.named:
            continue
        family = _family(entity, lexicon)
        sides = frozenset(entity.parties)
        if len(sides) >= 2:
            # the same sides and kind as one named deal of another article: that deal, called by description
            # (in its own article, identity already told the two apart)
            matches = [
                i for i in named_by_parties.get(sides, ())
                if doc_id not in named_sides[i][2] and (family in GENERIC_KINDS or family in named_sides[i][1])
            ]
            if len(matches) == 1:
                named[matches[0]].members.append((doc_id, entity))
                continue
        if len(sides) == 1:
            # one known side is no identity: "a U.S. deal" in two articles may be two deals
            sides = frozenset((*sides, f"article:{doc_id}"))
        by_sides.setdefault(sides, []).append((doc_id, entity))
    _merge_subsets(by_sides)
    orphans = by_sides.pop(frozenset(), [])
    clusters = [c for sides in sorted(by_sides, key=sorted) for c in _split_by_kind(by_sides[sides], lexicon)]
    known = {p.partition(":")[2] for _, e in clusters[0].members for p in e.parties} if len(clusters) == 1 else set()
    for doc_id, entity in orphans:
        if known and known <= doc_keys.get(doc_id, frozenset()):
            clusters[0].members.append((doc_id, entity))
        else:
            clusters.append(Cluster("Agreement", members=[(doc_id, entity)]))  # nothing ties it to another article's deal
    return named + clusters


def _split_by_kind(members: list[Member], lexicon: Lexicon) -> list[Cluster]:
    """The deals of the same sides: one, unless an article tells several apart.

    Authors call one deal a deal, a partnership or a framework; only an
    article that speaks of two deals of the same sides (an older memorandum,
    a new partnership) says they differ. Each deal of such an article stays
    apart; a deal of another article joins the one of its kind (a generic
    "agreement" the one deal there is), and stays apart when that is unclear.
    """
    per_article = Counter(doc_id for doc_id, _ in members)
    if max(per_article.values()) == 1:
        return [Cluster("Agreement", members=list(members))]
    anchors = [Cluster("Agreement", members=[m]) for m in members if per_article[m[0]] > 1]
    # each anchor's kind is its first member's: a deal joins only an anchor of its own kind, so it never changes,
    # and the anchors of a kind are found at once instead of by a scan of every anchor's members (quadratic)
    by_family: dict[str, list[Cluster]] = {}
    for anchor in anchors:
        by_family.setdefault(_family(anchor.members[0][1], lexicon), []).append(anchor)
    rest = Cluster("Agreement")
    for doc_id, entity in members:
        if per_article[doc_id] > 1:
            continue
        family = _family(entity, lexicon)
        fitting = by_family.get(family, [])
        if len(fitting) == 1:
            fitting[0].members.append((doc_id, entity))
        else:
            rest.members.append((doc_id, entity))
    return anchors + ([rest] if rest.members else [])


def _merge_subsets(by_sides: dict[frozenset[str], list[Member]]) -> None:
    """A deal whose known sides are a subset of exactly one other deal's joins it ("the U.S. proposal").

    Only deals without an ``article:`` side can take others in, and there are
    few of them (sets of known parties); each keeps its set of articles. So
    a deal is compared with those, not with every deal (one per article with
    one known side: quadratic at 100,000 articles), and the result is the same.
    """
    hosts = {k: {d for d, _ in members} for k, members in by_sides.items() if not any(p.startswith("article:") for p in k)}
    for parties in sorted(by_sides, key=lambda k: (len(k), sorted(k))):
        if not parties or parties not in by_sides:
            continue
        sides = frozenset(p for p in parties if not p.startswith("article:"))
        docs = {d for d, _ in by_sides[parties]}
        # not into a deal of the same article: identity there already told the two apart
        supersets = [other for other, other_docs in hosts.items() if other != parties and sides < other and docs.isdisjoint(other_docs)]
        maximal = [s for s in supersets if not any(s < t for t in supersets)]
        if len(maximal) == 1:
            moved = by_sides.pop(parties)
            by_sides[maximal[0]].extend(moved)
            hosts[maximal[0]].update(d for d, _ in moved)
            hosts.pop(parties, None)


def _party_names(cluster: Cluster, lexicon: Lexicon) -> list[str]:
    names = []
    for party in sorted({p for _, e in cluster.members for p in e.parties}):
        key = party.partition(":")[2]
        entry = lexicon.get(key)
        names.append(entry.label if entry else title_case(key))
    return sorted(names)


def _kind(cluster: Cluster, lexicon: Lexicon) -> str:
    """The kind the texts call the deal most ("memorandum of understanding"), with its topic when generic."""
    words = agreement_words(lexicon)
    kinds = Counter(e.agreement_kind for _, e in cluster.members if e.agreement_kind)
    families = Counter(words.kind_of(k) for k in kinds.elements())
    # the specific kind a text gives ("memorandum", "partnership") names the deal better than "agreement" or "proposal"
    family = max(families, key=lambda f: (f not in GENERIC_KINDS, families[f], f)) if families else "agreement"
    pool = {k: n for k, n in kinds.items() if words.kind_of(k) == family}
    kind = max(pool, key=lambda k: (pool[k], len(k), k)) if pool else "agreement"
    if family in GENERIC_KINDS:
        kind = "agreement"
    if any(e.topic == "minerals" for _, e in cluster.members):
        kind = f"minerals {kind}"
    return kind


def _sides(cluster: Cluster, lexicon: Lexicon) -> list[str]:
    """Parties by name; for a deal no text gives a party, the people who signed it."""
    return _party_names(cluster, lexicon) or sorted({n for _, e in cluster.members for n in e.signatories})


def agreement_label(cluster: Cluster, lexicon: Lexicon) -> str:
    """The name the texts give; else kind and sides: "memorandum of understanding (Peru–United States)"."""
    named = [e.name for _, e in cluster.members if e.named]
    if named:
        counts = Counter(named)
        return max(counts, key=lambda n: (counts[n], len(n), n))
    sides = _sides(cluster, lexicon)
    kind = _kind(cluster, lexicon)
    return f"{kind} ({'–'.join(sides)})" if sides else kind


def agreement_aliases(cluster: Cluster, lexicon: Lexicon, label: str) -> tuple[str, ...]:
    """Other names of the deal: the other names texts give, and "Peru–United States memorandum" for a nameless one."""
    aliases = {e.name for _, e in cluster.members if e.named and e.name != label}
    # the short form the text introduces it by ("a memorandum of agreement (MOA)")
    aliases |= {f for _, e in cluster.members for f in e.forms if 2 <= len(f) <= 6 and f.isalpha() and sum(c.isupper() for c in f) >= 2}
    # how the texts describe it ("a lithium exploration agreement"): a surface form, as for any entity
    descriptions = {d for _, e in cluster.members for f in e.forms if (d := _description(f)) and d != label}
    aliases |= descriptions
    if not any(e.named for _, e in cluster.members):  # "Kibi Hills exploration agreement": what it is, with the site it is for
        aliases |= {d for _, e in cluster.members for d in e.descriptions if d != label}
    if not any(e.named for _, e in cluster.members) and (sides := _sides(cluster, lexicon)):
        # with its sides, as a reader would name it: "Chile–Peru lithium exploration agreement", "Peru–Chile …" (two sides: either first)
        # (a description with a name or a possessive of its own is no name to prefix: "Trump's controversial proposal")
        words = {_kind(cluster, lexicon)} | {d for _, e in cluster.members for d in e.descriptions} | {d for d in descriptions if d.islower() and " and " not in d}
        aliases |= {f"{'–'.join(order)} {d}" for order in {tuple(sides), tuple(reversed(sides)) if len(sides) == 2 else tuple(sides)} for d in words}
    return tuple(sorted(aliases))


#: Words before a description that relate it to other deals or the reader, not describe it ("a broader trade agreement").
_DETERMINERS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "any", "no", "some", "such", "every", "each"}
    | {"new", "earlier", "similar", "separate", "parallel", "previous", "prior", "broader", "wider", "rival", "competing", "existing", "original", "additional", "further"}
)


def _description(form: str) -> str | None:
    """A mention's words without its determiner, when they say more than the kind.

    "lithium exploration agreement", and the title-case "U.S.-Laos
    Comprehensive Partnership" that names no deal of its own (only kind words
    and sides) but is how the text writes it.
    """
    words = form.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if len(words) < 2 or len(" ".join(words)) > 80 or not words[-1][:1].isalpha():
        return None
    return " ".join(words)
