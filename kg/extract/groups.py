"""Groups a text names once and then refers to: "the three Andean governments", "the ministers".

Why a module: a fact sheet names the parties once ("Foreign Ministers from
A, B, C and D met ...") and then lets a plural noun stand for them ("The
ministers announced ..."); finding that earlier list is the same reading of
the text for every extractor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.base import proxied_by_preposition
from kg.extract.guesses import hosted_in
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

GROUP_NOUNS = frozenset({"government", "country", "state", "nation", "partner", "party", "side", "signatory", "member", "economy"})
NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
LIST_GLUE = frozenset({",", "and", "or", "the", "as", "well", ";"})
#: Plural nouns for officials whose states a text names once: "Foreign Ministers from A and B ... The ministers".
OFFICIAL_GROUPS = frozenset({"minister", "leader", "official", "envoy", "delegation", "negotiator", "representative", "president", "head"})
#: How many sentences back "the ministers" may refer.
GROUP_REACH = 3


def group_members(ctx: DocContext, sentence: Sentence, token: Token) -> list[str]:
    """ "the three Andean governments", "both countries": the states of the last list of that size before the phrase.

    Lists are read off the text (states separated by commas and "and"), not
    the parse, which often hangs a list's last item elsewhere.
    """
    size = next((NUMBERS.get(c.lower_) or (int(c.text) if c.text.isdigit() else 0) for c in token.children if c.dep_ in ("nummod", "det", "predet") and (c.lower_ in NUMBERS or c.text.isdigit())), 0)
    if token.lemma_.lower() in GROUP_NOUNS and token.tag_ == "NNS" and (listed := _listed_after_colon(ctx, sentence)) and size in (0, len(listed)):
        return listed  # "Eleven countries signed the charter: A, B, C, …"
    if size < 2 or token.lemma_.lower() not in GROUP_NOUNS:
        return []
    # a list in the same or the previous sentence; else the first list of that size (the lede's parties)
    for earlier in reversed(ctx.sentences[max(0, sentence.index - 1) : sentence.index + 1]):
        limit = token.i if earlier.index == sentence.index else earlier.span.end
        for run in reversed(state_lists(ctx, earlier, limit)):
            if len(run) == size:
                return run
    for earlier in ctx.sentences[: max(0, sentence.index - 1)]:
        for run in state_lists(ctx, earlier, earlier.span.end):
            if len(run) == size:
                return run
    return _visit_sides(ctx, sentence, size)


def _listed_after_colon(ctx: DocContext, sentence: Sentence) -> list[str]:
    """The states a colon announces: "… signed the charter: A, B and C." or the next sentence of the block, when it is nothing but a list of them."""
    colons = [t.i for t in sentence.span if t.text == ":"]
    if not colons:
        return []
    tail, start = sentence, colons[-1] + 1
    if not any(t.is_alpha for t in sentence.span.doc[start : sentence.span.end]):
        if sentence.index + 1 >= len(ctx.sentences):  # a line ending in a colon announces the next, in its block or not
            return []
        tail = ctx.sentences[sentence.index + 1]
        start = tail.span.start
    if tail is not sentence and (bullets := _bulleted_states(ctx, tail.index)):
        return bullets  # "signed the charter:" then one state a line
    named = [t for t in tail.span.doc[start : tail.span.end] if t.is_alpha and t.lower_ not in LIST_GLUE and not ctx.ent(t)]
    listed = [lid for lid, begin, _ in tail.mentions if begin >= start and ctx.kind(lid) == "State"]
    runs = state_lists(ctx, tail, tail.span.end)
    return runs[-1] if runs and len(runs[-1]) >= 2 and not named and len(set(listed)) == len(runs[-1]) else []


def _bulleted_states(ctx: DocContext, first: int) -> list[str]:
    """States listed one a line from sentence ``first`` on ("- Estonia", "• Latvia"), when there are two or more."""
    found: list[str] = []
    for line in ctx.sentences[first:]:
        states = {lid for lid, _, _ in line.mentions if ctx.kind(lid) == "State"}
        words = [t for t in line.span if t.is_alpha and not ctx.ent(t)]
        if len(states) != 1 or words:
            break
        found += [s for s in states if s not in found]
    return found if len(found) >= 2 else []


def _visit_sides(ctx: DocContext, sentence: Sentence, size: int) -> list[str]:
    """ "Peru's president flew to Beijing. … the two sides signed": the states of the sentence before, a capital its state's."""
    if sentence.index == 0:
        return []
    sides: list[str] = []
    for lid, _, _ in sorted(ctx.sentences[sentence.index - 1].mentions, key=lambda m: m[1]):
        state = lid if ctx.kind(lid) == "State" else f"State:{lid.rsplit(':', 1)[1]}" if lid.startswith("Place:capital:") else None
        sides += [state] if state and state not in sides else []
    if len(sides) != size:
        return []
    for state in sides:
        ctx.entity(state, "State", state.partition(":")[2])  # a state named by its capital only
    return sides


def state_lists(ctx: DocContext, sentence: Sentence, limit: int) -> list[list[str]]:
    """Runs of state mentions joined only by commas, "and", "or" and "the", before token ``limit``, in text order."""
    runs: list[list[str]] = []
    current: list[str] = []
    last_end = -1
    for lid, start, end in sorted(sentence.mentions, key=lambda m: m[1]):
        if start >= limit or ctx.kind(lid) != "State":
            continue
        between = [t.lower_ for t in sentence.span.doc[last_end:start]] if last_end >= 0 else []
        if current and all(w in LIST_GLUE for w in between):
            if lid not in current:
                current.append(lid)
        else:
            if current:
                runs.append(current)
            current = [lid]
        last_end = end
    if current:
        runs.append(current)
    return runs


