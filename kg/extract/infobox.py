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
from kg.extract.signing_dates import date_value
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
#: Fields that list an agreement's sides, and those of them that say the sides signed it.
SIDE_FIELDS = frozenset({"signatories", "parties", "members", "ratifiers"})
SIGNING_FIELDS = frozenset({"signatories", "ratifiers"})
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
    """locatedIn, hasDeposit and represents from an infobox about the title's place or organisation; sides and date of an agreement."""
    topic = ctx.topic()
    if topic is None:
        return
    kind = ctx.kind(topic)
    for sentence in ctx.sentences[1:]:
        field = _field(ctx, sentence)
        if field is None and kind == "Agreement":
            field = _listed_under(ctx, sentence)  # "Signatories" alone on its line, one side per line below
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
        elif kind == "Agreement":
            _agreement_field(ctx, sentence, field, topic)
    if kind == "Place":
        _short_description(ctx, topic)


def _agreement_field(ctx: DocContext, sentence: Sentence, field: str, agreement: str) -> None:
    """A treaty infobox: "Signed | 3 May 2019", "Signatories | A, B" (or one per line below), "Type | Trade agreement"."""
    if field == "signed":
        words = " ".join(t.text for t in sentence.span if t.ent_type_ == "DATE")
        value = date_value(words, ctx.document.date) if words else None
        if value:
            ctx.add_attribute(agreement, "signedOn", value, sentence, 0.8, "infobox-signed")
    elif field in SIDE_FIELDS:
        for side in dict.fromkeys(_sides(ctx, sentence)):
            ctx.add_fact(side, "partyTo", agreement, sentence, 0.8, "infobox-parties")
            if field in SIGNING_FIELDS:
                ctx.add_fact(side, "signs", agreement, sentence, 0.8, "infobox-parties")
    elif field == "type":
        for local_id in sorted({lid for lid, _, _ in sentence.mentions if ctx.kind(lid) == "Agreement" and lid != agreement}):
            ctx.merge(local_id, agreement)  # "Type | Trade agreement": what the page's agreement is, never another one


def _listed_under(ctx: DocContext, sentence: Sentence) -> str | None:
    """The side field ("Signatories") a value line stands under, one value per line: walk up over short lines to a bare field line."""
    text = ctx.document.text
    line_start = text.rfind("\n", 0, sentence.start) + 1
    for _ in range(40):
        if line_start == 0:
            return None
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        line = text[previous_start : line_start - 1]
        match = INFOBOX_LINE.match(line)
        if match is not None:
            field = match.group(1).lower()
            first = line[match.end() :].strip(" \t|:")  # "Signatories\tArgentina", then one side per line
            return field if field in SIDE_FIELDS and len(first.split()) <= 5 else None
        if not line.strip() or len(line.split()) > 5:
            return None
        line_start = previous_start
    return None


def _sides(ctx: DocContext, sentence: Sentence) -> list[str]:
    return [lid for lid, _, _ in sorted(sentence.mentions, key=lambda m: m[1]) if ctx.kind(lid) in ("State", "Organization")]


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
