"""eval/own, the corpus written for kg: its gold passes ``scripts/check_gold.py`` strictly.

Why: the own corpus measures kg on texts nobody tuned a rule on. A text edited
without its gold (a quote that no longer occurs), a relation to a misspelt id
or a date the scorer cannot compare would quietly change every score measured
on it. The checker itself is pinned on broken copies of the gold, so that the
first test cannot pass merely because the checker stopped looking. No spaCy:
the whole module runs in well under a second.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, load_script

OWN = ROOT / "eval" / "own"
TEXTS = OWN / "texts"
GOLD = OWN / "gold.json"

Gold = dict[str, Any]


@pytest.fixture(scope="module")
def checker():
    return load_script("check_gold")


@pytest.fixture(scope="module")
def gold(checker) -> Gold:
    return checker.load_gold(GOLD)


def test_own_gold_has_no_problems(checker, gold: Gold) -> None:
    problems = checker.check_gold(gold, TEXTS, file="eval/own/gold.json", strict=True)
    assert [str(p) for p in problems] == []


def test_every_text_is_a_doc_of_the_gold(gold: Gold) -> None:
    assert gold["corpus"] == "own"
    assert sorted(gold["docs"].values()) == sorted(p.name for p in TEXTS.glob("*.txt"))
    assert all(name.startswith(f"{doc}_") for doc, name in gold["docs"].items())


def test_texts_are_short_articles_with_a_headline() -> None:
    for path in sorted(TEXTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0].strip(), f"{path.name}: the first line is the headline"
        assert 150 <= len(text.split()) <= 350, f"{path.name}: {len(text.split())} words"


def test_every_doc_states_relations_and_attributes_name_stated_dates(gold: Gold) -> None:
    stated = {doc for rel in gold["relations"] for doc in rel["docs"]}
    assert stated == set(gold["docs"])
    agreements = {e["id"] for e in gold["entities"] if e["type"] == "Agreement"}
    assert {a["s"] for a in gold["attributes"]} <= agreements


def _first_relation(gold: Gold) -> dict[str, Any]:
    return gold["relations"][0]


def _loud_quote(gold: Gold) -> None:
    rel = _first_relation(gold)
    words = rel["quote"].upper().split()
    rel["quote"] = "\n  ".join(words)


def test_quotes_are_compared_without_case_or_spacing(checker, gold: Gold) -> None:
    loud = copy.deepcopy(gold)
    _loud_quote(loud)
    assert checker.check_gold(loud, TEXTS, strict=True) == []


BREAKAGES: dict[str, tuple[Callable[[Gold], None], str]] = {
    "quote not in its doc": (lambda g: _first_relation(g).update(quote="a sentence no article holds"), "quote not found in"),
    "unscored predicate": (lambda g: _first_relation(g).update(p="sign"), "not one of the 13 scored ones"),
    "unknown subject": (lambda g: _first_relation(g).update(s="atlantis"), "is not an entity id"),
    "domain": (lambda g: _first_relation(g).update(s="lithium"), "subject is a Mineral"),
    "unknown doc": (lambda g: _first_relation(g).update(docs=["o99"]), "unknown doc id"),
    "missing file": (lambda g: g["docs"].update(o99="o99_missing.txt"), "no such file"),
    "duplicate id": (lambda g: g["entities"].append(dict(g["entities"][0])), "id used 2 times"),
    "unknown class": (lambda g: g["entities"][0].update(type="Country"), "is not one of"),
    "bad pattern": (lambda g: g["entities"][0]["aliases"].append("re:(unclosed"), "does not compile"),
    "position of a state": (lambda g: g["positions"][0].update(person="china"), "not a Person"),
    "impossible date": (lambda g: g["attributes"][0].update(o="2024-02-30"), "not an ISO date"),
    "date on a state": (lambda g: g["attributes"][0].update(s="china"), "signedOn needs Agreement"),
    "no quote (strict)": (lambda g: _first_relation(g).pop("quote"), "no quote"),
    "id not a slug (strict)": (lambda g: g["entities"][0].update(id="usa"), "not the slug"),
    "listed twice (strict)": (lambda g: g["relations"].append(copy.deepcopy(_first_relation(g))), "same triple as"),
    "optional end (strict)": (lambda g: g["entities"][0].update(required=False), "is an optional entity"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_the_checker_reports_broken_gold(checker, gold: Gold, name: str) -> None:
    mutate, expected = BREAKAGES[name]
    broken = copy.deepcopy(gold)
    mutate(broken)
    messages = [p.message for p in checker.check_gold(broken, TEXTS, strict=True)]
    assert any(expected in m for m in messages), messages


def test_command_line_exit_codes(checker, gold: Gold, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert checker.main([str(GOLD), str(TEXTS), "--strict"]) == 0
    assert capsys.readouterr().out.count("\n") == 1
    broken = copy.deepcopy(gold)
    _first_relation(broken)["p"] = "sign"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    assert checker.main([str(path), str(TEXTS)]) == 1
    assert f"{path}: relations[0]" in capsys.readouterr().out
