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
