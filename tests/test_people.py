"""Officials: names next to long offices, the title as written, and whom each person acts for.

Every sentence here is invented (people and some bodies too); each test is
one pattern of how news and official releases name officials.
"""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")


def people(graph) -> list[str]:
    return sorted(e.label for e in graph.entities if e.kind == "Person")


def test_names_after_long_offices_keep_their_first_word(build_texts):
    graph = build_texts(
        "At the ceremony, Norway was represented by Minister of State for Fiscal Coordination Rufus Tomas Firefly, "
        "and the European Union was represented by Commissioner for Digital Partnerships Maria Lindqvist.\n"
        "The talks were led by Under Secretary of State for Economic Growth, Energy, and the Environment Daniel K. Morrow.\n"
        "Minister for Resources and Water Helen Barlow opened the session."
    )
    assert {"Rufus Tomas Firefly", "Maria Lindqvist", "Daniel K. Morrow", "Helen Barlow"} <= set(people(graph))
    found = facts(graph)
    assert ("Rufus Tomas Firefly", "holdsPosition", "Minister of State for Fiscal Coordination") in found
    assert ("Maria Lindqvist", "holdsPosition", "Commissioner for Digital Partnerships") in found
    assert ("Daniel K. Morrow", "holdsPosition", "Under Secretary of State for Economic Growth, Energy, and the Environment") in found
    assert ("Helen Barlow", "holdsPosition", "Minister for Resources and Water") in found
    assert not any(e.kind == "Organization" and "Growth" in e.label for e in graph.entities)


def test_hyphenated_given_names_particles_and_surnames_that_are_words(build_texts):
    graph = build_texts(
        "President Park Ji-hoon arrived in Oslo on Monday.\n"
        "Trade Minister Kim Soo-ah and Minister of Planning Ana de Lima Souza signed the plan.\n"
        "“Prices will fall,” said Deputy Secretary of Commerce Laura French."
    )
    names = set(people(graph))
    assert {"Park Ji-hoon", "Kim Soo-ah", "Ana de Lima Souza", "Laura French"} <= names
    assert not names & {"Park Ji", "Kim Soo", "Ana de"}


def test_represented_by_gives_the_state_or_union_each_official_spoke_for(build_texts):
    graph = build_texts(
        "At the signing, Norway was represented by Minister of State for Fiscal Coordination Rufus Tomas Firefly, "
        "and the European Union was represented by Commissioner for Digital Partnerships Maria Lindqvist."
    )
    found = facts(graph, "represents")
    assert ("Rufus Tomas Firefly", "represents", "Norway") in found
    assert ("Maria Lindqvist", "represents", "European Union") in found
    assert ("Maria Lindqvist", "represents", "Norway") not in found  # no commissioner of another state


def test_titles_drop_the_company_or_state_they_name(build_texts):
    graph = build_texts(
        "Umicore chief executive Lena Marsh said the plant would open in May.\n"
        "Teck's chief financial officer is new. Eramet's chief executive Paul Girard welcomed the decision.\n"
        "President of Ghana Kwame Osei and Kenya's Minister of Mining Ruth Wanjiru toured the site."
    )
    found = facts(graph)
    assert ("Lena Marsh", "holdsPosition", "chief executive") in found
    assert ("Lena Marsh", "represents", "Umicore") in found
    assert ("Paul Girard", "holdsPosition", "chief executive") in found
    assert ("Paul Girard", "represents", "Eramet") in found
    assert ("Kwame Osei", "holdsPosition", "President") in found
    assert ("Kwame Osei", "represents", "Ghana") in found
    assert ("Ruth Wanjiru", "holdsPosition", "Minister of Mining") in found
    assert ("Ruth Wanjiru", "represents", "Kenya") in found
    # a company is never a state's: no state guessed for a company office
    assert not any(s in ("Lena Marsh", "Paul Girard") and o in ("Ghana", "Kenya") for s, _, o in found)


def test_treasury_secretary_keeps_its_department_word(build_texts):
    found = facts(build_texts("Treasury Secretary John Ames said the fund would grow."))
    assert ("John Ames", "holdsPosition", "Treasury Secretary") in found


def test_head_of_a_body_in_an_apposition_and_a_leading_clause(build_texts):
    graph = build_texts(
        "Lena Marsh, the head of the International Energy Agency, said demand would triple.\n"
        "Leading the U.S. Department of State's Bureau of Energy Resources, Assistant Secretary of State Tom Brady "
        "convened officials from Peru and Ghana."
    )
    found = facts(graph)
    assert ("Lena Marsh", "represents", "International Energy Agency") in found
    assert ("Lena Marsh", "holdsPosition", "head of the International Energy Agency") in found  # a formal title keeps its body
    assert ("Tom Brady", "represents", "Bureau of Energy Resources") in found
    assert ("Tom Brady", "represents", "United States") in found
    assert not any(s == "Tom Brady" and o in ("Peru", "Ghana") for s, _, o in found)


def test_a_portfolio_names_its_department_when_the_text_does(build_texts):
    graph = build_texts(
        "The U.S. Department of Energy will buy cobalt for a reserve. "
        "“Supply chains matter,” said Deputy Secretary of Energy Paul Hendry.",
        "Ghana's Minister of Lands and Forestry Kofi Mensah spoke in Accra.",
    )
    found = facts(graph, "represents")
    assert ("Paul Hendry", "represents", "U.S. Department of Energy") in found
    assert ("Paul Hendry", "represents", "United States") in found
    assert ("Kofi Mensah", "represents", "Ghana") in found
    assert not any(s == "Kofi Mensah" and o != "Ghana" for s, _, o in found)  # no ministry named, none made up


