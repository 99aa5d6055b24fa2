"""People: the offices they hold and whom they act for.

A title is read off the words next to a name, before it ("Ukraine's economy
minister Yulia Svyrydenko", "U.S. Secretary of Commerce Gina Raimondo") or
in an apposition after it ("Bessent, the U.S. Treasury secretary,"). The
state or organisation in the title (a possessive, a demonym, an "of"
phrase, an institution) is whom the person represents. When a title names
none, weaker clues are used in order, each with a lower confidence: an
institution that implies a state, the nearest state earlier in the
sentence, the state the article is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.registry import extractor
from kg.lexicon.tables import Lexicon, normalise
from kg.nlp.context import DocContext, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

CONNECTORS = {"of", "the", "for", "and", "&", "'s", "’s", "-", "to"}
ORG_WORDS = {"parliament", "council", "ministry", "office", "committee", "government", "cabinet", "house", "department", "administration", "commission", "staff", "affairs", "agency", "union", "bank", "board", "assembly"}
HEAD_OF_STATE = {"president", "prime minister", "king", "queen", "chancellor", "premier", "emir", "sultan"}


@dataclass
class Title:
    text: str
    head: str
    affiliations: list[str]
    person_affiliations: list[str]
    start: int
    end: int


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
                if (not rest or rest[0] in ("of", "for", "to")) and better:
                    best = (phrase, j)
                break
    return best


def _title_before(ctx: DocContext, sentence: Sentence, start: int, person: str) -> Title | None:
    heads, words, not_titles = _vocabulary(ctx)
    doc = sentence.span.doc
    honorifics = set(ctx.lexicon.titles.get("honorifics", []))
    i = start - 1
    if i > sentence.span.start and doc[i].text == "," and doc[i - 1].lower_ in words:
        i -= 1  # "the Saudi minister of industry and mineral resources, Bandar Alkhorayef"
    collected: list[Token] = []
    while i >= sentence.span.start:
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
        elif local and local != person and ctx.kind(local) in ("State", "Organization"):
            collected.insert(0, token)
        elif token.lower_ == "and" and (following is None or not collected or ctx.ent(doc[i - 1]) is not None):
            break
        elif lowered in words or token.lower_ in CONNECTORS or (lowered in honorifics and token.text.endswith(".")) or (token.text in ("-", "–") and collected):
            collected.insert(0, token)
        elif token.text == "," and collected and collected[0].lower_ in words and i > sentence.span.start and doc[i - 1].lower_ in words:
            collected.insert(0, token)  # "Minister of Commerce, Trade and Industry"
        else:
            break
        i -= 1
    while collected and (collected[0].lower_ in CONNECTORS or collected[0].is_punct):
        collected.pop(0)
    return _make_title(ctx, collected, heads, person)


def _title_after(ctx: DocContext, sentence: Sentence, end: int, person: str) -> Title | None:
    """ "Bessent, the U.S. Treasury secretary, said" """
    heads, words, not_titles = _vocabulary(ctx)
    doc = sentence.span.doc
    if end >= sentence.span.end or doc[end].text != ",":
        return None
    collected: list[Token] = []
    i = end + 1
    while i < sentence.span.end:
        token = doc[i]
        local = ctx.ent(token)
        lowered = token.lower_.rstrip(".")
        if lowered in not_titles:
            return None
        if (local and local != person and ctx.kind(local) in ("State", "Organization")) or lowered in words or token.lower_ in CONNECTORS:
            collected.append(token)
            i += 1
            continue
        break
    if i < sentence.span.end and doc[i].text not in (",", ".", ";", ")", "—", "–") and doc[i].pos_ not in ("VERB", "AUX"):
        return None
    while collected and (collected[0].lower_ in CONNECTORS or collected[0].is_punct):
        collected.pop(0)
    while collected and (collected[-1].lower_ in CONNECTORS or collected[-1].is_punct):
        collected.pop()
    return _make_title(ctx, collected, heads, person)


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
    body_start = 0
    # leading affiliation: states, demonyms, possessives ("Ukraine's", "U.S.", "Ukrainian")
    while body_start < len(tokens):
        token = tokens[body_start]
        local = ctx.ent(token)
        if token.lower_ in ("'s", "’s", "the", "-", "–"):
            body_start += 1
            continue
        if local and ctx.kind(local) == "State":
            affiliations.append(local)
            body_start += 1
            continue
        if local and ctx.kind(local) == "Person":
            person_affiliations.append(local)
            body_start += 1
            continue
        if local and ctx.kind(local) == "Organization" and ctx.lexicon.lookup(token.text, ("name",)) is not None and ctx.lexicon.lookup(token.text, ("name",)).kind == "State":  # type: ignore[union-attr]
            body_start += 1
            continue
        break
    body = tokens[body_start:]
    # drop a state alias glued into an organisation name ("U.S." of "U.S. Treasury")
    while body and (entry := ctx.lexicon.lookup(body[0].text, ("name",))) is not None and entry.kind == "State":
        state_id = f"State:{entry.key}"
        if state_id in ctx.entities:
            affiliations.append(state_id)
        body = body[1:]
    host = False
    for token in body:
        host = host or token.lower_ == "to"  # "Ambassador to the United States": the host country
        local = ctx.ent(token)
        if local and not host and ctx.kind(local) in ("State", "Organization") and local not in affiliations:
            affiliations.append(local)
    if not body:
        return None
    text = "".join(t.text_with_ws for t in body).strip()
    if head in weak and len(body) == 1:
        return None
    return Title(text=text, head=head, affiliations=affiliations, person_affiliations=person_affiliations, start=tokens[0].i, end=tokens[-1].i + 1)


def _default_state(ctx: DocContext, title: str) -> str | None:
    """The state (or body) a title implies on its own: "Treasury Secretary" is a U.S. office."""
    defaults = {normalise(k): v for k, v in ctx.lexicon.titles.get("default_state", {}).items()}
    key = defaults.get(normalise(title).replace("former ", "").replace("acting ", ""))
    entry = ctx.lexicon.get(key)
    return f"{entry.kind}:{key}" if entry else None


@extractor("people", order=20)
def positions_and_affiliations(ctx: DocContext) -> None:
    """holdsPosition from titles; represents from the title's state or organisation."""
    explicit: dict[str, set[str]] = {}
    pending: list[tuple[str, Title, Sentence]] = []
    for sentence in ctx.sentences:
        for local_id, start, end in sorted(sentence.mentions, key=lambda m: m[1]):
            if ctx.kind(local_id) != "Person":
                continue
            title = _title_before(ctx, sentence, start, local_id) or _title_after(ctx, sentence, end, local_id)
            if title is None:
                _leaders_of(ctx, sentence, local_id, end, explicit)
                continue
            ctx.entities[local_id].titles.append(title.text)
            ctx.add_attribute(local_id, "holdsPosition", title.text, sentence, 0.85, "title")
            if title.affiliations:
                for affiliation in title.affiliations:
                    ctx.add_fact(local_id, "represents", affiliation, sentence, 0.9, "title-affiliation")
                    explicit.setdefault(local_id, set()).add(affiliation)
                    entry = ctx.lexicon.get(ctx.entities[affiliation].key)
                    if entry and entry.kind == "Organization" and entry.country and entry.org_kind == "government-body":
                        state_id = f"State:{entry.country}"
                        ctx.entity(state_id, "State", entry.country)
                        ctx.add_fact(local_id, "represents", state_id, sentence, 0.75, "title-institution")
                        explicit[local_id].add(state_id)
            else:
                pending.append((local_id, title, sentence))
    _fallback_affiliations(ctx, pending, explicit)


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


