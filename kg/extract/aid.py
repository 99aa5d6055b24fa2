"""Aid between states and from banks and funds (conflict is :mod:`kg.extract.conflict`, membership bids :mod:`kg.extract.membership`).

Aid is often stated in passing ("American aid", "U.S. support to
Ukraine"), so the extractor reads modifiers of trigger nouns as well as verb
arguments. When the text leaves one side implicit the subject of the
clause, then the state the article is about, fills it, with a lower
confidence. A state named as an attacker or a target of sanctions in the
sentence is never the giver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.agents import clause_agents, joined_agents
from kg.extract.base import arg_entities, clause_subjects, governing_lemmas, lemma_set, negated, subjects
from kg.extract.groups import state_lists
from kg.extract.registry import extractor
from kg.nlp.context import DocContext, Sentence
from kg.nlp.token_table import tokens_where

if TYPE_CHECKING:
    from spacy.tokens import Token

PRONOUNS = {"its", "their", "his", "her", "our", "it", "they", "he", "she", "we"}


#: Verbs that hand over a sum: "pledged/provided/committed $500 million to Y".
MONEY_VERBS = frozenset({"pledge", "provide", "give", "grant", "commit", "allocate", "disburse", "extend", "earmark", "donate", "transfer", "send", "lend", "loan"})

#: Verbs whose object is given to a receiver named right after them ("gave Namibia technical assistance").
GIVING_VERBS = MONEY_VERBS | {"offer", "lend", "award", "hand"}
#: Currency nouns a counted sum is written with when NER misses it ("200 million euros").
CURRENCY_NOUNS = frozenset({"dollar", "euro", "pound", "yen", "yuan", "renminbi", "franc", "rupee", "won", "real", "rand", "peso", "krone", "krona", "ruble", "rouble", "dirham", "riyal"})


def _withheld(verb: Token) -> bool:
    """The giving is denied, stopped or dropped: "did not pledge", "refused to provide", "halted aid"."""
    return negated(verb) or _dropped(verb) or bool(set(governing_lemmas(verb)) & STOPPING)


#: Verbs that stop or drop a giving: "halted aid", "the loan was scrapped".
STOPPING = frozenset({"deny", "refuse", "reject", "decline", "stop", "halt", "cut", "suspend", "drop", "scrap", "shelve", "cancel", "withdraw"})


def _dropped(verb: Token) -> bool:
    """ "The loan was scrapped / left out of the text": the verb itself drops what it governs (a negation elsewhere does not)."""
    left_out = verb.lemma_.lower() == "leave" and any(c.dep_ in ("prt", "prep") and c.lower_ == "out" for c in verb.children)
    return left_out or verb.lemma_.lower() in STOPPING


def _money_object(verb: Token) -> Token | None:
    """The verb's object when it is a sum of money: "$500 million" (spaCy's MONEY), "200 million euros" (a counted currency)."""
    for child in verb.children:
        if child.dep_ != "dobj":
            continue
        counted = child.lemma_.lower() in CURRENCY_NOUNS and any(c.dep_ == "nummod" for c in child.children)
        # "millions of euros"
        counted = counted or (child.lemma_.lower() in ("million", "billion", "trillion") and any(g.lemma_.lower() in CURRENCY_NOUNS for g in child.subtree))
        # "a $500 million tranche": the sum sits on the noun it counts
        counted = counted or any(c.ent_type_ == "MONEY" and c.dep_ in ("compound", "nmod", "amod", "nummod", "quantmod") for c in child.children)
        if child.ent_type_ == "MONEY" or counted:
            return child
    return None


def _recipients(ctx: DocContext, token: Token) -> list[str]:
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in ("to", "for"):
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                found += arg_entities(ctx, pobj, ("State",))
    if token.dep_ == "dobj":
        for child in token.head.children:
            if child.dep_ in ("dative", "prep") and child.lower_ in ("to", "for"):
                # "sent weapons to Dakar" (the parser may call "to" a dative): its object receives
                for pobj in [g for g in child.children if g.dep_ == "pobj"] or [child]:
                    found += arg_entities(ctx, pobj, ("State",))
            elif child.dep_ == "dative" and child.pos_ in ("PROPN", "NOUN"):
                found += arg_entities(ctx, child, ("State",))  # "granted Gabon a loan": the indirect object receives it
    for child in token.children:
        if child.dep_ == "acl":
            found += _recipients(ctx, child)
        elif child.dep_ == "prep" and child.lower_ == "of":
            # "a grant of 60 million euros to Chile": the parser hangs "to Chile" on the amount
            found += [r for g in child.children if g.dep_ == "pobj" and _an_amount(g) for r in _recipients(ctx, g)]
    return found


def _an_amount(token: Token) -> bool:
    return token.ent_type_ == "MONEY" or token.lemma_.lower() in CURRENCY_NOUNS or any(c.like_num for c in token.children)


def _helped(ctx: DocContext, verb: Token) -> list[str]:
    """The state a sum's purpose clause helps: "to help Namibia build a port", "to assist Malawi"."""
    helped: list[str] = []
    for helps in (c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in ("help", "assist", "support", "enable")):
        for child in helps.children:
            if child.dep_ == "dobj":  # "to assist Malawi"
                helped += arg_entities(ctx, child, ("State",))
            elif child.dep_ == "ccomp":  # "to help Namibia build": the parser makes Namibia the subject of "build"
                helped += [a for s in child.children if s.dep_ == "nsubj" for a in arg_entities(ctx, s, ("State",))]
    return helped