def test_company_officers_in_an_infobox_represent_the_company_of_the_page(build_texts):
    graph = build_texts(
        "Umicore\n"
        "Company type Public\n"
        "Key people\n"
        "Tom Hale (CEO)[1]\n"
        "Umicore is a materials company based in Lima."
    )
    found = facts(graph)
    assert ("Tom Hale", "holdsPosition", "CEO") in found
    assert ("Tom Hale", "represents", "Umicore") in found
    assert not any(s == "Tom Hale" and o == "Peru" for s, _, o in found)


def test_a_persons_state_never_comes_from_another_persons_title(build_texts):
    graph = build_texts(
        "Envoy Carl Brandt of the United States met Minister Oskar Lind in Stockholm to discuss cobalt.\n"
        "Kenya's Mining Minister Ruth Wanjiru and Secretary Alan Pike toured the mine."
    )
    found = facts(graph, "represents")
    assert ("Carl Brandt", "represents", "United States") in found
    assert ("Oskar Lind", "represents", "United States") not in found
    assert ("Ruth Wanjiru", "represents", "Kenya") in found
    assert ("Alan Pike", "represents", "Kenya") not in found


def test_a_venue_is_not_whom_a_leader_represents(build_texts):
    graph = build_texts(
        "On 4 May, in the margins of a summit in Egypt, President Amara Diallo and President of Ghana Kwame Osei "
        "signed a memorandum on bauxite."
    )
    found = facts(graph, "represents")
    assert ("Kwame Osei", "represents", "Ghana") in found
    assert not any(o == "Egypt" for _, _, o in found)
    assert ("Amara Diallo", "represents", "Ghana") not in found


def test_a_territorys_premier_does_not_represent_the_kingdom(build_texts):
    graph = build_texts(
        "Greenland's premier Aaja Kristensen said Denmark would not decide for the island. "
        "Denmark has kept its position, and Denmark's government said so."
    )
    assert ("Aaja Kristensen", "represents", "Denmark") not in facts(graph, "represents")


def test_the_other_side_of_a_bilateral_signing(build_texts):
    graph = build_texts(
        "Norway and Chile to deepen lithium cooperation\n"
        "Minister for Industry Helen Barlow signed the agreement with the Minister of Mining of Chile, Ana Ruiz. "
        "Chile is a major producer. Chile and Norway will meet again, Chile said.\n"
        "“It is a good day,” Minister Barlow said."
    )
    found = facts(graph, "represents")
    assert ("Ana Ruiz", "represents", "Chile") in found
    assert ("Helen Barlow", "represents", "Norway") in found
    assert ("Helen Barlow", "represents", "Chile") not in found


def test_transcript_speakers_and_our_ambassador(build_texts):
    graph = build_texts(
        "Remarks at the Ottawa minerals roundtable\n"
        "JANE MORROW, MINISTER FOR TRADE: Thank you. I thank our Ambassador, Peter Olsen, for hosting us. "
        "Canada is proud of its mines, and Canada will keep investing. Canada and Japan are partners."
    )
    found = facts(graph)
    assert ("Jane Morrow", "holdsPosition", "Minister for Trade") in found  # the label is the name, not its capitals
    assert ("Peter Olsen", "represents", "Canada") in found
    assert ("Peter Olsen", "holdsPosition", "Ambassador") in found


def test_vice_president_before_a_coordinated_description(build_texts):
    graph = build_texts('Kenya signed a memorandum with Piet Vanlaar, Vice-President and "overseer" of the Green Deal, on lithium.')
    found = facts(graph)
    assert ("Piet Vanlaar", "holdsPosition", "Vice-President") in found
    assert ("Piet Vanlaar", "represents", "Kenya") not in found


def test_a_state_body_in_the_sentence_outranks_the_articles_state(build_texts):
    graph = build_texts(
        "China refines most rare earths. China has cut exports, and China may cut more. "
        "Senator Lisa Murk asked the Pentagon for a report on magnets."
    )
    found = facts(graph, "represents")
    assert ("Lisa Murk", "represents", "United States") in found
    assert ("Lisa Murk", "represents", "China") not in found


def test_secretaries_of_state_are_american_or_british_by_their_form(build_texts):
    graph = build_texts(
        "Under Secretary of State for Economic Affairs Dana Whit met Ghana's Minister of Mining Kofi Mensah in Accra.\n"
        "Secretary of State for Business and Trade Oliver Crane opened the fair in Leeds."
    )
    found = facts(graph, "represents")
    assert ("Dana Whit", "represents", "United States") in found
    assert ("Oliver Crane", "represents", "United Kingdom") in found
    assert ("Dana Whit", "represents", "Ghana") not in found


def test_names_after_forms_of_address_and_who_serves_as(build_texts):
    graph = build_texts(
        "H.E. Khalid Mudaf, Vice Minister for Mining Affairs, welcomed the British delegation.\n"
        "Oyun Erdene, who serves as Minister of Finance, agreed with Mr. Ganbold."
    )
    names = set(people(graph))
    assert {"Khalid Mudaf", "Oyun Erdene", "Ganbold"} <= names
    assert not any(e.kind == "Organization" and "Mudaf" in e.label for e in graph.entities)
    found = facts(graph)
    assert ("Khalid Mudaf", "holdsPosition", "Vice Minister for Mining Affairs") in found
    assert ("Oyun Erdene", "holdsPosition", "Minister of Finance") in found
    assert ("Khalid Mudaf", "represents", "United Kingdom") not in found  # he welcomed them: the other side


