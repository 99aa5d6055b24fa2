"""Reference within an article (kg.nlp.coref): each pattern it resolves, and the cases where it must abstain.

Most tests parse invented sentences with the real model but bind the names
by hand, so they test the resolver and not mention typing; the last ones
run the whole pipeline to show that extractors read a resolved reference as
a name and that the facts say they came through one.
"""

from __future__ import annotations

import re

import pytest

from kg.lexicon.tables import load_lexicon
from kg.nlp.context import REFERENCE_PENALTY, REFERENCE_SUFFIX, DocContext, Sentence
from kg.nlp.coref import resolve_references
from kg.types import Document
from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")

CHILE = ("State", "State:chile", "chile")
PERU = ("State", "State:peru", "peru")
BOLIVIA = ("State", "State:bolivia", "bolivia")
NORWAY = ("State", "State:norway", "norway")
LIND = ("Person", "Person:lind/mara", None)
BERG = ("Person", "Person:berg/tomas", None)
KESTREL = ("Organization", "Organization:kestrel metals ltd", None)
FJORD_BANK = ("Organization", "Organization:fjord bank", None)
MINISTRY = ("Organization", "Organization:ministry of mines", None)
KORA_MINE = ("Place", "Place:kora", None)
TAMU = ("Place", "Place:tamu", None)
LITHIUM = ("Mineral", "Mineral:lithium", "lithium")


Names = dict[str, tuple[str, str, str | None]]  # surface -> (kind, local id, lexicon key)


