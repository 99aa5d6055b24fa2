"""graph.html in a real browser: Debian's Chromium driven by Playwright for Python.

Why a browser: only a browser shows that the page draws, makes no request,
logs no error, answers clicks with the evidence, and runs none of the
scripts that article text smuggles in. Every request that is not file:,
about: or data: is aborted and recorded. Playwright never downloads a
browser here: ``.ci/install_chromium.sh`` installs Debian's ``chromium``
and the ``playwright`` package; without them this module is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.export.html import PHYSICS_NODE_LIMIT, render_html
from kg.ontology import KGO, KGR
from tests.conftest import load_script

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not installed (run .ci/install_chromium.sh)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (run .ci/install_chromium.sh)")


def _bench() -> ModuleType:
    return load_script("bench_html")


bench = _bench()

IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=1</script>"
BREAK = "</script><script>window.__pwned=1</script>"
SVG = '<svg onload="window.__pwned=1">'


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = bench.launch_chromium(playwright)
        yield chromium
        chromium.close()


def _open(browser: Any, dataset: Dataset, folder: Path) -> tuple[Any, list[str], list[str]]:
    path = folder / "graph.html"
    path.write_text(render_html(dataset), encoding="utf-8")
    page, blocked, errors = bench.open_graph_page(browser, path, timeout_ms=15_000)
    return page, blocked, errors


@pytest.fixture(scope="module")
def sample_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[str], list[str]]]:
    dataset = Dataset()
    dataset.parse(ROOT / "tests" / "data" / "sample.trig", format="trig")
    page, blocked, errors = _open(browser, dataset, tmp_path_factory.mktemp("sample"))
    yield page, blocked, errors
    page.context.close()


def _node_id(page: Any, label: str) -> int:
    return int(page.evaluate("(label) => window.kg.data.nodes.find((n) => n.label === label).id", label))


def _click_node(page: Any, label: str) -> str:
    """Click a node with the mouse; return the info panel's text."""
    node = _node_id(page, label)
    x, y = bench.node_screen_point(page, node)
    page.mouse.click(x, y)
    page.wait_for_selector(f"#kg-info[data-kind='node'][data-id='{node}']", state="attached", timeout=5_000)
    return str(page.inner_text("#kg-info"))


def test_sample_page_draws_offline_without_errors(sample_page: tuple[Any, list[str], list[str]]) -> None:
    page, blocked, errors = sample_page
    assert blocked == []
    assert errors == []
    assert page.evaluate("() => window.kg.nodes.length") == 9  # the sample's entities
    assert page.evaluate("() => window.kg.edges.length") == 12  # its relation triples
    assert page.title() == "kg — knowledge graph"
    assert page.is_checked("#kg-physics") is False  # stabilised, then frozen
    legend = page.inner_text("#kg-classes")
    for name in ("Person", "State", "Organization", "Mineral", "Agreement", "Place"):
        assert name in legend


def test_clicking_a_node_shows_class_names_wikidata_and_articles(sample_page: tuple[Any, list[str], list[str]]) -> None:
    page, _, errors = sample_page
    text = _click_node(page, "India")
    for expected in ("India", "State", "Indian", "Q668", "Australia and India sign lithium pact", "2024-03-11"):
        assert expected in text
    text = _click_node(page, "Priya Raman")
    assert "Minister of Mines" in text and "negotiates" in text
    text = _click_node(page, "China")
    assert "China's grip on rare earths <script>alert(1)</script>" in text  # shown as characters
    assert errors == []


def test_clicking_an_edge_shows_every_evidence_sentence(sample_page: tuple[Any, list[str], list[str]]) -> None:
    page, _, errors = sample_page
    edge = page.evaluate(
        """() => {
            const d = window.kg.data, net = window.kg.network;
            const e = d.edges.find((e) => e.property === "dominatesSupplyOf");
            const a = net.canvasToDOM(net.getPosition(e.from)), b = net.canvasToDOM(net.getPosition(e.to));
            const box = document.getElementById("kg-network").getBoundingClientRect();
            return {id: e.id, x: box.left + (a.x + b.x) / 2, y: box.top + (a.y + b.y) / 2};
        }"""
    )
    page.mouse.click(edge["x"], edge["y"])
    page.wait_for_selector(f"#kg-info[data-kind='edge'][data-id='{edge['id']}']", state="attached", timeout=5_000)
    text = page.inner_text("#kg-info")
    assert "China controls most of the world's rare earths processing." in text
    assert "China's grip on rare earths <script>alert(1)</script>" in text
    assert "confidence 0.8" in text and "supply-dominance" in text
    assert errors == []