def test_represented_by_in_a_participle_and_long_names_after_coordinating_ministers(build_texts):
    graph = build_texts(
        "Indonesia, represented by Coordinating Minister for Maritime Affairs and Investment Budi Santoso Wiryawan, "
        "signed the deal with Japan.\n"
        "The agreement was signed by Chile, represented by Foreign Minister Ana Ruiz, and by Peru."
    )
    found = facts(graph)
    assert ("Budi Santoso Wiryawan", "holdsPosition", "Coordinating Minister for Maritime Affairs and Investment") in found
    assert ("Budi Santoso Wiryawan", "represents", "Indonesia") in found
    assert ("Budi Santoso Wiryawan", "represents", "Japan") not in found
    assert ("Ana Ruiz", "represents", "Chile") in found
    assert ("Ana Ruiz", "represents", "Peru") not in found


def test_a_counterpart_takes_the_state_named_with_it_and_no_position(build_texts):
    graph = build_texts("Prime Minister Rahul Mehta and his Australian counterpart Tom Ellis signed a lithium pact.")
    found = facts(graph)
    assert ("Tom Ellis", "represents", "Australia") in found
    assert ("Rahul Mehta", "represents", "Australia") not in found
    assert not any(s == "Tom Ellis" and p == "holdsPosition" for s, p, _ in found)


def test_a_ministry_named_with_another_spelling_of_the_portfolio(build_texts):
    graph = build_texts("Ghana's Minister of Mines Kofi Mensah said the Mining Ministry would act. Prime Minister Ama Boateng agreed.")
    found = facts(graph, "represents")
    assert ("Kofi Mensah", "represents", "Mining Ministry") in found
    assert ("Kofi Mensah", "represents", "Ghana") in found
    assert ("Ama Boateng", "represents", "Mining Ministry") not in found


def test_a_ministry_read_off_the_portfolio_leaves_room_for_the_articles_state(build_texts):
    graph = build_texts(
        "Zambia lifts copper output\nZambia's copper exports rose. The Ministry of Mines said Zambia would build a smelter. "
        "Minister of Mines Grace Phiri said the plant would open in 2027."
    )
    found = facts(graph, "represents")
    assert ("Grace Phiri", "represents", "Ministry of Mines") in found
    assert ("Grace Phiri", "represents", "Zambia") in found


def test_no_guess_across_the_clause_or_for_an_office_the_state_lacks(build_texts):
    graph = build_texts(
        "United States and Freedonia sign minerals memorandum\n"
        "Under Secretary of State for Energy Daniel Morrow signed the memorandum in the capital. "
        "Under Secretary Morrow also met Prime Minister Oyun Batu. The United States will help, the United States said.",
        "The United States wants more cobalt, and the United States will pay for it. Prime Minister Lea Haas visited a mine.",
    )
    found = facts(graph, "represents")
    assert ("Daniel Morrow", "represents", "United States") in found
    assert ("Oyun Batu", "represents", "United States") not in found  # he met the American: not his side
    assert ("Lea Haas", "represents", "United States") not in found  # the United States has no prime minister


def test_two_offices_joined_by_and_are_two_positions(build_texts):
    found = facts(
        build_texts("Deputy Prime Minister and Minister of Economy Olga Marsh met Minister of Trade and Industry Ana Ruiz."),
        "holdsPosition",
    )
    assert ("Olga Marsh", "holdsPosition", "Deputy Prime Minister") in found
    assert ("Olga Marsh", "holdsPosition", "Minister of Economy") in found
    assert ("Ana Ruiz", "holdsPosition", "Minister of Trade and Industry") in found


def test_the_gazetteer_gives_no_state_for_a_territorys_or_citys_office(build_texts):
    from kg.lexicon.tables import load_lexicon

    subnational = ("premier of", "chief minister of", "mayor of", "head of government of")
    for person in load_lexicon().people.values():
        for position in person.positions:
            title = position.title.lower()
            assert not title.startswith(subnational), (person.key, position)
            assert not (title.startswith("governor of") and "bank" not in title), (person.key, position)
    graph = build_texts("Greenland's premier Kim Kielsen said Denmark's government would not decide for the island. Denmark agreed.")
    assert ("Kim Kielsen", "represents", "Denmark") not in facts(graph, "represents")


def test_represented_by_after_each_of_two_coordinated_parties(build_texts):
    graph = build_texts(
        "Peru, represented by Trade Minister Lucia Quispe, and Norway, represented by State Secretary Lars Eide, "
        "signed a memorandum on copper refining."
    )
    found = facts(graph, "represents")
    assert ("Lucia Quispe", "represents", "Peru") in found
    assert ("Lars Eide", "represents", "Norway") in found
    assert ("Lucia Quispe", "represents", "Norway") not in found
    assert ("Lars Eide", "represents", "Peru") not in found


def test_a_portfolio_finds_no_ministry_of_another_state(build_texts):
    graph = build_texts(
        "Zambian Mines Minister Paul Banda met officials of the Ministry of Mines of Peru in Lima on Tuesday."
    )
    found = facts(graph, "represents")
    assert ("Paul Banda", "represents", "Zambia") in found
    assert ("Paul Banda", "represents", "Ministry of Mines of Peru") not in found



def test_two_signers_each_named_after_a_possessive_office_and_a_comma(build_texts):
    graph = build_texts(
        "The accord was signed in Accra by Ghana's Minister of Mining and Metallurgy, Abena Owusu, "
        "and Togo's Minister of Energy and Mines, Kossi Agbo."
    )
    found = facts(graph)
    assert ("Abena Owusu", "holdsPosition", "Minister of Mining and Metallurgy") in found
    assert ("Abena Owusu", "represents", "Ghana") in found
    assert ("Kossi Agbo", "represents", "Togo") in found
    deal = next(e.label for e in graph.entities if e.kind == "Agreement")
    assert {("Abena Owusu", "signs", deal), ("Kossi Agbo", "signs", deal), ("Togo", "partyTo", deal)} <= found
    assert not any(e.kind == "Organization" for e in graph.entities)


