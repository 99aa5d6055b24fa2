"""An article's blocks: its lines, split off datelines and long lines, and which of them are headings.

Why a module: every stage asks these questions of a block (the engine when
it cuts an article, the mention rules when they type a name, the action
rules when they date a deal), and the answers must agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.nlp.kinds import BULLETS
from kg.nlp.view import analysis_view

if TYPE_CHECKING:
    from spacy.tokens import Doc


def block_text(doc: Doc) -> str:
    """The text of a parsed block, as :mod:`kg.engine.analyze` recorded it.

    ``Doc.text`` rebuilds the string token by token on every access, which
    cost more than all of kg's mention rules together.
    """
    text = doc.user_data.get("kg_text")
    return text if isinstance(text, str) else doc.text


#: A signature block's side line: "For the Government of the Republic of Chile:", "For and on behalf of Kestrel Mining Ltd:".
SIGNING_FOR = re.compile(r"^\s*(?:For|FOR)(?: and on behalf of| AND ON BEHALF OF)?\s+\S.{0,120}:\s*$")


def signs_for(text: str) -> bool:
    """The block is a signature block's side line ("For the Government of Japan:"), which the signer's name follows."""
    return SIGNING_FOR.match(text) is not None


def is_heading(doc: Doc) -> bool:
    """A short title-cased line without final punctuation: a heading or tag line.

    Every block is asked (several times), so the checks stop at the first
    word that rules a heading out rather than walking the whole paragraph.
    """
    if doc.user_data.get("kg_signer_line"):
        return False  # the name under "For the Government of Japan:" is a signer's, not a heading
    text = block_text(doc)
    if text.rstrip()[-1:] in ".!?\"”:;" or _listed_people_line(text):
        return False
    words = 0
    for token in doc:
        if token.is_alpha:
            words += 1
            if words > 14 or not (token.text[0].isupper() or token.is_stop):
                return False
    return words > 0


def _listed_people_line(text: str) -> bool:
    """ "- Ana Ruiz, Chief Executive, Kestrel Mining": a bulleted list entry in commas, not a heading (an infobox's "- Place: X" may be)."""
    return text.lstrip()[:1] in BULLETS and "," in text and ":" not in text


DATELINE = re.compile(r"^(?:[A-Z][A-Za-z.'’ -]{1,40},\s*)?[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?\s*(?:\([A-Za-z ]+\))?\s*[—–-]+\s+|^[A-Z][A-Z.'’ -]{2,40}(?:,[^—–\n]{0,30})?\s*(?:\([A-Za-z ]+\))?\s*[—–-]+\s+")


def is_dateline(block: str) -> bool:
    """True for a block that is only a dateline, as :func:`iter_blocks` splits them off."""
    match = DATELINE.match(block)
    return match is not None and match.end() == len(block)


def iter_blocks(text: str, max_chars: int = 100_000) -> Iterator[tuple[int, str]]:
    """Non-empty lines of ``text`` with their offsets, long lines split near ``max_chars``.

    A dateline ("MANILA, Nov 18 (Reuters) — ") is a block of its own, so the
    parser sees the first sentence as a sentence. Blocks are cut from the
    :func:`~kg.nlp.view.analysis_view` of the text: citation marks and table
    pipes blanked, offsets unchanged.
    """
    text = analysis_view(text)
    offset = 0
    for line in text.split("\n"):
        dateline = DATELINE.match(line)
        if dateline and dateline.end() < len(line):
            yield offset, line[: dateline.end()]
            offset += dateline.end()
            line = line[dateline.end() :]
        if line.strip():
            start = 0
            while len(line) - start > max_chars:
                cut = line.rfind(". ", start, start + max_chars)
                cut = cut + 2 if cut > start else start + max_chars
                yield offset + start, line[start:cut]
                start = cut
            yield offset + start, line[start:]
        offset += len(line) + 1