def resolve(nlp, text: str, names: Names, maybe_person: frozenset[str] | set[str] = frozenset()) -> dict[str, tuple[str, ...]]:
    """Parse one paragraph, bind the given names by hand, resolve: {anaphor text (primed if repeated): referent}."""
    doc = nlp(text)
    doc.user_data["kg_block"] = 0
    ctx = DocContext(Document(text=text, title="", content_hash="sha256:" + "0" * 64), load_lexicon())
    for sent in doc.sents:
        ctx.sentences.append(Sentence(len(ctx.sentences), sent, sent.start_char, sent.end_char, False, 0))
    for surface, (kind, local_id, key) in names.items():
        for match in re.finditer(rf"\b{re.escape(surface)}\b", text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            assert span is not None, surface
            draft = ctx.entity(local_id, kind, key)
            draft.forms.append(surface)
            draft.mentions += 1
            draft.maybe_person = local_id in maybe_person
            for token in span:
                ctx.bind(token, local_id)
            sentence = next(s for s in ctx.sentences if s.span.start <= span.start < s.span.end)
            sentence.mentions.append((local_id, span.start, span.end))
    found: dict[str, tuple[str, ...]] = {}
    for reference in resolve_references(ctx):
        label = reference.text.lower()
        while label in found:
            label += "'"
        found[label] = reference.referent
    return found


# ---------------------------------------------------------------------- pronouns


def test_she_and_her_are_the_person_and_prefer_the_subject(nlp):
    found = resolve(nlp, "Mara Lind met Tomas Berg in Valparaiso. She praised her hosts.", {"Mara Lind": LIND, "Tomas Berg": BERG})
    assert found == {"she": (LIND[1],), "her": (LIND[1],)}


def test_he_and_his(nlp):
    text = "Tomas Berg chairs Kestrel Metals Ltd. He said his firm would expand."
    found = resolve(nlp, text, {"Tomas Berg": BERG, "Kestrel Metals Ltd": KESTREL})
    assert found["he"] == (BERG[1],)
    assert found["his"] == (BERG[1],)


def test_it_is_never_a_person(nlp):
    text = "Mara Lind praised Kestrel Metals Ltd. It plans a lithium refinery."
    found = resolve(nlp, text, {"Mara Lind": LIND, "Kestrel Metals Ltd": KESTREL})
    assert found == {"it": (KESTREL[1],)}


def test_its_is_the_state_of_its_own_clause(nlp):
    found = resolve(nlp, "Chile wants to double its lithium output.", {"Chile": CHILE, "lithium": LITHIUM})
    assert found == {"its": (CHILE[1],)}


def test_a_possessive_in_an_object_controlled_clause_is_the_object(nlp):
    found = resolve(nlp, "Peru has been pressing Chile to open its salt flats to investors.", {"Peru": PERU, "Chile": CHILE})
    assert found == {"its": (CHILE[1],)}


def test_they_and_their_are_a_coordination(nlp):
    found = resolve(nlp, "Chile and Peru said they would pool their lithium reserves.", {"Chile": CHILE, "Peru": PERU, "lithium": LITHIUM})
    assert found["they"] == (CHILE[1], PERU[1])
    assert found["their"] == (CHILE[1], PERU[1])


def test_they_is_the_state_behind_its_officials(nlp):
    found = resolve(nlp, "Chilean officials met investors on Monday. They promised faster permits.", {"Chilean": CHILE})
    assert found == {"they": (CHILE[1],)}


# ---------------------------------------------------------------------- definite descriptions


@pytest.mark.parametrize("noun", ["country", "nation", "government"])
def test_the_country_the_nation_the_government(nlp, noun):
    found = resolve(nlp, f"Chile signed the accord in May. The {noun} will review it next year.", {"Chile": CHILE})
    assert found[noun] == (CHILE[1],)


def test_the_kingdom_is_a_state_whose_formal_name_says_so(nlp):
    text = "Chile sold copper to Norway last year. The kingdom imports most of its copper."
    found = resolve(nlp, text, {"Chile": CHILE, "Norway": NORWAY})
    assert found["kingdom"] == (NORWAY[1],)


@pytest.mark.parametrize("noun", ["company", "firm", "miner"])
def test_the_company_is_a_company_not_a_bank(nlp, noun):
    text = f"Kestrel Metals Ltd took a loan from Fjord Bank. The {noun} will build a cobalt plant."
    found = resolve(nlp, text, {"Kestrel Metals Ltd": KESTREL, "Fjord Bank": FJORD_BANK})
    assert found[noun] == (KESTREL[1],)


def test_the_bank_and_the_ministry_only_what_their_names_say(nlp):
    text = (
        "Kestrel Metals Ltd took a loan from Fjord Bank. The bank approved it quickly. "
        "The Ministry of Mines welcomed the news. The ministry expects more deals."
    )
    found = resolve(nlp, text, {"Kestrel Metals Ltd": KESTREL, "Fjord Bank": FJORD_BANK, "Ministry of Mines": MINISTRY})
    assert found["bank"] == (FJORD_BANK[1],)
    assert found["ministry"] == (MINISTRY[1],)


@pytest.mark.parametrize("noun", ["mine", "deposit", "project"])
def test_the_mine_is_a_place_the_text_calls_a_mine(nlp, noun):
    text = f"The Kora mine lies in the Tamu region of Chile. The {noun} produces cobalt and nickel."
    found = resolve(nlp, text, {"Kora": KORA_MINE, "Tamu": TAMU, "Chile": CHILE})
    assert found[noun] == (KORA_MINE[1],)


@pytest.mark.parametrize("noun", ["region", "province"])
def test_the_region_is_not_the_mine(nlp, noun):
    text = f"The Kora mine lies in the Tamu region of Chile. The {noun} also holds copper deposits."
    found = resolve(nlp, text, {"Kora": KORA_MINE, "Tamu": TAMU, "Chile": CHILE})
    assert found[noun] == (TAMU[1],)


@pytest.mark.parametrize(
    "phrase", ["The two countries", "Both countries", "The two governments", "Our two countries", "The two neighbours"]
)
def test_the_two_countries_are_the_last_two_states(nlp, phrase):
    text = f"Bolivia exports tin. Chile and Peru signed a lithium accord on Friday. {phrase} will meet again in March."
    found = resolve(nlp, text, {"Bolivia": BOLIVIA, "Chile": CHILE, "Peru": PERU, "lithium": LITHIUM})
    assert list(found.values()) == [(CHILE[1], PERU[1])]


def test_a_chain_follows_its_first_name(nlp):
    text = "Kestrel Metals Ltd reported record sales. The company said its cobalt output doubled."
    found = resolve(nlp, text, {"Kestrel Metals Ltd": KESTREL})
    assert found == {"company": (KESTREL[1],), "its": (KESTREL[1],)}


# ---------------------------------------------------------------------- abstentions


def test_abstains_between_two_equally_salient_people(nlp):
    found = resolve(nlp, "Mara Lind and Tomas Berg arrived in Lima. She thanked the hosts.", {"Mara Lind": LIND, "Tomas Berg": BERG})
    assert found == {}


def test_an_unnamed_phrase_that_wins_blocks_the_binding(nlp):
    found = resolve(nlp, "The agreement was signed by Chile in May. It covers lithium and copper.", {"Chile": CHILE, "lithium": LITHIUM})
    assert "it" not in found


def test_one_of_two_coordinated_states_is_not_it(nlp):
    found = resolve(nlp, "Chile and Peru met in Lima. It was a long meeting.", {"Chile": CHILE, "Peru": PERU})
    assert found == {}


def test_the_one_coordinated_member_that_fits(nlp):
    found = resolve(nlp, "Chile and Mara Lind discussed cobalt. She was pleased.", {"Chile": CHILE, "Mara Lind": LIND})
    assert found == {"she": (LIND[1],)}


def test_pleonastic_it(nlp):
    found = resolve(nlp, "Chile holds lithium. It is expected that output will double.", {"Chile": CHILE, "lithium": LITHIUM})
    assert found == {}


def test_no_cataphora(nlp):
    found = resolve(nlp, "Before it signed the accord, Chile consulted Peru.", {"Chile": CHILE, "Peru": PERU})
    assert found == {}


def test_nothing_beside_the_pronoun_in_its_own_clause(nlp):
    found = resolve(nlp, "A Chilean official condemned it on Monday.", {"Chilean": CHILE})
    assert found == {}


def test_never_the_speaker_of_the_quotation(nlp):
    found = resolve(nlp, 'Mara Lind spoke on Monday. "She will sign the accord soon," Lind said.', {"Mara Lind": LIND, "Lind": LIND})
    assert found == {}


def test_an_indefinite_rival_blocks_the_company(nlp):
    text = "Kestrel Metals Ltd was founded in 1990. A Peruvian company bought it last year. The company plans a new smelter."
    found = resolve(nlp, text, {"Kestrel Metals Ltd": KESTREL, "Peruvian": PERU})
    assert "company" not in found


def test_the_company_that_won_is_a_new_referent(nlp):
    found = resolve(nlp, "Kestrel Metals Ltd bid for the licence. The company that won it is Swiss.", {"Kestrel Metals Ltd": KESTREL})
    assert found == {}


def test_three_equally_salient_states_are_not_the_two_countries(nlp):
    text = "Chile, Peru and Bolivia met in Lima. The two countries will meet again."
    found = resolve(nlp, text, {"Chile": CHILE, "Peru": PERU, "Bolivia": BOLIVIA})
    assert found == {}


def test_no_kingdom_without_a_formal_name_that_says_so(nlp):
    found = resolve(nlp, "Chile sold copper to Peru last year. The kingdom imports most of its copper.", {"Chile": CHILE, "Peru": PERU})
    assert "kingdom" not in found


# ---------------------------------------------------------------------- through the pipeline


def test_extractors_read_a_reference_as_a_name_and_say_so(build_texts):
    graph = build_texts("Chile and lithium\nChile is rich in lithium. The country signed a lithium agreement with Japan in May 2024.")
    deal = next(e.label for e in graph.entities if e.kind == "Agreement")
    assert ("Chile", "signs", deal) in facts(graph)
    signing = next(a for a in graph.assertions if a.predicate == "signs")
    assert signing.evidence.rule.endswith(REFERENCE_SUFFIX)
    assert signing.evidence.confidence == pytest.approx(0.9 - REFERENCE_PENALTY)


def test_a_plural_reference_feeds_every_member(build_texts):
    graph = build_texts("Cobalt pact\nToday, Chile and Peru announced they have signed a cobalt agreement.")
    deal = next(e.label for e in graph.entities if e.kind == "Agreement")
    found = facts(graph)
    assert ("Chile", "signs", deal) in found
    assert ("Peru", "signs", deal) in found


def test_a_fact_named_in_its_sentence_is_not_marked(build_texts):
    graph = build_texts("Chile and lithium\nChile signed a lithium agreement with Japan in May 2024, and its president praised it.")
    assert not any(a.evidence.rule.endswith(REFERENCE_SUFFIX) for a in graph.assertions if a.predicate == "signs")


def test_a_guessed_affiliation_stays_a_guess_through_a_reference():
    from kg.resolve.filters import _guess

    assert _guess("title-sentence-state" + REFERENCE_SUFFIX) == _guess("title-sentence-state") is not None
    assert _guess("title-affiliation" + REFERENCE_SUFFIX) is None


def test_a_court_is_never_the_company(nlp):
    text = "The Supreme Court of Chile heard the case on Monday. The company will appeal."
    found = resolve(nlp, text, {"Supreme Court of Chile": ("Organization", "Organization:supreme court of chile", None)})
    assert "company" not in found


def test_a_name_that_may_be_a_person_blocks_he_and_it(nlp):
    text = "Mara Lind spoke first. Then Kestrel replied that he would not sign."
    names = {"Mara Lind": LIND, "Kestrel": ("Organization", "Organization:kestrel", None)}
    found = resolve(nlp, text, names, maybe_person={"Organization:kestrel"})
    assert found == {}


def test_it_in_a_relative_clause_is_not_the_noun_the_clause_describes(build_texts):
    from tests.conftest import facts

    found = facts(build_texts("Mining news\nMalawi said the agreement it signed with Kestrel Graphite would create jobs."))
    assert {s for s, p, _ in found if p == "signs"} == {"Malawi", "Kestrel Graphite"}


def test_an_interview_turn_label_is_no_one_he_may_mean(build_texts):
    text = "Q: Did Norway's trade minister, Tomas Berg, attend the signing of the Fjord Cobalt Accord?\nA: He did; he signed for Norway."
    found = facts(build_texts(text))
    assert ("Tomas Berg", "signs", "Fjord Cobalt Accord") in found


def test_the_deposit_after_a_named_ore_deposit_is_that_site(build_texts):
    text = (
        "Vietnam has suspended the tender for the Nam Xe rare earth deposit. "
        "The deposit, in Son La province in the north-west, is among the largest in the country."
    )
    assert ("Nam Xe", "locatedIn", "Son La") in facts(build_texts(text))


def test_your_company_in_a_letter_to_shareholders_is_the_issuer(build_texts):
    graph = build_texts(
        "Letter to shareholders\n"
        "Orvik Manganese Limited — Annual Report 2025\n\n"
        "Dear shareholders,\n\n"
        "In 2025 your Company signed a five-year offtake agreement with Hanseong Steel for manganese ore."
    )
    assert any(s.startswith("Orvik Manganese") for s, _, _ in facts(graph, "signs"))
