"""Transcript speaker labels in capitals (issue 12). Every text is written for the test (invented people)."""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")


def test_an_office_first_label_with_what_the_speaker_stands_for_in_brackets(build_texts):
    graph = build_texts(
        "Press conference on the Peru–Korea minerals memorandum\n"
        "MINISTER ROSA TELLO (Energy and Mines, Peru): Good morning. Today Peru and Korea signed a memorandum on copper.\n"
        "AMBASSADOR PARK MIN-JUN (Republic of Korea): Korea is grateful for the copper.\n"
    )
    found = facts(graph)
    people = {e.label for e in graph.entities if e.kind == "Person"}
    assert {"Rosa Tello", "Park Min-Jun"} <= people  # labelled in capitals, named in title case
    tello = next(p for p in people if p.lower() == "rosa tello")
    park = next(p for p in people if p.lower() == "park min-jun")
    assert (tello, "represents", "Peru") in found and (tello, "represents", "South Korea") not in found
    assert (park, "represents", "South Korea") in found
    assert not any(e.kind == "Organization" and e.label in ("JUN", "MIN", "PARK") for e in graph.entities)


def test_a_surname_label_speaks_for_its_person_and_i_is_the_speaker(build_texts):
    graph = build_texts(
        "Transcript: Chile and Japan brief reporters\n"
        "Santiago, 3 May 2026 — press room\n"
        "Speakers: Ana Vidal, Minister of Mining of Chile; Kenji Sato, Minister of Economy of Japan\n\n"
        "VIDAL: This morning Minister Sato and I signed the Chile–Japan Copper Memorandum.\n\n"
        "NOTE: The text of the memorandum was not published.\n\n"
        "SATO: We held talks with Peru's Ministry of Energy last month on a Japan–Peru zinc framework.\n\n"
        "VIDAL: Lena Ortiz of Codelco flew to Tokyo, and she and Japan's Ministry of Economy signed a copper supply contract."
    )
    found = facts(graph)
    assert ("Ana Vidal", "signs", "Chile–Japan Copper Memorandum") in found  # "I" of the turn labelled "VIDAL"
    assert ("Kenji Sato", "signs", "Chile–Japan Copper Memorandum") in found
    zinc = {e.label for e in graph.entities if "zinc framework" in e.aliases}
    assert any(s == "Japan" and p == "negotiates" and o in zinc for s, p, o in found)  # the turn's "we"
    assert not any(s == "Ana Vidal" and "supply" in o for s, p, o in found if p == "signs")  # "she" is Ortiz, not the label
    assert not any(e.label in ("NOTE", "VIDAL", "SATO") for e in graph.entities)


def test_a_name_addressed_before_a_state_that_acts_is_no_place_of_it(build_texts):
    graph = build_texts("Podcast: the phosphate road\nHOST: Leila, Morocco signed the phosphate deal last year, didn't it?")
    assert {e.label: e.kind for e in graph.entities}.get("Leila") in (None, "Person")  # not a place of Morocco
    assert {s for s, _, _ in facts(graph, "signs")} == {"Morocco"}  # the person spoken to signs nothing


def test_i_in_a_speech_is_the_speaker_its_title_names(build_texts):
    graph = build_texts(
        "Speech by Minister Hery Rakoto at the Antananarivo Mining Forum\n"
        "Antananarivo, 3 June 2026\n\n"
        "Ladies and gentlemen, good morning. Last week in Tokyo I signed the Madagascar–Japan Graphite Memorandum."
    )
    assert ("Hery Rakoto", "signs", "Madagascar–Japan Graphite Memorandum") in facts(graph)
