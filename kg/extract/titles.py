"""Titles as written next to a name, and the states and bodies they name.

A title is read before a name ("Ukraine's economy minister Yulia Svyrydenko", "U.S. Secretary of Commerce Gina Raimondo",
"Minister for Trade, Industry and Energy of Korea, Moon"), in an apposition after it ("Bessent, the U.S. Treasury
secretary,", "Jane Doe (CEO)", "JANE DOE, MINISTER FOR TRADE:") or after a copula ("Jane Doe, 54, has been Peru's mines
minister since 2022"). The state or body it names (a possessive, a demonym, a leading company, a trailing "of X") is
split off the title as written and kept as an affiliation ("Lynas chief executive": "chief executive" of Lynas).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.lexicon.names import title_case
from kg.lexicon.tables import Lexicon
from kg.nlp.context import DocContext, Sentence
from kg.nlp.kinds import DESCRIBED_BODY
from kg.nlp.people import office_complement_end, office_ending_before, portfolio_words

if TYPE_CHECKING:
    from spacy.tokens import Token

CONNECTORS = {"of", "the", "for", "and", "&", "'s", "’s", "'", "’", "-", "to", "at"}  # "'": "the United States' envoy"
ORG_WORDS = {"parliament", "council", "ministry", "office", "committee", "government", "cabinet", "house", "department", "administration", "commission", "staff", "affairs", "agency", "union", "bank", "board", "assembly", "delegation"}
#: Forms of address between an office and a name ("the Minister of Mines, Mr. P"); not offices ("Secretary").
FORMS_OF_ADDRESS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "madam", "h.e", "hon", "senhor", "señor", "señora"})
#: Words that name a body, not its portfolio ("Department" of "Department of Energy").
BODY_WORDS = {"department", "ministry", "office", "secretariat", "directorate", "bureau", "agency", "administration"}


@dataclass
class Title:
    """A title next to a name: its text as written and what it names, by token positions in the sentence's Doc."""

    text: str
    head: str
    affiliations: list[str]
    person_affiliations: list[str]
    start: int
    end: int
    territory: bool = False  # the title names a place that is not a state: "Premier of Western Australia"
    ours: bool = False  # "our Ambassador": the speaker's (article's) state
    portfolio: set[str] = field(default_factory=set)


def title_words(ctx: DocContext) -> tuple[set[str], set[str], set[str]]:
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


def department_words(lexicon: Lexicon) -> frozenset[str]:
    """Words that may name a portfolio: titles.json ``departments`` and ``portfolios``."""
    def make(lx: Lexicon) -> frozenset[str]:
        words = {w for phrase in lx.titles.get("departments", []) for w in phrase.lower().split()}
        return frozenset(words | portfolio_words(lx))

    return lexicon.derived("people.department_words", make)


#: Spellings of one portfolio ("Minister of Mines", "Mining Ministry"); words that name none.
_PORTFOLIO_SAME = {"mines": "mining", "mine": "mining", "economic": "economy", "economics": "economy", "finances": "finance", "defence": "defense", "labour": "labor", "minerals": "mineral"}
_PORTFOLIO_NONE = {"affairs", "and", "&", "of", "for", "the", "state", "prime", "cabinet", "press", "white", "house", "presidential"}


def portfolio_key(words: list[str], lexicon: Lexicon) -> frozenset[str]:
    """The portfolio a title or a body's name covers, comparable across spellings: {"mining", "energy"}."""
    known = department_words(lexicon)
    return frozenset(_PORTFOLIO_SAME.get(w, w) for w in words if w in known and w not in _PORTFOLIO_NONE)


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
                if (not rest or rest[0] in ("of", "for", "to", ",", "and", "at")) and better:
                    best = (phrase, j)
                break
    return best


