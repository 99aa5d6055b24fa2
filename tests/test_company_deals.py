"""Contracts between companies: share purchases, offtakes, stakes (issue 12).

Every sentence is written for the test (invented companies and people).
"""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")


def agreements(graph) -> list[str]:
    return sorted(e.label for e in graph.entities if e.kind == "Agreement")


def test_a_signed_share_purchase_agreement_is_a_contract_of_both_companies(build_texts):
    graph = build_texts(
        "Corvo Metals buys into Peruvian copper\n"
        "Corvo Metals will pay $200 million for a stake in Tolva Resources, the companies said on Monday. "
        "The share purchase agreement, signed in Lima on 3 March 2026 by Corvo chief executive Anna Lund and Tolva's chairman, Peter Ochoa, "
        "gives Corvo two board seats."
    )
    found = facts(graph)
    [deal] = agreements(graph)
    for company in ("Corvo Metals", "Tolva Resources"):
        assert (company, "partyTo", deal) in found and (company, "signs", deal) in found
    assert ("Anna Lund", "signs", deal) in found and ("Peter Ochoa", "signs", deal) in found
    assert (deal, "signedOn", "2026-03-03") in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Corvo Metals made a takeover offer for Tolva Resources on Monday, its chairman said.",
        "Tolva Resources rejected a proposal to acquire its copper mine in Peru.",
    ],
)
def test_offers_to_buy_a_company_are_no_agreements(build_texts, sentence):
    assert agreements(build_texts(sentence)) == []


def test_talks_on_a_stake_are_not_talks_on_the_deal_named_before(build_texts):
    graph = build_texts(
        "Corvo Metals signed a lithium offtake agreement with Tolva Resources in March. "
        "The Peruvian deal was not its only target, but the firm had walked away from talks with Chile's state miner Codelco "
        "on a minority stake in the Rosa copper project."
    )
    found = facts(graph)
    assert not any(s == "Codelco" and p in ("negotiates", "partyTo") for s, p, _ in found)


def test_a_company_named_by_its_first_word_alone_is_the_company(build_texts):
    graph = build_texts(
        "Kasungu Critical Metals has won a licence for its graphite project in Malawi. "
        "On May 2, Kasungu and the Japanese battery maker Tokuda Batteries signed a memorandum of understanding for graphite supply. "
        '"We need feedstock," Tokuda chief executive Kenji Arai said. Kasungu managing director Ruth Banda welcomed the deal.'
    )
    found = facts(graph)
    assert not any(e.label == "Kasungu" for e in graph.entities)
    [deal] = agreements(graph)
    for company in ("Kasungu Critical Metals", "Tokuda Batteries"):
        assert (company, "partyTo", deal) in found and (company, "signs", deal) in found
    assert ("Ruth Banda", "represents", "Kasungu Critical Metals") in found
    assert ("Kenji Arai", "represents", "Tokuda Batteries") in found


def test_a_company_named_after_its_ore_keeps_its_trade_word_and_signs_what_it_signed_between(build_texts):
    graph = build_texts(
        "Ministers welcomed the offtake agreement signed on 4 May 2026 between the Swedish refiner Kalix Cobalt Refining "
        "and the Zambian company Luano Copper Mines Limited, under which cobalt will be shipped to Kalix's plant."
    )
    found = facts(graph)
    assert "Kalix Cobalt Refining" in {e.label for e in graph.entities if e.kind == "Organization"}
    [deal] = [e for e in graph.entities if e.kind == "Agreement"]
    for company in ("Kalix Cobalt Refining", "Luano Copper Mines Limited"):
        assert (company, "partyTo", deal.label) in found and (company, "signs", deal.label) in found
    assert (deal.label, "signedOn", "2026-05-04") in found


def test_a_nameless_deal_of_two_sides_is_also_named_with_either_side_first(build_texts):
    graph = build_texts("A week later, Norway and Chile signed a similar framework between Chile and Norway, covering copper.")
    [deal] = [e for e in graph.entities if e.kind == "Agreement"]
    names = {deal.label, *deal.aliases}
    assert {"Chile–Norway framework", "Norway–Chile framework"} <= names


