"""Finding agreement mentions in a parsed sentence, as the world writes them.

Why: deals are named in many shapes and the small model tags them ORG,
PERSON or nothing; names are read off the tokens by
:mod:`kg.extract.agreement_names`, and the words of a name the NER gave to
an unlinked organisation, person or place become the agreement's (see
:func:`kg.extract.claims.claim_tokens`).

A nameless mention ("the memorandum", "a similar deal") is found by its noun
and kept only when it is about minerals or in a deal's context. Each mention
carries what :mod:`kg.extract.agreement_identity` needs to tell deals apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.agents import clause_agents, entities_of, with_partners
from kg.extract.agreement_identity import Reference
from kg.extract.agreement_names import KIND_ACRONYMS, YEAR, acronym_after, is_headline, kind_phrase_of, party_token, proper_name
from kg.extract.agreement_words import AgreementWords
from kg.extract.base import bulleted, governing_lemmas, lemma_set, negated
from kg.extract.claims import claimable
from kg.extract.deal_phrases import names_a_body, partnered, phrase_heads, relative_signers
from kg.extract.deal_topics import DEFINITE, PROPOSAL_NOUNS, TOPIC_PREPS, keep_unnamed, mineral_topic, topic_tokens
from kg.extract.plural_deals import dated_list_items
from kg.extract.triggers import FRAME_PREPS, MEDIATING_VERBS, OBJECT_ONLY_VERBS, particle_ok, phrasal_predicate
from kg.lexicon.tables import normalise
from kg.nlp.context import DocContext, Sentence
from kg.nlp.model import CAPITAL
from kg.nlp.token_table import tokens_where

if TYPE_CHECKING:
    from spacy.tokens import Token

PARTY_PREPS = ("between", "with", "among")
#: Deals whose "of" names their members: "a partnership of Norway, Iceland and Canada" (not "a memorandum of understanding").
MEMBERSHIP_DEALS = frozenset({"partnership", "alliance", "coalition", "club", "grouping"})
SIDE_KINDS = ("State", "Organization")
NOMINAL_DEPS = frozenset({"dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos", "conj"})
#: "the one the US signed with Japan": the word that may stand for a deal named before it (:func:`_the_one_signed`).
ONE = frozenset({"one", "ones"})


@dataclass(frozen=True)
class AgreementMention:
    """An agreement mention of one sentence: where it is, what it is called, what identity needs."""

    sentence: int  # index into DocContext.sentences
    head: int  # token index of the agreement noun in the block's Doc
    start: int  # token span of the name (the head alone when unnamed)
    end: int
    name: str  # the proper name as written, "" when the text gives none
    kind_phrase: str  # "memorandum of understanding", "partnership", "agreement"
    mineral_topic: bool
    reference: Reference


def stated_parties(ctx: DocContext, sentence: Sentence, token: Token) -> set[str]:
    """States and organisations the noun phrase names as the agreement's parties."""
    parties: set[str] = set()
    for child in (c for head in phrase_heads(token) for c in head.children):
        if child.i < token.i and child.dep_ in ("compound", "amod", "nmod", "poss"):
            left = child.left_edge.i
            first = ctx.ent(child.doc[left - 2]) if child.dep_ == "poss" and left >= 2 and child.doc[left - 1].lower_ == "and" else None
            if first and ctx.kind(first) in SIDE_KINDS and not ctx.entities[first].maybe_person:
                parties.add(first)  # "Germany and Chile's lithium partnership", whatever the parser made of "Germany and"
            for item in child.subtree:
                if item.ent_type_ == CAPITAL and token.text[:1].isupper():
                    continue  # "the Nairobi Accord" is named after a city; "a Nairobi-Tokyo deal" is the two governments'
                for local in ctx.ents(item):  # "their partnership": every member of the pair "their" stands for
                    if ctx.kind(local) in SIDE_KINDS and not ctx.entities[local].maybe_person:
                        parties.add(local)
        members = child.lower_ == "of" and token.lemma_.lower() in MEMBERSHIP_DEALS
        if child.dep_ == "prep" and (child.lower_ in PARTY_PREPS or members or (child.lower_ in ("by", "from") and token.lemma_.lower() in PROPOSAL_NOUNS)):
            # "an agreement between X and Y", "a proposal by the EU"
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                parties.update(entities_of(ctx, sentence, pobj, SIDE_KINDS))
        if child.dep_ == "prep" and child.lower_ in TOPIC_PREPS:
            # "a memorandum on mining cooperation between the two countries": the parser hangs "between" on the topic
            for topic in (g for g in child.children if g.dep_ == "pobj"):
                for prep in (c for c in topic.children if c.dep_ == "prep" and c.lower_ in ("between", "among")):
                    for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                        parties.update(entities_of(ctx, sentence, pobj, SIDE_KINDS))
    # "talks with the United States on a memorandum": the sides of the talks are the deal's
    holder = token.head.head if token.dep_ == "pobj" and token.head.lower_ in ("on", "over", "for", "about") else None
    if holder is not None and holder.lemma_.lower() in lemma_set(ctx, "negotiates", "nouns"):
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in PARTY_PREPS:
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    parties.update(entities_of(ctx, sentence, pobj, SIDE_KINDS))
        # "Chile and Bolivia held talks on ...", "Peru is in talks with Canada over ..."
        verb = holder.head.head if holder.dep_ == "pobj" and holder.head.lower_ == "in" else holder.head if holder.dep_ == "dobj" else None
        if verb is not None and verb.pos_ in ("VERB", "AUX") and not negated(verb):
            parties.update(clause_agents(ctx, sentence, verb, SIDE_KINDS))
    return {p for p in parties if ctx.kind(p) in SIDE_KINDS and not ctx.entities[p].maybe_person}


