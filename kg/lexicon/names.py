"""Person names: cleaning, transliteration keys and fuzzy identity.

News spells the same person many ways (Zelensky, Zelenskyy, Zelenskiy;
Yulia, Yuliia; Andrii, Andriy) and sometimes misspells them. These helpers
give every spelling a comparable key, so resolution can treat the variants
as one person without a list of names.

>>> translit_key("Zelenskyy") == translit_key("Zelenskiy") == translit_key("Zelensky")
True
>>> translit_key("Yuliia") == translit_key("Yulia")
True
>>> one_edit_apart("bessent", "bassent")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

PARTICLES = {"von", "van", "der", "den", "de", "la", "le", "du", "da", "di", "del", "bin", "al", "el", "ibn", "ter", "dos", "das"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@cache
def translit_key(word: str) -> str:
    """A key equal for common romanisation variants of one name.

    Folds case and accents, treats y/i/j alike, drops soft signs and
    apostrophes, and collapses doubled letters.
    """
    key = ascii_fold(word).lower()
    key = re.sub(r"['’`ʹ]", "", key)
    key = key.replace("kh", "h").replace("ck", "k").replace("w", "v").replace("ph", "f")
    key = re.sub(r"[yj]", "i", key)
    key = re.sub(r"(?<=[aeou])i(?=[aeiou])", "", key)  # Tokayev / Tokaev
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"[^a-z]", "", key)


def one_edit_apart(a: str, b: str) -> bool:
    """True when a and b differ by exactly one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"\s+", name.strip()) if t]


def surname(name: str) -> str:
    """The family name: the last token that is not a suffix ("Jr.")."""
    tokens = [t for t in name_tokens(name) if t.lower().strip(".,") not in SUFFIXES]
    if not tokens:
        return name
    last = tokens[-1]
    # "von der Leyen": the surname keeps its particles
    index = len(tokens) - 1
    while index > 0 and tokens[index - 1].lower() in PARTICLES:
        index -= 1
    return " ".join(tokens[index:]) if index < len(tokens) - 1 else last


def given_names(name: str) -> str:
    tokens = name_tokens(name)
    family = name_tokens(surname(name))
    return " ".join(tokens[: len(tokens) - len(family)])


def first_surname_key(name: str) -> str | None:
    """Key of the first of two surnames ("Fuentes" of "Carolina Fuentes Araya"), which texts use alone; None for shorter names."""
    tokens = name_tokens(name)
    return translit_key(tokens[-2]) if len(tokens) >= 3 and tokens[-2].lower() not in PARTICLES else None


@cache
def person_key(name: str) -> str:
    """Key of a person for grouping: the transliteration key of the surname."""
    return translit_key(surname(name).replace(" ", ""))


def compatible_given(a: str, b: str) -> bool:
    """Given names that may be the same person ("" fits anything; initials fit)."""
    if not a or not b:
        return True
    ka, kb = translit_key(a.split()[0]), translit_key(b.split()[0])
    if not ka or not kb:
        return True
    if len(ka) == 1 or len(kb) == 1:
        return ka[0] == kb[0]
    return ka == kb or ka.startswith(kb) or kb.startswith(ka)


#: Words a title-cased name keeps in lower case after its first word.
SMALL_WORDS = frozenset({"of", "for", "the", "and", "to", "on", "at", "in", "de", "la", "du"})


def title_case(text: str) -> str:
    """ "MINISTER FOR RESOURCES" or "ministry of mines" -> "Minister for Resources", "Ministry of Mines"."""
    words = text.split(" ")
    return " ".join(w.lower() if i and w.lower() in SMALL_WORDS else w[:1].upper() + w[1:].lower() for i, w in enumerate(words))