def test_a_body_named_only_by_an_unknown_acronym_is_a_party(build_texts):
    graph = build_texts(
        "Peru's state miner Cobra Andina SA and KAMERO, the Korean minerals agency, signed a supply contract for copper concentrate. "
        "The contract was welcomed by TAVEX. The CEO said GDP and FDI would grow, and LCE prices fell."
    )
    found = facts(graph)
    bodies = {e.label for e in graph.entities if e.kind == "Organization"}
    assert {"KAMERO", "TAVEX"} <= bodies
    assert not bodies & {"CEO", "GDP", "FDI", "LCE"}
    [deal] = agreements(graph)
    assert ("KAMERO", "partyTo", deal) in found and ("KAMERO", "signs", deal) in found


def test_capitals_in_a_line_of_capitals_name_no_body(build_texts):
    graph = build_texts("MINISTER FOR TRADE: WE SIGNED THE DEAL WITH PERU.\nPeru and Chile signed a lithium deal.")
    assert not any(e.kind == "Organization" for e in graph.entities)


def test_a_joint_venture_with_a_partner_is_a_contract_and_a_company_called_one_is_not(build_texts):
    graph = build_texts(
        "In 2019 then-president Juan Soto cancelled the state miner's joint venture with the German company Lithex, after protests. "
        "Sicomex, a joint venture between Chinese firms and the state miner Gecamin, mines copper."
    )
    found = facts(graph)
    [deal] = agreements(graph)
    assert ("Lithex", "partyTo", deal) in found and ("Juan Soto", "rejects", deal) in found
    assert "joint venture" in deal


def test_a_nameless_deal_for_a_site_is_also_named_by_the_site(build_texts):
    graph = build_texts(
        "Ghana mines gold and bauxite. Government has cancelled the 2018 exploration agreement for the Kibi Hills bauxite concession, "
        "held by Asante Bauxite, after six years without drilling."
    )
    found = facts(graph)
    [deal] = [e for e in graph.entities if e.kind == "Agreement"]
    assert "Kibi Hills exploration agreement" in deal.aliases
    assert ("Ghana", "rejects", deal.label) in found  # "Government" of a state's own release is that state


def test_company_names_in_the_shapes_of_other_languages_and_registries(build_texts):
    graph = build_texts(
        "Deals of the week\n"
        "Sociedad Minera del Sur signed a tin supply contract with Société Minière des Grands Lacs.\n\n"
        "Tata Mining (India) Limited concluded a cobalt offtake agreement with Companhia Mineira do Norte.\n\n"
        "Lotus Vanadium said on Monday that it had terminated its offtake agreement with Orvik Steel Co.\n\n"
        "The Government of Ghana has signed the Nkwanta Gold Development Agreement with Kestrel Lithium Ghana Limited."
    )
    kinds = {e.label: e.kind for e in graph.entities}
    for company in ("Kestrel Lithium Ghana Limited", "Sociedad Minera del Sur", "Société Minière des Grands Lacs", "Tata Mining (India) Limited", "Companhia Mineira do Norte", "Lotus Vanadium"):
        assert kinds.get(company) == "Organization", company
    signers = {s for s, _, _ in facts(graph, "signs")}
    assert {"Sociedad Minera del Sur", "Tata Mining (India) Limited"} <= signers
    assert "Limited" not in kinds and "Vanadium" not in kinds
    assert ("Lotus Vanadium", "rejects") in {(s, p) for s, p, _ in facts(graph, "rejects")}


def test_each_wire_brief_is_its_own_story_and_a_nameless_deal_is_named_by_its_topic(build_texts):
    graph = build_texts(
        "Ore wire briefs: Ghana annuls Kesta licence; Bolivia, Korea sign tin memorandum\n"
        "World Ore Wire, 6 May 2026\n\n"
        "ACCRA — Ghana annulled the Kesta licence on Monday. Ghana signed a memorandum on lithium exploration with Russia's Rosatom in July.\n\n"
        "LA PAZ — Bolivia and South Korea signed a memorandum of understanding on tin on Tuesday. "
        "The Bolivia–Korea Tin Memorandum was signed by Vice Minister Ana Quispe and by Min-jae Oh, president of the Korea Zinc Trading Corporation."
    )
    found = facts(graph)
    deals = agreements(graph)
    assert len(deals) == 2, deals  # the memorandum of each brief, the headline's tin memorandum being LA PAZ's
    assert ("Ghana", "signs", "Bolivia–Korea Tin Memorandum") not in found  # the headline's other story
    assert ("Ana Quispe", "signs", "Bolivia–Korea Tin Memorandum") in found
    lithium = next(e for e in graph.entities if e.kind == "Agreement" and e.label != "Bolivia–Korea Tin Memorandum")
    assert any("lithium exploration memorandum" in a for a in lithium.aliases), lithium.aliases
    assert ("Rosatom", "signs", lithium.label) in found


