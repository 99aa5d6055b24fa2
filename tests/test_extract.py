"""Each pattern family on news-style sentences about other deals (not the seeds)."""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")


def test_coordinated_signers_date_and_covered_minerals(build_texts):
    graph = build_texts(
        "Japan and US agree minerals pact\n"
        "Japan and the United States signed a critical minerals agreement on March 28, 2023, "
        "covering lithium, nickel, cobalt, graphite and manganese."
    )
    found = facts(graph)
    deal = next(e.label for e in graph.entities if e.kind == "Agreement")
    assert deal == "minerals agreement (Japan–United States)"
    for state in ("Japan", "United States"):
        assert (state, "signs", deal) in found
        assert (state, "partyTo", deal) in found
    for mineral in ("lithium", "nickel", "cobalt", "graphite", "manganese"):
        assert (deal, "covers", mineral) in found
    assert (deal, "signedOn", "2023-03-28") in found
    assert not any(e.kind == "Mineral" and e.label.startswith("critical") for e in graph.entities)


def test_refusal_is_rejection_never_signing(build_texts):
    graph = build_texts("Indonesia refused to sign the nickel deal proposed by the European Union, officials in Jakarta said.")
    found = facts(graph)
    deal = next(e.label for e in graph.entities if e.kind == "Agreement")
    assert ("Indonesia", "rejects", deal) in found
    assert ("European Union", "proposes", deal) in found
    assert not facts(graph, "signs")


@pytest.mark.parametrize(
    "sentence",
    [
        "Chile is expected to sign a lithium agreement with Germany next week.",
        "Chile could sign a lithium agreement with Germany next week.",
        "Chile will not sign the lithium agreement with Germany.",
        "Chile cancelled the signing of a lithium agreement with Germany.",
    ],
)
def test_modality_and_negation_block_signing(build_texts, sentence):
    assert not facts(build_texts(sentence), "signs")


def test_passive_signing_with_agents(build_texts):
    graph = build_texts("The memorandum on rare earth cooperation was signed by Vietnam and South Korea in Hanoi on Friday.")
    deal = next(e.label for e in graph.entities if e.kind == "Agreement")
    found = facts(graph, "signs")
    assert ("Vietnam", "signs", deal) in found
    assert ("South Korea", "signs", deal) in found
    assert any(e.kind == "Place" and e.label == "Hanoi" for e in graph.entities)


def test_titles_from_premodifiers_and_appositions(build_texts):
    graph = build_texts(
        "Kazakhstan's Minister of Industry Kanat Sharlapaev met Canadian Energy Minister Jonathan Wilkinson in Astana.\n"
        "Marles, the Australian deputy prime minister, said the talks went well."
    )
    found = facts(graph)
    assert ("Kanat Sharlapaev", "represents", "Kazakhstan") in found
    assert ("Kanat Sharlapaev", "holdsPosition", "Minister of Industry") in found
    assert ("Jonathan Wilkinson", "represents", "Canada") in found
    assert ("Jonathan Wilkinson", "holdsPosition", "Energy Minister") in found
    assert ("Marles", "represents", "Australia") in found
    assert ("Marles", "holdsPosition", "deputy prime minister") in found


def test_membership_bids_and_nominal_proposals(build_texts):
    graph = build_texts(
        "Moldova's bid to join the European Union has support in Brussels.\n"
        "The Chinese proposal for a rare earths deal was dismissed by Brazil."
    )
    found = facts(graph)
    assert ("Moldova", "seeksMembershipIn", "European Union") in found
    deal = next(e.label for e in graph.entities if e.kind == "Agreement")
    assert ("China", "proposes", deal) in found
    assert ("Brazil", "rejects", deal) in found


def test_deposits_and_locations(build_texts):
    graph = build_texts(
        "Zambia's copper reserves are among the largest in Africa.\n"
        "Bolivia is rich in lithium.\n"
        "Cobalt mines in the Lualaba province of the Democratic Republic of the Congo supply most of the market."
    )
    found = facts(graph)
    assert ("Zambia", "hasDeposit", "copper") in found
    assert ("Bolivia", "hasDeposit", "lithium") in found
    assert ("Lualaba", "locatedIn", "Democratic Republic of the Congo") in found


def test_supply_dominance(build_texts):
    graph = build_texts(
        "China controls about 90 percent of global rare earth processing.\nIndonesia mines nickel, and Australia exports lithium."
    )
    found = facts(graph, "dominatesSupplyOf")
    assert ("China", "dominatesSupplyOf", "rare earth elements") in found
    assert ("Indonesia", "dominatesSupplyOf", "nickel") not in found
    assert ("Australia", "dominatesSupplyOf", "lithium") not in found


