/* kgraph view: labels, panel, search, legends and filters on top of pyvis's vis-network.
   Every string from the data is inserted with textContent (or drawn on the canvas), never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kgraph-data").textContent);
  var net = window.network, nodeSet = window.nodes, edgeSet = window.edges;
  var hiddenCategories = {}, hiddenCommunities = {};
  // Statistics, lab methods and basic molecules start hidden: generic hubs, shown on request.
  (data.demoted || []).forEach(function (c) { hiddenCategories[c] = true; });
  var minSupport = data.min_support || 1, linkOrder = "weight", linksShown = 25;
  var SOURCES = { lexicon: "lexicon name", abbreviation: "abbreviation defined in the same document",
                  abbreviation_elsewhere: "abbreviation defined in another document",
                  discovered: "discovered in the texts", ner: "entity of the pipeline's NER" };
  var FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif", RING = "#3e4c59", GREY = "#c9c9c9";
  var minWeight = 1, current = null, hovered = null;
  // Zoomed out, only the strongest links are drawn (thousands of faint lines would grey the whole map):
  // the 1,000 strongest at the overview, 4,000 a little closer, all of them closer still.
  var OVERVIEW_LINKS = data.overview_links || 1000, MIDDLE_LINKS = 4 * OVERVIEW_LINKS, budget = null, linkRank = {};
  var BIG = 12;  // a concept drawn this large (radius in screen pixels) always gets a label
  var NAME_MIN_RADIUS = 28;  // a cluster is named once its disc is this large on screen
  var years = data.years || [], colourBy = "category";
  var yearFrom = years.length ? years[0][0] : null, yearTo = years.length ? years[years.length - 1][0] : null;
  var STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  function yearColour(y) {
    // The mean year on a viridis-like scale from the corpus's first year to its last (VOSviewer's overlay).
    var first = years[0][0], last = years[years.length - 1][0];
    var t = last > first ? Math.min(Math.max((y - first) / (last - first), 0), 1) : 1;
    var i = Math.min(Math.floor(t * (STOPS.length - 1)), STOPS.length - 2), f = t * (STOPS.length - 1) - i;
    var c = STOPS[i].map(function (v, k) { return Math.round(v + f * (STOPS[i + 1][k] - v)); });
    return "rgb(" + c.join(",") + ")";
  }
  function inYears(profile) {
    if (!years.length || !profile) { return true; }
    return profile.some(function (p) { return p[0] >= yearFrom && p[0] <= yearTo; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function button(text, onClick, cls) {
    var b = el("button", "kg-link" + (cls ? " " + cls : ""), text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function stem(w) { return (w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w)) ? w.slice(0, -1) : w; }
  function words(s) { return String(s).toLowerCase().split(/[^0-9a-z\u00c0-\u024f\u0370-\u03ff]+/).filter(Boolean).map(stem); }
  function normName(s) { return words(s).join(""); }
  function size(mentions) { return Math.round((4 + 2.6 * Math.log(Math.max(mentions, 1))) * 10) / 10; }  // as layout.node_size

  /* ---- every concept and link of the graph (drawn or not), compact ---- */
  var conceptAt = {};  // id -> row [id, label, category, mentions, documents, rank, names, source, x, y, community]
  data.concepts.forEach(function (c, i) { conceptAt[c[0]] = i; });
  var linksAt = null;
  function allLinks(id) {
    if (!linksAt) {
      linksAt = {};
      data.links.forEach(function (l) {
        (linksAt[l[0]] = linksAt[l[0]] || []).push(l);
        (linksAt[l[1]] = linksAt[l[1]] || []).push(l);
      });
    }
    var i = conceptAt[id];
    return (linksAt[i] || []).map(function (l) {
      return { other: data.concepts[l[0] === i ? l[1] : l[0]][0], weight: l[2], documents: l[3], npmi: l[4] };
    });
  }
  function labelOf(id) { return data.nodes[id] ? data.nodes[id].label : data.concepts[conceptAt[id]][1]; }

  /* ---- header ---- */
  document.getElementById("kg-title").textContent = data.title || "kgraph";
  var meta = data.meta || {};
  document.getElementById("kg-stats").textContent =
    plural(meta.documents || 0, "document") + " \u00b7 " + plural(meta.sentences || 0, "sentence") + " \u00b7 " +
    plural(data.total.nodes, "concept") + " \u00b7 " + plural(data.total.edges, "link");
  if (data.shown.nodes < data.total.nodes || data.shown.edges < data.total.edges) {
    document.getElementById("kg-note").textContent =
      "Map of the " + data.shown.nodes + " most mentioned of " + data.total.nodes +
      " concepts and the " + data.shown.edges + " strongest of " + data.total.edges +
      " links. The panel lists every link of a concept; searching a concept that is not drawn adds it " +
      "to the map with its strongest links. The complete graph, with all evidence, is in graph.json.";
  }
  if (!data.physics && data.edges.length > OVERVIEW_LINKS) {
    document.getElementById("kg-note").appendChild(el("p", null, "Zoomed out, the map draws its " + OVERVIEW_LINKS +
      " strongest links only (and those of the selected concept); more appear as you zoom in, all " +
      data.edges.length + " when close."));
  }

  /* ---- indexes of what is drawn ---- */
  var edgeById = {}, adjacency = {}, maxWeight = 1;
  function indexEdge(e) {
    edgeById[e.id] = e;
    (adjacency[e.from] = adjacency[e.from] || []).push(e);
    (adjacency[e.to] = adjacency[e.to] || []).push(e);
    if (e.weight > maxWeight) { maxWeight = e.weight; }
  }
  data.edges.forEach(indexEdge);
  data.edges.forEach(function (e) { linkRank[e.id] = e.rank; });  // strongest first (html.py)
  function edgeBetween(a, b) { return edgeById[a + "\u0001" + b] || edgeById[b + "\u0001" + a] || null; }
  // Names in order of precedence (label and id, then synonyms, then forms seen); for a name
  // shared by several concepts at the same precedence, the most mentioned concept wins.
  var nameIndex = {}, datalist = document.getElementById("kg-names");
  var byMentions = Object.keys(data.nodes).sort(function (a, b) {
    return (data.nodes[b].mentions || 0) - (data.nodes[a].mentions || 0) || (a < b ? -1 : a > b ? 1 : 0);
  });
  function indexNames(ids) {
    [function (id, n) { return [n.label, id.replace(/_/g, " ")]; },
     function (id, n) { return n.synonyms || []; },
     function (id, n) { return n.aliases || []; }].forEach(function (namesOf) {
      ids.forEach(function (id) {
        namesOf(id, data.nodes[id]).forEach(function (name) {
          var key = normName(name);
          if (key && !(key in nameIndex)) { nameIndex[key] = id; }
        });
      });
    });
  }
  indexNames(byMentions);
  data.concepts.forEach(function (c) {
    var option = document.createElement("option");
    option.value = c[1];
    datalist.appendChild(option);
  });
  // Concepts the map does not draw, by any of their names (most mentioned first).
  var undrawnIndex = {};
  data.concepts.forEach(function (c) {
    if (data.nodes[c[0]]) { return; }
    [c[1]].concat(c[6]).forEach(function (name) {
      var key = normName(name);
      if (key && !(key in nameIndex) && !(key in undrawnIndex)) { undrawnIndex[key] = c[0]; }
    });
  });

  /* ---- colours ---- */
  function colourOf(id) {
    var n = data.nodes[id];
    if (colourBy === "year" && n.mean_year) { return yearColour(n.mean_year); }
    if (colourBy === "community") { return n.community >= 0 ? data.communities[n.community].color : GREY; }
    return data.colors[n.category] || GREY;
  }
  function nodeColour(id) {
    var c = colourOf(id);
    return data.nodes[id].source === "discovered" ? { background: c, border: RING } : c;
  }

  /* ---- tooltips (DOM elements, so nothing is parsed as HTML) ---- */
  function nodeTip(id) {
    var n = data.nodes[id], tip = el("div");
    tip.appendChild(el("strong", null, n.label));
    tip.appendChild(el("div", null, n.category + (n.source === "discovered" ? " (discovered)" : "")));
    tip.appendChild(el("div", null, plural(n.mentions, "mention") + " in " + plural(n.documents, "document")));
    if (n.aliases && n.aliases.length) { tip.appendChild(el("div", null, "written as: " + n.aliases.slice(0, 8).join(", "))); }
    return tip;
  }
  function edgeTip(e) {
    return el("div", null, labelOf(e.from) + " \u2014 " + labelOf(e.to) + ": " +
      plural(e.weight, "sentence") + " in " + plural(e.documents || 0, "document") + ", NPMI " + e.npmi +
      ((e.documents || 0) < minSupport ? " (too few documents to rank by)" : ""));
  }
  // Made when first hovered (the popup shows after a delay): thousands made up front delayed the first draw.
  var tipped = {};
  net.on("hoverNode", function (p) {
    if (!tipped[p.node] && data.nodes[p.node]) { tipped[p.node] = true; nodeSet.update({ id: p.node, title: nodeTip(p.node) }); }
  });
  net.on("hoverEdge", function (p) {
    if (!tipped[p.edge] && edgeById[p.edge]) { tipped[p.edge] = true; edgeSet.update({ id: p.edge, title: edgeTip(edgeById[p.edge]) }); }
  });

  /* ---- labels: drawn on the canvas, only those that fit, most mentioned first ---- */
  var labelOrder = byMentions.slice(), logMin = Infinity, logMax = -Infinity;
  function sortLabels() {
    labelOrder.sort(function (a, b) {
      return (data.nodes[b].mentions || 0) - (data.nodes[a].mentions || 0) || (a < b ? -1 : a > b ? 1 : 0);
    });
    labelOrder.forEach(function (id) {
      var l = Math.log(Math.max(data.nodes[id].mentions || 1, 1));
      logMin = Math.min(logMin, l); logMax = Math.max(logMax, l);
    });
  }
  sortLabels();
  var measure = document.createElement("canvas").getContext("2d"), widths = {};
  function textWidth(text, px, bold) {
    var key = (bold ? "b" : "") + text;
    if (!(key in widths)) {
      measure.font = (bold ? "600 " : "") + "100px " + FONT;
      widths[key] = measure.measureText(text).width;
    }
    return widths[key] * px / 100;
  }
  var boxes = [], fitScale = null, frameStart = 0, frameTimes = [], firstDraw = null;
  var maxClusterSize = Math.max.apply(null, (data.communities || []).map(function (c) { return c.size; }).concat([1]));
  function zoomedOut() { return !data.physics && (fitScale === null || net.getScale() < fitScale * 2.2); }
  function linkBudget() {
    if (data.physics) { return Infinity; }
    if (zoomedOut()) { return OVERVIEW_LINKS; }
    return net.getScale() < fitScale * 5 ? MIDDLE_LINKS : Infinity;
  }
  function clusterNames() { return zoomedOut() && fitScale !== null && (data.communities || []).length > 1; }
  function clusterShown(c) {
    return !hiddenCommunities[c.id] && c.size >= 3;
  }
  function clusterFont(c) {
    // Cluster names grow with the cluster: 11 px for a handful of concepts, 22 px for the largest.
    return Math.round((11 + 11 * Math.sqrt(c.size / maxClusterSize)) * 10) / 10;
  }
  var discs = [];
  function drawDiscs(ctx) {
    // Zoomed out, each cluster is a faint disc, so the regions read whatever the colours say.
    discs = [];
    if (!clusterNames()) { return; }
    var scale = net.getScale();
    ctx.save();
    data.communities.forEach(function (c) {
      if (!clusterShown(c)) { return; }
      discs.push(c.id);
      ctx.beginPath();
      ctx.arc(c.x, c.y, c.radius, 0, 2 * Math.PI);
      ctx.globalAlpha = colourBy === "community" ? 0.12 : 1;
      ctx.fillStyle = colourBy === "community" ? c.color : "rgba(72,101,129,0.07)";
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 1 / scale;
      ctx.strokeStyle = "rgba(72,101,129,0.28)";
      ctx.stroke();
    });
    ctx.restore();
  }
  function drawLabels(ctx) {
    var scale = net.getScale(), o = net.canvasToDOM({ x: 0, y: 0 });
    var W = ctx.canvas.clientWidth, H = ctx.canvas.clientHeight, ratio = ctx.canvas.width / Math.max(W, 1);
    var CELL = 96, grid = {}, placed = [];
    function cells(b, add) {
      for (var gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++) {
        for (var gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++) {
          var k = gx + "," + gy;
          if (add) { (grid[k] = grid[k] || []).push(b); continue; }
          var list = grid[k] || [];
          for (var i = 0; i < list.length; i++) {
            var c = list[i];
            if (c.removed) { continue; }
            if (b.x < c.x + c.w && c.x < b.x + b.w && b.y < c.y + c.h && c.y < b.y + b.h) { return false; }
          }
        }
      }
      return true;
    }
    function tryPlace(text, cx, top, px, weight, colour, inside) {
      var w = textWidth(text, px, weight) + 4, h = px * 1.25;
      var b = { text: text, x: cx - w / 2, y: top, w: w, h: h, px: px, bold: weight, colour: colour, size: inside };
      if (inside) {  // moved into the canvas rather than cut at its edge
        b.x = Math.min(Math.max(b.x, 2), W - w - 2);
        b.y = Math.min(Math.max(b.y, 2), H - h - 2);
      }
      if (b.x + b.w < 0 || b.x > W || b.y + b.h < 0 || b.y > H || !cells(b, false)) { return false; }
      cells(b, true);
      placed.push(b);
      return true;
    }
    var seen = {}, tried = 0;
    function screen(id) {  // where a drawn concept is on the screen, or null (hidden, or far off screen)
      var bn = net.body.nodes[id];
      if (!bn || bn.options.hidden) { return null; }
      var p = { x: o.x + bn.x * scale, y: o.y + bn.y * scale, r: (bn.options.size || 8) * scale };
      if (p.x < -200 || p.x > W + 200 || p.y < -50 || p.y > H + 50) { return null; }
      var t = logMax > logMin ? (Math.log(Math.max(data.nodes[id].mentions || 1, 1)) - logMin) / (logMax - logMin) : 1;
      p.px = 10.5 + 6 * t;
      return p;
    }
    function around(id, p) {
      // On the node when it is large enough to carry it (as VOSviewer), else just below it; where another
      // label is in the way, below, above, then beside it.
      var text = data.nodes[id].label, px = p.px, h = px * 1.25, w = textWidth(text, px, false) + 4;
      var tops = p.r > px ? [p.y - px * 0.62, p.y + p.r + 1, p.y - p.r - h - 1] : [p.y + p.r + 1, p.y - p.r - h - 1];
      for (var k = 0; k < tops.length; k++) {
        if (tryPlace(text, p.x, tops[k], px, false, "#1f2933")) { return true; }
      }
      return tryPlace(text, p.x + p.r + 2 + w / 2, p.y - h / 2, px, false, "#1f2933") ||
             tryPlace(text, p.x - p.r - 2 - w / 2, p.y - h / 2, px, false, "#1f2933");
    }
    function label(id) {
      if (seen[id] || placed.length > 900 || tried > 6000) { return; }
      var p = screen(id);
      if (!p) { return; }
      seen[id] = true;
      tried += 1;
      around(id, p);
    }
    function inside(id, p) {
      // The name inside the concept's own circle (which no other concept overlaps): in smaller letters
      // if need be (down to 9 px), else shortened.
      var text = data.nodes[id].label, top = Math.max(8, Math.min(p.px, p.r * 0.6));
      function room(px) { return 2 * Math.sqrt(p.r * p.r - px * px * 0.4) - 4; }  // the box (text + 4) inscribed
      function place(t, px) {
        return tryPlace(t, p.x, p.y - px * 0.62, px, false, "#1f2933") ? placed[placed.length - 1] : null;
      }
      for (var px = top; px >= Math.min(top, 9); px -= 0.5) {
        if (textWidth(text, px, false) <= room(px)) { return place(text, px); }
      }
      px = Math.min(top, 9);
      for (var n = text.length - 1; n >= 1; n--) {
        var cut = text.slice(0, n).replace(/\s+$/, "") + "\u2026";
        if (textWidth(cut, px, false) <= room(px)) { return place(cut, px); }
      }
      return null;
    }
    // 1. The concept under the mouse, the selected ones and their neighbours.
    if (hovered) { label(hovered); }
    net.getSelectedNodes().forEach(function (id) {
      label(id);
      (adjacency[id] || []).forEach(function (e) { label(e.from === id ? e.to : e.from); });
    });
    // 2. Concepts drawn large: a big circle without a name reads as a gap in the map. First each gets its
    // name inside its circle (shortened if need be: circles never overlap, so neither do these), then a
    // shortened one is replaced by the whole name wherever that fits.
    var large = [];
    for (var i = 0; i < labelOrder.length; i++) {
      var id = labelOrder[i], p = screen(id), bn = net.body.nodes[id];
      if (bn && (bn.options.size || 8) * scale < BIG) { break; }  // most mentioned first: the rest are smaller
      if (!p || seen[id] || p.r < BIG) { continue; }
      seen[id] = true;
      var box = inside(id, p);
      if (box && box.text !== data.nodes[id].label) { large.push([id, p, box]); }
    }
    large.forEach(function (item) {
      item[2].removed = true;
      if (!around(item[0], item[1])) { item[2].removed = false; }
    });
    // 3. Zoomed out, the clusters large enough on screen, named by their two top concepts.
    if (clusterNames()) {
      data.communities.forEach(function (c) {
        var cx = o.x + c.x * scale, cy = o.y + c.y * scale, r = c.radius * scale;
        if (!clusterShown(c) || r < NAME_MIN_RADIUS || cx + r < 0 || cx - r > W || cy + r < 0 || cy - r > H) { return; }
        var px = clusterFont(c);
        tryPlace(c.top.slice(0, 2).join(" \u00b7 "), cx, cy - px * 0.6, px, true,
                 colourBy === "community" ? "#102a43" : "#334e68", c.size);
      });
    }
    // 4. The other concepts, most mentioned first, as long as they fit.
    labelOrder.forEach(label);
    placed = placed.filter(function (b) { return !b.removed; });
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.lineJoin = "round";
    placed.forEach(function (b) {
      ctx.font = (b.bold ? "600 " : "") + b.px + "px " + FONT;
      ctx.lineWidth = b.bold ? 4 : 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(b.text, b.x + b.w / 2, b.y + 1);
      ctx.fillStyle = b.colour;
      ctx.fillText(b.text, b.x + b.w / 2, b.y + 1);
    });
    ctx.restore();
    boxes = placed;
  }
  net.on("beforeDrawing", function (ctx) { frameStart = performance.now(); drawDiscs(ctx); });
  net.on("afterDrawing", function (ctx) {
    if (fitScale === null) { fitScale = net.getScale(); }
    drawLabels(ctx);
    if (linkBudget() !== budget) { setTimeout(applyEdgeFilters, 0); }  // zoomed across a level of detail
    var now = performance.now();
    if (firstDraw === null) { firstDraw = now; }
    frameTimes.push(now - frameStart);
    if (frameTimes.length > 1000) { frameTimes.shift(); }
  });
  net.on("hoverNode", function (p) { hovered = p.node; });
  net.on("blurNode", function () { hovered = null; });

  /* ---- drawing a concept the map left out, with its strongest links ---- */
  function addConcept(id, x, y) {
    var c = data.concepts[conceptAt[id]];
    data.nodes[id] = { label: c[1], category: c[2], mentions: c[3], documents: c[4], source: c[7],
                       synonyms: c[6], ids: (data.ids || {})[id] || [], aliases: [], community: c[10],
                       degree_full: allLinks(id).length, added: true };
    nodeSet.add({ id: id, x: x, y: y, size: size(c[3]), shape: "dot", color: nodeColour(id),
                  borderWidth: c[7] === "discovered" ? 1.5 : 0.5, title: nodeTip(id),
                  hidden: !!hiddenCategories[c[2]] });
    labelOrder.push(id);
    sortLabels();
    indexNames([id]);
  }
  function addLink(a, b, link) {
    if (edgeBetween(a, b)) { return; }
    var e = { id: a + "\u0001" + b, from: a, to: b, weight: link.weight, documents: link.documents,
              npmi: link.npmi, evidence: [], added: true };
    indexEdge(e);
    edgeSet.add({ id: e.id, from: a, to: b, value: e.weight, title: edgeTip(e), hidden: e.weight < minWeight });
  }
  function drawConcept(id) {
    if (data.nodes[id]) { return id; }
    var links = allLinks(id).sort(function (a, b) { return b.weight - a.weight || b.npmi - a.npmi; });
    var sx = 0, sy = 0, sw = 0;
    links.forEach(function (l) {
      var bn = data.nodes[l.other] && net.body.nodes[l.other];
      if (bn) { sx += bn.x * l.weight; sy += bn.y * l.weight; sw += l.weight; }
    });
    var centre = sw ? { x: sx / sw, y: sy / sw } : net.getViewPosition();
    var ring = links.filter(function (l) { return !data.nodes[l.other]; }).slice(0, 8);
    function at(other, k) {
      // On the map, where the exports put it; with physics (no map), among its neighbours.
      var row = data.concepts[conceptAt[other]];
      if (!data.physics) { return { x: row[8], y: row[9] }; }
      if (k < 0) { return centre; }
      var angle = 2 * Math.PI * k / ring.length;
      return { x: centre.x + 90 * Math.cos(angle), y: centre.y + 90 * Math.sin(angle) };
    }
    var p = at(id, -1);
    addConcept(id, p.x, p.y);
    ring.forEach(function (l, k) { var q = at(l.other, k); addConcept(l.other, q.x, q.y); });
    [id].concat(ring.map(function (l) { return l.other; })).forEach(function (a) {
      allLinks(a).forEach(function (l) { if (data.nodes[l.other]) { addLink(a, l.other, l); } });
    });
    return id;
  }

  /* ---- panel ---- */
  var details = document.getElementById("kg-details");
  function badge(category) {
    var b = el("span", "kg-badge", category);
    b.style.background = data.colors[category] || GREY;
    return b;
  }
  function conceptLink(id) { return button(labelOf(id), function () { focusNode(drawConcept(id)); }); }
  function writtenAs(n) {
    // One entry per name up to case and plural (CSC, CSCs, csc), the most frequent spelling first.
    var groups = {}, order = [];
    (n.provenance || (n.aliases || []).map(function (a) { return [a, "", 0]; })).forEach(function (p) {
      var key = normName(p[0]) || p[0];
      if (!(key in groups)) { groups[key] = { forms: {}, how: {}, total: 0 }; order.push(key); }
      var g = groups[key];
      g.forms[p[0]] = (g.forms[p[0]] || 0) + (p[2] || 0);
      if (p[1]) { g.how[p[1]] = (g.how[p[1]] || 0) + p[2]; }
      g.total += p[2] || 0;
    });
    order.sort(function (a, b) { return groups[b].total - groups[a].total; });
    return order.map(function (key) {
      var g = groups[key], forms = Object.keys(g.forms).sort(function (a, b) { return g.forms[b] - g.forms[a]; });
      return { key: key, main: forms[0], others: forms.slice(1), how: Object.keys(g.how).map(function (h) {
        return g.how[h] + " " + (SOURCES[h] || h); }) };
    });
  }
  function linkRows(id) {
    // The links the panel lists, and how many each filter leaves out (so that the counts add up).
    var out = { rows: [], hidden: {}, slider: 0, support: 0 };
    allLinks(id).forEach(function (l) {
      var category = data.concepts[conceptAt[l.other]][2];
      if (hiddenCategories[category]) { out.hidden[category] = (out.hidden[category] || 0) + 1; }
      else if (l.weight < minWeight) { out.slider += 1; }
      else if (linkOrder === "npmi" && l.documents < minSupport) { out.support += 1; }
      else { out.rows.push(l); }
    });
    out.rows.sort(linkOrder === "weight"
      ? function (a, b) { return b.weight - a.weight || b.npmi - a.npmi; }
      : function (a, b) { return b.npmi - a.npmi || b.weight - a.weight; });
    return out;
  }
  function leftOut(listed) {
    // "Not listed: 26 to hidden categories (statistic 20, method 6; ...), 3 in fewer than 2 sentences ..."
    var parts = [], cats = Object.keys(listed.hidden).sort(), n = 0;
    cats.forEach(function (c) { n += listed.hidden[c]; });
    if (n) {
      parts.push(n + " to concepts of hidden categories (" + cats.map(function (c) { return c + " " + listed.hidden[c]; })
        .join(", ") + "; click a category in the legend to show it)");
    }
    if (listed.slider) { parts.push(listed.slider + " seen in fewer than " + plural(minWeight, "sentence") + " (the slider)"); }
    if (listed.support) {
      parts.push(listed.support + " seen in fewer than " + plural(minSupport, "document") + " (too few to rank by NPMI)");
    }
    return parts.length ? "Not listed: " + parts.join("; ") + "." : "";
  }
  function showNode(id) {
    var n = data.nodes[id];
    if (!n) { return; }
    current = { kind: "node", id: id };
    if (budget !== Infinity && edgesFor !== id) { applyEdgeFilters(); }  // its links, even the faint ones
    clear(details);
    details.appendChild(el("h2", null, n.label));
    details.appendChild(badge(n.category));
    if (n.community >= 0) { details.appendChild(el("span", "kg-facts", " community " + (n.community + 1))); }
    if (n.source === "discovered") { details.appendChild(el("span", "kg-discovered", "discovered in the text")); }
    details.appendChild(el("p", "kg-facts", plural(n.mentions, "mention") +
      (n.sentences ? " \u00b7 " + plural(n.sentences, "sentence") : "") +
      " \u00b7 " + plural(n.documents, "document") + " \u00b7 " + plural(n.degree_full, "link")));
    if (n.ids && n.ids.length) { details.appendChild(el("p", "kg-facts kg-ids", "ids: " + n.ids.join(", "))); }
    if (n.added) { details.appendChild(el("p", "kg-hint", "Not on the map at first; drawn on request with its strongest links.")); }
    if (n.years && n.years.length) {
      details.appendChild(el("p", "kg-facts", "First seen " + n.years[0][0] + " \u00b7 mean year " + n.mean_year +
        " \u00b7 documents per year: " + n.years.map(function (p) { return p[0] + ": " + p[1]; }).join(", ")));
    }
    if (n.log2_ratio !== undefined) {
      details.appendChild(el("p", "kg-facts", "log2 ratio of the shares " + n.log2_ratio + " \u00b7 q " + Number(n.q).toPrecision(2)));
    }
    var written = writtenAs(n);
    if (written.length) {
      details.appendChild(el("h3", null, "Written as"));
      var ul = el("ul", "kg-aliases");
      written.slice(0, 20).forEach(function (w) {
        var li = el("li", null, w.main);
        if (w.others.length) { li.appendChild(el("span", "kg-how", " also " + w.others.join(", "))); }
        if (w.how.length) { li.appendChild(el("span", "kg-how", " (" + w.how.join("; ") + ")")); }
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
    var known = {};
    known[normName(n.label)] = true;
    written.forEach(function (w) { known[w.key] = true; });
    var others = [];
    (n.synonyms || []).forEach(function (s) {
      var key = normName(s) || s;
      if (!known[key]) { known[key] = true; others.push(s); }
    });
    if (others.length) {
      details.appendChild(el("h3", null, "Also known as"));
      var ul2 = el("ul", "kg-aliases");
      others.slice(0, 20).forEach(function (a) { ul2.appendChild(el("li", null, a)); });
      details.appendChild(ul2);
    }
    var listed = linkRows(id), links = listed.rows;
    var heading = el("h3", null, (links.length < n.degree_full ? links.length + " of " + n.degree_full + " links"
                                  : plural(links.length, "link")) + ", by ");
    ["weight", "npmi"].forEach(function (order) {
      heading.appendChild(button(order === "weight" ? "sentences" : "NPMI", function () { linkOrder = order; showNode(id); },
                                 order === linkOrder ? "kg-current" : ""));
      if (order === "weight") { heading.appendChild(document.createTextNode(" / ")); }
    });
    details.appendChild(heading);
    var note = leftOut(listed);
    if (note) { details.appendChild(el("p", "kg-hint", note)); }
    var ol = el("ol", "kg-neighbors");
    links.slice(0, linksShown).forEach(function (l) {
      var li = el("li"), e = edgeBetween(id, l.other);
      li.appendChild(conceptLink(l.other));
      li.appendChild(document.createTextNode(" \u00b7 "));
      if (e && !e.added) {
        li.appendChild(button(plural(l.weight, "sentence"), function () { net.selectEdges([e.id]); showEdge(e.id); }));
      } else {
        li.appendChild(document.createTextNode(plural(l.weight, "sentence")));
      }
      li.appendChild(document.createTextNode(" \u00b7 " + plural(l.documents, "document") + " \u00b7 NPMI " + l.npmi));
      if (!e) { li.appendChild(el("span", "kg-undrawn", " (not drawn)")); }
      ol.appendChild(li);
    });
    if (!links.length) { details.appendChild(el("p", "kg-hint", "No links (with the current filters).")); }
    details.appendChild(ol);
    if (links.length > linksShown) {
      details.appendChild(button("Show all " + links.length + " links", function () { linksShown = links.length; showNode(id); }, "kg-more"));
    }
  }
  function highlighted(ev, a, b) {
    var p = el("span"), text = ev.text, marks = [];
    (ev.marks[a] || []).forEach(function (m) { marks.push([m[0], m[1], "kg-a"]); });
    (ev.marks[b] || []).forEach(function (m) { marks.push([m[0], m[1], "kg-b"]); });
    marks.sort(function (x, y) { return x[0] - y[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) { return; }
      p.appendChild(document.createTextNode(text.slice(pos, m[0])));
      p.appendChild(el("mark", m[2], text.slice(m[0], m[1])));
      pos = m[1];
    });
    p.appendChild(document.createTextNode(text.slice(pos)));
    return p;
  }
  function showEdge(edgeId) {
    var e = edgeById[edgeId];
    if (!e) { return; }
    current = { kind: "edge", id: edgeId };
    clear(details);
    var h = el("h2");
    h.appendChild(el("mark", "kg-a", labelOf(e.from)));
    h.appendChild(document.createTextNode(" \u2014 "));
    h.appendChild(el("mark", "kg-b", labelOf(e.to)));
    details.appendChild(h);
    details.appendChild(el("p", "kg-facts", plural(e.weight, "sentence") + " in " + plural(e.documents, "document") +
      " \u00b7 NPMI " + e.npmi));
    details.appendChild(el("p", "kg-how", "NPMI: how much more often the two share a sentence than chance " +
      "would have it, from 0 (as often as chance) to 1 (never one without the other); below 0, less often."));
    if (e.weight < minWeight) {
      details.appendChild(el("p", "kg-hint", "Hidden by the slider (links seen in at least " + plural(minWeight, "sentence") + " are drawn)."));
    }
    if (e.added) {
      details.appendChild(el("p", null, "This view keeps the sentences of the links it draws at first only. " +
        "The sentences of this one are in graph.json:"));
      details.appendChild(el("code", "kg-command", "kgraph evidence graph.json \"" + labelOf(e.from) + "\" \"" + labelOf(e.to) + "\""));
    } else {
      details.appendChild(el("h3", null, "Evidence" + (e.evidence.length < e.weight ? " (sample of " + e.evidence.length + ")" : "")));
      var list = el("ul", "kg-evidence");
      e.evidence.forEach(function (ev) {
        var li = el("li");
        li.appendChild(el("span", "kg-doc", ev.doc + (ev.cite ? " \u00b7 " + ev.cite : ev.year ? " \u00b7 " + ev.year : "")));
        li.appendChild(highlighted(ev, e.from, e.to));
        list.appendChild(li);
      });
      details.appendChild(list);
    }
    var back = el("p");
    back.appendChild(conceptLink(e.from));
    back.appendChild(document.createTextNode(" \u00b7 "));
    back.appendChild(conceptLink(e.to));
    details.appendChild(back);
  }
  function refreshPanel() {
    if (current && current.kind === "node") { showNode(current.id); }
    else if (current && current.kind === "edge") { showEdge(current.id); }
  }
  function focusNode(id) {
    if (id !== (current && current.id)) { linksShown = 25; }
    net.selectNodes([id]);
    net.focus(id, { scale: Math.max(net.getScale(), 1.1), animation: { duration: 400 } });
    showNode(id);
  }

  /* ---- search ---- */
  var search = document.getElementById("kg-search"), msg = document.getElementById("kg-search-msg");
  function find(query) { return nameIndex[normName(query)] || null; }
  function distance(a, b, limit) {
    // Levenshtein distance, or limit + 1 once it exceeds limit.
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev.push(j); }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        best = Math.min(best, cur[j]);
      }
      if (best > limit) { return limit + 1; }
      prev = cur;
    }
    return prev[b.length];
  }
  var allNames = null;
  function suggest(query, n) {
    // Ranked as kgraph.errors.close_matches: the name starts with the query's words; has all of them;
    // has words starting with them (short words whole); contains the query; is a few edits away; shares
    // half the words. Then fewer edits (more shared words), then more mentions.
    if (!allNames) {
      allNames = [];
      data.concepts.forEach(function (c) {
        var d = data.nodes[c[0]];
        [c[1]].concat(d ? (d.synonyms || []).concat(d.aliases || []) : c[6]).forEach(function (name) {
          allNames.push({ id: c[0], words: words(name), key: normName(name), mentions: c[3] });
        });
      });
    }
    var q = words(query), key = q.join(""), limit = Math.max(1, Math.floor(key.length / 4)), scored = [];
    if (!key) { return []; }
    allNames.forEach(function (c) {
      var tier = -1, w = c.words;
      function has(test) { return q.every(function (t) { return w.some(function (x) { return test(x, t); }); }); }
      if (q.every(function (t, i) { return i < w.length && (w[i] === t || (i === q.length - 1 && w[i].indexOf(t) === 0)); })) { tier = 0; }
      else if (has(function (x, t) { return x === t; })) { tier = 1; }
      else if (has(function (x, t) { return x === t || (t.length >= 3 && x.indexOf(t) === 0); })) { tier = 2; }
      else if (key.length >= 5 && c.key.indexOf(key) >= 0) { tier = 3; }  // shorter runs hide in unrelated words
      var edits = distance(key, c.key.slice(0, key.length + limit), limit), wordEdits = 0;
      q.forEach(function (t) {  // each word of the query against the closest word of the name
        var lim = Math.max(1, Math.floor(t.length / 4)), best = lim + 1;
        w.forEach(function (x) { best = Math.min(best, distance(t, x, lim)); });
        wordEdits += best > lim ? 99 : best;
      });
      edits = Math.min(edits, wordEdits);
      if (tier < 0 && edits <= limit && key.length >= 5) { tier = 4; }
      var common = q.filter(function (t) { return w.indexOf(t) >= 0; }), shared = common.length;
      if (tier < 0 && q.length >= 2 && 2 * shared >= q.length && common.join("").length >= 4) { tier = 5; edits = -shared; }
      if (tier >= 0) { scored.push([tier, edits, -c.mentions, c.id]); }
    });
    scored.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : 1); });
    var out = [];
    scored.forEach(function (s) { if (out.length < n && out.indexOf(s[3]) < 0) { out.push(s[3]); } });
    return out;
  }
  var unmentionedIndex = null;
  function unmentioned(query) {
    // A concept of the lexicon that no document of the corpus mentions: [label, category, names].
    if (!unmentionedIndex) {
      unmentionedIndex = {};
      (data.unmentioned || []).forEach(function (c) {
        [c[0]].concat(c[2]).forEach(function (name) {
          var key = normName(name);
          if (key && !(key in unmentionedIndex)) { unmentionedIndex[key] = c; }
        });
      });
    }
    return unmentionedIndex[normName(query)] || null;
  }
  function notFound(q) {
    current = null;
    net.unselectAll();
    clear(details);
    var ids = suggest(q, 5), known = unmentioned(q);
    var tryThese = ids.length ? "; try: " + ids.map(labelOf).join(", ") : "";
    if (known) {
      msg.textContent = "Never mentioned in this corpus (the lexicon knows it)" + tryThese;
      details.appendChild(el("h2", null, "\u201c" + q + "\u201d is never mentioned"));
      details.appendChild(el("p", null, "The lexicon knows it as " + known[0] + " (" + known[1] + "), but no " +
        "document of this corpus mentions it, so it is not in the graph."));
    } else {
      msg.textContent = "Not found" + tryThese;
      details.appendChild(el("h2", null, "No concept named \u201c" + q + "\u201d"));
    }
    if (ids.length) {
      details.appendChild(el("p", "kg-facts", known ? "Names in the corpus that look alike:" : "Close names:"));
      var ul = el("ul", "kg-neighbors");
      ids.forEach(function (id) { var li = el("li"); li.appendChild(conceptLink(id)); ul.appendChild(li); });
      details.appendChild(ul);
    }
  }
  var lastQuery = null;  // Enter and the change event both run a search: once is enough
  function runSearch() {
    var q = search.value.trim();
    if (q === lastQuery) { return; }
    lastQuery = q;
    if (!q) { msg.textContent = ""; return; }
    var id = find(q);
    if (id) { msg.textContent = ""; focusNode(id); return; }
    var left = undrawnIndex[normName(q)];
    if (left) {
      msg.textContent = "Added to the map with its strongest links";
      focusNode(drawConcept(left));
      return;
    }
    notFound(q);
  }
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { runSearch(); } });
  search.addEventListener("change", runSearch);
  search.addEventListener("input", function () { lastQuery = null; });

  /* ---- filters: categories, communities, years and minimum weight ---- */
  var edgesFor = null;  // the concept whose links the overview draws too
  function applyEdgeFilters() {
    // Zoomed out, the strongest links only, and those of the selected concept.
    budget = linkBudget();
    var chosen = edgesFor = current && current.kind === "node" ? current.id : null;
    edgeSet.update(Object.keys(edgeById).map(function (eid) {
      var e = edgeById[eid], faint = !(linkRank[eid] < budget) && e.from !== chosen && e.to !== chosen;
      return { id: eid, hidden: e.weight < minWeight || !inYears(e.years) || faint };
    }));
  }
  function applyFilters() {
    nodeSet.update(Object.keys(data.nodes).map(function (id) {
      var n = data.nodes[id];
      return { id: id, color: nodeColour(id),
               hidden: !!hiddenCategories[n.category] || !!hiddenCommunities[n.community] || !inYears(n.years) };
    }));
    applyEdgeFilters();
    refreshPanel();
  }
  var legend = document.getElementById("kg-legend"), counts = {};
  Object.keys(data.nodes).forEach(function (id) { var c = data.nodes[id].category; counts[c] = (counts[c] || 0) + 1; });
  Object.keys(counts).sort().forEach(function (c) {
    var item = el("div", "kg-legend-item"), sw = el("span", "kg-swatch");
    sw.style.background = data.colors[c] || GREY;
    item.appendChild(sw);
    item.appendChild(el("span", null, c + " (" + counts[c] + ")"));
    item.title = "Click to hide or show";
    if (hiddenCategories[c]) {
      item.classList.add("kg-off");
      item.title = "Generic terms, hidden at first; click to show";
    }
    item.addEventListener("click", function () {
      hiddenCategories[c] = !hiddenCategories[c];
      item.classList.toggle("kg-off", hiddenCategories[c]);
      applyFilters();
    });
    legend.appendChild(item);
  });
  var communityBox = document.getElementById("kg-communities");
  (data.communities || []).forEach(function (c) {
    var item = el("div", "kg-legend-item"), sw = el("span", "kg-swatch");
    sw.style.background = c.color;
    item.appendChild(sw);
    item.appendChild(el("span", "kg-community-id", String(c.id + 1)));
    item.appendChild(el("span", null, c.top.join(", ") + (c.size > c.top.length ? " +" + (c.size - c.top.length) : "")));
    item.title = plural(c.size, "concept") + (c.drawn < c.size ? ", " + c.drawn + " drawn" : "") + "; click to hide or show";
    item.setAttribute("role", "button");
    item.addEventListener("click", function () {
      hiddenCommunities[c.id] = !hiddenCommunities[c.id];
      item.classList.toggle("kg-off", hiddenCommunities[c.id]);
      item.setAttribute("aria-pressed", hiddenCommunities[c.id] ? "true" : "false");
      applyFilters();
    });
    communityBox.appendChild(item);
  });
  var colourSelect = document.getElementById("kg-colour");
  colourSelect.addEventListener("change", function () {
    colourBy = colourSelect.value;
    document.getElementById("kg-year-legend").hidden = colourBy !== "year";
    applyFilters();
  });
  if (years.length >= 2) {
    var yearBox = document.getElementById("kg-year-box"), option = el("option", null, "mean year");
    option.value = "year";
    colourSelect.appendChild(option);
    var fromInput = document.getElementById("kg-year-from"), toInput = document.getElementById("kg-year-to");
    var yearLegend = document.getElementById("kg-year-legend"), ends = el("div", "kg-year-ends");
    yearBox.hidden = false;
    [fromInput, toInput].forEach(function (input) {
      input.min = String(yearFrom); input.max = String(yearTo);
    });
    fromInput.value = String(yearFrom); toInput.value = String(yearTo);
    ends.appendChild(el("span", null, years[0][0]));
    ends.appendChild(el("span", null, years[years.length - 1][0]));
    yearLegend.appendChild(ends);
    var readYears = function () {
      var a = parseInt(fromInput.value, 10), b = parseInt(toInput.value, 10);
      yearFrom = isNaN(a) ? years[0][0] : a;
      yearTo = isNaN(b) ? years[years.length - 1][0] : b;
      applyFilters();
    };
    fromInput.addEventListener("change", readYears);
    toInput.addEventListener("change", readYears);
  }
  // No applyFilters() here: html.py draws the page as the filters start (generic terms hidden, and
  // zoomed out only the strongest links), and updating thousands of items delayed the first draw.
  budget = linkBudget();
  if (!data.physics) {  // the map's extent is that of the concepts shown (generic terms start hidden)
    // The canvas takes the size this page's styles give it now, not later (vis-network notices a new size
    // only on its next check, then keeps the drawing's extent: the fit would be lost).
    net.setSize("100%", "100%");
    net.fit({ nodes: Object.keys(data.nodes).filter(function (id) { return !nodeSet.get(id).hidden; }) });
    fitScale = net.getScale();  // the zoom levels (cluster names, links drawn) count from here
  }
  if (!(data.communities || []).length) { communityBox.appendChild(el("p", "kg-hint", "No communities (too few links).")); }
  var slider = document.getElementById("kg-weight"), sliderValue = document.getElementById("kg-weight-value");
  slider.max = String(maxWeight);
  slider.addEventListener("input", function () {
    minWeight = parseInt(slider.value, 10) || 1;
    sliderValue.textContent = String(minWeight);
    applyFilters();
  });

  /* ---- interaction ---- */
  net.on("click", function (params) {
    if (params.nodes.length) { linksShown = 25; showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });
  net.once("stabilizationIterationsDone", function () { net.setOptions({ physics: { enabled: false } }); });

  window.kgraphView = { data: data, find: find, focusNode: focusNode, showNode: showNode, showEdge: showEdge,
                       suggest: function (q, n) { return suggest(q, n || 5).map(labelOf); },
                       drawConcept: drawConcept,
                       labels: function () {
                         return boxes.map(function (b) {
                           return { text: b.text, x: b.x, y: b.y, w: b.w, h: b.h, px: b.px, cluster: b.bold,
                                    size: b.bold ? b.size : null };
                         });
                       },
                       discs: function () { return discs.slice(); },
                       clusterNames: clusterNames,
                       zoom: function () { return fitScale ? net.getScale() / fitScale : null; },
                       linkBudget: function () { return budget; },
                       frameTimes: function () { return frameTimes.slice(); },
                       firstDraw: function () { return firstDraw; },
                       setYears: function (a, b) {
                         document.getElementById("kg-year-from").value = String(a);
                         document.getElementById("kg-year-to").value = String(b);
                         yearFrom = a; yearTo = b; applyFilters();
                       },
                       colourBy: function (mode) { colourSelect.value = mode; colourSelect.dispatchEvent(new Event("change")); },
                       setMinWeight: function (w) { slider.value = String(w); slider.dispatchEvent(new Event("input")); },
                       search: function (q) { search.value = q; lastQuery = null; runSearch(); } };
})();
