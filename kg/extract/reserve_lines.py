"""Reserve tables flattened into a line: "World reserves: Brazil, 16 million tons; Canada, 1.6 million tons."

Why: statistical summaries (a geological survey's commodity pages, a
ministry's fact sheet) list who holds an ore as a labelled line of
"state, tonnage" entries, with no verb for the deposit rules to read. The
ore is the one the line names, else the single ore of the page's title.
"""

from __future__ import annotations

import re

from kg.extract.agreement_names import is_headline
from kg.extract.registry import extractor
from kg.nlp.context import DocContext, Sentence

#: "Reserves:", "World reserves:", "Identified resources of cobalt:", "Reserves (2023):".
RESERVE_LABEL = re.compile(r"^\s*(?:world\s+|global\s+|identified\s+|known\s+|proven\s+)?(?:reserves|resources)\b[^:]{0,40}:", re.IGNORECASE)
#: A tonnage after a name: "16 million tons", "1,600,000 t", "400 kt".
TONNAGE = re.compile(r"^\s*,?\s*(?:about\s+|approximately\s+)?[\d.,]+\s*(?:million|billion|thousand)?\s*(?:metric\s+)?(?:tons|tonnes|t|kt|mt)\b", re.IGNORECASE)


def _ore(ctx: DocContext, sentence: Sentence) -> str | None:
    """The ore the line names, else the one ore of the page's title."""
    named = {lid for lid, _, _ in sentence.mentions if ctx.kind(lid) == "Mineral"}
    first = ctx.sentences[0] if ctx.sentences else None
    if not named and first is not None and is_headline(ctx, first):
        named = {lid for lid, _, _ in first.mentions if ctx.kind(lid) == "Mineral"}
    return next(iter(named)) if len(named) == 1 else None


@extractor("reserve-lines", order=51)
def reserve_lines(ctx: DocContext) -> None:
    """hasDeposit for each state listed with a tonnage on a "Reserves:" line."""
    for sentence in ctx.sentences:
        if not RESERVE_LABEL.match(sentence.text) or (ore := _ore(ctx, sentence)) is None:
            continue
        doc = sentence.span.doc
        for local_id, _, end in sentence.mentions:
            after = doc[end : min(end + 8, sentence.span.end)].text if end < sentence.span.end else ""
            if ctx.kind(local_id) == "State" and TONNAGE.match(after):
                ctx.add_fact(local_id, "hasDeposit", ore, sentence, 0.75, "reserve-line")
