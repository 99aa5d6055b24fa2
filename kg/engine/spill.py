"""The analyses of a build on disk: one SQLite file, a row per article, a column per part.

Why: a :class:`~kg.types.DocumentAnalysis` is about 70 KB in memory (offsets,
mentions, facts, sentence texts), so holding every one made a build's memory
grow with the corpus (985 MB after the NLP stage at 10,000 articles). The NLP
stage now writes each batch's analyses here as it finishes, and the
corpus-level stages read back only the column they need, in ``doc_id`` order
(resolution: the local entities, then the facts; the graph: the documents),
one row at a time.

Why SQLite: it is in the standard library, a row is read by key or in key
order without loading the rest, a column is read without decoding the others,
and it is crash-safe on its own (a killed build leaves the file as of its
last committed batch). Each part is JSON made by :mod:`kg.engine.codec` from the
dataclass fields, so a field added to :mod:`kg.types` needs no change here;
the codec's :func:`~kg.engine.codec.schema` is stored with the rows, and a file
written under another schema is emptied rather than misread.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.engine.codec import decode, encode, schema
from kg.engine.parallel import chunked
from kg.files import display_path
from kg.types import Assertion, Document, DocumentAnalysis, LocalEntity, LocalFact, Mention, ResolvedArticle, Span

#: The file's name in the build folder (hidden: it is not an export).
STORE_NAME = ".kg-analyses.sqlite"
#: The stored parts of an analysis, as (column, type of its value).
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("document", Document),
    ("sentences", tuple[Span, ...]),
    ("entities", tuple[LocalEntity, ...]),
    ("facts", tuple[LocalFact, ...]),
    ("mentions", tuple[tuple[str, Mention], ...]),
)
SCHEMA = schema(DocumentAnalysis)
#: Articles of resolution written per transaction.
RESOLVED_BATCH = 1024


class StoreError(OSError):
    """The analysis store cannot be opened or written; the message names its path."""


class AnalysisStore:
    """Analyses by ``doc_id``, each with the cache key it was made under (content, model, kg version).

    >>> import tempfile
    >>> from kg.types import Document
    >>> store = AnalysisStore(Path(tempfile.mkdtemp()) / "a.sqlite")
    >>> doc = Document("Text.", "Title", "sha256:" + "ab" * 32)
    >>> store.add([DocumentAnalysis(doc, (), (), ())], "key-1")
    >>> [d.title for d in store.documents()], store.cache_keys()
    (['Title'], {'abababababababab': 'key-1'})
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = self._db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if row is not None and row[0] != SCHEMA:
                self._db.execute("DROP TABLE IF EXISTS analyses")  # rows of another kg: made again, never misread
            columns = ", ".join(f"{name} TEXT NOT NULL" for name, _ in COLUMNS)
            self._db.execute(f"CREATE TABLE IF NOT EXISTS analyses (doc_id TEXT PRIMARY KEY, cache_key TEXT NOT NULL, {columns})")
            # each article's share of the last resolution (kg.resolve.corpus.resolve_into): made again by every build
            self._db.execute("CREATE TABLE IF NOT EXISTS resolved (doc_id TEXT PRIMARY KEY, mentions TEXT NOT NULL, assertions TEXT NOT NULL)")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA,))
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{display_path(path)}: cannot open the analysis store: {exc}") from exc

    def add(self, analyses: Iterable[DocumentAnalysis], cache_key: str | dict[str, str]) -> None:
        """Store ``analyses`` in one transaction (a batch is stored whole or not at all).

        ``cache_key`` is one key for all, or a key per ``doc_id``.
        """
        rows = [
            (
                a.document.doc_id,
                cache_key if isinstance(cache_key, str) else cache_key[a.document.doc_id],
                *(encode(getattr(a, name), hint) for name, hint in COLUMNS),
            )
            for a in analyses
        ]
        marks = ", ".join("?" for _ in range(len(COLUMNS) + 2))
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(f"INSERT OR REPLACE INTO analyses VALUES ({marks})", rows)
        except sqlite3.Error as exc:
            raise StoreError(f"{display_path(self.path)}: cannot store analyses: {exc}") from exc

    def cache_keys(self) -> dict[str, str]:
        """doc_id -> the cache key its stored analysis was made under."""
        return dict(self._db.execute("SELECT doc_id, cache_key FROM analyses"))

    def keep_only(self, doc_ids: Iterable[str]) -> int:
        """Drop the rows of articles not in ``doc_ids`` (removed from the corpus); returns how many."""
        wanted = set(doc_ids)
        gone = [(d,) for d in self.cache_keys() if d not in wanted]
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany("DELETE FROM analyses WHERE doc_id = ?", gone)
        return len(gone)

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM analyses").fetchone()[0])

    def _column(self, name: str) -> Iterator[tuple[str, Any]]:
        hint = dict(COLUMNS)[name]
        for doc_id, text in self._db.execute(f"SELECT doc_id, {name} FROM analyses ORDER BY doc_id"):
            yield doc_id, decode(hint, text)

    def entities(self) -> Iterator[tuple[str, tuple[LocalEntity, ...]]]:
        """(doc_id, local entities) of every article, in doc_id order: resolution's first pass."""
        return self._column("entities")

    def facts(self) -> Iterator[tuple[str, tuple[LocalFact, ...]]]:
        """(doc_id, local facts) of every article, in doc_id order: resolution's second pass."""
        return self._column("facts")

    def entities_and_facts(self) -> Iterator[tuple[str, tuple[LocalEntity, ...], tuple[LocalFact, ...]]]:
        """(doc_id, local entities, local facts) of every article, in doc_id order: resolution's later passes."""
        entities, facts = dict(COLUMNS)["entities"], dict(COLUMNS)["facts"]
        for doc_id, entity_text, fact_text in self._db.execute("SELECT doc_id, entities, facts FROM analyses ORDER BY doc_id"):
            yield doc_id, decode(entities, entity_text), decode(facts, fact_text)

    def write_resolved(self, articles: Iterable[ResolvedArticle]) -> None:
        """Replace the stored resolution with ``articles`` (a transaction per batch; every build writes it whole before reading it)."""
        self.write_resolved_rows(resolved_row(a) for a in articles)

    def write_resolved_rows(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """:meth:`write_resolved` with the articles already encoded (:func:`resolved_row`, made by Dask workers)."""
        try:
            self._db.execute("DELETE FROM resolved")
            for batch in chunked(rows, RESOLVED_BATCH):
                with self._db:
                    self._db.execute("BEGIN")
                    self._db.executemany("INSERT OR REPLACE INTO resolved VALUES (?, ?, ?)", batch)
        except sqlite3.Error as exc:
            raise StoreError(f"{display_path(self.path)}: cannot store the resolution: {exc}") from exc

    def resolved_articles(self) -> Iterator[tuple[Document, tuple[str, ...], tuple[Assertion, ...]]]:
        """Every stored article with its share of the resolution (mentions, assertions), in doc_id order."""
        query = "SELECT a.document, r.mentions, r.assertions FROM analyses a LEFT JOIN resolved r USING (doc_id) ORDER BY a.doc_id"
        for document, mentions, assertions in self._db.execute(query):
            yield (
                decode(Document, document),
                decode(tuple[str, ...], mentions) if mentions is not None else (),
                decode(tuple[Assertion, ...], assertions) if assertions is not None else (),
            )

    def identity(self) -> str:
        """A random id of this file, made once: a Dask worker that reads the store by path checks it sees this very file."""
        import uuid

        row = self._db.execute("SELECT value FROM meta WHERE name = 'identity'").fetchone()
        if row is not None:
            return str(row[0])
        made = uuid.uuid4().hex
        self._db.execute("INSERT INTO meta VALUES ('identity', ?)", (made,))
        return made

    def documents(self) -> Iterator[Document]:
        """Every stored article, in doc_id order."""
        for _, document in self._column("document"):
            yield document

    def analyses(self) -> Iterator[DocumentAnalysis]:
        """Every stored analysis, whole, in doc_id order."""
        names = ", ".join(name for name, _ in COLUMNS)
        for row in self._db.execute(f"SELECT {names} FROM analyses ORDER BY doc_id"):
            yield DocumentAnalysis(*(decode(hint, text) for (_, hint), text in zip(COLUMNS, row, strict=True)))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> AnalysisStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()



def resolved_row(article: ResolvedArticle) -> tuple[str, str, str]:
    """An article's share of the resolution as the store keeps it: (doc_id, its mentions, its assertions), encoded."""
    return article.doc_id, encode(article.mentions, tuple[str, ...]), encode(article.assertions, tuple[Assertion, ...])


#: (doc_id, local entities, local facts, the article or None): an article's row as a worker reads it.
RangeRow = tuple[str, tuple[LocalEntity, ...], tuple[LocalFact, ...], Document | None]


def read_range(path: Path, first: str, last: str, documents: bool = False) -> Iterator[RangeRow]:
    """The rows of articles ``first`` to ``last`` (doc_ids, both included), in doc_id order, read-only: what a Dask worker resolves.

    Why a read-only connection apart from :class:`AnalysisStore`: opening
    the store writes its schema, and the client keeps writing while workers read.
    """
    hints = dict(COLUMNS)
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        query = f"SELECT doc_id, entities, facts, {'document' if documents else 'NULL'} FROM analyses WHERE doc_id BETWEEN ? AND ? ORDER BY doc_id"
        for doc_id, entities, facts, document in db.execute(query, (first, last)):
            yield doc_id, decode(hints["entities"], entities), decode(hints["facts"], facts), decode(Document, document) if documents else None
    finally:
        db.close()


def read_entities(path: Path, first: str | None = None, last: str | None = None) -> Iterator[tuple[str, tuple[LocalEntity, ...]]]:
    """:meth:`AnalysisStore.entities` (of articles ``first`` to ``last``, both included, when given), read-only: a Dask worker's share of the first pass."""
    hint = dict(COLUMNS)["entities"]
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if first is None or last is None:
            rows = db.execute("SELECT doc_id, entities FROM analyses ORDER BY doc_id")
        else:
            rows = db.execute("SELECT doc_id, entities FROM analyses WHERE doc_id BETWEEN ? AND ? ORDER BY doc_id", (first, last))
        for doc_id, text in rows:
            yield doc_id, decode(hint, text)
    finally:
        db.close()


def read_resolved_range(path: Path, first: str, last: str) -> Iterator[tuple[Document, tuple[str, ...], tuple[Assertion, ...]]]:
    """:meth:`AnalysisStore.resolved_articles` for articles ``first`` to ``last`` (doc_ids, both included), read-only: what a Dask worker writes exports from."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        query = (
            "SELECT a.document, r.mentions, r.assertions FROM analyses a LEFT JOIN resolved r USING (doc_id)"
            " WHERE a.doc_id BETWEEN ? AND ? ORDER BY a.doc_id"
        )
        for document, mentions, assertions in db.execute(query, (first, last)):
            yield (
                decode(Document, document),
                decode(tuple[str, ...], mentions) if mentions is not None else (),
                decode(tuple[Assertion, ...], assertions) if assertions is not None else (),
            )
    finally:
        db.close()


def store_identity(path: Path) -> str | None:
    """The :meth:`AnalysisStore.identity` of the store at ``path`` as this process sees it, or None when it cannot be read here."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE name = 'identity'").fetchone()
        finally:
            db.close()
    except (sqlite3.Error, OSError):
        return None
    return None if row is None else str(row[0])
