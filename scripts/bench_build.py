"""Benchmark ``kg build`` against bare spaCy on a synthetic corpus.

Why: kg's promise (issue 6) is to stay near spaCy's own throughput: the NLP
model should be the cost of a build, not kg's glue around it. This script
makes N distinct articles by varying the five seed articles
deterministically (states, people, numbers and paragraph order change, so
the resolver sees a growing corpus, not N copies), then times, in one run
and on the same blocks of text:

* bare spaCy ``nlp.pipe`` with the plain model (no kg ruler);
* bare spaCy ``nlp.pipe`` with kg's pipeline (:func:`kg.nlp.load_pipeline`);
* kg's build end to end: ingest from files -> analyse -> resolve -> Dataset
  -> every export written to a folder, with a time per stage.

Each measurement runs in a fresh subprocess so that its peak RSS is its own.
It prints articles/s, tokens/s, peak RSS and kg's throughput as a share of
bare spaCy's. It is run by hand, never as a timed test.

Usage::

    .venv/bin/python scripts/bench_build.py                    # 100 and 1,000 articles
    .venv/bin/python scripts/bench_build.py -n 100 1000 10000 -j 1 2
    .venv/bin/python scripts/bench_build.py -n 200 --profile   # where kg's time goes
    .venv/bin/python scripts/bench_build.py -n 1000 --engine dask -j 2

The corpus generator (:func:`synthetic_articles`) is reused by
``tests/test_parallel.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# --------------------------------------------------------------------------- the corpus

#: (state, demonym, capital): the seeds are about Ukraine; variants move the story.
STATES = (
    ("Ukraine", "Ukrainian", "Kyiv"),
    ("Kazakhstan", "Kazakh", "Astana"),
    ("Chile", "Chilean", "Santiago"),
    ("Australia", "Australian", "Canberra"),
    ("Indonesia", "Indonesian", "Jakarta"),
    ("Brazil", "Brazilian", "Brasília"),
    ("Argentina", "Argentine", "Buenos Aires"),
    ("Canada", "Canadian", "Ottawa"),
    ("Mongolia", "Mongolian", "Ulaanbaatar"),
    ("Zambia", "Zambian", "Lusaka"),
    ("Peru", "Peruvian", "Lima"),
    ("Vietnam", "Vietnamese", "Hanoi"),
    ("Namibia", "Namibian", "Windhoek"),
    ("Bolivia", "Bolivian", "La Paz"),
    ("Greenland", "Greenlandic", "Nuuk"),
    ("Philippines", "Filipino", "Manila"),
)
#: Surnames of the people in the seeds, replaced together with any given name before them.
SEED_SURNAMES = (
    "Svyrydenko", "Zelenskyy", "Zelensky", "Stefanchuk", "Bessent", "Bassent", "Sybiha", "Yermak",
    "Kubrakov", "Witkoff", "Kellogg", "Hughes", "Raimondo", "Orynchak", "Musk",
)  # fmt: skip
GIVEN = (
    "Anna", "Boris", "Carla", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Irina", "James", "Karin", "Luis",
    "Maria", "Nikolai", "Olga", "Pedro", "Rosa", "Samuel", "Tatiana", "Victor", "Wendy", "Yusuf", "Zofia", "Adrian",
)  # fmt: skip
SURNAMES = (
    "Abrams", "Baker", "Castillo", "Dimitrov", "Eriksen", "Fischer", "Garcia", "Hoffmann", "Ivanova", "Jensen",
    "Kowalski", "Larsen", "Moreno", "Novak", "Okafor", "Petrov", "Quinn", "Romero", "Schmidt", "Tanaka", "Ulrich",
    "Vargas", "Walker", "Yilmaz", "Zimmer", "Alvarez", "Bennett", "Chavez", "Dalton", "Esposito", "Ferreira",
    "Gallagher", "Haddad", "Ibrahim", "Jovanovic", "Keller", "Lindqvist", "Mendoza", "Nakamura", "Ortega",
)  # fmt: skip
_SURNAME_RE = re.compile(r"\b(?:[A-Z][a-z]+ )?(" + "|".join(SEED_SURNAMES) + r")\b")
_YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_AMOUNT_RE = re.compile(r"\b(3[2-9]|[4-9]\d|[1-9]\d{2,})\b(?![,.]?\d)")  # never a day of the month


def seed_texts() -> list[str]:
    """The five seed articles, in file-name order."""
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def _vary(text: str, variant: int) -> str:
    """One deterministic variant of a seed: another state, other people, other numbers, other order."""
    rng = random.Random(variant)
    state, demonym, capital = STATES[variant % len(STATES)]
    text = re.sub(r"\bUkrainian\b", demonym, text)
    text = re.sub(r"\bUkraine\b", state, text)
    text = re.sub(r"\bKyiv\b", capital, text)
    people: dict[str, str] = {}

    def person(match: re.Match[str]) -> str:
        # "Zelensky" and "Zelenskyy" are one person in the seeds, so they stay one here
        key = match.group(1).rstrip("y") or match.group(1)
        if key not in people:
            people[key] = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        given, family = people[key].split(" ")
        return f"{given} {family}" if " " in match.group(0) else family

    text = _SURNAME_RE.sub(person, text)
    shift = rng.randint(-3, 3)
    text = _YEAR_RE.sub(lambda m: str(int(m.group(1)) + shift), text)
    text = _AMOUNT_RE.sub(lambda m: str(int(m.group(1)) + variant % 97), text)
    # paragraphs change places; headings and page furniture ("About the Creator") stay put
    lines = text.split("\n")
    long = [i for i, line in enumerate(lines) if i > 0 and len(line) >= 120]
    order = long[:]
    rng.shuffle(order)
    moved = list(lines)
    for place, source in zip(long, order, strict=True):
        moved[place] = lines[source]
    return "\n".join(moved)


def synthetic_articles(n: int) -> Iterator[str]:
    """``n`` distinct article texts: the five seeds first, then deterministic variants of them.

    Examples:
        >>> texts = list(synthetic_articles(12))
        >>> len(texts) == len(set(texts)) == 12
        True
        >>> texts[:5] == seed_texts() and list(synthetic_articles(12)) == texts
        True
    """
    seeds = seed_texts()
    seen: set[str] = set()
    made = 0
    variant = 0
    while made < n:
        text = seeds[variant % len(seeds)] if variant < len(seeds) else _vary(seeds[variant % len(seeds)], variant)
        variant += 1
        if text in seen:
            continue
        seen.add(text)
        made += 1
        yield text


def write_corpus(folder: Path, n: int) -> list[Path]:
    """Write ``n`` synthetic articles as .txt files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(synthetic_articles(n)):
        path = folder / f"{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
