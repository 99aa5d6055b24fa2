"""People: the offices they hold and whom the text says they act for.

:mod:`kg.extract.titles` reads a person's title and the states and bodies
it names (a possessive, a demonym, an "of" phrase, an institution); those
are whom the person represents. The clause around the name can say it
too: "X was represented by T P", "X, represented by T P", "P, who heads
X", "Leading agency B, P ...", "his Australian counterpart P". A portfolio
names its body when the text does ("Deputy Secretary of Energy" and "the
Department of Energy"). When nothing names whom a person acts for,
:mod:`kg.extract.guesses` tries weaker clues.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.base import arg_entities, states_of_body
from kg.extract.guesses import Seen, guess_affiliations
from kg.extract.registry import extractor
from kg.extract.titles import BODY_WORDS, Title, portfolio_key, title_after, title_before, title_parts, title_words
from kg.lexicon.tables import normalise
from kg.nlp.anchored_people import label_bracket_end
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Verbs whose subject leads or speaks for the body that is their object.
LEADING_VERBS = {"lead", "head", "chair", "represent", "run", "direct", "manage"}


def counterpart_before(ctx: DocContext, sentence: Sentence, start: int) -> Title | None:
    """ "his Australian counterpart Tom Ellis": no office, but whom the person acts for (head "counterpart", no text)."""
    doc = sentence.span.doc
    i = start - 1
    if i > sentence.span.start and doc[i].text == ",":
        i -= 1  # "his Mongolian counterpart, Luvsannamsrai Oyun-Erdene"
    if i <= sentence.span.start or doc[i].lower_ not in ("counterpart", "counterparts"):
        return None
    states: list[str] = []
    k = i - 1
    while k >= sentence.span.start and (local := ctx.ent(doc[k])) is not None and ctx.kind(local) == "State":
        if local not in states:
            states.insert(0, local)
        k -= 1
    if not states:
        return None
    return Title(text="", head="counterpart", affiliations=states, person_affiliations=[], start=k + 1, end=start)


@extractor("people", order=20)
def positions_and_affiliations(ctx: DocContext) -> None:
    """holdsPosition from titles; represents from the title's state or organisation, or from the clause."""
    seen = Seen()
    pending: list[tuple[str, Title, Sentence]] = []
    for sentence in ctx.sentences:
        for local_id, start, end in sorted(sentence.mentions, key=lambda m: m[1]):
            if ctx.kind(local_id) != "Person":
                continue
            title = title_before(ctx, sentence, start, local_id) or title_after(ctx, sentence, end, local_id)
            if _party_code_after(sentence, end):  # "Senator Jane Moss (R-TX)": a member of the U.S. Congress
                ctx.entity("State:united-states", "State", "united-states")
                _represents(ctx, local_id, "State:united-states", sentence, 0.85, "party-code", seen)
            for state in _label_states(ctx, sentence, end):  # "MINISTER ROSA TELLO (Energy and Mines, Peru): …"
                _represents(ctx, local_id, state, sentence, 0.85, "speaker-label-state", seen)
            _clause_affiliations(ctx, sentence, local_id, start, end, title, seen)
            if title is None and (counterpart := counterpart_before(ctx, sentence, start)) is not None:
                # "his Australian counterpart Tom Ellis": whom he acts for, and no position
                seen.title_spans.append((local_id, sentence.index, counterpart.start, counterpart.end))
                for state in counterpart.affiliations:
                    _represents(ctx, local_id, state, sentence, 0.85, "counterpart-of", seen)
                continue
            if title is None and (whose := _whose_office(ctx, sentence, start)) is not None:
                office, body = whose  # "Andes Copper, whose chief executive is Hal Brody"
                ctx.entities[local_id].titles.append(office)
                ctx.add_attribute(local_id, "holdsPosition", office, sentence, 0.8, "whose-office")
                _represents(ctx, local_id, body, sentence, 0.8, "whose-office", seen)
            if title is None:
                _leaders_of(ctx, sentence, local_id, end, seen.explicit)
                _body_after_name(ctx, sentence, local_id, end, seen)
                continue
            if title.end <= start:
                _of_after_name(ctx, sentence, end, title)
            seen.title_spans.append((local_id, sentence.index, title.start, title.end))
            for part in title_parts(ctx, title.text):
                ctx.entities[local_id].titles.append(part)
                ctx.add_attribute(local_id, "holdsPosition", part, sentence, 0.85, "title")
            for affiliation in title.affiliations:
                _represents(ctx, local_id, affiliation, sentence, 0.9, "title-affiliation", seen)
            if title.head == "commissioner" and "Organization:european-union" in title.affiliations:
                ctx.entity("Organization:european-commission", "Organization", "european-commission")  # "EU Trade Commissioner": of the Commission
                _represents(ctx, local_id, "Organization:european-commission", sentence, 0.85, "union-commissioner", seen)
            _portfolio_body(ctx, local_id, title, sentence)
            pending.append((local_id, title, sentence))
    guess_affiliations(ctx, pending, seen)