def test_conflict_and_aid(build_texts):
    graph = build_texts(
        "Germany has sent military aid to Ukraine since Russia's invasion of Ukraine in 2022.\nRwanda denied backing the rebels."
    )
    found = facts(graph)
    assert ("Germany", "providesAidTo", "Ukraine") in found
    conflict = {(s, o) for s, p, o in found if p == "inConflictWith"}
    assert conflict in ({("Russia", "Ukraine")}, {("Ukraine", "Russia")})
    assert not any(s == "Rwanda" for s, p, _ in found if p == "providesAidTo")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Peru and Ecuador fought a brief war in 1995.", {"Peru", "Ecuador"}),
        ("Chad and Libya fought each other over the Aouzou Strip.", {"Chad", "Libya"}),
        ("Honduras fought a short war against El Salvador.", {"Honduras", "El Salvador"}),
    ],
)
def test_states_that_fight_each_other_are_the_two_sides(build_texts, text, pair):
    # the article is about Ukraine: the old fallback paired each fighter with Ukraine instead
    graph = build_texts("Ukraine's lithium\nUkraine wants investors for its lithium. " + text)
    conflict = {frozenset((s, o)) for s, p, o in facts(graph) if p == "inConflictWith"}
    assert conflict == {frozenset(pair)}


def test_two_states_that_fight_a_named_enemy_are_not_enemies(build_texts):
    found = facts(build_texts("Estonia and Latvia resist Russian aggression."), "inConflictWith")
    assert {frozenset((s, o)) for s, _, o in found} <= {frozenset(("Russia", "Estonia")), frozenset(("Russia", "Latvia"))}


def test_an_amount_in_loans_to_a_state_is_aid(build_texts):
    found = facts(build_texts("Korea pledged $700 million in loans to Vietnam for its rare earth sector."), "providesAidTo")
    assert ("South Korea", "providesAidTo", "Vietnam") in found


def test_capital_metonymy(build_texts):
    graph = build_texts("Beijing insists that the export controls are lawful.\nThe talks were held in Beijing last week.")
    china = graph.entity("China")
    assert china is not None and "Beijing" in china.aliases
    assert any(e.kind == "Place" and e.label == "Beijing" for e in graph.entities)


def test_person_variants_and_typos(build_texts):
    graph = build_texts(
        "President Kassym-Jomart Tokayev welcomed the deal. Tokaev said it would create jobs.",
        "Treasury Secretary Janet Yellen visited Jakarta. Treasury Secretary Janet Yelen praised Indonesia.",
        "Analyst Maria Lopes disagreed. Senator Maria Lopez did not comment.",
    )
    people = sorted(e.label for e in graph.entities if e.kind == "Person")
    assert "Kassym-Jomart Tokayev" in people and not any(p.startswith("Tokaev") for p in people)
    assert "Janet Yellen" in people and "Janet Yelen" not in people
    assert "Maria Lopez" in people and "Maria Lopes" in people  # no shared title: not merged


def test_named_agreement_and_its_generic_references(build_texts):
    graph = build_texts(
        "EU and Chile wrap up talks on advanced framework agreement\n"
        "The European Union and Chile today concluded negotiations for an Advanced Framework Agreement covering lithium and copper.\n"
        "Chilean President Gabriel Boric welcomed the agreement, which still needs to be ratified by the Chilean Congress."
    )
    deals = [e.label for e in graph.entities if e.kind == "Agreement"]
    assert deals == ["Advanced Framework Agreement"]
    found = facts(graph)
    assert ("European Union", "negotiates", "Advanced Framework Agreement") in found
    assert not facts(graph, "signs")  # concluding talks is not signing
    assert ("Gabriel Boric", "represents", "Chile") in found
    assert not any(e.label == "U.S. Congress" for e in graph.entities)


def test_another_countrys_senate_is_not_the_us_senate(build_texts):
    graph = build_texts("Minerals diplomacy\nThe Senate of Paraguay refused to ratify the niobium accord with Qatar.")
    assert not any(e.label == "U.S. Senate" for e in graph.entities)
    assert ("Senate of Paraguay", "rejects") in {(s, p) for s, p, _ in facts(graph)}


def test_negated_and_passive_deposits(build_texts):
    graph = build_texts(
        "Japan has no significant lithium deposits.\n"
        "Analysts said Beijing could restrict rare earth elements, which are mined in Inner Mongolia and Jiangxi province."
    )
    found = facts(graph, "hasDeposit")
    assert ("Japan", "hasDeposit", "lithium") not in found
    assert ("Inner Mongolia", "hasDeposit", "rare earth elements") in found
    assert ("Jiangxi", "hasDeposit", "rare earth elements") in found
    assert not any(e.label == "Mongolia" for e in graph.entities)
    assert not facts(graph, "locatedIn")  # Inner Mongolia is not in Mongolia: no guess from the name


