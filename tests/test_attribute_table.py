"""kg's table-driven attribute-ruler matching gives spaCy's own matches, so the same annotations."""

from __future__ import annotations

from pathlib import Path

from kg.nlp.attribute_table import TableMatcher

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ODD_TEXTS = [
    "Don't, can't and won't: y'all ain't gonna say 'cause, ma'am, at 5 o'clock.",
    "   \n\t  ",
    "U.S.-Ukraine deal — 50% of revenues?! (Reuters) #minerals @kyiv",
    "ЗЕЛЕНСЬКИЙ підписав угоду 北京 🙂",
]


def _texts() -> list[str]:
    from kg.nlp.blocks import iter_blocks
    from kg.read.inputs import read_inputs

    return [text for document in read_inputs([SEEDS]) for _, text in iter_blocks(document.text)] + ODD_TEXTS


def test_the_table_finds_what_spacys_matcher_finds(nlp):
    from spacy.pipeline import AttributeRuler

    ruler = nlp.get_pipe("attribute_ruler")
    table = TableMatcher(ruler)
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(nlp.pipe(_texts()))
    assert len(docs) > 100
    for doc in docs:
        assert table.match(doc) == sorted(set(AttributeRuler.match(ruler, doc))), doc.text


def test_the_pipeline_annotates_every_token_as_spacy_does(nlp):
    import spacy

    from kg.nlp.model import _split_hyphenated_names, model_name

    plain = spacy.load(model_name(None), exclude=["senter"])  # spaCy's own attribute ruler
    _split_hyphenated_names(plain)  # kg's tokenizer, so the tokens line up
    texts = _texts()
    with nlp.select_pipes(enable=plain.pipe_names):
        ours = list(nlp.pipe(texts))
    for theirs, doc in zip(plain.pipe(texts), ours, strict=True):
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in doc] == [
            (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in theirs
        ], doc.text


def test_rules_of_every_shape_match_as_in_spacy():
    """Single-token equality rules go to the table; anything else keeps a Matcher, and the union is spaCy's."""
    import spacy
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    rules = [
        [{"ORTH": "Kyiv"}],  # table
        [{"LOWER": {"IN": ["deal", "pact"]}}],  # table, a set of values
        [{"IS_SPACE": True}],  # table, a flag
        [{"LOWER": "minerals", "ORTH": "Minerals"}],  # table, two tests
        [{"LOWER": "rare"}, {"LOWER": "earth"}],  # two tokens: filed under the first one's word
        [{"LOWER": {"REGEX": "^lith"}}],  # a regular expression: tried on every token
        [{"LENGTH": 4}],  # an attribute the table does not read: a Matcher
        [{"NORM": {"NOT_IN": ["on", ""]}, "LOWER": {"IN": ["a", "on", "and"]}}],  # NOT_IN, filed under the IN test
        [{"LOWER": {"REGEX": "^ear"}}, {"ORTH": "Minerals"}],  # a regular expression first, then a word
        [{"IS_SPACE": True}, {"LOWER": {"NOT_IN": ["deal"]}}],  # a flag, then NOT_IN
        [{"LOWER": "signs"}, {"OP": "?"}],  # an operator: a Matcher
        [{"ORTH": "pact"}, {"ORTH": "Kyiv"}],  # runs past the last token: never matches
    ]
    for number, pattern in enumerate(rules):
        ruler.add([pattern], {"NORM": f"rule-{number}"}, index=0)
    table = TableMatcher(ruler)
    doc = Doc(nlp.vocab, words=["Kyiv", "signs", "a", "Deal", "on", "rare", "earth", "Minerals", "and", "lithium", " ", "pact"])
    expected = sorted(set(AttributeRuler.match(ruler, doc)))
    assert table.match(doc) == expected
    assert {rule for rule, *_ in expected} == set(range(len(rules))) - {len(rules) - 1}  # every kind of rule fired


def test_kgs_pipeline_uses_the_table(nlp):
    assert isinstance(getattr(nlp.get_pipe("attribute_ruler").match, "__self__", None), TableMatcher)
