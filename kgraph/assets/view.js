/* kgraph view: panel, search, legend and filters on top of pyvis's vis-network.
   Every string from the data is inserted with textContent, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kgraph-data").textContent);
  var net = window.network, nodeSet = window.nodes, edgeSet = window.edges;
  var hiddenCategories = {}, hiddenCommunities = {};
  // Statistics, lab methods and basic molecules start hidden: generic hubs, shown on request.
  (data.demoted || []).forEach(function (c) { hiddenCategories[c] = true; });
  var minSupport = data.min_support || 1, linkOrder = "weight";
  var SOURCES = { lexicon: "lexicon name", abbreviation: "abbreviation defined in the same document",
                  abbreviation_elsewhere: "abbreviation defined in another document",
                  discovered: "discovered in the texts" };
  var minWeight = 1;
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
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function normName(s) {
    return String(s).toLowerCase().split(/[^0-9a-z\u00c0-\u024f\u0370-\u03ff]+/).filter(Boolean)
      .map(function (w) { return (w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w)) ? w.slice(0, -1) : w; })
      .join("");
  }

  /* ---- header ---- */
  document.getElementById("kg-title").textContent = data.title || "kgraph";
  var meta = data.meta || {};
  document.getElementById("kg-stats").textContent =
    plural(meta.documents || 0, "document") + " · " + plural(meta.sentences || 0, "sentence") + " · " +
    plural(data.total.nodes, "concept") + " · " + plural(data.total.edges, "link");
  if (data.shown.nodes < data.total.nodes || data.shown.edges < data.total.edges) {
    document.getElementById("kg-note").textContent =
      "Filtered view: the " + data.shown.nodes + " most mentioned of " + data.total.nodes +
      " concepts and the " + data.shown.edges + " strongest of " + data.total.edges +
      " links. The complete graph is in graph.json.";
  }

  /* ---- indexes ---- */
  var edgeById = {}, adjacency = {}, maxWeight = 1;
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    (adjacency[e.from] = adjacency[e.from] || []).push(e);
    (adjacency[e.to] = adjacency[e.to] || []).push(e);
    if (e.weight > maxWeight) { maxWeight = e.weight; }
  });
  // Names in order of precedence (label and id, then synonyms, then forms seen); for a name
  // shared by several concepts at the same precedence, the most mentioned concept wins.
  var nameIndex = {}, datalist = document.getElementById("kg-names");
  var byMentions = Object.keys(data.nodes).sort(function (a, b) {
    return (data.nodes[b].mentions || 0) - (data.nodes[a].mentions || 0) || (a < b ? -1 : a > b ? 1 : 0);
  });
  [function (id, n) { return [n.label, id.replace(/_/g, " ")]; },
   function (id, n) { return n.synonyms || []; },
   function (id, n) { return n.aliases || []; }].forEach(function (namesOf) {
    byMentions.forEach(function (id) {
      namesOf(id, data.nodes[id]).forEach(function (name) {
        var key = normName(name);
        if (key && !(key in nameIndex)) { nameIndex[key] = id; }
      });
    });
  });
  byMentions.forEach(function (id) {
    var option = document.createElement("option");
    option.value = data.nodes[id].label;
    datalist.appendChild(option);
  });
  // Concepts a filtered view leaves out: [label, mentions, documents, rank, names], most mentioned first.
  var undrawnIndex = {};
  (data.undrawn || []).forEach(function (u) {
    [u[0]].concat(u[4]).forEach(function (name) {
      var key = normName(name);
      if (key && !(key in nameIndex) && !(key in undrawnIndex)) { undrawnIndex[key] = u; }
    });
  });

  /* ---- tooltips (DOM elements, so nothing is parsed as HTML) ---- */
  nodeSet.update(Object.keys(data.nodes).map(function (id) {
    var n = data.nodes[id], tip = el("div");
    tip.appendChild(el("strong", null, n.label));
    tip.appendChild(el("div", null, n.category + (n.source === "discovered" ? " (discovered)" : "")));
    tip.appendChild(el("div", null, plural(n.mentions, "mention") + " in " + plural(n.documents, "document")));
    if (n.aliases && n.aliases.length) { tip.appendChild(el("div", null, "written as: " + n.aliases.slice(0, 8).join(", "))); }
    return { id: id, title: tip };
  }));
  edgeSet.update(data.edges.map(function (e) {
    var tip = el("div", null, data.nodes[e.from].label + " — " + data.nodes[e.to].label + ": " +
      plural(e.weight, "sentence") + " in " + plural(e.documents || 0, "document") + ", NPMI " + e.npmi +
      ((e.documents || 0) < minSupport ? " (too few documents to rank by)" : ""));
    return { id: e.id, title: tip };
  }));

  /* ---- panel ---- */
  var details = document.getElementById("kg-details");
  function badge(category) {
    var b = el("span", "kg-badge", category);
    b.style.background = data.colors[category] || "#ccc";
    return b;
  }
  function conceptLink(id) {
    var a = el("button", "kg-link", data.nodes[id].label);
    a.type = "button";
    a.addEventListener("click", function () { focusNode(id); });
    return a;
  }
  function showNode(id) {
    var n = data.nodes[id];
    clear(details);
    details.appendChild(el("h2", null, n.label));
    details.appendChild(badge(n.category));
    if (n.community >= 0) { details.appendChild(el("span", "kg-facts", " community " + (n.community + 1))); }
    if (n.source === "discovered") { details.appendChild(el("span", "kg-discovered", "discovered in the text")); }
    details.appendChild(el("p", "kg-facts", plural(n.mentions, "mention") + " · " + plural(n.sentences, "sentence") +
      " · " + plural(n.documents, "document") + " · " + plural(n.degree_full, "link")));
    if (n.years && n.years.length) {
      details.appendChild(el("p", "kg-facts", "First seen " + n.years[0][0] + " · mean year " + n.mean_year +
        " · documents per year: " + n.years.map(function (p) { return p[0] + ": " + p[1]; }).join(", ")));
    }
    if (n.log2_ratio !== undefined) {
      details.appendChild(el("p", "kg-facts", "log2 ratio of the shares " + n.log2_ratio + " · q " + Number(n.q).toPrecision(2)));
    }
    details.appendChild(el("h3", null, "Written as"));
    var ul = el("ul", "kg-aliases"), forms = {}, order = [];
    (n.provenance || (n.aliases || []).map(function (a) { return [a, "", 0]; })).forEach(function (p) {
      if (!(p[0] in forms)) { forms[p[0]] = []; order.push(p[0]); }
      if (p[1]) { forms[p[0]].push(p[2] + " " + (SOURCES[p[1]] || p[1])); }
    });
    order.slice(0, 20).forEach(function (form) {
      var li = el("li", null, form);
      if (forms[form].length) { li.appendChild(el("span", "kg-how", " (" + forms[form].join("; ") + ")")); }
      ul.appendChild(li);
    });
    details.appendChild(ul);
    var others = (n.synonyms || []).filter(function (s) { return s !== n.label && (n.aliases || []).indexOf(s) < 0; });
    if (others.length) {
      details.appendChild(el("h3", null, "Also known as"));
      var ul2 = el("ul", "kg-aliases");
      others.slice(0, 20).forEach(function (a) { ul2.appendChild(el("li", null, a)); });
      details.appendChild(ul2);
    }
    var links = (adjacency[id] || []).filter(function (e) {
      return e.weight >= minWeight && !hiddenCategories[data.nodes[e.from === id ? e.to : e.from].category] &&
        (linkOrder === "weight" || (e.documents || 0) >= minSupport);
    }).sort(linkOrder === "weight"
      ? function (a, b) { return b.weight - a.weight || b.npmi - a.npmi; }
      : function (a, b) { return b.npmi - a.npmi || b.weight - a.weight; });
    var heading = el("h3", null, "Strongest links, by ");
    ["weight", "npmi"].forEach(function (order) {
      var b = el("button", "kg-link" + (order === linkOrder ? " kg-current" : ""), order === "weight" ? "sentences" : "NPMI");
      b.type = "button";
      b.addEventListener("click", function () { linkOrder = order; showNode(id); });
      heading.appendChild(b);
      if (order === "weight") { heading.appendChild(document.createTextNode(" / ")); }
    });
    details.appendChild(heading);
    if (linkOrder === "npmi") {
      details.appendChild(el("p", "kg-hint", "Links seen in at least " + plural(minSupport, "document") +
        " (fewer make NPMI unreliable)."));
    }
    var ol = el("ol", "kg-neighbors");
    links.slice(0, 15).forEach(function (e) {
      var other = e.from === id ? e.to : e.from, li = el("li");
      li.appendChild(conceptLink(other));
      var ev = el("button", "kg-link", plural(e.weight, "sentence"));
      ev.type = "button";
      ev.addEventListener("click", function () { net.selectEdges([e.id]); showEdge(e.id); });
      li.appendChild(document.createTextNode(" · "));
      li.appendChild(ev);
      li.appendChild(document.createTextNode(" · " + plural(e.documents || 0, "document") + " · NPMI " + e.npmi));
      ol.appendChild(li);
    });
    if (!links.length) { details.appendChild(el("p", "kg-hint", "No links shown.")); }
    details.appendChild(ol);
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
    clear(details);
    var h = el("h2");
    h.appendChild(el("mark", "kg-a", data.nodes[e.from].label));
    h.appendChild(document.createTextNode(" — "));
    h.appendChild(el("mark", "kg-b", data.nodes[e.to].label));
    details.appendChild(h);
    details.appendChild(el("p", "kg-facts", plural(e.weight, "sentence") + " in " + plural(e.documents, "document") +
      " · NPMI " + e.npmi + " (" + (meta.association || "npmi") + ", " + (meta.window || "sentence") + " window)"));
    details.appendChild(el("h3", null, "Evidence" + (e.evidence.length < e.weight ? " (sample of " + e.evidence.length + ")" : "")));
    var list = el("ul", "kg-evidence");
    e.evidence.forEach(function (ev) {
      var li = el("li");
      li.appendChild(el("span", "kg-doc", ev.doc + (ev.cite ? " · " + ev.cite : ev.year ? " · " + ev.year : "")));
      li.appendChild(highlighted(ev, e.from, e.to));
      list.appendChild(li);
    });
    details.appendChild(list);
    var back = el("p");
    back.appendChild(conceptLink(e.from));
    back.appendChild(document.createTextNode(" · "));
    back.appendChild(conceptLink(e.to));
    details.appendChild(back);
  }
  function showUndrawn(u) {
    clear(details);
    details.appendChild(el("h2", null, u[0]));
    details.appendChild(el("p", "kg-facts", plural(u[1], "mention") + " in " + plural(u[2], "document") +
      " · number " + u[3] + " of " + data.total.nodes + " concepts by mentions"));
    details.appendChild(el("p", null, "This view draws only the " + data.shown.nodes + " most mentioned " +
      "concepts, so this one is not drawn. Its links and evidence are in graph.json; to draw it, " +
      "make the view again with more concepts:"));
    details.appendChild(el("code", "kg-command", "kgraph html graph.json --max-nodes " + u[3] + " --out view.html"));
    if (u[4].length) { details.appendChild(el("p", "kg-facts", "Also written: " + u[4].join(", "))); }
  }
  function focusNode(id) {
    net.selectNodes([id]);
    net.focus(id, { scale: 1.1, animation: { duration: 400 } });
    showNode(id);
  }

  /* ---- search ---- */
  var search = document.getElementById("kg-search"), msg = document.getElementById("kg-search-msg");
  function find(query) { return nameIndex[normName(query)] || null; }
  function runSearch() {
    var q = search.value.trim();
    if (!q) { msg.textContent = ""; return; }
    var id = find(q);
    if (id) { msg.textContent = ""; focusNode(id); return; }
    var left = undrawnIndex[normName(q)];
    if (left) { msg.textContent = "Not drawn in this filtered view"; showUndrawn(left); return; }
    // Names that contain the query: drawn concepts first, then those the filtered view leaves out.
    var key = normName(q), labels = [];
    function contains(k) { return k.indexOf(key) >= 0; }
    Object.keys(nameIndex).filter(contains).map(function (k) { return data.nodes[nameIndex[k]].label; })
      .concat(Object.keys(undrawnIndex).filter(contains).map(function (k) { return undrawnIndex[k][0]; }))
      .forEach(function (label) { if (labels.length < 3 && labels.indexOf(label) < 0) { labels.push(label); } });
    msg.textContent = "Not found" + (labels.length ? "; try: " + labels.join(", ") : "");
  }
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { runSearch(); } });
  search.addEventListener("change", runSearch);

  /* ---- filters: categories and minimum weight ---- */
  function applyFilters() {
    nodeSet.update(Object.keys(data.nodes).map(function (id) {
      var n = data.nodes[id];
      var update = { id: id, hidden: !!hiddenCategories[n.category] || !!hiddenCommunities[n.community] ||
                                     !inYears(n.years) };
      if (years.length) {
        update.color = colourBy === "year" && n.mean_year ? yearColour(n.mean_year) : data.colors[n.category];
      }
      return update;
    }));
    edgeSet.update(data.edges.map(function (e) {
      return { id: e.id, hidden: e.weight < minWeight || !inYears(e.years) };
    }));
  }
  var legend = document.getElementById("kg-legend"), counts = {};
  Object.keys(data.nodes).forEach(function (id) { var c = data.nodes[id].category; counts[c] = (counts[c] || 0) + 1; });
  Object.keys(counts).sort().forEach(function (c) {
    var item = el("div", "kg-legend-item"), sw = el("span", "kg-swatch");
    sw.style.background = data.colors[c] || "#ccc";
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
    var item = el("div", "kg-legend-item");
    item.appendChild(el("span", "kg-community-id", String(c.id + 1)));
    item.appendChild(el("span", null, c.top.join(", ") + (c.size > c.top.length ? " +" + (c.size - c.top.length) : "")));
    item.title = plural(c.size, "concept") + "; click to hide or show";
    item.addEventListener("click", function () {
      hiddenCommunities[c.id] = !hiddenCommunities[c.id];
      item.classList.toggle("kg-off", hiddenCommunities[c.id]);
      applyFilters();
    });
    communityBox.appendChild(item);
  });
  if (years.length >= 2) {
    var yearBox = document.getElementById("kg-year-box"), colourSelect = document.getElementById("kg-colour");
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
    colourSelect.addEventListener("change", function () {
      colourBy = colourSelect.value;
      yearLegend.hidden = colourBy !== "year";
      applyFilters();
    });
    function readYears() {
      var a = parseInt(fromInput.value, 10), b = parseInt(toInput.value, 10);
      yearFrom = isNaN(a) ? years[0][0] : a;
      yearTo = isNaN(b) ? years[years.length - 1][0] : b;
      applyFilters();
    }
    fromInput.addEventListener("change", readYears);
    toInput.addEventListener("change", readYears);
  }
  applyFilters();
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
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });
  net.once("stabilizationIterationsDone", function () { net.setOptions({ physics: { enabled: false } }); });

  window.kgraphView = { data: data, find: find, focusNode: focusNode, showNode: showNode, showEdge: showEdge,
                       setYears: function (a, b) {
                         document.getElementById("kg-year-from").value = String(a);
                         document.getElementById("kg-year-to").value = String(b);
                         yearFrom = a; yearTo = b; applyFilters();
                       },
                       colourBy: function (mode) {
                         var select = document.getElementById("kg-colour");
                         select.value = mode; select.dispatchEvent(new Event("change"));
                       },
                       search: function (q) { search.value = q; runSearch(); } };
})();
