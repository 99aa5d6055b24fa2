from kg.lexicon.names import compatible_given, one_edit_apart, person_key, surname, translit_key


def test_transliteration_variants_share_a_key():
    assert translit_key("Zelenskyy") == translit_key("Zelenskiy") == translit_key("Zelensky")
    assert translit_key("Yulia") == translit_key("Yuliia")
    assert translit_key("Andrii") == translit_key("Andriy")
    assert translit_key("Kseniya") == translit_key("Kseniia")
    assert translit_key("Tokayev") == translit_key("Tokaev")
    assert translit_key("Tokayev") != translit_key("Tokarev")


def test_surname_keeps_particles_and_drops_suffixes():
    assert surname("Ursula von der Leyen") == "von der Leyen"
    assert surname("Martin Luther King Jr.") == "King"
    assert person_key("Mr Kassym-Jomart Tokayev") == person_key("Tokayev")


def test_one_edit_apart():
    assert one_edit_apart("besent", "basent")
    assert one_edit_apart("lula", "lulla")
    assert not one_edit_apart("modi", "modi")
    assert not one_edit_apart("albanese", "albania")


def test_given_names_compatibility():
    assert compatible_given("Yulia", "Yuliia")
    assert compatible_given("J.", "Joe")
    assert compatible_given("", "Anthony")
    assert not compatible_given("Anthony", "Penny")


def test_another_states_possessive_unlinks_a_national_body(build_texts):
    graph = build_texts("Peru's Treasury offered a cobalt royalty deal to Andes Copperworks on Monday.")
    labels = {entity.label for entity in graph.entities}
    assert "U.S. Treasury" not in labels and "Treasury" in labels


def test_an_organisation_named_after_a_state_after_the_word_the(build_texts):
    graph = build_texts("Minerals diplomacy\nUnder the pact, the Japan International Cooperation Agency will lend to Peru.")
    labels = {e.label for e in graph.entities if e.kind == "Organization"}
    assert "Japan International Cooperation Agency" in labels
    assert not any(label.startswith("the ") for label in labels)


def test_a_bare_senate_in_an_article_that_never_names_the_united_states_is_not_the_us_senate(build_texts):
    abroad = build_texts("Nickel\nChile signed a copper memorandum with Japan. The Senate will review the memorandum next month.")
    assert not any(e.label == "U.S. Senate" for e in abroad.entities)
    home = build_texts("Nickel\nThe United States signed a copper memorandum with Japan. The Senate will review the memorandum next month.")
    assert any(e.label == "U.S. Senate" for e in home.entities)
