"""Agreement identity within an article, on plain references (no model): issue 15 item 1."""

from __future__ import annotations

from kg.extract.agreement_identity import Reference, resolve_references
from tests.conftest import facts

PERU_CHILE = frozenset({"State:peru", "State:chile"})


def ref(n: int, kind: str = "agreement", head: str = "", **kwargs) -> Reference:
    return Reference(position=n, sentence=kwargs.pop("sentence", n), kind=kind, head=head or kind, **kwargs)


def test_anaphors_join_the_agreement_of_their_kind():
    refs = [
        ref(0, "memorandum", definite=False, parties=PERU_CHILE),
        ref(1, "memorandum", definite=True),
        ref(2, "agreement", head="deal", definite=True),
    ]
    assert resolve_references(refs) == [0, 0, 0]


def test_another_kind_is_another_agreement():
    # "a declaration" after "the memorandum" is not the memorandum, and "the declaration" refers to it
    refs = [
        ref(0, "memorandum", definite=True, parties=PERU_CHILE),
        ref(1, "declaration", definite=False),
        ref(2, "declaration", definite=True),
        ref(3, "memorandum", definite=True),
    ]
    assert resolve_references(refs) == [0, 1, 1, 0]


def test_cue_words_make_a_new_agreement():
    refs = [
        ref(0, "memorandum", definite=False, parties=PERU_CHILE),
        ref(1, "memorandum", definite=False, distinct=True),  # "a similar memorandum"
        ref(2, "agreement", head="deal", definite=True),  # "the deal": the article's main deal, not the similar one
    ]
    assert resolve_references(refs) == [0, 1, 0]


def test_other_parties_or_another_year_make_another_agreement():
    bolivia = frozenset({"State:bolivia", "State:chile"})
    refs = [
        ref(0, "memorandum", definite=False, parties=PERU_CHILE, year="2021"),
        ref(1, "memorandum", definite=True, parties=bolivia, year="2022"),  # "the 2022 Bolivia–Chile memorandum"
        ref(2, "memorandum", definite=True, year="2019"),  # "the 2019 memorandum"
        ref(3, "memorandum", definite=True, year="2021"),
    ]
    assert resolve_references(refs) == [0, 1, 2, 0]


def test_same_name_short_form_and_acronym_are_one_agreement():
    refs = [
        ref(0, "plan", name="andes joint action plan on copper", acronym="ajap", definite=True),
        ref(1, "plan", name="ajap", definite=True),
        ref(2, "plan", name="action plan on copper", definite=True),
        ref(3, "initiative", name="andes copper initiative", definite=True),
    ]
    assert resolve_references(refs) == [0, 0, 0, 1]


def test_indefinite_mention_with_the_same_parties_and_kind_is_the_same_agreement():
    refs = [
        ref(0, "partnership", definite=False, parties=PERU_CHILE),
        ref(1, "partnership", definite=False, parties=PERU_CHILE),
        ref(2, "partnership", definite=False),  # a partnership with no stated parties: not tied
    ]
    assert resolve_references(refs) == [0, 0, 1]


def test_a_name_given_in_the_next_sentence_names_the_deal_just_announced():
    refs = [
        ref(0, "agreement", definite=False, distinct=True),  # "a new agreement on minerals" (the first: nothing to differ from)
        ref(1, "memorandum", name="memorandum of understanding on lithium supply", definite=True),
    ]
    assert resolve_references(refs) == [0, 0]


def test_a_name_of_the_same_kind_in_the_next_sentence_names_the_memorandum_just_announced():
    refs = [
        ref(0, "memorandum", definite=False, parties=PERU_CHILE),  # "Peru and Chile signed a memorandum on copper."
        ref(1, "memorandum", name="peru chile memorandum on copper value chains", definite=True, parties=PERU_CHILE),
    ]
    assert resolve_references(refs) == [0, 0]
    partnership = ref(1, "partnership", name="andes copper partnership", definite=True)  # what the memorandum sets up
    assert resolve_references([refs[0], partnership]) == [0, 1]


def test_a_draft_in_the_sentence_that_talks_of_a_deal_is_a_draft_of_that_deal():
    main = ref(100_000, "memorandum", definite=False, parties=PERU_CHILE | {"State:japan"}, sentence=1)
    again = ref(200_000, "memorandum", definite=True, sentence=2)
    treaty = ref(500_002, "treaty", definite=False, parties=PERU_CHILE, sentence=5)  # "Talks on a Peru–Chile treaty stalled,"
    draft = ref(500_010, "proposal", head="draft", definite=False, parties=frozenset({"State:chile"}), owned=True, sentence=5)  # "and Lima rejected a Chilean draft"
    assert resolve_references([main, again, treaty, draft]) == [0, 0, 1, 1]
    other = ref(500_012, "proposal", head="proposal", definite=False, owned=True, sentence=5)  # "a proposal by mining companies"
    assert resolve_references([main, treaty, other]) == [0, 1, 2]


