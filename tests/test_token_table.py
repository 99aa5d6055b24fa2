"""The token table's columns and the fast lemmatizer give spaCy's own values (speed12: both read Doc arrays, not Tokens)."""

from __future__ import annotations

from kg.nlp.token_table import TokenTable

TEXTS = (
    "Ortega Mining S.A. hoped the memoranda would be relaunched; the miners were waging talks in Kyiv on March 28.",
    "UKRAINE, U.S. SIGN MINERALS DEAL",
    "He said: \"It isn't over.\" The minister, Anna Baker, didn't sign it in 2025 (or 2026).",
    "",
)


def test_columns_equal_token_attributes(nlp) -> None:
    for doc in nlp.pipe(TEXTS):
        table = TokenTable(doc)
        assert table.text == tuple(t.text for t in doc)
        assert table.lower == tuple(t.lower_ for t in doc)
        assert table.lemma == tuple(t.lemma_ for t in doc)
        assert table.pos == tuple(t.pos_ for t in doc)
        assert table.tag == tuple(t.tag_ for t in doc)
        assert table.dep == tuple(t.dep_ for t in doc)
        assert table.head == tuple(t.head.i for t in doc)
        assert table.ent_type == tuple(t.ent_type_ for t in doc)
        assert table.ent_iob == tuple(t.ent_iob_ for t in doc)
        assert table.sent_start == tuple(t.is_sent_start for t in doc)
        assert table.is_alpha == tuple(t.is_alpha for t in doc)
        assert table.is_stop == tuple(t.is_stop for t in doc)


def test_unparsed_doc_has_no_sentence_starts(nlp) -> None:
    doc = nlp.make_doc("No parse here.")
    assert TokenTable(doc).sent_start == tuple(t.is_sent_start for t in doc)


def test_fast_lemmatizer_matches_spacy(nlp) -> None:
    """The lemmatizer's column pass writes what spaCy's own loop writes, corrections included."""
    lemmatizer = nlp.get_pipe("lemmatizer")
    spacy_class = type(lemmatizer).__mro__[1]
    for text in TEXTS:
        fast = nlp(text)
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            if name == "lemmatizer":
                spacy_class.__call__(proc, doc)
            else:
                doc = proc(doc)
        assert [t.lemma_ for t in fast] == [t.lemma_ for t in doc]
    assert [t.lemma_ for t in nlp("They hoped to relaunch the memoranda.")][1] == "hope"
