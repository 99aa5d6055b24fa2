"""Where a name the NER or a rule found really starts and ends: hyphenated first words, a trailing "of" or possessive.

Why apart from :mod:`kg.nlp.spans`: both the NER's names and the rules' spans go through these edges.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.nlp.kinds import company_tail
from kg.nlp.model import STATE
from kg.nlp.token_table import token_table

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


def bracketed_companies(doc: Doc) -> Iterator[tuple[int, int, str]]:
    """ "Tata Mining (India) Limited", "Kestrel Lithium Ghana Limited": a company whose name gives the country of its branch
    before its legal form, where the NER cuts it at the bracket or the state.
    """
    tokens = token_table(doc)
    for i in range(1, len(doc)):
        if not (tokens.text[i] == "(" or (tokens.ent_type[i] == STATE and tokens.ent_iob[i] == "B")):
            continue  # read from the table: a candidate only where a bracket or a state starts
        if not tokens.capitalised[i - 1] or tokens.ent_type[i - 1] == STATE:
            continue
        token = doc[i]
        if token.text == "(":
            close = next((k for k in range(i + 1, min(i + 5, len(doc))) if doc[k].text == ")"), None)
            if close is None or close == i + 1 or not all(t.text[:1].isupper() and t.is_alpha for t in doc[i + 1 : close]):
                continue
        elif token.ent_type_ == STATE and token.ent_iob_ == "B" and doc[i - 1].is_alpha and not doc[i - 1].is_stop:
            close = i
            while close + 1 < len(doc) and doc[close + 1].ent_iob_ == "I":
                close += 1
        else:
            continue
        end = close + 1
        while end < len(doc) and doc[end].text[:1].isupper() and company_tail([doc[end].text]) and doc[end].lower_ not in ("mines", "minerals", "metals", "resources", "mining"):
            end += 1
        if end == close + 1:
            continue  # "Lusaka (Zambia)", "Kestrel Lithium in Ghana": a place and its state, no company
        start = i - 1
        while start > 0 and not doc[start].is_sent_start and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha and not doc[start - 1].is_stop:
            start -= 1
        yield start, end, "Organization"