def noun_read_as_verb(token: Token) -> bool:
    """ "a separate rare earths deal" parsed as a clause "earths deal" (or "earths" with a relative "pact").

    The small model reads the last noun of a compound as a verb when it can
    be one (deal, pact, plan, offer); the noun phrase just before, with its
    article, is then its subject or its head.
    """
    if token.pos_ != "VERB" or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    linked = (before.head.i == token.i and before.dep_ == "nsubj") or (token.head.i == before.i and token.dep_ in ("acl", "relcl"))
    return linked and before.pos_ == "NOUN" and any(c.dep_ == "det" for c in before.children)


def _headline_noun(ctx: DocContext, sentence: Sentence, token: Token) -> bool:
    """ "Zambia signs cobalt deal with Emirati firm": in a headline, a deal word after an ore is a noun, whatever the tag."""
    if token.pos_ != "VERB" or token.i == sentence.span.start or not is_headline(ctx, sentence):
        return False
    return ctx.kind(ctx.ent(token.doc[token.i - 1])) == "Mineral"


def _owned(token: Token) -> bool:
    """A proposal with an owner phrase: "a proposal by mining companies", "an offer from investors", "a Chinese offer"."""
    return any((c.dep_ == "prep" and c.lower_ in ("by", "from")) or c.dep_ == "poss" or (c.dep_ == "amod" and c.text[:1].isupper()) for c in token.children)


def _named_parties(ctx: DocContext, head: Token, start: int) -> set[str]:
    """Parties named inside the name before its head: "the Australia–India ... Partnership"."""
    return {lid for t in head.doc[start : head.i] if party_token(ctx, t) and t.ent_type_ != CAPITAL and (lid := ctx.ent(t))}  # not "the Nairobi Accord"


def _signers(ctx: DocContext, sentence: Sentence, token: Token) -> set[str]:
    """States and bodies that sign, propose or negotiate the mention in its clause ("Peru and Chile signed a memorandum"): its parties."""
    verb = token.head
    if token.dep_ == "pobj" and verb.lower_ in FRAME_PREPS:
        return set()  # "Under the plan, Codelco will negotiate partnerships": the plan frames the clause, Codelco is no side of it
    if token.dep_ == "pobj" and verb.pos_ == "ADP":
        verb = verb.head
    actions = lemma_set(ctx, "signs", "verbs") | lemma_set(ctx, "proposes", "verbs") | lemma_set(ctx, "negotiates", "verbs")
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in actions or not particle_ok(verb) or token.dep_ not in ("dobj", "nsubjpass", "pobj"):
        return set()
    if phrasal_predicate(verb):
        return set()  # "the court struck down the contract": a rejection, whatever "strike" alone means
    if verb.lemma_.lower() in MEDIATING_VERBS:
        return set()  # a go-between is no party
    if verb.lemma_.lower() in OBJECT_ONLY_VERBS and token.dep_ == "pobj":
        return set()  # "Under the deal, A will set up a joint venture", "sought investors for the deal"
    if negated(verb) or any(c.dep_ == "aux" and c.lower_ in ("could", "might", "may", "would") for c in verb.children):
        return set()
    if set(governing_lemmas(verb)) & {"refuse", "decline", "reject"}:
        return set()  # "refused to sign the charter": no side of it
    partners = with_partners(ctx, sentence, verb, SIDE_KINDS) if token.dep_ == "dobj" else []  # "proposed a joint venture in X with B": "with" hung on the verb
    return {a for a in [*clause_agents(ctx, sentence, verb, SIDE_KINDS), *partners] if not ctx.entities[a].maybe_person}


