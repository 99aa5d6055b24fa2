"""Agreements as the world writes them, one node per agreement, and who does what with them (issues 12 and 15).

Every sentence here is written for the test (invented deals; real state
names). Each test is one pattern of the brief.
"""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")


def agreements(graph) -> list[str]:
    return sorted(e.label for e in graph.entities if e.kind == "Agreement")


def test_named_agreements_in_title_case_are_agreements_with_their_parties(build_texts):
    graph = build_texts(
        "Peru and Japan signed the Peru–Japan Memorandum of Understanding on Battery Metals Cooperation in Lima on 4 March 2024. "
        "The Sahel Minerals Corridor Memorandum was signed by Mali and Niger."
    )
    found = facts(graph)
    peru_japan = "Peru–Japan Memorandum of Understanding on Battery Metals Cooperation"
    assert agreements(graph) == [peru_japan, "Sahel Minerals Corridor Memorandum"]
    for state in ("Peru", "Japan"):
        assert (state, "signs", peru_japan) in found and (state, "partyTo", peru_japan) in found
    assert (peru_japan, "signedOn", "2024-03-04") in found
    assert ("Niger", "signs", "Sahel Minerals Corridor Memorandum") in found
    assert not any(e.kind in ("Person", "Organization") and "Memorandum" in e.label for e in graph.entities)


def test_a_partnership_of_states_is_an_agreement_and_its_acronym_refers_to_it(build_texts):
    graph = build_texts(
        "Members of the Arctic Minerals Security Partnership (AMSP) include Canada, Norway, Iceland and the European Union. "
        "Greenland officials attended an AMSP meeting in Oslo."
    )
    deal = "Arctic Minerals Security Partnership"
    assert agreements(graph) == [deal]
    assert graph.entity("AMSP").label == deal
    found = facts(graph, "partyTo")
    assert {s for s, _, o in found if o == deal} == {"Canada", "Norway", "Iceland", "European Union"}


def test_the_generic_mention_is_the_named_agreement_of_its_kind(build_texts):
    graph = build_texts(
        "Kenya and Japan concluded the Nairobi Graphite Accord on Monday. The accord covers graphite and cobalt. "
        "Under the agreement, Japan will finance a processing plant."
    )
    assert agreements(graph) == ["Nairobi Graphite Accord"]
    found = facts(graph, "covers")
    assert ("Nairobi Graphite Accord", "covers", "graphite") in found and ("Nairobi Graphite Accord", "covers", "cobalt") in found


def test_similar_parallel_earlier_and_other_parties_make_other_agreements(build_texts):
    graph = build_texts(
        "Riyadh and Washington sign minerals memorandum\n"
        "RIYADH, May 14, 2024 — Saudi Arabia and the United States signed a memorandum of understanding on critical minerals. "
        "The memorandum covers lithium and copper. Jordan and Egypt signed a similar memorandum on phosphate in March. "
        "Oman declined to join the memorandum. Qatar rejected a parallel declaration proposed by Kuwait. "
        "An earlier memorandum between the two countries, signed in 2019, was cancelled by Saudi Arabia in 2022."
    )
    found = facts(graph)
    labels = agreements(graph)
    assert len(labels) == 4, labels
    main = next(label for label in labels if label.startswith("minerals memorandum of understanding"))
    similar = next(label for label in labels if "Egypt" in label)
    earlier = next(label for label in labels if label.startswith("memorandum (Saudi"))
    declaration = next(label for label in labels if "declaration" in label)
    assert {s for s, p, o in found if p == "signs" and o == main} == {"Saudi Arabia", "United States"}
    assert {s for s, p, o in found if p == "signs" and o == similar} == {"Egypt", "Jordan"}
    assert (main, "covers", "lithium") in found and (similar, "signedOn", "2024-03") in found
    assert ("Oman", "rejects", main) in found and ("Oman", "partyTo", main) not in found
    assert ("Qatar", "rejects", declaration) in found and ("Kuwait", "proposes", declaration) in found
    assert ("Saudi Arabia", "rejects", earlier) in found and (earlier, "signedOn", "2019") in found
    # the earlier memorandum "between the two countries, signed in 2019" was signed by both, then cancelled by one
    assert {s for s, p, o in found if p == "signs" and o == earlier} == {"Saudi Arabia", "United States"}
    # nobody both signs and rejects one of the other agreements, and no party inherits another deal's signers
    signed_and_rejected = {(s, o) for s, p, o in found if p == "signs"} & {(s, o) for s, p, o in found if p == "rejects"}
    assert signed_and_rejected == {("Saudi Arabia", earlier)}
    assert ("Egypt", "partyTo", main) not in found and ("Kuwait", "partyTo", main) not in found


def test_signed_with_and_between_give_every_side(build_texts):
    graph = build_texts(
        "Vietnam signed a rare earths memorandum with South Korea in Hanoi. "
        "Separately, a cobalt agreement between Zambia and the United Arab Emirates was announced."
    )
    found = facts(graph)
    korea = next(label for label in agreements(graph) if "Korea" in label)
    uae = next(label for label in agreements(graph) if "Zambia" in label)
    assert ("Vietnam", "signs", korea) in found and ("South Korea", "signs", korea) in found
    assert ("Zambia", "partyTo", uae) in found and ("United Arab Emirates", "partyTo", uae) in found
    assert not any(p == "signs" and o == uae for _, p, o in found)


def test_envoys_sign_with_the_states_they_represent(build_texts):
    graph = build_texts(
        "Chile, represented by Mining Minister Ana Ruiz, and Peru, represented by Trade Minister Luis Paz, "
        "signed the Andes Copper Accord on 3 May 2023."
    )
    found = facts(graph, "signs")
    assert {s for s, _, _ in found} == {"Chile", "Peru", "Ana Ruiz", "Luis Paz"}


def test_at_the_signing_the_represented_states_sign_the_deal_the_article_reports(build_texts):
    graph = build_texts(
        "Brazil and Argentina signed a lithium memorandum on Friday. "
        "At the signing, Brazil was represented by Foreign Minister Carla Dias, and Argentina was represented by Ambassador Jorge Vidal."
    )
    deal = agreements(graph)[0]
    found = facts(graph)
    assert ("Argentina", "signs", deal) in found and ("Argentina", "partyTo", deal) in found
    assert ("Carla Dias", "signs", deal) in found


def test_joining_others_by_signing_and_support_for_states(build_texts):
    graph = build_texts(
        "Today the World Bank and the Asian Development Bank join Japan and the European Union in support of Laos, Cambodia "
        "and Vietnam to develop the Mekong Corridor by signing a five-party Memorandum of Understanding on copper."
    )
    found = facts(graph)
    deal = agreements(graph)[0]
    assert {s for s, p, o in found if p == "signs" and o == deal} == {"World Bank", "Asian Development Bank", "Japan", "European Union"}
    for backer in ("World Bank", "Japan", "European Union"):
        assert (backer, "providesAidTo", "Laos") in found
    assert not facts(graph, "seeksMembershipIn")  # joining partners in an action is no membership bid
    assert not any(p == "partyTo" and s == "Laos" for s, p, _ in found)  # "five-party": four signers and three supported states do not add up


def test_a_counted_memorandum_takes_the_supported_states_as_its_other_sides(build_texts):
    graph = build_texts(
        "Today the World Bank and the Asian Development Bank join Japan and the European Union in support of Laos, Cambodia "
        "and Vietnam to develop the Mekong Corridor by signing a seven-party Memorandum of Understanding on copper."
    )
    deal = agreements(graph)[0]
    parties = {s for s, p, o in facts(graph) if p == "partyTo" and o == deal}
    assert parties == {"World Bank", "Asian Development Bank", "Japan", "European Union", "Laos", "Cambodia", "Vietnam"}


def test_signed_by_the_three_governments_named_before(build_texts):
    graph = build_texts(
        "Ghana, Togo and Benin agreed to build a bauxite railway. "
        "The memorandum on bauxite builds on the Volta Basin Transit Facilitation agreement signed by the three West African governments in January 2021."
    )
    found = facts(graph)
    volta = "Volta Basin Transit Facilitation agreement"
    assert {s for s, p, o in found if p == "signs" and o == volta} == {"Ghana", "Togo", "Benin"}
    assert (volta, "signedOn", "2021-01") in found


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Chile and Korea signed a lithium agreement on June 27, 2023.", "2023-06-27"),
        ("In January 2023, Chile and Korea signed a lithium agreement.", "2023-01"),
        ("Chile and Korea signed a lithium agreement in 2019.", "2019"),
        ("Lithium pact news\n9 March 2022\nOn 8 March, Chile and Korea signed a lithium agreement.", "2022-03-08"),
        ("Chile and Korea signed a lithium agreement in early 2023.", "2023"),
        ("Chile and Korea have a lithium agreement. The agreement (signed 14 June 2023) entered into force in May.", "2023-06-14"),
    ],
)
def test_signing_dates_at_the_precision_written(build_texts, text, date):
    deal = agreements(graph := build_texts(text))[0]
    assert (deal, "signedOn", date) in facts(graph)


def test_a_date_of_another_clause_is_not_the_signing_date(build_texts):
    graph = build_texts("Chile and Korea signed a lithium memorandum on Monday that builds on a 2019 accord which Peru ratified in 2020.")
    dates = {(s, o) for s, p, o in facts(graph) if p == "signedOn"}
    assert not any(o == "2020" and "memorandum" in s for s, o in dates)
    later = build_texts("In 2015 Qatar and Oman signed the Gulf Phosphate Pact, which was ratified by Oman's parliament in 2016.")
    assert {o for s, p, o in facts(later) if p == "signedOn"} == {"2015"}


def test_bids_are_the_bidders_and_refusals_are_no_bids(build_texts):
    graph = build_texts(
        "Hungary backed Moldova's bid to join the European Union. "
        "Norway declined to join the European Union. "
        "Georgia could join NATO one day. "
        "Armenia has applied for membership of the Eurasian Economic Union."
    )
    found = facts(graph, "seeksMembershipIn")
    assert ("Moldova", "seeksMembershipIn", "European Union") in found
    assert not any(s in ("Hungary", "Norway", "Georgia") for s, _, _ in found)


def test_withdrawing_and_pulling_out_reject_an_agreement(build_texts):
    graph = build_texts(
        "Bolivia pulled out of the Andean Lithium Partnership in 2023. "
        "Ecuador withdrew from the Pacific Nickel Accord, and Peru joined the Pacific Nickel Accord."
    )
    found = facts(graph)
    assert ("Bolivia", "rejects", "Andean Lithium Partnership") in found
    assert ("Ecuador", "rejects", "Pacific Nickel Accord") in found
    assert ("Peru", "partyTo", "Pacific Nickel Accord") in found and ("Peru", "rejects", "Pacific Nickel Accord") not in found
    assert not facts(graph, "seeksMembershipIn")


def test_no_conflict_from_a_civil_war_or_a_bystander(build_texts):
    graph = build_texts(
        "A railway from Zambia to Angola was destroyed during the Angolan civil war. "
        "Trade tensions with China grew while the United States fought a trade war with Canada."
    )
    assert not facts(graph, "inConflictWith")


def test_conflict_between_the_two_states_named(build_texts):
    graph = build_texts("Armenia accused Azerbaijan of an attack on its border villages after the 2020 war between Armenia and Azerbaijan.")
    assert ("Armenia", "inConflictWith", "Azerbaijan") in facts(graph) or ("Azerbaijan", "inConflictWith", "Armenia") in facts(graph)


def test_minerals_named_as_background_are_not_covered(build_texts):
    graph = build_texts(
        "Australia and India signed a critical minerals agreement on lithium, while China still refines most of the world's cobalt."
    )
    deal = agreements(graph)[0]
    found = facts(graph, "covers")
    assert (deal, "covers", "lithium") in found and (deal, "covers", "cobalt") not in found


def test_a_headline_that_is_the_agreements_name_names_the_deal_of_the_body(build_texts):
    graph = build_texts(
        "Canada – Chile Memorandum of Understanding on Mineral Resources\n"
        "On March 3, 2024, Canada and Chile signed a Memorandum of Understanding (MOU) concerning cooperation on mineral "
        "resource development. The MOU was signed in Ottawa."
    )
    name = "Canada – Chile Memorandum of Understanding on Mineral Resources"
    assert agreements(graph) == [name]
    found = facts(graph)
    assert ("Canada", "signs", name) in found and ("Chile", "signs", name) in found
    assert (name, "signedOn", "2024-03-03") in found


def test_a_proposal_by_others_is_not_the_deal_and_not_yet_signed_is_no_refusal(build_texts):
    graph = build_texts(
        "Congo and Zambia signed a cooperation agreement on cobalt on Friday. "
        "Congo's parliament rejected a proposal by mining companies to revise the mining code. "
        "India had also proposed a separate rare earths deal with Zambia, but Zambia has not yet signed it."
    )
    found = facts(graph)
    main = next(label for label in agreements(graph) if "Zambia" in label and "Congo" in label)
    assert ("Democratic Republic of the Congo", "signs", main) in found and ("Zambia", "signs", main) in found
    assert not any(p == "rejects" and o == main for _, p, o in found)
    assert not any(s == "Zambia" and p == "rejects" for s, p, _ in found)


def test_a_new_agreement_to_expand_a_partnership_is_another_agreement(build_texts):
    graph = build_texts(
        "Australia and India have signed a new agreement to expand the Australia–India Critical Minerals Investment Partnership. "
        "The partnership was first agreed in March 2022."
    )
    found = facts(graph)
    partnership = "Australia–India Critical Minerals Investment Partnership"
    assert len(agreements(graph)) == 2
    assert (partnership, "signedOn", "2022-03") in found
    assert ("Australia", "signs", partnership) not in found and ("Australia", "partyTo", partnership) in found


