"""Benchmark graph.html on a synthetic kg graph: render time and browser time.

Why: the HTML view must stay usable on big corpora (issue 4 asks for 5,000
nodes and 20,000 edges opening and responding within a few seconds in
headless Chromium). This script builds such a graph in kg's shape (typed
entities with labels and aliases, relations, one evidence node per relation
inside per-article named graphs, articles that mention the entities), times
``render_html``, opens the page in Debian's Chromium through Playwright with
every non-file request blocked, and prints a small table.

It also holds the browser helpers (:func:`launch_chromium`,
:func:`block_network`, :func:`open_graph_page`) and the generator
(:func:`synthetic_dataset`) that ``scripts/screenshot.py`` and
``tests/test_browser.py`` reuse.

Usage::

    .venv/bin/python scripts/bench_html.py               # 5,000 nodes, 20,000 edges
    .venv/bin/python scripts/bench_html.py --nodes 1000 --edges 4000
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.ontology import KGO, KGR, RELATIONS, SYMMETRIC, WD  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium; Playwright's own browser downloads are never used."""

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL_SCHEMES = ("file:", "about:", "data:")
READY = "html[data-kg-ready]"
"""Selector the page sets once drawn and frozen (a selector, not a JS predicate:
the page's CSP forbids the eval that ``wait_for_function`` needs)."""

_CLASS_SHARES = {"Person": 0.3, "State": 0.08, "Organization": 0.2, "Mineral": 0.04, "Agreement": 0.18, "Place": 0.2}


def synthetic_dataset(n_nodes: int = 5000, n_edges: int = 20000, n_articles: int = 500, seed: int = 7) -> Dataset:
    """A kg-shaped Dataset with hub-heavy degrees, like a real news graph.

    Endpoints are drawn with Zipf-like weights within each class, so a few
    states and minerals collect most relations, as they do in the news.
    Relations respect the ontology's domains and ranges.
    """
    rng = random.Random(seed)
    by_class: dict[str, list[URIRef]] = {}
    default: list[tuple[Any, Any, Any]] = []
    made = 0
    for position, (name, share) in enumerate(_CLASS_SHARES.items()):
        count = n_nodes - made if position == len(_CLASS_SHARES) - 1 else max(1, round(n_nodes * share))
        made += count
        members = by_class.setdefault(name, [])
        for i in range(count):
            iri = KGR[f"{name.lower()}/synthetic-{i}"]
            members.append(iri)
            default += [(iri, RDF.type, KGO[name]), (iri, RDFS.label, Literal(f"{name} {i}"))]
            if i % 3 == 0:
                default.append((iri, SKOS.altLabel, Literal(f"{name[:3]}-{i}")))
            if name == "State" or i % 10 == 0:
                default.append((iri, OWL.sameAs, WD[f"Q{1000 + i}"]))
            if name == "Person":
                default.append((iri, KGO.holdsPosition, Literal("Minister of Mines" if i % 2 else "Trade Envoy")))
    weights = {name: _cumulative([1.0 / (i + 1) ** 0.9 for i in range(len(m))]) for name, m in by_class.items()}

    def draw(classes: frozenset[str]) -> URIRef:
        name = rng.choice(sorted(classes))
        return rng.choices(by_class[name], cum_weights=weights[name])[0]

    articles = [KGR[f"article/synthetic-{a}"] for a in range(n_articles)]
    named: list[tuple[Any, Any, Any, Any]] = []
    dataset = Dataset()
    contexts = [dataset.graph(article) for article in articles]
    for a, article in enumerate(articles):
        ctx = contexts[a]
        named += [
            (article, RDF.type, KGO.Article, ctx),
            (article, DCTERMS.title, Literal(f"Synthetic article {a} on minerals diplomacy"), ctx),
            (article, DCTERMS.date, Literal(f"2025-{1 + a % 12:02d}-{1 + a % 28:02d}", datatype=XSD.date), ctx),
        ]
    properties = sorted(RELATIONS)
    # Every entity takes part in at least one relation (it was extracted from
    # one); the rest of the edges go mostly to hubs.
    lonely = [(name, iri) for name, members in by_class.items() for iri in members]
    seen: set[tuple[URIRef, str, URIRef]] = set()
    while len(seen) < n_edges:
        prop = rng.choice(properties)
        domain, range_ = RELATIONS[prop]
        s, o = draw(domain), draw(range_)
        if lonely:
            name, iri = lonely[-1]
            if name in domain:
                s = iri
            elif name in range_:
                o = iri
            else:
                continue
        if prop in SYMMETRIC and str(o) < str(s):
            s, o = o, s
        if s == o or (s, prop, o) in seen:
            continue
        if lonely:
            lonely.pop()
        seen.add((s, prop, o))
        default.append((s, KGO[prop], o))
        a = rng.randrange(n_articles)
        ctx, evidence = contexts[a], KGR[f"evidence/synthetic-{len(seen)}"]
        sentence = f"{_tail(s)} {prop} {_tail(o)}, according to synthetic article {a}."
        named += [
            (evidence, RDF.type, KGO.Evidence, ctx),
            (evidence, RDF.subject, s, ctx),
            (evidence, RDF.predicate, KGO[prop], ctx),
            (evidence, RDF.object, o, ctx),
            (evidence, PROV.wasDerivedFrom, articles[a], ctx),
            (evidence, KGO.evidenceText, Literal(sentence), ctx),
            (evidence, KGO.confidence, Literal(round(0.5 + rng.random() / 2, 2)), ctx),
            (evidence, KGO.extractedBy, Literal("synthetic"), ctx),
            (articles[a], KGO.mentions, s, ctx),
            (articles[a], KGO.mentions, o, ctx),
        ]
    for triple in default:
        dataset.add(triple)
    dataset.addN(named)
    return dataset