def _modifiers(token: Token) -> list[Token]:
    """The noun's own modifiers; for a noun read as a verb ("earths deal"), those of the words before it too."""
    children = list(token.children)
    if noun_read_as_verb(token):
        before = token.doc[token.i - 1]
        children += [before, *before.children]
    return children


def _definite(token: Token, named: bool, heading: bool) -> bool:
    if named or heading:
        return True  # a name refers; a headline drops its articles ("US, Peru sign minerals deal")
    return any((c.dep_ == "det" and c.lower_ in DEFINITE) or c.dep_ == "poss" for c in _modifiers(token) if c.i < token.i)


#: Verbs whose object is an earlier deal than their subject: "It replaces a 2015 agreement", "builds on the accord of 2010".
REPLACING_VERBS = frozenset({"replace", "supersede", "succeed", "build", "update", "modernise", "modernize", "overhaul"})


def _replaced(token: Token) -> bool:
    """The object of a replacing verb: another, older deal than the one that replaces it."""
    if token.dep_ == "pobj" and token.head.lower_ in ("on", "upon"):
        token = token.head
    return token.dep_ in ("dobj", "prep") and token.head.lemma_.lower() in REPLACING_VERBS


def _distinct(token: Token, definite: bool, kind: str, words: AgreementWords) -> bool:
    if _replaced(token):
        return True
    modifiers = [c for c in _modifiers(token) if c.i < token.i]
    cues = {c.lower_ for c in modifiers if c.dep_ in ("amod", "det", "advmod", "compound", "nummod")}
    if any(c.dep_ == "det" and c.lower_ == "another" for c in modifiers):
        return True
    if kind == "proposal":
        cues -= words.versions  # "the revised draft" is the deal's next draft
    if definite:
        cues -= {"new"}  # "the new agreement" is the one just signed
    return bool(cues & words.distinct)


#: Words before a deal's head that any deal of the kind may carry: they neither describe another deal nor tell two apart.
PLAIN_DESCRIPTIONS = frozenset({"cooperation", "partnership", "supply", "chain", "chains", "investment", "mining", "resource", "resources", "material", "materials", "security", "value", "framework"})


def _description(ctx: DocContext, token: Token, words: AgreementWords) -> frozenset[str]:
    """ "a tin marketing agreement", "a water-use accord": nouns of its own before the head, not a mineral or a topic word."""
    return frozenset(
        c.lower_
        for c in _modifiers(token)
        if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < token.i and ctx.ent(c) is None
        and c.lemma_.lower() not in words.mineral_words and c.lower_ not in words.mineral_words and c.lower_ not in words.kinds
    )


def _described(ctx: DocContext, token: Token, words: AgreementWords) -> bool:
    return bool(_description(ctx, token, words))


def _year(token: Token) -> str:
    for child in _modifiers(token):
        if child.i < token.i and YEAR.match(child.text):
            return child.text
    return ""


def _skip(ctx: DocContext, token: Token, words: AgreementWords) -> bool:
    """Not an agreement mention of its own: "framework" in "framework agreement", "Understanding" in "Memorandum of Understanding"."""
    lemma = token.lemma_.lower()
    if lemma == "venture" and (not any(c.lower_ == "joint" for c in token.children) or not partnered(ctx, token) or names_a_body(ctx, token)):
        return True  # "its joint venture with B" is a contract; "a new venture", "a joint venture between A and B" (a company), "Sicomex, a joint venture" are none
    if token.lower_ == "offtake" and token.is_upper:
        return True  # "VANADIUM OFFTAKE WITH SAUDI PARTNER": a capitals headline's noun, read as the deal it announces only by name
    if lemma in words.of_nouns:
        after = token.doc[token.i + 1 : token.i + 3]
        if len(after) < 2 or after[0].lower_ != "of" or after[1].lower_ not in words.of_nouns[lemma]:
            return True  # "a letter to the minister" is no deal; "a letter of intent" is
    if lemma in words.counter or token.lower_.startswith("counter"):
        return True
    if lemma == "initiative" and token.dep_ == "pobj" and token.head.lower_ in ("at", "on") and any(c.dep_ == "poss" for c in token.children):
        return True  # "At Indonesia's initiative, ...": who proposed something, not a deal
    if token.dep_ == "compound" and (token.head.lemma_.lower() in words.nouns or token.head.lower_ in words.nouns):
        return True
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in words.nouns and not any(c.dep_ == "det" for c in token.children):
        return True  # "Memorandum of Understanding", "Memorandum of Agreement"; not "a draft of the Lima Accord"
    if lemma in ("draft", "text", "version", "copy", "term", "terms", "detail", "details") and any(
        g.lemma_.lower() in words.nouns and any(c.dep_ == "det" for c in g.children)
        for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"
    ):
        return True  # "a draft of the accord": the accord itself
    local = ctx.ent(token)
    return local is not None and ctx.kind(local) != "Agreement" and not claimable(ctx, local)


