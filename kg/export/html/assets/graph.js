
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = data.nodes, edges = data.edges, articles = data.articles;
  var classOf = {}, propOf = {};
  data.classes.forEach(function (c) { classOf[c.name] = c; });
  data.properties.forEach(function (p) { propOf[p.name] = p; });
  var byId = function (id) { return document.getElementById(id); };
  var info = byId("kg-info"), tooltip = byId("kg-tooltip"), container = byId("kg-network");
  var SVG = "http://www.w3.org/2000/svg";
  var MAX_ROWS = 60;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function link(text, onClick) {
    var b = el("button", "kg-link", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  // ---- shapes for the legend (our own constants, never data) ----
  var SHAPES = {
    dot: ["circle", {cx: 8, cy: 8, r: 6}],
    square: ["rect", {x: 2, y: 2, width: 12, height: 12}],
    diamond: ["polygon", {points: "8,1 15,8 8,15 1,8"}],
    triangle: ["polygon", {points: "8,2 15,14 1,14"}],
    triangleDown: ["polygon", {points: "1,2 15,2 8,14"}],
    hexagon: ["polygon", {points: "4,2 12,2 15,8 12,14 4,14 1,8"}],
    star: ["polygon", {points: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"}]
  };
  function glyph(shape, color) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    var spec = SHAPES[shape] || SHAPES.dot;
    var item = document.createElementNS(SVG, spec[0]);
    Object.keys(spec[1]).forEach(function (k) { item.setAttribute(k, String(spec[1][k])); });
    item.setAttribute("fill", color); item.setAttribute("stroke", "#333"); item.setAttribute("stroke-width", "0.6");
    svg.appendChild(item);
    return svg;
  }
  function propBadge(name) {
    var b = el("span", "kg-prop", name);
    b.style.backgroundColor = (propOf[name] || {color: "#888"}).color;
    return b;
  }

  // ---- indexes, built once ----
  var incident = nodes.map(function () { return []; });
  edges.forEach(function (e) { incident[e.from].push(e.id); if (e.to !== e.from) incident[e.to].push(e.id); });
  var articleNodes = articles.map(function () { return new Set(); });
  nodes.forEach(function (n) { n.articles.forEach(function (a) { articleNodes[a].add(n.id); }); });
  var searchKeys = nodes.map(function (n) {
    return {label: n.label.toLowerCase(), aliases: n.aliases.map(function (a) { return a.toLowerCase(); })};
  });

  // ---- vis data ----
  // Every edge carries its label; the toggle changes one global font size.
  // vis skips a label whose size is below its draw threshold before
  // measuring it, so hidden labels cost nothing per frame, and no DataSet
  // update over every edge is needed (that takes seconds at 20,000 edges).
  // In a large graph (meta.edgeLabels "selection") the global size stays 0
  // and only the selected node's or edge's relations are labelled (below).
  var showEdgeLabels = true, labelAll = data.meta.edgeLabels === "all";
  var EDGE_FONT = 11, MAX_LABELLED = 120, labelled = [];
  var big = !data.meta.physics;
  function edgeItem(e) {
    var color = (propOf[e.property] || {color: "#999"}).color;
    return {
      id: e.id, from: e.from, to: e.to,
      label: labelAll ? e.property : undefined,
      color: {color: color, highlight: color, hover: color, opacity: 0.8},
      width: big ? 1 : Math.min(1 + Math.log2(1 + e.evidence.length), 5),
      arrows: e.symmetric ? {to: {enabled: false}} : undefined,
      dashes: !e.asserted,
      smooth: e.curve ? {enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve)} : false
    };
  }
  var visNodes = new vis.DataSet(nodes.map(function (n) {
    return {id: n.id, label: n.label, group: n.class, x: n.x, y: n.y, size: n.size};
  }));
  var visEdges = new vis.DataSet(edges.map(edgeItem));
  var groups = {};
  data.classes.forEach(function (c) {
    groups[c.name] = {shape: c.shape, color: {background: c.color, border: "#333333",
      highlight: {background: c.color, border: "#000000"}, hover: {background: c.color, border: "#000000"}}};
  });
  var options = {
    autoResize: true,
    groups: groups,
    nodes: {borderWidth: 1, borderWidthSelected: 3,
      font: {size: 14, face: "system-ui, sans-serif", color: "#1f2328", strokeWidth: 3, strokeColor: "#ffffff"},
      scaling: {label: {drawThreshold: 7}}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.45}}, selectionWidth: 2, hoverWidth: 0.6,
      font: {size: labelAll ? EDGE_FONT : 0, face: "system-ui, sans-serif", color: "#444444", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"},
      smooth: false},
    physics: data.meta.physics ? {enabled: true, solver: "barnesHut",
      barnesHut: {gravitationalConstant: -4000, springLength: 150, springConstant: 0.03, damping: 0.2, avoidOverlap: 0.4},
      stabilization: {enabled: true, iterations: 300, updateInterval: 50, fit: true}} : {enabled: false},
    layout: {improvedLayout: false, randomSeed: 42},
    interaction: {hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false, multiselect: false}
  };
  var network = new vis.Network(container, {}, options);

  function markReady() {
    if (window.__kgReady) return;
    window.__kgReady = true;
    window.__kgReadyAt = performance.now();
    document.documentElement.setAttribute("data-kg-ready", "1");
  }
  // Entities mentioned but in no relation drift to the rim under physics and
  // shrink everything else when the view fits; put them on rows under the
  // connected graph instead (once, after stabilisation; big graphs get the
  // same from the Python layout).
  function shelveIsolated() {
    var order = {};
    data.classes.forEach(function (c, i) { order[c.name] = i; });
    var lone = nodes.filter(function (n) { return !incident[n.id].length; });
    if (!lone.length || lone.length === nodes.length) return;
    lone.sort(function (a, b) { return order[a.class] - order[b.class] || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0); });
    var pos = network.getPositions(), minX = Infinity, maxX = -Infinity, maxY = -Infinity;
    nodes.forEach(function (n) {
      if (!incident[n.id].length) return;
      var p = pos[n.id];
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
    });
    var gapX = 130, gapY = 80, cols = Math.max(4, Math.floor((maxX - minX) / gapX) + 1);
    lone.forEach(function (n, k) {
      network.moveNode(n.id, minX + (k % cols) * gapX, maxY + 1.5 * gapY + Math.floor(k / cols) * gapY);
    });
  }
  var physicsBox = byId("kg-physics");
  physicsBox.checked = !!data.meta.physics;
  if (data.meta.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});  // freeze the stabilised layout
      physicsBox.checked = false;
      shelveIsolated();
      network.fit();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }
  network.setData({nodes: visNodes, edges: visEdges});
  if (!data.meta.physics) network.fit();
  if (!nodes.length) markReady();

  // ---- tooltips: plain text in our own element ----
  function showTip(text, pointer) {
    tooltip.textContent = text;
    tooltip.hidden = false;
    var x = pointer.x + 14, y = pointer.y + 14;
    var w = container.clientWidth, h = container.clientHeight;
    tooltip.style.left = Math.min(x, Math.max(0, w - tooltip.offsetWidth - 4)) + "px";
    tooltip.style.top = Math.min(y, Math.max(0, h - tooltip.offsetHeight - 4)) + "px";
  }
  function hideTip() { tooltip.hidden = true; }
  function countText(k, one, many) { return k.toLocaleString("en-US") + " " + (k === 1 ? one : many); }
  network.on("hoverNode", function (p) {
    var n = nodes[p.node];
    showTip(n.label + "\n" + n.classes.join(", ") + " · " + countText(n.articles.length, "article", "articles"), p.pointer.DOM);
  });
  network.on("hoverEdge", function (p) {
    var e = edges[p.edge];
    showTip(nodes[e.from].label + " — " + e.property + " → " + nodes[e.to].label + "\n" +
      countText(e.evidence.length, "evidence sentence", "evidence sentences"), p.pointer.DOM);
  });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);

  // ---- the info panel ----
  function showHint() {
    clear(info);
    info.removeAttribute("data-kind"); info.removeAttribute("data-id");
    info.appendChild(el("h2", null, "Evidence"));
    info.appendChild(el("p", "kg-hint", "Click a node to see its class, names, positions, Wikidata id and the articles that mention it; click an edge to read every sentence it was extracted from."));
    var top = nodes.slice().sort(function (a, b) { return b.articles.length - a.articles.length || a.id - b.id; }).slice(0, 12);
    if (top.length) {
      info.appendChild(el("h3", null, "Most mentioned"));
      var ul = el("ul");
      top.forEach(function (n) {
        var li = el("li", "kg-relation");
        li.appendChild(glyph(classOf[n.class].shape, classOf[n.class].color));
        li.appendChild(link(n.label, function () { focusNode(n.id); }));
        li.appendChild(el("span", "kg-meta", countText(n.articles.length, "article", "articles")));
        ul.appendChild(li);
      });
      info.appendChild(ul);
    }
  }
  function articleLine(a, extra) {
    var art = articles[a];
    var line = el("span");
    line.appendChild(link(art.title, function () { setArticle(a); }));
    var meta = [art.date].concat(extra || []).filter(Boolean).join(" · ");
    if (meta) line.appendChild(el("span", "kg-meta", " — " + meta));
    return line;
  }
  function addRow(dl, term, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", null, term));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = Array.isArray(value) ? value.join(" · ") : String(value);
    dl.appendChild(dd);
  }
  var ATTRIBUTE_NAMES = {signedOn: "Signed on"};
  function showNode(id) {
    var n = nodes[id];
    if (!n) return;
    clear(info);
    info.setAttribute("data-kind", "node"); info.setAttribute("data-id", String(id));
    info.appendChild(el("h2", null, n.label));
    var kind = el("div", "kg-kind");
    kind.appendChild(glyph(classOf[n.class].shape, classOf[n.class].color));
    kind.appendChild(el("span", null, n.classes.join(", ")));
    info.appendChild(kind);
    var dl = el("dl");
    addRow(dl, "Also known as", n.aliases);
    addRow(dl, n.positions.length > 1 ? "Positions" : "Position", n.positions);
    n.attributes.forEach(function (pair) { addRow(dl, ATTRIBUTE_NAMES[pair[0]] || pair[0], pair[1]); });
    addRow(dl, "Wikidata", n.wikidata);
    addRow(dl, "IRI", el("span", "kg-iri", n.iri));
    info.appendChild(dl);

    var rel = incident[id];
    info.appendChild(el("h3", null, countText(rel.length, "relation", "relations")));
    var ul = el("ul");
    rel.slice(0, MAX_ROWS).forEach(function (eid) {
      var e = edges[eid], out = e.from === id, other = out ? e.to : e.from;
      var li = el("li", "kg-relation");
      li.appendChild(el("span", "kg-muted", out ? "→" : "←"));
      var badge = propBadge(e.property);
      badge.style.cursor = "pointer";
      badge.addEventListener("click", function () { focusEdge(eid); });
      li.appendChild(badge);
      li.appendChild(link(nodes[other].label, function () { focusNode(other); }));
      li.appendChild(link("(" + countText(e.evidence.length, "sentence", "sentences") + ")", function () { focusEdge(eid); }));
      ul.appendChild(li);
    });
    if (rel.length > MAX_ROWS) ul.appendChild(el("li", "kg-muted", "… and " + (rel.length - MAX_ROWS) + " more"));
    info.appendChild(ul);

    info.appendChild(el("h3", null, "Mentioned in " + countText(n.articles.length, "article", "articles")));
    var al = el("ul");
    n.articles.slice(0, MAX_ROWS).forEach(function (a) { var li = el("li"); li.appendChild(articleLine(a)); al.appendChild(li); });
    if (n.articles.length > MAX_ROWS) al.appendChild(el("li", "kg-muted", "… and " + (n.articles.length - MAX_ROWS) + " more"));
    info.appendChild(al);
  }
  function showEdge(id) {
    var e = edges[id];
    if (!e) return;
    clear(info);
    info.setAttribute("data-kind", "edge"); info.setAttribute("data-id", String(id));
    var h = el("h2");
    h.appendChild(link(nodes[e.from].label, function () { focusNode(e.from); }));
    h.appendChild(document.createTextNode(" "));
    h.appendChild(propBadge(e.property));
    h.appendChild(document.createTextNode(e.symmetric ? " ↔ " : " → "));
    h.appendChild(link(nodes[e.to].label, function () { focusNode(e.to); }));
    info.appendChild(h);
    var notes = [];
    if (e.symmetric) notes.push("symmetric relation");
    if (!e.asserted) notes.push("found only in evidence, not asserted (dashed)");
    if (notes.length) info.appendChild(el("p", "kg-meta", notes.join("; ")));
    info.appendChild(el("h3", null, "Evidence: " + countText(e.evidence.length, "sentence", "sentences")));
    if (!e.evidence.length) info.appendChild(el("p", "kg-muted", "No evidence sentence is recorded for this relation."));
    var ul = el("ul", "kg-evidence");
    e.evidence.forEach(function (ev) {
      var li = el("li");
      li.appendChild(el("blockquote", null, ev.text || "(no text recorded)"));
      var extra = [];
      if (ev.confidence !== null && ev.confidence !== undefined) extra.push("confidence " + ev.confidence);
      if (ev.extractedBy) extra.push(ev.extractedBy);
      var meta = el("div", "kg-meta");
      if (ev.article >= 0) meta.appendChild(articleLine(ev.article, extra));
      else meta.textContent = ["unknown article"].concat(extra).join(" · ");
      li.appendChild(meta);
      ul.appendChild(li);
    });
    info.appendChild(ul);
  }
  // Large graphs: the selection's labels are drawn here, after vis has drawn
  // the frame: O(selection) per frame, and no DataSet update (any update makes
  // vis revisit every node and edge, ~0.2 s at 25,000 items).
  // Callers that change the selection get vis's own redraw; only the toggle
  // asks for one (network.redraw() draws synchronously: a second frame).
  function labelSelection() {
    if (labelAll) return;
    labelled = showEdgeLabels ? network.getSelectedEdges().slice(0, MAX_LABELLED) : [];
  }
  network.on("afterDrawing", function (ctx) {
    if (labelAll || !labelled.length || EDGE_FONT * network.getScale() < 4) return;
    var ends = [];
    labelled.forEach(function (id) { ends.push(edges[id].from, edges[id].to); });
    var pos = network.getPositions(ends);
    ctx.save();
    ctx.font = EDGE_FONT + "px system-ui, sans-serif";
    ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
    ctx.lineWidth = 3; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = "#444444";
    labelled.forEach(function (id) {
      var e = edges[id], a = pos[e.from], b = pos[e.to];
      if (edgeHidden[id] || !a || !b) return;
      ctx.strokeText(e.property, (a.x + b.x) / 2, (a.y + b.y) / 2);
      ctx.fillText(e.property, (a.x + b.x) / 2, (a.y + b.y) / 2);
    });
    ctx.restore();
  });
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else showHint();
    labelSelection();
  });

  // ---- filters ----
  var classOn = {}, propOn = {}, articleOn = -1;
  data.classes.forEach(function (c) { classOn[c.name] = true; });
  data.properties.forEach(function (p) { propOn[p.name] = true; });
  var nodeHidden = new Uint8Array(nodes.length), edgeHidden = new Uint8Array(edges.length);
  var stats = byId("kg-stats");
  function updateStats() {
    var shownNodes = 0, shownEdges = 0, i;
    for (i = 0; i < nodes.length; i++) if (!nodeHidden[i]) shownNodes++;
    for (i = 0; i < edges.length; i++) if (!edgeHidden[i]) shownEdges++;
    var text = countText(nodes.length, "entity", "entities") + " · " + countText(edges.length, "relation", "relations") +
      " · " + countText(articles.length, "article", "articles");
    if (shownNodes !== nodes.length || shownEdges !== edges.length) text += " — showing " + shownNodes + " and " + shownEdges;
    stats.textContent = text;
  }
  // vis hides the edges of a hidden node by itself, so an edge's own flag
  // changes only with the relation and article filters; that keeps a class
  // toggle to one DataSet update.
  var edgeOwnHidden = new Uint8Array(edges.length);
  function applyFilters() {
    var nodeChanges = [], edgeChanges = [], inArticle = articleOn >= 0 ? articleNodes[articleOn] : null;
    nodes.forEach(function (n, i) {
      var hide = !classOn[n.class] || (inArticle !== null && !inArticle.has(i)) ? 1 : 0;
      if (hide !== nodeHidden[i]) { nodeHidden[i] = hide; nodeChanges.push({id: i, hidden: !!hide}); }
    });
    edges.forEach(function (e, i) {
      var own = !propOn[e.property] || (articleOn >= 0 && e.articles.indexOf(articleOn) < 0) ? 1 : 0;
      if (own !== edgeOwnHidden[i]) { edgeOwnHidden[i] = own; edgeChanges.push({id: i, hidden: !!own}); }
      edgeHidden[i] = own || nodeHidden[e.from] || nodeHidden[e.to];
    });
    if (nodeChanges.length) visNodes.update(nodeChanges);
    if (edgeChanges.length) visEdges.update(edgeChanges);
    updateStats();
  }
  function filterRow(list, name, count, marker, state) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { state[name] = box.checked; applyFilters(); });
    label.appendChild(box); label.appendChild(marker); label.appendChild(el("span", null, name));
    label.appendChild(el("span", "kg-count", count));
    li.appendChild(label); list.appendChild(li);
    return box;
  }
  var classBoxes = {}, propBoxes = {};
  data.classes.forEach(function (c) {
    classBoxes[c.name] = filterRow(byId("kg-classes"), c.name, c.count, glyph(c.shape, c.color), classOn);
  });
  data.properties.forEach(function (p) {
    var line = el("span", "kg-line"); line.style.backgroundColor = p.color;
    propBoxes[p.name] = filterRow(byId("kg-properties"), p.name, p.count, line, propOn);
  });
  var articleSelect = byId("kg-article");
  var all = el("option", null, "All articles (" + articles.length + ")"); all.value = "-1";
  articleSelect.appendChild(all);
  articles.forEach(function (a) {
    var o = el("option", null, (a.date ? a.date + " — " : "") + a.title); o.value = String(a.id);
    articleSelect.appendChild(o);
  });
  function setArticle(a) {
    articleOn = a; articleSelect.value = String(a);
    applyFilters();
    if (a >= 0 && articleNodes[a].size) network.fit({nodes: Array.from(articleNodes[a]), animation: motion()});
  }
  articleSelect.addEventListener("change", function () { setArticle(parseInt(articleSelect.value, 10)); });
  function resetFilters() {
    Object.keys(classOn).forEach(function (k) { classOn[k] = true; classBoxes[k].checked = true; });
    Object.keys(propOn).forEach(function (k) { propOn[k] = true; propBoxes[k].checked = true; });
    articleOn = -1; articleSelect.value = "-1";
    applyFilters();
  }

  // ---- focus, search, toggles ----
  // vis animates frame by frame; when one frame of a big graph costs a few
  // hundred ms, a smooth camera move would take seconds, so big graphs jump.
  function motion() { return big ? false : {duration: 450, easingFunction: "easeInOutQuad"}; }
  function focusNode(id) {
    if (nodeHidden[id]) resetFilters();
    network.selectNodes([id]);
    labelSelection();
    network.focus(id, {scale: Math.max(network.getScale(), big ? 1.0 : 1.2), animation: motion()});
    showNode(id);
  }
  function focusEdge(id) {
    var e = edges[id];
    if (edgeHidden[id]) resetFilters();
    network.selectEdges([id]);
    labelSelection();
    network.fit({nodes: [e.from, e.to], animation: motion()});
    showEdge(id);
  }
  var search = byId("kg-search"), results = byId("kg-search-results");
  function matches(q) {
    var found = [];
    for (var i = 0; i < nodes.length; i++) {
      var k = searchKeys[i], rank = -1;
      if (k.label === q) rank = 0;
      else if (k.label.indexOf(q) === 0) rank = 1;
      else if (k.label.indexOf(q) > 0) rank = 2;
      else if (k.aliases.indexOf(q) >= 0) rank = 3;
      else if (k.aliases.some(function (a) { return a.indexOf(q) >= 0; })) rank = 4;
      if (rank >= 0) found.push([rank, -nodes[i].articles.length, i]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return found.slice(0, 12).map(function (f) { return f[2]; });
  }
  function pick(id) { results.hidden = true; search.value = nodes[id].label; focusNode(id); }
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    clear(results);
    if (!q) { results.hidden = true; return; }
    var ids = matches(q);
    if (!ids.length) { results.appendChild(el("li", "kg-hint", "  No entity matches.")); }
    ids.forEach(function (id) {
      var li = el("li"), b = el("button"), n = nodes[id];
      b.type = "button";
      b.appendChild(glyph(classOf[n.class].shape, classOf[n.class].color));
      b.appendChild(el("span", null, n.label));
      b.appendChild(el("span", "kg-meta", n.class));
      b.addEventListener("click", function () { pick(id); });
      li.appendChild(b); results.appendChild(li);
    });
    results.hidden = false;
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var ids = matches(search.value.trim().toLowerCase()); if (ids.length) pick(ids[0]); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });
  document.addEventListener("click", function (ev) { if (!byId("kg-search-box").contains(ev.target)) results.hidden = true; });

  var labelBox = byId("kg-edge-labels");
  labelBox.checked = showEdgeLabels;
  if (!labelAll) labelBox.parentNode.title = "Large graph: labels of the selected entity's relations";
  labelBox.addEventListener("change", function () {
    showEdgeLabels = labelBox.checked;
    if (labelAll) network.setOptions({edges: {font: {size: showEdgeLabels ? EDGE_FONT : 0}}});
    else { labelSelection(); network.redraw(); }
  });
  physicsBox.addEventListener("change", function () { network.setOptions({physics: {enabled: physicsBox.checked}}); });
  byId("kg-fit").addEventListener("click", function () { network.fit({animation: motion()}); });

  updateStats();
  showHint();
  window.kg = {network: network, nodes: visNodes, edges: visEdges, data: data,
    showNode: showNode, showEdge: showEdge, focusNode: focusNode, focusEdge: focusEdge, setArticle: setArticle};
})();
