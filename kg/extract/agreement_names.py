"""Proper names of agreements, read off title-case tokens around an agreement noun.

Why apart from the mention finder: a name is a matter of surface shape, not
of syntax alone. "the Peru–Japan Memorandum of Understanding on Critical
Minerals Cooperation", "a Strategic Partnership on Sustainable Raw
Materials Value Chains", "the Andes Copper Initiative (ACI)", "the ...
Agency agreement": a run of title-case words around the noun, continued by
"of/on/for/in" and more title-case words, stopped by a place or a date ("in
Lima", "on Monday"), by a list outside a topic ("... Partnership and
Canada"), by a party list the name does not go on after ("between Chile and
Peru"). Inside a headline, which is parsed recased, the case is read from
the stored text. States and linked bodies inside a name are its parties;
the rest are the name's own words, and a name needs at least one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.extract.agreement_words import AgreementWords
from kg.extract.claims import claimable
from kg.nlp.context import DocContext, Sentence
from kg.nlp.model import CAPITAL

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Title-case words that describe a kind of agreement rather than name one.
KIND_WORDS = frozenset(
    {
        "joint", "strategic", "bilateral", "trilateral", "multilateral", "comprehensive", "mutual", "general", "interim",
        "of", "on", "for", "the", "and", "in", "action", "understanding", "agreement", "cooperation", "co-operation",
        "letter", "intent", "statement", "framework", "memorandum", "partnership", "plan", "declaration", "new", "final",
    }
)
CONNECTORS = frozenset({"of", "on", "for", "in", "and", "to", "&", "between", "with", "among", "concerning", "regarding", "the", ","})
KIND_ACRONYMS = {
    "mou": "memorandum of understanding",
    "moa": "memorandum of agreement",
    "mous": "memorandum of understanding",
    "moc": "memorandum of cooperation",
    "loi": "letter of intent",
}
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
YEAR = re.compile(r"^(?:19|20)\d\d$")


def _title(token: Token, written: str | None = None) -> bool:
    """A title-case word that can be part of a name ("Critical", "U.S.", "G7", "Canada–U.S.").

    ``written`` is the word as the stored text has it, when the parse saw it
    recased (a headline is parsed in sentence case: there every word is
    capitalised, so a verb is no name word either).
    """
    text = token.text if written is None else written
    if written is not None and token.pos_ == "VERB":
        return False
    return bool(text[:1].isupper() or (text[:1].isdigit() and any(c.isalpha() for c in text))) and token.pos_ not in ("DET", "PRON", "CCONJ", "ADP", "AUX", "PART")


TitleTest = Callable[..., bool]  # (Token) -> bool


def _title_test(ctx: DocContext, sentence: Sentence) -> TitleTest:
    """Title case as written: in a recased headline, read from the stored text."""
    if not sentence.heading:
        return _title
    shift = sentence.start - sentence.span.start_char
    text = ctx.document.text
    return lambda token: _title(token, text[shift + token.idx : shift + token.idx + len(token.text)])


def party_token(ctx: DocContext, token: Token) -> bool:
    """A token of a state or linked body: a party named inside the agreement's name (a mineral there is a name word)."""
    local = ctx.ent(token)
    return local is not None and ctx.kind(local) in ("State", "Organization") and bool(ctx.entities[local].key) and not claimable(ctx, local)


def _left_edge(ctx: DocContext, sentence: Sentence, head: Token, title: TitleTest = _title) -> int:
    doc = head.doc
    start = head.i
    j = head.i - 1
    edge = head.left_edge.i
    while edge > sentence.span.start and doc[edge - 1].lower_ in ("and", "&") and edge - 2 >= sentence.span.start and title(doc[edge - 2]) and (doc[edge - 2].head.i > edge or head.head.i == edge - 2):
        edge = min(edge - 2, doc[edge - 2].left_edge.i)  # "Hydrogen and PGM Cooperation Memorandum", "Rare Earths and Tungsten …": the parser may leave the first conjunct outside
    while j >= max(sentence.span.start, edge):
        token = doc[j]
        joint = token.text in ("-", "–", "—", "/", "&") or token.lower_ in ("and", "of", "for")
        if title(token) or (joint and j > sentence.span.start and title(doc[j - 1]) and title(doc[j + 1])):
            start = j
            j -= 1
        elif token.like_num and j == start - 1 and j > sentence.span.start and (doc[j - 1].lower_ == "the" or title(doc[j - 1])):
            start = j  # "the 100 Year Partnership", "the UK–Ukraine 100 Year Partnership": a number in the name
            if doc[j - 1].lower_ == "the":
                break
            j -= 1
        else:
            break
    # "the Canada–U.S. Joint Action Plan", "United States – Kazakhstan Memorandum": the parser may hang the parties elsewhere
    while start - 1 >= sentence.span.start:
        before = doc[start - 1]
        if (before.text in ("-", "–", "—", "/") and start - 2 >= sentence.span.start and party_token(ctx, doc[start - 2])) or (party_token(ctx, before) and title(before)):
            start -= 1
        else:
            break
    return start


