"""Small dependency-tree helpers shared by the extractors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.lexicon.tables import Lexicon
from kg.nlp.context import DocContext, Sentence
from kg.nlp.kinds import BULLETS

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Nouns that stand for the state or body that modifies them ("Ukrainian officials").
PROXY_NOUNS = {
    "official", "officials", "government", "governments", "delegation", "delegations", "side", "sides", "leadership",
    "administration", "team", "negotiator", "negotiators", "counterpart", "counterparts", "authorities", "authority",
    "representative", "representatives", "leader", "leaders", "minister", "ministers", "diplomat", "diplomats",
    "president", "presidency", "cabinet", "parliament", "lawmakers", "forces", "troops", "army", "military", "envoy",
    "envoys", "ministry", "embassy", "regime", "kremlin", "capital", "state", "country", "nation", "people", "firms",
    "companies", "industry", "negotiating", "junta", "legislature", "legislators",
}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
OBJECT_DEPS = ("dobj", "attr", "oprd", "nsubjpass", "dative")


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("the US and Ukraine")."""
    result = [token]
    for child in token.children:
        if child.dep_ in ("conj", "appos"):
            result.extend(conjuncts(child))
    return result


def arg_entities(ctx: DocContext, token: Token, kinds: tuple[str, ...] | None = None) -> list[str]:
    """Entities a nominal argument stands for, through coordination and proxies."""
    found: list[str] = []
    for item in conjuncts(token):
        group = ctx.ents(item)
        if len(group) > 1:  # "they", "the two countries": every member (kg.nlp.coref)
            found.extend(g for g in group if (kinds is None or ctx.kind(g) in kinds) and g not in found)
            continue
        local = ctx.ent(item)
        if local is None and (item.lemma_.lower() in PROXY_NOUNS or item.lower_ in PROXY_NOUNS):
            for child in item.children:
                if child.dep_ in ("amod", "compound", "poss", "nmod") and ctx.ent(child):
                    local = ctx.ent(child)
                    break
            if local is None:  # "the Government of Ghana", "officials from Peru and the EU": every party the phrase names
                named = proxied_by_preposition(ctx, item, kinds)
                found.extend(n for n in named if n not in found)
                if named:
                    continue
        if local is None:
            for child in item.children:
                if child.dep_ == "compound" and ctx.ent(child) and ctx.kind(ctx.ent(child)) in ("Person",):
                    local = ctx.ent(child)
        if local and (kinds is None or ctx.kind(local) in kinds) and local not in found:
            found.append(local)
    return found


#: Proxy nouns whose "in" names their state ("officials in Chile"); not "troops in Ukraine" or "companies in Peru".
RESIDENT_PROXIES = frozenset({"official", "officials", "lawmakers", "legislators", "authorities", "government", "leadership", "regime", "junta", "parliament"})


def proxied_by_preposition(ctx: DocContext, proxy: Token, kinds: tuple[str, ...] | None) -> list[str]:
    """The states and bodies a proxy noun is "of" or "from": "the Government of Ghana", "negotiators from Lima and Quito"."""
    named: list[str] = []
    preps = ("of", "from", "in") if proxy.lower_ in RESIDENT_PROXIES else ("of", "from")
    for prep in (c for c in proxy.children if c.dep_ == "prep" and c.lower_ in preps):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            for member in conjuncts(obj):
                local = ctx.ent(member)
                kind = ctx.kind(local)
                if local and kind in ("State", "Organization") and (kinds is None or kind in kinds) and (prep.lower_ != "in" or kind == "State") and local not in named:
                    named.append(local)
    return named


def clause_subjects(ctx: DocContext, token: Token, kinds: tuple[str, ...]) -> list[str]:
    """Subjects of the nearest verb above a token."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") and current.dep_ not in ("acl", "amod"):
            found = [a for s in subjects(current) for a in arg_entities(ctx, s, kinds)]
            if found:
                return found
        if current.head.i == current.i:
            break
        current = current.head
    return []


def _agents_under_setting(verb: Token) -> list[Token]:
    """ "was signed at the palace by A": the parser hangs the passive's "by" on the place or time before it."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return []
    settings = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("at", "in", "on", "during") for g in c.children if g.dep_ == "pobj"]
    return [g for s in settings for c in s.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]


