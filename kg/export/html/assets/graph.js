
(function () {
  "use strict";

  // kgGraph(root, data, host): draw one graph into `root` (the page's document,
  // or a notebook cell's shadow root, see kg/export/html/notebook.py) and
  // return its API. Everything from an article reaches the DOM as text
  // (textContent, createElement); the canvas draws strings, never markup.
  function kgGraph(root, data, host) {
  var nodes = data.nodes, edges = data.edges, articles = data.articles;
  var classOf = {}, propOf = {};
  data.classes.forEach(function (c) { classOf[c.name] = c; });
  data.properties.forEach(function (p) { propOf[p.name] = p; });
  var byId = function (id) { return root.getElementById(id); };
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
  function countText(k, one, many) { return k.toLocaleString("en-US") + " " + (k === 1 ? one : many); }

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
  // Entities mentioned but in no relation: listed by class in the sidebar and
  // hidden from the canvas by default (they would fill rows under the graph
  // and shrink it when the view fits), unless nothing else is there.
  var lone = new Uint8Array(nodes.length), loneCount = 0;
  nodes.forEach(function (n) { if (!incident[n.id].length) { lone[n.id] = 1; loneCount++; } });
  var showLone = loneCount === nodes.length;
  // Filter state (used by the label drawing from the first frame on).
  var classOn = {}, propOn = {}, articleOn = -1, focus = null;
  data.classes.forEach(function (c) { classOn[c.name] = true; });
  data.properties.forEach(function (p) { propOn[p.name] = true; });
  var nodeHidden = new Uint8Array(nodes.length), edgeHidden = new Uint8Array(edges.length);
  nodes.forEach(function (n) { nodeHidden[n.id] = lone[n.id] && !showLone ? 1 : 0; });
  var api = {ready: false, readyAt: 0};

  // ---- vis data ----
  // vis draws shapes and edges; kg draws the labels (afterDrawing, below) in
  // screen pixels, so a name reads the same at any zoom and only as many are
  // drawn as fit without overlap.
  var showEdgeLabels = true, labelAll = data.meta.edgeLabels === "all";
  var big = !data.meta.physics;
  function edgeItem(e) {
    var color = (propOf[e.property] || {color: "#999"}).color;
    return {
      id: e.id, from: e.from, to: e.to,
      color: {color: color, highlight: color, hover: color, opacity: 0.8},
      width: big ? 1 : Math.min(1 + Math.log2(1 + e.evidence.length), 5),
      arrows: e.symmetric ? {to: {enabled: false}} : undefined,
      dashes: !e.asserted,
      smooth: e.curve ? {enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve)} : false
    };
  }
  var visNodes = new vis.DataSet(nodes.map(function (n) {
    var hide = !!lone[n.id] && !showLone;
    return {id: n.id, group: n.class, x: n.x, y: n.y, size: n.size, hidden: hide, physics: !hide};
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
    nodes: {borderWidth: 1, borderWidthSelected: 3},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.45}}, selectionWidth: 2, hoverWidth: 0.6, smooth: false},
    physics: data.meta.physics ? {enabled: true, solver: "barnesHut",
      barnesHut: {gravitationalConstant: -4000, springLength: 150, springConstant: 0.03, damping: 0.2, avoidOverlap: 0.4},
      stabilization: {enabled: true, iterations: 300, updateInterval: 50, fit: true}} : {enabled: false},
    layout: {improvedLayout: false, randomSeed: 42},
    interaction: {hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big, keyboard: false, multiselect: false}
  };
  var network = new vis.Network(container, {}, options);

  function markReady() {
    if (api.ready) return;
    api.ready = true;
    api.readyAt = performance.now();
    if (root === document) {
      window.__kgReady = true;
      window.__kgReadyAt = api.readyAt;
      document.documentElement.setAttribute("data-kg-ready", "1");
    }
    if (host) host.setAttribute("data-kg-ready", "1");
  }
  // Lone entities go on rows under the connected graph, for when the user
  // shows them (once, after stabilisation; big graphs get the same from the
  // Python layout).
  function shelveIsolated() {
    var order = {};
    data.classes.forEach(function (c, i) { order[c.name] = i; });
    var rest = nodes.filter(function (n) { return lone[n.id]; });
    if (!rest.length || rest.length === nodes.length) return;
    rest.sort(function (a, b) { return order[a.class] - order[b.class] || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0); });
    var pos = network.getPositions(), minX = Infinity, maxX = -Infinity, maxY = -Infinity;
    nodes.forEach(function (n) {
      if (lone[n.id]) return;
      var p = pos[n.id];
      minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
    });
    var gapX = 130, gapY = 70, cols = Math.max(4, Math.floor((maxX - minX) / gapX) + 1);
    rest.forEach(function (n, k) {
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

  // ---- labels in screen pixels ----
  // Each frame, after vis has drawn: pinned labels (selection, hover, focus)
  // first, then nodes by rank (hubs first), each placed under its node only
  // where it overlaps no label already placed; then edge labels where an
  // edge is long enough on screen to carry one. Cost: O(visible nodes) a
  // frame with a grid of placed boxes; at most MAX_LABELS node labels.
  var LABEL_PX = data.meta.labelPx || 12, EDGE_PX = 11, MAX_LABELS = 250, MAX_EDGE_LABELS = 150;
  var FONT = "px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
  var byRank = nodes.slice().sort(function (a, b) { return a.rank - b.rank; }).map(function (n) { return n.id; });
  var widthCache = {}, cacheKey = "";
  var hovered = -1, labelled = [], drawn = [];
  function textWidth(ctx, key, text) {
    if (widthCache[key] === undefined) widthCache[key] = ctx.measureText(text).width;
    return widthCache[key];
  }
  network.on("afterDrawing", function (ctx) {
    var m = ctx.getTransform(), scale = network.getScale();
    var dpr = m.a / scale, W = ctx.canvas.width, H = ctx.canvas.height;
    var pos = network.getPositions(), grid = {}, cell = 96 * dpr, boxes = [];
    drawn = [];
    if (cacheKey !== String(dpr)) { widthCache = {}; cacheKey = String(dpr); }
    function free(b) {
      for (var gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
        for (var gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
          var list = grid[gx + ":" + gy];
          if (!list) continue;
          for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return false;
          }
        }
      }
      return true;
    }
    function take(b) {
      for (var gx = Math.floor(b[0] / cell); gx <= Math.floor(b[2] / cell); gx++) {
        for (var gy = Math.floor(b[1] / cell); gy <= Math.floor(b[3] / cell); gy++) {
          (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(b);
        }
      }
      boxes.push(b);
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.textAlign = "center"; ctx.textBaseline = "middle";
    var px = LABEL_PX * dpr, pad = 3 * dpr, h = Math.round(px * 1.3);
    var pinned = [], seen = {};
    network.getSelectedNodes().forEach(function (id) { pinned.push(id); });
    if (hovered >= 0) pinned.push(hovered);
    if (focus !== null) pinned.push(focus.id);
    var order = pinned.concat(byRank), count = 0;
    for (var k = 0; k < order.length && count < MAX_LABELS; k++) {
      var id = order[k];
      if (seen[id] || nodeHidden[id]) continue;
      seen[id] = 1;
      var p = pos[id];
      if (!p) continue;
      var cx = p.x * m.a + m.e, cy = p.y * m.d + m.f, r = nodes[id].size * m.a + 2 * dpr;
      if (cx < 0 || cx > W || cy < 0 || cy > H) continue;
      var strong = k < pinned.length;
      ctx.font = (strong ? "600 " : "") + px + FONT;
      var w = textWidth(ctx, (strong ? "b" : "n") + id, nodes[id].short) + 2 * pad;
      // under the node, else above, right or left of it; a label near the canvas edge slides inwards
      var spots = [[cx - w / 2, cy + r], [cx - w / 2, cy - r - h], [cx + r + pad, cy - h / 2], [cx - r - pad - w, cy - h / 2]];
      var b = null;
      for (var s = 0; s < spots.length && b === null; s++) {
        var left = Math.min(Math.max(spots[s][0], 0), W - w), top = Math.min(Math.max(spots[s][1], 0), H - h);
        var candidate = [left, top, left + w, top + h];
        if (left >= 0 && top >= 0 && free(candidate)) b = candidate;
        else if (s === 0 && strong) b = candidate;  // the selection, hover and focus are named even over others
      }
      if (b === null) continue;
      take(b);
      ctx.fillStyle = "rgba(255,255,255,0.86)";
      ctx.fillRect(b[0], b[1], w, h);
      ctx.fillStyle = "#1f2328";
      ctx.fillText(nodes[id].short, b[0] + w / 2, b[1] + h / 2);
      drawn.push({kind: "node", id: id, text: nodes[id].short, px: Math.round(100 * px / dpr) / 100, x: b[0] / dpr, y: b[1] / dpr, w: w / dpr, h: h / dpr});
      count++;
    }
    if (showEdgeLabels) {
      var epx = EDGE_PX * dpr, eh = Math.round(epx * 1.3), ecount = 0;
      ctx.font = epx + FONT;
      var candidates = labelAll ? edges.map(function (e) { return e.id; }) : labelled;
      for (var j = 0; j < candidates.length && ecount < MAX_EDGE_LABELS; j++) {
        var e = edges[candidates[j]];
        if (edgeHidden[e.id] || !pos[e.from] || !pos[e.to]) continue;
        var mid = edgeMiddle(e, pos);
        var ax = pos[e.from].x * m.a + m.e, ay = pos[e.from].y * m.d + m.f, bx = pos[e.to].x * m.a + m.e, by = pos[e.to].y * m.d + m.f;
        var mx = mid.x * m.a + m.e, my = mid.y * m.d + m.f;
        var ew = textWidth(ctx, "e" + e.property, e.property) + 2 * pad;
        if (Math.sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by)) < ew + 24 * dpr) continue;  // too short on screen to carry it
        var eb = [mx - ew / 2, my - eh / 2, mx + ew / 2, my + eh / 2];
        if (eb[0] < 0 || eb[1] < 0 || eb[2] > W || eb[3] > H || !free(eb)) continue;
        take(eb);
        ctx.fillStyle = "rgba(255,255,255,0.86)";
        ctx.fillRect(eb[0], eb[1], ew, eh);
        ctx.fillStyle = "#444444";
        ctx.fillText(e.property, mx, my);
        drawn.push({kind: "edge", id: e.id, text: e.property, px: Math.round(100 * epx / dpr) / 100, x: eb[0] / dpr, y: eb[1] / dpr, w: ew / dpr, h: eh / dpr});
        ecount++;
      }
    }
    ctx.restore();
  });
  function edgeMiddle(e, pos) {
    var visEdge = network.body && network.body.edges[e.id];  // vis's own curve when it has one
    if (e.curve && visEdge && visEdge.edgeType && visEdge.edgeType.getPoint) {
      try { return visEdge.edgeType.getPoint(0.5); } catch (err) { /* fall back to the chord */ }
    }
    return {x: (pos[e.from].x + pos[e.to].x) / 2, y: (pos[e.from].y + pos[e.to].y) / 2};
  }

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
  network.on("hoverNode", function (p) {
    var n = nodes[p.node];
    showTip(n.label + "\n" + n.classes.join(", ") + " · " + countText(n.articles.length, "article", "articles") +
      " · " + countText(n.degree, "relation", "relations"), p.pointer.DOM);
    hovered = p.node;  // named from the next frame on, which vis draws for the hover highlight anyway
  });
  network.on("hoverEdge", function (p) {
    var e = edges[p.edge];
    showTip(nodes[e.from].label + " — " + e.property + " → " + nodes[e.to].label + "\n" +
      countText(e.evidence.length, "evidence sentence", "evidence sentences"), p.pointer.DOM);
  });
  network.on("blurNode", function () { hideTip(); hovered = -1; });
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
    var actions = el("div", "kg-actions");
    var focusButton = el("button", "kg-button", focus !== null && focus.id === id ? "Show all" : "Focus on its neighbourhood");
    focusButton.type = "button";
    focusButton.addEventListener("click", function () { if (focus !== null && focus.id === id) exitFocus(); else enterFocus(id); });
    if (incident[id].length) actions.appendChild(focusButton);
    info.appendChild(actions);
    var dl = el("dl");
    addRow(dl, "Also known as", n.aliases);
    addRow(dl, n.positions.length > 1 ? "Positions" : "Position", n.positions);
    n.attributes.forEach(function (pair) { addRow(dl, ATTRIBUTE_NAMES[pair[0]] || pair[0], pair[1]); });
    addRow(dl, "Wikidata", n.wikidata);
    addRow(dl, "IRI", el("span", "kg-iri", n.iri));
    info.appendChild(dl);

    var rel = incident[id];
    info.appendChild(el("h3", null, rel.length ? countText(rel.length, "relation", "relations") : "No relation"));
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
  // Edge labels of a large graph: only the selection's (drawn with the rest, above).
  function labelSelection() {
    labelled = showEdgeLabels ? network.getSelectedEdges().slice(0, MAX_EDGE_LABELS) : [];
  }
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else showHint();
    labelSelection();
  });
  network.on("doubleClick", function (p) { if (p.nodes.length && incident[p.nodes[0]].length) enterFocus(p.nodes[0]); });

  // ---- filters: class, relation, lone entities, dates, article, focus ----
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
  // Dates: the articles' dates, binned by day (by month when there are many
  // days); the two sliders choose a range of bins. Undated articles count
  // only while the whole range is chosen.
  var dated = articles.filter(function (a) { return a.date; }).map(function (a) { return a.date; }).sort();
  var days = dated.filter(function (d, i) { return i === 0 || d !== dated[i - 1]; });
  var byMonth = days.length > 40;
  var binOf = function (date) { return byMonth ? date.slice(0, 7) : date; };
  var bins = days.map(binOf).filter(function (b, i, all) { return i === 0 || b !== all[i - 1]; });
  var binIndex = {};
  bins.forEach(function (b, i) { binIndex[b] = i; });
  var articleBin = articles.map(function (a) { return a.date ? binIndex[binOf(a.date)] : -1; });
  var dateLo = 0, dateHi = Math.max(0, bins.length - 1);
  function dateFiltered() { return bins.length > 0 && (dateLo > 0 || dateHi < bins.length - 1); }
  function inDates(a) { var b = articleBin[a]; return b >= dateLo && b <= dateHi; }
  function focusSet(id, hops) {
    var found = new Set([id]), frontier = [id];
    for (var step = 0; step < hops; step++) {
      var next = [];
      frontier.forEach(function (n) {
        incident[n].forEach(function (eid) {
          var e = edges[eid];
          if (!propOn[e.property]) return;
          [e.from, e.to].forEach(function (o) { if (!found.has(o)) { found.add(o); next.push(o); } });
        });
      });
      frontier = next;
    }
    return found;
  }
  // vis hides the edges of a hidden node by itself, so an edge's own flag
  // changes only with the relation, article and date filters; that keeps a
  // class toggle to one DataSet update.
  var edgeOwnHidden = new Uint8Array(edges.length);
  function applyFilters() {
    var nodeChanges = [], edgeChanges = [], inArticle = articleOn >= 0 ? articleNodes[articleOn] : null, byDate = dateFiltered();
    var inFocus = focus !== null ? focus.members : null;
    nodes.forEach(function (n, i) {
      var hide = !classOn[n.class] ||
        (inFocus !== null && !inFocus.has(i)) ||
        (inFocus === null && lone[i] && !showLone) ||
        (inArticle !== null && !inArticle.has(i)) ||
        (byDate && !n.articles.some(inDates)) ? 1 : 0;
      if (hide !== nodeHidden[i]) { nodeHidden[i] = hide; nodeChanges.push({id: i, hidden: !!hide, physics: !hide}); }
    });
    edges.forEach(function (e, i) {
      var own = !propOn[e.property] || (articleOn >= 0 && e.articles.indexOf(articleOn) < 0) || (byDate && !e.articles.some(inDates)) ? 1 : 0;
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

  // The lone entities, by class, each a link to its panel.
  var loneBox = byId("kg-show-lone");
  if (loneCount && loneCount < nodes.length) {
    byId("kg-lone-box").hidden = false;
    byId("kg-lone-count").textContent = "(" + loneCount.toLocaleString("en-US") + ")";
    data.classes.forEach(function (c) {
      var members = nodes.filter(function (n) { return lone[n.id] && n.class === c.name; });
      if (!members.length) return;
      members.sort(function (a, b) { return b.articles.length - a.articles.length || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0); });
      var details = el("details"), summary = el("summary"), ul = el("ul");
      summary.appendChild(glyph(c.shape, c.color));
      summary.appendChild(el("span", null, c.name));
      summary.appendChild(el("span", "kg-count", members.length));
      details.appendChild(summary);
      members.slice(0, MAX_ROWS).forEach(function (n) {
        var li = el("li");
        li.appendChild(link(n.label, function () { showNode(n.id); }));
        ul.appendChild(li);
      });
      if (members.length > MAX_ROWS) ul.appendChild(el("li", "kg-muted", "… and " + (members.length - MAX_ROWS) + " more (search finds them)"));
      details.appendChild(ul);
      byId("kg-lone").appendChild(details);
    });
  }
  loneBox.checked = showLone;
  loneBox.addEventListener("change", function () { showLone = loneBox.checked; applyFilters(); });

  // The date range: a bar per bin, two sliders.
  var fromBox = byId("kg-date-from"), toBox = byId("kg-date-to"), dateLabel = byId("kg-date-label"), bars = [];
  function updateDates() {
    bars.forEach(function (bar, i) { bar.className = i >= dateLo && i <= dateHi ? "kg-in" : ""; });
    var shown = 0;
    articles.forEach(function (a, i) { if (!dateFiltered() || inDates(i)) shown++; });
    var undated = articles.length - dated.length;
    dateLabel.textContent = bins[dateLo] + " – " + bins[dateHi] + " · " + countText(shown, "article", "articles") +
      (undated && !dateFiltered() ? " (" + undated + " undated)" : "");
  }
  function setDates(lo, hi) {
    dateLo = Math.max(0, Math.min(lo, bins.length - 1)); dateHi = Math.max(dateLo, Math.min(hi, bins.length - 1));
    fromBox.value = String(dateLo); toBox.value = String(dateHi);
    updateDates();
    applyFilters();
  }
  if (bins.length > 1) {
    byId("kg-timeline-box").hidden = false;
    var perBin = bins.map(function () { return 0; }), most = 1;
    articleBin.forEach(function (b) { if (b >= 0) most = Math.max(most, ++perBin[b]); });
    perBin.forEach(function (k) {
      var bar = el("span");
      bar.style.height = Math.max(8, Math.round(100 * k / most)) + "%";
      byId("kg-timeline").appendChild(bar);
      bars.push(bar);
    });
    fromBox.max = toBox.max = String(bins.length - 1);
    fromBox.value = "0"; toBox.value = String(bins.length - 1);
    fromBox.addEventListener("input", function () { var v = parseInt(fromBox.value, 10); setDates(v, Math.max(v, dateHi)); });
    toBox.addEventListener("input", function () { var v = parseInt(toBox.value, 10); setDates(Math.min(v, dateLo), v); });
    updateDates();
  }

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
    if (a >= 0 && articleNodes[a].size) network.fit({nodes: Array.from(articleNodes[a]).filter(function (i) { return !nodeHidden[i]; }), animation: motion()});
  }
  articleSelect.addEventListener("change", function () { setArticle(parseInt(articleSelect.value, 10)); });
  function resetFilters() {
    Object.keys(classOn).forEach(function (k) { classOn[k] = true; classBoxes[k].checked = true; });
    Object.keys(propOn).forEach(function (k) { propOn[k] = true; propBoxes[k].checked = true; });
    articleOn = -1; articleSelect.value = "-1";
    focus = null; byId("kg-focusbar").hidden = true;
    if (bins.length > 1) { dateLo = 0; dateHi = bins.length - 1; fromBox.value = "0"; toBox.value = String(dateHi); updateDates(); }
    applyFilters();
  }

  // ---- focus: one entity's neighbourhood ----
  var hops = byId("kg-hops");
  function enterFocus(id) {
    focus = {id: id, members: focusSet(id, parseInt(hops.value, 10))};
    byId("kg-focus-name").textContent = nodes[id].label;
    byId("kg-focusbar").hidden = false;
    applyFilters();
    network.selectNodes([id]);
    labelSelection();
    network.fit({nodes: Array.from(focus.members).filter(function (i) { return !nodeHidden[i]; }), animation: motion()});
    showNode(id);
  }
  function exitFocus() {
    if (focus === null) return;
    var id = focus.id;
    focus = null;
    byId("kg-focusbar").hidden = true;
    applyFilters();
    network.fit({animation: motion()});
    if (info.getAttribute("data-kind") === "node" && info.getAttribute("data-id") === String(id)) showNode(id);
  }
  hops.addEventListener("change", function () { if (focus !== null) enterFocus(focus.id); });
  byId("kg-focus-exit").addEventListener("click", exitFocus);
  root.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && focus !== null && ev.target !== search) exitFocus(); });

  // ---- focus on a node or edge, search, toggles ----
  // vis animates frame by frame; when one frame of a big graph costs a few
  // hundred ms, a smooth camera move would take seconds, so big graphs jump.
  function motion() { return big ? false : {duration: 450, easingFunction: "easeInOutQuad"}; }
  function focusNode(id) {
    if (nodeHidden[id]) {
      if (lone[id]) { showNode(id); return; }  // listed in the sidebar, not drawn: its panel says all there is
      resetFilters();
    }
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
  root.addEventListener("click", function (ev) { if (!byId("kg-search-box").contains(ev.target)) results.hidden = true; });

  var labelBox = byId("kg-edge-labels");
  labelBox.checked = showEdgeLabels;
  if (!labelAll) labelBox.parentNode.title = "Large graph: labels of the selected entity's relations";
  labelBox.addEventListener("change", function () {
    showEdgeLabels = labelBox.checked;
    labelSelection();
    network.redraw();
  });
  physicsBox.addEventListener("change", function () { network.setOptions({physics: {enabled: physicsBox.checked}}); });
  byId("kg-fit").addEventListener("click", function () {
    if (focus !== null) network.fit({nodes: Array.from(focus.members).filter(function (i) { return !nodeHidden[i]; }), animation: motion()});
    else network.fit({animation: motion()});
  });

  Object.assign(api, {network: network, nodes: visNodes, edges: visEdges, data: data,
    showNode: showNode, showEdge: showEdge, focusNode: focusNode, focusEdge: focusEdge, setArticle: setArticle,
    enterFocus: enterFocus, exitFocus: exitFocus, setDates: setDates,
    labels: function () { return drawn.slice(); }});
  applyFilters();
  showHint();
  if (root === document) window.kg = api;
  if (host) host.kg = api;
  if (!nodes.length) markReady();
  return api;
  }

  window.kgGraph = kgGraph;
  var embedded = document.getElementById("kg-data");
  if (embedded && document.getElementById("kg-app")) kgGraph(document, JSON.parse(embedded.textContent), null);
})();