@pytest.mark.parametrize(
    ("text", "aid"),
    [
        ("The United States supports the railway through a $200 million loan to the Zambian government.", {("United States", "Zambia")}),
        ("The Baltic Investment Bank signed a $90 million loan agreement with the Government of Togo.", {("Baltic Investment Bank", "Togo")}),
        ("The Baltic Investment Bank did not sign a loan agreement with Togo.", set()),
        ("The Baltic Investment Bank signed a loan agreement with Togo's state miner Sotomi.", set()),
        ("The IMF approved a $900 million bailout for Togo.", {("International Monetary Fund", "Togo")}),
        ("Togo thanked Ghana for its long-standing support.", {("Ghana", "Togo")}),
        ("Togo thanked Ghana for the visit.", set()),
    ],
)
def test_aid_through_a_loan_to_a_government(build_texts, text, aid):
    assert {(s, o) for s, p, o in facts(build_texts(text)) if p == "providesAidTo"} == aid


@pytest.mark.parametrize(
    ("text", "signers"),
    [
        ("An MoU on lithium was concluded between Argentina and Germany in 2023.", {"Argentina", "Germany"}),
        ("On behalf of the United States, Secretary of State Antony Blinken signed the memorandum on cobalt.", {"United States", "Antony Blinken"}),
        ("The Quad partners launched the Quad Critical Minerals Initiative to secure lithium supplies.", {"Quad"}),
        ("Japan entered into a graphite supply agreement with Mozambique on 2 May 2024.", {"Japan", "Mozambique"}),
    ],
)
def test_other_ways_of_naming_the_signers(build_texts, text, signers):
    graph = build_texts(text)
    deal = agreements(graph)[0]
    assert {s for s, p, o in facts(graph) if p == "signs" and o == deal} == signers


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Serbia applied for membership of the European Union in 2009.", ("Serbia", "seeksMembershipIn", "European Union")),
        ("Kazakhstan hopes to become a member of the OECD.", ("Kazakhstan", "seeksMembershipIn", "OECD")),
        ("Georgia's accession to the European Union stalled.", ("Georgia", "seeksMembershipIn", "European Union")),
        ("Turkey is seeking to join the Shanghai Cooperation Organisation.", ("Turkey", "seeksMembershipIn", "Shanghai Cooperation Organisation")),
    ],
)
def test_the_language_of_membership_bids(build_texts, text, fact):
    assert fact in facts(build_texts(text))


def test_talks_and_calls_for_a_deal(build_texts):
    graph = build_texts(
        "Chile and Bolivia held talks on a lithium agreement in La Paz. Peru is in talks with Canada over a copper deal. "
        "Mongolia called for a rare earths pact with Japan. Ecuador called the copper deal a success."
    )
    found = facts(graph)
    bolivia = next(label for label in agreements(graph) if "Bolivia" in label)
    canada = next(label for label in agreements(graph) if "Canada" in label)
    mongolia = next(label for label in agreements(graph) if "Mongolia" in label)
    assert ("Chile", "negotiates", bolivia) in found and ("Bolivia", "negotiates", bolivia) in found
    assert ("Peru", "negotiates", canada) in found and ("Canada", "negotiates", canada) in found
    assert ("Mongolia", "proposes", mongolia) in found
    assert not any(s == "Ecuador" for s, _, _ in found)


def test_a_description_or_a_possessor_is_no_signer(build_texts):
    graph = build_texts(
        "Moldova, an EU candidate country, signed a graphite memorandum with the European Commission. "
        "Kora Mining chief executive Ann Bell and Malawi's Ministry of Mines signed a graphite offtake agreement in May 2024."
    )
    found = facts(graph)
    signers = {s for s, p, _ in found if p == "signs"}
    assert {"Moldova", "European Commission", "Ministry of Mines"} <= signers
    assert "European Union" not in signers and "Malawi" not in signers
    assert ("Moldova", "seeksMembershipIn", "European Union") in found


def test_negation_applies_to_covers_and_conflict(build_texts):
    graph = build_texts(
        "Chile and Peru signed a lithium agreement, but the agreement does not cover copper. "
        "Venezuela did not invade Guyana, officials said."
    )
    deal = agreements(graph)[0]
    found = facts(graph)
    assert (deal, "covers", "lithium") in found and (deal, "covers", "copper") not in found
    assert not facts(graph, "inConflictWith")


def test_one_states_plan_is_no_agreement(build_texts):
    graph = build_texts("Under the plan unveiled by Canberra on Monday, Australia would stockpile rare earths and lithium.")
    assert agreements(graph) == []


def test_an_unnamed_agreement_keeps_how_the_text_describes_it(build_texts):
    """Its descriptions are surface forms like any entity's (skos:altLabel), without determiners or bare kind words."""
    graph = build_texts(
        "Miners sign lithium pact\n"
        "Altamira Lithium and Cordillera Minera signed a lithium exploration agreement in Salta on Monday. "
        "The exploration agreement covers 40,000 hectares."
    )
    deal = next(e for e in graph.entities if e.kind == "Agreement")
    assert {"lithium exploration agreement", "exploration agreement"} <= set(deal.aliases)
    assert not any(a.lower().startswith(("a ", "the ")) or a == "agreement" for a in deal.aliases)


def test_a_minister_signs_for_the_state_not_for_the_ministry_read_off_the_portfolio(build_texts):
    graph = build_texts(
        "Ghana's Ministry of Mines said on Friday that Ghana and Japan had signed a manganese memorandum. "
        "The memorandum was signed by Ghanaian Mines Minister Kofi Asante and Japanese Ambassador Ken Mori."
    )
    found = facts(graph)
    deal = next(label for label in agreements(graph) if "memorandum" in label.lower())
    assert ("Kofi Asante", "signs", deal) in found
    assert ("Ghana", "partyTo", deal) in found
    assert ("Ministry of Mines", "signs", deal) not in found
    assert ("Ministry of Mines", "partyTo", deal) not in found


def test_a_broader_agreement_is_another_agreement_described_without_its_cue(build_texts):
    graph = build_texts(
        "Ghana and Japan signed a manganese memorandum on Friday. "
        "The two countries signed a broader trade and investment agreement in 2018, and officials called the memorandum its first project."
    )
    deals = agreements(graph)
    assert len(deals) == 2
    broader = next(e for e in graph.entities if e.kind == "Agreement" and "memorandum" not in e.label.lower())
    assert "trade and investment agreement" in broader.aliases
    assert ("Ghana", "signs", broader.label) in facts(graph)


def test_a_name_given_to_a_deal_just_mentioned_names_that_deal(build_texts):
    graph = build_texts(
        "Ghana has proposed a regional refining arrangement, which it calls the Accra Refining Compact, covering manganese.\n"
        "Peru proposed a joint framework, known as the Lima Copper Framework, in May."
    )
    assert agreements(graph) == ["Accra Refining Compact", "Lima Copper Framework"]
    found = facts(graph)
    assert ("Ghana", "proposes", "Accra Refining Compact") in found
    assert ("Accra Refining Compact", "covers", "manganese") in found
    assert ("Peru", "proposes", "Lima Copper Framework") in found


def test_signed_for_a_side_and_signers_who_sign_for_their_governments(build_texts):
    graph = build_texts(
        "Ghana and Togo launched the Volta Minerals Initiative on Monday.\n"
        "The initiative was signed for Ghana by Minister of Mines Abena Owusu and for the African Union by Kwesi Boateng, "
        "the African Union Commission's Commissioner for Trade and Industry. "
        "Togo's Minister of Energy, Kossi Agbo, and Benin's Ambassador to Ghana, Rene Hounsou, signed for their governments."
    )
    found = facts(graph)
    deal = "Volta Minerals Initiative"
    assert {("African Union", "signs", deal), ("African Union", "partyTo", deal)} <= found
    assert {("Abena Owusu", "signs", deal), ("Kwesi Boateng", "signs", deal)} <= found
    assert {("Kossi Agbo", "signs", deal), ("Rene Hounsou", "signs", deal)} <= found
    assert not any(s == "African Union Commission" and o == deal for s, p, o in found if p in ("signs", "partyTo"))


def test_a_side_joined_by_another_acts_with_it_and_who_walks_out_is_no_party(build_texts):
    graph = build_texts(
        "Ghana, Togo and Benin, joined by the African Union, launched the Volta Minerals Initiative in Accra on Monday. "
        "Niger took part in the negotiations until June, when it pulled out of the talks over the initiative's rules."
    )
    found = facts(graph)
    deal = "Volta Minerals Initiative"
    assert {("African Union", "signs", deal), ("Benin", "signs", deal)} <= found
    assert ("Niger", "partyTo", deal) not in found


def test_it_after_a_deal_and_the_sides_between_which_a_deal_was_signed(build_texts):
    graph = build_texts(
        "Malaysia and Thailand signed a memorandum on rare earths in March. Laos and Cambodia endorsed it.\n"
        "The Aras Valley Transit Protocol between Armenia and Iran, signed in 2021, covers rail shipments of copper."
    )
    found = facts(graph)
    memorandum = next(label for label in agreements(graph) if "memorandum" in label.lower())
    assert {("Laos", "signs", memorandum), ("Cambodia", "signs", memorandum)} <= found
    assert {("Armenia", "signs", "Aras Valley Transit Protocol"), ("Iran", "signs", "Aras Valley Transit Protocol")} <= found
    assert ("Aras Valley Transit Protocol", "signedOn", "2021") in found


def test_an_indefinite_deal_with_words_of_its_own_is_a_new_deal(build_texts):
    graph = build_texts(
        "Malaysia signs tin pact with Thailand\n"
        "Malaysia and Thailand signed a tin pact on Monday. The pact sets export quotas. "
        "It replaces a copper trading agreement that the two countries signed in 2012, which Thailand cancelled in 2019."
    )
    deals = agreements(graph)
    assert len(deals) == 2
    older = next(e for e in graph.entities if e.kind == "Agreement" and "trading" in " ".join((e.label, *e.aliases)))
    found = facts(graph)
    assert ("Thailand", "rejects", older.label) in found
    assert (older.label, "signedOn", "2012") in found
    assert "Malaysia–Thailand copper trading agreement" in older.aliases  # its sides and what it is, as a reader names it


def test_letters_of_intent_and_memoranda_of_cooperation_are_deals_a_letter_is_not(build_texts):
    graph = build_texts(
        "Kenya and Japan signed a letter of intent on graphite supply on Monday. The letter of intent was welcomed by investors. "
        "Ghana and Korea forged a memorandum of cooperation (MoC) on manganese. The minister sent a letter to the company."
    )
    deals = agreements(graph)
    assert len(deals) == 2
    letter = next(d for d in deals if "letter of intent" in d)
    moc = next(d for d in deals if "memorandum of cooperation" in d)
    found = facts(graph)
    assert {("Kenya", "signs", letter), ("Japan", "signs", letter), ("Ghana", "signs", moc)} <= found
    assert (letter, "covers", "graphite") in found


@pytest.mark.parametrize(
    ("text", "signers"),
    [
        ("Latvia put its signature to the Baltic Amber Accord on Friday.", {"Latvia"}),
        ("Mali added its name to the Sahel Gold Charter in March.", {"Mali"}),
        ("Bhutan became a signatory to the Himalayan Mica Compact last year.", {"Bhutan"}),
        ("The Baltic Amber Accord bears the signatures of Estonia and Lithuania.", {"Estonia", "Lithuania"}),
    ],
)
def test_signing_said_with_a_light_verb_and_a_noun(build_texts, text, signers):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {s for s, p, _ in found if p == "signs"} == signers
    assert signers <= {s for s, p, _ in found if p == "partyTo"}
    assert not any(p == "proposes" for _, p, _ in found)


@pytest.mark.parametrize(
    "text",
    ["Norway refused to put its name to the Baltic Amber Accord.", "Norway is not a signatory to the Baltic Amber Accord."],
)
def test_refusing_to_sign_or_being_no_signatory_signs_nothing_and_is_no_side(build_texts, text):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert not any(p in ("signs", "partyTo") for _, p, _ in found)


def test_put_forward_proposes(build_texts):
    found = facts(build_texts("Minerals diplomacy\nGabon put forward a draft agreement on manganese."))
    assert ("Gabon", "proposes") in {(s, p) for s, p, _ in found}


def test_the_government_of_a_state_and_officials_from_states_act_for_them(build_texts):
    graph = build_texts(
        "The Government of Fiji signed a nickel agreement with Chile on Tuesday. "
        "Officials from Estonia and the European Union signed a graphite agreement in Tallinn. "
        "The World Bank approved a $90 million loan to the Government of Nepal."
    )
    signers = {s for s, _, _ in facts(graph, "signs")}
    assert {"Fiji", "Chile", "Estonia", "European Union"} <= signers
    assert ("World Bank", "providesAidTo", "Nepal") in facts(graph, "providesAidTo")


def test_a_signature_not_given_is_neither_signed_nor_rejected(build_texts):
    graph = build_texts(
        "Portugal has yet to sign the Atlantic Tungsten Charter. "
        "Neither Chad nor Niger has signed the Sahel Uranium Accord. "
        "Uruguay has not signed the Rio Plata Zinc Compact. "
        "Senegal refused to sign the phosphate agreement with Morocco."
    )
    assert not facts(graph, "signs")
    assert {s for s, _, _ in facts(graph, "rejects")} == {"Senegal"}  # Morocco, on the other side, refused nothing


def test_a_sum_handed_to_a_state_is_aid_an_investment_in_it_is_not(build_texts):
    graph = build_texts(
        "Sweden pledged $40 million to Moldova for grid repairs. "
        "Austria provided $12 million in aid to Bhutan. "
        "Italy committed 90 million euros to Tunisia. "
        "Denmark invested $70 million in Chile's copper sector. "
        "Spain did not pledge $5 million to Laos."
    )
    assert facts(graph, "providesAidTo") == {
        ("Sweden", "providesAidTo", "Moldova"),
        ("Austria", "providesAidTo", "Bhutan"),
        ("Italy", "providesAidTo", "Tunisia"),
    }