def _cumulative(values: list[float]) -> list[float]:
    total, out = 0.0, []
    for v in values:
        total += v
        out.append(total)
    return out


def _tail(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1]


# --------------------------------------------------------------------------
# Browser helpers (shared with scripts/screenshot.py and tests/test_browser.py)


def launch_chromium(playwright: Playwright) -> Browser:
    """Headless Debian Chromium; raises if it is not installed (no download)."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: run .ci/install_chromium.sh")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)


def block_network(context: BrowserContext) -> list[str]:
    """Abort and record every request that is not file:, about: or data:."""
    blocked: list[str] = []

    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    def seen(request: Any) -> None:
        if not request.url.startswith(LOCAL_SCHEMES) and request.url not in blocked:
            blocked.append(request.url)

    context.route("**/*", handle)
    context.on("request", seen)
    return blocked


def open_graph_page(
    browser: Browser, path: Path, width: int = 1400, height: int = 900, timeout_ms: float = 60_000
) -> tuple[Page, list[str], list[str]]:
    """Open a written graph.html, wait until it is drawn and frozen.

    Returns the page, the blocked requests and the console errors so far.
    """
    context = browser.new_context(viewport={"width": width, "height": height})
    blocked = block_network(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=timeout_ms)
    page.wait_for_selector(READY, state="attached", timeout=timeout_ms)
    return page, blocked, errors


def node_screen_point(page: Page, node_id: int) -> tuple[float, float]:
    """Viewport coordinates of a node's centre (for a real mouse click)."""
    point = page.evaluate(
        """(id) => {
            const net = window.kg.network;
            const dom = net.canvasToDOM(net.getPosition(id));
            const box = document.getElementById("kg-network").getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""",
        node_id,
    )
    return float(point[0]), float(point[1])


# --------------------------------------------------------------------------
# The benchmark


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def run(n_nodes: int, n_edges: int, n_articles: int) -> list[tuple[str, str]]:
    """Build, render and drive the page; return (measure, value) rows.

    Browser times are taken inside the page with ``performance.now()`` up to
    the next finished vis redraw (what the user sees), not around
    Playwright's round trips.
    """
    from playwright.sync_api import sync_playwright

    from kg.export.html import graph_to_view_data, render_html

    rows: list[tuple[str, str]] = []
    t, dataset = _timed(lambda: synthetic_dataset(n_nodes, n_edges, n_articles))
    rows.append(("build synthetic Dataset", f"{t:.2f} s ({len(dataset):,} quads)"))
    t, view = _timed(lambda: graph_to_view_data(dataset))
    rows.append(("graph_to_view_data", f"{t:.2f} s ({len(view['nodes']):,} nodes, {len(view['edges']):,} edges)"))
    t, page_text = _timed(lambda: render_html(dataset))
    rows.append(("render_html (total)", f"{t:.2f} s ({len(page_text.encode()) / 1e6:.1f} MB page)"))

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        path = Path(tmp) / "graph.html"
        path.write_text(page_text, encoding="utf-8")
        browser = launch_chromium(pw)
        try:
            t, (page, blocked, errors) = _timed(lambda: open_graph_page(browser, path))
            timing = page.evaluate(
                """() => ({load: performance.getEntriesByType("navigation")[0].loadEventEnd, ready: window.__kgReadyAt})"""
            )
            rows.append(("page load event", f"{timing['load'] / 1000:.2f} s"))
            rows.append(("network drawn and frozen (ready flag)", f"{timing['ready'] / 1000:.2f} s (wall {t:.2f} s)"))
            rows.append(("full redraw, whole graph in view", f"{_redraw_ms(page):.0f} ms"))
            rows.append(("click node -> info panel painted (median of 5)", f"{_click_ms(page, view):.0f} ms"))
            rows.append(("edge evidence panel (most evidenced edge)", f"{_edge_ms(page, view):.0f} ms"))
            hide, show = _toggle_ms(page, "#kg-classes input")
            rows.append(("class filter: hide / show Person", f"{hide:.0f} / {show:.0f} ms"))
            on, off = _toggle_ms(page, "#kg-edge-labels")
            rows.append(("edge labels on / off", f"{on:.0f} / {off:.0f} ms"))
            panel, camera = _search_ms(page, "State 1")
            rows.append(("search + Enter: panel / view redrawn", f"{panel:.0f} / {camera:.0f} ms"))
            rows.append(("non-file requests / console errors", f"{len(blocked)} / {len(errors)}"))
        finally:
            browser.close()
    return rows