def governed_by_trigger(ctx: DocContext, token: Token) -> bool:
    """The noun is the object of a sign/propose/reject/negotiate verb ("signed the document")."""
    triggers: set[str] = set()
    for section in ("signs", "proposes", "rejects", "negotiates", "membership"):
        triggers |= lemma_set(ctx, section, "verbs")
    if token.head.lemma_ in triggers and token.dep_ in ("dobj", "nsubjpass", "pobj", "attr"):
        return True
    if token.dep_ == "pobj" and token.head.head.lemma_ in triggers:
        return True
    return any(c.dep_ in ("acl", "relcl") and c.lemma_ in triggers for c in token.children)


def _listed_partners(ctx: DocContext, token: Token) -> bool:
    """ "signed minerals agreements with Zambia and Angola": two sides or more "with" the plural noun or its verb (kg.extract.plural_deals)."""
    holders = [token, token.head] if token.dep_ in ("dobj", "nsubjpass") else [token]
    preps = [c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "with"]
    listed = {lid for c in preps for t in c.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) in SIDE_KINDS}
    return len(listed | {lid for c in preps for lid in dated_list_items(ctx, c)}) >= 2


def _the_one_signed(ctx: DocContext, sentence: Sentence, token: Token, before: AgreementMention) -> AgreementMention | None:
    """ "a trade deal similar to the one the US signed with Japan": "one" is another deal of the kind named before it, its signers' own."""
    if token.lower_ not in ONE or before.reference.name:
        return None
    verbs = [c for c in token.children if c.dep_ == "relcl" and c.lemma_.lower() in lemma_set(ctx, "signs", "verbs") and not negated(c)]
    if not verbs:
        return None
    sides = [a for a in clause_agents(ctx, sentence, verbs[0], SIDE_KINDS) if not ctx.entities[a].maybe_person]
    sides += with_partners(ctx, sentence, verbs[0], SIDE_KINDS)
    if not sides:
        return None
    reference = Reference(**{**before.reference.__dict__, "position": sentence.index * 100_000 + token.i, "definite": False, "distinct": True, "parties": frozenset(sides), "link": None})
    return AgreementMention(sentence.index, token.i, token.i, token.i + 1, "", before.kind_phrase, before.mineral_topic, reference)


