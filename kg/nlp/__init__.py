"""spaCy with kg's lexicon rulers: a Document's blocks -> parsed sentences and typed mentions."""
