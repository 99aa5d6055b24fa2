"""Tests for kg.export.html (fast, no browser): offline, complete, safe, deterministic.

The browser-driven checks (clicks, console errors, blocked requests, script
injection in a real page) are in tests/test_browser.py.
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.export.html import PHYSICS_NODE_LIMIT, graph_to_view_data, render_html
from kg.ontology import ENTITY_CLASSES, KGO, KGO_NS, KGR, RELATIONS, WD
from tests.conftest import load_script

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = ROOT / "tests" / "data" / "sample.trig"

SCRIPT_BREAK = "</script><script>alert(1)</script>"
IMG_ONERROR = "<img src=x onerror=alert(1)>"
QUOTES = "\"double\" 'single' `back` \\ &amp; <!-- -->"
SEPARATORS = "line\u2028separator\u2029paragraph"
EMOJI = "⛏️ lithium 🇺🇦"
RTL = "\u202eevil\u202c \u200fمعادن\u200f"


def _load_sample() -> Dataset:
    dataset = Dataset()
    dataset.parse(SAMPLE, format="trig")
    return dataset


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return _load_sample()


@pytest.fixture(scope="module")
def sample_page(sample: Dataset) -> str:
    return render_html(sample)


def _embedded_json(page: str) -> Any:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match is not None, "data block missing"
    return json.loads(match.group(1))


def _without_data_block(page: str) -> str:
    return re.sub(r'<script type="application/json" id="kg-data">.*?</script>', "", page, flags=re.S)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <title> and <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._open = tag if tag in ("title", "h1") else None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.text[self._open] = self.text.get(self._open, "") + data

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def _tags(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def _hostile() -> Dataset:
    """A small kg graph whose every text field is an attack or an oddity."""
    from rdflib.namespace import XSD  # not at module level: pytest probes module globals

    ds = Dataset()
    state, person = KGR["state/hostile"], KGR["person/h\u00fcstile"]
    mineral, agreement = KGR["mineral/lithium"], KGR["agreement/deal"]
    article = KGR["article/evil"]
    for triple in [
        (state, RDF.type, KGO.State),
        (state, RDFS.label, Literal(SCRIPT_BREAK)),
        (state, SKOS.altLabel, Literal(IMG_ONERROR)),
        (state, SKOS.altLabel, Literal(QUOTES)),
        (state, OWL.sameAs, WD["Q1<2"]),
        (person, RDF.type, KGO.Person),
        (person, RDFS.label, Literal(RTL + EMOJI)),
        (person, KGO.holdsPosition, Literal(IMG_ONERROR)),
        (person, KGO.represents, state),
        (mineral, RDF.type, KGO.Mineral),
        (mineral, RDFS.label, Literal(SEPARATORS)),
        (agreement, RDF.type, KGO.Agreement),
        (agreement, RDFS.label, Literal(QUOTES)),
        (agreement, KGO.covers, mineral),
        (state, KGO.signs, agreement),
    ]:
        ds.add(triple)
    g = ds.graph(article)
    g.add((article, RDF.type, KGO.Article))
    g.add((article, DCTERMS.title, Literal(SCRIPT_BREAK + IMG_ONERROR)))
    g.add((article, DCTERMS.date, Literal("2025-01-01", datatype=XSD.date)))
    for entity in (state, person, mineral, agreement):
        g.add((article, KGO.mentions, entity))
    evidence = KGR["evidence/evil"]
    for p, o in [
        (RDF.type, KGO.Evidence),
        (RDF.subject, state),
        (RDF.predicate, KGO.signs),
        (RDF.object, agreement),
        (PROV.wasDerivedFrom, article),
        (KGO.evidenceText, Literal(" ".join([SCRIPT_BREAK, IMG_ONERROR, QUOTES, SEPARATORS, EMOJI, RTL]))),
        (KGO.confidence, Literal(0.5)),
        (KGO.extractedBy, Literal(IMG_ONERROR)),
    ]:
        g.add((evidence, p, o))
    return ds


def _union_value(dataset: Dataset, subject: Any, predicate: Any) -> str:
    """The one object of (subject, predicate) in any graph, as text."""
    (value,) = {str(o) for _, _, o, _ in dataset.quads((subject, predicate, None, None))}
    return value


def _bench() -> ModuleType:
    return load_script("bench_html")


# --------------------------------------------------------------------------
# Offline


def test_page_references_nothing_on_the_network(sample_page: str) -> None:
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", sample_page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", sample_page, re.I)
    assert "@import" not in sample_page
    assert "cdn" not in sample_page.lower()
    tags = {tag for tag, _ in _tags(sample_page).tags}
    assert not tags & {"link", "img", "iframe", "object", "embed", "base", "form", "svg"}


def test_content_security_policy_forbids_every_fetch(sample_page: str) -> None:
    metas = [dict(attrs) for tag, attrs in _tags(sample_page).tags if tag == "meta"]
    policy = next(m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert policy.count("'sha256-") == 3  # vis-network, the app script, the stylesheet


def test_vis_network_comes_from_pyvis_with_its_licence_notice(sample_page: str) -> None:
    """The page inlines the vis-network build pyvis ships (no second copy in kg), version-checked."""
    from kg.export.html.vis import VIS_NETWORK_VERSION, vis_network_js, vis_network_path

    assert vis_network_path().parts[-3:] == ("lib", f"vis-{VIS_NETWORK_VERSION}", "vis-network.min.js")
    assert "pyvis" in vis_network_path().parts
    assert f"@version {VIS_NETWORK_VERSION}" in sample_page
    assert "vis.js is dual licensed" in sample_page
    assert vis_network_js().splitlines()[0] in sample_page


def test_a_missing_or_different_vis_network_is_a_clear_error(tmp_path, monkeypatch) -> None:
    import importlib.util

    from kg.export.html import vis

    fake = tmp_path / "pyvis"
    (fake / "lib" / f"vis-{vis.VIS_NETWORK_VERSION}").mkdir(parents=True)
    (fake / "lib" / f"vis-{vis.VIS_NETWORK_VERSION}" / "vis-network.min.js").write_text("/** @version 10.0.0 */")
    spec = importlib.util.spec_from_loader("pyvis", loader=None, is_package=True)
    spec.submodule_search_locations = [str(fake)]  # type: ignore[union-attr]
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec if name == "pyvis" else None)
    vis.vis_network_js.cache_clear()
    try:
        with pytest.raises(vis.VisNetworkMissing, match=r"expected vis-network 9\.1\.2"):
            vis.vis_network_js()
        monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
        with pytest.raises(vis.VisNetworkMissing, match="pyvis is not installed"):
            vis.vis_network_path()
    finally:
        vis.vis_network_js.cache_clear()


def test_to_pyvis_gives_a_network_of_the_same_view(sample: Dataset) -> None:
    """Notebook users get a pyvis Network, filled without pyvis's quadratic add_edge."""
    from pyvis.network import Network

    from kg.export.pyvis_network import to_pyvis

    view = graph_to_view_data(sample)
    net = to_pyvis(sample)
    assert isinstance(net, Network)
    assert [n["label"] for n in net.nodes] == [n["short"] for n in view["nodes"]]
    assert all(n["title"].startswith(v["label"]) for n, v in zip(net.nodes, view["nodes"], strict=True))
    assert net.node_ids == [n["id"] for n in view["nodes"]]
    assert [(e["from"], e["to"], e["label"]) for e in net.edges] == [(e["from"], e["to"], e["property"]) for e in view["edges"]]
    assert all(e["value"] == len(v["evidence"]) for e, v in zip(net.edges, view["edges"], strict=True))
    assert net.get_nodes() == net.node_ids and net.num_edges() == len(view["edges"])