def _fallback_affiliations(ctx: DocContext, pending: list[tuple[str, Title, Sentence]], explicit: dict[str, set[str]]) -> None:
    """Affiliation for titles that name no state, from weaker clues."""
    weak = {w.lower() for w in ctx.lexicon.titles.get("weak_heads", [])}
    focal = ctx.focal_state()
    for person, title, sentence in pending:
        if person in explicit:
            continue
        if title.head in weak:
            continue
        for other in title.person_affiliations:
            for state in sorted(explicit.get(other, ())):
                ctx.add_fact(person, "represents", state, sentence, 0.6, "title-of-leader")
        if title.person_affiliations:
            continue
        default = _default_state(ctx, title.text)
        if default:
            kind, _, key = default.partition(":")
            ctx.entity(default, kind, key)
            ctx.add_fact(person, "represents", default, sentence, 0.7, "title-default-state")
            continue
        before = [lid for lid, s, _ in sorted(sentence.mentions, key=lambda m: -m[1]) if s < title.start and ctx.kind(lid) == "State"]
        after = [lid for lid, s, _ in sorted(sentence.mentions, key=lambda m: m[1]) if s >= title.end and ctx.kind(lid) == "State"]
        # every candidate is kept with its rule; resolution picks one with the whole corpus in view
        for rule, states, confidence in (
            ("title-sentence-state", before[:1], 0.6),
            ("title-article-state", [focal] if focal else [], 0.5),
            ("title-sentence-after", after[:1], 0.45),
        ):
            for state in states:
                ctx.add_fact(person, "represents", state, sentence, confidence, rule)