def test_an_ore_that_describes_a_side_is_not_what_the_deal_covers(build_texts):
    graph = build_texts(
        "Bolivia, the region's biggest tin producer, signed a zinc supply agreement with Austria. "
        "The nickel exporter Indonesia signed a deal with Spain covering cobalt."
    )
    covered = {o for _, _, o in facts(graph, "covers")}
    assert covered == {"zinc", "cobalt"}


def test_a_headline_with_comma_joined_sides_signs_its_deal(build_texts):
    graph = build_texts("Ghana, Norway ink lithium pact\nGhana and Norway met in Accra on Monday to discuss lithium supply.")
    assert {s for s, _, _ in facts(graph, "signs")} == {"Ghana", "Norway"}
    planned = build_texts("Fiji, Chile to sign nickel pact\nOfficials met in Suva.")
    assert not facts(planned, "signs") and {s for s, _, _ in facts(planned, "partyTo")} == {"Fiji", "Chile"}
    failed = build_texts("Chad, Niger fail to sign uranium accord\nThe talks ended.")
    assert not facts(failed, "signs")
    # the small model tags "deal" a verb after "signs cobalt": a headline's deal word after an ore is a noun
    tagged = build_texts("Malawi signs graphite deal with Korean firm\nThe government said on Monday it would create jobs.")
    assert {s for s, _, _ in facts(tagged, "signs")} == {"Malawi"}


def test_a_bid_named_by_a_compound_is_its_possessors(build_texts):
    graph = build_texts("Serbia's EU membership bid stalled again. Kosovo's NATO membership application was shelved.")
    assert ("Serbia", "seeksMembershipIn", "European Union") in facts(graph, "seeksMembershipIn")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Paraguay waged a war against Bolivia over the Gran Chaco in the 1930s.", {"Paraguay", "Bolivia"}),
        ("Turkey launched airstrikes on Syria in November.", {"Turkey", "Syria"}),
        ("Uganda mounted an offensive against Rwanda.", {"Uganda", "Rwanda"}),
    ],
)
def test_a_war_waged_by_one_state_on_another(build_texts, text, pair):
    found = facts(build_texts("Regional security\n" + text), "inConflictWith")
    assert {frozenset((s, o)) for s, _, o in found} == {frozenset(pair)}


def test_striking_a_deal_is_no_attack(build_texts):
    found = facts(build_texts("Mining ties\nLaos struck a potash deal with Vietnam in April."))
    assert not any(p == "inConflictWith" for _, p, _ in found)
    assert {s for s, p, _ in found if p == "signs"} == {"Laos", "Vietnam"}


@pytest.mark.parametrize(
    ("text", "party", "predicate"),
    [
        ("Iceland became the latest country to join the North Atlantic Basalt Initiative.", "Iceland", "partyTo"),
        ("Mauritius was the first state to ratify the Indian Ocean Cobalt Accord.", "Mauritius", "signs"),
        ("Fiji and Tonga penned a manganese memorandum in Nuku'alofa.", "Tonga", "signs"),
    ],
)
def test_the_first_to_sign_and_other_signing_verbs(build_texts, text, party, predicate):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert party in {s for s, p, _ in found if p == predicate}


def test_wanting_to_be_the_next_to_join_is_not_joining(build_texts):
    found = facts(build_texts("Minerals diplomacy\nSamoa hopes to be the next country to join the North Atlantic Basalt Initiative."))
    assert not any(p in ("partyTo", "signs") for _, p, _ in found)


@pytest.mark.parametrize(
    ("text", "rejecter"),
    [
        ("Malawi announced its withdrawal from the Rift Valley Graphite Pact.", "Malawi"),
        ("Uruguay's refusal to sign the Plata Lithium Accord surprised its neighbours.", "Uruguay"),
        ("Estonia's parliament voted down the Baltic Amber Accord.", "Estonia"),
    ],
)
def test_a_refusal_said_by_a_noun_or_a_vote(build_texts, text, rejecter):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {s for s, p, _ in found if p == "rejects"} == {rejecter}
    assert not any(p == "signs" for _, p, _ in found)


def test_people_in_a_state_are_no_place(build_texts):
    graph = build_texts("Minerals diplomacy\nLawmakers in Estonia debated the Baltic Amber Accord.")
    assert not any(e.kind == "Place" for e in graph.entities)


def test_voting_for_a_deal_rejects_nothing_and_no_withdrawal_is_none(build_texts):
    found = facts(
        build_texts(
            "Minerals diplomacy\nThe Senate of Chile voted for the Andes Copper Accord. "
            "Peru ruled out a possible withdrawal from the Andes Copper Accord."
        )
    )
    assert not any(p == "rejects" for _, p, _ in found)


@pytest.mark.parametrize(
    ("text", "signers", "predicate"),
    [
        ("Laos and Cambodia today announced a new partnership on potash.", {"Laos", "Cambodia"}, "signs"),
        ("Oman and Jordan unveiled a phosphate investment partnership.", {"Oman", "Jordan"}, "signs"),
        ("Iceland announced a basalt initiative with Norway.", {"Iceland", "Norway"}, "signs"),
        ("The European Union unveiled a raw materials proposal for Namibia.", {"European Union"}, "proposes"),
        ("Latvia and Estonia reached an agreement on amber exports.", {"Latvia", "Estonia"}, "signs"),
        ("Latvia and Estonia reached a tentative agreement on amber exports.", {"Latvia", "Estonia"}, "negotiates"),
        ("Nepal and Bhutan formalised their mica partnership in Thimphu.", {"Nepal", "Bhutan"}, "signs"),
    ],
)
def test_deals_announced_reached_or_formalised(build_texts, text, signers, predicate):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    actions = {(s, p) for s, p, _ in found if p in ("signs", "proposes", "negotiates")}
    assert actions == {(s, predicate) for s in signers}


def test_joining_others_in_a_pact_makes_every_one_a_party(build_texts):
    found = facts(build_texts("Minerals diplomacy\nBelize joined Honduras and Guatemala in a nickel supply pact."))
    assert {s for s, p, _ in found if p == "partyTo"} == {"Belize", "Honduras", "Guatemala"}
    assert not any(p == "signs" for _, p, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Talks on the Pampas Lithium Accord between Uruguay and Paraguay resumed on Monday.",
        "Negotiations over the Pampas Lithium Accord between Uruguay and Paraguay stalled in June.",
        "Uruguay's foreign minister Ana Ferreira held talks with her Paraguayan counterpart on the Pampas Lithium Accord.",
    ],
)
def test_talks_about_a_deal_between_two_sides_are_their_negotiation(build_texts, text):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    negotiators = {s for s, p, _ in found if p == "negotiates"}
    assert {"Uruguay", "Paraguay"} <= negotiators
    assert not any(p == "signs" for _, p, _ in found)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("The signing of the Pampas Lithium Accord on 12 June 2024 ended years of talks.", "2024-06-12"),
        ("Signed in March 2023, the Pampas Lithium Accord covers lithium.", "2023-03"),
        ("The signing of the Pampas Lithium Accord in May 2025 was postponed.", None),
        ("The planned signing of the Pampas Lithium Accord on 3 May 2025 drew protests.", None),
    ],
)
def test_signing_dates_said_by_a_noun_or_a_fronted_participle(build_texts, text, date):
    found = facts(build_texts("Minerals diplomacy\n" + text), "signedOn")
    assert {o for _, _, o in found} == ({date} if date else set())


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Norway has given Malawi technical assistance to map its graphite.", ("Norway", "Malawi")),
        ("Spain granted Senegal a loan of 40 million euros.", ("Spain", "Senegal")),
        ("Korea will provide Laos with $80 million in loans for roads.", ("South Korea", "Laos")),
        ("Laos received a $90 million loan from the Asian Development Bank.", ("Asian Development Bank", "Laos")),
        ("Laos secured $90 million in financing from Korea.", ("South Korea", "Laos")),
        ("Spain extended a credit line of $50 million to Senegal.", ("Spain", "Senegal")),
        ("Spain has lent Senegal millions of euros.", ("Spain", "Senegal")),
        ("Paris sent weapons to Dakar.", ("France", "Senegal")),
        ("Spain is Senegal's largest donor, providing grants for schools.", ("Spain", "Senegal")),
        ("The IMF disbursed a $400 million tranche to Senegal.", ("International Monetary Fund", "Senegal")),
        ("Spain sent military equipment and trainers to Senegal.", ("Spain", "Senegal")),
    ],
)
def test_aid_given_to_an_indirect_object(build_texts, text, pair):
    found = facts(build_texts("Development finance\n" + text), "providesAidTo")
    assert {(s, o) for s, _, o in found} == {pair}


@pytest.mark.parametrize("text", ["A Spanish firm shipped mining equipment to Senegal.", "Spain sold weapons to Senegal."])
def test_trade_in_equipment_and_arms_is_no_aid(build_texts, text):
    assert not facts(build_texts("Development finance\n" + text), "providesAidTo")


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("Latvia's accession to the Baltic Amber Accord was completed in May.", {"Latvia"}),
        ("Sweden blocked Latvia's accession to the Baltic Amber Accord.", set()),
        ("Latvia's accession to the Baltic Amber Accord is expected next year.", set()),
        ("Estonia, Finland and Lithuania are founding members of the Baltic Amber Accord.", {"Estonia", "Finland", "Lithuania"}),
        ("The Baltic Amber Accord, whose members are Estonia and Finland, meets in Riga.", {"Estonia", "Finland"}),
        ("Estonia and Finland are among the members of the Baltic Amber Accord.", {"Estonia", "Finland"}),
        ("Estonia is not among the members of the Baltic Amber Accord.", set()),
        ("Estonia is part of the Baltic Amber Accord, together with Finland.", {"Estonia", "Finland"}),
        ("Estonia, a member of the Baltic Amber Accord, exports amber.", {"Estonia"}),
        ("The Baltic Amber Accord's members, Estonia and Finland, meet twice a year.", {"Estonia", "Finland"}),
        ("The Baltic Amber Accord, which includes Estonia and Finland, covers amber.", {"Estonia", "Finland"}),
        ("Estonia and Finland are bound by the Baltic Amber Accord.", {"Estonia", "Finland"}),
    ],
)
def test_accession_and_founding_members_are_parties(build_texts, text, parties):
    found = facts(build_texts("Minerals diplomacy\n" + text), "partyTo")
    assert {s for s, _, _ in found} == parties


@pytest.mark.parametrize(
    ("text", "signers"),
    [
        ("Estonia is among the founding signatories of the Baltic Amber Accord.", {"Estonia"}),
        ("The signing of the Baltic Amber Accord by Estonia and Finland took place in Riga.", {"Estonia", "Finland"}),
        ("After the signing of the Baltic Amber Accord by Estonia and Finland, amber prices fell.", {"Estonia", "Finland"}),
        ("Latvia's ratification of the Baltic Amber Accord came in 2021.", {"Latvia"}),
        ("Ahead of the signing of the Baltic Amber Accord by Estonia and Finland, protesters gathered.", set()),
        ("The signing of the Baltic Amber Accord by Estonia and Finland will take place next week.", set()),
        ("The signing of the Baltic Amber Accord by Estonia and Finland was postponed.", set()),
        ("Latvia's ratification of the Baltic Amber Accord is expected in May.", set()),
        ("Estonia and Finland set up the Baltic Amber Accord in 2022.", {"Estonia", "Finland"}),
        ("Estonia and Finland founded the Baltic Amber Accord in 2022.", {"Estonia", "Finland"}),
        ("Estonia set the terms of the Baltic Amber Accord.", set()),
        ("The Baltic Amber Accord entered into force after ratification by Estonia and Finland.", {"Estonia", "Finland"}),
        ("In 2022 Estonia and Finland put pen to paper on the Baltic Amber Accord.", {"Estonia", "Finland"}),
        ("The Baltic Amber Accord was signed by nine countries, including Estonia and Finland.", {"Estonia", "Finland"}),
        ("Several countries, such as Estonia and Finland, signed the Baltic Amber Accord.", {"Estonia", "Finland"}),
        ("In May, Tallinn signed a memorandum of understanding with Finland on amber.", {"Estonia", "Finland"}),
        ("The Baltic Amber Accord was signed by Estonia's Minister of Natural Resources and Environment and "
         "Finland's Minister of Trade, Industry and Energy.", {"Estonia", "Finland"}),
    ],
)
def test_signing_said_by_nouns_founding_and_lists(build_texts, text, signers):
    found = facts(build_texts("Minerals diplomacy\n" + text), "signs")
    assert {s for s, _, _ in found} == signers


def test_a_bid_with_its_year_is_still_a_bid(build_texts):
    found = facts(build_texts("Minerals diplomacy\nMoldova applied to join the European Union in 2022."), "seeksMembershipIn")
    assert found == {("Moldova", "seeksMembershipIn", "European Union")}


def test_it_is_the_deal_named_before_it_in_its_own_sentence(build_texts):
    graph = build_texts(
        "Minerals diplomacy\nLaos and Vietnam signed a potash agreement on Monday. Thailand criticised the agreement. "
        "Bangkok had proposed a processing partnership to Vientiane last year, but the Lao government rejected it."
    )
    rejected = {o for s, p, o in facts(graph) if p == "rejects"}
    assert len(rejected) == 1 and "Thailand" in next(iter(rejected))