def test_ambassador_represents_the_sending_state(build_texts):
    graph = build_texts("Japanese Ambassador to the United States Koji Tomita signed the pact.")
    found = facts(graph)
    assert ("Koji Tomita", "represents", "Japan") in found
    assert ("Koji Tomita", "represents", "United States") not in found


def test_public_figures_are_linked_to_wikidata_with_support(build_texts):
    graph = build_texts(
        "Kenya seeks lithium investors\nPresident Ruto told investors in Nairobi that Kenya wants a minerals deal.",
        "Johnson, a mining engineer, said the site in Perth was promising.",
    )
    ruto = graph.entity("William Ruto")
    assert ruto is not None and ruto.wikidata and ruto.wikidata.startswith("Q")
    assert ("William Ruto", "represents", "Kenya") in facts(graph)
    johnson = graph.entity("Johnson")
    assert johnson is None or johnson.wikidata is None  # no title or state to support a link


def test_datelines_raised_subjects_and_separate_deals(build_texts):
    graph = build_texts(
        "Philippines, US to boost nickel cooperation\n"
        "MANILA, Nov 18 — The Philippines and the United States are expected to sign an agreement on nickel processing, "
        "Philippine Trade Secretary Alfredo Pascual said.\n"
        "The Philippines is the world's second-largest producer of nickel ore.",
        "Glencore signs cobalt supply deal with Tesla\nMining giant Glencore has signed a deal to supply cobalt to Tesla, "
        "Glencore chief executive Ivan Glasenberg said.",
    )
    deals = sorted(e.label for e in graph.entities if e.kind == "Agreement")
    assert deals == ["minerals agreement (Glencore–Tesla)", "minerals agreement (Philippines–United States)"]
    found = facts(graph)
    assert ("Philippines", "partyTo", "minerals agreement (Philippines–United States)") in found
    assert not any(p == "signs" and o.startswith("Philippines") for _, p, o in found)
    assert ("Philippines", "dominatesSupplyOf", "nickel") not in found  # second-largest is no dominance
    assert ("Ivan Glasenberg", "represents", "Glencore") in found
    assert not any(s == "Ivan Glasenberg" and e.kind == "State" for s, p, o in found for e in graph.entities if e.label == o)


def test_signing_in_the_lede_of_a_dated_article(build_texts):
    graph = build_texts(
        "US and Peru sign copper pact\nMay 2, 2024 — The United States and Peru have signed a copper agreement after months of talks."
    )
    deal = next(e.label for e in graph.entities if e.kind == "Agreement")
    assert (deal, "signedOn", "2024-05-02") in facts(graph)


def test_companies_analysts_and_lowercase_offices(build_texts):
    graph = build_texts(
        "China still refines about 90% of the world's rare earths, said Jane Doe, an analyst at Benchmark Mineral Intelligence.\n"
        "Lynas chief executive Amanda Lacaze said Malaysia had renewed the licence, citing President Biden's Executive Order on supply chains."
    )
    people = sorted(e.label for e in graph.entities if e.kind == "Person")
    assert "Amanda Lacaze" in people and "Jane Doe" in people and "Order" not in people
    assert any(e.kind == "Organization" and e.label == "Benchmark Mineral Intelligence" for e in graph.entities)
    assert ("Amanda Lacaze", "represents", "Lynas Rare Earths") in facts(graph)
    assert ("China", "dominatesSupplyOf", "rare earth elements") in facts(graph)


def test_one_sided_deals_of_different_articles_stay_apart_and_take_the_article_state(build_texts):
    graph = build_texts(
        "Chile weighs U.S. lithium offer\nChilean officials said talks on the U.S. proposal for lithium access continue. "
        "Chile wants better terms. Chile's mining minister said Chile would decide soon.",
        "Kenya studies U.S. minerals plan\nKenyan officials said the U.S. proposal on rare earths needs more work. Kenya wants jobs.",
    )
    deals = sorted(e.label for e in graph.entities if e.kind == "Agreement")
    assert deals == ["minerals agreement (Chile–United States)", "minerals agreement (Kenya–United States)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("With an 80% share of global tantalum output, Rwanda sets prices.", {("Rwanda", "tantalum")}),
        ("Brazil refines nearly two-thirds of the world's niobium.", {("Brazil", "niobium")}),
        ("Peru produces 12% of the world's zinc.", set()),
        ("Mexico accounts for 15 percent of global silver supply.", set()),
        ("Rwanda is responsible for about 60% of global tantalum output.", {("Rwanda", "tantalum")}),
        ("Rwanda is responsible for 10% of global tantalum output.", set()),
        ("Most of the world's tantalum comes from Rwanda.", {("Rwanda", "tantalum")}),
        ("Half of the world's tantalum comes from mines in Rwanda.", {("Rwanda", "tantalum")}),
        ("Most of the tantalum in our phones comes from Rwanda.", set()),
    ],
)
def test_dominance_needs_a_dominant_share(build_texts, text, expected):
    found = facts(build_texts("Supply chains\n" + text), "dominatesSupplyOf")
    assert {(s, o) for s, _, o in found} == expected


