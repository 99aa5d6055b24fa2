"""What spaCy reads of an article: the stored text with its noise blanked out, offsets unchanged.

Real pages carry marks that are not language: Wikipedia citation markers
("[3]", "[citation needed]", "[7]: 206"), edit links ("[edit]"), table pipes
of a flattened infobox. Left in, they glue onto names ("European
Union.[2][3] Members"), split sentences in odd places and become entities.
Removing them would shift every character offset, and evidence offsets must
index the stored text exactly; so each mark is replaced by spaces of the same
length. The parser sees clean text, evidence still quotes the article as stored.

>>> analysis_view("Lithium Triangle.[7] It holds [citation needed] lithium.")
'Lithium Triangle.    It holds                   lithium.'
>>> len(analysis_view("Greece [1] [2]")) == len("Greece [1] [2]")
True
>>> analysis_view("StateWestern Australia")
'     Western Australia'
>>> analysis_view("Products | Copper Gold |")
'           Copper Gold  '

"""

from __future__ import annotations

import re

#: Citation and maintenance marks: "[3]", "[a]", "[7]: 206", "[citation needed]", "[when?]", "[edit]".
_MARKERS = re.compile(
    r"\[(?:\d{1,3}|[a-z]|note \d+|nb \d+|edit|citation needed|clarification needed|according to whom\?|"
    r"by whom\?|when\?|where\?|which\?|who\?|as of\?|contradictory|dubious(?: – discuss)?|failed verification|"
    r"better source needed|page needed|verification needed|original research\?|update|citation needed\]\[\d+)\]"
    r"(?::\s?\d+(?:[-–]\d+)?)?",
    re.IGNORECASE,
)
#: Field names of an infobox line ("Location | X |", "- Country: X", the run-together "StateWestern Australia").
INFOBOX_KEYS = (
    "Location", "Place", "Region", "Province", "State", "District", "County", "Country", "Town", "City", "Municipality",
    "Territory", "Aimag", "Prefecture", "Coordinates", "Production", "Products", "Product", "Commodities", "Commodity",
    "Owner", "Owners", "Operator", "Company", "Companies", "Type", "Opened", "Closed", "History", "Website", "Founded",
    "Headquarters", "Key people", "Revenue", "Industry", "Area served", "Traded as", "Signed", "Signatories", "Parties",
    "Effective", "Members", "Ratifiers", "Depositary", "Depositaries", "Negotiators", "Drafted", "Expiration", "Languages",
    "Condition",
)  # fmt: skip
#: An infobox line's field name: its value follows a pipe, a colon, a tab (a table copied from a page), or nothing at all (flattened tables).
INFOBOX_LINE = re.compile(r"(?m)^[ \t]*(?:-[ \t]*)?(" + "|".join(INFOBOX_KEYS) + r")(?=[ \t]*[|:]|[A-Z0-9]|\t|[ \t]*$)")
#: Infobox lines whose value names nothing kg reads ("Languages: English, French" names no state): blanked whole.
_VALUELESS_LINE = re.compile(r"(?m)^[ \t]*(?:-[ \t]*)?(?:Languages?|Official languages|Website|Traded as|Coordinates)(?:[ \t]*[|:]|\t).*$")
#: A flattened table's cell separators and rules ("Location | Chagai District |", "---|---|").
_TABLE = re.compile(r"(?m)^[\s|:-]*-{3,}[\s|:-]*$|\|")


def analysis_view(text: str) -> str:
    """``text`` with citation marks, infobox field names and table pipes blanked: same length, same offsets.

    A field name is blanked so the parser reads its value as a name of its
    own ("StateWestern Australia" -> "     Western Australia"); the infobox
    extractor reads the field name from the stored text.
    """
    text = _MARKERS.sub(lambda m: " " * len(m.group()), text)
    text = _VALUELESS_LINE.sub(lambda m: " " * len(m.group()), text)
    text = INFOBOX_LINE.sub(lambda m: m.group()[: m.start(1) - m.start()] + " " * len(m.group(1)), text)
    return _TABLE.sub(lambda m: " " * len(m.group()), text)
