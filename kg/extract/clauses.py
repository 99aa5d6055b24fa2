"""Clauses of a dependency parse: the precision guard every relation shares.

Why: a fact needs a trigger in the same clause as both its arguments
(issue 12, item 7). "Canada signed the accord, which China opposed" holds
two clauses; a sentence that names a war and, elsewhere, two states holds no
war between them. A clause here is a verb with everything below it except
the verbs that head clauses of their own (subordinate, relative, coordinated
with their own subject, parenthetical). Control and raising complements
("agreed to sign", "is expected to sign") stay in their governor's clause.

>>> CLAUSE_DEPS >= {"advcl", "relcl", "ccomp", "parataxis"}
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Dependencies that start a clause of their own below a verb.
CLAUSE_DEPS = frozenset({"advcl", "relcl", "ccomp", "parataxis", "csubj", "acl"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def _opens_clause(token: Token) -> bool:
    if token.head.i == token.i:
        return True
    if token.pos_ not in ("VERB", "AUX") and token.dep_ != "ROOT":
        return False
    if token.dep_ in CLAUSE_DEPS:
        return True
    if token.dep_ == "dep" and token.pos_ == "VERB" and token.head.pos_ in ("VERB", "AUX"):
        return True  # "Serbia annulled the licences, then revived the deal": an unlinked second predicate
    # "Chile signed and Peru rejected": a coordinated verb with its own subject
    return token.dep_ == "conj" and any(c.dep_ in SUBJECTS for c in token.children)


def clause_of(token: Token) -> Token:
    """The verb (or root) heading the clause a token belongs to."""
    current = token
    for _ in range(64):
        if _opens_clause(current):
            return current
        current = current.head
    return current


def same_clause(a: Token, b: Token) -> bool:
    """True when two tokens belong to one clause (or one is the head of the other's clause)."""
    clause_a, clause_b = clause_of(a), clause_of(b)
    if clause_a.i == clause_b.i:
        return True
    # a participle or relative clause on an argument belongs with that argument ("the deal signed by X")
    return _attached(clause_b, clause_a, a) or _attached(clause_a, clause_b, b)


def _attached(clause: Token, outer: Token, argument: Token) -> bool:
    """``clause`` qualifies a noun of ``outer`` ("the deal [signed by X]") and ``argument`` is that noun or inside it."""
    if clause.dep_ not in ("acl", "relcl") or clause.head.i == clause.i:
        return False
    return clause_of(clause.head).i == outer.i and clause.head.left_edge.i <= argument.i <= clause.head.right_edge.i
