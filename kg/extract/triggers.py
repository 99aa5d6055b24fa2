"""Trigger verbs that act on a deal only with their particle or preposition.

Why a module: the action extractor and the mention finder (which reads the
parties of a proposed or signed deal) must agree that "Peru called the deal
a success" proposes nothing while "Peru called for a deal" proposes one, and
that "pulled the deal" is no withdrawal while "pulled out of the deal" is.

>>> sorted(PARTICLE_VERBS["call"])
['for']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Verb lemma -> the particles or prepositions it needs: "pull out of", "walk away from", "entered into", "called for".
PARTICLE_VERBS: dict[str, tuple[str, ...]] = {
    "pull": ("out", "plug"),  # "pulled out of the deal", "pulled the plug on it"
    "walk": ("away", "out"),
    "opt": ("out",),
    "back": ("out", "away"),
    "enter": ("into",),
    "call": ("for", "on"),  # "called for a deal", "called on Peru to sign it"
    "lobby": ("for",),  # "lobbying for a graphite accord"
    "iron": ("out",),  # "ironing out the details of the accord"
    "insist": ("on",),
    "vote": ("down", "against"),
    "tear": ("up",),
    "work": ("on", "towards", "toward", "out"),  # "working on a lithium deal" negotiates it  # "voted down the accord", "voted against it"; "voted for it" rejects nothing
    "put": ("forward",),
    "set": ("up",),  # "set up the partnership" founds it; "set the terms" does nothing to a deal  # "put forward a plan"; "put its name to a deal" signs it (kg.extract.actions)
}


def particle_ok(verb: Token) -> bool:
    """True unless the verb needs a particle it does not have."""
    particles = PARTICLE_VERBS.get(verb.lemma_.lower())
    if verb.lemma_.lower() == "put" and any(c.dep_ == "prep" and c.lower_ == "on" and any(g.lemma_ == "table" for g in c.children) for c in verb.children):
        return True  # "put a deal on the table" proposes it
    if verb.lemma_.lower() == "pull" and any(c.dep_ == "dobj" and c.lower_ == "plug" for c in verb.children):
        return True  # "pulled the plug on the accord" ends it
    if verb.lemma_.lower() in ("lobby", "call") and any(c.dep_ == "xcomp" for c in verb.children) and any(c.dep_ == "dobj" for c in verb.children):
        return True  # "lobbied Peru to join the accord" asks for it as "lobbied for" does
    return particles is None or any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ in particles for c in verb.children)


#: Phrasal verbs whose particle turns the verb's meaning: "struck down the contract" rejects it ("struck a deal" signs one).
PHRASAL_PREDICATES: dict[tuple[str, str], str] = {
    ("strike", "down"): "rejects",
    ("knock", "down"): "rejects",
    ("shoot", "down"): "rejects",
    ("turn", "down"): "rejects",
    ("throw", "out"): "rejects",
}


def phrasal_predicate(verb: Token) -> str | None:
    """The predicate a verb's particle gives it, if any: "Lima turned down the offer" rejects it."""
    for child in verb.children:
        if child.dep_ in ("prt", "advmod") and (predicate := PHRASAL_PREDICATES.get((verb.lemma_.lower(), child.lower_))):
            return predicate
    return None


def on_hold(verb: Token) -> bool:
    """ "put the accord on hold", "put the deal on ice": suspended, which the annotation counts as rejected."""
    return any(c.dep_ == "prep" and c.lower_ == "on" and any(g.lower_ in ("hold", "ice") for g in c.children) for c in verb.children)


def pen_to_paper(verb: Token) -> bool:
    """ "put pen to paper on the accord": signed it."""
    return any(c.dep_ == "dobj" and c.lower_ == "pen" for c in verb.children) and any(t.lower_ == "paper" for t in verb.subtree)


#: Verbs that found or launch what they govern: a deal only as their direct object ("set up the partnership"),
#: never one named beside it ("Under the deal, A will set up a joint venture").
FOUNDING_VERBS = frozenset({"set", "form", "found", "co-found", "create", "establish", "launch"})
#: Verbs that act on a deal only as their direct object: the founding verbs, and "blocked / froze the accord" (not "blocked
#: Latvia's accession to the accord", which rejects no deal).
OBJECT_ONLY_VERBS = FOUNDING_VERBS | {"block", "freeze", "seek", "raise", "prepare", "write"}
#: Verbs of a go-between: who brokers or mediates a deal takes part in its talks but is no side of it.
MEDIATING_VERBS = frozenset({"broker", "mediate", "facilitate"})
#: Prepositions that frame a clause by a deal rather than name what it acts on: "Under the plan, Codelco will negotiate partnerships".
FRAME_PREPS = frozenset({"under", "pursuant", "according"})
