"""Where minerals are: ``hasDeposit`` for a place or a state.

A deposit is stated in many shapes, all read here from the dependency parse:

* a definition: "X is a rare earth mine", "X is one of the largest lithium
  deposits in the world", "X is a region … that is rich in lithium";
* a verb of holding with a deposit noun or, for a site, the ore itself:
  "Australia has rich deposits of lithium", "X represents one of the largest
  copper and gold reserves", "the deposit contains boron", "the mine produces
  uranium";
* a deposit noun with an owner: "Chile's copper reserves", "lithium deposits
  in Bolivia", "the rare-earth deposit, the Central Deposit, …";
* a site named with its ore: "the Jadar lithium project", "Husab Uranium Project";
* abundance: "rare earths are abundant throughout Ukraine", "rich in cobalt";
* a passive: "cobalt is mined in Katanga", "mined at X"; "copper from the X mine".

Processing, refining and importing are never deposits (annotation rules).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.base import arg_entities, conjuncts, lemma_set, subjects
from kg.extract.deposit_phrases import (
    OWNER_KINDS,
    SITE_NOUNS,
    named_site_ores,
    negated_wealth,
    ore_heads,
    ore_named_sites,
    ore_word,
    phrase_deposits,
)
from kg.extract.registry import extractor
from kg.extract.site_regions import continent, innermost
from kg.lexicon.regions import load_regions
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

LOCATIVE = {"in", "throughout", "within", "across", "inside", "at", "around", "beneath", "underneath", "under"}  # not "near": close to a town is not in it
#: Nouns that, set beside a named site, say what it holds: "X, a niobium prospect in Y", "X, a lithium-rich basin".
APPOSED_SITES = SITE_NOUNS | {"basin"}
#: Nouns of mineral wealth in an object ("has rich deposits", "represents one of the largest reserves").
WEALTH_NOUNS = frozenset({"deposit", "reserve", "resource", "ore", "mineralization", "mineralisation", "wealth", "endowment", "lode", "orebody", "occurrence"})
#: Verbs whose subject holds what its object names, given a wealth noun in the object.
HOLDING_VERBS = frozenset({"have", "hold", "possess", "boast", "represent", "host", "contain", "feature", "comprise", "include", "sit", "prove", "account", "control", "own", "supply"})
#: Verbs whose subject, a site, holds the ore they name even without a wealth noun ("the deposit contains boron").
SITE_VERBS = frozenset({"contain", "host", "produce", "yield", "mine", "extract", "hold", "have", "possess", "boast"})
#: What a mine's share is of: "accounts for most of the country's output".
OUTPUT_NOUNS = frozenset({"output", "production", "supply", "supplies", "mining", "extraction"})
#: Units of a tonnage held in the ground.
QUANTITY_UNITS = frozenset({"tonne", "ton", "tonnes", "tons", "ounce", "oz", "pound", "carat", "mt", "kt", "lb"})
#: Verbs that place their subject: "deposits lie in X", "the reserves are located in X".
LYING_VERBS = frozenset({"lie", "sit", "occur", "locate", "situate", "find", "concentrate", "exist"})
#: Adjectives of abundance.
ABUNDANT = frozenset({"rich", "abundant", "endowed", "plentiful", "resource-rich"})


def _locative_preps(token: Token) -> list[Token]:
    """The token's locative prepositions and those coordinated with them ("found at X, and in Y and Z")."""
    preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in LOCATIVE]
    return preps + [c for p in preps for c in p.children if c.dep_ == "conj" and c.lower_ in LOCATIVE]