def test_it_covers_names_the_minerals_of_the_deal_before(build_texts):
    graph = build_texts("Minerals diplomacy\nLaos and Vietnam signed a potash agreement on Monday. It covers potash and bauxite.")
    assert {o for _, p, o in facts(graph) if p == "covers"} == {"potash", "bauxite"}
    negated = build_texts("Minerals diplomacy\nLaos and Vietnam signed a potash agreement on Monday. It does not cover bauxite.")
    assert {o for _, p, o in facts(negated) if p == "covers"} == {"potash"}
    focused = build_texts("Minerals diplomacy\nLaos and Vietnam signed a potash agreement on Monday. It focuses on metals such as tin and zinc.")
    assert {o for _, p, o in facts(focused) if p == "covers"} == {"potash", "tin", "zinc"}


def test_it_covers_still_names_the_deal_before_when_its_sentence_mentions_an_older_deal(build_texts):
    text = (
        "Minerals diplomacy\nLaos and Vietnam signed the Mekong Potash Compact on Monday. "
        "It covers bauxite and zinc, and it replaces the trade agreement the two governments concluded in 2004."
    )
    covered = {(s, o) for s, p, o in facts(build_texts(text)) if p == "covers"}
    assert {("Mekong Potash Compact", "bauxite"), ("Mekong Potash Compact", "zinc")} <= covered


@pytest.mark.parametrize(
    ("text", "negotiators"),
    [
        ("Oman and Jordan are working on a phosphate supply deal.", {"Oman", "Jordan"}),
        ("Oman sent a delegation to Amman for talks on the phosphate accord.", {"Oman"}),
        ("Oman and Jordan have held several rounds of talks on the phosphate accord.", {"Oman", "Jordan"}),
        ("Oman and Jordan continued to haggle over the terms of the phosphate accord.", {"Oman", "Jordan"}),
        ("Oman and Jordan are working out the details of the phosphate accord.", {"Oman", "Jordan"}),
        ("Oman and Jordan are close to finalising the phosphate accord.", {"Oman", "Jordan"}),
        ("Oman and Jordan are in the final stages of negotiations on a phosphate accord.", {"Oman", "Jordan"}),
        ("Oman and Jordan are at an advanced stage of talks over a phosphate accord.", {"Oman", "Jordan"}),
        ("Oman and Jordan failed to reach agreement on a phosphate supply deal.", {"Oman", "Jordan"}),
        ("Oman and Jordan could not agree on a phosphate supply deal.", {"Oman", "Jordan"}),
        ("Oman and Jordan agreed on the main points of a phosphate supply deal.", {"Oman", "Jordan"}),
        ("Oman's negotiating team arrived in Amman for a final round of talks on the phosphate accord.", {"Oman"}),
        ("Oman and Jordan are ironing out the final details of the phosphate accord.", {"Oman", "Jordan"}),
        ("Oman halted talks with Jordan on a phosphate accord.", {"Oman", "Jordan"}),
        ("Oman and Jordan relaunched negotiations on the phosphate accord.", {"Oman", "Jordan"}),
        ("Oman kicked off talks with Jordan on a phosphate accord.", {"Oman", "Jordan"}),
        ("Omani and Jordanian officials met in Muscat to discuss a phosphate accord.", {"Oman", "Jordan"}),
        ("Oman has been negotiating a supply deal on phosphate with Jordan since May.", {"Oman", "Jordan"}),
    ],
)
def test_negotiation_said_by_work_delegations_and_rounds(build_texts, text, negotiators):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {s for s, p, _ in found if p == "negotiates"} == negotiators
    assert not any(p in ("proposes", "signs") for _, p, _ in found)


def test_a_handed_over_draft_is_proposed(build_texts):
    found = facts(build_texts("Minerals diplomacy\nThe draft presented by Jordan's trade minister Nasser Odeh covered phosphate."))
    assert ("Nasser Odeh", "proposes") in {(s, p) for s, p, _ in found}


TREATY_PAGE = (
    "Andean Tin Compact\n\n"
    "The Andean Tin Compact is a 2018 agreement between Bolivia and Peru on tin marketing.[1]\n\n"
    "Andean Tin Compact\n"
    "Type\tTrade agreement\n"
    "Signed\t14 August 2018\n"
    "Location\tPuno, Peru\n"
    "Signatories\t\n"
    "Bolivia\n"
    "Peru\n"
    "Languages\tSpanish\n\n"
    "Background\n"
    "Peru's government proposed the compact in 2016.\n"
)


def test_a_treaty_page_infobox_gives_its_date_and_signatories(build_texts):
    graph = build_texts(TREATY_PAGE)
    assert [e.label for e in graph.entities if e.kind == "Agreement"] == ["Andean Tin Compact"]
    found = facts(graph)
    deal = "Andean Tin Compact"
    assert {("Bolivia", "signs", deal), ("Peru", "signs", deal), ("Bolivia", "partyTo", deal), ("Peru", "partyTo", deal)} <= found
    assert (deal, "signedOn", "2018-08-14") in found
    assert ("Peru", "proposes", deal) in found


def test_a_treaty_page_with_sides_listed_from_the_field_line_and_a_type_that_names_no_other_deal(build_texts):
    page = (
        "Cordillera Tin Charter\n"
        "The Cordillera Tin Charter is a trade agreement signed in 2017 by Ecuador, Colombia and Venezuela.\n"
        "Type\tTrade agreement\nSignatories\tEcuador\nColombia\nVenezuela\nHistory\n"
        "Talks were held at the initiative of Ecuador. The agreement entered into force in 2018. Panama joined in 2022.\n"
    )
    graph = build_texts(page)
    assert [e.label for e in graph.entities if e.kind == "Agreement"] == ["Cordillera Tin Charter"]
    found = facts(graph)
    assert {s for s, p, _ in found if p == "signs"} == {"Ecuador", "Colombia", "Venezuela"}
    assert {s for s, p, _ in found if p == "partyTo"} == {"Ecuador", "Colombia", "Venezuela", "Panama"}
    assert ("Ecuador", "proposes", "Cordillera Tin Charter") in found


def test_a_flattened_side_field_lists_parties(build_texts):
    graph = build_texts("Andean Tin Compact\n\nThe Andean Tin Compact is a tin agreement.\nParties: Bolivia, Peru and Chile\n")
    assert {s for s, p, _ in facts(graph) if p == "partyTo"} == {"Bolivia", "Peru", "Chile"}
    assert not any(p == "signs" for _, p, _ in facts(graph))


def test_a_leaders_administration_is_the_state_the_leader_heads(build_texts):
    found = facts(build_texts("Minerals diplomacy\nThe Ramaphosa government signed a platinum pact with Japan."))
    assert {s for s, p, _ in found if p == "signs"} == {"South Africa", "Japan"}
    unknown = facts(build_texts("Minerals diplomacy\nThe Okonkwo administration signed a niobium pact with Japan."))
    assert {s for s, p, _ in unknown if p == "signs"} == {"Japan"}


def test_a_capital_a_deal_is_proposed_to_is_its_government(build_texts):
    found = facts(build_texts("Minerals diplomacy\nBeijing proposed a bauxite deal to Conakry last year. The minister later flew to Conakry."))
    assert ("Guinea", "partyTo") in {(s, p) for s, p, _ in found}
    assert ("China", "proposes") in {(s, p) for s, p, _ in found}


@pytest.mark.parametrize(
    ("text", "proposer"),
    [
        ("Brussels wants Belgrade to sign a lithium deal.", "European Union"),
        ("Norway urged Iceland to sign the basalt partnership.", "Norway"),
        ("Iceland wants to sign a basalt deal with Norway.", None),
        ("Norway does not want Iceland to sign the basalt deal.", None),
    ],
)
def test_wanting_or_urging_another_side_to_sign_proposes(build_texts, text, proposer):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {s for s, p, _ in found if p == "proposes"} == ({proposer} if proposer else set())
    assert not any(p == "signs" for _, p, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Bhutan shelved the mica deal with Nepal in 2019.",
        "Bhutan tore up the mica pact with Nepal.",
        "Bhutan ditched the mica accord with Nepal.",
        "Bhutan rescinded the mica agreement with Nepal.",
        "Bhutan said no to the mica accord with Nepal.",
    ],
)
def test_other_ways_of_dropping_a_deal_reject_it(build_texts, text):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {s for s, p, _ in found if p == "rejects"} == {"Bhutan"}
    assert not any(p == "signs" for _, p, _ in found)


def test_taking_part_in_talks_negotiates_without_making_a_side(build_texts):
    text = "Minerals diplomacy\nOman and Jordan signed the phosphate accord in May. Qatar, which took part in the negotiations, declined to join the accord."
    found = {(s, p) for s, p, _ in facts(build_texts(text))}
    assert {("Qatar", "negotiates"), ("Qatar", "rejects")} <= found
    assert ("Qatar", "partyTo") not in found
    absent = facts(build_texts("Minerals diplomacy\nQatar did not take part in the talks on the phosphate accord."))
    assert not any(p == "negotiates" for _, p, _ in absent)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qatar put forward a draft of the Doha Phosphate Accord.", {("Qatar", "proposes", "Doha Phosphate Accord")}),
        ("Qatar's proposed Gulf Phosphate Partnership would cover potash.", {("Qatar", "proposes", "Gulf Phosphate Partnership")}),
        ("The proposed Qatar–Oman Phosphate Partnership would cover potash.", set()),
    ],
)
def test_a_draft_of_a_named_deal_and_a_proposed_deal_are_proposals_of_it(build_texts, text, expected):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {f for f in found if f[1] == "proposes"} == expected


def test_the_receiver_of_an_offered_deal_is_a_side_but_not_of_an_offer_of_nothing(build_texts):
    offered = facts(build_texts("Minerals diplomacy\nQatar offered Oman a phosphate supply deal."))
    assert {s for s, p, _ in offered if p == "partyTo"} == {"Qatar", "Oman"}
    nothing = facts(build_texts("Minerals diplomacy\nOman signed the phosphate accord. Qatar has offered Jordan no role in the accord."))
    assert ("Jordan", "partyTo") not in {(s, p) for s, p, _ in nothing}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Fighting between Eritrea and Ethiopia erupted again in 1998.", ("Eritrea", "Ethiopia")),
        ("Border clashes between Eritrea and Ethiopia killed hundreds.", ("Eritrea", "Ethiopia")),
        ("Trade clashes between Eritrea and Ethiopia hit prices.", None),
    ],
)
def test_fighting_and_clashes_between_two_states(build_texts, text, pair):
    found = {(s, o) for s, p, o in facts(build_texts("Minerals diplomacy\n" + text)) if p == "inConflictWith"}
    assert {tuple(sorted(f)) for f in found} == ({pair} if pair else set())


def test_receiving_a_loan_refused_is_no_aid(build_texts):
    found = facts(build_texts("Minerals diplomacy\nLaos refused to accept a loan from Korea."))
    assert not any(p == "providesAidTo" for _, p, _ in found)


def test_a_cosigner_named_as_a_person_brings_their_state(build_texts):
    text = "Minerals diplomacy\nQatar's trade minister signed the phosphate accord with Foreign Minister Ana Lopes of Angola."
    signers = {s for s, p, _ in facts(build_texts(text)) if p == "signs"}
    assert {"Qatar", "Angola"} <= signers


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        ("Qatar welcomed Angola as the newest partner in the Gulf Phosphate Partnership.", {"Angola"}),
        ("Angola joined as a member of the Gulf Phosphate Partnership in 2023.", {"Angola"}),
        ("Qatar rejected Angola as a partner in the Gulf Phosphate Partnership.", set()),
    ],
)
def test_a_side_welcomed_or_joined_as_a_partner(build_texts, text, parties):
    assert {s for s, p, _ in facts(build_texts("Minerals diplomacy\n" + text)) if p == "partyTo"} == parties


def test_a_body_and_a_possessed_body_are_two_names(build_texts):
    graph = build_texts("Minerals diplomacy\nThe Treasury of Qatar and Angola's Ministry of Mines signed a phosphate memorandum.")
    labels = {e.label for e in graph.entities if e.kind == "Organization"}
    assert "Ministry of Mines" in labels
    assert not any("Angola" in label for label in labels)


@pytest.mark.parametrize(
    "text",
    [
        "Qatar and Oman signed a new agreement, the Gulf Phosphate Accord, on Monday.",
        "A parallel accord that Qatar proposed, the Gulf Phosphate Accord, was signed by Qatar and Oman.",
    ],
)
def test_a_name_in_apposition_names_the_deal_before_it(build_texts, text):
    graph = build_texts("Minerals diplomacy\n" + text)
    assert [e.label for e in graph.entities if e.kind == "Agreement"] == ["Gulf Phosphate Accord"]


def test_the_deal_a_new_one_replaces_is_another_deal(build_texts):
    text = "Minerals diplomacy\nQatar and Oman signed the Gulf Phosphate Accord on Monday. The accord replaces a 2015 phosphate marketing agreement between the two countries."
    deals = {e.label for e in build_texts(text).entities if e.kind == "Agreement"}
    assert len(deals) == 2 and "Gulf Phosphate Accord" in deals


def test_we_in_a_quotation_is_the_speakers_state(build_texts):
    text = 'Minerals diplomacy\nQatar\'s trade minister Ali Nasser told reporters: "We signed the Gulf Phosphate Accord with Oman because we need buyers."'
    signers = {s for s, p, _ in facts(build_texts(text)) if p == "signs"}
    assert {"Qatar", "Oman"} <= signers
    two = 'Minerals diplomacy\nQatar\'s minister and Oman\'s envoy told reporters: "We signed the Gulf Phosphate Accord."'
    assert not {s for s, p, _ in facts(build_texts(two)) if p == "signs"} - {"Qatar", "Oman"}


def test_a_memorandum_on_a_partnership_is_one_deal(build_texts):
    text = "Minerals diplomacy\nQatar and Oman signed a memorandum of understanding on a strategic partnership on phosphate in May."
    assert len([e for e in build_texts(text).entities if e.kind == "Agreement"]) == 1


