/* main: makes the parts, wires the events between them, and exposes window.kgraphView (for tests, and for
   readers at the browser's console). State: the frame timings. */
var data = JSON.parse(byId("kgraph-data").textContent);
var model = Model(data), filters = Filters(data), search = Search(data, model), panel = null;
var mapView = MapView(byId("mynetwork"), data, model, filters, function () { return panel.selected(); });
var net = mapView.net, labels = Labels(data, model, filters, mapView);
var timing = { frameStart: 0, frames: [], firstDraw: null };

function showNode(id) { panel.showNode(id); }
function showEdge(id) { panel.showEdge(id); }
function focusNode(id) {
  panel.listFromTop(id);
  mapView.focus(id);
  showNode(id);
}
function applyFilters() {
  mapView.apply(panel.selected());
  panel.refresh();
}
panel = Panel(byId("kg-details"), data, model, filters, {
  focus: function (id) { focusNode(mapView.drawConcept(id)); },
  selectEdge: function (id) { net.selectEdges([id]); showEdge(id); },
  nodeShown: mapView.showLinksOf
});
var controls = Controls(data, model, filters, applyFilters);

/* ---- the search box ---- */
var searchBox = byId("kg-search"), message = byId("kg-search-msg"), lastQuery = null;
function runSearch() {
  // Enter and the change event both run a search: once is enough.
  var q = searchBox.value.trim();
  if (q === lastQuery) { return; }
  lastQuery = q;
  if (!q) { message.textContent = ""; return; }
  var id = search.find(q);
  if (id && model.node(id)) { message.textContent = ""; focusNode(id); return; }
  if (id) {
    message.textContent = "Added to the map with its strongest links";
    focusNode(mapView.drawConcept(id));
    return;
  }
  var ids = search.suggest(q, 5), known = search.neverMentioned(q);
  var tryThese = ids.length ? "; try: " + ids.map(model.labelOf).join(", ") : "";
  message.textContent = (known ? "Never mentioned in this corpus (the lexicon knows it)" : "Not found") + tryThese;
  net.unselectAll();
  panel.notFound(q, ids, known);
}
searchBox.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { runSearch(); } });
searchBox.addEventListener("change", runSearch);
searchBox.addEventListener("input", function () { lastQuery = null; });

/* ---- drawing and interaction ---- */
net.on("beforeDrawing", function (ctx) { timing.frameStart = performance.now(); labels.drawDiscs(ctx); });
net.on("afterDrawing", function (ctx) {
  mapView.drawn();
  labels.drawLabels(ctx);
  var now = performance.now();
  if (timing.firstDraw === null) { timing.firstDraw = now; }
  timing.frames.push(now - timing.frameStart);
  if (timing.frames.length > 1000) { timing.frames.shift(); }
});
net.on("click", function (params) {
  if (params.nodes.length) { panel.listFromTop(); showNode(params.nodes[0]); }
  else if (params.edges.length) { showEdge(params.edges[0]); }
});
// The page starts drawn as the filters start (generic terms hidden, and zoomed out only the strongest
// links): no update of thousands of items delays the first draw.
mapView.fit();

window.kgraphView = {
  data: data, network: net, nodeSet: mapView.nodeSet, edgeSet: mapView.edgeSet,
  nodes: model.nodes, edges: model.edges,
  find: search.find, focusNode: focusNode, showNode: showNode, showEdge: showEdge,
  suggest: function (q, n) { return search.suggest(q, n || 5).map(model.labelOf); },
  words: queryWords,
  drawConcept: mapView.drawConcept,
  labels: labels.boxes, discs: labels.discs, clusterNames: labels.clusterNames,
  zoom: function () { var s = mapView.fitScale(); return s ? net.getScale() / s : null; },
  linkBudget: mapView.budget,
  frameTimes: function () { return timing.frames.slice(); },
  firstDraw: function () { return timing.firstDraw; },
  setYears: controls.setYears, colourBy: controls.colourBy, setMinWeight: controls.setMinWeight,
  search: function (q) { searchBox.value = q; lastQuery = null; runSearch(); }
};
