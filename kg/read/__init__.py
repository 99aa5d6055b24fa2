"""Reading articles: files, folders, stdin and strings into :class:`~kg.types.Document`.

Ingest decides what text kg analyses and stores. It decodes bytes safely,
pulls text out of HTML and JSON Lines, drops page furniture (share-button
rows, comment prompts, author bios, image captions) so that it never turns
into facts, and reads a title and a publication date when the page gives them.

Whatever a user feeds it, ingest either reads it or says why not: an input
that cannot be used (empty, binary, a FIFO, unreadable, a broken symlink, a
file of another kind in a folder) is skipped with a warning naming the file
and the reason, or raises :class:`InputError` in strict mode; a missing path
is always an error. Invalid UTF-8 costs a replacement character and a
warning, never the article. Invisible control and formatting characters
(bidi overrides, zero-width spaces) are removed from the stored text.

Modules, in the order text flows through them: ``inputs`` (what to read, and what to skip with a reason), ``decode`` (bytes to text), ``markup`` (HTML to text), ``clean`` (page furniture, title, date), ``documents`` (the stored Document, one per content).
"""
