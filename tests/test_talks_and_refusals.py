"""Talks, refusals and signings said around a deal rather than of it (issue 12).

Every sentence is written for the test (invented deals and people; real states).
"""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")


def test_talks_on_a_deal_named_by_its_sides_are_those_sides_talks(build_texts):
    found = facts(build_texts("Talks on a Chile–Japan investment treaty stalled last year over tax clauses and copper royalties."))
    deal = next(o for s, p, o in found if p == "partyTo")
    assert ("Chile", "negotiates", deal) in found and ("Japan", "negotiates", deal) in found


def test_who_chairs_the_negotiations_takes_part_and_who_withdraws_from_them_rejects_the_deal(build_texts):
    found = facts(build_texts(
        "Chile and Peru negotiated the Andes Lithium Partnership for a year. "
        "Negotiations on the Andes Lithium Partnership were chaired by Ana Ruiz, Chile's ambassador to Peru. "
        "Ecuador took part in the early rounds but withdrew from the negotiations in May 2025."
    ))
    assert ("Ana Ruiz", "negotiates", "Andes Lithium Partnership") in found
    assert ("Ecuador", "rejects", "Andes Lithium Partnership") in found
    assert ("Ecuador", "partyTo", "Andes Lithium Partnership") not in found


def test_the_text_signed_for_each_state_is_the_deal_and_a_text_merely_mentioned_is_none(build_texts):
    graph = build_texts(
        "Chile and Peru signed the Andes Lithium Partnership in Lima on 4 May 2025. "
        "The text was signed for Chile by the Minister of Mining, Ana Ruiz, and for Peru by the Minister of Energy and Mines, Jorge Salas. "
        "Cobalt is not in the text."
    )
    found = facts(graph)
    assert [e.label for e in graph.entities if e.kind == "Agreement"] == ["Andes Lithium Partnership"]
    assert ("Ana Ruiz", "signs", "Andes Lithium Partnership") in found and ("Jorge Salas", "signs", "Andes Lithium Partnership") in found
    assert ("Andes Lithium Partnership", "covers", "cobalt") not in found


def test_each_bullet_of_a_digest_is_its_own_story(build_texts):
    graph = build_texts(
        "Critical Minerals Weekly\n"
        "• Zambia: The government signed a copper offtake memorandum with Kestrel Holdings on Tuesday.\n"
        "• Chile: Codelco and Rio Tinto are in talks on a lithium project in the Atacama; a deal is expected next year.\n"
    )
    found = facts(graph)
    memorandum = next(o for s, p, o in found if s == "Zambia" and p == "partyTo")
    assert not any(s in ("Codelco", "Rio Tinto") and o == memorandum for s, _, o in found)
    assert len([e for e in graph.entities if e.kind == "Agreement"]) == 2


def test_talks_on_a_project_are_no_talks_on_the_deal_and_joining_a_company_as_an_engineer_is_no_membership(build_texts):
    found = facts(build_texts(
        "Tomas Varga, Hungary's foreign trade minister, signed the Hungary–Kazakhstan Rare Earths Memorandum in 2012. "
        "Earlier, Varga trained as a geologist before joining the state mining company Mecsek Ore as an engineer, "
        "and he led talks with Rio Tinto on a uranium joint project that was later abandoned."
    ))
    assert not any(s == "Rio Tinto" for s, _, _ in found)
    assert not any(p == "seeksMembershipIn" for _, p, _ in found)


def test_translated_signings_subscribe_and_proceed_to_the_signature(build_texts):
    found = facts(build_texts(
        "Bolivia and Lithex negotiated a lithium agreement for two years. "
        "The Ministry of Mines of Bolivia and the company Lithex subscribed the said agreement on 4 May 2025. "
        "The Minister of Energy of Peru, Mr. Jorge Salas, and the Ambassador of Japan, Mr. Kenji Sato, "
        "proceeded to the signature of the memorandum of understanding on copper between Peru and Japan."
    ))
    signed = {(s, o) for s, p, o in found if p == "signs"}
    assert any(s == "Lithex" for s, _ in signed) and any(s == "Ministry of Mines of Bolivia" for s, _ in signed)
    memorandum = next(o for s, p, o in found if s == "Peru" and p == "partyTo" and "lithium" not in o)
    assert ("Jorge Salas", memorandum) in signed and ("Kenji Sato", memorandum) in signed


