"""Facts an encyclopedic page states about its subject without naming it: infobox lines and the short description.

A flattened infobox ("Location | Chagai District |", "- Country: Serbia",
the run-together "StateWestern Australia") and a short description line
("Uranium mine in Namibia") say where the page's subject lies, what it
produces and who runs it. The subject is the place or organisation of the
title line (:meth:`~kg.nlp.context.DocContext.topic`). The annotation rules
count such a line as much as a sentence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.registry import extractor
from kg.lexicon.tables import normalise
from kg.nlp.context import DocContext, Sentence
from kg.nlp.view import INFOBOX_LINE

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Fields that say where the subject lies.
PLACE_FIELDS = frozenset(
    {"location", "place", "region", "province", "state", "district", "county", "country", "town", "city", "municipality", "territory", "aimag", "prefecture"}
)
#: Fields that list what a mine produces.
PRODUCT_FIELDS = frozenset({"products", "product", "commodities", "commodity"})
#: Fields that name a company's officers, each with a role in parentheses ("Jane Roe (CEO)").
PEOPLE_FIELDS = frozenset({"key people"})
#: Head nouns of a short description ("Uranium mine in Namibia", "Iron-ore project in Guinea").
DESCRIPTION_HEADS = frozenset({"mine", "deposit", "project", "prospect", "operation", "field", "salar", "complex"})
_ROLE = re.compile(r"\(([^()]{1,40})\)")


def _field(ctx: DocContext, sentence: Sentence) -> str | None:
    """The infobox field name a sentence's line starts with, read from the stored text."""
    text = ctx.document.text
    line_start = text.rfind("\n", 0, sentence.start) + 1
    if text[line_start : sentence.start].strip(" \t-|:"):
        return None  # the sentence does not start its line
    match = INFOBOX_LINE.match(text, line_start)
    return match.group(1).lower() if match else None


def _value_tokens(sentence: Sentence) -> list[Token]:
    return [t for t in sentence.span if not t.is_space and t.text not in ("|", ":", "-")]


def _value_place(ctx: DocContext, sentence: Sentence) -> list[str]:
    """Places and states of a location field; an unrecognised capitalised value becomes a place."""
    found = [lid for lid, _, _ in sorted(sentence.mentions, key=lambda m: m[1]) if ctx.kind(lid) in ("Place", "State")]
    if found:
        return list(dict.fromkeys(found))
    tokens = _value_tokens(sentence)
    if not tokens or not all(t.text[:1].isupper() or t.lower_ in ("de", "del", "of", "-") for t in tokens) or len(tokens) > 5:
        return []
    if any(ctx.ent(t) for t in tokens) or any(t.like_num for t in tokens):
        return []
    name = " ".join(t.text for t in tokens)
    local_id = f"Place:{normalise(name)}"
    draft = ctx.entity(local_id, "Place")
    draft.forms.append(name)
    draft.mentions += 1
    ctx.add_mention(local_id, tokens, sentence)
    return [local_id]


@extractor("infobox", order=52)
def infobox(ctx: DocContext) -> None:
    """locatedIn, hasDeposit and represents from an infobox about the title's place or organisation."""
    topic = ctx.topic()
    if topic is None:
        return
    kind = ctx.kind(topic)
    for sentence in ctx.sentences[1:]:
        field = _field(ctx, sentence)
        if field is None:
            continue
        if field in PLACE_FIELDS and kind == "Place":
            for place in _value_place(ctx, sentence):
                ctx.add_fact(topic, "locatedIn", place, sentence, 0.8, "infobox-location")
        elif field in PRODUCT_FIELDS and kind == "Place":
            for mineral in dict.fromkeys(lid for lid, _, _ in sentence.mentions if ctx.kind(lid) == "Mineral"):
                ctx.add_fact(topic, "hasDeposit", mineral, sentence, 0.8, "infobox-products")
        elif field in PEOPLE_FIELDS and kind == "Organization":
            _key_people(ctx, sentence, topic)
    if kind == "Place":
        _short_description(ctx, topic)


def _key_people(ctx: DocContext, sentence: Sentence, organisation: str) -> None:
    """ "Key people | Jane Roe (CEO), John Doe (chairman)": each represents the company, with the role as position."""
    doc = sentence.span.doc
    for local_id, _, end in sentence.mentions:
        if ctx.kind(local_id) != "Person":
            continue
        ctx.add_fact(local_id, "represents", organisation, sentence, 0.8, "infobox-people")
        after = doc[end : min(end + 8, sentence.span.end)].text
        role = _ROLE.match(after.strip())
        if role:
            ctx.entities[local_id].titles.append(role.group(1).strip())
            ctx.add_attribute(local_id, "holdsPosition", role.group(1).strip(), sentence, 0.8, "infobox-people")


def _short_description(ctx: DocContext, topic: str) -> None:
    """A verbless line near the top headed by "mine"/"project": "Uranium mine in Namibia" describes the subject."""
    for sentence in ctx.sentences[1:4]:
        root = sentence.span.root
        if root.lemma_.lower() not in DESCRIPTION_HEADS or any(t.pos_ in ("VERB", "AUX") for t in sentence.span):
            continue
        for token in sentence.span:
            local = ctx.ent(token)
            if local is None or local == topic:
                continue
            if ctx.kind(local) == "Mineral" and token.i < root.i:
                ctx.add_fact(topic, "hasDeposit", local, sentence, 0.75, "short-description")
            elif ctx.kind(local) in ("Place", "State") and token.i > root.i:
                ctx.add_fact(topic, "locatedIn", local, sentence, 0.75, "short-description")
