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
#: A flattened table's cell separators and rules ("Location | Chagai District |", "---|---|").
_TABLE = re.compile(r"(?m)^[\s|:-]*-{3,}[\s|:-]*$|\|")


def analysis_view(text: str) -> str:
    """``text`` with citation marks and table pipes blanked: same length, same offsets."""
    text = _MARKERS.sub(lambda m: " " * len(m.group()), text)
    return _TABLE.sub(lambda m: " " * len(m.group()), text)