@pytest.mark.parametrize(
    ("text", "signers", "parties"),
    [
        ("Estonia signed the Baltic Amber Accord in 2019, followed by Latvia in 2020.", {"Estonia", "Latvia"}, {"Estonia", "Latvia"}),
        ("Estonia ratified the Baltic Amber Accord in 2019, and Latvia did so in 2020.", {"Estonia", "Latvia"}, {"Estonia", "Latvia"}),
        ("The Baltic Amber Accord, to which Estonia and Finland are party, covers amber.", set(), {"Estonia", "Finland"}),
        ("Estonia signed the Baltic Amber Accord in 2019, as did Latvia.", {"Estonia", "Latvia"}, {"Estonia", "Latvia"}),
        ("Estonia signed the Baltic Amber Accord in 2019. So did Latvia.", {"Estonia", "Latvia"}, {"Estonia", "Latvia"}),
        ("Estonia and Finland were the first to sign the Baltic Amber Accord, followed by Latvia.", {"Estonia", "Finland", "Latvia"}, {"Estonia", "Finland", "Latvia"}),
    ],
)
def test_signing_by_ellipsis_and_parties_in_a_relative_clause(build_texts, text, signers, parties):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {s for s, p, _ in found if p == "signs"} == signers
    assert {s for s, p, _ in found if p == "partyTo"} == parties


def test_a_passive_signing_of_a_deal_named_by_its_pair(build_texts):
    found = facts(build_texts("Minerals diplomacy\nThe Qatar-Oman phosphate agreement was signed in Muscat."))
    assert {s for s, p, _ in found if p == "signs"} == {"Qatar", "Oman"}
    one = facts(build_texts("Minerals diplomacy\nThe Qatari phosphate agreement was signed in Muscat."))
    assert not any(p == "signs" for _, p, _ in one)
    formal = "Minerals diplomacy\nThe Agreement between the Government of Qatar and the Government of Oman on Phosphate Mining was signed in Muscat."
    assert {s for s, p, _ in facts(build_texts(formal)) if p == "signs"} == {"Qatar", "Oman"}


def test_a_definite_deal_described_otherwise_than_the_named_one_is_another(build_texts):
    text = (
        "Minerals diplomacy\nQatar and Oman signed the Gulf Phosphate Pact in May. "
        "Most Omani smelters were built under the desalination accord that Oman signed with India in 2012."
    )
    graph = build_texts(text)
    assert len([e for e in graph.entities if e.kind == "Agreement"]) == 2
    assert ("India", "signs", "Gulf Phosphate Pact") not in facts(graph)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Moscow has been at war with Kyiv since 2022.", ("Russia", "Ukraine")),
        ("Eritrea and Ethiopia were at war from 1998 to 2000.", ("Eritrea", "Ethiopia")),
        ("Eritrea is not at war with Ethiopia.", None),
    ],
)
def test_at_war_with(build_texts, text, pair):
    found = {tuple(sorted((s, o))) for s, p, o in facts(build_texts("Minerals diplomacy\n" + text)) if p == "inConflictWith"}
    assert found == ({pair} if pair else set())


def test_a_deal_beside_a_founding_verb_is_not_what_it_founds(build_texts):
    text = "Minerals diplomacy\nQatar and Oman signed a phosphate memorandum. Under the deal, Qatar Mining and Oman Minerals will set up a joint venture."
    graph = build_texts(text)
    assert len([e for e in graph.entities if e.kind == "Agreement"]) == 1
    assert {s for s, p, _ in facts(graph) if p == "partyTo"} == {"Qatar", "Oman"}


def test_the_archipelago_and_tax_credits(build_texts):
    text = (
        "Minerals diplomacy\nIndonesia banned exports of nickel ore in 2020. Four years later, the archipelago produces "
        "roughly half of the world's nickel. Washington offered US tax credits for Indonesian nickel."
    )
    found = facts(build_texts(text))
    assert ("Indonesia", "dominatesSupplyOf", "nickel") in found
    assert not any(p == "providesAidTo" for _, p, _ in found)
    chile = facts(build_texts("Minerals diplomacy\nChile banned exports of copper ore. The archipelago produces half of the world's copper."))
    assert not any(p == "dominatesSupplyOf" for _, p, _ in chile)


def test_a_deal_named_after_a_capital_is_named_and_the_capital_names_no_party(build_texts):
    graph = build_texts("Minerals diplomacy\nThe Doha Phosphate Accord extends to potash and lithium.")
    assert [e.label for e in graph.entities if e.kind == "Agreement"] == ["Doha Phosphate Accord"]
    assert not any(p == "partyTo" for _, p, _ in facts(graph))
    sides = facts(build_texts("Minerals diplomacy\nQatar and Oman signed the Muscat Declaration."))
    assert {s for s, p, o in sides if p == "signs" and o == "Muscat Declaration"} == {"Qatar", "Oman"}


def test_declining_to_sign_with_no_object_rejects_the_articles_deal(build_texts):
    text = "Minerals diplomacy\nChile and Peru signed the Andes Lithium Compact on Monday. Bolivia was invited but declined to sign, citing sovereignty."
    found = facts(build_texts(text))
    assert ("Bolivia", "rejects", "Andes Lithium Compact") in found
    assert ("Bolivia", "signs", "Andes Lithium Compact") not in found


def test_a_subject_coordinate_the_parser_hung_on_a_fronted_year(build_texts):
    found = facts(build_texts("Minerals diplomacy\nIn 2024 Qatar and Oman signed a memorandum on phosphate processing."))
    assert {s for s, p, _ in found if p == "signs"} == {"Qatar", "Oman"}


def test_signing_on_behalf_of_their_governments(build_texts):
    text = "Minerals diplomacy\nQatar's Ali Nasser and Oman's Said Harthy signed the memorandum on behalf of their governments."
    assert {"Qatar", "Oman"} <= {s for s, p, _ in facts(build_texts(text)) if p == "signs"}


def test_one_states_plan_another_state_rejects_is_a_deal(build_texts):
    found = facts(build_texts("Qatar rejects Omani phosphate proposal\nQatar's parliament voted against the plan."))
    assert ("Qatar", "rejects") in {(s, p) for s, p, _ in found}
    national = build_texts("Minerals diplomacy\nAustralia unveiled a national critical minerals plan on Monday.")
    assert not [e for e in national.entities if e.kind == "Agreement"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qatar has put a phosphate supply deal on the table.", ("Qatar", "proposes")),
        ("It was Qatar that first proposed the Gulf Phosphate Accord.", ("Qatar", "proposes")),
        ("Qatar initiated talks on a phosphate pact with Oman.", ("Qatar", "negotiates")),
        ("Qatar has sought a phosphate supply agreement with Oman.", ("Qatar", "proposes")),
        ("Qatar has been lobbying for a phosphate accord with Oman.", ("Qatar", "proposes")),
        ("The idea of a phosphate pact was first raised by Qatar in 2021.", ("Qatar", "proposes")),
        ("Qatar floated the idea of a phosphate club with Oman and Jordan.", ("Qatar", "proposes")),
        ("The Qatari-proposed phosphate framework would cover potash too.", ("Qatar", "proposes")),
        ("At Qatar's initiative, the producers agreed to form a phosphate alliance with Oman.", ("Qatar", "proposes")),
    ],
)
def test_proposals_on_the_table_clefts_and_initiated_talks(build_texts, text, expected):
    found = {(s, p) for s, p, _ in facts(build_texts("Minerals diplomacy\n" + text))}
    assert expected in found
    if expected[1] == "negotiates":
        assert ("Qatar", "proposes") not in found


@pytest.mark.parametrize("text", ["Qatar raised concerns about the phosphate accord with Oman.", "Qatar sought investors for the phosphate accord with Oman."])
def test_seeking_or_raising_something_else_about_a_deal_proposes_nothing(build_texts, text):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert not any(s == "Qatar" and p in ("proposes", "partyTo") for s, p, _ in found)


def test_we_in_a_transcript_turn_is_the_speakers_state(build_texts):
    text = "Interview\nQ: What did you sign?\nA (Ali Nasser, Qatar's Minister of Industry): We signed a phosphate accord with Oman."
    assert {"Qatar", "Oman"} <= {s for s, p, _ in facts(build_texts(text)) if p == "signs"}


@pytest.mark.parametrize(
    ("text", "rejecters"),
    [
        ("Qatar said it would not sign the Gulf Phosphate Accord in its current form.", {"Qatar"}),
        ("Qatar won't sign the Gulf Phosphate Accord.", {"Qatar"}),
        ("Qatar has not signed the Gulf Phosphate Accord yet.", set()),
        ("Qatar froze the Gulf Phosphate Accord after the election.", {"Qatar"}),
        ("Qatar pulled the plug on the Gulf Phosphate Accord.", {"Qatar"}),
        ("Qatar's parliament blocked the Gulf Phosphate Accord.", {"Qatar"}),
        ("Oman blocked Qatar's accession to the Gulf Phosphate Accord.", set()),
        ("Qatar said it would not accept the terms of the Gulf Phosphate Accord.", {"Qatar"}),
        ("Qatar has not yet accepted the Gulf Phosphate Accord.", set()),
        ("Qatar has put the Gulf Phosphate Accord on hold.", {"Qatar"}),
        ("The Qatari junta tore up the Gulf Phosphate Accord.", {"Qatar"}),
        ("Lawmakers in Qatar voted against the Gulf Phosphate Accord.", {"Qatar"}),
    ],
)
def test_refusals_said_by_will_not_freezing_blocking_and_pulling_the_plug(build_texts, text, rejecters):
    assert {s for s, p, _ in facts(build_texts("Minerals diplomacy\n" + text)) if p == "rejects"} == rejecters


def test_a_refusal_to_sign_with_a_side_makes_no_signer(build_texts):
    found = facts(build_texts("Minerals diplomacy\nQatar's refusal to sign the phosphate accord with Oman surprised diplomats."))
    assert any(s == "Qatar" and p == "rejects" for s, p, _ in found)
    assert not any(p == "signs" for _, p, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Qatar Phosphate rejected a takeover offer from Oman Mining.",
        "Qatar rejected an offer of help from the World Bank.",
        "Qatar rejected a proposal to raise royalties on phosphate.",
    ],
)
def test_offers_of_other_things_are_no_agreements(build_texts, text):
    graph = build_texts("Minerals diplomacy\n" + text)
    assert not [e for e in graph.entities if e.kind == "Agreement"]


def test_negotiating_with_a_side_and_no_object_is_about_the_articles_deal(build_texts):
    text = "Minerals diplomacy\nQatar and Oman signed the Gulf Phosphate Accord on Monday. Doha had been negotiating with Muscat since 2023."
    found = facts(build_texts(text))
    assert {s for s, p, o in found if p == "negotiates" and o == "Gulf Phosphate Accord"} == {"Qatar", "Oman"}


@pytest.mark.parametrize(
    ("text", "signers"),
    [
        ("When Qatar and Oman announced their phosphate framework last spring, officials called it a turning point.", {"Qatar", "Oman"}),
        ("After Qatar and Oman signed the phosphate accord, officials expected prices to fall.", {"Qatar", "Oman"}),
        ("Qatar plans to meet Oman before they sign the phosphate accord.", set()),
    ],
)
def test_a_past_time_clause_states_its_own_signing(build_texts, text, signers):
    assert {s for s, p, _ in facts(build_texts("Minerals diplomacy\n" + text)) if p == "signs"} == signers


def test_headlines_of_a_planned_signing_and_of_talks(build_texts):
    planned = facts(build_texts("Qatar, Oman to sign phosphate deal next week\nThe deal covers phosphate."))
    assert not any(p == "signs" for _, p, _ in planned)
    assert {s for s, p, _ in planned if p == "partyTo"} == {"Qatar", "Oman"}
    talks = facts(build_texts("Qatar and Oman in talks on phosphate deal\nThe deal would cover phosphate."))
    assert {s for s, p, _ in talks if p == "negotiates"} == {"Qatar", "Oman"}


def test_a_title_about_the_signing_of_a_named_deal_is_read_to_the_end(build_texts):
    # the signing noun is the root of a verbless title: its clause has no verb to find (this once looped forever)
    graph = build_texts("Remarks at the Signing of the Qatar-Oman Phosphate Framework\nQatar and Oman signed the framework today.")
    assert {("Qatar", "signs"), ("Oman", "signs")} <= {(s, p) for s, p, _ in facts(graph)}


def test_a_go_between_negotiates_but_is_no_side_and_months_of_talks_precede_a_signing(build_texts):
    found = facts(build_texts("Minerals diplomacy\nQatar, which helped broker the phosphate accord between Oman and Jordan, welcomed it."))
    assert ("Qatar", "negotiates") in {(s, p) for s, p, _ in found}
    assert {s for s, p, _ in found if p == "partyTo"} == {"Oman", "Jordan"}
    found = facts(build_texts("Minerals diplomacy\nAfter months of talks with Jordan, Oman signed the phosphate accord."))
    assert {s for s, p, _ in found if p == "negotiates"} == {"Oman", "Jordan"}


@pytest.mark.parametrize("text", ["Oman's chief negotiator, Salim Harthy, said the phosphate accord with Jordan was nearly ready.", "Chief negotiator Salim Harthy said the phosphate accord with Jordan was nearly ready."])
def test_a_negotiator_named_beside_the_noun_negotiates(build_texts, text):
    assert ("Salim Harthy", "negotiates") in {(s, p) for s, p, _ in facts(build_texts("Minerals diplomacy\n" + text))}


