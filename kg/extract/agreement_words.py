"""The agreement vocabulary of kg/lexicon/data/relations.json, checked once when first used.

Why apart: the mention finder, the identity rules and the labels all need
the same words (which nouns are agreements, of which kind, which words say
"another one"), and rules are data that must fail loudly, with the file and
the key, when an edit breaks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.lexicon.tables import Lexicon, LexiconError

FILE = "kg/lexicon/data/relations.json"


@dataclass(frozen=True)
class AgreementWords:
    """Words that make, type and tell apart agreement mentions."""

    nouns: frozenset[str]  # every agreement noun (lemma or lower-case form)
    weak: frozenset[str]  # nouns that are a deal only in a deal's context ("plan", "document")
    kinds: dict[str, str]  # word or phrase -> kind family
    name_heads: frozenset[str]  # nouns that can end a proper name ("... Partnership")
    noun_only: frozenset[str]  # never verbs: a parse that tags "memorandum" VERB is wrong, the mention stands
    distinct: frozenset[str]  # "similar", "separate", ...: another agreement
    versions: frozenset[str]  # cues that give a draft another version, not another deal
    link_verbs: frozenset[str]  # "a memorandum establishing a partnership": one agreement
    of_nouns: dict[str, frozenset[str]]  # "letter" is a deal only as "letter of intent"
    naming_verbs: frozenset[str]  # "an arrangement, which it calls the X Compact": the name of the deal just mentioned
    topic_verbs: frozenset[str]  # "an accord focused on / covering / giving access to ...": what it is about
    other_topics: frozenset[str]
    transaction_topics: frozenset[str]  # "a takeover offer": no deal as an offer's or a proposal's topic; "a share purchase agreement" is one
    mineral_words: frozenset[str]
    counter: frozenset[str]

    def kind_of(self, word: str) -> str:
        """Kind family of an agreement noun or phrase ("MoU" -> "memorandum"); "agreement" when unknown."""
        return self.kinds.get(word.lower(), "agreement")


def _words(table: dict[str, Any], key: str) -> frozenset[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"{FILE}: {key!r} must be a list of non-empty strings")
    return frozenset(v.lower() for v in value)


def _make(lexicon: Lexicon) -> AgreementWords:
    table = lexicon.relations
    raw_kinds = table.get("agreement_kinds", {})
    if not isinstance(raw_kinds, dict):
        raise LexiconError(f"{FILE}: 'agreement_kinds' must map a kind to a list of words")
    kinds: dict[str, str] = {}
    for family in raw_kinds:
        if family.startswith("_"):
            continue
        for word in _words(raw_kinds, family):
            if word in kinds:
                raise LexiconError(f"{FILE}: agreement_kinds: {word!r} is listed under {kinds[word]!r} and {family!r}")
            kinds[word] = family
    nouns = _words(table, "agreement_nouns")
    raw_of = table.get("agreement_of_nouns", {})
    if not isinstance(raw_of, dict):
        raise LexiconError(f"{FILE}: 'agreement_of_nouns' must map a noun to the words after its 'of'")
    of_nouns = {noun.lower(): _words(raw_of, noun) for noun in raw_of if not noun.startswith("_")}
    heads = _words(table, "agreement_name_heads")
    if not heads <= set(kinds):
        raise LexiconError(f"{FILE}: agreement_name_heads without a kind in agreement_kinds: {sorted(heads - set(kinds))}")
    return AgreementWords(
        nouns=nouns | {w for w in kinds if " " not in w} | set(of_nouns),
        of_nouns=of_nouns,
        weak=_words(table, "agreement_weak_nouns"),
        kinds=kinds,
        name_heads=heads,
        noun_only=_words(table, "agreement_noun_only"),
        distinct=_words(table, "agreement_distinct_cues"),
        versions=_words(table, "agreement_version_cues"),
        link_verbs=_words(table, "agreement_link_verbs"),
        naming_verbs=_words(table, "agreement_naming_verbs"),
        topic_verbs=_words(table, "agreement_topic_verbs"),
        other_topics=_words(table, "agreement_other_topics"),
        transaction_topics=_words(table, "agreement_transaction_topics"),
        mineral_words=_words(table, "mineral_topic_words"),
        counter=_words(table, "counter_nouns"),
    )


def agreement_words(lexicon: Lexicon) -> AgreementWords:
    """The checked vocabulary (made once per lexicon)."""
    return lexicon.derived("agreement-words", _make)
