"""HTML -> the article's text: scripts, navigation, forms and captions dropped, block elements kept as lines."""

from __future__ import annotations

import html as html_lib
import logging
import re
from html.parser import HTMLParser

from kg.lexicon.dates import parse_date
from kg.read.documents import RawText

log = logging.getLogger("kg")


_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "button", "figcaption", "head"}
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "blockquote", "pre", "figure", "dd", "dt", "hr", "main",
}


class _HTMLText(HTMLParser):
    """Collects the visible text of a page, a line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: str | None = None
        self.h1: str | None = None
        self.date: str | None = None
        self._in: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS and tag != "head":
            self.skip += 1
        if tag in ("title", "h1") and self._in is None:
            self._in, self._buffer = tag, []
        if tag == "meta":
            attributes = {k: v or "" for k, v in attrs}
            name = (attributes.get("property") or attributes.get("name") or "").lower()
            if name in ("article:published_time", "date", "pubdate", "dc.date", "dcterms.date") and not self.date:
                self.date = parse_date(attributes.get("content", ""))
        if tag == "time" and not self.date:
            self.date = parse_date(dict(attrs).get("datetime") or "")
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and tag != "head" and self.skip:
            self.skip -= 1
        if tag == self._in:
            text = " ".join("".join(self._buffer).split())
            if tag == "title" and not self.title:
                self.title = text or None
            if tag == "h1" and not self.h1:
                self.h1 = text or None
            self._in = None
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buffer.append(data)
        if self._in == "title" or self.skip:
            return
        self.parts.append(data)


def html_to_text(html: str, source: str) -> RawText:
    """Visible text of an HTML page, with its title and date when it has them.

    Python's parser raises on a few malformed declarations (``<![<``); such
    declarations are dropped and the page parsed again rather than lost.
    """
    try:
        parser = _parse_html(html)
    except AssertionError:
        log.warning("%s: malformed HTML declarations (<!...>) ignored", source)
        try:
            parser = _parse_html(_DECLARATION.sub("", html))
        except AssertionError:  # not seen in practice; text without tags beats no text
            parser = _parse_html(html_lib.escape(_TAG.sub("\n", html), quote=False))
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text = "\n".join(line for line in lines if line)
    return RawText(text=text, source=source, title=parser.h1 or parser.title, date=parser.date)


_DECLARATION = re.compile(r"<!(?!--)[^>]*>?")
_TAG = re.compile(r"<[^>]*>?")


def _parse_html(html: str) -> _HTMLText:
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    return parser
