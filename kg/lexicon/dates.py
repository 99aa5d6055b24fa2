"""Finding and normalising dates in news text, without a network or a model.

>>> parse_date("April 30, 2025")
'2025-04-30'
>>> parse_date("30 April 2025")
'2025-04-30'
>>> parse_date("2025-04-30T10:00:00Z")
'2025-04-30'
>>> parse_date("sometime soon") is None
True
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

#: Date expressions kg understands, most specific first.
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _to_iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
    try:
        return dt.date(int(groups["year"]), month, int(groups["day"])).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """All absolute dates in ``text`` as (start, end, ISO date), in text order."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            iso = _to_iso(match)
            if iso:
                found.append((match.start(), match.end(), iso))
                taken.append((match.start(), match.end()))
    return sorted(found)


def parse_date(text: str) -> str | None:
    """The first absolute date in ``text`` as an ISO string, or None."""
    dates = find_dates(text)
    return dates[0][2] if dates else None


def resolve_relative(expression: str, reference: str | None) -> str | None:
    """Resolve "today", "yesterday", "on Tuesday" against an article's date.

    Returns None when the expression is not relative or no reference is known.
    """
    if not reference:
        return None
    ref = dt.date.fromisoformat(reference)
    lowered = expression.lower()
    if re.search(r"\btoday\b|\bthis (?:morning|afternoon|evening)\b|\btonight\b", lowered):
        return ref.isoformat()
    if re.search(r"\byesterday\b|\blast night\b", lowered):
        return (ref - dt.timedelta(days=1)).isoformat()
    for index, day in enumerate(WEEKDAYS):
        if re.search(rf"\b(?:on|last)\s+{day}\b", lowered):
            back = (ref.weekday() - index) % 7 or 7
            return (ref - dt.timedelta(days=back)).isoformat()
    return None