def _singular(token: Token) -> str:
    """ "ministers", "Ministers" (which the tagger may leave unlemmatised as a proper noun) -> "minister"."""
    return token.lemma_.lower().removesuffix("s")


#: Verbs of a meeting whose participants a later "the ministers" or "the partners" stands for.
GATHERING_VERBS = frozenset({"meet", "gather", "convene", "assemble", "host", "welcome", "receive"})


def _gathered_states(ctx: DocContext, earlier: Sentence) -> list[str]:
    """The states a meeting sentence names as taking part: "The Foreign Ministers of A, B and C met ...", "A hosted B and C in ...".

    Those named outright, those its officials are stated to act for
    ("Minister X of Peru"), those of an officials' "of"/"from" list, and a
    host's state read off where it hosts ("hosted ... in Santiago").
    """
    verbs = [t for t in earlier.span if t.pos_ == "VERB" and t.lemma_.lower() in GATHERING_VERBS and t.dep_ in ("ROOT", "conj")]
    if not verbs:
        return []
    stated = {f.subject: f.object for f in ctx.facts if f.predicate == "represents" and f.evidence.start == earlier.start and f.evidence.confidence >= 0.8}
    states: list[str] = []
    for verb in verbs:
        for token in (t for t in verb.subtree if t.i < earlier.span.end):
            local = ctx.ent(token)
            if local is not None and ctx.kind(local) == "State":
                states.append(local)
            elif local is not None and ctx.kind(local) == "Person" and ctx.kind(stated.get(local)) == "State":
                states.append(stated[local])
            elif token.dep_ in ("nsubj", "dobj") and _singular(token) in OFFICIAL_GROUPS:
                states += proxied_by_preposition(ctx, token, ("State",))
        if verb.lemma_.lower() in ("host", "welcome", "receive"):
            for host in sorted(hosted_in(ctx, verb)):
                ctx.entity(host, "State", host.partition(":")[2])  # named by its capital only
                states.append(host)
    return list(dict.fromkeys(s for s in states if s))


def named_officials(ctx: DocContext, sentence: Sentence, token: Token) -> list[str]:
    """ "The ministers announced ...": the states of the last "ministers from/of A, B and C" up to three sentences back.

    Only a bare plural ("the ministers", "the foreign ministers", "the
    partners"), never one with its own "of"/"from" phrase or possessor,
    which names its states itself. The states of a meeting told before
    ("Minister A of Chile and Minister B of Peru met") count as such a list.
    """
    noun = _singular(token)
    if token.tag_ not in ("NNS", "NNPS") or noun not in OFFICIAL_GROUPS | {"partner"}:
        return []
    determiners = [c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "predet")]
    size = NUMBERS.get(determiners[-1], 0) if len(determiners) == 2 and determiners[0] == "the" else 0  # "the two leaders"
    # "the heads of state": an office's own "of", not a state or body that names the group
    own_of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of" and all(g.lower_ in ("state", "government") for g in c.children)]
    if (determiners not in ([], ["the"]) and not size) or any(c.dep_ in ("prep", "poss") and c not in own_of for c in token.children):
        return []  # "the ministers", "Ministers", "the two leaders"; not "two ministers", "some ministers", "ministers of X"
    for earlier in reversed(ctx.sentences[max(0, sentence.index - GROUP_REACH) : sentence.index]):
        for candidate in reversed(list(earlier.span)):
            if candidate.tag_ in ("NNS", "NNPS", "NNP") and candidate.lower_.endswith("s") and _singular(candidate) == noun:
                states = proxied_by_preposition(ctx, candidate, ("State",))
                if len(states) >= 2 and size in (0, len(states)):
                    return states
        if len(met := _gathered_states(ctx, earlier)) >= 2 and size in (0, len(met)):
            return met
    return []


def declared_we(ctx: DocContext, token: Token) -> list[str]:
    """ "We, the Foreign Ministers of A, B and C, met ...": a joint statement's "we" is the states its opening names."""
    if token.lower_ != "we":
        return []
    for sentence in ctx.sentences[:GROUP_REACH + 1]:
        for we in (t for t in sentence.span if t.lower_ == "we"):
            for appos in (c for c in we.children if c.dep_ == "appos"):
                states = proxied_by_preposition(ctx, appos, ("State",)) or [lid for t in appos.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "State"]
                if len(set(states)) >= 2:
                    return list(dict.fromkeys(states))
    return []


#: Plural nouns for the sides of a deal told before: "the parties signed an amended agreement".
SIDE_GROUPS = frozenset({"party", "signatory"})


def earlier_parties(ctx: DocContext, sentence: Sentence, token: Token) -> list[str]:
    """ "In 2015 the parties signed an amended agreement": the sides of the last deal with two or more found before the sentence."""
    if token.tag_ != "NNS" or _singular(token) not in SIDE_GROUPS or any(c.dep_ in ("prep", "poss", "nummod") for c in token.children):
        return []
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return []
    sides: dict[str, list[str]] = {}
    for fact in ctx.facts:
        if fact.predicate == "partyTo" and fact.evidence.start < sentence.start and ctx.kind(fact.subject) in ("State", "Organization"):
            found = sides.pop(fact.object, [])  # re-inserted: the deal last added to comes last
            sides[fact.object] = found + ([fact.subject] if fact.subject not in found else [])
    named = [parties for parties in sides.values() if len(parties) >= 2]
    return named[-1] if named else []
