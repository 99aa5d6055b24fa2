"use strict";
const PREFIXES = [
  ["kgo:", "https://w3id.org/mineral-kg/ontology#"], ["kgr:", "https://w3id.org/mineral-kg/id/"],
  ["rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"], ["rdfs:", "http://www.w3.org/2000/01/rdf-schema#"],
  ["owl:", "http://www.w3.org/2002/07/owl#"], ["xsd:", "http://www.w3.org/2001/XMLSchema#"],
  ["skos:", "http://www.w3.org/2004/02/skos/core#"], ["prov:", "http://www.w3.org/ns/prov#"],
  ["dcterms:", "http://purl.org/dc/terms/"], ["wd:", "http://www.wikidata.org/entity/"]];
const $ = (id) => document.getElementById(id);

function shorten(iri) {
  for (const [prefix, ns] of PREFIXES) { if (iri.startsWith(ns)) return prefix + iri.slice(ns.length); }
  return "<" + iri + ">";
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function showError(message) { const box = $("error"); box.textContent = message; box.hidden = false; }

function renderJson(data) {
  const out = $("results");
  if (typeof data.boolean === "boolean") { out.appendChild(el("p", "Answer: " + data.boolean)); return 1; }
  const vars = data.head.vars || [];
  const table = el("table");
  const head = el("tr");
  for (const v of vars) head.appendChild(el("th", v));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const row of data.results.bindings) {
    const tr = el("tr");
    for (const v of vars) {
      const term = row[v];
      if (!term) { tr.appendChild(el("td", "")); continue; }
      const text = term.type === "uri" ? shorten(term.value) : term.type === "bnode" ? "_:" + term.value : term.value;
      const td = el("td", text, term.type === "uri" ? "iri" : "");
      if (term.type === "uri") td.title = term.value;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  out.appendChild(table);
  return data.results.bindings.length;
}

async function run() {
  const query = $("query").value;
  const chosen = $("format").value;
  const accept = chosen || "application/sparql-results+json, text/turtle;q=0.9";
  $("results").textContent = ""; $("error").hidden = true; $("status").textContent = "running…";
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept },
      body: new URLSearchParams({ query, truncate: "true" }),  // a person paging through a big result gets its first rows
    });
    const type = response.headers.get("Content-Type") || "";
    const text = await response.text();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) { showError(response.status + " " + response.statusText + "\n" + text); $("status").textContent = ""; return; }
    let count = "";
    if (type.startsWith("application/sparql-results+json") && !chosen) count = renderJson(JSON.parse(text)) + " rows, ";
    else $("results").appendChild(el("pre", text));
    const cap = response.headers.get("X-KG-Truncated");
    $("status").textContent = count + seconds + " s" + (cap ? " — truncated at " + cap + " rows" : "");
  } catch (error) { showError(String(error)); $("status").textContent = ""; }
}

async function loadExamples() {
  try {
    const response = await fetch("/queries.json");
    const queries = await response.json();
    const select = $("examples");
    for (const q of queries) { const option = el("option", q.name + " — " + q.description); option.value = q.name; select.appendChild(option); }
    select.addEventListener("change", () => {
      const q = queries.find((item) => item.name === select.value);
      if (q) { $("query").value = q.query; $("description").textContent = q.description; }
    });
  } catch (error) { showError("could not load the example queries: " + error); }
}

document.addEventListener("DOMContentLoaded", () => {
  $("run").addEventListener("click", run);
  $("query").addEventListener("keydown", (event) => { if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run(); });
  loadExamples();
});