# --------------------------------------------------------------------------
# Complete


def test_one_node_per_entity(sample: Dataset) -> None:
    entities = {str(s) for s, _, o, _ in sample.quads((None, RDF.type, None, None)) if o in ENTITY_CLASSES}
    nodes = graph_to_view_data(sample)["nodes"]
    assert len(nodes) == len(entities) == 9
    assert {n["iri"] for n in nodes} == entities
    assert [n["id"] for n in nodes] == list(range(len(nodes)))


def test_one_edge_per_relation_triple_with_its_evidence(sample: Dataset) -> None:
    relations = {KGO_NS[name] for name in RELATIONS}
    expected = {(str(s), str(p), str(o)) for s, p, o, _ in sample.quads((None, None, None, None)) if p in relations}
    evidence: dict[tuple[str, str, str], set[str]] = {}
    for ev, _, _, _ in sample.quads((None, RDF.type, KGO.Evidence, None)):
        s, p, o, text = (_union_value(sample, ev, field) for field in (RDF.subject, RDF.predicate, RDF.object, KGO.evidenceText))
        evidence.setdefault((s, p, o), set()).add(text)

    view = graph_to_view_data(sample)
    nodes = view["nodes"]
    got = {(nodes[e["from"]]["iri"], str(KGO_NS[e["property"]]), nodes[e["to"]]["iri"]): e for e in view["edges"]}
    assert len(view["edges"]) == len(expected) == 12
    assert set(got) == expected
    for key, edge in got.items():
        assert {ev["text"] for ev in edge["evidence"]} == evidence.get(key, set()), key
        assert edge["asserted"]
    signs = got[(str(KGR["state/india"]), str(KGO.signs), str(KGR["agreement/australia-india-minerals-agreement"]))]
    assert signs["evidence"] == [
        {
            "article": 0,
            "confidence": 0.9,
            "extractedBy": "verb-pattern",
            "text": "Australia and India signed a critical minerals agreement on Monday covering lithium and rare earths.",
        }
    ]
    assert view["articles"][0]["title"] == "Australia and India sign lithium pact"
    assert view["articles"][0]["date"] == "2024-03-11"