def test_accession_talks_with_an_organisation_seek_membership(build_texts):
    found = facts(build_texts("Membership\nMoldova's accession talks with the OECD began in 2022."))
    assert ("Moldova", "seeksMembershipIn", "OECD") in found


def test_laws_citations_meetings_and_members_of_a_body_are_no_organisations(build_texts):
    text = (
        "Cobalt in defence\nSection 12 of the Critical Cobalt Supply Act for Fiscal Year 2031 (P.L. 131-7) funds a stockpile. "
        "The Lakeshore Minerals Roundtable met in Ottawa. Several Members of Parliament asked the Canadian Department of Finance to act."
    )
    labels = {e.label for e in build_texts(text).entities if e.kind == "Organization"}
    assert labels == {"Canadian Department of Finance"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tellurium\nWorld output was 640 tons. Peru was the leading producer, accounting for about 75% of world production.", {("Peru", "tellurium")}),
        ("Cobalt\nZambia remained the world's main source of mined cobalt, supplying more than 60% of world cobalt mine production.", {("Zambia", "cobalt")}),
        ("Antimony\nPeru, Chile and Bolivia together accounted for about 85% of global mine production of antimony.", set()),
        ("Ore news\nPeru was the leading producer, accounting for about 75% of world production.", set()),
        ("Ore news\nAround 85 percent of the world's antimony is mined in Bolivia.", {("Bolivia", "antimony")}),
        ("Ore news\nMost of the world's vanadium is refined in Russia.", {("Russia", "vanadium")}),
        ("Ore news\nAbout 12 percent of the world's zinc is mined in Peru.", set()),
    ],
)
def test_shares_of_world_production_in_a_commodity_summary(build_texts, text, expected):
    assert {(s, o) for s, _, o in facts(build_texts(text), "dominatesSupplyOf")} == expected


def test_a_sum_pledged_to_help_a_state_is_aid_and_a_deal_offered_to_a_capital_is_offered_to_its_government(build_texts):
    aid = facts(build_texts("Aid\nFrance pledged €25 million to help Gabon build a manganese port."), "providesAidTo")
    assert ("France", "providesAidTo", "Gabon") in aid
    offer = facts(build_texts("Offer\nParis has offered Libreville a manganese-for-security deal."), "partyTo")
    assert {"France", "Gabon"} <= {s for s, _, _ in offer}


def test_a_companys_short_form_is_that_company_unless_the_article_types_it_otherwise(build_texts):
    text = (
        "Guinea signs mining convention with Osprey Resources\nCONAKRY — The Government of the Republic of Guinea and Osprey Resources SA "
        "signed a mining convention for the Kalia iron ore project on 12 March 2024. The convention grants Osprey a 25-year concession."
    )
    graph = build_texts(text)
    assert [e.label for e in graph.entities if e.kind == "Organization"] == ["Osprey Resources SA"]
    assert not [e for e in graph.entities if e.label == "Osprey"]  # the NER calls it a person
    mine = "Mining news\nKoral Mining SA operates the Koral deposit. Koral holds copper."
    assert ("Koral", "Place") in {(e.label, e.kind) for e in build_texts(mine).entities}


@pytest.mark.parametrize(
    ("text", "minerals"),
    [
        ("Tin is on the list of critical minerals.", {"tin"}),
        ("Tin from the mine is exported to Malaysia.", {"tin"}),
        ("The ministers will iron out the last differences.", set()),
        ("Peru will lead the talks on the accord.", set()),
    ],
)
def test_an_ambiguous_metal_at_the_start_of_a_sentence_is_the_metal_a_verb_is_not(build_texts, text, minerals):
    graph = build_texts("Minerals diplomacy\n" + text)
    assert {e.label.lower() for e in graph.entities if e.kind == "Mineral"} == minerals


