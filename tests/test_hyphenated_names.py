"""Names the tokenizer splits at a hyphen or that open with a number stay whole (issue 12). Sentences written for the test."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("nlp")


def test_hyphenated_first_words_and_a_leading_number_stay_in_the_name(build_texts):
    graph = build_texts(
        "The Inter-American Development Bank approved a loan to Bolivia. "
        "The Sino-Congolese Mining Company and the Afro-Asian Resources Fund met in Lima. "
        "Canada is a party to the Comprehensive and Progressive Agreement for Trans-Pacific Partnership. "
        "Peru and Chile signed the 100 Year Partnership in January."
    )
    bodies = {e.label for e in graph.entities if e.kind == "Organization"}
    deals = {e.label for e in graph.entities if e.kind == "Agreement"}
    assert {"Inter-American Development Bank", "Sino-Congolese Mining Company", "Afro-Asian Resources Fund"} <= bodies
    assert not bodies & {"Inter", "Sino", "American Development Bank"}
    assert deals == {"Comprehensive and Progressive Agreement for Trans-Pacific Partnership", "100 Year Partnership"}


def test_two_states_joined_by_a_hyphen_are_no_one_name(build_texts):
    graph = build_texts("Peru and Chile signed a Peru-Chile lithium memorandum on 3 May 2025.")
    assert not any(e.kind == "Organization" for e in graph.entities)
    assert {e.label for e in graph.entities if e.kind == "State"} == {"Peru", "Chile"}


def test_a_hyphenated_surname_before_an_office_keeps_the_given_name(build_texts):
    graph = build_texts("Maria Tremblay-Okafor, Minister of Energy, signed the Canada-Peru Minerals Partnership for Canada.")
    people = {e.label for e in graph.entities if e.kind == "Person"}
    deals = {e.label for e in graph.entities if e.kind == "Agreement"}
    assert people == {"Maria Tremblay-Okafor"}
    assert deals == {"Canada-Peru Minerals Partnership"}  # "for Canada" says who signed it, not what it is called


def test_a_region_named_with_state_is_a_place(build_texts):
    graph = build_texts("Myanmar's Kachin State, where unregulated mines extract dysprosium, borders China.")
    assert ("Kachin State", "Place") in {(e.label, e.kind) for e in graph.entities}
    assert not any(e.kind == "Organization" for e in graph.entities)