def title_before(ctx: DocContext, sentence: Sentence, start: int, person: str) -> Title | None:
    heads, words, not_titles = title_words(ctx)
    doc = sentence.span.doc
    honorifics = set(ctx.lexicon.titles.get("honorifics", []))
    floor = sentence.span.start
    k = start - (start - 1 > floor and doc[start - 1].text == ".")  # "Mr" "." may be two tokens
    if k - 2 >= floor and doc[k - 1].lower_.rstrip(".") in FORMS_OF_ADDRESS and doc[k - 2].text == ",":
        start = k - 1  # "the Minister of Mines of Bolivia, Mr. Alejandro Gallardo": past the form of address
    end = start - 1 if start - 1 > floor and doc[start - 1].text == "," else start
    collected: list[Token] = []
    office = office_ending_before(doc, end, floor, ctx.lexicon)
    if office is not None:
        # "Minister for Trade, Industry and Energy of the Republic of Korea, Moon": the office and its complement
        collected = list(doc[office:end])
        i = office - 1
    elif end < start and doc[end - 1].lower_ not in words and ctx.kind(ctx.ent(doc[end - 1])) not in ("State", "Organization"):
        return None  # (not "the Managing Director of Kestrel Lithium, Ms Olivia Marsh": the office's body ends it)
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
        elif token.lower_ == "and" and (following is None or not collected or ctx.ent(doc[i - 1]) is not None or doc[i - 1].text == ","):
            break  # (", and H.E. X": the last item of a list of people, not an office's "and")
        elif lowered in words or token.lower_ in CONNECTORS or (lowered in honorifics and token.text.endswith(".")) or (token.text in ("-", "–") and collected):
            collected.insert(0, token)
        elif office is None and token.text == "," and collected and collected[0].lower_ in words and i > floor and doc[i - 1].lower_ in words:
            collected.insert(0, token)  # "Minister of Commerce, Trade and Industry"
        else:
            break
        i -= 1
    while collected and (collected[0].lower_ in CONNECTORS or collected[0].is_punct):
        collected.pop(0)
    title = _make_title(ctx, collected, heads, person)
    if title is not None and i >= floor and doc[i].lower_ == "our":
        title.ours = True
    if title is not None and not title.affiliations and i - 2 >= floor and doc[i].lower_ == "whose" and doc[i - 1].text == ",":
        # "Kestrel Metals, whose chief executive, Anna Berg, ...": the body before "whose"
        owner = ctx.ent(doc[i - 2])
        if owner is not None and ctx.kind(owner) in ("State", "Organization"):
            title.affiliations.append(owner)
    if title is not None and i >= floor and _territory_token(ctx, doc[i]) and i + 1 < len(doc) and doc[i + 1].lower_ in ("'s", "’s"):
        title.territory = True  # "Greenland's premier": not the kingdom's
    return title


def _territory_token(ctx: DocContext, token: Token) -> bool:
    """A place name that is not a state (a territory, region or province)."""
    local = ctx.ent(token)
    if local is not None:
        return ctx.kind(local) == "Place"
    return token.ent_type_ in ("GPE", "LOC")


#: Verbs of a relative clause that give its subject an office: "who serves as", "who was appointed", "who became".
APPOINTING = frozenset({"be", "serve", "become", "act", "have", "appoint", "name", "elect", "promote", "install", "nominate"})
_APPOSITION_END = (",", ".", ";", ")", "—", "–", ":", "):")  # "):" is one token after "A (Name, Title"


