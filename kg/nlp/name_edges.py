"""Where a name the NER or a rule found really starts and ends: hyphenated first words, a trailing "of" or possessive.

Why apart from :mod:`kg.nlp.spans`: both the NER's names and the rules' spans go through these edges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.nlp.model import STATE

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: First words of a state's formal or governmental name: "Government(s) of X", "Republic of X".
GOVERNING_HEADS = frozenset({"government", "governments", "state", "republic", "kingdom", "people", "federation"})


def hyphen_start(doc: Doc, start: int) -> int:
    """The start of a name whose first word the tokenizer split at a hyphen: "Inter" "-" of "Inter-American …"."""
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_ and doc[start - 2].text[:1].isupper():
        start -= 2
    return start


def fix_name_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A name does not end in "of" or a possessive: take in the state after it ("Bank of" + "China") or drop the word.

    A word the tokenizer split at its hyphen stays whole: "Inter" + "-" + "American Development Bank".
    """
    start = hyphen_start(doc, start)
    if end < len(doc) and doc[end - 1].text == "-" and not doc[end - 1].whitespace_ and doc[end].text[:1].isupper():
        end += 1  # "Inter-" of "Inter-American Development Bank", cut at the hyphen by the NER: the capitalised words after it
        while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
            end += 1
    while end - start > 1 and doc[end - 1].lower_ in ("of", "and", "for", "the", "(", ",", "-", "'s", "’s"):
        following = doc[end] if end < len(doc) else None
        governs = doc[start].lower_ in GOVERNING_HEADS and end - start == 2
        if doc[end - 1].lower_ == "of" and following is not None and following.ent_type_ in (STATE, "GPE") and following.ent_iob_ == "B" and not governs:
            stop = end + 1
            while stop < len(doc) and doc[stop].ent_iob_ == "I":
                stop += 1
            return start, stop
        end -= 1
    return start, end