_NEXT_DRAW = """new Promise((done) => window.kg.network.once("afterDrawing", () => done(performance.now())))"""


def _redraw_ms(page: Page) -> float:
    page.evaluate("() => window.kg.network.fit()")
    times = [
        float(
            page.evaluate(
                f"() => {{ const t0 = performance.now(); const p = {_NEXT_DRAW}; window.kg.network.redraw(); return p.then((t) => t - t0); }}"
            )
        )
        for _ in range(3)
    ]
    return statistics.median(times)


def _click_ms(page: Page, view: dict[str, Any]) -> float:
    """Real mouse clicks on the five most mentioned nodes that are not covered."""
    ranked = sorted(view["nodes"], key=lambda n: (-len(n["articles"]), n["id"]))
    times: list[float] = []
    for node in ranked:
        if len(times) == 5:
            break
        on_top = page.evaluate(
            """(id) => {
                const net = window.kg.network;
                net.moveTo({position: net.getPosition(id), scale: 1.0});
                return net.getNodeAt(net.canvasToDOM(net.getPosition(id))) === id;
            }""",
            node["id"],
        )
        if not on_top:  # another node is drawn over this one's centre
            continue
        page.evaluate(
            """() => {
                const net = window.kg.network, canvas = document.querySelector("#kg-network canvas");
                window.__kgClick = new Promise((done) => {
                    canvas.addEventListener("pointerdown", () => {
                        const t0 = performance.now();
                        net.once("click", () => net.once("afterDrawing", () => done(performance.now() - t0)));
                    }, {capture: true, once: true});
                });
            }"""
        )
        x, y = node_screen_point(page, node["id"])
        page.mouse.click(x, y)
        times.append(float(page.evaluate("() => window.__kgClick")))
        page.wait_for_selector(f"#kg-info[data-kind='node'][data-id='{node['id']}']", state="attached")
    page.evaluate("() => window.kg.network.fit()")
    return statistics.median(times)


def _edge_ms(page: Page, view: dict[str, Any]) -> float:
    edge = max(view["edges"], key=lambda e: (len(e["evidence"]), -e["id"]))
    return float(
        page.evaluate(
            "(id) => { const t0 = performance.now(); window.kg.showEdge(id); return performance.now() - t0; }",
            edge["id"],
        )
    )


def _toggle_ms(page: Page, selector: str) -> tuple[float, float]:
    """Click a checkbox twice; each time, the ms until vis has redrawn."""
    script = f"""(selector) => {{
        const t0 = performance.now(); const p = {_NEXT_DRAW};
        document.querySelector(selector).click();
        return p.then((t) => t - t0);
    }}"""
    first = float(page.evaluate(script, selector))
    second = float(page.evaluate(script, selector))
    return first, second


def _search_ms(page: Page, query: str) -> tuple[float, float]:
    """Type a query, press Enter: ms to the info panel, and to the redrawn view."""
    result = page.evaluate(
        f"""(query) => {{
            const box = document.getElementById("kg-search");
            box.value = query;
            box.dispatchEvent(new Event("input"));
            const t0 = performance.now(), drawn = {_NEXT_DRAW};
            box.dispatchEvent(new KeyboardEvent("keydown", {{key: "Enter"}}));
            const panel = performance.now() - t0;
            return drawn.then((t) => [panel, t - t0]);
        }}""",
        query,
    )
    return float(result[0]), float(result[1])


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the benchmark, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args(argv)
    rows = run(args.nodes, args.edges, args.articles)
    width = max(len(name) for name, _ in rows)
    print(f"graph.html benchmark: {args.nodes:,} nodes, {args.edges:,} edges, {args.articles:,} articles")
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 30}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