def test_search_and_filters(sample_page: tuple[Any, list[str], list[str]]) -> None:
    page, _, errors = sample_page
    visible = "() => window.kg.nodes.get({filter: (n) => !n.hidden}).length"
    page.fill("#kg-search", "rare")
    page.press("#kg-search", "Enter")
    page.wait_for_selector("#kg-info[data-kind='node']", state="attached")
    assert page.inner_text("#kg-info h2") == "rare earth elements"

    page.get_by_role("checkbox", name="State").uncheck()
    assert page.evaluate(visible) == 6
    page.get_by_role("checkbox", name="State").check()
    assert page.evaluate(visible) == 9

    page.select_option("#kg-article", label="China's grip on rare earths <script>alert(1)</script>")
    assert page.evaluate(visible) == 5  # the entities that article mentions
    assert page.evaluate("() => window.kg.edges.get({filter: (e) => !e.hidden}).length") == 2
    page.select_option("#kg-article", value="-1")
    assert page.evaluate(visible) == 9

    page.get_by_role("checkbox", name="Edge labels").uncheck()
    page.get_by_role("checkbox", name="Physics").check()
    page.get_by_role("checkbox", name="Physics").uncheck()
    assert errors == []


def _hostile() -> Dataset:
    """Entity names, aliases, positions, titles and evidence that try to run code."""
    ds = Dataset()
    state, person, deal = KGR["state/pwn"], KGR["person/pwn"], KGR["agreement/pwn"]
    article, evidence = KGR["article/pwn"], KGR["evidence/pwn"]
    for triple in [
        (state, RDF.type, KGO.State),
        (state, RDFS.label, Literal(IMG)),
        (state, SKOS.altLabel, Literal(SCRIPT)),
        (person, RDF.type, KGO.Person),
        (person, RDFS.label, Literal(BREAK)),
        (person, KGO.holdsPosition, Literal(SVG)),
        (person, KGO.represents, state),
        (deal, RDF.type, KGO.Agreement),
        (deal, RDFS.label, Literal("deal " + SVG)),
        (state, KGO.signs, deal),
    ]:
        ds.add(triple)
    g = ds.graph(article)
    for triple in [
        (article, RDF.type, KGO.Article),
        (article, DCTERMS.title, Literal(BREAK + IMG)),
        (article, KGO.mentions, state),
        (article, KGO.mentions, person),
        (evidence, RDF.type, KGO.Evidence),
        (evidence, RDF.subject, state),
        (evidence, RDF.predicate, KGO.signs),
        (evidence, RDF.object, deal),
        (evidence, PROV.wasDerivedFrom, article),
        (evidence, KGO.evidenceText, Literal(f"They signed {IMG} {SCRIPT} {BREAK}")),
        (evidence, KGO.extractedBy, Literal(SVG)),
    ]:
        g.add(triple)
    return ds


def test_hostile_article_injects_nothing(browser: Any, tmp_path: Path) -> None:
    page, blocked, errors = _open(browser, _hostile(), tmp_path)
    try:
        text = _click_node(page, IMG)
        assert IMG in text and SCRIPT in text and BREAK + IMG in text
        x, y = bench.node_screen_point(page, _node_id(page, BREAK))
        page.mouse.move(x, y)
        page.wait_for_selector("#kg-tooltip:not([hidden])", timeout=5_000)
        assert BREAK in page.inner_text("#kg-tooltip")
        text = _click_node(page, BREAK)
        assert SVG in text
        page.evaluate("() => window.kg.focusEdge(window.kg.data.edges.find((e) => e.property === 'signs').id)")
        text = page.inner_text("#kg-info")
        assert f"They signed {IMG} {SCRIPT} {BREAK}" in text and SVG in text
        page.fill("#kg-search", "<img")
        assert IMG in page.inner_text("#kg-search-results")
        page.select_option("#kg-article", label=BREAK + IMG)
        page.wait_for_timeout(200)
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        assert page.evaluate("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.evaluate("() => document.scripts.length") == 3
        assert page.evaluate("() => document.querySelectorAll('svg[onload], [onerror]').length") == 0
        assert page.title() == "kg — knowledge graph"
        assert blocked == [] and errors == []
    finally:
        page.context.close()


def test_large_graph_opens_with_a_fixed_layout(browser: Any, tmp_path: Path) -> None:
    dataset = bench.synthetic_dataset(n_nodes=PHYSICS_NODE_LIMIT + 600, n_edges=4000, n_articles=60)
    page, blocked, errors = _open(browser, dataset, tmp_path)
    try:
        assert page.evaluate("() => window.kg.nodes.length") == PHYSICS_NODE_LIMIT + 600
        assert page.evaluate("() => window.kg.edges.length") == 4000
        assert page.is_checked("#kg-physics") is False
        page.fill("#kg-search", "State 0")
        page.press("#kg-search", "Enter")
        page.wait_for_selector("#kg-info[data-kind='node']", state="attached", timeout=5_000)
        assert page.inner_text("#kg-info h2") == "State 0"
        assert blocked == [] and errors == []
    finally:
        page.context.close()
