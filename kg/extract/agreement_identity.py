"""Which agreement mentions of one article are the same agreement.

Why a module of its own: an article often speaks of several deals at once (a
signed memorandum, the partnership it establishes, an older memorandum it
builds on, a "similar" declaration of two other states). Folding them into
one node gives one party the signatures, dates and refusals of another deal,
so identity is decided here, on plain values, before any fact is attached.

The rule (issue 15): a mention is a new agreement unless the text ties it to
an earlier one, by

* the same name (or its acronym, or a shortened form of it),
* an anaphor: a definite or possessive mention ("the memorandum", "the
  deal", "its partnership") whose kind and stated parties fit an earlier one,
* the same parties and kind ("a memorandum between Peru and Chile" twice),
* an explicit link the mention finder saw ("a memorandum establishing a
  partnership", "the accord, known as the Andes Pact").

Cues for another agreement: other parties, another kind (a declaration is
not a memorandum), another year, and the words "similar", "parallel",
"separate", "earlier", "another", ... (:data:`Reference.distinct`).

Everything here is a pure function of :class:`Reference` values, so the
rules are tested without a spaCy model.

>>> a = Reference(0, 0, name="", kind="memorandum", head="memorandum", definite=False, parties=frozenset({"peru", "chile"}))
>>> b = Reference(1, 1, name="", kind="memorandum", head="memorandum", definite=True)
>>> c = Reference(2, 2, name="", kind="memorandum", head="memorandum", definite=False, distinct=True)
>>> resolve_references([a, b, c])
[0, 0, 1]
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Kinds that name no particular kind of agreement: they can stand for any of them.
GENERIC_KINDS = frozenset({"agreement", "proposal"})
#: Kinds a definite mention may call the one deal of an article by what it sets up: "the partnership", "the cooperation".
LOOSE_KINDS = frozenset({"partnership", "cooperation", "initiative", "framework"})


@dataclass(frozen=True)
class Reference:
    """One agreement mention, as identity needs to see it."""

    position: int  # order in the article (any increasing number)
    sentence: int
    name: str = ""  # normalised proper name; "" when the text gives none
    kind: str = "agreement"  # kind family: memorandum, partnership, declaration, ... or a generic kind
    head: str = ""  # the head noun's lemma ("mou", "memorandum", "deal")
    definite: bool = False  # the/this/that/its/X's: refers back
    distinct: bool = False  # "a similar memorandum", "a separate deal", "the earlier accord"
    year: str = ""  # a year the mention is dated by ("the 2019 memorandum")
    parties: frozenset[str] = frozenset()  # parties the mention itself states
    acronym: str = ""  # an acronym given with the name ("ERGI")
    short: str = ""  # a short form given in parentheses ("a Memorandum of Understanding (MoU)" -> "mou")
    link: int | None = None  # index of an earlier reference the text equates this one with
    headline: bool = False  # in the article's title: it names the deal the body reports (read after the body)
    owned: bool = False  # a proposal said to be someone's ("by mining companies", "the company's"), known party or not
    minerals: frozenset[str] = frozenset()  # the minerals the mention says it is about ("a lithium agreement")
    described: bool = False  # "a tin marketing agreement": words of its own beyond minerals, which a new deal brings
    description: frozenset[str] = frozenset()  # those words ("tin marketing agreement" -> {"marketing"})
    pointed: bool = False  # "that draft", "that deal": the one just spoken of, not the article's main deal
    item: int = -1  # the digest's bullet item (its block) the mention is in; -1 when not in one


@dataclass
class _Agreement:
    """An agreement being built while the references are read in order."""

    names: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    years: set[str] = field(default_factory=set)
    minerals: set[str] = field(default_factory=set)
    heads: dict[str, int] = field(default_factory=dict)  # head lemma -> last position
    last: int = 0
    last_sentence: int = 0
    first_sentence: int = 0
    mentions: int = 0
    background: bool = False  # introduced as an older/other deal: no generic anaphor lands on it
    words: set[str] = field(default_factory=set)  # the words of its names and descriptions
    items: set[int] = field(default_factory=set)  # the bullet items it is named in

    def add(self, ref: Reference) -> None:
        if ref.name:
            self.names.add(ref.name)
            self.words.update(ref.name.split())
        self.words |= ref.description
        if ref.acronym:
            self.names.add(ref.acronym)
        if ref.kind not in GENERIC_KINDS:
            self.kinds.add(ref.kind)
        self.parties |= ref.parties
        if ref.year:
            self.years.add(ref.year)
        self.minerals |= ref.minerals
        self.items.add(ref.item)
        self.heads[ref.head] = ref.position
        if ref.short:
            self.heads[ref.short] = ref.position
        self.last = ref.position
        self.last_sentence = ref.sentence
        self.mentions += 1


def _same_name(name: str, agreement: _Agreement) -> bool:
    """The same proper name, an acronym of it, or a shortened form of it ("the Action Plan")."""
    for known in agreement.names:
        if name == known:
            return True
        short, long_ = sorted((name.split(), known.split()), key=len)
        if len(short) >= 2 and short[-1] == long_[-1] and set(short) <= set(long_):
            return True
    return False


def _kind_fits(ref: Reference, agreement: _Agreement) -> bool:
    return ref.kind in GENERIC_KINDS or not agreement.kinds or ref.kind in agreement.kinds


def _parties_fit(ref: Reference, agreement: _Agreement) -> bool:
    """The mention's parties are the agreement's, or complete the one side known so far.

    A deal of two known sides takes no third; one known side takes another
    ("a partnership" of Kyiv's, then "its partnership with Washington"); a
    mention of two sides fits a deal of one side only if that side is among them.
    """
    if not ref.parties or not agreement.parties or ref.parties <= agreement.parties:
        return True
    if len(agreement.parties) >= 2:
        return False
    return len(ref.parties) < 2 or bool(ref.parties & agreement.parties)


def _description_fits(ref: Reference, agreement: _Agreement) -> bool:
    """ "the smelter accord" after the "Titicaca Minerals Pact": words the deal was never called by make another deal."""
    return not ref.description or not agreement.words or bool(ref.description & agreement.words)


def _year_fits(ref: Reference, agreement: _Agreement) -> bool:
    return not ref.year or not agreement.years or ref.year in agreement.years


def _same_item(ref: Reference, agreement: _Agreement) -> bool:
    """A mention in a digest's bullet refers only to a deal named in that bullet: each item is another story."""
    return ref.item < 0 or ref.item in agreement.items


def _antecedent(ref: Reference, agreements: list[_Agreement]) -> int | None:
    """The agreement a definite mention refers back to, if one fits."""
    fitting = [i for i, a in enumerate(agreements) if _kind_fits(ref, a) and _parties_fit(ref, a) and _year_fits(ref, a) and _description_fits(ref, a) and _same_item(ref, a) and _minerals_fit(ref, a)]
    # "the A–B investment treaty" after "the Lima Convention": a named deal of no known sides is not the one two sides are named for
    fitting = [i for i in fitting if ref.headline or len(ref.parties) < 2 or agreements[i].parties or not agreements[i].names]
    foreground = [i for i, a in enumerate(agreements) if not a.background]
    if not fitting and len(foreground) == 1 and not ref.parties and not ref.description and ref.kind in LOOSE_KINDS:
        return foreground[0]  # "X signed a memorandum ... The partnership will see ...": the one deal, by its purpose
    if not fitting:
        return None
    # a deal whose known sides include the mention's beats one the mention would only complete
    fitting = [i for i in fitting if not ref.parties or ref.parties <= agreements[i].parties] or fitting
    # a deal introduced as "similar", "earlier", "separate" is a side remark: "the memorandum" is the main one
    foreground = [i for i in fitting if not agreements[i].background] or fitting
    if ref.headline:
        # a title names the deal the article is about: the most talked-of one, the first on a tie, not the last named
        same_kind = [i for i in foreground if ref.kind in agreements[i].kinds or ref.head in agreements[i].heads] or foreground
        return max(same_kind, key=lambda i: (agreements[i].mentions, -i))
    # "the offtake agreement signed with Harlow Metals" after "the Harlow Metals offtake": the deal named after its party
    keys = [set(p.partition(":")[2].split()[:2]) for p in ref.parties]
    named_for = [i for i in foreground if any(k and k <= set(name.split()) for k in keys for name in agreements[i].names)]
    if len(named_for) == 1:
        return named_for[0]
    same_head = [i for i in foreground if ref.head in agreements[i].heads]
    if same_head:
        return max(same_head, key=lambda i: agreements[i].heads[ref.head])
    if ref.kind not in GENERIC_KINDS:
        same_kind = [i for i in foreground if ref.kind in agreements[i].kinds]
        if same_kind:
            return max(same_kind, key=lambda i: agreements[i].last)
    if ref.kind in GENERIC_KINDS and not ref.pointed:
        # "the deal", "the agreement": the deal the article is about, the most talked-of one
        return max(foreground, key=lambda i: (agreements[i].mentions, -i))
    return max(foreground, key=lambda i: agreements[i].last)


def _minerals_fit(ref: Reference, agreement: _Agreement) -> bool:
    """ "the tin memorandum" is no memorandum on uranium: a definite mention's minerals, where both say theirs, meet the deal's."""
    return not ref.minerals or not agreement.minerals or bool(ref.minerals & agreement.minerals)


def _topic_fits(ref: Reference, agreement: _Agreement) -> bool:
    """ "a copper deal" after "a lithium agreement": a new deal introduced about other minerals is another deal."""
    return ref.definite or _minerals_fit(ref, agreement)


def _same_parties_and_kind(ref: Reference, agreements: list[_Agreement]) -> int | None:
    """An indefinite mention that states the parties and kind of an earlier agreement is that agreement."""
    if not ref.parties:
        return None
    for i, agreement in enumerate(agreements):
        same = agreement.parties == set(ref.parties) and _kind_fits(ref, agreement) and _year_fits(ref, agreement) and _topic_fits(ref, agreement)
        if same and (agreement.kinds or ref.kind in GENERIC_KINDS):  # not "a potash deal" of the two sides of a phosphate pact
            return i
    return None


def _open_generic(ref: Reference, agreements: list[_Agreement]) -> int | None:
    """A nameless deal the sentence before introduced, which this named mention now names.

    "X and Y signed a new agreement on minerals. The Memorandum of
    Understanding on Lithium Supply ...", "X and Y signed a memorandum on
    copper. The X–Y Memorandum on Copper ...": one agreement, named on its
    second mention.
    """
    if not agreements or ref.distinct:
        return None
    last = max(range(len(agreements)), key=lambda i: agreements[i].last)
    agreement = agreements[last]
    if agreement.names or agreement.background or ref.sentence - agreement.first_sentence != 1:
        return None
    if agreement.kinds and ref.kind not in agreement.kinds:
        return None  # "a memorandum … The Lobito Partnership": what a memorandum sets up is another deal; "a memorandum … The X Memorandum" is it
    if agreement.words and not agreement.words & set(ref.name.split()):
        return None  # "a cobalt royalty agreement … required under the Lima Convention": a name of none of its words
    sides = _parties_fit(ref, agreement) or agreement.parties <= ref.parties  # the name's signers may add a body to its sides
    return last if _kind_fits(ref, agreement) and sides and _year_fits(ref, agreement) else None


def _named_by_party(ref: Reference, agreements: list[_Agreement]) -> int | None:
    """ "the Harlow Metals offtake" after "an offtake agreement with Harlow Metals Co.": a nameless deal named by its one party.

    The name is a party's name (or its first words) before the head; the deal
    of that kind with that party and no name of its own, when only one fits.
    """
    words = ref.name.split()
    if len(words) < 2 or words[-1] != ref.head:
        return None
    named = " ".join(words[:-1])
    fitting = [
        i
        for i, a in enumerate(agreements)
        if not a.names and _kind_fits(ref, a) and any(p.partition(":")[2] == named or p.partition(":")[2].startswith(named + " ") for p in a.parties)
    ]
    return fitting[0] if len(fitting) == 1 else None


def _draft_of(ref: Reference, agreements: list[_Agreement]) -> int | None:
    """A draft the sentence that talks of a deal puts forward: "talks on a treaty stalled, and A rejected B's draft"."""
    same = [i for i, a in enumerate(agreements) if a.last_sentence == ref.sentence and not a.background and _parties_fit(ref, a) and _year_fits(ref, a)]
    if ref.owned:  # "a Japanese draft" is a side's draft of the deal; "a proposal by mining companies" someone else's
        same = [i for i in same if ref.parties and ref.parties <= agreements[i].parties]
    return same[-1] if same else None


def _headline_name(ref: Reference, agreements: list[_Agreement]) -> int | None:
    """A title naming "the Lobito Memorandum" over a body that reports "a memorandum": the one nameless deal of that kind."""
    fitting = [i for i, a in enumerate(agreements) if not a.names and not a.background and _kind_fits(ref, a) and _parties_fit(ref, a) and _year_fits(ref, a)]
    return fitting[0] if len(fitting) == 1 else None


def _headline_other(ref: Reference, agreements: list[_Agreement]) -> int | None:
    """A title's "rival compact", "separate accord": the one deal of that kind the body reports beside its main one."""
    main = _main(agreements)
    fitting = [
        i
        for i, a in enumerate(agreements)
        if i != main and (ref.kind in a.kinds or ref.head in a.heads) and _parties_fit(ref, a) and _year_fits(ref, a)
    ]
    return fitting[0] if len(fitting) == 1 else None


def _main(agreements: list[_Agreement]) -> int | None:
    foreground = [i for i, a in enumerate(agreements) if not a.background]
    return max(foreground, key=lambda i: (agreements[i].mentions, -i)) if foreground else None


def resolve_references(references: list[Reference]) -> list[int]:
    """The agreement number of each reference (numbers count from 0 in order of first mention)."""
    agreements: list[_Agreement] = []
    result: list[int] = []
    for ref in references:
        target: int | None = None
        if ref.link is not None and ref.link < len(result):
            target = result[ref.link]
        elif ref.name:
            target = next((i for i, a in enumerate(agreements) if _same_name(ref.name, a) or (ref.acronym and ref.acronym in a.names)), None)
            if target is None and ref.headline:
                target = _headline_name(ref, agreements)
            if target is None and ref.definite:
                target = _open_generic(ref, agreements)
            if target is None and ref.definite:
                target = _named_by_party(ref, agreements)
        elif ref.distinct:
            target = _headline_other(ref, agreements) if ref.headline else None
        elif ref.definite:
            target = _antecedent(ref, agreements)
        else:
            target = _same_parties_and_kind(ref, agreements)
            if target is None and ref.kind == "proposal" and not ref.year:
                target = _draft_of(ref, agreements)
            # "a 2019 accord" is a deal of its own; so is "a proposal by mining companies" (someone else's)
            if target is None and ref.kind in GENERIC_KINDS and not ref.year and not ref.owned:
                # "a deal", "a proposal": in news about a deal, the deal under discussion,
                # unless its stated parties say otherwise
                main = _main(agreements)
                fits = main is not None and _parties_fit(ref, agreements[main]) and _year_fits(ref, agreements[main]) and _topic_fits(ref, agreements[main])
                # "a binding offtake agreement" after "the offtake agreement": the deal's own words are no other deal's
                if main is not None and fits and _same_item(ref, agreements[main]) and not agreements[main].names and (not ref.described or (bool(ref.description) and ref.description <= agreements[main].words)):
                    target = main
        if target is None:
            agreements.append(_Agreement(first_sentence=ref.sentence, background=ref.distinct and bool(agreements)))
            target = len(agreements) - 1
        agreements[target].add(ref)
        result.append(target)
    return result
