"""When an agreement was signed: the date of the signing clause, never the article's.

Why apart: the date must come from the clause that reports the signing, or
"building on the X accord signed in January" gives the new deal January; and
dates come in several precisions ("on 27 June 2023", "In January 2023",
"in 2019", "on 8 November" in an article dated 2022, "today"). The annotation
keeps the precision the text gives: a month alone is "2023-01", a year alone
"2019". A date without a year takes the article's year; a relative date
("today", "on Monday") the article's date; with no article date, neither.

>>> date_value("27 June 2023", None)
'2023-06-27'
>>> date_value("January 2023", None)
'2023-01'
>>> date_value("8 November", "2022-11-09")
'2022-11-08'
>>> date_value("2019", None)
'2019'
>>> date_value("March", "2024-05-14"), date_value("November", "2024-05-14")
('2024-03', '2023-11')
>>> date_value("next year", "2022-11-09") is None
True
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.clauses import clause_of
from kg.lexicon.dates import MONTHS, find_dates, resolve_relative

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\.?,?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
DAY_MONTH = re.compile(rf"\b(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})|(?P<month2>{_MONTH})\.?\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)\b(?!\s*,?\s*(?:19|20)\d\d)", re.IGNORECASE)
MONTH_ONLY = re.compile(rf"^(?:in\s+|last\s+|early\s+|late\s+)?(?P<month>{_MONTH})\.?$", re.IGNORECASE)
YEAR_ONLY = re.compile(r"^(?:in\s+|the\s+year\s+)?(?P<year>(?:19|20)\d\d)$", re.IGNORECASE)
#: A date heading the sentence as a dateline: "April 30, 2025 — ..."
DATELINE = re.compile(r"^\s*(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})\s*[—–-]")


#: Qualifiers of a period that leave its year or month as the precision known: "early 2024", "mid-2023", "the end of 2022".
PERIOD_PART = re.compile(r"^(?:the\s+)?(?:(?:early|late|mid|middle|end|beginning|start|first half|second half)(?:\s+of)?[\s-]+(?:the\s+)?)", re.IGNORECASE)


def date_value(text: str, article_date: str | None) -> str | None:
    """The xsd value of a date expression at the precision it is written in, or None."""
    text = PERIOD_PART.sub("", text.strip())
    full = find_dates(text)
    if full:
        return full[0][2]
    match = MONTH_YEAR.search(text)
    if match:
        return f"{match.group('year')}-{MONTHS[match.group('month').lower()]:02d}"
    match = DAY_MONTH.search(text)
    if match and article_date:
        day = int(match.group("day") or match.group("day2"))
        month = MONTHS[(match.group("month") or match.group("month2")).lower()]
        if 1 <= day <= 31:
            return f"{article_date[:4]}-{month:02d}-{day:02d}"
    match = YEAR_ONLY.match(text.strip())
    if match:
        return match.group("year")
    match = MONTH_ONLY.match(text.strip())
    if match and article_date:
        # a signing reported in the past: "in November" in an article of May is last November
        month, year = MONTHS[match.group("month").lower()], int(article_date[:4])
        return f"{year - 1 if month > int(article_date[5:7]) else year}-{month:02d}"
    return resolve_relative(text, article_date)


def _in_clause(date: Span, verb: Token) -> bool:
    """The date is said of the verb's clause, and not of another verb coordinated in it ("signed X, ... concluded in 2020")."""
    if clause_of(date.root).i != clause_of(verb).i:
        return False
    own = next((t for t in date.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return own is None or own.i == verb.i or own.dep_ != "conj" or verb.dep_ == "conj"


def signing_date(verb: Token, sentence_text: str, article_date: str | None) -> str | None:
    """The date of the clause of a signing verb, or of the sentence's dateline."""
    doc = verb.doc
    sent = verb.sent
    values = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or ent.start < sent.start or ent.end > sent.end or not _in_clause(ent, verb):
            continue
        before = doc[ent.start - 1] if ent.start > sent.start else None
        # "signed 12 March 2024" with "12" left out of the NER's date
        day = before.text + " " if before is not None and before.like_num and before.ent_type_ in ("CARDINAL", "") and before.text.isdigit() else ""
        value = date_value(day + ent.text, article_date)
        if value:
            values.append(value)
    if values:
        return max(values, key=len)  # the most precise
    dateline = DATELINE.match(sentence_text)
    return date_value(dateline.group("date"), article_date) if dateline else None


def signing_date_of_dateline(block: str, article_date: str | None) -> str | None:
    """The date of a dateline block ("WASHINGTON, May 2, 2024 — "), if it gives one."""
    dates = find_dates(block)
    if dates:
        return dates[0][2]
    match = MONTH_YEAR.search(block) or DAY_MONTH.search(block)
    return date_value(match.group(0), article_date) if match else None


#: Full dates even when glued to the words around them ("News article8 November 2022Directorate").
LOOSE_DATE = re.compile(rf"(?<!\d)(?P<day>[0-3]?\d)\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>(?:19|20)\d\d)(?!\d)|(?P<month2>{_MONTH})\.?\s+(?P<day2>[0-3]?\d),?\s+(?P<year2>(?:19|20)\d\d)(?!\d)", re.IGNORECASE)


def last_full_date(text: str) -> str | None:
    """The last full date written in ``text`` (the reference for "on 8 November" when the article has no date of its own).

    >>> last_full_date("News article8 November 2022Directorate-General")
    '2022-11-08'
    """
    found = None
    for match in LOOSE_DATE.finditer(text):
        day = int(match.group("day") or match.group("day2"))
        month = MONTHS[(match.group("month") or match.group("month2")).lower()]
        year = int(match.group("year") or match.group("year2"))
        if 1 <= day <= 31:
            found = f"{year}-{month:02d}-{day:02d}"
    return found


def xsd_datatype(value: str) -> str:
    """The XSD type of a signing date at its precision: "date", "gYearMonth" ("2023-01") or "gYear" ("2019").

    >>> [xsd_datatype(v) for v in ("2023-01-05", "2023-01", "2019")]
    ['date', 'gYearMonth', 'gYear']
    """
    return {4: "gYear", 7: "gYearMonth"}.get(len(value), "date")