def test_nodes_carry_class_names_positions_wikidata_and_articles(sample: Dataset) -> None:
    view = graph_to_view_data(sample)
    by_label = {n["label"]: n for n in view["nodes"]}
    china, raman = by_label["China"], by_label["Priya Raman"]
    assert (china["class"], china["aliases"], china["wikidata"]) == ("State", ["Beijing", "Chinese"], ["Q148"])
    assert (raman["class"], raman["positions"], raman["aliases"]) == ("Person", ["Minister of Mines"], ["Raman"])
    assert by_label["Australia–India minerals agreement"]["attributes"] == [["signedOn", "2024-03-11"]]
    titles = [view["articles"][a]["title"] for a in by_label["Australia"]["articles"]]
    assert sorted(titles) == ["Australia and India sign lithium pact", "China's grip on rare earths <script>alert(1)</script>"]
    # Size grows with the number of articles that mention the entity.
    assert by_label["Australia"]["size"] > by_label["India"]["size"] > by_label["Tom Hale"]["size"] - 1
    legend = {c["name"]: c["count"] for c in view["classes"]}
    assert legend == {"Person": 2, "State": 3, "Organization": 0, "Mineral": 2, "Agreement": 1, "Place": 1}


def test_page_embeds_exactly_the_view_data(sample: Dataset, sample_page: str) -> None:
    assert _embedded_json(sample_page) == graph_to_view_data(sample)


def test_symmetric_relation_is_one_edge_and_evidence_only_relation_is_marked() -> None:
    ds = Dataset()
    a, b, c = KGR["state/a"], KGR["state/b"], KGR["state/c"]
    for s in (a, b, c):
        ds.add((s, RDF.type, KGO.State))
    ds.add((a, KGO.inConflictWith, b))
    ds.add((b, KGO.inConflictWith, a))
    for name, s, o in [("e1", b, a), ("e2", c, a)]:  # e2: not asserted directly
        ev = KGR[f"evidence/{name}"]
        for p, value in [(RDF.type, KGO.Evidence), (RDF.subject, s), (RDF.predicate, KGO.inConflictWith), (RDF.object, o)]:
            ds.add((ev, p, value))
        ds.add((ev, KGO.evidenceText, Literal(f"sentence {name}")))
    edges = graph_to_view_data(ds)["edges"]
    assert [(e["from"], e["to"], e["symmetric"], e["asserted"], [v["text"] for v in e["evidence"]]) for e in edges] == [
        (0, 1, True, True, ["sentence e1"]),
        (0, 2, True, False, ["sentence e2"]),
    ]


def test_empty_dataset_renders() -> None:
    view = graph_to_view_data(Dataset())
    assert (view["nodes"], view["edges"], view["articles"]) == ([], [], [])
    assert "<!DOCTYPE html>" in render_html(Dataset())


# --------------------------------------------------------------------------
# Safe


def test_hostile_text_never_becomes_markup() -> None:
    page = render_html(_hostile())
    parsed = _tags(page)
    assert [tag for tag, _ in parsed.tags].count("script") == 3
    assert page.count("<script") == 3 and page.count("</script") == 3
    assert not {tag for tag, _ in parsed.tags} & {"img", "iframe", "svg", "object", "embed"}
    assert not [name for _, attrs in parsed.tags for name, _ in attrs if name.lower().startswith("on")]
    # vis-network itself sets image.onerror handlers; everything else is ours.
    from kg.export.html.page import inline_script
    from kg.export.html.vis import vis_network_js

    outside = _without_data_block(page).replace(inline_script(vis_network_js()), "")
    assert "onerror" not in outside and "alert(" not in outside
    assert "\u2028" not in page and "\u2029" not in page
    block = re.search(r'id="kg-data">(.*?)</script>', page, re.S)
    assert block is not None and not re.search(r"[<>&]", block.group(1))


