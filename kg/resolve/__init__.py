"""Across the corpus: local entities and facts of every article -> one Entity per real thing, Assertions with evidence."""
