"""Articles that would make a build's memory or its exports unbounded: huge texts, embedded images, NULs.

Why: a 5 MB single-line article peaked at 12.6 GB, a Markdown file with a
50 MB base64 image gave ~60 junk Person entities, one NUL dropped a whole
article, and an article over 16 MiB made exports that ``kg query`` could not
read back (Oxigraph's parsers stop at 16 MiB a token, and the stored text is
one literal). Ingest now strips embedded data, removes NULs and refuses an
article over a configurable limit that is capped so every export loads.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from kg.read.blobs import DEFAULT_ARTICLE_LIMIT, MAX_ARTICLE_LIMIT, ArticleLimitError, strip_embedded_data
from kg.read.inputs import InputError, documents_from_texts, read_inputs

GOOD = "Chile and Japan sign lithium pact\nChile and Japan signed a lithium agreement on 4 June 2024.\n"


def test_one_nul_costs_the_nul_not_the_article(tmp_path, caplog):
    (tmp_path / "nul.txt").write_bytes(GOOD.replace("lithium agreement", "lithium\x00 agreement").encode())
    with caplog.at_level(logging.WARNING, logger="kg"):
        (document,) = read_inputs([tmp_path / "nul.txt"])
    assert "\x00" not in document.text and "lithium agreement" in document.text
    assert "nul.txt: removed 1 NUL character" in caplog.text


def test_data_uris_and_base64_runs_are_removed_before_cleaning(tmp_path, caplog):
    image = "iVBORw0KGgo" + "AbCdEf0123+/" * 200_000  # 2.4 MB of base64, like an inline PNG
    (tmp_path / "figure.md").write_text(GOOD + f"![chart](data:image/png;base64,{image}==)\nMore text.\n", encoding="utf-8")
    (tmp_path / "blob.txt").write_text(GOOD + "Attachment: " + "QUJD" * 1000 + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kg"):
        figure, blob = read_inputs([tmp_path / "figure.md", tmp_path / "blob.txt"])
    assert figure.text.endswith("![chart]()\nMore text.") and len(figure.text) < 200
    assert blob.text.endswith("Attachment:")
    assert "figure.md: removed 2,400,035 characters" in caplog.text and "blob.txt: removed 4,000 characters" in caplog.text


def test_ordinary_text_is_left_alone():
    text = "See https://example.org/a/b?c=1 and data: the figures. " + "word " * 300
    assert strip_embedded_data(text) == (text, 0)
    assert strip_embedded_data(text)[0] is text


def test_an_inline_image_gives_no_junk_entities(tmp_path):
    import kg

    image = "".join(chr(65 + (i * 7919) % 26) + chr(97 + (i * 104729) % 26) for i in range(200_000))
    (tmp_path / "figure.md").write_text(GOOD + f"![Map](data:image/png;base64,{image})\n", encoding="utf-8")
    graph = kg.build(tmp_path / "figure.md")
    assert {e.label for e in graph.entities} == {e.label for e in kg.build(texts=[GOOD]).entities}
    assert not [e for e in graph.entities if e.kind == "Person"]


def test_an_article_over_the_limit_is_refused_naming_it(tmp_path, caplog):
    (tmp_path / "big.txt").write_text(GOOD + "Chile exports copper. " * 5_000, encoding="utf-8")
    (tmp_path / "small.txt").write_text(GOOD, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kg"):
        documents = list(read_inputs([tmp_path], max_article_bytes=50_000))
    assert [d.title for d in documents] == ["Chile and Japan sign lithium pact"]
    assert "skipped " in caplog.text and "big.txt: article text is 110,0" in caplog.text
    assert "over the limit of 50,000" in caplog.text
    with pytest.raises(InputError, match=r"big\.txt: article text is .* over the limit"):
        list(read_inputs([tmp_path], strict=True, max_article_bytes=50_000))
    assert documents_from_texts(["x" * 60 + "\nabc"], max_article_bytes=50) == []
    assert len(list(read_inputs([tmp_path]))) == 2  # the default limit is megabytes
    for bad in (0, MAX_ARTICLE_LIMIT + 1):
        with pytest.raises(ArticleLimitError, match="must be between 1 and"):
            list(read_inputs([tmp_path], max_article_bytes=bad))


def test_library_build_takes_the_limit(tmp_path):
    import kg

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert kg.build(tmp_path, max_article_bytes=20).documents == ()
    assert len(kg.build(tmp_path, max_article_bytes=200).documents) == 1


def test_a_20mb_article_is_refused_by_the_cli_in_one_line(tmp_path):
    big = tmp_path / "huge.txt"
    big.write_text("Huge article\n" + "Chile and Japan signed a lithium agreement. " * 460_000, encoding="utf-8")
    assert big.stat().st_size > 20_000_000
    run = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(big), "-o", str(tmp_path / "out"), "-q"], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert f"kg: warning: skipped {big}: article text is 20,240,0" in run.stderr or "huge.txt: article text is 20,240,0" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "out" / "graph.ttl").exists()
    run = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(big), "--max-article-mb", "20"], capture_output=True, text=True)
    assert run.returncode == 1 and run.stderr.strip().splitlines() == [
        "kg: error: --max-article-mb 20: must be above 0 and at most 8 (a larger article could not be read back from kg's exports)"
    ]


def test_an_article_at_the_largest_limit_is_read_back_from_every_rdf_export(tmp_path):
    """The stored text is one literal; escaped at its worst (quotes, backslashes, newlines) it still loads."""
    from kg.engine.knowledge_graph import KnowledgeGraph
    from kg.graph.quads import build_quads
    from kg.read.documents import RawText, make_document
    from kg.sparql.store import open_graph

    lines = [f'Line {n}: he said "no" \\ twice.' for n in range(300_000)]
    text = "\n".join(lines)[: MAX_ARTICLE_LIMIT - 100]
    (document,) = documents_from_texts([text], max_article_bytes=MAX_ARTICLE_LIMIT)
    assert len(document.text) > MAX_ARTICLE_LIMIT - 200
    graph = KnowledgeGraph(build_quads([document], [], [], {}), (), (), (document,))
    graph.export(tmp_path, ["turtle", "ntriples", "trig"])
    for name in ("graph.ttl", "graph.nt", "graph.trig"):
        store = open_graph(tmp_path / name)
        assert len(store) > 0, name
    assert make_document(RawText(text, "<t>")).content_hash == document.content_hash
    assert DEFAULT_ARTICLE_LIMIT < MAX_ARTICLE_LIMIT


def test_the_loader_limit_is_real():
    """Why the cap exists: Oxigraph refuses a literal over 16 MiB, so an uncapped article would not load back."""
    import pyoxigraph as ox

    line = b'<http://x/a> <http://x/b> "' + b"a" * 17_000_000 + b'" .\n'
    with pytest.raises(MemoryError, match="buffer maximal size"):
        list(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([str(Path(__file__))]))
