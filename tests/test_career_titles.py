"""Offices said by a copula or a career verb after a name (issue 12): profiles, obituaries, interviews.

Every sentence is written for the test (invented people; real states).
"""

from __future__ import annotations

import pytest

from tests.conftest import facts

pytestmark = pytest.mark.usefixtures("nlp")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Maria Gonzalez, 54, has been Chile's mining minister since 2022.", "mining minister"),
        ("Maria Gonzalez has been Chile's Minister of Mining since 2022.", "Minister of Mining"),
        ("Maria Gonzalez served as Chile's ambassador to Japan before she joined a law firm in 2019.", "ambassador to Japan"),
    ],
)
def test_an_office_after_a_copula_or_served_as_is_held_for_its_state(build_texts, text, title):
    found = facts(build_texts(text))
    assert ("Maria Gonzalez", "holdsPosition", title) in found
    assert ("Maria Gonzalez", "represents", "Chile") in found


def test_an_age_alone_is_no_office(build_texts):
    found = facts(build_texts("Maria Gonzalez, 54, said the copper deal with Peru was good."))
    assert not any(s == "Maria Gonzalez" and p == "holdsPosition" for s, p, _ in found)


def test_an_office_then_a_comma_then_the_name(build_texts):
    found = facts(build_texts(
        "The European Union will provide grants to Zambia for copper haulage, the EU's head of delegation, Pieter van Dijk, confirmed. "
        "The deal was signed by the Managing Director of Kestrel Lithium, Ms Olivia Marsh."
    ))
    assert ("Pieter van Dijk", "holdsPosition", "head of delegation") in found
    assert ("Pieter van Dijk", "represents", "European Union") in found
    assert ("Olivia Marsh", "represents", "Kestrel Lithium") in found


def test_signed_by_an_office_a_comma_and_the_name_with_its_form_of_address(build_texts):
    found = facts(build_texts(
        "Ghana and Kestrel Lithium signed the Nkwanta Lithium Agreement on 3 March. "
        "The agreement was signed by the Minister of Lands, Hon. Kwabena Mensah, and the Managing Director of Kestrel Lithium, Ms Olivia Marsh."
    ))
    assert ("Kwabena Mensah", "signs", "Nkwanta Lithium Agreement") in found
    assert ("Olivia Marsh", "signs", "Nkwanta Lithium Agreement") in found


def test_an_office_of_a_body_named_with_its_acronym_or_described_before_its_name(build_texts):
    graph = build_texts(
        "Tin talks\n"
        "The memorandum was signed by Vice Minister of Mines Ana Ruiz and by Lee Min-ho, president of the Korea Resources "
        "Development and Mining Corporation (KORDEM), and provides for joint surveys.\n\n"
        "Jorge Paz, executive president of Bolivia's state miner Compañía Boliviana de Estaño, signed the deal."
    )
    found = facts(graph)
    assert ("Lee Min-ho", "represents", "Korea Resources Development and Mining Corporation") in found
    assert ("Jorge Paz", "represents", "Compañía Boliviana de Estaño") in found
    assert not any(e.kind == "Person" and e.label == "Corporation" for e in graph.entities)  # a body's last word is no name


def test_an_honourable_is_a_person_and_the_next_persons_office_is_not_theirs(build_texts):
    graph = build_texts(
        "Today, in Lima, the Minister of Mines of Canada, the Honourable Anne Tremblay-Okafor, and the Minister of Mining "
        "of Peru, Rosa Ugarte-Salas, signed the Canada–Peru Copper Partnership."
    )
    found = facts(graph)
    assert {e.label: e.kind for e in graph.entities}.get("Anne Tremblay-Okafor") == "Person"
    assert ("Anne Tremblay-Okafor", "signs", "Canada–Peru Copper Partnership") in found
    assert ("Anne Tremblay-Okafor", "represents", "Peru") not in found


def test_an_office_given_by_whose_and_one_clause_per_semicolon(build_texts):
    graph = build_texts(
        "Corridor deal\n"
        "Orvik Metals, whose chief executive is Hal Brody, called the move an expropriation.\n\n"
        "Signing for Angola was Domingos Neto, Minister of Mineral Resources; for Zambia, Transport Minister Mutale Banda."
    )
    found = facts(graph)
    assert ("Hal Brody", "holdsPosition", "chief executive") in found
    assert ("Hal Brody", "represents", "Orvik Metals") in found
    assert ("Domingos Neto", "represents", "Zambia") not in found  # the state of the next clause


def test_a_delegate_acts_for_the_state_that_sent_them(build_texts):
    found = facts(build_texts('"We see no need for a stockpile," said Qatar\'s delegate, Hamad Al Thani, at the meeting.'))
    assert ("Hamad Al Thani", "represents", "Qatar") in found


def test_a_judge_speaks_for_the_court_of_the_article_never_for_a_guessed_state(build_texts):
    found = facts(build_texts(
        "Bolivian court voids lithium contract\n"
        "The Supreme Court of Bolivia annulled the lithium contract with Andes Litio SA on Monday. "
        "Presiding Judge Maria Fernanda Lopez wrote that the Supreme Court had found no consultation."
    ))
    assert ("Maria Fernanda Lopez", "represents", "Supreme Court of Bolivia") in found
    assert ("Maria Fernanda Lopez", "represents", "Bolivia") not in found