def test_an_explicit_link_ties_the_partnership_to_the_memorandum_that_establishes_it():
    refs = [ref(0, "memorandum", definite=False, parties=PERU_CHILE), ref(1, "partnership", definite=False, link=0), ref(2, "partnership", definite=True)]
    assert resolve_references(refs) == [0, 0, 0]


def test_a_proposal_by_another_party_is_another_deal():
    refs = [
        ref(0, "partnership", definite=True, parties=PERU_CHILE),
        ref(1, "proposal", definite=True, parties=frozenset({"Organization:andina metals"})),  # "the company's proposal"
        ref(2, "proposal", definite=True, parties=frozenset({"State:peru"})),  # "Peru's proposal": a draft of the deal
    ]
    assert resolve_references(refs) == [0, 1, 0]


def test_a_title_names_the_deal_the_body_talks_most_of():
    # body: "Peru and Chile signed a memorandum … the memorandum … the memorandum … Chile signed another memorandum with Bolivia"
    # title (read after the body): "Peru, Chile sign copper memorandum": the first, not the last named
    refs = [
        ref(0, "memorandum", definite=False, parties=PERU_CHILE),
        ref(1, "memorandum", definite=True),
        ref(2, "memorandum", definite=True),
        ref(3, "memorandum", definite=False, parties=frozenset({"State:chile", "State:bolivia"})),
        ref(4, "memorandum", definite=True, headline=True),
    ]
    assert resolve_references(refs) == [0, 0, 0, 1, 0]


def test_a_titles_rival_deal_is_the_one_other_deal_of_its_kind():
    # body: "Peru and Chile signed a memorandum … the memorandum … Bolivia has proposed the Sucre Tin Compact"
    # title: "Peru, Chile sign memorandum as Bolivia floats rival compact"
    bolivia = frozenset({"State:bolivia"})
    refs = [
        ref(0, "memorandum", definite=False, parties=PERU_CHILE),
        ref(1, "memorandum", definite=True),
        ref(2, "treaty", head="compact", name="sucre tin compact", definite=True, parties=bolivia),
        ref(3, "memorandum", definite=True, headline=True, parties=PERU_CHILE),
        ref(4, "treaty", head="compact", definite=True, distinct=True, headline=True, parties=bolivia),
    ]
    assert resolve_references(refs) == [0, 0, 1, 0, 1]


def test_a_definite_mention_with_words_the_deal_was_never_called_by_is_another_deal():
    named = Reference(0, 0, name="titicaca minerals pact", kind="pact", head="pact", definite=True)
    smelter = Reference(1, 3, name="", kind="agreement", head="accord", definite=True, description=frozenset({"smelter"}))
    again = Reference(2, 4, name="", kind="agreement", head="accord", definite=True, description=frozenset({"smelter"}))
    plain = Reference(3, 5, name="", kind="agreement", head="pact", definite=True)
    assert resolve_references([named, smelter, again, plain]) == [0, 1, 1, 0]


def test_a_description_the_named_deal_carries_refers_to_it():
    named = Reference(0, 0, name="sulawesi smelter accord", kind="agreement", head="accord", definite=True)
    smelter = Reference(1, 2, name="", kind="agreement", head="accord", definite=True, description=frozenset({"smelter"}))
    assert resolve_references([named, smelter]) == [0, 0]


def test_that_draft_is_the_deal_just_spoken_of_not_the_main_one():
    # "the Copper Pact ... the pact ... a trilateral framework ... Kinshasa rejected that draft"
    refs = [
        ref(0, "agreement", head="pact", name="copper pact", definite=True, parties=PERU_CHILE),
        ref(1, "agreement", head="pact", definite=True),
        ref(2, "framework", parties=frozenset({"State:united-states"})),
        ref(3, "proposal", head="draft", definite=True, pointed=True),
        ref(4, "agreement", head="pact", definite=True),
    ]
    assert resolve_references(refs) == [0, 0, 1, 1, 0]


def test_a_definite_mention_of_other_minerals_is_another_deal():
    tin = frozenset({"Mineral:tin"})
    uranium = frozenset({"Mineral:uranium"})
    refs = [
        ref(0, "memorandum", definite=False, parties=frozenset({"State:niger", "Organization:rosatom"}), minerals=uranium),
        ref(1, "memorandum", definite=False, parties=PERU_CHILE, minerals=tin),
        ref(2, "memorandum", definite=True, minerals=tin),  # "the tin memorandum"
    ]
    assert resolve_references(refs) == [0, 1, 1]