def test_a_name_the_ner_calls_a_person_is_a_company_by_its_legal_form(build_texts):
    graph = build_texts("Norvik Metals reached a preliminary agreement with Rhein Magnet GmbH of Duisburg on an offtake contract for cobalt.")
    assert {e.label: e.kind for e in graph.entities}.get("Rhein Magnet GmbH") == "Organization"
    assert ("Rhein Magnet GmbH", "negotiates") in {(s, p) for s, p, _ in facts(graph, "negotiates")}


def test_a_company_introduced_by_its_trade_before_its_name(build_texts):
    graph = build_texts("The Japanese trading house Sumiko signed an offtake agreement with Lotus Vanadium.")
    assert {e.label: e.kind for e in graph.entities}.get("Sumiko") == "Organization"
    assert not any(s == "Japan" for s, _, _ in facts(graph, "signs"))


def test_a_joint_venture_placed_before_its_partner_or_negotiated_by_two_bodies_is_their_contract(build_texts):
    graph = build_texts(
        "Vardhan Metals, which proposed a refinery joint venture in Surat Thani with the state-owned Siam Minerals Corporation in June, declined to comment. "
        "Separately, the state holding Tavan Ord and Japan's state agency JOGMEC are still negotiating a joint venture to develop the Ulaan deposit."
    )
    found = facts(graph)
    kinds = {e.label: e.kind for e in graph.entities}
    assert kinds.get("Tavan Ord") == "Organization"
    deals = {o for s, p, o in found if p == "partyTo" and s == "Vardhan Metals"}
    assert deals and all(("Siam Minerals Corporation", "partyTo", d) in found for d in deals)
    talks = {o for s, p, o in found if p == "negotiates" and s == "Tavan Ord"}
    assert talks and all(("JOGMEC", "partyTo", d) in found for d in talks)


def test_a_word_in_capitals_is_no_person_unless_it_labels_a_turn(nlp):
    from kg.lexicon.tables import load_lexicon
    from kg.nlp.people import valid_person

    doc = nlp("ZARKOM's president spoke.\nMORENO: We will sign.")
    lexicon = load_lexicon()
    assert not valid_person([doc[0]], lexicon)  # an acronym names a body, whatever the NER said
    assert valid_person([t for t in doc if t.text == "MORENO"], lexicon)  # a speaker's turn label


def test_an_offtake_is_a_contract_and_a_capitals_headline_offtake_is_no_second_one(build_texts):
    graph = build_texts(
        "COBALT OFFTAKE SIGNED WITH GULF TRADER\n"
        "The state company Zamco signed a five-year cobalt offtake with the trader Delta Metals on Monday. "
        "Offtake volumes at other mines fell in May."
    )
    found = facts(graph)
    [deal] = agreements(graph)
    assert {("Zamco", "signs", deal), ("Delta Metals", "partyTo", deal), (deal, "covers", "cobalt")} <= found


def test_a_nameless_contract_named_later_by_its_party_and_one_signed_with_a_party_are_kept_apart(build_texts):
    graph = build_texts(
        "Kestrel Nickel update\n"
        'Kestrel Nickel Ltd executed a binding offtake agreement (the "Dunmore Offtake") with Dunmore Steel Company. '
        "Under the Dunmore Offtake, Dunmore Steel will buy all the nickel.\n"
        "Termination of the Harlow Metals offtake\n"
        "The Board resolved to terminate the offtake agreement signed with Harlow Metals Co. in 2023."
    )
    found = facts(graph)
    harlow = {o for s, p, o in found if s == "Harlow Metals Co." and p == "partyTo"}
    dunmore = {o for s, p, o in found if s == "Dunmore Steel Company" and p == "partyTo"}
    assert len(harlow) == 1 and dunmore == {"Dunmore Offtake"} and not harlow & dunmore
    assert len(agreements(graph)) == 2
