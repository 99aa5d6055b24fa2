"""eval/heldout, the second held-out corpus: its gold passes ``scripts/check_gold.py`` strictly, and it builds and scores.

Why: like ``eval/fresh``, the heldout corpus checks that rules were not tuned on
the texts they are measured on, with texts by yet another author and in other
outlet styles. A broken gold would quietly change its scores, so it is checked
like ``eval/own``. No score threshold tuned to current output is
asserted (that would invite tuning on it); only a sanity floor that any
working build clears.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, load_script

HELDOUT = ROOT / "eval" / "heldout"
TEXTS = HELDOUT / "texts"
GOLD = HELDOUT / "gold.json"


@pytest.fixture(scope="module")
def checker():
    return load_script("check_gold")


@pytest.fixture(scope="module")
def gold(checker) -> dict[str, Any]:
    return checker.load_gold(GOLD)


def test_heldout_gold_has_no_problems(checker, gold) -> None:
    problems = checker.check_gold(gold, TEXTS, file="eval/heldout/gold.json", strict=True)
    assert [str(p) for p in problems] == []


def test_every_text_is_a_doc_of_the_gold(gold) -> None:
    assert gold["corpus"] == "heldout"
    assert sorted(gold["docs"].values()) == sorted(p.name for p in TEXTS.glob("*.txt"))
    assert all(name.startswith(f"{doc}_") for doc, name in gold["docs"].items())


def test_texts_are_short_articles_with_a_headline() -> None:
    for path in sorted(TEXTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0].strip(), f"{path.name}: the first line is the headline"
        assert 150 <= len(text.split()) <= 450, f"{path.name}: {len(text.split())} words"


def test_every_doc_states_relations(gold) -> None:
    assert {doc for rel in gold["relations"] for doc in rel["docs"]} == set(gold["docs"])
    agreements = {e["id"] for e in gold["entities"] if e["type"] == "Agreement"}
    assert {a["s"] for a in gold["attributes"]} <= agreements


def test_heldout_is_discovered_without_shared() -> None:
    ev = load_script("eval")
    names = [c.name for c in ev.discover(None, ROOT / "eval" / "own")]
    assert "heldout" in names


@pytest.mark.slow
def test_heldout_builds_and_scores(tmp_path: Path) -> None:
    ev = load_script("eval")
    corpus = next(c for c in ev.discover(None, ROOT / "eval" / "own") if c.name == "heldout")
    report = ev.evaluate(corpus, ev.build(corpus, tmp_path / "heldout", None))
    assert report.docs == len(corpus.texts)
    assert report.entities.f1 > 0.3  # a sanity floor, not a tuned threshold
    assert 0.0 <= report.relations.f1 <= 1.0