def test_a_name_whose_signers_add_a_body_names_the_deal_of_the_sentence_before():
    # "Peru and Chile signed a memorandum on tin. The Peru–Chile Tin Memorandum was signed by ... of the state miner ENAMI."
    refs = [
        ref(0, "memorandum", definite=False, parties=PERU_CHILE),
        ref(1, "memorandum", definite=True, name="peru chile tin memorandum", parties=PERU_CHILE | {"Organization:enami"}),
    ]
    assert resolve_references(refs) == [0, 0]


def test_a_name_whose_first_conjunct_the_parser_leaves_outside_is_whole(build_texts):
    graph = build_texts(
        "The Japan–Chile Hydrogen and PGM Cooperation Memorandum, signed in Santiago on 21 November 2024 by Chile's Minister "
        "of Mining, Ana Ruiz, covers copper and lithium."
    )
    labels = {e.label for e in graph.entities if e.kind == "Agreement"}
    assert labels == {"Japan–Chile Hydrogen and PGM Cooperation Memorandum"}


def test_a_number_inside_a_name_after_its_sides(build_texts):
    graph = build_texts("The Chile–Peru 50 Year Partnership, signed in Lima on 6 May 2025, includes a pillar on lithium.")
    assert {e.label for e in graph.entities if e.kind == "Agreement"} == {"Chile–Peru 50 Year Partnership"}


def test_a_named_alliance_of_states_is_an_agreement(build_texts):
    graph = build_texts("Poland proposed a Central European Battery Alliance last month, and Hungary declined to join it.")
    assert ("Poland", "proposes", "Central European Battery Alliance") in facts(graph)


def test_the_partner_after_a_memorandum_of_understanding_on_a_topic(build_texts):
    graph = build_texts("Today in Prague, Minister Ana Horak signed a memorandum of understanding on lithium with Korea.")
    assert any(s == "South Korea" for s, _, _ in facts(graph, "partyTo"))


def test_a_name_whose_first_conjunct_has_words_of_its_own(build_texts):
    graph = build_texts("Ghana and Brazil signed the Ghana–Brazil Rare Earths and Bauxite Framework in Accra on 2 May.")
    assert {e.label for e in graph.entities if e.kind == "Agreement"} == {"Ghana–Brazil Rare Earths and Bauxite Framework"}


def test_a_definite_deal_whose_relative_clause_names_its_signers_is_their_deal_not_the_main_one(build_texts):
    graph = build_texts(
        "Nunavut lawmakers reject nickel licence\n"
        "The Government of Nunavut negotiated the Kiluk exploitation agreement with the Canadian company Arktis Nickel for two years. "
        "On Tuesday the legislature rejected it. "
        "The vote is a setback for the partnership on battery metals that the European Union and the Government of Nunavut signed in Brussels in May 2022. "
        "Separately, the Pellan smelter accord that Indonesia signed with China in 2019 still stands, and Jakarta has proposed a cobalt supply agreement to Japan."
    )
    found = facts(graph)
    eu_deals = {o for s, p, o in found if s == "European Union" and p == "signs"}
    assert eu_deals and not any(("Arktis Nickel", "partyTo", d) in found for d in eu_deals)
    china_deals = {o for s, p, o in found if s == "China" and p == "partyTo"}
    cobalt_deals = {s for s, p, o in found if p == "covers" and o == "cobalt"}
    assert china_deals and cobalt_deals and not china_deals & cobalt_deals


def test_a_name_of_none_of_a_new_deals_words_and_a_pair_of_sides_name_other_deals():
    # "A and B signed a cobalt royalty agreement. … required under the Lima Convention. … the Chile–Peru investment treaty"
    sides = frozenset({"Organization:a", "Organization:b"})
    refs = [
        ref(0, "agreement", parties=sides, described=True, description=frozenset({"royalty"})),
        ref(1, "treaty", head="convention", name="lima convention", definite=True),
        ref(2, "treaty", definite=True, parties=PERU_CHILE),
    ]
    assert resolve_references(refs) == [0, 1, 2]


def test_a_nameless_deal_named_later_after_its_one_party():
    refs = [
        ref(0, "contract", head="agreement", parties=frozenset({"Organization:harlow metals"}), year="2023"),
        ref(1, "contract", head="offtake", name="harlow metals offtake", definite=True),
    ]
    assert resolve_references(refs) == [0, 0]


def test_a_deal_noun_after_a_comma_that_the_parser_made_a_second_object_is_the_deal_it_describes(build_texts):
    graph = build_texts(
        "Andean ministers launch lithium partnership\n"
        "Peru, Bolivia and Chile launched the Andean Lithium Partnership on Monday, a framework to finance refineries near the salt flats."
    )
    assert {e.label for e in graph.entities if e.kind == "Agreement"} == {"Andean Lithium Partnership"}