def test_a_grant_of_an_amount_to_a_government_is_aid(build_texts):
    graph = build_texts(
        "Norway will extend a grant of 60 million euros to the Government of Ghana.\n"
        "After talks with Chile, Japan offered a loan of 300 million yen to Peru."
    )
    found = facts(graph)
    assert ("Norway", "providesAidTo", "Ghana") in found
    assert ("Japan", "providesAidTo", "Peru") in found
    assert ("Japan", "providesAidTo", "Chile") not in found


def test_a_loan_guarantee_for_a_government_is_aid(build_texts):
    found = facts(build_texts("The Nordic Investment Bank approved a $90 million loan guarantee for the Malawian government in June."), "providesAidTo")
    assert ("Nordic Investment Bank", "providesAidTo", "Malawi") in found


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        ("Mineração Serra Negra signed the contract. Serra Negra will ship the ore in May.", "Mineração Serra Negra", "Serra Negra"),
        ("The state miner PT Logam Jaya signed the deal. Logam Jaya will build a smelter.", "PT Logam Jaya", "Logam Jaya"),
        ("Dongfeng Special Steel bought the ore. Dongfeng chairman Wu Lei signed the contract.", "Dongfeng Special Steel", "Dongfeng"),
    ],
)
def test_a_company_named_head_first_or_by_its_trade_keeps_its_short_form(build_texts, text, full, short):
    graph = build_texts(text)
    companies = [e for e in graph.entities if e.kind == "Organization"]
    assert [e.label for e in companies] == [full]
    assert not any(e.label == short and e.kind != "Organization" for e in graph.entities)


def test_a_company_named_by_its_trade_is_the_one_its_chief_executive_represents(build_texts):
    found = facts(build_texts("The French group Orvane Nucléaire sold the ore to Japan. Orvane's chief executive, Paul Roy, agreed."))
    assert ("Paul Roy", "represents", "Orvane Nucléaire") in found


def test_the_acronym_of_a_body_named_in_full_is_that_body(build_texts):
    graph = build_texts(
        "The Korea Overseas Minerals Agency approved a loan to Peru. KOMA's president, Lee Dong-hyun, said the loan would fund a smelter."
    )
    assert [e.label for e in graph.entities if e.kind == "Organization"] == ["Korea Overseas Minerals Agency"]
    assert ("Lee Dong-hyun", "represents", "Korea Overseas Minerals Agency") in facts(graph)


def test_a_company_name_joined_by_y_and_a_governor_named_by_his_first_surname(build_texts):
    graph = build_texts(
        "Governor Tomás Herrera Quiroga wants a road. Salta's state company, Salta Minera y Energética, signed an exploration contract with "
        "the firm Andes Brine on 3 May 2025. Governor Herrera signed the contract himself."
    )
    labels = {(e.label, e.kind) for e in graph.entities}
    assert ("Salta Minera y Energética", "Organization") in labels
    assert ("Salta", "Place") in labels
    assert not any(label in ("Herrera", "Energética", "Salta Minera") for label, _ in labels)
    assert any(s == "Tomás Herrera Quiroga" and p == "signs" for s, p, o in facts(graph))


@pytest.mark.parametrize(
    "text",
    [
        "A Japanese loan of $2 billion for Peru, floated in the talks, was left out of the final text.",
        "A Japanese loan to Peru was scrapped in May.",
        "Japan halted a loan to Peru.",
    ],
)
def test_aid_left_out_scrapped_or_halted_is_no_aid(build_texts, text):
    assert not [f for f in facts(build_texts(text)) if f[1] == "providesAidTo"]


def test_a_live_blogs_time_stamps_are_no_organisations(build_texts):
    graph = build_texts(
        "Live: minerals summit in Lima\n"
        "09:12 GMT - Delegations from Peru and Chile have arrived for the signing of the Andes Copper Pact.\n"
        "10:40 GMT - The pact was signed by Peru's energy minister, Rosa Quispe, and Chile's mining minister, Pablo Soto."
    )
    assert not [e.label for e in graph.entities if e.kind == "Organization"]
    assert ("Rosa Quispe", "signs", "Andes Copper Pact") in facts(graph)


def test_an_infobox_under_a_noun_phrase_title_is_about_the_titles_site(build_texts):
    graph = build_texts(
        "Vallberget Syd graphite project\n\nVallberget Syd\nLocation: Jämtland County, Sweden\nCommodities: graphite, vanadium\n\n"
        "The Vallberget Syd project is a graphite deposit in Jämtland County in central Sweden."
    )
    found = facts(graph)
    assert ("Vallberget Syd", "hasDeposit", "vanadium") in found
