"""hasDeposit from a deposit noun's own phrase, read along the words (issue 12).

Every sentence is written for the test (real states and regions, invented or
generic sites).
"""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")


def deposits(graph) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in facts(graph) if p == "hasDeposit"}


def test_each_deposit_noun_owns_the_places_of_its_own_phrase(build_texts):
    found = deposits(build_texts(
        "Uganda holds significant cobalt deposits, notably in the Kasese District and in the province of Mbale, "
        "and substantial copper resources in the Karamoja Region."
    ))
    assert {("Kasese", "cobalt"), ("Mbale", "cobalt"), ("Karamoja", "copper")} <= found
    assert not {("Karamoja", "cobalt"), ("Kasese", "copper")} & found


def test_most_of_them_in_and_including_around_name_the_places_that_hold_them(build_texts):
    found = deposits(build_texts(
        "Kenya sits on large nickel reserves, most of them in the Kwale and Taita regions. "
        "Tanzania has significant graphite deposits, including around Nachu in the Lindi Region."
    ))
    assert {("Kwale", "nickel"), ("Nachu", "graphite"), ("Tanzania", "graphite")} <= found
    assert ("Lindi Region", "graphite") not in found  # where Nachu lies, not said to hold graphite


def test_a_place_whose_mines_extract_an_ore_holds_it_and_a_new_clause_ends_the_phrase(build_texts):
    found = deposits(build_texts(
        "The concentrate comes from Peru's Puno Region, where small mines extract tin and tungsten ores. "
        "Bolivia has the largest lithium reserves in South America, and Chile exports copper to China."
    ))
    assert {("Puno", "tin"), ("Puno", "tungsten"), ("Bolivia", "lithium")} <= found
    assert not {("Chile", "lithium"), ("China", "lithium")} & found


def test_what_exploration_at_a_site_found_is_held_there_and_plans_or_misses_are_not(build_texts):
    found = deposits(build_texts(
        "Exploration at Kovu has outlined a 40-million-tonne graphite resource. "
        "Drilling at Rocky Hill returned high-grade lithium intercepts. "
        "Drilling at Stony Creek did not return any cobalt. "
        "Exploration at Baru is planned for 2027, when nickel prices recover."
    ))
    assert {("Kovu", "graphite"), ("Rocky Hill", "lithium")} <= found
    assert not {("Stony Creek", "cobalt"), ("Baru", "nickel")} & found