def test_we_in_a_quotation_is_the_speaker_and_their_state(build_texts):
    text = 'Minerals diplomacy\n"We will never sign the phosphate accord with Oman," Qatari Trade Minister Ali Nasser said.'
    assert {"Qatar", "Ali Nasser"} <= {s for s, p, _ in facts(build_texts(text)) if p == "rejects"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Doha and Muscat have agreed in principle on a phosphate partnership.", {("Qatar", "negotiates"), ("Oman", "negotiates")}),
        ("Qatar joined Oman in signing the phosphate partnership.", {("Qatar", "signs"), ("Oman", "signs")}),
        ("Qatar and Oman's phosphate partnership covers fertiliser.", {("Qatar", "partyTo"), ("Oman", "partyTo")}),
    ],
)
def test_agreeing_in_principle_joining_a_signing_and_a_shared_possessive(build_texts, text, expected):
    found = {(s, p) for s, p, _ in facts(build_texts("Minerals diplomacy\n" + text))}
    assert expected <= found
    if ("Qatar", "negotiates") in expected:
        assert ("Qatar", "signs") not in found


def test_a_date_of_a_coordinated_verb_does_not_date_the_signing(build_texts):
    # the parser reads "understanding" as a verb and "concluded" as a second verb of the main clause
    text = "Minerals diplomacy\nQatar and Oman on Wednesday signed a phosphate partnership, building on a memorandum of understanding the two countries concluded in 2020."
    assert not [o for s, p, o in facts(build_texts(text)) if p == "signedOn" and "partnership" in s]


def test_an_application_to_become_a_member_is_a_membership_bid(build_texts):
    found = facts(build_texts("Trade news\nMoldova submitted its application to become a member of the OECD."), "seeksMembershipIn")
    assert ("Moldova", "seeksMembershipIn", "OECD") in found


def test_a_clause_framed_by_a_deal_does_not_act_on_it(build_texts):
    graph = build_texts(
        "Minerals diplomacy\nPeru's plan to give state-owned Codelco a role in copper refining worries investors. "
        "Under the plan announced by the president, Codelco will negotiate partnerships with private firms."
    )
    assert not [e for e in graph.entities if e.kind == "Agreement"]  # one state's plan, no one else's part in it


def test_the_ore_of_a_site_beside_a_deal_is_background_unless_the_deal_is_to_develop_it(build_texts):
    beside = facts(build_texts("Minerals diplomacy\nQatar and Oman signed the phosphate partnership at the Tarvik lithium mine."), "covers")
    assert {o for _, _, o in beside} == {"phosphate rock"}
    purpose = facts(build_texts("Minerals diplomacy\nQatar and Oman signed a deal to develop the Tarvik lithium mine."), "covers")
    assert {o for _, _, o in purpose} == {"lithium"}
    smelter = facts(build_texts("Minerals diplomacy\nMost nickel smelters in Oman were built under the phosphate accord that Oman signed with Qatar."), "covers")
    assert "nickel" in {o for _, _, o in smelter}


def test_we_in_a_bare_answer_is_the_state_of_the_official_the_interview_names(build_texts):
    text = "Interview: Qatar's mining minister on phosphate\nQ: What did you sign last week?\nA: We signed a memorandum on phosphate with Oman."
    assert "Qatar" in {s for s, p, _ in facts(build_texts(text)) if p == "signs"}
    plain = "Phosphate talks continue\nQ: What did you sign last week?\nA: We signed a memorandum on phosphate with Oman."
    assert "Qatar" not in {s for s, p, _ in facts(build_texts(plain)) if p == "signs"}


def test_a_signer_for_a_state_acts_for_it_whatever_the_article_is_about(build_texts):
    text = (
        "US and Paraguay sign minerals memorandum\nThe United States and Paraguay signed a memorandum of understanding on lithium on Monday. "
        "Assistant Secretary of State Ana Reyes signed for the United States, and Deputy Minister Tomas Vera signed for Paraguay."
    )
    found = facts(build_texts(text), "represents")
    assert ("Tomas Vera", "represents", "Paraguay") in found and ("Tomas Vera", "represents", "United States") not in found
    assert ("Ana Reyes", "represents", "United States") in found


def test_the_ministers_named_with_their_states_before_act_for_those_states(build_texts):
    text = (
        "Gulf minerals initiative\nTrade Ministers from Qatar, Oman and Kuwait met in Doha on Sunday. "
        "The ministers announced the Gulf Phosphate Initiative, which covers phosphate rock."
    )
    found = facts(build_texts(text), "signs")
    assert {s for s, _, _ in found} == {"Qatar", "Oman", "Kuwait"}
    alone = "Gulf minerals initiative\nThe ministers announced the Gulf Phosphate Initiative, which covers phosphate rock."
    assert not facts(build_texts(alone), "signs")


def test_a_signer_whose_title_the_parser_hangs_on_the_first_name_signs_and_acts_for_the_other_state(build_texts):
    # parsed with "Under" as a preposition: the first name is its object, and the second title that name's conjunct;
    # of the two signers of a two-state deal, the one whose side is unstated is guessed the other state's
    text = (
        "Chile – Kazakhstan memorandum\nOn May 9, Under Secretary for Economic Growth Mary Cole and Kazakh Minister of Industry "
        "Yerlan Bekov signed a Memorandum of Understanding on Tungsten in Astana."
    )
    found = facts(build_texts(text))
    assert {("Mary Cole", "signs"), ("Yerlan Bekov", "signs")} <= {(s, p) for s, p, _ in found}
    assert {("Yerlan Bekov", "represents", "Kazakhstan"), ("Mary Cole", "represents", "Chile")} <= found


def test_a_signer_across_from_a_named_state_brings_the_other_state_in_as_a_party(build_texts):
    text = "Chile and Qatar to deepen minerals ties\nMining Secretary Rosa Diaz signed a memorandum of understanding with Qatari Minister of Industry Ali Kuwari during a visit to Doha."
    parties = {s for s, _, _ in facts(build_texts(text), "partyTo")}
    assert {"Chile", "Qatar"} <= parties


def test_a_joint_statements_we_is_the_states_its_opening_names(build_texts):
    text = (
        "Joint Statement of the Gulf Trade Ministers\nWe, the Trade Ministers of Qatar, Oman and Kuwait, met today in Muscat. "
        "Today we launched the Gulf Phosphate Initiative to strengthen supply chains for phosphate rock."
    )
    found = facts(build_texts(text))
    assert {s for s, p, _ in found if p == "signs"} == {"Qatar", "Oman", "Kuwait"}
    assert ("Gulf Phosphate Initiative", "covers", "phosphate rock") in found


@pytest.mark.parametrize(
    "meeting",
    [
        "Trade Minister Sara Lund hosted Trade Minister Omar Said of Oman and Trade Minister Ali Sabah of Kuwait in Doha on May 2.",
        "Qatar hosted Oman and Kuwait in Doha for the Gulf Trade Ministers' Meeting.",
        "The Trade Ministers of Qatar, Oman and Kuwait met in Doha on May 2.",
    ],
)
def test_the_partners_or_ministers_after_a_meeting_are_its_states(build_texts, meeting):
    text = f"Gulf Trade Ministers' Meeting (Fact Sheet)\n{meeting} The ministers announced the launch of the Gulf Phosphate Initiative."
    graph = build_texts(text)
    assert {s for s, _, _ in facts(graph, "signs")} == {"Qatar", "Oman", "Kuwait"}
    assert not [e for e in graph.entities if e.kind == "Organization"]  # the meeting is no body
    partners = text.replace("The ministers", "The Gulf partners")
    assert {s for s, _, _ in facts(build_texts(partners), "signs")} == {"Qatar", "Oman", "Kuwait"}


def test_the_parties_of_a_later_agreement_are_those_of_the_deal_before(build_texts):
    text = (
        "Tamsa copper mine\nAn investment agreement between the Government of Zambia, Kora Mining and Lumen Metals was signed in 2012. "
        "In 2016 the parties signed an amended agreement, known as the Tamsa Expansion Plan."
    )
    signers = {s for s, p, o in facts(build_texts(text)) if p == "signs" and o == "Tamsa Expansion Plan"}
    assert signers == {"Zambia", "Kora Mining", "Lumen Metals"}


def test_a_memorandum_of_understanding_with_a_minister_and_the_partnership_it_sets_up(build_texts):
    text = (
        "Chile and Oman to boost mineral co-operation\nChile and Oman have agreed to deepen co-operation on critical minerals, after Mining "
        "Minister Rosa Diaz signed a Memorandum of Understanding with Oman's Minister of Energy and Minerals Salim Harthy in Muscat today.\n"
        "The partnership will see the two countries work together on copper and gypsum supply chains.\n"
        "Oman's National Minerals Strategy, published in 2021, set out plans to attract investors."
    )
    graph = build_texts(text)
    found = facts(graph)
    deal = next(e.label for e in graph.entities if e.kind == "Agreement")
    assert {("Rosa Diaz", "signs", deal), ("Salim Harthy", "signs", deal), ("Chile", "partyTo", deal), ("Oman", "partyTo", deal)} <= found
    assert {o for s, p, o in found if p == "covers"} == {"copper", "gypsum"}
    assert [e.label for e in graph.entities if e.kind in ("Agreement", "Organization")] == [deal]  # a national strategy is neither


def test_the_of_phrase_of_a_capitalised_memorandum_holds_what_the_parser_hangs_there(nlp):
    from spacy.tokens import Doc

    from kg.extract.agreement_mentions import phrase_heads

    words = ["a", "Memorandum", "of", "Understanding", "with", "Oman"]
    doc = Doc(nlp.vocab, words=words, heads=[1, 1, 1, 2, 3, 4], deps=["det", "ROOT", "prep", "pobj", "prep", "pobj"], pos=["DET", "PROPN", "ADP", "PROPN", "ADP", "PROPN"])
    assert [t.text for t in phrase_heads(doc[1])] == ["Memorandum", "Understanding"]
    place = Doc(nlp.vocab, words=["the", "Treaty", "of", "Lisbon"], heads=[1, 1, 1, 2], deps=["det", "ROOT", "prep", "pobj"], pos=["DET", "PROPN", "ADP", "PROPN"])
    assert [t.text for t in phrase_heads(place[1])] == ["Treaty"]


def test_a_deal_written_in_title_case_without_a_name_of_its_own_keeps_that_spelling_as_an_alias(build_texts):
    text = "Minerals\nChile and Peru signed a copper memorandum on Monday. The memorandum builds on the Chile-Peru Comprehensive Partnership, launched in 2016."
    graph = build_texts(text)
    partnership = next(e for e in graph.entities if e.kind == "Agreement" and e.label.startswith("partnership"))
    assert any(alias.replace(" - ", "-") == "Chile-Peru Comprehensive Partnership" for alias in partnership.aliases)


def test_a_state_that_suspends_its_own_deal_with_another_was_a_party(build_texts):
    found = facts(build_texts("Uranium\nGabon suspended the uranium partnership with Spain after the coup."))
    assert {("Gabon", "rejects"), ("Gabon", "partyTo"), ("Spain", "partyTo")} <= {(s, p) for s, p, _ in found}
    alone = facts(build_texts("Uranium\nGabon rejected the uranium partnership proposed by Spain."))
    assert ("Gabon", "rejects") in {(s, p) for s, p, _ in alone} and ("Gabon", "partyTo") not in {(s, p) for s, p, _ in alone}


@pytest.mark.parametrize(
    "text",
    [
        "Gabon pulled out of the Atlantic Manganese Pact in May.",
        "Gabon tore up its manganese contract with a Turkish consortium.",
        "Gabon's junta renounced a manganese agreement with Turkey.",
        "The junta in Gabon repudiated the manganese agreement with Turkey.",
    ],
)
def test_who_leaves_or_ends_a_deal_was_one_of_its_sides(build_texts, text):
    found = {(s, p) for s, p, _ in facts(build_texts("Manganese\n" + text))}
    assert {("Gabon", "rejects"), ("Gabon", "partyTo")} <= found


def test_who_leaves_the_talks_on_a_deal_or_cancels_anothers_is_no_side(build_texts):
    talks = {(s, p) for s, p, _ in facts(build_texts("Manganese\nGabon pulled out of the talks over the Atlantic Manganese Pact."))}
    assert ("Gabon", "partyTo") not in talks
    court = {(s, p) for s, p, _ in facts(build_texts("Manganese\nThe Constitutional Court struck down the manganese contract with Eramet."))}
    assert ("Constitutional Court", "rejects") in court and not any(p == "signs" for _, p in court)


def test_turning_down_an_offer_rejects_it(build_texts):
    found = {(s, p) for s, p, _ in facts(build_texts("Manganese\nGabon turned down a Turkish proposal for a manganese partnership."))}
    assert ("Gabon", "rejects") in found and ("Gabon", "partyTo") not in found


def test_a_second_predicate_without_a_conjunction_is_a_clause_of_its_own(build_texts):
    found = facts(build_texts("Manganese\nGabon annulled the mining permits of Eramet, then revived the Atlantic Manganese Pact a year later."))
    assert not any(p == "rejects" for _, p, _ in found)


def test_talks_and_a_deal_in_another_clause_with_its_own_subject_are_apart(build_texts):
    found = facts(build_texts("Trade talks\nTalks with Brazil are going well, and we hope to finalise a partnership with Angola soon."))
    assert ("Brazil", "negotiates") not in {(s, p) for s, p, _ in found} and ("Brazil", "partyTo") not in {(s, p) for s, p, _ in found}
    joined = facts(build_texts("Trade talks\nAngola held talks with Brazil on Monday and signed the graphite accord."))
    assert {("Angola", "negotiates"), ("Brazil", "negotiates")} <= {(s, p) for s, p, _ in joined}