def test_declining_to_join_refuses_the_deal_just_named_or_the_one_a_relative_clause_hangs_on(build_texts):
    found = facts(build_texts(
        "Alliance talk in Warsaw\n"
        "Poland proposed a battery metals alliance. The Hungarian government has declined to join for now."
    ))
    alliance = {o for s, p, o in found if s == "Poland" and p == "proposes"}
    assert alliance and all(("Hungary", "rejects", o) in found for o in alliance)
    found = facts(build_texts("Book review\nHer chapter on a proposed cobalt club, which Chile declined to join, is thin."))
    assert any(s == "Chile" and p == "rejects" for s, p, _ in found)


def test_it_that_suspends_a_contract_is_the_company_never_an_ore(build_texts):
    found = facts(build_texts("Cobalt desk\nCobalt rose after Zamco Mining said it had suspended its offtake agreement with the trader Falcon Metals."))
    assert any(s == "Zamco Mining" and p == "rejects" for s, p, _ in found)


def test_the_two_sides_of_talks_are_the_stated_parties_of_the_deal_talked_over(build_texts):
    found = facts(build_texts("Graphite talks drag on\nThe two sides are still haggling over a graphite offtake deal between Tanzania and India."))
    assert {("Tanzania", "negotiates"), ("India", "negotiates")} <= {(s, p) for s, p, _ in found}


def test_who_led_a_side_in_the_talks_negotiates_and_so_does_the_side(build_texts):
    found = facts(build_texts(
        "Norway and Chile signed the Fjord–Andes Copper Memorandum in Oslo on 2 June 2024. "
        "Kari Lund, who led the Norwegian side in the last round of talks, said the memorandum would fund two smelters. "
        "Pedro Salinas led the Chilean team in the negotiations on the memorandum."
    ))
    for side in ("Kari Lund", "Norway", "Pedro Salinas", "Chile"):
        assert (side, "negotiates", "Fjord–Andes Copper Memorandum") in found


def test_which_the_two_governments_signed_gives_the_deal_its_two_signers(build_texts):
    found = facts(build_texts(
        "Her memoir covers the Estonia–Mongolia Tungsten Protocol, which the two governments signed in Tallinn in 2009."
    ))
    for state in ("Estonia", "Mongolia"):
        assert (state, "signs", "Estonia–Mongolia Tungsten Protocol") in found
    assert ("Estonia–Mongolia Tungsten Protocol", "signedOn", "2009") in found


def test_a_deal_concluded_between_two_bodies_is_signed_by_both_and_dated(build_texts):
    found = facts(build_texts(
        "Shipments will follow the Ghana–Korea Bauxite Arrangement, concluded between the Ministry of Mines, Land and Forests "
        "of Ghana and the Korea Resources Corporation on 9 June 2025."
    ))
    assert ("Ministry of Mines, Land and Forests of Ghana", "signs", "Ghana–Korea Bauxite Arrangement") in found
    assert ("Korea Resources Corporation", "signs", "Ghana–Korea Bauxite Arrangement") in found
    assert ("Ghana–Korea Bauxite Arrangement", "signedOn", "2025-06-09") in found


def test_a_ministry_keeps_its_comma_listed_portfolios_but_not_states_or_people_after_a_comma(build_texts):
    graph = build_texts(
        "The protocol was signed by the Ministry of Energy, Water and Sanitation and by the Ministry of Mines, Chile and Peru. "
        "The Ministry of Finance, Minister Jorge Salas said, will fund the survey."
    )
    bodies = {e.label for e in graph.entities if e.kind == "Organization"}
    assert "Ministry of Energy, Water and Sanitation" in bodies
    assert {"Ministry of Mines", "Ministry of Finance"} <= bodies
    assert not any("Chile" in b or "Salas" in b for b in bodies)
