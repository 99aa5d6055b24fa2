"""Claims, questions and exclusions state no fact (issue 12): fact-checks, transcripts, interviews.

Every text is written for the test (invented people; real states).
"""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")

FACT_CHECK = (
    "Fact check: Did Kenya sign a cobalt deal with China?\n"
    "CLAIM: A viral post says Kenya signed a secret cobalt agreement with China in March.\n"
    "VERDICT: False. The post also claims that the United States offered Kenya a $500 million loan for a refinery.\n"
    "Tanzania signed a graphite memorandum with China in 2023."
)


def test_a_claim_under_test_and_a_yes_no_question_state_nothing_the_article_asserts(build_texts):
    found = facts(build_texts(FACT_CHECK))
    assert not any(s == "Kenya" and p in ("signs", "partyTo") for s, p, _ in found)
    assert ("United States", "providesAidTo", "Kenya") not in found
    memorandum = next(o for s, p, o in found if s == "Tanzania" and p == "signs")  # what the writer states stands
    assert ("China", "partyTo", memorandum) in found


def test_a_mineral_a_speaker_excludes_is_not_covered(build_texts):
    found = facts(build_texts(
        "Today Peru and Korea signed a memorandum of understanding on critical minerals, covering copper and zinc.\n"
        "QUESTION: Minister, will the memorandum include lithium?\n"
        "TELLO: No. Lithium is not part of this memorandum."
    ))
    covered = {o for s, p, o in found if p == "covers"}
    assert covered == {"copper", "zinc"}


def test_what_a_correction_says_was_incorrectly_stated_is_not_asserted(build_texts):
    graph = build_texts(
        "Correction: Ghana–Oman bauxite talks\n"
        "An earlier version of this article incorrectly stated that Ghana and Oman had signed a bauxite supply agreement. "
        "The two governments are still negotiating the agreement."
    )
    assert not facts(graph, "signs")
    assert {s for s, _, _ in facts(graph, "negotiates")} == {"Ghana", "Oman"}
