"""Markdown markup out of an article's lines, its words kept: what a reader of the rendered page sees.

Why: an article saved as Markdown writes "**Kenya and Japan** signed" and
"*Rosa Vidal*, the minister"; the parser reads the asterisks as words and
loses the subject and the name. Headings lose their "#", list items their
bullet, emphasis and code their marks, links keep their text, images go.
Tables are left as they are (their cells are read as table lines). Every
pattern is bounded and line-local, so hostile input costs linear time.
"""

from __future__ import annotations

import re

MARKDOWN_SUFFIXES = (".md", ".markdown")

_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_BULLET = re.compile(r"^([ \t]{0,12})(?:[-*+]|\d{1,3}[.)])[ \t]+", re.MULTILINE)
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?){1,5}", re.MULTILINE)
_RULE = re.compile(r"^[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$", re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\([^()\n]{0,2000}\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)([^\n]{1,500}?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]{1,500}?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`([^`\n]{1,500})`")


def markdown_to_text(text: str) -> str:
    """The text of a Markdown article as its rendered page reads, line for line.

    >>> markdown_to_text("# Title\\n- **Kenya and Japan** signed the [accord](http://x).\\n> *Rosa Vidal*, the minister")
    'Title\\nKenya and Japan signed the accord.\\nRosa Vidal, the minister'
    """
    text = _RULE.sub("", text)
    text = _HEADING.sub(r"\1", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub(r"\1", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