def test_a_portfolio_after_and_stays_in_the_office_and_the_ministry(build_texts):
    graph = build_texts(
        "Commissioner for the Internal Market Maria Lindqvist met Ghana's Minister of Lands and Natural Resources, Kofi Mensah. "
        "Ghana's Ministry of Lands and Natural Resources said the talks went well. Apex Natural Resources shares rose."
    )
    found = facts(graph)
    assert ("Maria Lindqvist", "holdsPosition", "Commissioner for the Internal Market") in found
    assert ("Kofi Mensah", "holdsPosition", "Minister of Lands and Natural Resources") in found
    organizations = {e.label for e in graph.entities if e.kind == "Organization"}
    assert organizations == {"Ministry of Lands and Natural Resources", "Apex Natural Resources"}


def test_whose_office_holder_represents_the_body_before_whose(build_texts):
    graph = build_texts(
        "Kestrel Metals, whose chief executive, Anna Berg, signed a cobalt offtake agreement with the German carmaker Veltrada "
        "on 3 May 2024, plans a refinery."
    )
    found = facts(graph)
    assert ("Anna Berg", "represents", "Kestrel Metals") in found
    assert any(e.kind == "Organization" and e.label == "Veltrada" for e in graph.entities)
    deal = next(e.label for e in graph.entities if e.kind == "Agreement")
    assert {("Veltrada", "signs", deal), ("Kestrel Metals", "signs", deal)} <= found


def test_a_speaker_after_a_signing_is_the_signers_not_its_partners(build_texts):
    graph = build_texts("Ecuador signed a copper pact with Norway on Friday, Mines Minister Rosa Llerena said.")
    assert ("Rosa Llerena", "represents", "Ecuador") in facts(graph, "represents")
    assert ("Rosa Llerena", "represents", "Norway") not in facts(graph, "represents")


def test_portfolio_words_before_an_office_stay_in_the_title(build_texts):
    graph = build_texts("Ghanaian Lands Minister Kofi Mensah and Chile's Energy and Mines Minister Diego Soto met in Accra.")
    assert {("Kofi Mensah", "holdsPosition", "Lands Minister"), ("Diego Soto", "holdsPosition", "Energy and Mines Minister")} <= facts(graph, "holdsPosition")


@pytest.mark.parametrize(
    ("text", "person", "position", "body"),
    [
        ("Sweden's special envoy for the Baltic, Lena Holm, attended the signing.", "Lena Holm", "special envoy for the Baltic", "Sweden"),
        ("Japan's special envoy for Southeast Asia, Kenji Mori, attended the signing.", "Kenji Mori", "special envoy for Southeast Asia", "Japan"),
        ("Omar Saleh, the United Arab Emirates' trade envoy, attended the signing.", "Omar Saleh", "trade envoy", "United Arab Emirates"),
        ("Ghana's Cabinet Secretary for Mining, Kofi Mensah, attended the signing.", "Kofi Mensah", "Cabinet Secretary for Mining", "Ghana"),
    ],
)
def test_an_office_with_its_state_in_apposition(build_texts, text, person, position, body):
    graph = build_texts("Minerals diplomacy\n" + text)
    found = facts(graph)
    assert (person, "holdsPosition", position) in found
    assert {o for s, p, o in found if s == person and p == "represents"} == {body}
    assert {e.kind for e in graph.entities if e.label == position} == set()  # an office is no organisation


def test_the_description_of_a_body_before_a_title_is_that_body(build_texts):
    graph = build_texts(
        "Bank backs cobalt plan\nThe Nordic Investment Bank approved a loan to Zambia. "
        "The bank's president, Erik Lund, praised the accord."
    )
    found = facts(graph)
    assert ("Erik Lund", "holdsPosition", "president") in found
    assert ("Erik Lund", "represents", "Nordic Investment Bank") in found


def test_a_long_portfolio_list_before_a_name_in_apposition(build_texts):
    graph = build_texts("Minerals diplomacy\nSamoa's Minister of Mines, Energy and Rural Electrification, Tavita Lemalu, said the plan was sound.")
    found = facts(graph)
    assert ("Tavita Lemalu", "holdsPosition", "Minister of Mines, Energy and Rural Electrification") in found
    assert ("Tavita Lemalu", "represents", "Samoa") in found


@pytest.mark.parametrize(
    ("text", "person", "body"),
    [
        ("The deal was welcomed by Erik Lund of the Nordic Investment Bank.", "Erik Lund", "Nordic Investment Bank"),
        ('"We are ready," said Tomas Vik, who heads Norway\'s geological survey.', "Tomas Vik", "Norway"),
    ],
)
def test_whom_a_person_without_a_title_acts_for(build_texts, text, person, body):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {o for s, p, o in found if s == person and p == "represents"} == {body}


def test_a_name_the_ner_misses_before_a_states_office_in_apposition(build_texts):
    graph = build_texts("Minerals diplomacy\nThe accord was signed by Lucia Mendez, Uruguay's minister of industry, in Montevideo.")
    found = facts(graph)
    assert ("Lucia Mendez", "represents", "Uruguay") in found
    assert ("Lucia Mendez", "holdsPosition", "minister of industry") in found
    anchored = build_texts("Minerals diplomacy\nDeputy Minister of Natural Resources Paul Leblanc, Canada's envoy, signed the accord.")
    assert "Resources Paul Leblanc" not in {e.label for e in anchored.entities}


