"""Embedded data out of an article's text: data URIs and long base64 runs; the size limit of one article.

Why: a Markdown file with an inline image (``![chart](data:image/png;base64,...)``)
is mostly one 50 MB "word". spaCy reads it as thousands of tokens that look
like names (a 50 MB image gave ~60 junk Person entities), its memory grows with
the run, and the stored text literal becomes too large for any RDF parser to
read back. Such data carries no words, so it is removed before the text is
cleaned and hashed; the rest of the article keeps its characters.

The size limit exists for the same reasons: memory of the NLP stage grows with
the largest article (every block of an article is kept parsed until its
entities are resolved), and Oxigraph's Turtle, N-Triples and TriG parsers
refuse a single token (the article's stored text is one literal) over
16 MiB. :data:`MAX_ARTICLE_LIMIT` keeps the escaped literal below that
buffer, so everything kg writes, kg reads back.

>>> strip_embedded_data("See ![map](data:image/png;base64,iVBORw0KGgo=) here.")
('See ![map]() here.', 34)
>>> strip_embedded_data("No data in this sentence.")
('No data in this sentence.', 0)
"""

from __future__ import annotations

import re

#: A data URI: ``data:`` and a media type, optional parameters, a comma, then the payload up to a delimiter.
#: The payload stops at whitespace, a quote, a closing bracket or parenthesis, as in Markdown and HTML.
_DATA_URI = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+(?:=[\w.+-]*)?)*,[^\s\"'<>()\[\]]*", re.ASCII)
#: A run of base64 (or hex) characters no prose holds: this many letters, digits, ``+`` and ``/`` without a break.
BASE64_RUN = 256
_BASE64 = re.compile(rf"[A-Za-z0-9+/]{{{BASE64_RUN},}}={{0,2}}")

#: Default size limit of one article's stored text, in bytes of UTF-8 (``kg build --max-article-mb``).
DEFAULT_ARTICLE_LIMIT = 4_000_000
#: Largest limit a user may set: the stored text, escaped for N-Triples (at most twice its size),
#: stays under Oxigraph's 16 MiB token buffer, so kg's own exports always load.
MAX_ARTICLE_LIMIT = 8_000_000


class ArticleLimitError(ValueError):
    """A size limit for articles that kg cannot honour (not positive, or above :data:`MAX_ARTICLE_LIMIT`)."""


def strip_embedded_data(text: str) -> tuple[str, int]:
    """``text`` without data URIs and base64 runs, and how many characters went.

    Linear in the length of ``text`` (two character-class scans), so a 50 MB
    image costs a fraction of a second. Text without such data comes back
    unchanged, the same object.
    """
    if "data:" not in text and not _BASE64.search(text):
        return text, 0
    stripped = _BASE64.sub("", _DATA_URI.sub("", text))
    return stripped, len(text) - len(stripped)


def check_article_limit(limit: int) -> int:
    """``limit`` if kg can honour it: positive and at most :data:`MAX_ARTICLE_LIMIT` bytes.

    >>> check_article_limit(1_000_000)
    1000000
    """
    if limit <= 0 or limit > MAX_ARTICLE_LIMIT:
        raise ArticleLimitError(
            f"article size limit of {limit:,} bytes: must be between 1 and {MAX_ARTICLE_LIMIT:,} "
            "(a larger article text cannot be read back from kg's exports: Oxigraph's parsers stop at 16 MiB a literal)"
        )
    return limit


def text_size(text: str) -> int:
    """Bytes of ``text`` in UTF-8, without encoding an ASCII text.

    >>> text_size("Zoë"), text_size("abc")
    (4, 3)
    """
    return len(text) if text.isascii() else len(text.encode("utf-8", errors="replace"))


def over_limit_reason(size: int, limit: int) -> str:
    """The one-line reason an article is refused, saying how to get it read."""
    return (
        f"article text is {size:,} bytes, over the limit of {limit:,} (--max-article-mb); "
        "split it into several files or raise the limit"
    )
