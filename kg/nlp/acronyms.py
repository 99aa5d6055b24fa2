"""Bodies a text names only by an acronym the small model does not tag ("KOMIR signed", "ENAMI and Rio Tinto").

Why: state agencies and state-owned companies are often written in
capitals only (KOMIR, ENAMI, JOGMEC); the statistical NER tags many of them
ORG but misses those it has not seen, and then the deal they sign has one
party. An unknown all-capitals word that acts in its clause (a subject, an
item of a list beside a body, the "with"/"between"/"by" side of a deal, an
owner) is read as a body. Known names are the lexicon's; common capitalised
abbreviations (units, currencies, offices, deal kinds) are no bodies.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.lexicon.tables import Lexicon
from kg.nlp.kinds import CLOCK_LABELS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Capitalised abbreviations that name no body: offices, units, currencies, deal kinds, economics and news words.
NOT_BODIES = frozenset(
    {
        "CEO", "CFO", "COO", "CTO", "MD", "MP", "MEP", "PM", "VP", "GDP", "GNP", "FDI", "IPO", "ESG", "EV", "EVS", "LNG", "LCE",
        "MHP", "NPI", "REE", "REES", "HREE", "LREE", "PGM", "PGMS", "NDPR", "SPV", "JV", "MOU", "MOUS", "MOA", "LOI", "FTA", "USD",
        "EUR", "GBP", "CNY", "JPY", "AUD", "CAD", "ZAR", "TONNES", "MT", "KT", "GW", "MW", "GWH", "KM", "KG", "MTPA", "KTPA", "TPA",
        "NEWS", "UPDATE", "BREAKING", "NOTE", "EDITOR", "OK", "TV", "FAQ", "PDF", "AI", "II", "III", "IV", "VI", "VII", "VIII",
        "IX", "XI", "XII", "AND", "THE", "FOR", "NOT", "ALL", "NEW", "USA", "UK", "EU", "UAE", "DRC", "PRC", "ROK", "COP", "OPEC",
    }
)
#: Prepositions whose object is a side or an actor: "a deal with KOMIR", "signed by ENAMI".
SIDE_PREPS = frozenset({"with", "between", "by", "from", "among"})


def _acts(token: Token) -> bool:
    """The word acts in its clause: a subject, a possessor, a deal's side, or an item listed with a subject."""
    if token.dep_ in ("nsubj", "nsubjpass", "poss"):
        return True
    if token.dep_ == "pobj" and token.head.lower_ in SIDE_PREPS:
        return True
    if token.dep_ == "conj":
        first = token.head
        while first.dep_ in ("conj", "appos"):
            first = first.head  # "Peru's state miner Cobra SA and KAMERO signed": the list hangs on the subject's apposition
        return first.dep_ in ("nsubj", "nsubjpass") or (first.dep_ == "pobj" and first.head.lower_ in SIDE_PREPS)
    return False


def acronym_bodies(doc: Doc, lexicon: Lexicon, heading: bool) -> Iterator[tuple[int, int, str]]:
    """Spans of unknown all-capitals words (3 to 8 letters) that act in their clause, as organisations."""
    if heading or sum(1 for t in doc if t.is_alpha and t.is_upper) * 2 > sum(1 for t in doc if t.is_alpha):
        return  # a headline or a line in capitals ("MINISTER FOR TRADE:"): capitals say nothing there
    for token in doc:
        text = token.text
        if not (3 <= len(text) <= 8 and text.isalpha() and text.isupper()) or text in NOT_BODIES or text in CLOCK_LABELS:
            continue
        if token.ent_type_ not in ("", "ORG") or token.pos_ not in ("PROPN", "NOUN") or lexicon.lookup(text, ("name", "demonym", "capital")) is not None:
            continue
        if _acts(token):
            yield token.i, token.i + 1, "Organization"