@pytest.mark.parametrize(
    ("text", "position", "body"),
    [
        # the NER reads "Costa" as a place or a body and drops the given name
        ("Ana Costa, the Brazilian ambassador to Japan, attended the signing.", "ambassador to Japan", "Brazil"),
        ("Ana Costa, deputy minister of foreign affairs of Brazil, opened the session.", "deputy minister of foreign affairs", "Brazil"),
        ("According to Ana Costa, chief executive of Vale Metals, the deal will boost exports.", "chief executive of Vale Metals", "Vale Metals"),
        ("Ana Costa, head of the International Energy Agency, warned of shortages.", "head of the International Energy Agency", "International Energy Agency"),
        ("Ana Costa, Peru's energy and mines minister since 2023, welcomed the deal.", "energy and mines minister", "Peru"),
    ],
)
def test_a_name_the_ner_misreads_before_an_office_in_apposition(build_texts, text, position, body):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert ("Ana Costa", "holdsPosition", position) in found
    assert ("Ana Costa", "represents", body) in found


def test_a_place_before_an_office_is_no_person(build_texts):
    graph = build_texts("Minerals diplomacy\nIn Lima, the Peruvian minister of mines signed the accord.")
    assert not [e for e in graph.entities if e.kind == "Person"]


@pytest.mark.parametrize(
    "text",
    [
        "Lucia Ferraz is Peru's minister of energy.",
        "Lucia Ferraz has been Peru's minister of energy since 2022.",
        "Lucia Ferraz, who is Peru's minister of energy, spoke.",
        "Lucia Ferraz, who was appointed Peru's minister of energy in March, spoke.",
        "Lucia Ferraz, who was named Peru's minister of energy last year, spoke.",
    ],
)
def test_an_office_said_by_a_copula(build_texts, text):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert ("Lucia Ferraz", "holdsPosition", "minister of energy") in found
    assert ("Lucia Ferraz", "represents", "Peru") in found


def test_a_bare_title_does_not_link_a_surname_to_a_gazetteer_person_of_another_state(build_texts):
    graph = build_texts("Minerals diplomacy\nAna Costa is Peru's minister of energy. Minister Costa said Peru would sign.")
    people = {e.label for e in graph.entities if e.kind == "Person"}
    assert people == {"Ana Costa"}
    portugal = build_texts("Minerals diplomacy\nPrime Minister Costa said Portugal would sign.")
    assert {e.label for e in portugal.entities if e.kind == "Person"} == {"António Costa"}


def test_an_org_coordinated_with_a_person_is_a_person(build_texts):
    graph = build_texts("Minerals diplomacy\nKenya's Paul Otieno and Ghana's Ama Mensah signed the memorandum on behalf of their governments.")
    kinds = {e.label: e.kind for e in graph.entities}
    assert kinds.get("Ama Mensah") == "Person"
    assert kinds.get("Paul Otieno") == "Person"
    bodies = build_texts("Minerals diplomacy\nPaul Otieno and the Kenya Chamber of Mines signed the memorandum.")
    assert {e.label: e.kind for e in bodies.entities}.get("Kenya Chamber of Mines") == "Organization"


def test_a_body_named_after_an_office_is_no_person(build_texts):
    graph = build_texts("Minerals diplomacy\nMary Banda, chair of the Zambia Chamber of Mines, said the mine would reopen.")
    kinds = {e.label: e.kind for e in graph.entities}
    assert kinds.get("Zambia Chamber of Mines") == "Organization"
    assert [label for label, kind in kinds.items() if kind == "Person"] == ["Mary Banda"]
    assert ("Mary Banda", "represents", "Zambia Chamber of Mines") in facts(graph)


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("Mary Banda, who runs Kora Resources, said the mine would reopen.", None),
        ("Kora Resources, headed by Mary Banda, will reopen the mine.", None),
        ("Mary Banda, a spokeswoman for Kora Resources, said the mine would reopen.", "spokeswoman for Kora Resources"),
    ],
)
def test_whom_a_person_runs_heads_or_speaks_for(build_texts, text, position):
    found = facts(build_texts("Mining news\n" + text))
    assert ("Mary Banda", "represents", "Kora Resources") in found
    assert {o for s, p, o in found if p == "holdsPosition"} == ({position} if position else set())


def test_a_lone_given_name_is_the_one_person_the_article_names_so(build_texts):
    text = "Minerals diplomacy\nSecretary Lena Moreau and Tomas Keller, the envoy, attended. Thank you, Lena. And Tomas as well."
    people = {e.label for e in build_texts(text).entities if e.kind == "Person"}
    assert people == {"Lena Moreau", "Tomas Keller"}


def test_an_untyped_name_coordinated_with_a_person_is_a_person_but_a_company_is_not(build_texts):
    graph = build_texts("Minerals diplomacy\nTwo ministers, Ana Ruiz and Pedro Soto, signed the deal.")
    assert {e.label for e in graph.entities if e.kind == "Person"} == {"Ana Ruiz", "Pedro Soto"}
    company = build_texts("Minerals diplomacy\nPedro Soto and Kora Mining signed the deal.")
    assert "Kora Mining" not in {e.label for e in company.entities if e.kind == "Person"}


def test_a_whole_name_the_ner_took_for_a_body_before_an_office(build_texts):
    graph = build_texts("Minerals diplomacy\nSeptian Hario Seto, a deputy minister at Indonesia's coordinating ministry, said so.")
    assert {e.label: e.kind for e in graph.entities}.get("Septian Hario Seto") == "Person"