def test_negotiations_on_a_deal_with_a_state_and_the_we_of_a_speech(build_texts):
    text = (
        "Speech by the Commissioner at the Battery Forum\nLast year we concluded negotiations with Peru on a Lithium Framework Agreement. "
        "We launched negotiations on a graphite agreement with Angola in May."
    )
    found = {(s, p, o) for s, p, o in facts(build_texts(text)) if p == "negotiates"}
    assert {("European Union", "negotiates", "Lithium Framework Agreement"), ("Peru", "negotiates", "Lithium Framework Agreement")} <= found
    assert {s for s, _, o in found if o != "Lithium Framework Agreement"} == {"European Union", "Angola"}
    plain = facts(build_texts("Battery news\nWe launched negotiations on a graphite agreement with Angola in May."))
    assert "European Union" not in {s for s, _, _ in plain}


def test_a_bare_joined_after_the_deals_membership_joins_that_deal(build_texts):
    text = (
        "Arctic minerals\nThe Arctic Minerals Compact was launched in 2021 by Canada. Since then it has grown to nine members. "
        "Iceland, Denmark and Norway joined in 2022. Sweden joined a separate fund."
    )
    parties = {s for s, p, o in facts(build_texts(text)) if p == "partyTo" and o == "Arctic Minerals Compact"}
    assert {"Canada", "Iceland", "Denmark", "Norway"} <= parties and "Sweden" not in parties


def test_the_minerals_security_partnership_is_an_agreement_not_an_organisation(build_texts):
    text = "Minerals Security Partnership\nThe Minerals Security Partnership was launched in 2022. Since then it has grown to 14 members."
    kinds = {(e.label, e.kind) for e in build_texts(text).entities}
    assert ("Minerals Security Partnership", "Agreement") in kinds and ("Minerals Security Partnership", "Organization") not in kinds


def test_signed_on_behalf_of_two_sides_by_two_people_and_by_two_unnamed_offices(build_texts):
    text = "Ghana deal\nThe agreement was signed on behalf of Ghana by Ambassador Kofi Mensah and on behalf of Qatar by Minister Ali Thani."
    found = facts(build_texts(text))
    expected = {("Kofi Mensah", "represents", "Ghana"), ("Ali Thani", "represents", "Qatar"), ("Ali Thani", "signs", "agreement (Ghana–Qatar)")}
    assert expected <= found and ("Qatar", "signs", "agreement (Ghana–Qatar)") in found
    offices = facts(build_texts("Ghana deal\nThe MOU was signed by the U.S. Secretary of Energy and Ghana's Minister of Mining."), "signs")
    assert {s for s, _, _ in offices} == {"United States", "Ghana"}


def test_a_company_and_a_province_sign_and_the_companys_state_and_national_arm_take_no_part(build_texts):
    text = (
        "Japan's Tokai Metals signs nickel offtake deal with Brazilian state\n"
        "Japanese trader Tokai Metals signed a nickel supply agreement with the government of Brazil's Goias state on Wednesday. "
        "The deal was signed by Tokai Brazil chief executive Ken Mori and Goias governor Ana Prado in Goiania. "
        "Toronto-based Nordvik also operates in the state."
    )
    graph = build_texts(text)
    found = facts(graph)
    assert ("Japan", "signs") not in {(s, p) for s, p, _ in found} and ("Japan", "partyTo") not in {(s, p) for s, p, _ in found}
    assert "Brazil" not in {o for s, p, o in found if s == "Ken Mori" and p == "represents"}  # the chief of a national arm
    assert not {o for s, p, o in found if s == "Ana Prado" and p == "represents"} & {"Japan"}
    assert ("Nordvik", "Organization") in {(e.label, e.kind) for e in graph.entities}


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Gabon scraps manganese accord with Gulf state", {("Gabon", "rejects")}),
        ("Gabon, Spain in talks on manganese supply deal", {("Gabon", "negotiates"), ("Spain", "negotiates")}),
        ("Gabon may scrap manganese accord with Spain", set()),
    ],
)
def test_headlines_of_a_refusal_and_of_talks_between_comma_joined_sides(build_texts, headline, expected):
    found = {(s, p) for s, p, _ in facts(build_texts(headline + "\nThe ministry gave no details.")) if p in ("rejects", "negotiates")}
    assert found == expected


def test_a_transcripts_question_states_no_side_and_its_label_is_no_person(build_texts):
    text = (
        "Remarks by Secretary Ann Cole at the Minerals Ministerial\nSECRETARY COLE: Today we signed a memorandum with Gabon on manganese.\n"
        "QUESTION: Will you sign a deal with Togo?\nSECRETARY COLE: Nothing has been decided."
    )
    graph = build_texts(text)
    assert "Togo" not in {s for s, p, _ in facts(graph) if p in ("partyTo", "signs")}
    assert not [e for e in graph.entities if e.kind == "Person" and e.label.upper() == "QUESTION"]


@pytest.mark.parametrize(
    "text",
    [
        "If Gabon and Spain were to sign a manganese deal, prices could fall.",
        "Unless Gabon signs the manganese accord with Spain, the mine will close.",
    ],
)
def test_a_condition_is_no_signing(build_texts, text):
    assert not facts(build_texts("Analysis\n" + text), "signs")


def test_an_office_split_from_its_holder_by_the_parse_still_names_the_signer(build_texts):
    text = (
        "Ghana, China ink gold deal\nThe agreement was signed by Chinese Ambassador to Ghana Zhou Lan and Ghana's Mines Minister Kofi Mensah, "
        "in the presence of Vice President Ama Boateng."
    )
    signers = {s for s, p, _ in facts(build_texts(text)) if p == "signs"}
    assert {"Zhou Lan", "Kofi Mensah"} <= signers and "Ama Boateng" not in signers


def test_a_roundups_label_takes_part_in_the_talks_its_line_reports(build_texts):
    text = "Deals this week\n- Gabon: talks with Spain on a manganese agreement resumed in Libreville.\n- Oman: new port opened."
    found = {(s, p) for s, p, _ in facts(build_texts(text))}
    assert {("Gabon", "negotiates"), ("Spain", "negotiates")} <= found and ("Oman", "negotiates") not in found


def test_the_two_sides_after_a_visit_to_a_capital_are_the_visitor_and_the_host(build_texts):
    text = "Minerals\nGhana's president flew to Rabat this week. During the visit, the two sides signed a gold processing memorandum."
    assert {s for s, _, _ in facts(build_texts(text), "signs")} == {"Ghana", "Morocco"}
    three = "Minerals\nGhana's president flew to Rabat with Togo's. During the visit, the two sides signed a gold memorandum."
    assert not facts(build_texts(three), "signs")  # three states before: which two is not said


def test_the_verbs_that_take_talks_have_their_own_lemmas(nlp):
    """ "relaunched" lemmatised "relaunche" turned the rule off: every form of every talk verb must lemmatise to it."""
    from kg.extract.action_nouns import TALK_VERBS

    def inflected(verb: str) -> tuple[str, str]:
        if verb.endswith("y"):
            return verb[:-1] + "ies", verb[:-1] + "ied"
        past = verb + "ped" if verb == "wrap" else verb + ("d" if verb.endswith("e") else "ed")
        return verb + ("es" if verb.endswith(("sh", "ch")) else "s"), past

    regular = {v for v in TALK_VERBS if v not in ("be", "begin", "break", "freeze", "lead", "step")}
    for verb in sorted(regular):
        for form in inflected(verb):
            token = nlp(f"They {form} talks with Peru.")[1]
            assert token.lemma_.lower() == verb, (form, token.lemma_)


def test_a_deal_prepared_by_a_side_is_proposed_by_it(build_texts):
    found = facts(build_texts("Manganese\nThe manganese agreement, prepared by Gabon's mines ministry, was sent to Ankara."))
    assert ("Gabon", "proposes") in {(s, p) for s, p, _ in found}
    talks = facts(build_texts("Manganese\nGabon and Turkey prepared for talks on the manganese agreement."))
    assert not any(p == "proposes" for _, p, _ in talks)


def test_proposing_that_another_side_join_or_sign_puts_the_deal_forward_and_signs_nothing(build_texts):
    joined = {(s, p) for s, p, _ in facts(build_texts("Manganese\nTurkey has proposed that Gabon join a manganese investment pact."))}
    assert ("Turkey", "proposes") in joined
    insisted = {(s, p) for s, p, _ in facts(build_texts("Manganese\nTurkey insisted that Gabon sign the manganese pact first."))}
    assert ("Turkey", "proposes") in insisted and ("Gabon", "signs") not in insisted


def test_talks_with_another_side_reported_by_a_speaker_are_the_speakers_sides(build_texts):
    text = "Minerals diplomacy\nOmani Trade Minister Laila Harthy spoke in Muscat. She said talks with Jordan on a phosphate deal were continuing."
    assert {s for s, p, _ in facts(build_texts(text)) if p == "negotiates"} == {"Oman", "Jordan"}


@pytest.mark.parametrize(
    "text",
    [
        "Oman has signed phosphate agreements with Jordan and Egypt.",
        "Oman signed phosphate memoranda with Jordan and Egypt in 2023.",
        "Oman has signed phosphate MoUs with several Arab states, including Jordan and Egypt.",
        "Oman signed phosphate agreements with Jordan in 2021 and Egypt in 2023.",
        "Oman signed phosphate agreements with Jordan in 2021, Egypt in 2023.",
    ],
)
def test_plural_deals_with_a_list_of_partners_are_one_deal_per_partner(build_texts, text):
    graph = build_texts("Phosphate\n" + text)
    deals = [e for e in graph.entities if e.kind == "Agreement"]
    assert len(deals) == 2
    found = facts(graph)
    sides = {o: {s for s, p, o2 in found if p == "partyTo" and o2 == o} for o in {e.label for e in deals}}
    assert sorted(map(sorted, sides.values())) == [["Egypt", "Oman"], ["Jordan", "Oman"]]
    assert {(s, o) for s, p, o in found if p == "signs"} == {(s, o) for s, p, o in found if p == "partyTo"}
    assert all("phosphate rock" in {o for s, p, o in found if p == "covers" and s == d.label} for d in deals)
    assert not any("memoranda" in d.label or "agreements" in d.label for d in deals)


def test_a_class_of_deals_without_partners_is_no_deal(build_texts):
    graph = build_texts("Phosphate\nOman wants to sign more phosphate agreements in the coming years.")
    assert not any(e.kind == "Agreement" for e in graph.entities)


def test_talks_with_other_sides_on_other_things_or_on_another_deal_are_not_the_signed_deals(build_texts):
    other = facts(build_texts("Phosphate\nOman signed a phosphate memorandum with Jordan, and was in talks with two other states on similar projects."))
    assert not any(p == "negotiates" for _, p, _ in other)
    another = facts(build_texts("Phosphate\nOman signed a phosphate memorandum with Jordan, and was in talks with Egypt on a similar memorandum."))
    negotiated = {(s, o) for s, p, o in another if p == "negotiates"}
    signed = {o for _, p, o in another if p == "signs"}
    assert {"Oman", "Egypt"} <= {s for s, _ in negotiated} and not {o for _, o in negotiated} & signed


def test_signers_announced_by_a_colon_and_signatories_listed(build_texts):
    colon = "Minerals diplomacy\nThree countries signed the Baltic Amber Charter in May:\nEstonia, Latvia and Lithuania."
    assert {s for s, p, _ in facts(build_texts(colon)) if p == "signs"} == {"Estonia", "Latvia", "Lithuania"}
    listed = "Minerals diplomacy\nThe Baltic Amber Charter came into force in 2023. The charter's signatories include Estonia and Latvia."
    found = facts(build_texts(listed))
    assert {s for s, p, _ in found if p == "signs"} == {"Estonia", "Latvia"}
    bullets = "Minerals diplomacy\nThe following states signed the Baltic Amber Charter:\n- Estonia\n- Latvia\n- Lithuania"
    assert {s for s, p, _ in facts(build_texts(bullets)) if p == "signs"} == {"Estonia", "Latvia", "Lithuania"}
    later = "Minerals diplomacy\nThe Baltic Amber Charter was signed by Estonia and Latvia, and later ratified by Lithuania."
    assert {s for s, p, _ in facts(build_texts(later)) if p == "signs"} == {"Estonia", "Latvia", "Lithuania"}
    members = "Minerals diplomacy\nThe Baltic Amber Charter came into force in 2023. The charter's members include Estonia and Latvia."
    assert not any(p == "signs" for _, p, _ in facts(build_texts(members)))


@pytest.mark.parametrize(
    "text",
    [
        "The Baltic Amber Charter is a trade agreement between Estonia and Latvia.",
        "The Baltic Amber Charter is an agreement on amber trade between Estonia and Latvia.",
    ],
)
def test_a_named_deal_defined_by_another_topic_keeps_the_sides_of_its_definition(build_texts, text):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {s for s, p, o in found if p == "partyTo" and o == "Baltic Amber Charter"} == {"Estonia", "Latvia"}
    unnamed = facts(build_texts("Minerals diplomacy\nEstonia and Latvia signed a trade agreement on Monday."))
    assert not any(p == "signs" for _, p, _ in unnamed)


@pytest.mark.parametrize(
    ("text", "negotiators", "signers"),
    [
        ("Qatar and Oman are in the final stages of negotiating a phosphate agreement.", {"Qatar", "Oman"}, set()),
        ("Qatar is on the verge of signing a phosphate agreement with Oman.", {"Qatar", "Oman"}, set()),
        ("Qatar and Oman signed a phosphate agreement at the end of a long process.", set(), {"Qatar", "Oman"}),
    ],
)
def test_an_act_under_way_is_still_talks(build_texts, text, negotiators, signers):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {s for s, p, _ in found if p == "negotiates"} == negotiators
    assert {s for s, p, _ in found if p == "signs"} == signers


