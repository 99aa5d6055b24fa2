"""Ingest: decoding, furniture removal, titles, dates, every input kind, and bad input."""

from __future__ import annotations

import json
import logging
import os

import pytest

from kg.read.clean import clean_text, find_publication_date, find_title
from kg.read.decode import decode
from kg.read.documents import RawText, make_document
from kg.read.inputs import InputError, read_inputs

ARTICLE = """Business

Chile and Germany agree lithium partnership

Photo: A lithium brine pool in the Atacama desert (Reuters)
March 3, 2024 — Chile and Germany signed a lithium partnership on Monday.
The deal covers lithium and copper.
Facebook
Twitter
LinkedIn
Leave a Reply
Your email address will not be published. Required fields are marked *
About the Author
Jane Doe writes about mining.
"""


def test_furniture_is_removed_and_text_kept_verbatim():
    text = clean_text(ARTICLE)
    assert "Chile and Germany signed a lithium partnership on Monday." in text
    for furniture in ("Facebook", "Leave a Reply", "email address", "About the Author", "Jane Doe", "Photo:"):
        assert furniture not in text


def test_title_skips_section_labels_and_date_is_read_from_the_dateline():
    text = clean_text(ARTICLE)
    assert find_title(text) == "Chile and Germany agree lithium partnership"
    assert find_publication_date(text) == "2024-03-03"
    assert find_publication_date("No date here.\nOn May 5, 2024 they met.") is None


def test_repeated_lines_are_kept_once():
    text = clean_text(
        "Headline here\nHeadline here\nA long first paragraph that is repeated as a lede.\n\nA long first paragraph that is repeated as a lede. More."
    )
    assert text.count("Headline here") == 1
    assert text.count("A long first paragraph") == 1


def test_document_ids_derive_from_content_not_names(tmp_path):
    (tmp_path / "a.txt").write_text("Title\nSame text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Title\nSame text.", encoding="utf-8")
    docs = list(read_inputs([tmp_path]))
    assert len({d.doc_id for d in docs}) == 1
    assert docs[0].content_hash.startswith("sha256:")


def test_html_text_title_and_date(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Site | Story</title><meta property='article:published_time' content='2024-05-06T10:00:00Z'>"
        "<script>var x = '<p>not text</p>';</script><style>p{}</style></head>"
        "<body><nav>Home</nav><h1>Peru signs copper deal</h1><p>Peru &amp; Canada signed a copper deal.</p>"
        "<footer>Share</footer></body></html>",
        encoding="utf-8",
    )
    (doc,) = read_inputs([page])
    assert doc.title == "Peru signs copper deal"
    assert doc.date == "2024-05-06"
    assert "Peru & Canada signed a copper deal." in doc.text
    assert "not text" not in doc.text and "Home" not in doc.text


def test_jsonl_records(tmp_path, caplog):
    path = tmp_path / "feed.jsonl"
    rows = [{"text": "Title one\nBody one.", "date": "2024-01-02"}, {"title": "no text"}, {"text": "Title two\nBody two."}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kg"):
        docs = list(read_inputs([path]))
    assert [d.title for d in docs] == ["Title one", "Title two"]
    assert docs[0].date == "2024-01-02"
    assert "feed.jsonl:2" in caplog.text and "feed.jsonl:4" in caplog.text


def test_decoding():
    assert decode("Kyiv – Київ".encode("utf-16"), "x") == "Kyiv – Київ"
    assert decode(b"\xef\xbb\xbfBOM text", "x") == "BOM text"
    assert decode(b"bad \xff byte", "x") == "bad \ufffd byte"


def test_bad_inputs_are_skipped_with_a_reason(tmp_path, caplog):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "good.txt").write_text("Good title\nGood body.", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
    with caplog.at_level(logging.WARNING, logger="kg"):
        docs = list(read_inputs([tmp_path]))
    assert [d.title for d in docs] == ["Good title"]
    assert "empty.txt: empty file" in caplog.text
    assert "binary.txt: binary file" in caplog.text
    if hasattr(os, "mkfifo"):
        assert "pipe.txt: not a regular file" in caplog.text


def test_strict_mode_and_missing_paths(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.txt: empty file"):
        list(read_inputs([tmp_path], strict=True))
    with pytest.raises(InputError, match=r"nope: no such file or folder"):
        list(read_inputs([tmp_path / "nope"]))


def test_make_document_is_deterministic():
    a = make_document(RawText(ARTICLE, "a"))
    b = make_document(RawText(ARTICLE, "b"))
    assert a.content_hash == b.content_hash and a.text == b.text and a.title == b.title


def test_bylines_credits_and_related_links_are_furniture():
    text = clean_text(
        "Kazakhstan courts investors\nBy Olzhas Auyezov\nALMATY, Sept 12 (Reuters) - Kazakhstan wants investors.\n"
        "By the way, this line is text.\nReporting by Olzhas Auyezov; Editing by Mark Heinrich\nRead more:\nEU signs raw materials deal with Kazakhstan\n"
    )
    assert "Auyezov" not in text and "Heinrich" not in text and "EU signs" not in text
    assert "By the way, this line is text." in text and "Kazakhstan wants investors." in text


def test_city_datelines_give_the_publication_date():
    assert find_publication_date("LONDON, June 16, 2020 - Glencore signed a deal.") == "2020-06-16"
    assert find_publication_date("Brussels, 9 December 2022\nThe EU and Chile ...") == "2022-12-09"


def test_markdown_marks_are_read_as_the_rendered_page(tmp_path):
    from kg.read.inputs import read_inputs

    page = tmp_path / "brief.md"
    page.write_text(
        "# Qatar and Oman sign phosphate accord\n\n"
        "- **Qatar and Oman** signed the [Gulf Phosphate Accord](https://example.org/accord).\n"
        "> *Salim Harthy*, Oman's minister, called it `historic`.\n"
        "![map](data:image/png;base64,iVBORw0KGgo=)\n",
        encoding="utf-8",
    )
    (document,) = read_inputs([page])
    assert document.title == "Qatar and Oman sign phosphate accord"
    assert "Qatar and Oman signed the Gulf Phosphate Accord." in document.text
    assert "Salim Harthy, Oman's minister, called it historic." in document.text
    assert not any(mark in document.text for mark in ("**", "](", "#", "`", "data:image"))


def test_markdown_cleaning_is_linear_on_hostile_marks():
    from kg.read.markdown import markdown_to_text

    for hostile in ("[" * 200_000, "**a" * 100_000, ("[" + "a" * 499) * 400, "_a " * 100_000):
        assert len(markdown_to_text(hostile)) <= len(hostile)  # returns (a catastrophic pattern would not)


def test_an_encyclopedic_pages_references_and_links_are_not_read():
    page = (
        "Tarvik mine\nTarvik is a copper mine in Oman.\nThe mine opened in 1995.\nSee also\nList of mines in Oman\nReferences\n"
        '^ Smith, John (12 March 2019). "Tarvik expands". Reuters. Retrieved 3 April 2020.\nExternal links\nOfficial website'
    )
    assert clean_text(page) == "Tarvik mine\nTarvik is a copper mine in Oman.\nThe mine opened in 1995."
    opening = "References\nThe word opens this note, which is kept.\nSo is this line."
    assert clean_text(opening) == opening
