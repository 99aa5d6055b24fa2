"""Groups a text names once and then refers to: "the three Andean governments", "the ministers".

Why a module: a fact sheet names the parties once ("Foreign Ministers from
A, B, C and D met ...") and then lets a plural noun stand for them ("The
ministers announced ..."); finding that earlier list is the same reading of
the text for every extractor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.base import proxied_by_preposition
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

GROUP_NOUNS = frozenset({"government", "country", "state", "nation", "partner", "party", "side", "signatory", "member", "economy"})
NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
LIST_GLUE = frozenset({",", "and", "or", "the", "as", "well", ";"})
#: Plural nouns for officials whose states a text names once: "Foreign Ministers from A and B ... The ministers".
OFFICIAL_GROUPS = frozenset({"minister", "leader", "official", "envoy", "delegation", "negotiator", "representative"})
#: How many sentences back "the ministers" may refer.
GROUP_REACH = 3


def group_members(ctx: DocContext, sentence: Sentence, token: Token) -> list[str]:
    """ "the three Andean governments", "both countries": the states of the last list of that size before the phrase.

    Lists are read off the text (states separated by commas and "and"), not
    the parse, which often hangs a list's last item elsewhere.
    """
    size = next((NUMBERS.get(c.lower_) or (int(c.text) if c.text.isdigit() else 0) for c in token.children if c.dep_ in ("nummod", "det", "predet") and (c.lower_ in NUMBERS or c.text.isdigit())), 0)
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
    return []


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


def named_officials(ctx: DocContext, sentence: Sentence, token: Token) -> list[str]:
    """ "The ministers announced ...": the states of the last "ministers from/of A, B and C" up to three sentences back.

    Only a bare plural ("the ministers", "the foreign ministers"), never one
    with its own "of"/"from" phrase or possessor, which names its states itself.
    """
    noun = _singular(token)
    if token.tag_ != "NNS" or noun not in OFFICIAL_GROUPS:
        return []
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) or any(c.dep_ in ("prep", "poss") for c in token.children):
        return []
    for earlier in reversed(ctx.sentences[max(0, sentence.index - GROUP_REACH) : sentence.index]):
        for candidate in reversed(list(earlier.span)):
            if candidate.tag_ in ("NNS", "NNPS", "NNP") and candidate.lower_.endswith("s") and _singular(candidate) == noun:
                states = proxied_by_preposition(ctx, candidate, ("State",))
                if len(states) >= 2:
                    return states
    return []