def test_the_commission_in_eu_news_and_a_hyphenated_office(build_texts):
    text = (
        "Minerals diplomacy\nThe European Union courts Serbia.\nLuca Brandt, Executive Vice-President of the Commission, spoke. "
        "In July the Commission and Serbia signed a memorandum on lithium."
    )
    graph = build_texts(text)
    assert {e.label: e.kind for e in graph.entities}.get("Luca Brandt") == "Person"
    assert ("European Commission", "signs") in {(s, p) for s, p, _ in facts(graph)}
    elsewhere = build_texts("Minerals diplomacy\nThe Commission and Serbia signed a memorandum on lithium.")
    assert "European Commission" not in {e.label for e in elsewhere.entities}


def test_a_one_word_alias_of_the_gazetteer_links_with_its_office(build_texts):
    graph = build_texts("Minerals diplomacy\nBrazil and China signed a memorandum during President Lula's visit to Beijing.")
    found = facts(graph)
    assert ("Luiz Inácio Lula da Silva", "represents", "Brazil") in found
    assert ("Luiz Inácio Lula da Silva", "represents", "China") not in found


def test_an_office_in_a_transcripts_speaker_brackets(build_texts):
    graph = build_texts("Interview\nQ: What did you sign?\nA (Lena Moreau, Minister for Resources): We signed a lithium accord with Chile.")
    assert ("Lena Moreau", "holdsPosition", "Minister for Resources") in facts(graph)


@pytest.mark.parametrize(
    "text",
    [
        "Jane Porter, the US special envoy for critical minerals, met officials.",
        "The US special envoy for critical minerals, Jane Porter, met officials in Lima.",
    ],
)
def test_an_office_with_a_portfolio_in_lower_case(build_texts, text):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert ("Jane Porter", "holdsPosition", "special envoy for critical minerals") in found
    assert ("Jane Porter", "represents", "United States") in found


def test_speaking_for_a_state(build_texts):
    found = facts(build_texts("Minerals diplomacy\nSpeaking for Kenya, Hassan Joho said the deal was fair."))
    assert ("Hassan Joho", "represents", "Kenya") in found


def test_a_hyphenated_given_name_before_an_apposed_office(build_texts):
    graph = build_texts("Minerals diplomacy\nAccording to Marie-Claire Dubois, Canada's ambassador to Chile, the talks went well.")
    assert "Marie-Claire Dubois" in people(graph)
    assert ("Marie-Claire Dubois", "represents", "Canada") in facts(graph)


def test_an_official_at_a_body_holds_the_office_and_represents_the_body(build_texts):
    graph = build_texts(
        "Minerals diplomacy\nThe memorandum was drafted by Haruto Sato, a senior official at Japan's Ministry of Economy, Trade and Industry.\n"
        "Lena Marsh, a director at Glencore, praised it."
    )
    found = facts(graph)
    assert ("Haruto Sato", "holdsPosition", "senior official") in found
    assert {("Haruto Sato", "represents", "Ministry of Economy, Trade and Industry"), ("Haruto Sato", "represents", "Japan")} <= found
    assert ("Lena Marsh", "holdsPosition", "director") in found
    assert ("Lena Marsh", "represents", "Glencore") in found
    assert not any(e.label == "Ministry of Economy" for e in graph.entities)  # not a piece of the lexicon's longer name


@pytest.mark.parametrize(("text", "company"), [
    ("Cobalt Ridge CEO Tara Quill said output rose. Shares in Cobalt Ridge fell.", "Cobalt Ridge"),
    ("Graphite Nova chief executive Tara Quill said output rose.", "Graphite Nova"),
])
def test_a_company_named_with_an_ore_first_before_its_officer(build_texts, text, company):
    graph = build_texts("Mining news\n" + text)
    assert ("Tara Quill", "represents", company) in facts(graph)
    assert [e.label for e in graph.entities if e.kind == "Organization"] == [company]


@pytest.mark.parametrize("text", ["Bolivia scrapped a zinc contract with Peru's Cobalt Ridge.", "Bolivia signed a zinc contract with the miner Cobalt Ridge."])
def test_a_company_named_with_an_ore_first_after_its_state_or_a_company_word(build_texts, text):
    graph = build_texts("Mining news\n" + text)
    assert "Cobalt Ridge" in [e.label for e in graph.entities if e.kind == "Organization"]
    assert not any(o == "cobalt" for _, p, o in facts(graph) if p == "covers")


def test_office_first_speaker_labels_and_a_guest_welcomed_to_the_hosts_capital(build_texts):
    graph = build_texts(
        "Remarks on the Norway-Chile Copper Framework\n"
        "TRADE MINISTER BERGSTRAND: Good afternoon. It is an honour to welcome Mining Minister Rosa Quintanilla Vidal to Oslo.\n"
        "MINING MINISTER VIDAL: Thank you. Chile is proud to sign this framework with Norway today.\n"
        "TRADE MINISTER BERGSTRAND: Let us sign.\n"
        "SECRETARY HALVORSEN: The ceremony is over."
    )
    found = facts(graph)
    assert {"Bergstrand", "Halvorsen"} <= set(people(graph))
    assert ("Bergstrand", "holdsPosition", "Trade Minister") in found
    assert ("Halvorsen", "holdsPosition", "Secretary") in found
    assert ("Rosa Quintanilla Vidal", "represents", "Chile") in found
    assert ("Rosa Quintanilla Vidal", "represents", "Norway") not in found  # the guest, not the host


