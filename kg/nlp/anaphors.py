"""Anaphors: which words refer back ("he", "its", "the company", "both countries") and what each may mean.

Why apart from :mod:`kg.nlp.coref`: this module answers questions about one
word and one entity (is "it" here pleonastic? is "the company" a bare
description or "the company that won"? is this organisation a company, a
bank or a ministry?); the resolver weighs candidates against each other.

Sorts are read off names and world knowledge, never guessed from the
context of a single fact: an organisation is a bank when a name says
"Bank", a company when the lexicon or its name says so ("Ltd", "Mining");
a place is a site ("the mine") only when the text calls it a mine, deposit
or project somewhere, a region when it calls it a region or province.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from kg.nlp.token_table import TokenTable

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
THING_PRONOUNS = frozenset({"it", "its"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})

#: Head noun of a definite description -> the kind it names and the sort of that kind.
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "country": ("State", "state"),
    "nation": ("State", "state"),
    "government": ("State", "state"),
    "kingdom": ("State", "kingdom"),
    "republic": ("State", "republic"),
    "archipelago": ("State", "archipelago"),
    "company": ("Organization", "company"),
    "firm": ("Organization", "company"),
    "miner": ("Organization", "company"),
    "group": ("Organization", "group"),
    "bank": ("Organization", "bank"),
    "agency": ("Organization", "agency"),
    "ministry": ("Organization", "ministry"),
    "mine": ("Place", "site"),
    "deposit": ("Place", "site"),
    "project": ("Place", "site"),
    "region": ("Place", "region"),
    "province": ("Place", "region"),
}
#: "the two countries", "both governments": a group of states.
GROUP_HEADS = frozenset({"countries", "governments", "nations", "neighbours", "neighbors", "allies", "partners"})  # not "sides": a company can be one
#: "our two countries", "their two governments": a speaker's or writer's own pair, still a group of states.
GROUP_POSSESSIVES = frozenset({"our", "their"})
GROUP_SIZES = {"two": 2, "both": 2, "three": 3}
#: Modifiers after which "the N" is a new referent or a class, not a reference back.
NOT_ANAPHORIC = frozenset({
    "other", "another", "new", "former", "first", "second", "third", "next", "previous", "last", "only", "such",
    "similar", "separate", "different", "single", "whole", "entire", "future", "host", "home", "partner", "member",
})
NUMERIC = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"})
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "note", "state", "explain", "remark", "declare", "comment", "stress", "emphasise",
    "emphasize", "insist", "warn", "write", "acknowledge", "argue", "reply", "answer",
})

ORG_SORT_WORDS = {
    "bank": frozenset({"bank", "exim"}),
    "ministry": frozenset({"ministry", "department", "ministère", "secretariat"}),
    "agency": frozenset({"agency", "administration", "survey", "office", "authority", "service", "bureau", "commission", "corporation"}),
    "company": frozenset({
        "company", "corporation", "corp", "inc", "ltd", "limited", "llc", "plc", "co", "sa", "ag", "nv", "gmbh", "group",
        "holdings", "mining", "mines", "minerals", "metals", "resources", "lithium", "uranium", "cobalt", "copper", "nickel",
    }),
    "group": frozenset({"group"}),
    # public bodies that are neither companies nor agencies: "the Supreme Court" is never "the company"
    "public": frozenset({
        "court", "parliament", "council", "committee", "assembly", "senate", "congress", "university", "institute",
        "union", "forum", "government", "party", "army", "police", "federation", "organization", "organisation",
    }),
}
SITE_WORDS = frozenset({"mine", "mines", "deposit", "deposits", "project", "pit", "field", "salar", "quarry", "operation", "prospect"})
REGION_WORDS = frozenset({
    "region", "province", "district", "oblast", "state", "territory", "county", "prefecture", "governorate", "department",
    "canton", "krai", "republic",
})
WEAK_FIT = 0.75  # a fit of kind only by default (an organisation of unknown sort for "the company")


@dataclass(frozen=True)
class Anaphor:
    """What an anaphor asks for: ``kind`` is person | thing | plural | description | group."""

    kind: str
    head: str = ""  # a description's head lemma ("company")
    count: int = 1  # a group's size ("the two countries")


def may_be_anaphor(tokens: TokenTable, i: int) -> bool:
    """Whether :func:`find_anaphor` can find anything at position ``i``: its first tests, widened, read from the block's columns.

    Why: coreference asks every word of an article, and all but a few are
    neither a pronoun nor a description's head; this lets it make a spaCy
    ``Token`` only for those few (speed12).
    """
    return (
        tokens.tag[i] in ("PRP", "PRP$")
        or tokens.text[i] == "Government"
        or (tokens.pos[i] in ("NOUN", "PROPN") and (tokens.lower[i] in GROUP_HEADS or tokens.lemma_lower[i] in DESCRIPTIONS))
    )


def find_anaphor(ctx: DocContext, token: Token) -> Anaphor | None:
    """The anaphor a token is, if any: a third-person pronoun or a bare definite description."""
    if ctx.ent(token) is not None:
        return None
    lower = token.lower_
    if token.tag_ in ("PRP", "PRP$"):
        if lower in PERSON_PRONOUNS:
            return Anaphor("person")
        if lower in THING_PRONOUNS and not pleonastic(token):
            return Anaphor("thing")
        if lower in PLURAL_PRONOUNS:
            return Anaphor("plural")
        return None
    if token.text == "Government" and token.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ in ("det", "poss", "compound", "amod", "prep") for c in token.children):
        return Anaphor("description", "government")  # a state's own release: "Government has cancelled the licence"
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_:
        return None
    lemma = token.lemma_.lower()
    if lower not in GROUP_HEADS and (lemma not in DESCRIPTIONS or token.tag_ not in ("NN", "NNP")):
        return None  # neither a group nor a description: the modifiers need not be read
    if not _bare(ctx, token):
        return None
    if lower in GROUP_HEADS:
        size = _group_size(token)
        return Anaphor("group", lemma, size) if size else None
    if _definite(token):
        return Anaphor("description", lemma)
    return None


def _definite(token: Token) -> bool:
    determiners = [c for c in token.children if c.dep_ in ("det", "predet", "poss")]
    return len(determiners) == 1 and (determiners[0].lower_ in ("the", "this") or (determiners[0].lower_ == "your" and token.text == "Company"))


def _group_size(token: Token) -> int:
    """2 for "the two countries" and "both countries", 3 for "the three governments", else 0."""
    words = [c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod", "preconj", "poss")]
    if "both" in words:
        return 2
    sizes = [GROUP_SIZES[w] for w in words if w in GROUP_SIZES]
    return sizes[0] if sizes and any(w in ("the", "these", "those") or w in GROUP_POSSESSIVES for w in words) else 0


def _bare(ctx: DocContext, token: Token) -> bool:
    """No modifier that names, restricts or renews the referent ("the Chilean company", "the company that won")."""
    issuer = token.text == "Company" and token.doc[token.i - 1 : token.i].text.lower() == "your"  # a letter to shareholders
    if token.text[:1].isupper() and token.i > token.sent.start and token.doc[token.i - 1].lower_ not in ("the", "this") and not issuer:
        return False  # a capitalised word inside a name ("Mining Company of Katanga")
    for child in token.children:
        if any(ctx.ent(t) is not None for t in child.subtree):
            return False
        if child.dep_ == "poss" and not (child.lower_ in GROUP_POSSESSIVES and token.lower_ in GROUP_HEADS) and not issuer:
            return False
        if child.dep_ == "prep" and child.lower_ == "of":
            return False
        if child.dep_ in ("relcl", "acl") and not any(t.text == "," for t in token.doc[token.i + 1 : child.i]):
            return False  # a restrictive clause makes a new referent; ", which ..." does not
        renewing = child.lower_ in NOT_ANAPHORIC or child.tag_ in ("JJS", "JJR") or child.ent_type_ in NUMERIC
        if child.dep_ in ("amod", "compound", "nmod") and renewing:
            return False  # "the other company", "the largest company", "the 2019 agreement"
    return True


def pleonastic(token: Token) -> bool:
    """ "It is planned that", "it is customary to", "make it possible to": an "it" that refers to nothing."""
    if token.dep_ == "expl":
        return True
    head = token.head
    children = list(head.children)
    if token.dep_ in ("nsubj", "nsubjpass"):
        if token.dep_ == "nsubjpass" and any(c.dep_ in ("ccomp", "csubj") for c in children):
            return True  # "it is planned that", "it was reported that"
        if head.lemma_ in ("seem", "appear", "happen", "matter", "remain") and any(c.dep_ in ("ccomp", "xcomp") for c in children):
            return True
        if head.lemma_ == "be":
            clause = any(c.dep_ in ("xcomp", "ccomp") for c in children)
            for child in children:
                if child.dep_ == "acomp" and (clause or any(g.dep_ in ("xcomp", "ccomp") for g in child.children)):
                    return True  # "it is important to", "it is clear that"
                if child.dep_ == "attr" and child.lemma_ in ("time", "shame", "pity"):
                    return clause or any(g.dep_ in ("xcomp", "relcl") for g in child.children)  # "it is time to"
    if token.dep_ == "dobj" and head.lemma_ in ("make", "find", "consider", "deem", "take"):
        return any(c.dep_ in ("ccomp", "xcomp", "oprd") and c.i > token.i for c in children)
    return False


def local_domain(token: Token) -> set[int]:
    """Tokens an anaphor cannot mean because they stand beside it in its own clause.

    "A Ukrainian official condemned it": nothing inside the subject; "In
    Europe, it hosts deposits": nothing in a phrase of its own verb. A
    possessive is exempt ("China and its partners").
    """
    if token.dep_ == "poss":
        return set()
    domain: set[int] = set()
    for child in token.head.children:
        if child.i != token.i and child.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr", "prep", "agent", "npadvmod"):
            domain.update(t.i for t in child.subtree)
    if token.head.dep_ in ("relcl", "acl") and token.dep_ in ("nsubj", "nsubjpass"):
        domain.add(token.head.head.i)  # "the agreement it signed": "it" is not the noun its own clause describes
    return domain


def local_subjects(token: Token) -> set[int]:
    """The subject of the clause a possessive stands in: in "the US pressed Ukraine to open its market", Ukraine."""
    clause = token.head
    for _ in range(4):
        if clause.pos_ in ("VERB", "AUX") or clause.head.i == clause.i:
            break
        clause = clause.head
    for _ in range(3):
        own = {c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")}
        if own:
            return own
        if clause.dep_ == "xcomp":
            controllers = {c.i for c in clause.head.children if c.dep_ == "dobj"}
            if controllers:
                return controllers
        if clause.dep_ not in ("xcomp", "conj", "advcl", "acl", "pcomp") or clause.head.i == clause.i:
            break
        clause = clause.head
    return set()


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Token indices of a parsed block that stand inside quotation marks."""
    inside: set[int] = set()
    open_ = False
    for token in doc:
        if token.text in ("“", "``"):
            open_ = True
        elif token.text in ("”", "''"):
            open_ = False
        elif token.text == '"':
            open_ = not open_
        elif open_:
            inside.add(token.i)
    return frozenset(inside)