def _right_edge(sentence: Sentence, head: Token, title: TitleTest = _title) -> int:
    """End of the name after the head: "of Understanding on Critical Minerals Cooperation"."""
    doc = head.doc
    end = head.i + 1
    j = end
    in_topic = False
    limit = sentence.span.end
    while j < limit:
        token = doc[j]
        lower = token.lower_
        if title(token):
            end = j + 1
        elif lower in CONNECTORS and j + 1 < limit and (title(doc[j + 1]) or (doc[j + 1].lower_ == "the" and j + 2 < limit and title(doc[j + 2]))):
            if lower in (",", "and", "&") and not in_topic:
                break  # "the Lithium Partnership and Canada", "Initial Agreement and Formation": no topic, no list
            in_topic = in_topic or lower in ("on", "for", "of", "concerning", "regarding", "in")
        elif lower == "the" and j + 1 < limit and title(doc[j + 1]) and doc[j - 1].lower_ in CONNECTORS:
            pass
        elif token.text in ("-", "–") and not doc[j - 1].whitespace_ and not token.whitespace_ and j + 1 < limit and title(doc[j + 1]):
            pass  # "… Agreement for Trans-Pacific Partnership": one word the tokenizer split at its hyphen
        else:
            break
        j += 1
    # "in Lima", "on Monday": a place or a date after the name is not part of it; nor "for Canada" who signed it
    for j in range(head.i + 1, end):
        if (doc[j].lower_ in ("in", "on", "at") or (doc[j].lower_ == "for" and doc[j + 1].ent_type_ == "KG_STATE")) and all(_place_or_time(t) for t in doc[j + 1 : end] if title(t)):
            end = j
            break
    # "between Chile and Peru" belongs to the name only when the name goes on after it ("... on Lithium")
    words = [t.lower_ for t in doc[head.i + 1 : end]]
    for cut in ("between", "with", "among"):
        if cut in words:
            at = words.index(cut)
            if not any(w in ("on", "for", "concerning", "regarding") for w in words[at + 1 :]):
                end = head.i + 1 + at
    while end > head.i + 1 and doc[end - 1].lower_ in CONNECTORS:
        end -= 1
    return end


def _place_or_time(token: Token) -> bool:
    return token.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC", "KG_CAPITAL", "KG_STATE", "CARDINAL", "ORDINAL") or token.lower_ in WEEKDAYS


def acronym_after(head: Token, end: int) -> str:
    """ "(ERGI)" or "(MoU)" right after a name."""
    doc = head.doc
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        text = doc[end + 1].text
        if 2 <= len(text) <= 10 and text[:1].isupper() and sum(c.isupper() for c in text) >= 2 and text.isalnum():
            return text
    return ""


def proper_name(ctx: DocContext, sentence: Sentence, head: Token, words: AgreementWords) -> tuple[int, int, str]:
    """(start, end, name) of a proper name around an agreement noun; name "" when there is none."""
    title = _title_test(ctx, sentence)
    start = _left_edge(ctx, sentence, head, title)
    if head.lemma_.lower() not in words.name_heads and head.lower_ not in words.name_heads:
        return start, head.i + 1, ""  # "Fund", "Deal", "Alliance" end names of other things
    if head.dep_ == "compound" or (sentence.heading and sentence.block != 0):
        return start, head.i + 1, ""  # "Contract Revision": not the head of its phrase; a section heading names no deal
    capitalised = title(head)
    end = _right_edge(sentence, head, title) if capitalised else head.i + 1
    tokens = list(head.doc[start:end])
    # a capital city names a deal as a place does ("the Nairobi Accord", "the Paris Agreement"); a state names its party
    own = [
        t for t in tokens
        if (not party_token(ctx, t) or (capitalised and t.ent_type_ == CAPITAL))
        and not YEAR.match(t.text) and t.lower_ not in KIND_WORDS and t.lemma_.lower() not in words.kinds and t.text not in ("-", "–", "—", "/")
    ]  # fmt: skip
    if not own:
        return start, end, ""
    if not capitalised and not any(t.i < head.i for t in own):
        return head.i, head.i + 1, ""
    if sentence.heading and end == head.i + 1 and (words.kind_of(head.lemma_.lower()) in ("agreement", "proposal") or len(own) < 2):
        return head.i, head.i + 1, ""  # a headline capitalises every word: "Near Rare Minerals Agreement" names nothing
    shift = sentence.start - sentence.span.start_char
    span = head.doc[start:end]
    text = ctx.document.text[shift + span.start_char : shift + span.end_char]  # as written (a headline is parsed recased)
    return start, end, re.sub(r"\s+", " ", text).strip()


def kind_phrase_of(head: Token, start: int, end: int, words: AgreementWords) -> str:
    """What kind of agreement the mention names, in words ("memorandum of understanding", "action plan")."""
    lemma = head.lemma_.lower() if head.lower_ not in KIND_ACRONYMS else head.lower_
    if lemma in KIND_ACRONYMS:
        return KIND_ACRONYMS[lemma]
    doc = head.doc
    after = [t.lower_ for t in doc[head.i + 1 : min(end + 2, len(doc))]]
    if len(after) >= 2 and after[0] == "of" and f"{lemma} of {after[1]}" in words.kinds:
        return f"{lemma} of {after[1]}"  # "memorandum of understanding", "letter of intent"
    for child in head.children:
        if child.dep_ == "compound" and child.i < head.i and child.lemma_.lower() in words.kinds and child.lemma_.lower() != lemma:
            compound = f"{child.lower_} {lemma}"
            return compound if compound in words.kinds else lemma if words.kind_of(lemma) != "agreement" else child.lemma_.lower()
        if child.dep_ in ("compound", "amod") and f"{child.lower_} {lemma}" in words.kinds:
            return f"{child.lower_} {lemma}"
    if start < head.i and f"{doc[head.i - 1].lower_} {lemma}" in words.kinds:
        return f"{doc[head.i - 1].lower_} {lemma}"
    return lemma


def is_headline(ctx: DocContext, sentence: Sentence) -> bool:
    """A heading, or the article's title line (the first block, one sentence, no final stop)."""
    if sentence.heading:
        return True
    if sentence.block != 0 or sentence.text.rstrip().endswith((".", "!", "?")):
        return False
    return sum(1 for s in ctx.sentences if s.block == 0) == 1