def title_after(ctx: DocContext, sentence: Sentence, end: int, person: str) -> Title | None:
    """ "Bessent, the U.S. Treasury secretary, said"; "Jane Doe (CEO)"; "JANE DOE, MINISTER FOR TRADE:" """
    heads, words, not_titles = title_words(ctx)
    doc = sentence.span.doc
    if end + 3 < sentence.span.end and doc[end].text == "," and doc[end + 1].like_num and doc[end + 2].text == "," and doc[end + 3].pos_ in ("AUX", "VERB"):
        end += 3  # "Ana Ruiz, 54, is Chile's mining minister": past the age
    copula = end + 1 < sentence.span.end and (doc[end].lemma_ in ("be", "serve", "become") or doc[end : end + 2].text == "has been")  # "Ana Ruiz is …"
    if end >= sentence.span.end or (doc[end].text not in (",", "(") and not copula) or doc[end : end + 2].text.lower() in (", and", ", or"):
        return None  # (", and the Minister of Mining of Peru, Y": the next person's office)
    bracket = doc[end].text == "("
    collected: list[Token] = []
    i = end if copula else end + 1
    i += i < sentence.span.end and doc[i].lower_ in ("a", "an") and not copula  # "P, a spokeswoman for X,"
    if not bracket and i < sentence.span.end and (doc[i].lower_ == "who" or copula):
        # "Oyun Erdene, who serves as Minister of Finance, agreed"
        k = i + (not copula)
        while k < sentence.span.end and k - i <= 3 and (doc[k].lemma_ in APPOINTING or doc[k].lower_ in ("as", "now", "currently", "also", "has", "have", "had")):
            k += 1
        if k == i + (not copula):
            return None
        i = k
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
        described = lowered in DESCRIBED_BODY and any(ctx.kind(ctx.ent(t)) == "Organization" for t in doc[i + 1 : min(i + 4, sentence.span.end)])
        listed = bracket and token.text == ","  # "Liu (Assistant Deputy Minister, Department of Natural Resources):"
        if (local and local != person and ctx.kind(local) in ("State", "Organization", "Place")) or lowered in words or token.lower_ in CONNECTORS or described or listed:
            collected.append(token)
            i += 1
            continue
        break
    i += 3 if not bracket and doc[i : i + 1].text == "(" and doc[i + 1 : i + 2].text.isupper() and doc[i + 2 : i + 3].text == ")" else 0  # "… (KZC),"
    if i < sentence.span.end and (doc[i].ent_type_ == "DATE" or (doc[i].lower_ in ("in", "on") and i + 1 < sentence.span.end and doc[i + 1].ent_type_ == "DATE")):
        i = next((j for j in range(i + 1, sentence.span.end) if doc[j].ent_type_ != "DATE"), sentence.span.end)  # "… appointed mines minister in March,"
    if i < sentence.span.end and doc[i].lower_ == "since":  # "Peru's mines minister since 2023,": still in office
        k = next((j for j in range(i + 1, sentence.span.end) if not (doc[j].ent_type_ == "DATE" or doc[j].like_num)), sentence.span.end)
        i = k if k > i + 1 else i
    if bracket and (i >= sentence.span.end or doc[i].text not in (")", "):")):
        return None
    coordinated = bool(collected) and collected[-1].lower_ in ("and", "or")  # "Vice-President and overseer of ..."
    ended = doc[i].pos_ not in ("NOUN", "PROPN", "ADJ") if copula and i < sentence.span.end else False  # "served as X's ambassador before joining …"
    if i < sentence.span.end and doc[i].text not in _APPOSITION_END and doc[i].pos_ not in ("VERB", "AUX") and not coordinated and not ended:
        return None
    edges = [k for k, t in enumerate(collected) if not (t.lower_ in CONNECTORS or t.is_punct)]
    return _make_title(ctx, collected[edges[0] : edges[-1] + 1] if edges else [], heads, person)


def _entity_run(ctx: DocContext, tokens: list[Token], index: int) -> int:
    """Where the mention that token ``index`` belongs to ends (within ``tokens``)."""
    local = ctx.ent(tokens[index])
    end = index + 1
    while end < len(tokens) and local is not None and ctx.ent(tokens[end]) == local:
        end += 1
    return end