def test_the_terms_of_a_named_deal_are_that_deal(build_texts):
    graph = build_texts("Minerals diplomacy\nQatar and Oman are still negotiating the terms of the Gulf Phosphate Pact.")
    assert [e.label for e in graph.entities if e.kind == "Agreement"] == ["Gulf Phosphate Pact"]


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "Oman declined Qatar's invitation to join the Gulf Phosphate Pact.",
            {("Qatar", "proposes"), ("Oman", "rejects")},
            {("Oman", "partyTo"), ("Oman", "signs")},
        ),
        (
            "Oman turned down an invitation from Qatar to join the Gulf Phosphate Pact.",
            {("Qatar", "proposes"), ("Oman", "rejects")},
            {("Oman", "partyTo")},
        ),
        ("Oman accepted Qatar's invitation to join the Gulf Phosphate Pact.", {("Qatar", "proposes"), ("Oman", "partyTo")}, {("Oman", "rejects")}),
        ("Qatar repeated its call to sign the Gulf Phosphate Pact.", {("Qatar", "proposes")}, {("Qatar", "signs")}),
        ("Qatar and Oman launched the Gulf Phosphate Pact. Egypt declined an invitation to join.", {("Egypt", "rejects")}, {("Egypt", "partyTo")}),
    ],
)
def test_an_invitation_into_a_deal_and_its_answer(build_texts, text, expected, absent):
    found = {(s, p) for s, p, o in facts(build_texts("Minerals diplomacy\n" + text)) if o == "Gulf Phosphate Pact"}
    assert expected <= found
    assert not absent & found


@pytest.mark.parametrize(
    ("text", "proposer"),
    [
        ("Qatar lobbied Oman to sign the Gulf Phosphate Pact.", {"Qatar"}),
        ("Qatar is lobbying Oman to join the Gulf Phosphate Pact.", {"Qatar"}),
        ("Qatar called on Oman to sign the Gulf Phosphate Pact.", {"Qatar"}),
        ("Qatar encouraged Oman to sign the Gulf Phosphate Pact.", set()),
    ],
)
def test_asking_another_to_sign_is_no_signing_by_either(build_texts, text, proposer):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert not any(p in ("signs", "rejects") for _, p, _ in found)
    assert {s for s, p, _ in found if p == "proposes"} == proposer


@pytest.mark.parametrize(
    ("text", "proposers"),
    [
        ("The Gulf Phosphate Pact, a Qatari initiative, covers phosphate.", {"Qatar"}),
        ("The Gulf Phosphate Pact is a proposal by Oman.", {"Oman"}),
        ("The Gulf Phosphate Pact is Qatar's brainchild.", {"Qatar"}),
        ("The Gulf Phosphate Pact is not a Qatari initiative.", set()),
    ],
)
def test_a_named_deal_said_to_be_a_states_initiative_is_proposed_by_it(build_texts, text, proposers):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {s for s, p, _ in found if p == "proposes"} == proposers


def test_their_deal_is_the_deal_of_both_sides_they_stand_for(build_texts):
    text = "Minerals diplomacy\nQatar and Oman adopted a roadmap to carry out their Strategic Partnership on phosphate."
    parties = {s for s, p, o in facts(build_texts(text)) if p == "partyTo" and "partnership" in o.lower()}
    assert parties == {"Qatar", "Oman"}


def test_joining_it_joins_the_deal_of_the_sentence_before(build_texts):
    text = "Minerals diplomacy\nQatar and Oman launched the Gulf Phosphate Pact in May. Jordan joined it a month later."
    found = facts(build_texts(text))
    assert ("Jordan", "partyTo", "Gulf Phosphate Pact") in found
    assert ("Jordan", "signs", "Gulf Phosphate Pact") not in found


def test_a_state_to_sign_the_deal_later_joins_it_rather_than_making_another(build_texts):
    text = "Minerals diplomacy\nQatar signed a phosphate agreement with Oman on Monday. Jordan is expected to sign the agreement next year."
    graph = build_texts(text)
    assert len([e for e in graph.entities if e.kind == "Agreement"]) == 1
    found = facts(graph)
    assert ("Jordan", "partyTo", next(e.label for e in graph.entities if e.kind == "Agreement")) in found
    assert not any(s == "Jordan" and p == "signs" for s, p, _ in found)


def test_a_new_deal_on_another_mineral_between_the_same_sides_is_another_deal(build_texts):
    text = "Minerals diplomacy\nQatar and Oman signed the Gulf Phosphate Pact on Monday. They also agreed to negotiate a potash deal."
    graph = build_texts(text)
    deals = {e.label for e in graph.entities if e.kind == "Agreement"}
    assert len(deals) == 2
    found = facts(graph)
    potash = next(d for d in deals if d != "Gulf Phosphate Pact")
    assert {s for s, p, o in found if p == "negotiates" and o == potash} == {"Qatar", "Oman"}
    assert not any(p == "signs" and o == potash for _, p, o in found)
    assert ("Gulf Phosphate Pact", "covers", "potash") not in found


def test_the_one_another_pair_signed_is_another_deal_named_for_comparison(build_texts):
    text = "Minerals diplomacy\nOman has pressed Qatar for a phosphate agreement similar to the one Jordan signed with Egypt in May 2023."
    graph = build_texts(text)
    found = facts(graph)
    assert len([e for e in graph.entities if e.kind == "Agreement"]) == 2
    other = next(o for s, p, o in found if s == "Jordan" and p == "signs")
    assert ("Egypt", "signs", other) in found and (other, "signedOn", "2023-05") in found
    assert not any(s in ("Oman", "Qatar") and o == other for s, _, o in found)
    assert ("Oman", "proposes", other) not in found


@pytest.mark.parametrize(
    "text",
    [
        "Qatari Emir Tamim Al Thani and Omani Sultan Haitham bin Tarik witnessed the signing of a phosphate memorandum.",
        "Qatar's emir and Oman's sultan witnessed the signing of several documents, including a phosphate memorandum.",
    ],
)
def test_the_signing_two_leaders_witness_is_their_states(build_texts, text):
    found = facts(build_texts("Minerals diplomacy\n" + text))
    assert {s for s, p, _ in found if p == "signs" and s in ("Qatar", "Oman")} == {"Qatar", "Oman"}


@pytest.mark.parametrize(
    ("second", "sides"),
    [
        ("The two leaders signed a phosphate memorandum.", {"Qatar", "Oman"}),
        ("The two heads of state witnessed the signing of a phosphate memorandum.", {"Qatar", "Oman"}),
        ("The three leaders signed a phosphate memorandum.", set()),
    ],
)
def test_the_two_leaders_after_a_meeting_are_their_states(build_texts, second, sides):
    text = "Minerals diplomacy\nQatari Emir Tamim Al Thani met Omani Sultan Haitham bin Tarik in Doha. " + second
    assert {s for s, p, _ in facts(build_texts(text)) if p == "signs" and s in ("Qatar", "Oman")} == sides


def test_a_passive_signing_by_people_after_a_place_and_a_date(build_texts):
    graph = build_texts(
        "The Coral Cobalt Accord was signed on 3 June 2026 at the presidential palace by Ana Ruiz, Peru's Minister of Energy and Mines, "
        "and Tomas Berg, Norway's trade minister."
    )
    found = facts(graph)
    assert ("Ana Ruiz", "signs", "Coral Cobalt Accord") in found
    assert ("Tomas Berg", "signs", "Coral Cobalt Accord") in found
    assert ("Norway", "signs", "Coral Cobalt Accord") in found


def test_signed_by_one_and_by_another_and_the_union_of_an_eu_article(build_texts):
    graph = build_texts(
        "The European Commission presented the Amber Roadmap in Brussels.\n"
        "The Amber Roadmap was signed by the Union and by the Republic of Moldova as equal partners.\n"
        "The Linden Accord was adopted on 9 May 2025 by Commissioner Jan Berg and by Moldova's Deputy Prime Minister, Ion Rusu.\n"
        "Peru and Japan signed the Andes Graphite Memorandum. It was signed by Peru's Minister of Mines, Ana Ruiz, "
        "and by Japan's Vice-Minister for International Affairs, Ken Sato."
    )
    found = facts(graph)
    assert ("European Union", "signs", "Amber Roadmap") in found
    assert ("Moldova", "signs", "Amber Roadmap") in found
    assert ("Ion Rusu", "signs", "Linden Accord") in found
    assert ("Jan Berg", "signs", "Linden Accord") in found
    assert ("Ken Sato", "signs", "Andes Graphite Memorandum") in found
    assert graph.entity("Union") is None or graph.entity("Union").label == "European Union"


def test_a_draft_rejected_with_that_is_the_last_deal_named(build_texts):
    graph = build_texts(
        "The Kenya–Zambia Copper Pact, which both signed in 2024, was meant to change that. "
        "U.S. officials drafted a trilateral framework that would have added the United States as a third party. "
        "Tanzania turned that draft down in November."
    )
    rejected = [o for s, p, o in facts(graph) if s == "Tanzania" and p == "rejects"]
    assert rejected and "Copper Pact" not in rejected[0]


def test_a_partner_named_in_apposition_signs_not_the_state_its_demonym_names(build_texts):
    found = facts(build_texts("Hindmet and its Canadian partner, Borealis Lithium, signed an offtake agreement in May."))
    assert any(s == "Borealis Lithium" and p == "signs" for s, p, o in found)
    assert not any(s == "Canada" for s, p, o in found if p in ("signs", "partyTo"))


@pytest.mark.parametrize(
    "text",
    [
        "An opposition deputy said Armenia should first have joined the Nuclear Suppliers Group.",
        "Critics argue that Peru would have joined the OECD by now under a different government.",
    ],
)
def test_a_counterfactual_join_is_no_membership_bid(build_texts, text):
    assert not [f for f in facts(build_texts(text)) if f[1] == "seeksMembershipIn"]


def test_a_nameless_deal_is_also_named_by_its_sides_and_its_words_as_written(build_texts):
    graph = build_texts("Peru, for its part, is negotiating a broader critical minerals agreement with Tokyo that officials hope to finish next year.")
    deal = next(e for e in graph.entities if e.kind == "Agreement")
    assert "Japan–Peru critical minerals agreement" in deal.aliases


def test_a_signing_noun_with_its_date_set_apart_by_commas(build_texts):
    graph = build_texts(
        "The two sides welcomed the signing, on 4 December 2025, of the Baltic Amber Charter by Minister Jan Berg "
        "and the Minister of Mines of Peru, Ana Ruiz."
    )
    found = facts(graph)
    assert ("Jan Berg", "signs", "Baltic Amber Charter") in found
    assert ("Ana Ruiz", "signs", "Baltic Amber Charter") in found
    assert ("Baltic Amber Charter", "signedOn", "2025-12-04") in found


def test_a_renewal_date_is_not_the_signing_date(build_texts):
    graph = build_texts("Norway and Chile signed a copper cooperation agreement in 2011; the two countries renewed it in 2023.")
    assert {o for s, p, o in facts(graph) if p == "signedOn"} == {"2011"}


def test_signed_by_an_office_with_its_holder_and_a_second_states_minister(build_texts):
    found = facts(build_texts(
        "The UK and Bolivia signed a memorandum on lithium in La Paz on 12 February 2026. The memorandum was signed by the "
        "Minister for Industry, Sarah Pell, and Bolivia's Minister of Mining, Marco Quispe."
    ))
    assert any(s == "Marco Quispe" and p == "signs" for s, p, o in found)
    assert ("Sarah Pell", "represents", "United Kingdom") in found


def test_an_explainers_question_heading_does_not_hide_the_deal_it_refers_to(build_texts):
    found = facts(build_texts(
        "Explainer: the Danube Graphite Pact\n\nWhat was signed?\nRomania and Serbia signed the Danube Graphite Pact in Belgrade on 4 June 2026. "
        "It covers graphite.\n\nWho signed it?\nRomania's economy minister, Ioana Marin, and Serbia's mining minister, Dragan Ilic, put their names to it."
    ))
    assert ("Ioana Marin", "signs", "Danube Graphite Pact") in found
    assert ("Dragan Ilic", "signs", "Danube Graphite Pact") in found


def test_a_partnership_of_named_states_has_each_as_a_party(build_texts):
    found = facts(build_texts(
        "The Arctic Graphite Alliance is a partnership of Norway, Iceland, Canada and Denmark. "
        "A memorandum of understanding with Chile covers graphite."
    ))
    assert {s for s, p, o in found if p == "partyTo" and o == "Arctic Graphite Alliance"} == {"Norway", "Iceland", "Canada", "Denmark"}


def test_a_treaty_texts_signature_block_gives_its_signers_sides_and_date(build_texts):
    found = facts(build_texts(
        "AGREEMENT BETWEEN THE GOVERNMENT OF THE REPUBLIC OF GHANA AND THE GOVERNMENT OF CANADA ON BAUXITE\n"
        "Article 1\n"
        "The Parties shall cooperate in the exploration of bauxite.\n"
        "Done at Accra on 4 June 2024, in two originals.\n"
        "For the Government of the Republic of Ghana:\n"
        "Kwame Mensah\n"
        "Minister of Lands\n"
        "For the Government of Canada:\n"
        "Louise Tremblay\n"
    ))
    deal = next(s for s, p, o in found if p == "covers" and o == "bauxite")
    assert {("Ghana", "signs", deal), ("Canada", "signs", deal), ("Kwame Mensah", "signs", deal), ("Louise Tremblay", "signs", deal)} <= found
    assert ("Kwame Mensah", "represents", "Ghana") in found and ("Louise Tremblay", "represents", "Canada") in found
    assert (deal, "signedOn", "2024-06-04") in found


def test_a_for_line_over_a_paragraph_is_a_section_not_a_signature(build_texts):
    found = facts(build_texts(
        "What the cobalt pact means\n"
        "Zambia and Japan signed a cobalt pact in Lusaka on 2 May 2025.\n"
        "For Chile:\n"
        "The pact may lower copper prices, traders said.\n"
    ))
    assert not any(s == "Chile" and p in ("signs", "partyTo") for s, p, o in found)