def sentence_mentions(ctx: DocContext, sentence: Sentence, words: AgreementWords) -> list[AgreementMention]:
    """The agreement mentions of one sentence, in text order (one per name)."""
    found: list[AgreementMention] = []
    covered: set[int] = set()
    # from the table: only a deal word (or "one", below) starts a mention, and never inside one found
    for token in tokens_where(sentence.span, lambda t, i: i not in covered and (t.lemma_lower[i] in words.nouns or t.lower[i] in words.nouns or t.lower[i] in ONE)):
        lemma = token.lemma_.lower()
        if found and (one := _the_one_signed(ctx, sentence, token, found[-1])) is not None:
            found.append(one)
            continue
        if lemma not in words.nouns and token.lower_ not in words.nouns:
            continue  # only a deal word starts a mention; the tests below read the parse around it
        # "a rare earths deal" tagged VERB is still a noun phrase: an article or a nominal role says so
        nominal = token.pos_ in ("NOUN", "PROPN") or token.lower_ in words.noun_only or (
            token.dep_ in NOMINAL_DEPS and any(c.dep_ == "det" for c in token.children)
        ) or noun_read_as_verb(token) or _headline_noun(ctx, sentence, token)
        if not nominal or _skip(ctx, token, words):
            continue
        start, end, name = proper_name(ctx, sentence, token, words)
        if not name and token.tag_ in ("NNS", "NNPS") and lemma not in ("term", "terms") and not _listed_partners(ctx, token):
            continue  # "resource partnerships", "mining contracts": a class of deals (with a list of partners, one each)
        if not name and token.text[:1].isupper() and lemma not in words.name_heads and start < token.i and not sentence.heading:
            continue  # "the Global Battery Alliance", "the Green Deal": the name of something else
        kind_phrase = kind_phrase_of(token, start, end, words)
        if kind_phrase.startswith("memorandum of ") and end == token.i + 1:
            end = token.i + 3  # "a memorandum of agreement (MOA)": the phrase, then its short form
        kind = words.kind_of(kind_phrase) if kind_phrase in words.kinds else words.kind_of(lemma)
        mineral = mineral_topic(ctx, token, words)
        if not name and not keep_unnamed(ctx, token, words, mineral, governed_by_trigger(ctx, token)):
            continue
        covered.update(range(start, end))
        inside = {ctx.ent(t) for t in token.doc[start:end]}
        headline = is_headline(ctx, sentence)
        definite = _definite(token, bool(name), headline)
        acronym = acronym_after(token, end)
        if acronym:
            end += 3  # "(MoU)", "(ERGI)": part of the same mention
            covered.update(range(start, end))
        short = acronym.lower() if acronym.lower() in KIND_ACRONYMS else ""
        if short or not name:
            acronym = ""
        reference = Reference(
            position=sentence.index * 100_000 + token.i,
            sentence=sentence.index,
            name=normalise(name) if name else "",
            kind=kind,
            head=token.lower_ if token.lower_ in KIND_ACRONYMS else lemma,
            definite=definite,
            distinct=_distinct(token, definite, kind, words),
            year=_year(token),
            # who acts on "the agreement" may be joining the deal before, not telling it apart ("Jordan is expected to sign the agreement")
            parties=frozenset(p for p in stated_parties(ctx, sentence, token) | (relative_signers(ctx, sentence, token) if definite and not name else _signers(ctx, sentence, token)) | _named_parties(ctx, token, start) if not (claimable(ctx, p) and p in inside)),
            acronym=normalise(acronym) if acronym else "",
            short=short,
            headline=headline,
            owned=kind == "proposal" and _owned(token),
            minerals=frozenset(lid for t in topic_tokens(token, words.topic_verbs) if (lid := ctx.ent(t)) and ctx.kind(lid) == "Mineral"),
            described=_described(ctx, token, words),
            description=frozenset() if name else _description(ctx, token, words) - PLAIN_DESCRIPTIONS,
            pointed=not name and any(c.dep_ == "det" and c.lower_ == "that" for c in token.children),
            item=sentence.block if bulleted(ctx, sentence) else -1,
        )
        found.append(AgreementMention(sentence.index, token.i, start, end, name, kind_phrase, mineral, reference))
    return found


def acronym_mentions(ctx: DocContext, mentions: list[AgreementMention]) -> list[AgreementMention]:
    """Later uses of a named agreement's acronym ("ERGI partner countries")."""
    acronyms = {m.reference.acronym: m for m in mentions if m.reference.acronym}
    acronyms.update({initials: m for m in mentions if m.name and len(initials := _initials(m.name)) >= 3 and initials not in acronyms})
    if not acronyms:
        return []
    taken = {(m.sentence, i) for m in mentions for i in range(m.start, m.end + 3)}
    found = []
    for sentence in ctx.sentences:
        for token in sentence.span:
            source = acronyms.get(token.lower_)
            if source is None or (sentence.index, token.i) in taken or not token.text.isupper():
                continue
            local = ctx.ent(token)
            if local is not None and ctx.kind(local) != "Agreement" and not claimable(ctx, local):
                continue
            reference = Reference(
                position=sentence.index * 100_000 + token.i, sentence=sentence.index, name=source.reference.name,
                kind=source.reference.kind, head=source.reference.head, definite=True, acronym=token.lower_,
            )
            found.append(AgreementMention(sentence.index, token.i, token.i, token.i + 1, source.name, source.kind_phrase, False, reference))
    return found


def _initials(name: str) -> str:
    return "".join(w[0] for w in normalise(name).split() if w not in ("of", "on", "for", "and", "the", "in"))
