"""Taking over the tokens of a name the NER typed wrongly.

Why: the small model tags "the Sahel Minerals Corridor Memorandum" PERSON and
"the Arctic Minerals Security Partnership" ORG, so when the agreement finder
recognises such a name the words must stop being a person or an
organisation, or the graph gets both nodes. Entities linked to the lexicon
(states, known bodies, minerals) keep their tokens: inside a name they are
its parties or its topic. An entity left with no token anywhere in the
article is dropped with its mentions.
"""

from __future__ import annotations

from kg.nlp.context import DocContext, Sentence


def claimable(ctx: DocContext, local_id: str) -> bool:
    """An entity the NER may have made of an agreement's name: unlinked, or a partnership of states in the lexicon."""
    draft = ctx.entities.get(local_id)
    if draft is None or draft.kind == "Agreement":
        return False
    if not draft.key:
        return draft.kind in ("Organization", "Person", "Place")
    entry = ctx.lexicon.get(draft.key)
    # a lexicon "organisation" that is a partnership of states ("... Security Partnership")
    return entry is not None and entry.kind == "Organization" and entry.org_kind == "intergovernmental" and _ends_in_agreement_noun(ctx, entry.label)


def _ends_in_agreement_noun(ctx: DocContext, label: str) -> bool:
    heads = ctx.lexicon.relations.get("agreement_name_heads", [])
    return label.split()[-1].lower() in heads


def claim_tokens(ctx: DocContext, sentence: Sentence, start: int, end: int, local_id: str) -> None:
    """Bind the tokens [start, end) of a sentence's Doc to an agreement, taking them from misread entities."""
    doc = sentence.span.doc
    taken: set[str] = set()
    for i in range(start, end):
        current = ctx.ent(doc[i])
        if current is None or claimable(ctx, current):
            if current is not None:
                taken.add(current)
            ctx.bind(doc[i], local_id)
    for lost in taken:
        if any(lid == lost for lid in ctx.token_entity.values()):
            _forget_span(ctx, sentence, lost, start, end)
        else:
            _forget(ctx, lost)


def _forget_span(ctx: DocContext, sentence: Sentence, local_id: str, start: int, end: int) -> None:
    """The entity keeps its other mentions; the ones inside the name go."""
    sentence.mentions[:] = [m for m in sentence.mentions if not (m[0] == local_id and start <= m[1] < end)]
    offset = sentence.start - sentence.span.start_char
    doc = sentence.span.doc
    lo, hi = offset + doc[start].idx, offset + doc[end - 1].idx + len(doc[end - 1].text)
    ctx.mentions[:] = [(lid, m) for lid, m in ctx.mentions if not (lid == local_id and lo <= m.start < hi)]


def _forget(ctx: DocContext, local_id: str) -> None:
    ctx.entities.pop(local_id, None)
    ctx.mentions[:] = [(lid, m) for lid, m in ctx.mentions if lid != local_id]
    for sentence in ctx.sentences:
        sentence.mentions[:] = [m for m in sentence.mentions if m[0] != local_id]