def _whose_office(ctx: DocContext, sentence: Sentence, start: int) -> tuple[str, str] | None:
    """ "Andes Copper, whose chief executive is Hal Brody": (the office, the body or state it is of), or None."""
    doc = sentence.span.doc
    if start < sentence.span.start + 4 or doc[start - 1].lemma_ != "be":
        return None
    whose = next((k for k in range(start - 2, max(sentence.span.start, start - 6), -1) if doc[k].lower_ == "whose"), None)
    heads, words, _ = title_words(ctx)
    office = [t.lower_ for t in doc[whose + 1 : start - 1]] if whose is not None else []
    if whose is None or doc[whose - 1].text != "," or not office or not ({office[-1], " ".join(office[-2:])} & heads) or not set(office) <= words | heads:
        return None
    body = ctx.ent(doc[whose - 2])
    return (doc[whose + 1 : start - 1].text, body) if body and ctx.kind(body) in ("Organization", "State") else None


def _party_code_after(sentence: Sentence, end: int) -> bool:
    """ "(R-TX)", "(D-Calif.)", "(I-Vt.)" right after a name: the party and state of a member of the U.S. Congress."""
    words = [t.text for t in sentence.span.doc[end : min(end + 6, sentence.span.end)]]
    if len(words) < 5 or words[0] != "(" or words[1] not in ("R", "D", "I") or words[2] not in ("-", "–"):
        return False
    close = words.index(")") if ")" in words else -1
    return close in (4, 5) and all(w[:1].isupper() for w in words[3:close])


def _label_states(ctx: DocContext, sentence: Sentence, end: int) -> list[str]:
    """The states a transcript's speaker label names in brackets after the name, before its colon."""
    doc = sentence.span.doc
    close = label_bracket_end(doc, end, sentence.span.end)
    return [] if close is None else list(dict.fromkeys(lid for t in doc[end:close] if (lid := ctx.ent(t)) and ctx.kind(lid) == "State"))


def _of_after_name(ctx: DocContext, sentence: Sentence, end: int, title: Title) -> None:
    """ "Envoy E of the United States": the state after the name is the title's (and stays with E)."""
    doc = sentence.span.doc
    k = end
    if k >= sentence.span.end or doc[k].lower_ != "of":
        return
    k += 1
    if k < sentence.span.end and doc[k].lower_ == "the":
        k += 1
    local = ctx.ent(doc[k]) if k < sentence.span.end else None
    if local is None or ctx.kind(local) not in ("State", "Organization"):
        if k < sentence.span.end and doc[k].ent_type_ in ("GPE", "LOC"):
            title.territory = True
        return
    while k < sentence.span.end and ctx.ent(doc[k]) == local:
        k += 1
    if local not in title.affiliations:
        title.affiliations.append(local)
    title.end = k


def _represents(ctx: DocContext, person: str, affiliation: str, sentence: Sentence, confidence: float, rule: str, seen: Seen) -> None:
    """A stated affiliation, with the state of a government body and the union of a Commission official."""
    ctx.add_fact(person, "represents", affiliation, sentence, confidence, rule)
    seen.explicit.setdefault(person, set()).add(affiliation)
    entry = ctx.lexicon.get(ctx.entities[affiliation].key)
    if entry and entry.kind == "Organization" and entry.country and entry.org_kind == "government-body":
        state_id = f"State:{entry.country}"
        ctx.entity(state_id, "State", entry.country)
        ctx.add_fact(person, "represents", state_id, sentence, 0.75, "title-institution")
        seen.explicit[person].add(state_id)
    if entry and entry.key == "european-commission" and "Organization:european-union" in ctx.entities:
        # officials of the Commission act for the Union (annotation: optional, never wrong)
        ctx.add_fact(person, "represents", "Organization:european-union", sentence, 0.6, "commission-union")


