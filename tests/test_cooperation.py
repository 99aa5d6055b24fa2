"""Agreed cooperation gives the article's "partnership" its sides (sentences written for these tests)."""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")

ANNOUNCEMENT = (
    "Norway and Chile to expand copper ties\n"
    "Trade Minister Jan Berg today agreed to deepen Norway's cooperation with Chile on copper and lithium. "
    "The partnership will let firms from both countries invest in each other's mining sectors."
)


def test_the_partnership_agreed_as_cooperation_has_its_sides(build_texts):
    graph = build_texts(ANNOUNCEMENT)
    deals = [e.label for e in graph.entities if e.kind == "Agreement"]
    assert len(deals) == 1
    deal = deals[0]
    found = facts(graph)
    assert {("Jan Berg", "signs", deal), ("Norway", "signs", deal), ("Norway", "partyTo", deal), ("Chile", "partyTo", deal)} <= found
    assert ("Chile", "signs", deal) not in found
    assert {o for s, p, o in found if p == "covers"} == {"copper", "lithium"}


def test_cooperation_without_a_deal_mention_creates_no_deal(build_texts):
    graph = build_texts("Copper ties\nPeru agreed to strengthen its collaboration with Finland on copper.")
    assert not [e for e in graph.entities if e.kind == "Agreement"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Peru did not agree to deepen its cooperation with Finland.",
        "Peru could agree to deepen its cooperation with Finland.",
    ],
)
def test_a_negated_or_speculative_agreement_gives_no_sides(build_texts, sentence):
    graph = build_texts("Copper ties\n" + sentence + " The partnership would cover copper.")
    assert not any(p in ("signs", "partyTo") for _, p, _ in facts(graph))


@pytest.mark.parametrize(
    "sentence",
    [
        "Peru and Finland agreed on Tuesday to strengthen their cooperation on copper.",
        "Peru agreed to work with Finland on copper refining.",
        "Peru committed to deepening its cooperation with Finland on copper.",
    ],
)
def test_other_ways_of_agreeing_to_cooperate_give_the_partnership_its_sides(build_texts, sentence):
    graph = build_texts("Copper ties\n" + sentence + " The partnership will fund joint smelters.")
    deals = [e.label for e in graph.entities if e.kind == "Agreement"]
    assert len(deals) == 1
    assert {s for s, p, o in facts(graph) if p == "partyTo"} == {"Peru", "Finland"}


def test_agreeing_to_cooperate_with_no_one_named_gives_no_sides(build_texts):
    graph = build_texts("Copper ties\nPeru agreed to strengthen cooperation on copper. The partnership will fund smelters.")
    assert not any(p in ("signs", "partyTo") for _, p, _ in facts(graph))


def test_agreeing_to_act_jointly_is_the_articles_deal_its_ministers_signed(build_texts):
    graph = build_texts(
        "Norway, Chile to mine cobalt together\n"
        "Norway and Chile agreed on Monday to jointly explore and refine cobalt and nickel.\n"
        "The memorandum was signed in Oslo by Norwegian Trade Minister Jan Berg and Chilean Mining Minister Rosa Vidal.\n"
        "\"This partnership will make our industries stronger,\" Berg said."
    )
    deals = [e.label for e in graph.entities if e.kind == "Agreement"]
    assert len(deals) == 1
    found = facts(graph)
    assert {("Norway", "signs", deals[0]), ("Chile", "signs", deals[0])} <= found
    assert {o for s, p, o in found if p == "covers"} == {"cobalt", "nickel"}