def _hostile(ctx: DocContext, sentence: Sentence) -> set[str]:
    """States named as attackers or targets of sanctions in the sentence."""
    words = lemma_set(ctx, "conflict", "nouns") | {"sanction", "sanctions"}
    hostile: set[str] = set()
    for token in tokens_where(sentence.span, lambda t, i: t.lemma_lower[i] in words):
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss") and ctx.kind(ctx.ent(child)) == "State":
                hostile.add(ctx.ent(child) or "")
            if child.dep_ == "prep" and child.lower_ in ("against", "on"):
                hostile.update(lid for t in child.subtree if (lid := ctx.ent(t)) and ctx.kind(lid) == "State")
    return hostile


def _governing_action(token: Token) -> Token | None:
    """The verb an aid noun is the means or object of: "provides a loan", "supports ... through a loan"."""
    if token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB":
        return token.head
    if token.dep_ == "pobj" and token.head.lower_ in ("through", "with", "via", "by") and token.head.head.pos_ == "VERB":
        return token.head.head
    amount = token.head.head
    if token.dep_ == "pobj" and token.head.lower_ == "in" and amount.dep_ == "dobj" and amount.like_num and amount.head.pos_ == "VERB":
        return amount.head  # "pledged $500 million in loans to Y": the amount is the verb's object
    return None