def test_a_chief_a_lone_surname_before_a_states_office_and_a_counterpart_after_a_comma(build_texts):
    graph = build_texts(
        "Minerals diplomacy\n"
        "The EU's trade chief Maria Lindqvist said the bloc wanted more access.\n"
        "Ndayishimiye, Burundi's president, met her in Brussels.\n"
        "Prime Minister Jonas Berg of Norway and his Chilean counterpart, Rosa Quintanilla Vidal, signed the accord."
    )
    found = facts(graph)
    assert {("Maria Lindqvist", "holdsPosition", "trade chief"), ("Maria Lindqvist", "represents", "European Union")} <= found
    assert ("Ndayishimiye", "represents", "Burundi") in found
    assert ("Rosa Quintanilla Vidal", "represents", "Chile") in found


def test_an_office_before_a_form_of_address_and_a_name(build_texts):
    graph = build_texts(
        "Press release\nThe Minister of Mines and Energy of Paraguay, Mr. Tomás Benítez Arce, received the delegation, "
        "which was headed by the Vice Minister of Trade of Qatar, Ms. Layla Al-Sayed."
    )
    found = facts(graph)
    assert {("Tomás Benítez Arce", "holdsPosition", "Minister of Mines and Energy"), ("Tomás Benítez Arce", "represents", "Paraguay")} <= found
    assert ("Layla Al-Sayed", "holdsPosition", "Vice Minister of Trade") in found


def test_a_name_apposed_to_the_company_and_a_capital_before_an_adverb_are_read_as_such(build_texts):
    graph = build_texts(
        "Minerals diplomacy\nThe company at the heart of the deal, Tarvamines, is a joint venture.\n"
        "Doha, meanwhile, is pushing its own offer: a phosphate partnership with Oman."
    )
    kinds = {e.label: e.kind for e in graph.entities}
    assert kinds.get("Tarvamines") == "Organization"
    assert ("Qatar", "proposes") in {(s, p) for s, p, _ in facts(graph)}


def test_an_office_after_a_comma_is_no_form_of_address(build_texts):
    found = facts(build_texts("Minerals diplomacy\nMeanwhile, Secretary Tom Halvorsen reassured the skeptics."))
    assert ("Tom Halvorsen", "holdsPosition", "Secretary") in found


def test_an_office_after_a_signing_pair_is_the_articles_own_state(build_texts):
    text = "Qatar signs phosphate accord with Oman\nQatar and Oman signed the phosphate accord on Monday, Foreign Secretary Hamad Al-Kuwari said."
    found = facts(build_texts(text))
    assert ("Hamad Al-Kuwari", "represents", "Qatar") in found
    assert ("Hamad Al-Kuwari", "represents", "Oman") not in found


def test_a_party_code_after_a_name_makes_a_member_of_congress_and_former_is_no_part_of_the_office(build_texts):
    text = (
        "Cobalt bill\nSenator Ann Marsh (D-Ore.) and Rep. Tim Cole (R-OH) introduced a bill to curb cobalt imports from Zambia. "
        "Former Secretary of the Interior Ben Ford backed it, as did then-Minister of Mines Ruth Banda of Zambia."
    )
    found = facts(build_texts(text))
    assert {("Ann Marsh", "represents", "United States"), ("Tim Cole", "represents", "United States"), ("Tim Cole", "holdsPosition", "Rep.")} <= found
    assert ("Ben Ford", "holdsPosition", "Secretary of the Interior") in found
    assert ("Ruth Banda", "holdsPosition", "Minister of Mines") in found
    assert not [o for s, p, o in found if p == "holdsPosition" and o.lower().startswith(("former", "then"))]



def test_given_names_the_ner_leaves_out_are_part_of_the_persons_name(nlp):
    from spacy.tokens import Doc, Span

    from kg.nlp.people import extend_particles

    words = ["his", "Togolese", "counterpart", "Faure", "Essozimna", "Gnassingbe", "said"]
    doc = Doc(
        nlp.vocab, words=words, heads=[2, 2, 6, 5, 5, 2, 6], deps=["poss", "amod", "nsubj", "compound", "compound", "appos", "ROOT"],
        pos=["PRON", "ADJ", "NOUN", "PROPN", "PROPN", "PROPN", "VERB"],
    )
    assert extend_particles(doc, Span(doc, 5, 6), {"minister", "president"}) == (3, 6)
    titled = Doc(nlp.vocab, words=["said", "President", "Gnassingbe"], heads=[0, 2, 0], deps=["ROOT", "compound", "dobj"], pos=["VERB", "PROPN", "PROPN"])
    assert extend_particles(titled, Span(titled, 2, 3), {"minister", "president"}) == (2, 3)


def test_an_external_affairs_minister_keeps_the_whole_office(build_texts):
    found = facts(build_texts("Talks\nGhanaian External Affairs Minister Kofi Adu met his Togolese counterpart in Lome."), "holdsPosition")
    assert ("Kofi Adu", "holdsPosition", "External Affairs Minister") in found


def test_forms_of_address_with_a_full_stop_break_no_sentence_and_start_the_next_name(build_texts):
    text = (
        "Press release\nGhana is pleased to announce the signing of a Memorandum of Understanding with the Kingdom of Morocco. "
        "The MoU was signed by Hon. Kwame Asante, Minister of Lands and Natural Resources, and H.E. Youssef Alami, "
        "Minister of Energy and Mines of Morocco."
    )
    found = facts(build_texts(text))
    positions = {(s, o) for s, p, o in found if p == "holdsPosition"}
    assert positions == {("Kwame Asante", "Minister of Lands and Natural Resources"), ("Youssef Alami", "Minister of Energy and Mines")}
    signers = {s for s, p, _ in found if p == "signs"}
    assert {"Kwame Asante", "Youssef Alami", "Ghana", "Morocco"} <= signers