def subjects(verb: Token) -> list[Token]:
    """Grammatical subjects of a verb, inherited through xcomp/conj/acl/advcl."""
    own = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "nsubjpass"]
    if not own and misread_relative(verb) is not None:
        return [verb.head]  # "the accord, which the two governments signed": the parser's "governments" is the subject
    if own and verb.dep_ == "relcl" and all(c.lower_ in ("which", "that", "who") for c in own):
        return [verb.head]  # "China, which refines 65% of lithium"
    if own and verb.dep_ == "ccomp" and verb.head.lemma_ == "be" and all(c.lower_ in ("which", "that", "who") for c in own):
        return [c for c in verb.head.children if c.dep_ == "attr"] or own  # "It was Japan that proposed the accord"
    if own:
        return own
    # "by A and by B": the second "by" is the first one's conjunct
    agents = [g for c in verb.children if c.dep_ == "agent" for by in (c, *c.conjuncts) for g in by.children if g.dep_ == "pobj"] or _agents_under_setting(verb)
    if agents:
        # "signed by A's minister, P, and B's minister, Q": the parser hangs the second agent on the verb as a conjunct
        stray = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i > agents[-1].i]
        stray += [g for c in verb.children if c.dep_ == "conj" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]  # ", and by B"
        # "by A on behalf of X and by B on behalf of Y": the second "by" hung on the first one's "on"
        stray += [g for p in verb.children if p.dep_ == "prep" for c in p.children if c.dep_ == "conj" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
        # "signed by the Minister for X, P, and B's Minister, Q": the parser hangs P (and Q with it) on the verb
        stray += [c for c in verb.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.ent_type_ == "PERSON" and c.i > agents[-1].i]
        return agents + stray
    if verb.dep_ in ("relcl", "acl") and verb.head.dep_ == "attr" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return subjects(verb.head.head)  # "Chile became the first country to sign it": the copula's subject acts
    if verb.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp") and verb.head.i != verb.i:
        raised = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
        if verb.dep_ == "xcomp" and raised:
            return raised  # "the Philippines and the US are expected to sign"
        if verb.dep_ == "conj" and raised and verb.tag_ in ("VBZ", "VBP", "VBD"):
            return raised  # "the deposit is hosted in pegmatite and contains tantalum": the passive's subject acts in the active conjunct
        if verb.dep_ == "xcomp":
            objects = [c for c in verb.head.children if c.dep_ == "dobj"]
            objects += [g for c in verb.head.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]  # "called on Peru to sign"
            if objects and verb.head.lemma_ in OBJECT_CONTROL_VERBS:
                return objects
        return subjects(verb.head)
    return []


#: Verbs whose object, not their subject, does what their infinitive says: "urged Peru to sign", "lobbied Peru to join".
OBJECT_CONTROL_VERBS = frozenset(
    {"urge", "ask", "press", "push", "force", "pressure", "persuade", "invite", "allow", "enable", "lobby", "encourage", "convince",
     "tell", "call", "require", "compel", "oblige", "advise", "help"}
)  # fmt: skip


def passive_patients(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ == "nsubjpass"]


def objects(verb: Token, depth: int = 2) -> list[Token]:
    """Objects of a verb: direct objects, attributes and objects of its prepositions."""
    result: list[Token] = []
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            result.append(child)
        elif child.dep_ in ("prep", "agent") and depth > 0:
            result.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
        elif child.dep_ in ("xcomp", "advcl") and depth > 1:
            result.extend(objects(child, depth - 1))
    if verb.dep_ in ("acl", "relcl") and verb.tag_ in ("VBN",):
        result.append(verb.head)
    if verb.dep_ == "relcl":
        result.append(verb.head)
    if (antecedent := misread_relative(verb)) is not None:
        result.append(antecedent)  # "the accord, which the two governments signed": the accord
    return result


def misread_relative(verb: Token) -> Token | None:
    """ "X, which the two governments signed": the antecedent X when the parser made the clause's subject its head.

    The small model reads "which the two governments signed" as "the
    governments (that were) signed", hanging the verb on the noun as an
    ``acl`` and the pronoun anywhere; read so, the noun is the verb's subject
    and the word before the pronoun its object.
    """
    noun, doc = verb.head, verb.doc
    if verb.dep_ != "acl" or verb.tag_ not in ("VBN", "VBD") or noun.pos_ not in ("NOUN", "PROPN") or noun.i != verb.i - 1:
        return None
    first = noun.left_edge  # the pronoun itself, when the parser hung it on the noun
    pronoun = first if first.lower_ in ("which", "that") else doc[first.i - 1] if first.i else first
    before = pronoun.i - 1 - (pronoun.i >= 2 and doc[pronoun.i - 1].text == ",")  # past the comma
    if pronoun.lower_ not in ("which", "that") or before < 0 or doc[before].pos_ not in ("NOUN", "PROPN"):
        return None
    return doc[before]


def negated(token: Token) -> bool:
    """True when the token, or the verb chain above it, is negated."""
    current: Token | None = token
    for _ in range(3):
        if current is None:
            break
        if any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in current.children):
            return True
        if any(_negative_subject(c) for c in current.children if c.dep_ in ("nsubj", "nsubjpass")):
            return True  # "Neither A nor B has signed", "No state signed"
        if current.dep_ not in ("xcomp", "aux", "conj") or current.head.i == current.i:
            break
        current = current.head
    return False