def test_hostile_text_survives_as_exact_characters() -> None:
    ds = _hostile()
    data = _embedded_json(render_html(ds))
    labels = {n["label"] for n in data["nodes"]}
    assert {SCRIPT_BREAK, RTL + EMOJI, SEPARATORS, QUOTES} <= labels
    state = next(n for n in data["nodes"] if n["label"] == SCRIPT_BREAK)
    assert state["aliases"] == sorted([IMG_ONERROR, QUOTES])
    assert state["wikidata"] == ["Q1<2"]
    assert data["articles"][0]["title"] == SCRIPT_BREAK + IMG_ONERROR
    evidence = next(e for e in data["edges"] if e["property"] == "signs")["evidence"][0]
    assert evidence["text"] == " ".join([SCRIPT_BREAK, IMG_ONERROR, QUOTES, SEPARATORS, EMOJI, RTL])
    assert evidence["extractedBy"] == IMG_ONERROR
    assert data == graph_to_view_data(ds)


def test_hostile_title_is_escaped_in_title_and_heading() -> None:
    title = SCRIPT_BREAK + IMG_ONERROR + '"'
    page = render_html(Dataset(), title=title)
    parsed = _tags(page)
    assert parsed.text["title"] == title and parsed.text["h1"] == title
    assert page.count("<script") == 3 and "<img" not in page


# --------------------------------------------------------------------------
# Deterministic and scalable


def test_same_dataset_gives_same_bytes_whatever_the_insertion_order(sample: Dataset, sample_page: str) -> None:
    assert render_html(sample) == sample_page
    reordered = Dataset()
    for s, p, o, g in reversed(sorted(sample.quads((None, None, None, None)), key=lambda q: tuple(map(str, q)))):
        (reordered.graph(g) if g is not None else reordered).add((s, p, o))
    assert render_html(reordered) == sample_page
    assert render_html(_load_sample()) == sample_page


def test_large_graph_gets_a_fixed_spread_layout_without_physics() -> None:
    dataset = _bench().synthetic_dataset(n_nodes=PHYSICS_NODE_LIMIT + 200, n_edges=1500, n_articles=40)
    view = graph_to_view_data(dataset)
    assert len(view["nodes"]) == PHYSICS_NODE_LIMIT + 200 and len(view["edges"]) == 1500
    assert view["meta"] == {"edgeLabels": "selection", "labelPx": 12, "physics": False}
    points = [(n["x"], n["y"]) for n in view["nodes"]]
    assert all(math.isfinite(c) for p in points for c in p)
    assert len(set(points)) == len(points)
    assert graph_to_view_data(dataset) == view


def test_small_graph_uses_physics_that_the_page_freezes(sample: Dataset, sample_page: str) -> None:
    assert graph_to_view_data(sample)["meta"] == {"edgeLabels": "all", "labelPx": 12, "physics": True}
    assert "setOptions({physics: {enabled: false}})" in sample_page


def test_wikidata_links_are_text_not_links(sample_page: str) -> None:
    assert "wikidata.org" not in _without_data_block(sample_page)
    assert '"wikidata":["Q148"]' in sample_page
    assert str(URIRef("http://www.wikidata.org/entity/Q148")) not in sample_page


# --------------------------------------------------------------------------- the page's own files

ASSETS = Path(__file__).resolve().parent.parent / "kg" / "export" / "html" / "assets"


