"""Render a kg graph to graph.html and take a PNG screenshot of it.

Why: the README shows what users see first; regenerating the picture from
a real build keeps it honest. Uses the same offline tooling as the tests
(Debian's Chromium through Playwright, every non-file request blocked).

The README's picture (``docs/graph.png``) is a corpus of more than a hundred
entities built from the texts in the repository, the seeds and the articles
of ``eval/own/texts``::

    .venv/bin/kg build seeds eval/own/texts -o /tmp/kg-corpus -q
    .venv/bin/python scripts/screenshot.py /tmp/kg-corpus

Other uses::

    .venv/bin/python scripts/screenshot.py                       # exports/, else tests/data/sample.trig
    .venv/bin/python scripts/screenshot.py exports/graph.trig --out /tmp/g.png --select "Ukraine"
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from rdflib import Dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from bench_html import launch_chromium, open_graph_page

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GRAPHS = (ROOT / "exports", ROOT / "tests" / "data" / "sample.trig")


def load(path: Path) -> Dataset:
    """A folder of exports or one RDF file, read as ``kg view`` reads it."""
    from kg.graph.loading import load_dataset

    return load_dataset(path)


def screenshot(graph: Path, out: Path, width: int = 1400, height: int = 900, select: str | None = "") -> Path:
    """Write ``out``: the page for ``graph`` with one entity's panel open.

    ``select`` names the entity whose info panel is shown (its label); the
    empty string picks the most mentioned entity, None selects nothing.
    """
    from playwright.sync_api import sync_playwright

    from kg.export.html import render_html

    page_text = render_html(load(graph))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        path = Path(tmp) / "graph.html"
        path.write_text(page_text, encoding="utf-8")
        browser = launch_chromium(pw)
        try:
            page, blocked, errors = open_graph_page(browser, path, width=width, height=height)
            if blocked or errors:
                raise RuntimeError(f"{graph}: page made requests {blocked} or logged errors {errors}")
            if select is not None:
                found = page.evaluate(
                    """(label) => {
                        const nodes = window.kg.data.nodes;
                        if (!nodes.length) return false;
                        const pick = label
                            ? nodes.find((n) => n.label === label)
                            : nodes.slice().sort((a, b) => b.articles.length - a.articles.length || a.id - b.id)[0];
                        if (!pick) return false;
                        window.kg.network.selectNodes([pick.id]);
                        window.kg.showNode(pick.id);
                        return true;
                    }""",
                    select,
                )
                if not found and select:
                    raise SystemExit(f"no entity labelled {select!r} in {graph}")
            page.wait_for_timeout(300)
            page.screenshot(path=str(out))
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and write the screenshot."""
    parser = argparse.ArgumentParser(description="Screenshot graph.html for a kg graph file.")
    parser.add_argument("graph", nargs="?", type=Path, help="folder of exports or RDF file (default: exports/, else the test sample)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "graph.png")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--select", default="", help="label of the entity to show in the panel ('' = most mentioned)")
    parser.add_argument("--no-select", action="store_true", help="leave the info panel on its hint")
    args = parser.parse_args(argv)
    graph = args.graph or next((p for p in DEFAULT_GRAPHS if p.exists()), None)
    if graph is None or not graph.exists():
        parser.error(f"no graph file: {args.graph or ' nor '.join(map(str, DEFAULT_GRAPHS))}")
    out = screenshot(graph, args.out, args.width, args.height, None if args.no_select else args.select)
    print(f"{out} ({graph})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
