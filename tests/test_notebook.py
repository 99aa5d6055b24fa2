"""Graphs in a notebook: vis-network once per session, a few kilobytes per later graph, drawn offline in a shared page."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset

from kg.export.html import GraphView, render_html
from kg.export.html.notebook import NotebookSession, cell_html, library_html, notebook_html
from kg.export.html.vis import vis_network_js
from tests.conftest import ROOT, load_script

SAMPLE = ROOT / "tests" / "data" / "sample.trig"
SCRIPT_BREAK = "</script><script>window.__pwned=1</script>"


@pytest.fixture(scope="module")
def sample() -> Dataset:
    dataset = Dataset()
    dataset.parse(SAMPLE, format="trig")
    return dataset


def _view(dataset: Dataset) -> dict[str, Any]:
    from kg.export.html import graph_to_view_data

    return graph_to_view_data(dataset)


def test_the_library_goes_once_per_session_and_later_graphs_are_small(sample: Dataset) -> None:
    session = NotebookSession()
    first = notebook_html(_view(sample), "first", 500, session)
    second = notebook_html(_view(sample), "second", 500, session)
    assert first.count("data-kg-library") == 2 and "data-kg-library" not in second and "@version 9.1.2" in first
    assert len(first.encode()) > len(vis_network_js().encode())
    assert len(second.encode()) < 12_000  # the sample's data, the markup and the starter: no library
    assert len(second.encode()) * 40 < len(first.encode())
    session.forget()
    assert "data-kg-library" in notebook_html(_view(sample), "again", 500, session)


def test_standalone_is_the_page_in_a_sandboxed_iframe(sample: Dataset) -> None:
    view = GraphView(sample, height=500, standalone=True)
    markup = view._repr_html_()
    match = re.fullmatch(r'<iframe sandbox="allow-scripts" srcdoc="([^"]*)" style="[^"]*500px[^"]*" title="[^"]*"></iframe>', markup)
    assert match is not None and "<" not in match.group(1)
    assert html.unescape(match.group(1)) == render_html(sample) == view.to_html()


def test_colab_gets_the_standalone_page(sample: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert GraphView(sample)._repr_html_().startswith("<iframe")


def test_a_cell_holds_data_as_json_and_markup_as_kg_wrote_it() -> None:
    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS

    from kg.ontology import KGO, KGR

    dataset = Dataset()
    dataset.add((KGR["state/x"], RDF.type, KGO.State))
    dataset.add((KGR["state/x"], RDFS.label, Literal(SCRIPT_BREAK)))
    cell = cell_html(_view(dataset), SCRIPT_BREAK, 400)
    assert cell.count("<script") == 2 and "</script><script>window" not in cell
    assert "&lt;/script&gt;&lt;script&gt;" in cell  # the title, escaped in the markup
    assert "\\u003c/script\\u003e" in cell  # the label, escaped in the JSON


# --------------------------------------------------------------------------- in a browser

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.parametrize("insert", ["static", "jupyterlab"])
def test_two_graphs_draw_in_one_notebook_page_offline(sample: Dataset, tmp_path: Path, insert: str) -> None:
    """A page like Jupyter's: RequireJS-style ``define`` present, two graph outputs, the second without the library.

    "static" is nbconvert's HTML (outputs in the page as written); "jupyterlab"
    inserts each output as JupyterLab does (innerHTML, then every script
    re-created in place so that it runs).
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    bench = load_script("bench_html")
    from tests.test_browser import _hostile

    session = NotebookSession()
    outputs = [notebook_html(_view(sample), "sample", 480, session), notebook_html(_view(_hostile()), "hostile <b>", 480, session)]
    amd = "<script>window.define = function () { throw new Error('anonymous define'); }; window.define.amd = {};</script>"
    if insert == "static":
        body = "".join(f'<div class="output">{o}</div>' for o in outputs)
        loader = ""
    else:
        body = "".join(f'<div class="output" id="out{i}"></div>' for i in range(len(outputs)))
        loader = (
            "<script>window.__outputs = "
            + _json(outputs)
            + """;
            window.__outputs.forEach(function (markup, i) {
              var out = document.getElementById("out" + i);
              out.innerHTML = markup;
              Array.prototype.forEach.call(out.querySelectorAll("script"), function (old) {
                var fresh = document.createElement("script");
                Array.prototype.forEach.call(old.attributes, function (a) { fresh.setAttribute(a.name, a.value); });
                fresh.textContent = old.textContent;
                old.parentNode.replaceChild(fresh, old);
              });
            });</script>"""
        )
    page_path = tmp_path / "notebook.html"
    page_path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'>{amd}</head><body><h1>Notebook</h1>{body}{loader}</body></html>", encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = bench.launch_chromium(playwright)
        try:
            context = browser.new_context(viewport={"width": 1300, "height": 1200})
            blocked = bench.block_network(context)
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_path.resolve().as_uri())
            page.wait_for_function("() => document.querySelectorAll('.kg-host[data-kg-ready]').length === 2", timeout=20_000)
            counts = page.evaluate("() => Array.from(document.querySelectorAll('.kg-host')).map((h) => [h.kg.nodes.length, h.kg.labels().length])")
            assert counts[0] == [9, counts[0][1]] and counts[0][1] > 0 and counts[1][0] == 3
            text = page.evaluate(
                """() => { const host = document.querySelectorAll('.kg-host')[1];
                           host.kg.showNode(host.kg.data.nodes.findIndex((n) => n.label.startsWith('</script>')));
                           return host.shadowRoot.getElementById('kg-info').textContent; }"""
            )
            assert SCRIPT_BREAK in text
            assert page.evaluate("() => typeof window.__pwned") == "undefined"
            assert page.evaluate("() => document.querySelectorAll('#kg-info').length") == 0  # each graph's ids stay in its shadow root
            assert page.evaluate("() => document.querySelector('h1').getBoundingClientRect().height") > 0
            assert blocked == [] and errors == []
        finally:
            browser.close()


def _json(value: Any) -> str:
    from kg.export.html.page import json_for_script

    return json_for_script(value)


def test_the_library_script_is_valid_javascript(tmp_path: Path) -> None:
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", library_html() + cell_html({"nodes": []}, "t", 100), flags=re.S)
    for i, code in enumerate(scripts):
        if code.lstrip().startswith("{"):
            continue  # the JSON data block
        path = tmp_path / f"s{i}.js"
        path.write_text(code, encoding="utf-8")
        result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