def _in_support_of(ctx: DocContext, sentence: Sentence, token: Token) -> tuple[list[str], list[str]] | None:
    """ "A and B join C in support of D and E": A, B and C back D and E (None when the phrase is not this)."""
    if not (token.dep_ == "pobj" and token.head.lower_ in ("in", "of") and token.lemma_.lower() in ("support", "backing", "aid", "assistance")):
        return None
    recipients = [a for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "to", "for") for g in c.children if g.dep_ == "pobj" for a in arg_entities(ctx, g, ("State",))]
    verb = next((t for t in token.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if not recipients or verb is None:
        return None
    # the list as written ("Angola, the Congo, and Zambia"): the parser may hang its last item elsewhere
    recipients = next((run for run in state_lists(ctx, sentence, sentence.span.end) if recipients[0] in run), recipients)
    providers = clause_agents(ctx, sentence, verb, ("State", "Organization")) + joined_agents(ctx, sentence, verb, ("State", "Organization"))
    return [p for p in dict.fromkeys(providers) if p not in recipients], recipients


#: Aid nouns that are aid only with a qualifier ("military equipment", not "mining equipment").
QUALIFIED_ONLY = frozenset({"equipment", "hardware", "vehicle", "vehicles", "trainer", "trainers", "adviser", "advisers", "instructor", "instructors"})


def _donor(ctx: DocContext, noun: Token) -> tuple[list[str], list[str]]:
    """ "Germany is Namibia's largest donor", "Japan, Mongolia's biggest donor, …": the donor aids the owner of the noun."""
    recipients = [a for c in noun.children if c.dep_ == "poss" for a in arg_entities(ctx, c, ("State",))]
    recipients += [a for c in noun.children if c.dep_ == "prep" and c.lower_ in ("to", "of") for g in c.children if g.dep_ == "pobj" for a in arg_entities(ctx, g, ("State",))]
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        providers = [a for s in subjects(noun.head) for a in arg_entities(ctx, s, ("State", "Organization"))]
    elif noun.dep_ == "appos":
        providers = arg_entities(ctx, noun.head, ("State", "Organization"))
    else:
        providers = []
    return [p for p in providers if p not in recipients], recipients


def _loan_agreement(ctx: DocContext, sentence: Sentence, noun: Token) -> tuple[list[str], list[str]] | None:
    """ "X signed a $200 million loan agreement with the Government of Y": the lender aids the government."""
    if noun.lemma_.lower() not in ("agreement", "deal", "facility", "accord") or not any(c.lower_ in ("loan", "credit", "grant") for c in noun.children if c.dep_ == "compound"):
        return None
    states = [a for c in noun.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj" for a in arg_entities(ctx, g, ("State",))]
    verb = noun.head if noun.dep_ == "dobj" else None
    lenders = [p for p in clause_agents(ctx, sentence, verb, ("State", "Organization")) if p not in states] if verb is not None and not negated(verb) else []
    return (lenders, states) if states and lenders else None


def _thanked_for(ctx: DocContext, sentence: Sentence, noun: Token) -> tuple[list[str], list[str]] | None:
    """ "Zimbabwe thanked China for its support": the one thanked gave it, the one thanking got it ("its" is the thanked's)."""
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "for" else None
    if verb is None or verb.lemma_.lower() not in ("thank", "praise", "commend", "credit", "applaud") or negated(verb):
        return None
    givers = [a for c in verb.children if c.dep_ == "dobj" for a in arg_entities(ctx, c, ("State", "Organization"))]
    return givers, [a for a in clause_agents(ctx, sentence, verb, ("State",)) if a not in givers]


#: Verbs whose subject is given the aid: "Zambia received a loan from the IMF", "secured $400 million in financing from Japan".
RECEIVING_VERBS = frozenset({"receive", "secure", "obtain", "get", "win", "accept"})


def _received(ctx: DocContext, token: Token) -> tuple[list[str], list[str]] | None:
    """ "Y received a $1 billion loan from X": X aids Y (None when the aid noun is not so received)."""
    verb = _governing_action(token)
    if verb is None or verb.lemma_.lower() not in RECEIVING_VERBS or _withheld(verb):
        return None
    phrases = [c for h in (token, token.head.head, verb) for c in h.children if c.dep_ == "prep" and c.lower_ == "from"]
    providers = [a for c in phrases for g in c.children if g.dep_ == "pobj" for a in arg_entities(ctx, g, ("State", "Organization"))]
    recipients = [a for s in subjects(verb) for a in arg_entities(ctx, s, ("State",))]
    return (providers, recipients) if providers and recipients else None


@extractor("aid", order=85)
def aid(ctx: DocContext) -> None:
    """providesAidTo: "American aid", "U.S. support to Ukraine", "the US sent weapons to Kyiv"."""
    nouns = lemma_set(ctx, "aid", "nouns")
    qualifiers = lemma_set(ctx, "aid", "qualifiers")
    verbs = lemma_set(ctx, "aid", "verbs")
    focal = ctx.focal_state()
    for sentence in ctx.sentences:
        if not any(ctx.kind(lid) in ("State", "Organization") for lid, _, _ in sentence.mentions):
            continue
        hostile = _hostile(ctx, sentence)
        for token in tokens_where(sentence.span, lambda t, i: t.pos[i] in ("NOUN", "VERB")):  # every rule below starts at a noun or a verb
            lemma = token.lemma_.lower()
            providers: list[str] = []
            recipients: list[str] = []
            confidence = 0.8
            if token.pos_ == "NOUN" and lemma in nouns and (backing := _in_support_of(ctx, sentence, token) or _received(ctx, token) or _thanked_for(ctx, sentence, token)) is not None:
                providers, recipients = backing
            elif token.pos_ == "NOUN" and (lemma in nouns or (lemma in ("line", "guarantee", "facility") and any(c.lower_ in ("credit", "loan") for c in token.children))):  # "a credit line", "a loan guarantee"
                if lemma == "credit" and any(c.lower_ in ("tax", "carbon") for c in token.children):
                    continue  # "US clean-vehicle tax credits" are a tax rule, not aid
                modifiers = [c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < token.i]
                given = token.head if token.dep_ == "dobj" and token.head.lemma_.lower() in GIVING_VERBS else None
                # "has given Namibia technical assistance", parsed with Namibia on the noun: the receiver, not the giver
                receivers = [c for c in modifiers if given is not None and c.dep_ in ("nmod", "compound") and c.i == given.i + 1]
                modifiers = [c for c in modifiers if c not in receivers]
                providers = [a for c in modifiers for a in arg_entities(ctx, c, ("State", "Organization"))]
                if not providers and any(c.lower_ in PRONOUNS for c in modifiers):
                    providers = clause_subjects(ctx, token, ("State", "Organization"))
                qualified = any(c.lemma_.lower() in qualifiers for c in modifiers)
                if lemma in QUALIFIED_ONLY and not qualified:
                    continue  # "mining equipment shipped to Kenya" is trade; "military equipment sent to Kenya" is aid
                if token.dep_ in ("nsubj", "nsubjpass", "dobj") and token.head.pos_ == "VERB" and _dropped(token.head):
                    continue  # "the loan was left out of the text", "halted a loan": none given
                if (action := _governing_action(token)) is not None and action.lemma_.lower() in ("sell", "export", "buy", "purchase", "order"):
                    continue  # "sold weapons to Kenya": a sale, not aid
                recipients = [a for c in receivers for a in arg_entities(ctx, c, ("State",))] + _recipients(ctx, token)
                if not recipients and (verb := _governing_action(token)) is not None and verb.i != token.head.i:
                    recipients = _recipients(ctx, token.head.head)  # "provided $300 million in aid to Y": "to Y" is the amount's
                if not providers and recipients and (verb := _governing_action(token)) is not None:
                    # "X supports the project through a $200 million loan to the government of Y"
                    providers = [p for p in clause_agents(ctx, sentence, verb, ("State", "Organization")) if p not in recipients]
                    confidence = 0.7
                if not providers and qualified:
                    providers = clause_subjects(ctx, token, ("State", "Organization"))
                    confidence = 0.55
                if not providers:
                    continue
            elif token.pos_ == "NOUN" and (lent := _loan_agreement(ctx, sentence, token)) is not None:
                providers, recipients = lent
            elif token.pos_ == "NOUN" and lemma in ("donor", "donors", "backer", "backers"):
                providers, recipients = _donor(ctx, token)
            elif token.pos_ == "VERB" and lemma in MONEY_VERBS and (amount := _money_object(token)) is not None:
                # "pledged $500 million to Ukraine": a sum given to a state is aid (an investment "in" it is not)
                if _withheld(token):
                    continue
                # "lent Zambia billions of dollars", parsed with Zambia on the amount: the receiver
                recipients = _recipients(ctx, amount) or [a for c in amount.children if c.dep_ in ("compound", "nmod") and c.i == token.i + 1 for a in arg_entities(ctx, c, ("State",))]
                recipients = recipients or _helped(ctx, token)  # "pledged €40 million to help Namibia build a port"
                providers = [a for s in subjects(token) for a in arg_entities(ctx, s, ("State", "Organization"))]
                if not recipients or not providers:
                    continue
                confidence = 0.7
            elif token.pos_ == "VERB" and lemma in verbs:
                if _withheld(token):
                    continue
                objects = [c for c in token.children if c.dep_ == "dobj"]
                supplied = [
                    t for c in token.children if c.dep_ == "prep" and c.lower_ == "with" for t in c.subtree if t.lemma_.lower() in nouns or t.ent_type_ == "MONEY"
                ]
                if lemma in ("support", "back", "help", "assist", "arm", "fund", "finance") or (lemma in ("provide", "supply") and supplied):
                    # "provide Mongolia with $200 million in loans": the object is supplied with aid
                    recipients = [a for o in objects for a in arg_entities(ctx, o, ("State",))]
                elif not any(o.lemma_.lower() in nouns for o in objects):
                    continue
                else:
                    recipients = [r for o in objects for r in _recipients(ctx, o)]
                providers = [a for s in subjects(token) for a in arg_entities(ctx, s, ("State", "Organization"))]
                if not recipients:
                    continue
            else:
                continue
            if not recipients:
                others = [lid for lid, _, _ in sentence.mentions if ctx.kind(lid) == "State" and lid not in providers and lid not in hostile]
                others = list(dict.fromkeys(others))
                if len(others) == 1:
                    recipients, confidence = others, min(confidence, 0.6)
                elif not others and focal and focal not in providers and focal not in hostile:
                    recipients, confidence = [focal], 0.5
            for provider in dict.fromkeys(providers):
                for recipient in dict.fromkeys(recipients):
                    if provider not in hostile:
                        ctx.add_fact(provider, "providesAidTo", recipient, sentence, confidence, "aid")