def _person_tokens(sentence: Sentence, person: str, start: int) -> Token:
    doc = sentence.span.doc
    ends = [e for lid, s, e in sentence.mentions if lid == person and s == start]
    return doc[start : ends[0]].root if ends else doc[start]


def _clause_affiliations(ctx: DocContext, sentence: Sentence, person: str, start: int, end: int, title: Title | None, seen: Seen) -> None:
    """Whom the clause says the person acts for.

    "X was represented by [title] P"; "P represented X"; "P, representing
    X,"; "P, who heads X"; "Leading X, [title] P convened".
    """
    doc = sentence.span.doc
    first = min(start, title.start) if title is not None and title.end <= start else start
    before = doc[first - 1] if first - 1 >= sentence.span.start else None
    if before is not None and before.lower_ == "the" and first - 2 >= sentence.span.start:
        before = doc[first - 2]
    if before is not None and before.lower_ == "by" and before.head.lemma_ == "represent":
        verb = before.head
        # "Angola was represented by ..."; "Angola, represented by ..., signed"
        if verb.dep_ == "acl":
            # "A, represented by P, and B, represented by Q": the participle hangs on A alone, not on A's coordinates
            own = ctx.ent(verb.head)
            bodies = [own] if own is not None and ctx.kind(own) in ("State", "Organization") else []
        else:
            bodies = [b for subject in (c for c in verb.children if c.dep_ == "nsubjpass") for b in arg_entities(ctx, subject, ("State", "Organization"))]
        if not bodies and verb.i - 2 >= sentence.span.start and doc[verb.i - 1].text == ",":
            named = ctx.ent(doc[verb.i - 2])  # the parser hung the participle elsewhere: the name before its comma
            bodies = [named] if named is not None and ctx.kind(named) in ("State", "Organization") else []
        for body in bodies:
            _represents(ctx, person, body, sentence, 0.9, "represented-by", seen)
    if end + 3 < sentence.span.end and doc[end : end + 3].text.lower() == "on behalf of":  # "signed by P on behalf of the Peruvian ministry"
        k = end + 3 + (doc[end + 3].lower_ == "the")  # the words right after the name, whatever the parse made of them
        spoken_for = ctx.ent(doc[k]) if k < sentence.span.end else None
        if spoken_for is not None and ctx.kind(spoken_for) in ("State", "Organization"):
            _represents(ctx, person, spoken_for, sentence, 0.85, "on-behalf-of", seen)
    opening = doc[sentence.span.start]
    speaking = opening.lemma_ == "speak" and opening.i + 1 < sentence.span.end and doc[opening.i + 1].lower_ in ("for", "on")  # "Speaking for Kenya, P"
    if opening.tag_ == "VBG" and (opening.lemma_ in LEADING_VERBS or speaking):
        # "Leading the Department's Bureau of Energy Resources, Assistant Secretary P convened": the last body before the comma
        comma = next((t.i for t in sentence.span if t.text == ","), None)
        if comma is not None and comma + 1 == first:
            bodies = [b for t in doc[opening.i + 1 : comma] if (b := ctx.ent(t)) is not None and ctx.kind(b) in ("State", "Organization")]
            if bodies:
                _represents(ctx, person, bodies[-1], sentence, 0.85, "clause-lead", seen)
    root = _person_tokens(sentence, person, start)
    led = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "agent" else None
    headed = ctx.ent(led.head) if led is not None and led.lemma_ in LEADING_VERBS and led.dep_ in ("acl", "relcl") else None
    if led is not None and headed is not None and ctx.kind(headed) in ("State", "Organization"):
        _represents(ctx, person, headed, sentence, 0.85, f"clause-{led.lemma_}", seen)  # "Kora Resources, headed by P"
    verbs = [root.head] if root.dep_ in ("nsubj",) else []
    verbs += [c for c in root.children if c.dep_ in ("acl", "relcl") and c.lemma_ in LEADING_VERBS]
    # "Leading the Bureau, Assistant Secretary P convened": the participle's subject is the main clause's
    verbs += [c for c in root.head.children if root.dep_ == "nsubj" and c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_ in LEADING_VERBS]
    # "P, speaking on behalf of the X Bank, welcomed …", "P, speaking for Kenya, said": whom the participle says P speaks for
    speaking_for = [c for c in [*root.children, *(root.head.children if root.dep_ == "nsubj" else ())] if c.dep_ in ("acl", "advcl") and c.tag_ == "VBG" and c.lemma_ in ("speak", "act")]
    for body in (b for v in speaking_for for b in _spoken_for(ctx, v)):
        _represents(ctx, person, body, sentence, 0.85, "speaking-for", seen)
    for verb in verbs:
        if verb.lemma_ not in LEADING_VERBS:
            continue
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            # "who heads Sweden's geological survey": an unnamed body of a named state acts for that state
            bodies = arg_entities(ctx, obj, ("State", "Organization")) or [a for c in obj.children if c.dep_ == "poss" for a in arg_entities(ctx, c, ("State",))]
            for body in bodies:
                _represents(ctx, person, body, sentence, 0.85, f"clause-{verb.lemma_}", seen)


