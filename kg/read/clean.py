"""Page furniture out of an article's lines (share rows, comment prompts, bylines, captions, bios, repeats); its title and publication date."""

from __future__ import annotations

import re

from kg.lexicon.dates import find_dates
from kg.read.decode import plain_text

SHARE_WORDS = {
    "facebook", "twitter", "x", "whatsapp", "linkedin", "pinterest", "reddit", "telegram",
    "tumblr", "email", "e-mail", "print", "share", "share this", "share this:", "share this article",
    "copy link", "messenger", "flipboard", "pocket", "threads", "bluesky", "mastodon", "tweet",
}


FURNITURE_LINE = re.compile(
    r"^(?:leave a (?:reply|comment)|post (?:a )?comment|comments?(?: \(\d+\))?|"
    r"your email address will not be published.*|required fields are marked.*|"
    r"there are no comments.*|be the first to (?:respond|comment).*|no comments yet.*|"
    r"related (?:posts|articles|stories)|read more|advertisement|subscribe.*newsletter.*|"
    r"sign up for .*newsletter.*|cancel reply|skip to (?:main )?content|you may also like)\W*$",
    re.IGNORECASE,
)
#: Lines a wiki page or its mirror adds around the article: reader chrome, not text.
WIKI_FURNITURE_LINE = re.compile(
    r"^(?:remove ads|edit this at wikidata|from wikipedia, the free encyclopedia|\(redirected from [^)]*\)|"
    r"contents|hide|jump to (?:navigation|search)|this article is about .*|for other uses, see .*|"
    r"coordinates\s*:?\s*[\d°′″.'\"NSEW /;,-]+|\[(?:edit|hide|show)\])\W*$",
    re.IGNORECASE,
)


BYLINE = re.compile(
    r"^(?:(?:[Ww]ords|[Ww]ritten|[Ss]tory|[Tt]ext) )?(?:[Bb]y|BY)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:\s*(?:,|and|&|\|)\s*[\w.'’ -]{0,60})?$"
)


CREDIT_LINE = re.compile(r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|graphics|research)\s+by\b", re.IGNORECASE)
RELATED_HEADING = re.compile(r"^(?:read more|related(?: stories| articles| coverage)?|also read|see also|more on this(?: story)?|recommended)\s*:?$", re.IGNORECASE)
BIO_HEADING = re.compile(r"^about the (?:creator|author|writer|contributor)s?\W*$", re.IGNORECASE)
#: The back matter of an encyclopedic page: reference lists and links name authors and publishers, not actors.
BACK_MATTER_HEADING = re.compile(r"^(?:references|notes|notes and references|external links|further reading|bibliography|citations|sources)(?:\[edit\])?$", re.IGNORECASE)
CAPTION_LINE = re.compile(
    r"^(?:\(?(?:photo|image|picture|illustration|file photo|caption|pictured)\b\s*[:(-]|"
    r"close-up of\b|an? (?:aerial )?(?:view|photo|picture|image|photograph) of\b)"
    r"|(?:getty images|\bap photo\b|photo by\b|photograph:|image credit|/ ?reuters\)?$)",
    re.IGNORECASE,
)


CITY_PREFIX = re.compile(r"^[A-Z][A-Za-z.'’ -]{1,40},\s+(?=[A-Z][a-z]{2,8}\.? \d|\d{1,2} [A-Z][a-z]{2,8})")
DATELINE = re.compile(r"^\s*(?:(?:published|updated|posted)(?:\s+on)?\s*:?\s*)?", re.IGNORECASE)


def clean_text(text: str) -> str:
    """The analysed text of an article: page furniture and repeats removed.

    Lines are kept verbatim apart from invisible control and formatting
    characters (see :func:`plain_text`), so evidence sentences are found in
    the source; only whole lines are dropped. Linear in the text's length,
    so a 5 MB article costs no more per line than a short one.
    """
    lines = plain_text(text).split("\n")
    stripped = [line.strip() for line in lines]
    following = [""] * len(lines)  # the next non-empty line after each line
    after = ""
    for index in range(len(lines) - 1, -1, -1):
        following[index] = after
        after = stripped[index] or after
    kept: list[str] = []
    seen: set[str] = set()
    in_related = False
    for index, line in enumerate(stripped):
        if not line:
            in_related = False
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if BIO_HEADING.match(line) or (BACK_MATTER_HEADING.match(line) and len(kept) >= 2):
            break  # the rest is about the writer, or the page's references
        if RELATED_HEADING.match(line):
            in_related = True  # "Read more:" and the headlines it lists
            continue
        if in_related and len(line.split()) <= 16 and line[-1:] not in ".!?\"”":
            continue
        in_related = False
        if line.lower() in SHARE_WORDS or FURNITURE_LINE.match(line) or WIKI_FURNITURE_LINE.match(line) or CAPTION_LINE.search(line):
            continue
        if (BYLINE.match(line) and len(line.split()) <= 10) or CREDIT_LINE.match(line):
            continue  # "By Jane Doe", "Reporting by ...; Editing by ..."
        if line in seen:
            continue
        if len(line) > 40 and following[index] != line and following[index].startswith(line):
            continue
        seen.add(line)
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept)


def find_title(text: str) -> str:
    """The title: the first line that is not a short section label."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:5]:
        if len(line.split()) <= 2 and len(lines) > 1:
            continue
        if len(line) <= 200:
            return line
        first = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
        return first if len(first) <= 200 else first[:197].rsplit(" ", 1)[0] + "…"
    return lines[0][:200] if lines else ""


#: Characters at the start of a line that can hold a dateline: a prefix, a city and a date, with room to spare.
_HEAD = 400


def find_publication_date(text: str) -> str | None:
    """A publication date stated at the top of the article: a dateline or a date line.

    "April 30, 2025 — ...", "Published: 3 May 2024", a line holding only a
    date. A date inside a sentence ("On May 5, 2024 they met") is not one.
    Only the start of a line is read (the date must open it): reading all of
    a 50 MB single-line article took minutes.
    """
    for line in [line for line in text.split("\n") if line.strip()][:6]:
        head = DATELINE.sub("", line[:_HEAD], count=1)
        head = CITY_PREFIX.sub("", head, count=1)  # "LONDON, June 16, 2020 - ..."
        dates = find_dates(head)
        if not dates or dates[0][0] > 1:
            continue
        rest = head[dates[0][1] :].strip()
        if not rest or rest[0] in "—–-|:(,/" or re.match(r"^\d{1,2}[:.]\d{2}", rest):
            return dates[0][2]
    return None
