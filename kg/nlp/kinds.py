"""What kind of thing a name is, from the words that make it up: types from meaning, not from shape.

spaCy's small model types names by their shape: a two-word capitalised name
is a PERSON ("Batu Hijau", "Ok Tedi"), a capitalised phrase an ORG ("Salar de
Atacama", "Reko Diq Mine"), a partnership of states an ORG. English marks
the kind of a name with a head noun ("the Kvanefjeld *deposit*", "the
Lobito *Corridor*", "Africa Finance *Corporation*", "Minerals Security
*Partnership*") or a leading word ("*Salar* de Uyuni", "*Mount* Weld",
"*Lake* Victoria"), and a text that types a name once ("the Simandou mine")
uses the bare name for the same thing ("Simandou") elsewhere. This module
reads those words; :mod:`kg.nlp.mentions` lets them decide before the
statistical label.

>>> kind_of_words(["Reko", "Diq", "Mine"])
'Place'
>>> kind_of_words(["Salar", "de", "Atacama"])
'Place'
>>> kind_of_words(["Africa", "Finance", "Corporation"])
'Organization'
>>> kind_of_words(["Minerals", "Security", "Partnership"])
'Agreement'
>>> kind_of_words(["Olaf", "Scholz"]) is None, kind_of_words(["Cabinet", "Secretary", "for", "Mining"]) is None
(True, True)
>>> kind_of_words(["Gulf"]) is None, kind_of_words(["Mopani", "Copper", "Mines"])
(True, 'Organization')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: Last words of a place's name: mines, deposits and projects are the places of their ore (annotation rules).
PLACE_HEADS = frozenset(
    {
        "mine", "mines", "deposit", "deposits", "project", "prospect", "pit", "field", "fields", "basin", "salar",
        "desert", "range", "ranges", "mountains", "hills", "plateau", "valley", "belt", "arc", "triangle", "corridor",
        "port", "region", "province", "district", "prefecture", "county", "governorate", "oblast", "territory",
        "island", "islands", "peninsula", "river", "lake", "bay", "gulf", "coast", "delta", "plain", "plains",
        "highlands", "lowlands", "area", "zone", "complex", "smelter", "refinery", "concession", "claim", "claims",
        "orebody", "lode", "pan", "flats", "craton", "shield", "massif", "volcano", "canyon", "gorge", "creek",
        "harbour", "harbor", "terminal", "line", "municipality", "city", "town", "village", "oasis",
    }
)  # fmt: skip
#: First words of a place's name ("Salar de Uyuni", "Mount Weld", "Port Hedland", "Cerro Rico").
PLACE_LEADS = frozenset(
    {
        "salar", "mount", "mt", "mt.", "lake", "port", "cerro", "sierra", "lago", "cape", "isla", "mina", "gulf",
        "bay", "valle", "rio", "río", "puerto", "monte", "pic", "nevado", "laguna", "jebel", "djebel", "gunung", "cabo",
    }
)  # fmt: skip
#: Last words of an organisation's name.
ORGANIZATION_HEADS = frozenset(
    {
        "ministry", "council", "department", "agency", "commission", "bank", "company", "corporation", "corp",
        "corp.", "inc", "inc.", "ltd", "ltd.", "llc", "plc", "group", "association", "institute", "parliament",
        "committee", "office", "authority", "service", "survey", "union", "organization", "organisation", "court",
        "university", "holdings", "foundation", "trust", "board", "bureau", "federation", "chamber", "secretariat",
        "directorate", "administration", "fund", "exchange", "limited", "industries", "technologies", "ag",
        "s.a.", "gmbh", "co", "co.", "nv", "pty", "jsc", "pjsc", "minerals", "metals", "resources",
        "mining", "materials", "cabinet", "assembly", "senate", "congress", "forum", "minera", "mineracao", "mineração",
        "miniere", "minière", "carbon", "enterprises", "ventures", "partners", "chemie", "chemicals", "chemical",
    }
)  # fmt: skip
#: Last words of an agreement's name (the agreements extractor builds those entities).
AGREEMENT_HEADS = frozenset(
    {
        "agreement", "agreements", "memorandum", "mou", "moa", "accord", "accords", "pact", "treaty", "partnership",
        "initiative", "framework", "plan", "declaration", "charter", "compact", "protocol", "convention", "roadmap",
        "understanding", "arrangement", "alliance", "dialogue", "offtake",
    }
)  # fmt: skip
#: Head nouns of an encyclopedic definition ("X is a Chinese mining company") and the kind they give X.
DEFINITION_HEADS: dict[str, str] = {
    **dict.fromkeys(
        ("company", "corporation", "firm", "venture", "enterprise", "miner", "producer", "conglomerate", "subsidiary",
         "consortium", "cooperative", "bank", "agency", "fund", "organisation", "organization", "group", "operator",
         "supplier", "manufacturer", "refiner", "developer", "ministry", "regulator", "institution", "steelmaker",
         "carmaker", "automaker", "chipmaker", "maker", "trader", "startup", "lender", "insurer", "exporter", "importer",
         "processor", "smelter", "house"),
        "Organization",
    ),
    **dict.fromkeys(
        ("mine", "deposit", "region", "area", "operation", "project", "district", "province", "desert", "salar",
         "range", "belt", "arc", "basin", "field", "port", "town", "city", "village", "prospect", "complex", "plateau",
         "valley", "lake", "river", "island", "pit", "mountain", "volcano"),
        "Place",
    ),
}  # fmt: skip
#: Words after which "of …"/"on …"/"for …" continues the same name ("Memorandum of Understanding on Minerals").
_CONTINUED_HEADS = AGREEMENT_HEADS | {"ministry", "department", "bank", "council", "commission", "bureau", "office", "agency"}
#: Organisation heads that name a body when followed by "of"/"for" ("Ministry of Mines", "Bank of China").
_NAMED_BODIES = frozenset(
    {
        "ministry", "department", "bank", "council", "commission", "bureau", "office", "agency", "authority", "court",
        "board", "institute", "university", "fund", "committee", "secretariat", "directorate", "administration",
        "corporation", "chamber", "federation", "association", "union", "organization", "organisation",
    }
)  # fmt: skip
#: Government bodies whose "of X and Y" is one portfolio ("Ministry of Mines and Energy"), never a list of two bodies.
PORTFOLIO_BODIES = frozenset({"ministry", "department", "secretariat", "directorate", "bureau", "office", "agency", "commission"})


def portfolio_body(words: list[str]) -> bool:
    """ "Ministry of Lands", "Department for Trade": a government body named by its portfolio, which "and" continues."""
    return len(words) >= 3 and words[0].lower() in PORTFOLIO_BODIES and words[1].lower() in ("of", "for")


#: Marks that open a list item's line ("- Ana Ruiz, Chief Executive", "• Chile: …").
BULLETS = ("-", "•", "*", "–", "·", "▪")
#: Clock and time-zone labels a page may run into a name ("10:30 AM EDT Office of the Spokesperson").
CLOCK_LABELS = frozenset({"AM", "PM", "A.M.", "P.M.", "GMT", "UTC", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "CET", "CEST", "BST", "IST", "JST", "KST", "SAST", "EAT", "WAT", "AEST", "AEDT"})

#: Words that never end a name, however capitalised ("of", "and", punctuation).
_CONNECTORS = frozenset({"of", "and", "for", "on", "the", "de", "del", "la", "&", "-", "–", "—", "'s", "’s"})


def _clean(word: str) -> str:
    return word.casefold().strip(".,;:()[]\"'“”‘’")


#: Offices a company or a bank has, whose "of" phrase names it: "CEO of Nordvik Mining" (a minister's "of" names a portfolio).
CORPORATE_OFFICES = frozenset({"ceo", "cfo", "coo", "chairman", "chairwoman", "chair", "president", "director", "head", "founder"})
#: First words of an office: "Minister for Resources" is a title, whatever its last word.
OFFICE_WORDS = frozenset(
    {
        "minister", "secretary", "president", "commissioner", "ambassador", "governor", "director", "chairman",
        "chairwoman", "chair", "chief", "deputy", "envoy", "premier", "chancellor", "senator", "spokesperson",
        "spokesman", "spokeswoman", "undersecretary", "under", "assistant", "vice", "head", "administrator",
    }
)  # fmt: skip
#: Last words of names that are never an organisation: a meeting, a group of officials, a law, a national policy (summits,
#: conferences, laws and strategies are no Agreements either: the annotation lists them as neutral).
NON_BODY_HEADS = frozenset(
    {"meeting", "summit", "conference", "roundtable", "ministerial", "symposium", "session", "ministers", "leaders", "secretaries", "officials",
     "act", "bill", "law", "strategy", "policy"}
)
#: Plurals of people the tagger may leave unlemmatised as proper nouns ("Members of Congress"): no name starts with them.
PEOPLE_PLURALS = frozenset({"members", "ministers", "leaders", "officials", "representatives", "delegates", "committees"})
#: Heads that are part of a geographic name even in lower case ("the Simandou range", "the Namib desert", "the Tolna region").
GEOGRAPHIC_HEADS = frozenset(
    {"range", "ranges", "desert", "basin", "plateau", "valley", "belt", "arc", "river", "lake", "mountains", "hills", "highlands", "triangle", "corridor", "peninsula", "delta", "gulf", "bay",
     "region", "province", "district", "county", "prefecture", "governorate", "oblast", "municipality"}
)


def kind_of_words(words: Sequence[str]) -> str | None:
    """The kind a name's own words give it: "Place", "Organization", "Agreement", or None.

    The last content word decides ("Reko Diq Mine", "Africa Finance
    Corporation"); a place's leading word decides when no head does ("Salar
    de Atacama"). An agreement's name may continue after its head ("Joint
    Action Plan on Critical Minerals", "Memorandum of Understanding"), so an
    agreement head anywhere followed only by "of/on/for" phrases counts.
    """
    cleaned = [_clean(w) for w in words]
    content = [w for w in cleaned if w and w not in _CONNECTORS]
    if not content or content[0] in OFFICE_WORDS:
        return None
    if any(word in OFFICE_WORDS and index + 1 < len(cleaned) and cleaned[index + 1] in ("of", "for") for index, word in enumerate(cleaned[:3])):
        return None  # "Cabinet Secretary for Mining", "Senior Minister of State for Trade": an office, not a body
    for index, word in enumerate(cleaned):
        followed = index == len(cleaned) - 1 or cleaned[index + 1] in ("of", "on", "for", "between", "(")
        if word in AGREEMENT_HEADS and followed:
            return "Agreement"
        if index + 2 < len(cleaned) and cleaned[index + 1] in ("of", "for"):
            if word in _NAMED_BODIES:
                return "Organization"  # "Ministry of Mines and Energy", "Bank of China", "Office of the Spokesperson"
            if word in PLACE_HEADS and word not in ("line", "area", "zone", "complex"):
                return "Place"  # "Gulf of Guinea", "District of Columbia"
    last = content[-1]
    if len(content) == 1 and (last in PLACE_HEADS or last in ORGANIZATION_HEADS or last in AGREEMENT_HEADS):
        return None  # a head word alone ("Gulf", "Bank", "Agreement") names nothing
    if words[-1] in ("Mines", "Minerals") and len(content) > 1:
        return "Organization"  # "Ivanhoe Mines", "Mopani Copper Mines": companies (a place is a "Mine" or "mines")
    if last in AGREEMENT_HEADS:
        return "Agreement"
    if last in ORGANIZATION_HEADS:
        return "Organization"
    if last in PLACE_HEADS:
        return "Place"
    if content[0] in PLACE_LEADS and len(content) > 1:
        return "Place"
    if content[0] in LEADING_HEADS and len(content) > 1 and words[0][:1].isupper():
        return "Organization"  # "Companhia Serrana de Metais", "Sociedad Minera del Sur"
    return None


def short_company_name(words: Sequence[str]) -> str | None:
    """ "Sable Resources SA" -> "Sable": the words before an organisation's generic head and suffixes, which texts use alone.

    None when nothing distinctive is left ("Bank of China", "Mining Ltd") or
    the name is not made of capitalised words only.
    """
    cleaned = [_clean(w) for w in words]
    if len(cleaned) >= 3 and cleaned[0] in LEADING_HEADS and all(w[:1].isupper() and w.isalpha() for w in words[1:]):
        return " ".join(words[1:])  # "Mineração Serra Alta" -> "Serra Alta", "PT Nusantara Logam" -> "Nusantara Logam"
    k = next((i for i, w in enumerate(cleaned) if w in ORGANIZATION_HEADS or w in COMPANY_TRADES), len(cleaned))
    if k == len(cleaned):  # "Cobre Austral S.A.": no generic head, only a legal form
        k = next((i for i, w in enumerate(cleaned) if w in LEGAL_FORMS and all(rest in LEGAL_FORMS for rest in cleaned[i:])), k)
    headed = k < len(cleaned)  # a metal is dropped only before a head: "Ganfeng Lithium" is not "Ganfeng Lithium Corp."
    while k > 1 and (cleaned[k - 1] in GENERIC_QUALIFIERS or (headed and cleaned[k - 1] in TRADE_METALS)):
        k -= 1  # "Huaxin Special Steel" -> "Huaxin", "Northbay Nickel Refining" -> "Northbay"
    tail_is_generic = all(w in ORGANIZATION_HEADS or w in COMPANY_TRADES or w in LEGAL_FORMS or w in GENERIC_QUALIFIERS or w in TRADE_METALS for w in cleaned[k:])  # not "Lakeshore Minerals Roundtable"
    if not 0 < k < len(cleaned) or not all(w[:1].isupper() and w.isalpha() for w in words[:k]) or set(cleaned[:k]) <= GENERIC_QUALIFIERS | TRADE_METALS or not tail_is_generic:
        return None  # nor "National" of "National Minerals Strategy"
    return " ".join(words[:k])


def company_tail(words: Sequence[str]) -> bool:
    """ "Refining", "Corporation", "Pty Ltd": words that only continue a company's name after its ore word ("Northbay Nickel Refining")."""
    return bool(words) and all((w := _clean(word)) in ORGANIZATION_HEADS or w in COMPANY_TRADES or w in LEGAL_FORMS or w == "mines" for word in words)


def initials(words: Sequence[str]) -> str | None:
    """ "Japan International Cooperation Agency" -> "JICA": the acronym a text may use alone after the full name (three words or more)."""
    significant = [w for w in words if w.lower() not in ("of", "and", "for", "the", "&", "on", "in", "de", "des", "du")]
    if len(significant) < 3 or not all(w[:1].isupper() and w[:1].isalpha() for w in significant):
        return None
    return "".join(w[0] for w in significant)


#: Words that open a company's name in Portuguese, Spanish or Indonesian usage, the distinctive part after them.
LEADING_HEADS = frozenset(
    {"minera", "mineracao", "mineração", "compañía", "compania", "companhia", "banco", "grupo", "sociedad", "sociedade", "empresa", "pt",
     "compagnie", "société", "societe", "corporación", "corporacion", "corporação", "empresas", "companía"}
)
#: Trades a company's name may end with, which texts drop: "Huaxin Special Steel" is "Huaxin".
COMPANY_TRADES = frozenset({"trading", "steel", "motors", "petroleum", "nuclear", "nucléaire", "energy", "énergie", "power", "magnetics", "batteries", "chemicals", "refining", "smelting"})
#: Metals a company's name may name before its head or trade, which texts drop: "Tianqi Lithium Corporation" is "Tianqi".
TRADE_METALS = frozenset({"lithium", "nickel", "copper", "cobalt", "graphite", "gold", "iron", "zinc", "tin", "uranium", "earths", "earth", "manganese", "vanadium", "tungsten", "bauxite", "aluminium", "aluminum"})
#: Qualifiers before a name's trade that belong to the full name only ("Special Steel", "National Petroleum").
GENERIC_QUALIFIERS = frozenset({"special", "national", "general", "international", "global", "united", "critical", "strategic", "battery", "rare", "base", "precious", "green"})


#: Words that describe the body an office is of, before its name: "president of Chile's state miner Codelco".
DESCRIBED_BODY = frozenset({"state", "state-owned", "national", "public", "miner", "company", "producer", "utility", "lender", "firm", "agency", "bank"})
#: Legal forms written after a company's name ("S.A.", "AB", "Tbk"), cleaned as :func:`_clean` leaves them.
LEGAL_FORMS = frozenset({"s.a", "sa", "s.p.a", "spa", "ab", "asa", "bv", "b.v", "nv", "n.v", "tbk", "bhd", "berhad", "ag", "gmbh", "plc", "inc", "ltd", "llc", "pty", "s.a.s", "sas", "sarl", "srl", "oyj", "kk", "as"})


def without_short_forms(forms: Mapping[str, int]) -> Mapping[str, int]:
    """A company's written forms without those that are another form's short name ("Sable" beside "Sable Resources SA").

    Why: the full name labels the company, however often the text uses the short one; all forms when none is left.
    """
    shorts = {short for form in forms if (short := short_company_name(form.split()))}
    return {form: count for form, count in forms.items() if form not in shorts} or forms


def continues_name(head: str) -> bool:
    """Whether an "of/on/for …" phrase after ``head`` is still part of the name."""
    return _clean(head) in _CONTINUED_HEADS
