"""hasDeposit from a deposit noun's own phrase, read along the words (issue 12).

Every sentence is written for the test (real states and regions, invented or
generic sites).
"""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")


def deposits(graph) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in facts(graph) if p == "hasDeposit"}


def test_each_deposit_noun_owns_the_places_of_its_own_phrase(build_texts):
    found = deposits(build_texts(
        "Uganda holds significant cobalt deposits, notably in the Kasese District and in the province of Mbale, "
        "and substantial copper resources in the Karamoja Region."
    ))
    assert {("Kasese", "cobalt"), ("Mbale", "cobalt"), ("Karamoja", "copper")} <= found
    assert not {("Karamoja", "cobalt"), ("Kasese", "copper")} & found


def test_most_of_them_in_and_including_around_name_the_places_that_hold_them(build_texts):
    found = deposits(build_texts(
        "Kenya sits on large nickel reserves, most of them in the Kwale and Taita regions. "
        "Tanzania has significant graphite deposits, including around Nachu in the Lindi Region."
    ))
    assert {("Kwale", "nickel"), ("Nachu", "graphite"), ("Tanzania", "graphite")} <= found
    assert ("Lindi Region", "graphite") not in found  # where Nachu lies, not said to hold graphite


def test_a_place_whose_mines_extract_an_ore_holds_it_and_a_new_clause_ends_the_phrase(build_texts):
    found = deposits(build_texts(
        "The concentrate comes from Peru's Puno Region, where small mines extract tin and tungsten ores. "
        "Bolivia has the largest lithium reserves in South America, and Chile exports copper to China."
    ))
    assert {("Puno", "tin"), ("Puno", "tungsten"), ("Bolivia", "lithium")} <= found
    assert not {("Chile", "lithium"), ("China", "lithium")} & found


def test_what_exploration_at_a_site_found_is_held_there_and_plans_or_misses_are_not(build_texts):
    found = deposits(build_texts(
        "Exploration at Kovu has outlined a 40-million-tonne graphite resource. "
        "Drilling at Rocky Hill returned high-grade lithium intercepts. "
        "Drilling at Stony Creek did not return any cobalt. "
        "Exploration at Baru is planned for 2027, when nickel prices recover."
    ))
    assert {("Kovu", "graphite"), ("Rocky Hill", "lithium")} <= found
    assert not {("Stony Creek", "cobalt"), ("Baru", "nickel")} & found


def test_a_landform_the_ner_calls_a_person_is_a_site_where_only_a_site_can_stand(build_texts):
    graph = build_texts(
        "Veld Hill, in Mara Region, holds one of the largest graphite deposits in East Africa. "
        "Fiona Hill, in a statement, said Kenya holds large lithium deposits."
    )
    kinds = {e.label: e.kind for e in graph.entities}
    assert kinds.get("Veld Hill") == "Place" and kinds.get("Fiona Hill") == "Person"
    assert {("Veld Hill", "graphite"), ("Kenya", "lithium")} <= deposits(graph)


def test_an_ore_product_from_a_named_site_and_an_ore_delivered_from_it_are_held_there(build_texts):
    found = deposits(build_texts(
        "Both firms signed an offtake agreement for lithium carbonate from the Roca Alta project, which lies near Salta. "
        "Under the deal the miner will deliver high-grade cobalt from the Kintara deposit, south of Lubumbashi. "
        "The smelter imports nickel from the Philippines."
    ))
    assert {("Roca Alta", "lithium"), ("Kintara", "cobalt")} <= found
    assert ("Philippines", "nickel") not in found  # a trade, not a mine


def test_a_site_where_drillers_confirmed_resources_or_ore_was_mined_holds_it(build_texts):
    found = deposits(build_texts(
        "Tanzania offered Qatar a stake in the Tavan basin, where drillers confirmed large helium resources last year. "
        "Kenya looked at the Lokori basin, where drillers found no helium resources. "
        "Workers live beside the Kitui field, where tantalum has been mined for decades."
    ))
    assert {("Tavan basin", "helium"), ("Kitui", "tantalum")} <= found
    assert not any(place.startswith("Lokori") for place, _ in found)


def test_sites_that_became_two_of_the_largest_mines_hold_their_ore(build_texts):
    found = deposits(build_texts("The Arvik and Sorkol deposits, in the Kostanay Region, became two of the world's largest tungsten mines."))
    assert {("Arvik", "tungsten"), ("Sorkol", "tungsten")} <= found


def test_a_site_named_after_its_ore_holds_it(build_texts):
    found = deposits(build_texts("Our Torvik mine, in the Karoo Manganese Field of the Eastern Cape, shipped 2 million tonnes."))
    assert ("Karoo Manganese Field", "manganese") in found


def test_mines_the_tagger_reads_as_a_noun_before_an_ore_still_mines_it(build_texts):
    found = deposits(build_texts(
        "Armenia, an EU partner since 2020, mines molybdenum at Kajaran, in the Syunik region, one of the oldest copper districts. "
        "Our state company mines ilmenite and zircon at Kalpitiya in the North Western Province. "
        "The company closed two mines, and copper output fell."
    ))
    assert {("Armenia", "molybdenum"), ("Kajaran", "molybdenum"), ("Kalpitiya", "zircon")} <= found
    assert not any(ore == "copper" for _, ore in found)


def test_hosts_read_as_a_noun_and_deposits_lying_under_a_place(build_texts):
    found = deposits(build_texts(
        "The Mrisi belt hosts nickel sulphide deposits. "
        "Large copper deposits lie under the Atacama desert. "
        "Copper output fell under the new rules in Chile."
    ))
    assert {("Mrisi belt", "nickel"), ("Atacama", "copper")} <= found
    assert ("Chile", "copper") not in found


def test_a_site_described_beside_its_name_holds_the_ores_of_the_description(build_texts):
    found = deposits(build_texts(
        "The Serra Azul deposit, a niobium and rare-earth prospect in the state of Bahia, was drilled in May. "
        "Exports come from the Salar de Luna, a lithium-rich basin in Jujuy. "
        "The Tolomosa project, a lithium brine operation in Tarija, started in 2022."
    ))
    assert {("Serra Azul", "niobium"), ("Serra Azul", "rare earth elements"), ("Salar de Luna", "lithium"), ("Tolomosa", "lithium")} <= found
    assert not {place for place, _ in found} & {"Bahia", "Jujuy", "Tarija"}  # the description is the site's, not its region's


def test_what_a_site_contains_or_hosts_when_the_tagger_misreads_the_verb_or_its_ore(build_texts):
    found = deposits(build_texts(
        "The largest prospect is the Kiruna North deposit, which lies in Sweden's Norrbotten County and contains tungsten and molybdenum. "
        "Vantor Metals is exploring the Kilima Ridge deposit. The deposit lies in the Mbeya Region and hosts graphite and minor vanadium."
    ))
    assert {("Kiruna North", "tungsten"), ("Kiruna North", "molybdenum"), ("Kilima Ridge", "graphite"), ("Kilima Ridge", "vanadium")} <= found
    assert not {place for place, _ in found} & {"Norrbotten", "Mbeya", "Sweden"}