def _spoken_for(ctx: DocContext, verb: Token) -> list[str]:
    """The bodies of "on behalf of X" or "for X" on a verb of speaking."""
    objects = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children if g.dep_ == "pobj"]
    behalf = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.lower_ == "behalf"]
    objects += [g for b in behalf for c in b.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return [a for g in objects for a in arg_entities(ctx, g, ("State", "Organization"))]


def _portfolio_body(ctx: DocContext, person: str, title: Title, sentence: Sentence) -> None:
    """ "Deputy Secretary of Energy" in a text that names the Department of Energy: that department.

    A body whose name has a body word ("Department", "Ministry") and the
    same portfolio as the title ("Minister of Mines", "the Mining Ministry").
    Not counted as stated for the state: the person's state is still read
    (or guessed) as for any title, or taken from the body's entry.
    """
    if not title.portfolio or any(ctx.kind(a) == "Organization" for a in title.affiliations):
        return
    wanted = frozenset(title.portfolio)
    own_states = {a for a in title.affiliations if ctx.kind(a) == "State"}
    for local_id, draft in ctx.entities.items():
        if draft.kind != "Organization":
            continue
        if own_states and (body_states := states_of_body(ctx, local_id)) and not own_states & body_states:
            continue  # "Kenyan Mining Minister" is no minister of "the Ministry of Mining of Chile"
        for form in set(draft.forms):
            words = normalise(form).split()
            if not BODY_WORDS & set(words):
                continue
            portfolio = portfolio_key([w for w in words if w not in BODY_WORDS], ctx.lexicon)
            if wanted == {"state"} and "state" in words and len(portfolio) == 0:
                portfolio = frozenset({"state"})  # "Department of State"
            if portfolio == wanted:
                ctx.add_fact(person, "represents", local_id, sentence, 0.8, "title-portfolio-body")
                entry = ctx.lexicon.get(draft.key)
                if entry and entry.country and entry.org_kind == "government-body":
                    state_id = f"State:{entry.country}"
                    ctx.entity(state_id, "State", entry.country)
                    ctx.add_fact(person, "represents", state_id, sentence, 0.7, "portfolio-institution")
                return


def _body_after_name(ctx: DocContext, sentence: Sentence, person: str, end: int, seen: Seen) -> None:
    """ "Peter Holm of the Danish Export Credit Agency", "Ana Ruiz of Chile": no title, but whom the person is "of"."""
    doc = sentence.span.doc
    k = end
    if k + 1 >= sentence.span.end or doc[k].lower_ != "of":
        return
    k += 1
    if doc[k].lower_ == "the" and k + 1 < sentence.span.end:
        k += 1
    body = ctx.ent(doc[k])
    if body is not None and ctx.kind(body) in ("State", "Organization") and not ctx.entities[body].maybe_person:
        _represents(ctx, person, body, sentence, 0.75, "name-of-body", seen)


def _leaders_of(ctx: DocContext, sentence: Sentence, person: str, end: int, explicit: dict[str, set[str]]) -> None:
    """ "Ursula von der Leyen, alongside other EU leaders" """
    doc = sentence.span.doc
    window = doc[end : min(end + 6, sentence.span.end)]
    for i, token in enumerate(window):
        if token.lower_ == "other" and i + 2 < len(window):
            local = ctx.ent(window[i + 1])
            if local and ctx.kind(local) in ("State", "Organization") and window[i + 2].lemma_ in ("leader", "official", "minister", "head"):
                ctx.add_fact(person, "represents", local, sentence, 0.7, "fellow-leaders")
                explicit.setdefault(person, set()).add(local)