def _negative_subject(subject: Token) -> bool:
    return any(c.dep_ in ("preconj", "det") and c.lower_ in ("neither", "no") for c in subject.children)


#: Subordinators of a time clause, which states its own fact.
TEMPORAL_MARKS = frozenset({"when", "after", "since", "as", "while", "once"})  # not "before"/"until": what has not happened yet


def governing_lemmas(token: Token, depth: int = 3) -> list[str]:
    """Lemmas of the verbs and adjectives above a token (for modality checks)."""
    lemmas = []
    current = token
    for _ in range(depth):
        infinitive = current.dep_ == "acl" and current.head.pos_ == "NOUN" and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        if (current.dep_ not in ("xcomp", "ccomp", "acomp", "advcl", "pcomp", "pobj", "prep") and not infinitive) or current.head.i == current.i:
            break  # an infinitive's noun governs it like a verb: "Kenya's refusal / plan / failure to sign"
        if current.dep_ == "advcl" and current.tag_ == "VBD" and any(c.dep_ in ("advmod", "mark") and c.lower_ in TEMPORAL_MARKS for c in current.children):
            break  # "When A and B signed it, officials called it …": a past time clause states its own fact
        current = current.head
        lemmas.append(current.lemma_.lower())
    return lemmas


def modal(token: Token, modals: set[str]) -> bool:
    """True when the verb has a modal auxiliary ("could sign", "will sign") or a condition ("if A and B were to sign")."""
    current = token
    for _ in range(3):
        if any((c.dep_ in ("aux", "auxpass") and c.lower_ in modals) or (c.dep_ == "mark" and c.lower_ in ("if", "unless")) for c in current.children):
            return True
        if current.dep_ not in ("xcomp", "conj") or current.head.i == current.i:
            break
        current = current.head
    return False


def sentence_entities(ctx: DocContext, sentence: Sentence, kinds: tuple[str, ...]) -> list[str]:
    """Entities of the given kinds mentioned in a sentence, in text order, once each."""
    seen: list[str] = []
    for local_id, _, _ in sorted(sentence.mentions, key=lambda m: m[1]):
        if ctx.kind(local_id) in kinds and local_id not in seen:
            seen.append(local_id)
    return seen


def mention_tokens(sentence: Sentence, local_id: str) -> list[Token]:
    doc = sentence.span.doc
    return [doc[start] for lid, start, _ in sentence.mentions if lid == local_id]


def lemma_set(ctx: DocContext, section: str, field: str) -> frozenset[str]:
    """Trigger lemmas of a relation section of kg/data/relations.json (made once per lexicon)."""

    def make(lexicon: Lexicon) -> frozenset[str]:
        table = lexicon.relations.get(section, {})
        return frozenset(table.get(field, [])) if isinstance(table, dict) else frozenset()

    return ctx.lexicon.derived(f"lemmas.{section}.{field}", make)


def states_of_body(ctx: DocContext, local_id: str) -> set[str]:
    """The states an organisation belongs to by its name ("Ministry of Mining of Chile", "Chilean Ministry of Mines") or its lexicon entry."""
    draft = ctx.entities.get(local_id)
    if draft is None or draft.kind != "Organization":
        return set()
    states: set[str] = set()
    entry = ctx.lexicon.get(draft.key)
    if entry is not None and entry.country:
        states.add(f"State:{entry.country}")
    for form in draft.forms:
        words = form.replace(",", " ").split()
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                hit = ctx.lexicon.lookup(" ".join(words[i : i + size]), ("name", "demonym"))
                if hit is not None and hit.kind == "State":
                    states.add(f"State:{hit.key}")
    return states


def bulleted(ctx: DocContext, sentence: Sentence) -> bool:
    """The sentence is a story of its own in an article of several: on a line that opens with a bullet ("• Chile: Codelco and
    Rio Tinto are in talks …"), or in one of the wire briefs of a briefs page, each opening with its dateline ("LIMA — …").
    """
    text = ctx.document.text
    line_start = text.rfind("\n", 0, sentence.start) + 1
    return text[line_start : sentence.start + 1].lstrip()[:1] in BULLETS or sentence.block in ctx.brief_blocks