def test_the_page_script_is_valid_javascript():
    """graph.js is a real file, checked by a JavaScript parser (Node.js, when the machine has it)."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    result = subprocess.run([node, "--check", str(ASSETS / "graph.js")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_template_holds_each_placeholder_and_nothing_else():
    import re

    template = (ASSETS / "graph.html").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r"@@([A-Z_]+)@@", template))) == ["APP", "APP_JS", "CSP", "CSS", "DATA", "TITLE", "VIS_JS"]
    assert "<script src" not in template and "://" not in template
    body = (ASSETS / "app.html").read_text(encoding="utf-8")
    assert sorted(set(re.findall(r"@@([A-Z_]+)@@", body))) == ["TITLE"]
    assert "<script" not in body and "://" not in body


def test_the_stylesheet_balances_its_braces_and_loads_nothing():
    css = (ASSETS / "graph.css").read_text(encoding="utf-8")
    depth = 0
    for char in css:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0 and "url(" not in css and "@import" not in css


# --------------------------------------------------------------------------- what the canvas names first


def test_long_names_are_cut_at_a_word_for_the_canvas_and_kept_whole() -> None:
    from kg.export.html.nodes import display_name

    ds = _load_sample()
    deal = KGR["agreement/long"]
    ds.add((deal, RDF.type, KGO.Agreement))
    ds.add((deal, RDFS.label, Literal("Germany–Kazakhstan–Kyrgyzstan–South Korea–Uzbekistan minerals agreement")))
    node = next(n for n in graph_to_view_data(ds)["nodes"] if n["iri"] == str(deal))
    assert node["label"] == "Germany–Kazakhstan–Kyrgyzstan–South Korea–Uzbekistan minerals agreement"
    assert node["short"] == "Germany–Kazakhstan…"
    assert display_name("India") == "India" and display_name("a  b\nc") == "a b c"
    assert all(len(display_name(name)) <= 25 for name in ("x" * 60, "word " * 20, SCRIPT_BREAK * 3))


def test_labels_go_first_to_the_best_connected_entities(sample: Dataset) -> None:
    nodes = graph_to_view_data(sample)["nodes"]
    assert sorted(n["rank"] for n in nodes) == list(range(len(nodes)))
    by_rank = sorted(nodes, key=lambda n: n["rank"])
    assert by_rank[0]["label"] == "Australia–India minerals agreement" and by_rank[0]["degree"] == 7  # 2 parties x 2, negotiator, 2 minerals
    assert [n["degree"] + len(n["articles"]) for n in by_rank] == sorted((n["degree"] + len(n["articles"]) for n in nodes), reverse=True)


def test_pyoxigraph_and_rdflib_data_give_the_same_view_whatever_the_literals() -> None:
    """The view reads pyoxigraph terms as strings (issue 13); what it shows must not depend on the library.

    Odd evidence on purpose: a confidence of every kind (decimal, double,
    ill-typed, boolean, plain, an IRI), two values of one field (the least
    wins), labels in several languages, and evidence with a literal object
    or no subject (no edge).
    """
    from rdflib.namespace import XSD

    from kg.graph.quads import GraphQuads
    from kg.graph.terms import to_oxigraph_quads

    ds = Dataset()
    a, c, article = KGR["state/a"], KGR["agreement/c"], KGR["article/x"]
    for triple in [
        (a, RDF.type, KGO.State),
        (a, RDFS.label, Literal("Alfa", lang="fr")),
        (a, RDFS.label, Literal("Alpha", lang="en")),
        (c, RDF.type, KGO.Agreement),
        (article, RDF.type, KGO.Article),
        (article, KGO.text, Literal("the whole text")),
    ]:
        ds.add(triple)
    confidences = [
        Literal("0.50", datatype=XSD.decimal), Literal(0.25), Literal("abc", datatype=XSD.decimal), Literal("true", datatype=XSD.boolean),
        Literal("0.9"), URIRef("http://example.org/c"), Literal("7", datatype=XSD.integer),
    ]  # fmt: skip
    for number, confidence in enumerate(confidences):
        evidence = ds.graph(article)
        node = KGR[f"evidence/{number}"]
        for p, o in [(RDF.type, KGO.Evidence), (RDF.subject, a), (RDF.predicate, KGO.signs), (RDF.object, c), (PROV.wasDerivedFrom, article),
                     (KGO.evidenceText, Literal(f"sentence {number}")), (KGO.confidence, confidence), (KGO.extractedBy, Literal("rule"))]:  # fmt: skip
            evidence.add((node, p, o))
    ds.graph(article).add((KGR["evidence/0"], KGO.confidence, Literal("0.1", datatype=XSD.decimal)))  # two values: the least text wins
    for name, triples in [("literal", [(RDF.object, Literal("2020"))]), ("nosubject", [])]:
        node = KGR[f"evidence/{name}"]
        ds.add((node, RDF.type, KGO.Evidence))
        ds.add((node, RDF.predicate, KGO.signs))
        for p, o in triples + ([(RDF.subject, a)] if name == "literal" else [(RDF.object, c)]):
            ds.add((node, p, o))

    view = graph_to_view_data(ds)
    assert graph_to_view_data(GraphQuads.of(to_oxigraph_quads(ds))) == view
    assert [(n["label"], n["aliases"]) for n in view["nodes"]] == [("c", []), ("Alpha", ["Alfa"])]
    (edge,) = view["edges"]
    assert sorted(ev["confidence"] for ev in edge["evidence"] if ev["confidence"] is not None) == [0.1, 0.25, 0.9, 1.0, 7.0]
    assert len(edge["evidence"]) == len(confidences) and edge["asserted"] is False