def _office_words(ctx: DocContext, tokens: list[Token]) -> bool:
    """ "Treasury" of "Treasury Secretary": a body named by its portfolio stays in the title as written."""
    _, words, _ = title_words(ctx)
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
        if token.lower_ in ("'s", "’s", "'", "’", "the", "-", "–"):
            body_start += 1
            continue
        following = tokens[body_start + 1] if body_start + 1 < len(tokens) else None
        if token.pos_ == "NOUN" and token.is_lower and following is not None and following.lower_ in ("'s", "’s"):
            # "the bank's president": the body the description stands for (when the article says which), not part of the title
            if local and kind in ("Organization", "State"):
                affiliations.append(local)
            body_start += 2
            continue
        if local and kind == "State":
            before = token.doc[token.i - 1] if token.i > 0 else None  # "POSCO Argentina chief executive", "Tokai Brazil CEO"
            glued = before is not None and (ctx.kind(ctx.ent(before)) == "Organization" or (before.pos_ == "PROPN" and ctx.ent(before) is None))
            affiliations += [] if glued else [local]  # a company's national arm: its chief acts for the company
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
    while body and body[0].is_punct:
        body = body[1:]
    whole = len(body)
    # drop a state alias glued into an organisation name ("U.S." of "U.S. Treasury")
    while body and (entry := ctx.lexicon.lookup(body[0].text, ("name",))) is not None and entry.kind == "State":
        state_id = f"State:{entry.key}"
        if state_id in ctx.entities:
            affiliations.append(state_id)
        body = body[1:]
    body = _split_trailing_body(ctx, body, affiliations)
    comma = next((k for k, t in enumerate(body) if t.text == ","), len(body))
    if 0 < comma < len(body) - 1 and ctx.ent(body[comma]) is None and all(ctx.ent(t) or t.lower_ in CONNECTORS for t in body[comma + 1 :]):
        affiliations += [a for t in body[comma + 1 :] if (a := ctx.ent(t)) and ctx.kind(a) in ("State", "Organization") and a not in affiliations]
        body = body[:comma]  # "(Assistant Deputy Minister, Department of X)": the office, then whom it is held in
    while len(body) > 1 and (body[0].lower_ in ("former", "then", "then-", "ex-", "ex") or body[0].text == "-"):
        body = body[1:]  # "Former Secretary of Defense X": the office is "Secretary of Defense"
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
    if text.isupper() and (" " in text or len(text) > 4):  # "MINISTER FOR TRADE", "SECRETARY"; not "CEO"
        text = title_case(text)
    if head in weak and whole == 1 and not (head in ("founder", "co-founder") and any(ctx.kind(a) == "Organization" for a in affiliations)):
        return None  # a bare "head" or "official" ("head of the agency B" is kept with B split off; so is "Nordvik Mining's founder")
    head_words = set(head.replace("-", " ").split()) - department_words(ctx.lexicon)  # "foreign" of "foreign minister" is a portfolio
    portfolio = set(portfolio_key([t.lower_ for t in body if t.lower_ not in head_words], ctx.lexicon))
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
    """ "President of Namibia" -> "President" + Namibia.

    A state named at the end of the title, after "of" or "at", is whom the
    person represents, not part of the title as written. A body stays, as
    part of a formal title ("President of the European Commission"), and
    so does the portfolio of an office ("Secretary of Energy").
    """
    if not body:
        return body
    at = next((k for k, t in enumerate(body) if t.lower_ == "at" and k > 0), None)
    if at is not None and all(ctx.ent(t) or t.lower_ in ("the", "'s", "’s", ",", "and") for t in body[at + 1 :]):
        # "senior official at Japan's Ministry of Economy, Trade and Industry": the office, then where it is held
        affiliations += [lid for t in body[at + 1 :] if (lid := ctx.ent(t)) and ctx.kind(lid) in ("State", "Organization") and lid not in affiliations]
        return body[:at]
    last = ctx.ent(body[-1])
    if last is None or ctx.kind(last) != "State":
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


def title_parts(ctx: DocContext, text: str) -> list[str]:
    """ "Deputy Prime Minister and Minister of Economy" is two offices; "Minister of Trade and Industry" one.

    A title splits at "and" when the words on each side end in an office
    of their own.
    """
    heads, _, _ = title_words(ctx)
    parts = text.split(" and ")
    if len(parts) != 2:
        return [text]

    def has_office(part: str) -> bool:
        words = part.lower().replace(",", "").split()
        return any(" ".join(words[i:j]) in heads for i in range(len(words)) for j in range(i + 1, min(len(words), i + 4) + 1))

    left, right = parts
    if has_office(left) and has_office(right) and right.split()[0].lower() in heads | {w.split()[0] for w in heads}:
        return [left.strip(), right.strip()]
    return [text]