@pytest.mark.parametrize(
    ("text", "position", "body"),
    [
        ("Erik Lund, CEO of Fjordal Minerals, signed the offtake deal.", "CEO of Fjordal Minerals", "Fjordal Minerals"),
        ("Erik Lund, President of the Baltic Investment Bank, signed the loan.", "President of the Baltic Investment Bank", "Baltic Investment Bank"),
        ("President of the Baltic Investment Bank Erik Lund signed the loan.", "President of the Baltic Investment Bank", "Baltic Investment Bank"),
        ("Erik Lund, Fjordal Minerals' founder, signed the offtake deal.", "founder", "Fjordal Minerals"),
    ],
)
def test_a_company_or_bank_in_an_office_is_the_body_the_holder_represents(build_texts, text, position, body):
    graph = build_texts("Minerals diplomacy\n" + text)
    found = facts(graph)
    assert ("Erik Lund", "holdsPosition", position) in found
    assert {o for s, p, o in found if s == "Erik Lund" and p == "represents"} == {body}
    assert {e.label for e in graph.entities if e.kind == "Person"} == {"Erik Lund"}


@pytest.mark.parametrize(
    "text",
    [
        "Lena Vos, the European Commissioner for Energy, welcomed the accord.",
        "European Commissioner for Energy Lena Vos welcomed the accord.",
        "EU Energy Commissioner Lena Vos welcomed the accord.",
        "Executive Vice-President Lena Vos welcomed the accord.",
    ],
)
def test_a_european_commissioner_represents_the_commission(build_texts, text):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert ("Lena Vos", "represents", "European Commission") in found
    assert any(s == "Lena Vos" and p == "holdsPosition" and ("Commissioner" in o or "Vice-President" in o) for s, p, o in found)


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Erik Lund, speaking on behalf of the Baltic Investment Bank, welcomed the accord.", {"Baltic Investment Bank"}),
        ("Erik Lund, speaking for Latvia, welcomed the accord.", {"Latvia"}),
        ("Erik Lund, speaking for an hour, welcomed the accord.", set()),
    ],
)
def test_whom_a_person_speaks_for_in_a_participle(build_texts, text, body):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {o for s, p, o in found if s == "Erik Lund" and p == "represents"} == body


def test_a_hyphenated_given_name_keeps_its_surname_and_its_verb(build_texts):
    graph = build_texts(
        "Choi Min-seok, Korea's energy minister, signed the Baltic Amber Charter in Riga.\n"
        "Park Ji-hoon, South Korea's trade minister, signed the Adriatic Lithium Accord.\n"
        "The charter was signed by Laila Ozola, Latvia's Minister of Economics and Digital Affairs, and Yoon Tae-jun, South Korea's trade envoy."
    )
    assert {"Choi Min-seok", "Laila Ozola", "Yoon Tae-jun"} <= set(people(graph))
    found = facts(graph)
    assert ("Choi Min-seok", "signs", "Baltic Amber Charter") in found
    assert ("Park Ji-hoon", "signs", "Adriatic Lithium Accord") in found
    assert ("Laila Ozola", "holdsPosition", "Minister of Economics and Digital Affairs") in found
    assert ("Yoon Tae-jun", "holdsPosition", "trade envoy") in found
    assert ("Yoon Tae-jun", "represents", "South Korea") in found
    assert not any(e.kind == "Person" and e.label in ("Min-seok", "Tae-jun") for e in graph.entities)



def test_a_company_named_short_with_its_board_member_and_chief_executive(build_texts):
    graph = build_texts(
        "Cobre Austral S.A. and the Danish group Nordhavn Chemicals signed a supply contract.\n"
        "The contract was signed by Cobre Austral's chief executive, Ines Varela, and Nordhavn's board member for purchasing, Mette Holm."
    )
    assert {"Ines Varela", "Mette Holm"} == set(people(graph))
    found = facts(graph)
    assert ("Ines Varela", "represents", "Cobre Austral S.A.") in found
    assert ("Mette Holm", "holdsPosition", "board member for purchasing") in found
    assert ("Mette Holm", "represents", "Nordhavn Chemicals") in found


def test_a_first_surname_alone_is_the_person_with_two_surnames(build_texts):
    graph = build_texts(
        "Peru's Minister of Energy, Rosa Quispe Mamani, opened the talks.\n"
        "\"We want refineries, not only mines,\" said Minister Quispe."
    )
    assert people(graph) == ["Rosa Quispe Mamani"]


def test_the_possessor_of_a_chief_executive_is_a_company_the_executive_represents(build_texts):
    graph = build_texts(
        "Battery prices\n"
        "Nordkap Batterie's chief executive Anna Vogel said prices would rise. "
        "Elsa Brandt's shareholders met in Oslo."
    )
    found = facts(graph)
    assert ("Anna Vogel", "represents", "Nordkap Batterie") in found
    assert {e.label for e in graph.entities if e.kind == "Organization"} >= {"Nordkap Batterie"}
    assert "Nordkap Batterie" not in {e.label for e in graph.entities if e.kind == "Person"}


def test_each_signer_represents_the_side_named_right_after_them_on_behalf_of(build_texts):
    found = facts(build_texts(
        "Mining memorandum\n"
        "The memorandum was signed by Vice Minister Park Min-ho on behalf of the Korean ministry "
        "and by Vice Minister of Mines Luis Quispe on behalf of the Peruvian ministry."
    ))
    assert ("Luis Quispe", "represents", "Peru") in found and ("Luis Quispe", "represents", "South Korea") not in found
    assert ("Park Min-ho", "represents", "South Korea") in found and ("Park Min-ho", "represents", "Peru") not in found