def _minerals(ctx: DocContext, tokens: list[Token]) -> list[str]:
    return list(dict.fromkeys(lid for t in tokens if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"))


def _modifiers(token: Token) -> list[Token]:
    """The words that say what a deposit noun is of: its left modifiers and its "of …" phrase."""
    found = [t for c in token.children if c.i < token.i and c.dep_ in ("compound", "amod", "nmod", "npadvmod", "nummod") for t in c.subtree]
    found += [t for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "in") for t in c.subtree]
    return found


def _owner_of(ctx: DocContext, token: Token) -> list[str]:
    """The places or states a subject token stands for, through "the X mine" (the mine noun) and pronouns bound by coreference."""
    found = arg_entities(ctx, token, OWNER_KINDS)
    # "Zimbabwe's Bikita and Arcadia mines", "the Lualaba and Haut-Katanga provinces": each name the noun is made of
    for noun in (t for t in conjuncts(token) if ctx.ent(t) is None):
        named = [lid for c in noun.children if c.dep_ in ("compound", "nmod", "amod") for m in conjuncts(c) if (lid := ctx.ent(m)) and ctx.kind(lid) == "Place"]
        if not named and not found:  # "Chile's copper mines", "the Chilean mines"
            named = [lid for c in noun.children if c.dep_ in ("compound", "nmod", "amod", "poss") and (lid := ctx.ent(c)) and ctx.kind(lid) in OWNER_KINDS]
        found += named
    return list(dict.fromkeys(found))


def _placed(ctx: DocContext, pobj: Token) -> list[str]:
    """Places and states a locative object names: "throughout Ukraine", "within the A, B and C regions", "around the town of X".

    Only the object's own names (its coordinates, the names it is made of, an
    "of" name): a place in a phrase of its own further in ("the town of X *in
    the Y region*") is where that place lies, not a second holder.
    """
    found = arg_entities(ctx, pobj, OWNER_KINDS)
    # a place in a phrase of its own, or in a clause on the object ("the Navoi region, where X is developing the Y deposit")
    nested = {t.i for c in pobj.subtree if ((c.dep_ == "prep" and c.lower_ in ("in", "within", "inside")) or c.dep_ in ("relcl", "acl")) and c is not pobj for t in c.subtree}
    found += [lid for t in pobj.subtree if t.i not in nested and (lid := ctx.ent(t)) and ctx.kind(lid) == "Place"]
    return list(dict.fromkeys(found))


def _of_state(ctx: DocContext, pobj: Token) -> list[str]:
    """The state an "of" phrase names: "the brines of northern Chile"."""
    return [lid for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if (lid := ctx.ent(g)) and ctx.kind(lid) == "State"]


def _definition(ctx: DocContext, be: Token) -> tuple[list[str], list[str]]:
    """ "X is a rare earth mine", "X is one of the largest lithium deposits": (owners, minerals)."""
    owners = [o for s in be.children if s.dep_ == "nsubj" for o in _owner_of(ctx, s)]
    minerals: list[str] = []
    preps = ("among", "to") if be.lemma_ == "belong" else ("among",)  # "is among the largest mines", "belongs to the largest deposits"
    among = [g for c in be.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]
    for attr in [c for c in be.children if c.dep_ == "attr"] + among:
        nouns = [attr]
        if attr.lemma_ == "one" or attr.like_num:  # "one of the largest mines", "became two of the largest mines"
            nouns = [g for c in attr.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        for noun in nouns:
            # "a copper and molybdenum mine" parsed as "copper" and "molybdenum mine": the site noun is the conjunct
            site = next((c for c in noun.children if c.dep_ == "conj" and c.lemma_.lower() in SITE_NOUNS), None) if ctx.kind(ctx.ent(noun)) == "Mineral" else None
            if site is not None:
                minerals += _minerals(ctx, [noun, *_modifiers(site)])
            elif noun.lemma_.lower() in SITE_NOUNS:
                minerals += _minerals(ctx, _modifiers(noun))
            elif noun.lemma_.lower() == "source" and owners and all(ctx.kind(o) == "Place" for o in owners):
                # "the Tamu deposit is a world-class source of niobium": a site's ore (a state's "source" is its trade)
                minerals += _minerals(ctx, [t for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree])
    return owners, minerals


def _holding(ctx: DocContext, verb: Token) -> tuple[list[str], list[str]]:
    """ "Australia has rich deposits of lithium", "the deposit contains boron": (owners, minerals)."""
    subjects_ = [s for s in subjects(verb)]
    owners = [o for s in subjects_ for o in _owner_of(ctx, s)]
    if not owners:
        return [], []
    site = any(ctx.kind(o) == "Place" for o in owners)
    objects = [t for c in verb.children if c.dep_ in ("dobj", "attr", "prep") for t in c.subtree]
    # an ore the tagger took for an adverb ("the mine produces bauxite" parsed with bauxite as advmod)
    objects += [c for c in verb.children if c.dep_ in ("advmod", "npadvmod") and c.i > verb.i and ctx.kind(ctx.ent(c)) == "Mineral"]
    objects += [t for c in verb.children if c.dep_ == "acomp" and ctx.kind(ctx.ent(c)) == "Mineral" for t in c.subtree]  # "contains tungsten" (as a verb)
    if any(negated_wealth(t) for t in objects if t.pos_ == "NOUN"):
        return [], []  # "has no significant lithium deposits"
    wealth = any(t.lemma_.lower() in WEALTH_NOUNS for t in objects)
    lemma = verb.lemma_.lower()
    tonnage = any(t.lemma_.lower() in QUANTITY_UNITS for t in objects)  # "the salar holds 21 million tonnes of lithium"
    # "the X mine supplies most of the world's niobium", "the X mine accounts for most of China's rare earth output"
    output = any(s.lemma_.lower() in SITE_NOUNS for s in subjects_) and (lemma == "supply" or (lemma == "account" and any(t.lemma_.lower() in OUTPUT_NOUNS for t in objects)))
    if wealth or (site and (lemma in SITE_VERBS or tonnage or output)) or (lemma == "sit" and tonnage):  # "Bolivia sits on 21 million tonnes of lithium"
        # "Kazakhstan holds large reserves of tungsten in the Karaganda region": the region holds them too
        return owners + _regions_held_in(ctx, verb, objects, owners), _minerals(ctx, objects)
    return [], []


def _regions_held_in(ctx: DocContext, verb: Token, objects: list[Token], owners: list[str]) -> list[str]:
    """The places of the "in" phrases of a holding clause: "holds reserves of tungsten in the Karaganda region"."""
    preps = [c for c in verb.children if c.dep_ == "prep"] + [t for t in objects if t.dep_ == "prep"]
    objects_ = [g for c in preps if c.lower_ in ("in", "within", "at") for g in c.children if g.dep_ == "pobj"]
    objects_ += [o for g in objects_ for c in g.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    # "in the Karaganda region", "in the province of Lai Chau": the object's own names, not a clause on it
    named = [r for g in objects_ for t in (g, *(m for m in g.children if m.dep_ in ("compound", "nmod"))) if (r := ctx.ent(t))]
    return [r for r in dict.fromkeys(named + _lying_places(ctx, verb)) if ctx.kind(r) == "Place" and r not in owners]


def _lying_places(ctx: DocContext, token: Token) -> list[str]:
    """ "(reserves), concentrated in the Boké region", "(deposits) located in X": where a participle on the word places them."""
    participles = [c for c in token.children if c.dep_ in ("advcl", "acl") and c.tag_ in ("VBN", "VBD") and c.lemma_.lower() in LYING_VERBS]
    lying = [c for c in participles if not any(g.dep_.startswith("nsubj") for g in c.children)]  # a participle (maybe tagged past tense), no clause
    return [o for v in lying for c in v.children if c.dep_ == "prep" and c.lower_ in LOCATIVE for g in c.children if g.dep_ == "pobj" for o in _placed(ctx, g)]


def _abundance(ctx: DocContext, adjective: Token) -> tuple[list[str], list[str]]:
    """ "rare earths are abundant throughout Ukraine", "a region that is rich in lithium", "rich in cobalt"."""
    head = adjective.head
    minerals = [m for c in adjective.children if c.dep_ == "prep" and c.lower_ == "in" for m in _minerals(ctx, list(c.subtree))]
    owners = [o for c in list(head.children) + list(adjective.children) if c.dep_ == "prep" and c.lower_ in LOCATIVE for g in c.children if g.dep_ == "pobj" for o in _placed(ctx, g)]
    if adjective.dep_ == "acomp":
        said = [s for s in subjects(head)]
        if adjective.lemma_.lower() in ("rich", "endowed", "resource-rich"):
            owners += [o for s in said for o in _owner_of(ctx, _antecedent(s)) ]
        else:
            minerals += [m for s in said for m in _minerals(ctx, list(s.subtree))]
    elif adjective.dep_ == "amod" and adjective.lemma_.lower() in ("rich", "resource-rich"):
        owners += _owner_of(ctx, head)
    return owners, minerals


def _antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for, and the subject of "X is a region … that …" for that noun."""
    if token.lower_ in ("that", "which", "who") and token.head.dep_ == "relcl":
        token = token.head.head
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in ("region", "area", "part", "zone", "belt", "section"):
        token = token.head.head  # "a region of the Andes that is rich": the region, not the Andes
    if token.dep_ == "attr" and token.head.lemma_ == "be":
        said = [c for c in token.head.children if c.dep_ == "nsubj"]
        if said:
            return said[0]
    return token


#: Nouns of a share of something: "a quarter of the world's reserves", "most of", "70% of".
SHARE_NOUNS = frozenset({"quarter", "third", "half", "fifth", "tenth", "share", "%", "percent", "most", "majority", "bulk", "part", "portion", "much"})
#: Verbs that size a deposit named as their subject: "reserves are estimated at / total / stand at".
SIZING_VERBS = frozenset({"estimate", "total", "stand", "amount", "reach", "exceed"})


def _origin(ctx: DocContext, verb: Token) -> tuple[list[str], list[str]]:
    """ "Most of Chile's copper comes from the Atacama region", "the lithium lies in X": the place an ore comes from or lies in holds it."""
    places = {"from"} if verb.lemma_.lower() in ("come", "originate") else LOCATIVE
    sources = [o for c in verb.children if c.dep_ == "prep" and c.lower_ in places for g in c.children if g.dep_ == "pobj" for o in _placed(ctx, g)]
    # the ore itself or a share of it is the subject ("copper", "most of Chile's copper"), not a loan for a lithium plant
    subjects_ = [c for c in verb.children if c.dep_ == "nsubj"]
    heads = [g for s in subjects_ for c in s.children if s.lemma_.lower() in SHARE_NOUNS and c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    minerals = _minerals(ctx, subjects_ + heads)
    return (sources, minerals) if sources and minerals else ([], [])


def _ore_from(ctx: DocContext, ore: Token) -> tuple[list[str], list[str]]:
    """ "copper from the X mine": the site it comes out of (a site noun: "lithium from Chile" may be a trade, not a mine)."""
    sites = [g for h in ore_heads(ore) for c in h.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in SITE_NOUNS]
    owners = [o for g in sites for o in _owner_of(ctx, g)]  # "from the X mine", "from Indonesian mines"
    return (owners, _minerals(ctx, [ore, *ore.children])) if owners else ([], [])


def _produced_from(ctx: DocContext, verb: Token) -> tuple[list[str], list[str]]:
    """ "Australia produces half of the world's lithium, mostly from hard-rock mines in Western Australia": where the mines are holds it."""
    sources = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children if g.dep_ == "pobj" and g.lemma_.lower() in SITE_NOUNS]
    owners = [o for g in sources for c in _locative_preps(g) for p in c.children if p.dep_ == "pobj" for o in _placed(ctx, p)]
    minerals = _minerals(ctx, [t for c in verb.children if c.dep_ == "dobj" for t in c.subtree])
    return (owners, minerals) if owners and minerals else ([], [])


def _home_to(ctx: DocContext, verb: Token, home: Token) -> tuple[list[str], list[str]]:
    """ "Quebec's Abitibi region is home to large gold deposits": the subject holds what it is home to, when that is a deposit."""
    held = [t for c in home.children if c.dep_ == "prep" and c.lower_ == "to" for t in c.subtree]
    if not any(t.lemma_.lower() in WEALTH_NOUNS for t in held):
        return [], []  # "home to 2 million people", "home to the ministry"
    return [o for s in subjects(verb) for o in _owner_of(ctx, s)], _minerals(ctx, held)


def _worked_at(ctx: DocContext, verb: Token) -> tuple[list[str], list[str]]:
    """ "X mines graphite at the Lindvik mine", "explores for lithium at its Serra Azul project": the site worked holds the ore."""
    worked = [verb, *(g for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "for") for g in (c, *c.children) if g.dep_ in ("dobj", "pobj"))]
    sites = [g for h in worked for c in h.children if c.dep_ == "prep" and c.lower_ == "at" for g in c.children if g.dep_ == "pobj"]  # on the ore too
    named = [t for g in sites for t in (g, *(c for c in g.children if c.dep_ in ("compound", "nmod")))]  # "its Serra Azul project"
    owners = list(dict.fromkeys(o for t in named for o in _placed(ctx, t) if ctx.kind(o) == "Place"))
    ores = [t for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "for") for t in c.subtree]
    minerals = _minerals(ctx, ores)
    return (owners, minerals) if owners and minerals else ([], [])


def _deposit_noun(ctx: DocContext, noun: Token) -> tuple[list[str], list[str]]:
    """ "Chile's copper reserves", "lithium deposits in Bolivia", "the rare-earth deposit, the Central Deposit"."""
    if noun.dep_ == "attr":
        return [], []  # "X is a rare earth mine in Y": the definition's subject holds it, not Y
    shared = [noun, noun.head] if noun.dep_ == "conj" else [noun]  # "niobium and tantalum deposits within X"
    owners = [o for c in noun.children if c.dep_ in ("poss", "compound", "nmod") and c.i < noun.i for o in arg_entities(ctx, c, OWNER_KINDS)]
    # "deposits of lithium in Bolivia": the parser often hangs the place on the ore
    shared += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj" and ctx.kind(ctx.ent(g)) == "Mineral"]
    owners += [o for h in shared for c in h.children if c.dep_ == "prep" and c.lower_ in LOCATIVE for g in c.children if g.dep_ == "pobj" for o in _placed(ctx, g)]
    # "a deposit near Tromso in northern Norway": not in the town, but in what holds it
    near = [g for h in shared for c in h.children if c.dep_ == "prep" and c.lower_ in ("near", "outside") for g in c.children if g.dep_ == "pobj"]
    owners += [o for g in near for c in g.children if c.dep_ == "prep" and c.lower_ in ("in", "within") for p in c.children if p.dep_ == "pobj" for o in _placed(ctx, p)]
    if noun.dep_ in ("nsubj", "nsubjpass") and (noun.head.lemma_.lower() in LYING_VERBS or noun.head.lemma_ == "be"):  # "… deposit is in Congo"
        # "vast copper deposits lie in X", "the reserves are located in X": the verb places them
        owners += [o for c in noun.head.children if c.dep_ == "prep" and c.lower_ in LOCATIVE for g in c.children if g.dep_ == "pobj" for o in _placed(ctx, g)]
    anchor = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in SHARE_NOUNS:
        anchor = noun.head.head  # "home to a quarter of the world's bauxite reserves"
    home = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "to" and anchor.head.head.lemma_ == "home" else None
    if home is not None and home.dep_ in ("appos", "advmod", "npadvmod", "attr"):
        # "Zimbabwe, home to Africa's largest lithium reserves": the home holds them (and a region they are "concentrated in")
        copula = home.dep_ == "attr" or home.head.pos_ in ("AUX", "VERB")  # "X is home to": the parser may hang "home" as an adverb
        owners = [o for s in subjects(home.head) for o in _owner_of(ctx, s)] if copula else _owner_of(ctx, home.head)
        owners += [p for p in _lying_places(ctx, home.head) if ctx.kind(p) == "Place"]
    minerals = _minerals(ctx, _modifiers(noun))
    if noun.dep_ == "conj":
        minerals += _minerals(ctx, [noun.head])
    if not minerals and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in SIZING_VERBS:
        # "Reserves at the Kabanga project are estimated at 58 million tonnes of nickel ore"
        inside = {t.i for t in noun.subtree}
        minerals = _minerals(ctx, [t for t in noun.head.subtree if t.i not in inside])
    named = [o for c in noun.children if c.dep_ in ("appos", "conj") and c.text[:1].isupper() for o in arg_entities(ctx, c, ("Place",))]
    doc = noun.doc
    k = noun.i + 1
    if not named and k + 1 < len(doc) and doc[k].text == ",":
        k += 2 if doc[k + 1].lower_ == "the" and k + 2 < len(doc) else 1
        if ctx.kind(ctx.ent(doc[k])) == "Place":
            named = [ctx.ent(doc[k]) or ""]  # "the largest deposit, the Hollin Deposit, …" however the parser hangs it
    if noun.dep_ == "appos" and (site := _site_of(ctx, noun.head)):
        named.append(site)  # "Mount Weld, a rare earth deposit"
    one = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one" else None
    if one is not None and one.dep_ == "appos" and (site := _site_of(ctx, one.head)):
        named.append(site)  # "Arcadia, one of Africa's largest lithium mines", "the Ngualla project, one of …"
    if named:
        return named, minerals  # a named deposit holds the ore; the region it lies in is not said to
    return owners, minerals


def _site_of(ctx: DocContext, token: Token) -> str | None:
    """The place a noun names: "Arcadia", or the name before its head noun ("the Ngualla project")."""
    names = [token, *(c for c in token.children if c.dep_ == "compound" and token.lemma_.lower() in SITE_NOUNS)]
    return next((lid for t in names if (lid := ctx.ent(t)) and ctx.kind(lid) == "Place"), None)


@extractor("deposits", order=50)
def deposits(ctx: DocContext) -> None:
    """hasDeposit from definitions, verbs of holding, deposit nouns, named sites, abundance and "mined in"."""
    passive_verbs = lemma_set(ctx, "deposits", "passive_verbs")
    for sentence in ctx.sentences:
        for site, mineral in ore_named_sites(ctx, sentence):  # "the Karoo Manganese Field"
            ctx.add_fact(site, "hasDeposit", mineral, sentence, 0.75, "ore-in-site-name")
        kinds = {ctx.kind(lid) for lid, _, _ in sentence.mentions}
        if "Mineral" not in kinds or not kinds & set(OWNER_KINDS):
            continue
        found: list[tuple[str, str, str]] = [(owner, mineral, "named-site") for owner, mineral in named_site_ores(ctx, sentence)]
        phrased = [(owner, mineral, rule) for owner, mineral, rule in phrase_deposits(ctx, sentence) if not continent(ctx, owner)]
        found += phrased
        for token in sentence.span:
            lemma = token.lemma_.lower()
            owners: list[str] = []
            minerals: list[str] = []
            rule = ""
            passive = any(c.dep_ == "auxpass" for c in token.children) or (token.dep_ in ("acl", "relcl") and token.tag_ == "VBN")
            if lemma == "be" and (home := next((c for c in token.children if c.dep_ in ("attr", "advmod") and c.lower_ == "home"), None)) is not None:
                (owners, minerals), rule = _home_to(ctx, token, home), "home-to"
            elif lemma in ("be", "belong", "become", "remain") and any(c.dep_ == "attr" or (c.dep_ == "prep" and c.lower_ in ("among", "to")) for c in token.children):
                (owners, minerals), rule = _definition(ctx, token), "definition"
            elif _verbal(token) and lemma in HOLDING_VERBS | SITE_VERBS and not passive and not negated_wealth(token):
                (owners, minerals), rule = _holding(ctx, token), "holds-deposit"
                if not owners and lemma in ("produce", "mine", "extract"):
                    (owners, minerals), rule = _produced_from(ctx, token), "produced-from"
                if not owners and lemma in ("produce", "mine", "extract"):
                    (owners, minerals), rule = _worked_at(ctx, token), "worked-at"
                if lemma in HOLDING_VERBS:
                    _region_of_holder(ctx, sentence, token)
            elif token.pos_ == "VERB" and lemma in ("explore", "drill", "prospect", "dig") and not passive and not negated_wealth(token):
                (owners, minerals), rule = _worked_at(ctx, token), "worked-at"  # "explores for lithium at its Serra Azul project"
            elif token.pos_ == "VERB" and lemma in ("come", "originate", "lie", "occur", "concentrate") and not negated_wealth(token):
                (owners, minerals), rule = _origin(ctx, token), "comes-from"
            elif ore_word(ctx, token) and any(c.dep_ == "prep" and c.lower_ == "from" for c in ore_heads(token) for c in c.children):
                (owners, minerals), rule = _ore_from(ctx, token), "ore-from-site"
            elif token.pos_ == "ADJ" and lemma in ABUNDANT:
                (owners, minerals), rule = _abundance(ctx, token), "abundance"
            elif token.pos_ == "NOUN" and (lemma in WEALTH_NOUNS | {"mine"} or (token.dep_ == "appos" and lemma in APPOSED_SITES)) and not negated_wealth(token):
                (owners, minerals), rule = _deposit_noun(ctx, token), "deposit-noun"
            elif token.pos_ == "VERB" and lemma in passive_verbs and passive:
                patients = [t for c in token.children if c.dep_ == "nsubjpass" for t in c.subtree]
                if token.dep_ in ("relcl", "acl"):
                    patients += [t for t in token.head.subtree if t.i < token.i]
                owners = [o for c in _locative_preps(token) for g in c.children if g.dep_ == "pobj" for o in _placed(ctx, g)]
                if not owners and lemma in ("find", "discover", "locate"):  # "found in the brines of northern Chile"
                    owners = [o for c in _locative_preps(token) for g in c.children if g.dep_ == "pobj" for o in _of_state(ctx, g)]
                defined = token.dep_ in ("relcl", "acl") and lemma == "locate" and _defining_noun(token.head)
                minerals, rule = ([] if defined else _minerals(ctx, patients)), "mined-in"  # "X is a copper mine located in Y": X's copper
            for owner in dict.fromkeys(owners):
                for mineral in dict.fromkeys(minerals):
                    if owner and not continent(ctx, owner):
                        found.append((owner, mineral, rule))
        # a place whose own phrase says what it holds ("cobalt deposits in A, and copper resources in B") holds only that
        pairs = {(o, m) for o, m, r in phrased if r == "deposit-phrase"}
        places, ores = {o for o, _ in pairs}, {m for _, m in pairs}
        found = [f for f in found if f[2] not in ("holds-deposit", "deposit-noun") or f[0] not in places or f[1] not in ores or (f[0], f[1]) in pairs]
        for owner, mineral, rule in innermost(ctx, sentence, found):
            ctx.add_fact(owner, "hasDeposit", mineral, sentence, 0.75, rule)


def _region_of_holder(ctx: DocContext, sentence: Sentence, verb: Token) -> None:
    """ "Bolivia holds the largest lithium resources in the Salar de Uyuni": the place lies in the state that holds them there."""
    states = [o for s in subjects(verb) for o in _owner_of(ctx, s) if ctx.kind(o) == "State"]
    objects = [t for c in verb.children if c.dep_ in ("dobj", "attr", "prep") for t in c.subtree]
    if len(states) != 1 or not any(t.lemma_.lower() in WEALTH_NOUNS for t in objects):
        return
    regions = load_regions()
    for region in _regions_held_in(ctx, verb, objects, states):
        if any(name in regions for name in ctx.entities[region].forms):
            continue  # a region of the world's gazetteer lies where it lies ("China holds reserves in the Atacama")
        ctx.add_fact(region, "locatedIn", states[0], sentence, 0.6, "held-in")


def _verbal(token: Token) -> bool:
    """A verb, or a verb the tagger took for a noun but the parser gave an object: "lies in X and hosts graphite"."""
    return token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and any(c.dep_ == "dobj" for c in token.children))


def _defining_noun(noun: Token) -> bool:
    """The noun says what the copula's subject is ("X is a copper mine"), maybe through a conjunct the parser made of it."""
    head = noun.head if noun.dep_ == "conj" else noun
    return head.dep_ == "attr" and head.head.lemma_ == "be"