def speakers(ctx: DocContext, sentence: Sentence) -> set[str]:
    """Who speaks around a quotation: the subjects of speech verbs in its sentence and the ones beside it.

    Inside a quotation a speaker says "I" or "we", so "he", "it" or "the
    company" there is someone else.
    """
    found: set[str] = set()
    for other in ctx.sentences[max(0, sentence.index - 1) : sentence.index + 2]:
        for token in other.span:
            if token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_VERBS:
                for child in token.children:
                    if child.dep_ == "nsubj":
                        found.update(ctx.ents(child))
    return found


class Sorts:
    """What sort of state, organisation or place each local entity of one article is, read once from its names."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        self._words: dict[str, frozenset[str]] = {}
        self._beside: dict[str, set[str]] | None = None

    def fit(self, head: str, local_id: str) -> float:
        """How well "the <head>" fits an entity: 1 plainly, ``WEAK_FIT`` by default only, 0 not at all."""
        kind, sort = DESCRIPTIONS[head]
        if self.ctx.kind(local_id) != kind:
            return 0.0
        if kind == "State" and sort == "archipelago":  # "the archipelago": a state made of islands
            entry = self.ctx.lexicon.get(self.ctx.entities[local_id].key)  # the lexicon's "archipelago" flag (world knowledge)
            return 1.0 if entry is not None and entry.archipelago else 0.0
        if kind == "State":
            return 1.0 if sort == "state" or sort in self.words(local_id) else 0.0  # "the kingdom": a formal name says so
        if kind == "Organization":
            return self._organisation(sort, local_id)
        return self._place(sort, local_id)

    def words(self, local_id: str) -> frozenset[str]:
        """Lower-case words of every name the document and the lexicon give an entity."""
        if local_id not in self._words:
            draft = self.ctx.entities[local_id]
            names = list(draft.forms)
            entry = self.ctx.lexicon.get(draft.key)
            if entry is not None:
                names += [entry.label, *entry.aliases]
            self._words[local_id] = frozenset(w.strip(".,()").lower() for name in names for w in name.split())
        return self._words[local_id]

    def _organisation(self, sort: str, local_id: str) -> float:
        draft = self.ctx.entities[local_id]
        entry = self.ctx.lexicon.get(draft.key)
        words = self.words(local_id)
        sorts = {s for s, cues in ORG_SORT_WORDS.items() if words & cues}
        if entry is not None and entry.org_kind:
            sorts.add(entry.org_kind)
        if sorts & {"bank", "ministry"}:
            sorts.discard("company")  # "Export-Import Bank of China Ltd" is "the bank", not "the company"
        unknown = not sorts or draft.maybe_person
        if sort == "company":
            return 1.0 if "company" in sorts else (WEAK_FIT if unknown else 0.0)
        if sort == "group":
            return 1.0 if sorts & {"company", "intergovernmental", "group"} else (WEAK_FIT if unknown else 0.0)
        if sort == "agency":
            if "agency" in sorts and "company" not in sorts:
                return 1.0
            return WEAK_FIT if "government-body" in sorts and not sorts & {"ministry", "bank"} else 0.0
        return 1.0 if sort in sorts else 0.0  # "the bank", "the ministry": only what says so

    def _place(self, sort: str, local_id: str) -> float:
        """A site only where the text calls the place one; a region also where the text says nothing.

        Regions are often named bare ("Katanga"), sites seldom are: a place
        the text never calls a mine, deposit or project is not "the mine".
        """
        if local_id.startswith("Place:capital:"):
            return 0.0  # a city, neither a site nor a region
        words = self.words(local_id) | self._beside_names().get(local_id, set())
        site, region = bool(words & SITE_WORDS), bool(words & REGION_WORDS)
        if sort == "site":
            return 1.0 if site and not region else 0.0
        return 1.0 if region and not site else (0.0 if site else WEAK_FIT)

    def _beside_names(self) -> dict[str, set[str]]:
        """The nouns each place's names stand beside: "Kora" in "the Kora mine", "Tamu" in "Tamu Province"."""
        if self._beside is None:
            self._beside = {}
            for sentence in self.ctx.sentences:
                doc = sentence.span.doc
                for local_id, start, end in sentence.mentions:
                    if self.ctx.kind(local_id) != "Place" or (sentence.block, start) in self.ctx.referred:
                        continue
                    words = self._beside.setdefault(local_id, set())
                    root = doc[start:end].root
                    if root.dep_ in ("compound", "nmod") and root.head.i >= end:
                        head = root.head
                        while head.dep_ == "compound" and head.head.i > head.i:
                            head = head.head  # "the Ta Phin Bac rare earth deposit": through the ore words to "deposit"
                        words |= {root.head.lower_, head.lower_}
                    if end < sentence.span.end and doc[end].pos_ in ("NOUN", "PROPN"):
                        words.add(doc[end].lower_)
        return self._beside


#: Verbs only an agent does: their "it" is a state, a body or a company, never an ore ("Copper rose after X said it had suspended …").
AGENT_VERBS = frozenset(
    {"sign", "suspend", "reject", "propose", "negotiate", "terminate", "cancel", "agree", "announce", "refuse", "decline",
     "withdraw", "say", "offer", "conclude", "approve", "ratify", "annul", "veto", "accuse"}
)  # fmt: skip


def inert_referents(ctx: DocContext, token: Token) -> set[str]:
    """The article's minerals, when a thing pronoun is the subject of an agent's verb: what it cannot mean there."""
    if token.lower_ != "it" or token.dep_ != "nsubj" or token.head.lemma_.lower() not in AGENT_VERBS:
        return set()
    return {lid for lid, entity in ctx.entities.items() if entity.kind == "Mineral"}
