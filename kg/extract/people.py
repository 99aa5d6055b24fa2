"""People: the offices they hold and whom they act for.

A title is read off the words next to a name, before it ("Ukraine's economy
minister Yulia Svyrydenko", "U.S. Secretary of Commerce Gina Raimondo") or
in an apposition after it ("Bessent, the U.S. Treasury secretary,", "Jane
Doe (CEO)"). The state or organisation in the title (a possessive, a
demonym, an "of" phrase, an institution) is whom the person represents, and
is split off the title as written ("Lynas chief executive" is the position
"chief executive" of a person who represents Lynas). The clause around the
name can say it too: "X was represented by T P", "P, representing X",
"Leading agency B, P ...". A portfolio names its body when the text does
("Deputy Secretary of Energy" and "the Department of Energy").

When nothing names whom a person acts for, weaker clues are used in order,
each with a lower confidence: a state the title implies, a state earlier in
the sentence, the state the article is about. Those guesses never take a
state from another person's title, a place where something happened ("in
Egypt"), or apply to offices usually held abroad or in a company.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract.base import arg_entities
from kg.extract.registry import extractor
from kg.lexicon.tables import Lexicon, normalise
from kg.nlp.context import DocContext, Sentence
from kg.nlp.people import office_complement_end, office_ending_before, portfolio_words

if TYPE_CHECKING:
    from spacy.tokens import Token

CONNECTORS = {"of", "the", "for", "and", "&", "'s", "’s", "-", "to"}
ORG_WORDS = {"parliament", "council", "ministry", "office", "committee", "government", "cabinet", "house", "department", "administration", "commission", "staff", "affairs", "agency", "union", "bank", "board", "assembly"}
HEAD_OF_STATE = {"president", "prime minister", "king", "queen", "chancellor", "premier", "emir", "sultan"}
#: Offices of a company or other body, never of a state: no state is guessed for them.
CORPORATE_HEADS = {"chief executive", "chief executive officer", "ceo", "cfo", "coo", "chairman", "chairwoman", "chairperson", "chair", "managing director", "founder", "co-founder", "owner", "director", "director general", "director-general"}
#: Offices often held abroad or for a union of states: the article's state is no guess for them.
NOT_THE_ARTICLE_STATE = {"ambassador", "envoy", "special envoy", "commissioner", "high representative", "permanent representative", "secretary-general", "secretary general"}
#: Offices of the European Union's executive when no state or body is named.
UNION_HEADS = {"commissioner", "high representative", "executive vice-president"}
#: Words that name a body, not its portfolio ("Department" of "Department of Energy").
BODY_WORDS = {"department", "ministry", "office", "secretariat", "directorate", "bureau", "agency", "administration"}
#: Verbs whose subject leads or speaks for the body that is their object.
LEADING_VERBS = {"lead", "head", "chair", "represent"}
#: Prepositions that make a state the place of an event, not a party: "in Egypt", "to Australia".
LOCATIVE = {"in", "at", "to", "from", "into", "near", "across", "throughout", "around", "within", "visit", "visits", "visited", "visiting"}


@dataclass
class Title:
    text: str
    head: str
    affiliations: list[str]
    person_affiliations: list[str]
    start: int
    end: int
    territory: bool = False  # the title names a place that is not a state: "Premier of Western Australia"
    ours: bool = False  # "our Ambassador": the speaker's (article's) state
    portfolio: set[str] = field(default_factory=set)


def _vocabulary(ctx: DocContext) -> tuple[set[str], set[str], set[str]]:
    """(office heads, words of offices and institutions, words that are never titles), made once per lexicon."""
    return ctx.lexicon.derived("people.vocabulary", _make_vocabulary)


def _make_vocabulary(lexicon: Lexicon) -> tuple[set[str], set[str], set[str]]:
    titles = lexicon.titles
    heads = {h.lower() for h in titles.get("heads", [])}
    words = set()
    for group in ("heads", "modifiers", "departments"):
        for phrase in titles.get(group, []):
            words.update(phrase.lower().split())
    words |= ORG_WORDS
    not_titles = {w.lower() for w in titles.get("not_titles", [])}
    return heads, words, not_titles


def _department_words(lexicon: Lexicon) -> frozenset[str]:
    """Words that may name a portfolio: titles.json ``departments`` and ``portfolios``."""

    def make(lx: Lexicon) -> frozenset[str]:
        words = {w for phrase in lx.titles.get("departments", []) for w in phrase.lower().split()}
        return frozenset(words | portfolio_words(lx))

    return lexicon.derived("people.department_words", make)


def _head_of(tokens: list[Token], heads: set[str]) -> tuple[str, int] | None:
    """The office word of a title (longest head phrase), and where it ends."""
    lowered = [t.lower_.rstrip(".") for t in tokens]
    best: tuple[str, int] | None = None
    for i in range(len(lowered)):
        for j in range(min(len(lowered), i + 4), i, -1):
            phrase = " ".join(lowered[i:j]).replace(" - ", "-")
            if phrase in heads:
                # everything after the head must be an "of"/"for" phrase or nothing
                rest = lowered[j:]
                better = best is None or j > best[1] or (j == best[1] and len(phrase) > len(best[0]))
                if (not rest or rest[0] in ("of", "for", "to", ",", "and")) and better:
                    best = (phrase, j)
                break
    return best


def _title_before(ctx: DocContext, sentence: Sentence, start: int, person: str) -> Title | None:
    heads, words, not_titles = _vocabulary(ctx)
    doc = sentence.span.doc
    honorifics = set(ctx.lexicon.titles.get("honorifics", []))
    floor = sentence.span.start
    end = start - 1 if start - 1 > floor and doc[start - 1].text == "," else start
    collected: list[Token] = []
    office = office_ending_before(doc, end, floor, ctx.lexicon)
    if office is not None:
        # "Minister for Trade, Industry and Energy of the Republic of Korea, Moon": the office and its complement
        collected = list(doc[office:end])
        i = office - 1
    elif end < start and doc[end - 1].lower_ not in words:
        return None
    else:
        i = end - 1
    while i >= floor:
        token = doc[i]
        local = ctx.ent(token)
        lowered = token.lower_.rstrip(".")
        if lowered in not_titles:
            return None
        following = doc[i + 1] if i + 1 < len(doc) else None
        if local and local != person and ctx.kind(local) == "Person":
            # "Trump envoy Kellogg": a person right before a title word; not "Svyrydenko and Chief of Staff Yermak"
            if following is None or following.lower_ in CONNECTORS or ctx.ent(following) == local:
                if following is not None and ctx.ent(following) == local:
                    collected.insert(0, token)
                    i -= 1
                    continue
                break
            collected.insert(0, token)
        elif local and local != person and ctx.kind(local) in ("State", "Organization", "Place"):
            collected.insert(0, token)
        elif token.lower_ == "and" and (following is None or not collected or ctx.ent(doc[i - 1]) is not None):
            break
        elif lowered in words or token.lower_ in CONNECTORS or (lowered in honorifics and token.text.endswith(".")) or (token.text in ("-", "–") and collected):
            collected.insert(0, token)
        elif token.text == "," and collected and collected[0].lower_ in words and i > floor and doc[i - 1].lower_ in words:
            collected.insert(0, token)  # "Minister of Commerce, Trade and Industry"
        else:
            break
        i -= 1
    while collected and (collected[0].lower_ in CONNECTORS or collected[0].is_punct):
        collected.pop(0)
    title = _make_title(ctx, collected, heads, person)
    if title is not None and i >= floor and doc[i].lower_ == "our":
        title.ours = True
    if title is not None and i >= floor and _territory_token(ctx, doc[i]) and i + 1 < len(doc) and doc[i + 1].lower_ in ("'s", "’s"):
        title.territory = True  # "Greenland's premier": not the kingdom's
    return title


def _territory_token(ctx: DocContext, token: Token) -> bool:
    """A place name that is not a state (a territory, region or province)."""
    local = ctx.ent(token)
    if local is not None:
        return ctx.kind(local) == "Place"
    return token.ent_type_ in ("GPE", "LOC")


_APPOSITION_END = (",", ".", ";", ")", "—", "–", ":")


def _title_after(ctx: DocContext, sentence: Sentence, end: int, person: str) -> Title | None:
    """ "Bessent, the U.S. Treasury secretary, said"; "Jane Doe (CEO)"; "JANE DOE, MINISTER FOR TRADE:" """
    heads, words, not_titles = _vocabulary(ctx)
    doc = sentence.span.doc
    if end >= sentence.span.end or doc[end].text not in (",", "("):
        return None
    bracket = doc[end].text == "("
    collected: list[Token] = []
    i = end + 1
    while i < sentence.span.end:
        token = doc[i]
        local = ctx.ent(token)
        lowered = token.lower_.rstrip(".")
        if lowered in not_titles:
            return None
        if lowered in heads or (i + 1 < sentence.span.end and f"{lowered} {doc[i + 1].lower_}" in heads):
            stop = office_complement_end(doc, i + 1, ctx.lexicon)
            if stop > i + 1:
                collected.extend(doc[i:stop])
                i = stop
                continue
        if (local and local != person and ctx.kind(local) in ("State", "Organization", "Place")) or lowered in words or token.lower_ in CONNECTORS:
            collected.append(token)
            i += 1
            continue
        break
    if bracket and (i >= sentence.span.end or doc[i].text != ")"):
        return None
    coordinated = bool(collected) and collected[-1].lower_ in ("and", "or")  # "Vice-President and overseer of ..."
    if i < sentence.span.end and doc[i].text not in _APPOSITION_END and doc[i].pos_ not in ("VERB", "AUX") and not coordinated:
        return None
    while collected and (collected[0].lower_ in CONNECTORS or collected[0].is_punct):
        collected.pop(0)
    while collected and (collected[-1].lower_ in CONNECTORS or collected[-1].is_punct):
        collected.pop()
    return _make_title(ctx, collected, heads, person)


def _entity_run(ctx: DocContext, tokens: list[Token], index: int) -> int:
    """Where the mention that token ``index`` belongs to ends (within ``tokens``)."""
    local = ctx.ent(tokens[index])
    end = index + 1
    while end < len(tokens) and local is not None and ctx.ent(tokens[end]) == local:
        end += 1
    return end


def _office_words(ctx: DocContext, tokens: list[Token]) -> bool:
    """ "Treasury" of "Treasury Secretary": a body named by its portfolio stays in the title as written."""
    _, words, _ = _vocabulary(ctx)
    return all(t.lower_.rstrip(".") in words and t.lower_ not in ORG_WORDS for t in tokens)


def _make_title(ctx: DocContext, tokens: list[Token], heads: set[str], person: str) -> Title | None:
    if not tokens:
        return None
    found = _head_of(tokens, heads)
    if found is None:
        return None
    weak = {w.lower() for w in ctx.lexicon.titles.get("weak_heads", [])}
    head, _ = found
    affiliations: list[str] = []
    person_affiliations: list[str] = []
    territory = False
    body_start = 0
    # leading affiliation: states, demonyms, possessives, bodies ("Ukraine's", "U.S.", "Ukrainian", "Lynas")
    while body_start < len(tokens):
        token = tokens[body_start]
        local = ctx.ent(token)
        kind = ctx.kind(local)
        if token.lower_ in ("'s", "’s", "the", "-", "–"):
            body_start += 1
            continue
        if local and kind == "State":
            affiliations.append(local)
            body_start += 1
            continue
        if local and kind == "Person":
            person_affiliations.append(local)
            body_start += 1
            continue
        if local and kind == "Organization":
            entry = ctx.lexicon.lookup(token.text, ("name",))
            if entry is not None and entry.kind == "State":
                body_start += 1
                continue
            run = _entity_run(ctx, tokens, body_start)
            if run < len(tokens) and not _office_words(ctx, tokens[body_start:run]):
                # "Lynas chief executive", "Australia's Department of Foreign Affairs and Trade Deputy Secretary"
                affiliations.append(local)
                body_start = run
                continue
        if local and kind == "Place":
            territory = True
        break
    body = tokens[body_start:]
    # drop a state alias glued into an organisation name ("U.S." of "U.S. Treasury")
    while body and (entry := ctx.lexicon.lookup(body[0].text, ("name",))) is not None and entry.kind == "State":
        state_id = f"State:{entry.key}"
        if state_id in ctx.entities:
            affiliations.append(state_id)
        body = body[1:]
    body = _split_trailing_body(ctx, body, affiliations)
    host = False
    for token in body:
        host = host or token.lower_ == "to"  # "Ambassador to the United States": the host country
        local = ctx.ent(token)
        if local and not host and ctx.kind(local) in ("State", "Organization") and local not in affiliations:
            affiliations.append(local)
        if not host and token.text[:1].isupper() and _territory_token(ctx, token):
            territory = True
    if not body or _head_of(body, heads) is None:
        return None
    text = "".join(t.text_with_ws for t in body).strip()
    if text.isupper() and " " in text:
        text = _title_case(text)
    if head in weak and len(body) == 1:
        return None
    head_words = set(head.replace("-", " ").split())
    departments = _department_words(ctx.lexicon)
    portfolio = {t.lower_ for t in body if t.lower_ in departments and t.lower_ not in head_words and t.lower_ != "state"}
    if not portfolio and "secretary" in head_words and any(t.lower_ == "state" for t in body):
        portfolio = {"state"}  # "Assistant Secretary of State": the Department of State
    return Title(
        text=text,
        head=head,
        affiliations=affiliations,
        person_affiliations=person_affiliations,
        start=tokens[0].i,
        end=tokens[-1].i + 1,
        territory=territory,
        portfolio=portfolio,
    )


def _split_trailing_body(ctx: DocContext, body: list[Token], affiliations: list[str]) -> list[Token]:
    """ "President of Namibia" -> "President" + Namibia; "head of the agency B" -> "head" + B.

    A state or body named at the end of the title, after "of" or "at", is
    whom the person represents, not part of the title as written; the
    portfolio of an office ("Secretary of Energy") stays.
    """
    if not body:
        return body
    last = ctx.ent(body[-1])
    if last is None or ctx.kind(last) not in ("State", "Organization"):
        return body
    first = len(body) - 1
    while first > 0 and ctx.ent(body[first - 1]) == last:
        first -= 1
    if _office_words(ctx, body[first:]):
        return body  # "Secretary of the Treasury"
    cut = first
    while cut > 0 and (body[cut - 1].lower_ in ("the", "its") or body[cut - 1].lower_ in BODY_WORDS | ORG_WORDS - {"affairs"}):
        cut -= 1
    if cut == 0 or body[cut - 1].lower_ not in ("of", "at"):
        return body
    if last not in affiliations:
        affiliations.append(last)
    return body[: cut - 1]


_SMALL_WORDS = {"of", "for", "the", "and", "to", "on", "at", "in"}


def _title_case(text: str) -> str:
    """ "MINISTER FOR RESOURCES" -> "Minister for Resources" (a transcript's speaker label)."""
    words = text.split(" ")
    return " ".join(w.lower() if i and w.lower() in _SMALL_WORDS else w[:1] + w[1:].lower() for i, w in enumerate(words))


def _default_state(ctx: DocContext, title: str) -> str | None:
    """The state (or body) a title implies on its own: "Treasury Secretary" is a U.S. office."""
    defaults = {normalise(k): v for k, v in ctx.lexicon.titles.get("default_state", {}).items()}
    key = defaults.get(normalise(title).replace("former ", "").replace("acting ", ""))
    entry = ctx.lexicon.get(key)
    return f"{entry.kind}:{key}" if entry else None


@dataclass
class _Seen:
    """What the people extractor learnt about one sentence's people."""

    explicit: dict[str, set[str]] = field(default_factory=dict)  # person -> whom the text says they act for
    title_spans: list[tuple[str, int, int, int]] = field(default_factory=list)  # (person, sentence, first token, end) of each title


@extractor("people", order=20)
def positions_and_affiliations(ctx: DocContext) -> None:
    """holdsPosition from titles; represents from the title's state or organisation, or from the clause."""
    seen = _Seen()
    pending: list[tuple[str, Title, Sentence]] = []
    for sentence in ctx.sentences:
        for local_id, start, end in sorted(sentence.mentions, key=lambda m: m[1]):
            if ctx.kind(local_id) != "Person":
                continue
            title = _title_before(ctx, sentence, start, local_id) or _title_after(ctx, sentence, end, local_id)
            _clause_affiliations(ctx, sentence, local_id, start, end, title, seen)
            if title is None:
                _leaders_of(ctx, sentence, local_id, end, seen.explicit)
                continue
            if title.end <= start:
                _of_after_name(ctx, sentence, end, title)
            seen.title_spans.append((local_id, sentence.index, title.start, title.end))
            ctx.entities[local_id].titles.append(title.text)
            ctx.add_attribute(local_id, "holdsPosition", title.text, sentence, 0.85, "title")
            for affiliation in title.affiliations:
                _represents(ctx, local_id, affiliation, sentence, 0.9, "title-affiliation", seen)
            _portfolio_body(ctx, local_id, title, sentence)
            pending.append((local_id, title, sentence))
    _fallback_affiliations(ctx, pending, seen)


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


def _represents(ctx: DocContext, person: str, affiliation: str, sentence: Sentence, confidence: float, rule: str, seen: _Seen) -> None:
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


def _clause_affiliations(ctx: DocContext, sentence: Sentence, person: str, start: int, end: int, title: Title | None, seen: _Seen) -> None:
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
        for subject in (c for c in before.head.children if c.dep_ == "nsubjpass"):
            for body in arg_entities(ctx, subject, ("State", "Organization")):
                _represents(ctx, person, body, sentence, 0.9, "represented-by", seen)
    root = _person_tokens(sentence, person, start)
    verbs = [root.head] if root.dep_ in ("nsubj",) else []
    verbs += [c for c in root.children if c.dep_ in ("acl", "relcl") and c.lemma_ in LEADING_VERBS]
    # "Leading the Bureau, Assistant Secretary P convened": the participle's subject is the main clause's
    verbs += [c for c in root.head.children if root.dep_ == "nsubj" and c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_ in LEADING_VERBS]
    for verb in verbs:
        if verb.lemma_ not in LEADING_VERBS:
            continue
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            for body in arg_entities(ctx, obj, ("State", "Organization")):
                _represents(ctx, person, body, sentence, 0.85, f"clause-{verb.lemma_}", seen)


def _portfolio_body(ctx: DocContext, person: str, title: Title, sentence: Sentence) -> None:
    """ "Deputy Secretary of Energy" in a text that names the Department of Energy: that department.

    A body whose name is a body word ("Department", "Ministry") and the same
    portfolio words as the title. Not counted as stated for the state: the
    person's state is still read (or guessed) as for any title.
    """
    if not title.portfolio or any(ctx.kind(a) == "Organization" for a in title.affiliations):
        return
    departments = _department_words(ctx.lexicon)
    for local_id, draft in ctx.entities.items():
        if draft.kind != "Organization":
            continue
        for form in set(draft.forms):
            words = normalise(form).split()
            if not BODY_WORDS & set(words):
                continue
            portfolio = {w for w in words if w in departments} - BODY_WORDS
            if "state" in words and "secretary" not in title.head:
                portfolio.discard("state")
            if portfolio == title.portfolio:
                ctx.add_fact(person, "represents", local_id, sentence, 0.8, "title-portfolio-body")
                entry = ctx.lexicon.get(draft.key)
                if entry and entry.country and entry.org_kind == "government-body":
                    state_id = f"State:{entry.country}"
                    ctx.entity(state_id, "State", entry.country)
                    ctx.add_fact(person, "represents", state_id, sentence, 0.7, "portfolio-institution")
                return


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


def _counterparts(ctx: DocContext, sentence: Sentence, person: str) -> set[str]:
    """ "Kenya signed a memorandum with P": the subject's side is not P's."""
    starts = [(s, e) for lid, s, e in sentence.mentions if lid == person]
    if not starts:
        return set()
    token = sentence.span.doc[starts[0][0] : starts[0][1]].root
    crossed = False
    for _ in range(6):
        if token.head is token:
            break
        crossed = crossed or token.lower_ in ("with", "against", "from")
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            if not crossed:
                return set()
            return {e for c in token.children if c.dep_ in ("nsubj", "nsubjpass") for e in arg_entities(ctx, c, ("State", "Organization"))}
    return set()


def _guessable_states(ctx: DocContext, sentence: Sentence, person: str, seen: _Seen) -> set[str]:
    """States of the sentence a guess may take: not another person's, not a venue, not the other side."""
    doc = sentence.span.doc
    present = {lid for lid, _, _ in sentence.mentions}
    others = {s for other, states in seen.explicit.items() if other != person and other in present for s in states}
    others |= _counterparts(ctx, sentence, person)
    result = set()
    for local_id, start, end in sentence.mentions:
        if ctx.kind(local_id) != "State" or local_id in others:
            continue
        if any(other != person and where == sentence.index and s <= start < e for other, where, s, e in seen.title_spans):
            continue  # "Envoy E of the United States met Minister M": the United States is E's
        token = doc[start:end].root
        fronted = token.dep_ == "pobj" and token.head.i == sentence.span.start  # "In Chile, the mining minister said"
        if not fronted and token.dep_ in ("pobj", "dobj") and token.head.lower_ in LOCATIVE:
            continue  # "in Egypt", "visits Canada"
        if not fronted and start > sentence.span.start and doc[start - 1].lower_ in LOCATIVE:
            continue
        result.add(local_id)
    return result


def _company_guess(ctx: DocContext, person: str, sentence: Sentence, seen: _Seen) -> None:
    """A company office that names no company: the one organisation of the sentence, else of the article's title line.

    "Key people: Jane Doe (CEO)" in the infobox of an article about a company.
    """
    present = {lid for lid, _, _ in sentence.mentions}
    others = {o for other, bodies in seen.explicit.items() if other != person and other in present for o in bodies}
    in_sentence = [lid for lid in dict.fromkeys(lid for lid, _, _ in sentence.mentions) if ctx.kind(lid) == "Organization" and lid not in others]
    if len(in_sentence) == 1:
        ctx.add_fact(person, "represents", in_sentence[0], sentence, 0.6, "title-sentence-org")
        return
    if in_sentence or not ctx.sentences:
        return
    title = f" {normalise(ctx.document.title)} {normalise(ctx.sentences[0].text)} "
    named = [lid for lid, draft in ctx.entities.items() if draft.kind in ("Organization", "State") and any(f" {normalise(f)} " in title for f in draft.forms)]
    if len(named) == 1 and ctx.kind(named[0]) == "Organization":
        ctx.add_fact(person, "represents", named[0], sentence, 0.55, "title-article-org")


def _role(token: Token) -> tuple[Token | None, str]:
    """The verb above a person's name and the person's side of it: "subject" or "object" (objects, "with" phrases)."""
    role = ""
    for _ in range(8):
        if token.head is token:
            return None, ""
        across = token.lower_ in ("with", "against") or (token.dep_ == "pobj" and token.head.lower_ in ("with", "against"))
        if token.dep_ in ("nsubj", "nsubjpass") and not role:
            role = "subject"
        elif across or (token.dep_ == "dobj" and not role):
            role = "object"
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token, role
    return None, ""


def _other_side(ctx: DocContext, sentence: Sentence, person: str, seen: _Seen) -> str | None:
    """ "A signed the agreement with B of Korea" in an article about Australia and Korea: A is Australia's.

    The sentence sets A opposite a person whose state the text states; in an
    article about two states, A acts for the other one.
    """
    doc = sentence.span.doc
    # a person's place in the clause, read off the title when it has one (the parser hangs names off titles)
    anchors: dict[str, list[Token]] = {}
    for lid, s, e in sentence.mentions:
        if ctx.kind(lid) == "Person":
            anchors.setdefault(lid, []).append(doc[s:e].root)
    for lid, where, s, e in seen.title_spans:
        if where == sentence.index and lid in anchors:
            anchors[lid].insert(0, doc[s:e].root)

    def role(lid: str) -> tuple[Token | None, str]:
        for anchor in anchors.get(lid, ()):
            verb, side = _role(anchor)
            if verb is not None and side:
                return verb, side
        return None, ""

    verb, side = role(person)
    if verb is None:
        return None
    theirs: set[str] = set()
    for other in anchors:
        if other == person:
            continue
        other_verb, other_side = role(other)
        if other_verb is not None and other_verb.i == verb.i and other_side != side:
            theirs |= {s for s in seen.explicit.get(other, ()) if ctx.kind(s) == "State"}
    if len(theirs) != 1:
        return None
    ranked = sorted((d for d in ctx.entities.values() if d.kind == "State" and d.local_id not in theirs), key=lambda d: (-d.mentions, d.local_id))
    if not ranked or ranked[0].mentions < 2 or (len(ranked) > 1 and ranked[1].mentions >= ranked[0].mentions):
        return None  # no clear other side
    return ranked[0].local_id


def _union_body(ctx: DocContext) -> str | None:
    """The Commission, else the Union, when the article names it."""
    for local_id in ("Organization:european-commission", "Organization:european-union"):
        if local_id in ctx.entities:
            return local_id
    return None


def _fallback_affiliations(ctx: DocContext, pending: list[tuple[str, Title, Sentence]], seen: _Seen) -> None:
    """Affiliation for titles that name no state, from weaker clues."""
    weak = {w.lower() for w in ctx.lexicon.titles.get("weak_heads", [])}
    focal = ctx.focal_state()
    for person, title, sentence in pending:
        if person in seen.explicit or title.head in weak or title.territory:
            continue
        if title.head in CORPORATE_HEADS:
            _company_guess(ctx, person, sentence, seen)
            continue
        for other in title.person_affiliations:
            for state in sorted(seen.explicit.get(other, ())):
                ctx.add_fact(person, "represents", state, sentence, 0.6, "title-of-leader")
        if title.person_affiliations:
            continue
        default = _default_state(ctx, title.text)
        if default:
            kind, _, key = default.partition(":")
            ctx.entity(default, kind, key)
            ctx.add_fact(person, "represents", default, sentence, 0.7, "title-default-state")
            continue
        if title.ours:
            if focal:
                ctx.add_fact(person, "represents", focal, sentence, 0.65, "title-our-state")
            continue
        if other_side := _other_side(ctx, sentence, person, seen):
            ctx.add_fact(person, "represents", other_side, sentence, 0.55, "counterpart-state")
        if title.head in UNION_HEADS and (body := _union_body(ctx)):
            ctx.add_fact(person, "represents", body, sentence, 0.55, "title-union-body")
            continue
        allowed = _guessable_states(ctx, sentence, person, seen)
        before = [lid for lid, s, _ in sorted(sentence.mentions, key=lambda m: -m[1]) if s < title.start and lid in allowed]
        after = [lid for lid, s, _ in sorted(sentence.mentions, key=lambda m: m[1]) if s >= title.end and lid in allowed]
        # the article's state, unless the sentence gives it to someone else ("A signed with B of Korea")
        article = [focal] if focal and (focal in allowed or focal not in {lid for lid, _, _ in sentence.mentions}) else []
        if title.head in NOT_THE_ARTICLE_STATE:
            article = []
        # every candidate is kept with its rule; resolution picks one with the whole corpus in view
        for rule, states, confidence in (
            ("title-sentence-state", before[:1], 0.6),
            ("title-article-state", article, 0.5),
            ("title-sentence-after", after[:1], 0.45),
        ):
            for state in states:
                ctx.add_fact(person, "represents", state, sentence, confidence, rule)
