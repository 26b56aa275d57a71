/* MapView: the drawing, by vis-network, with the options, sizes, places and colours Python computed. State:
   the DataSets of what is drawn, the network, the zoom at which the map was fitted (fitScale; the levels
   of detail count from it) and how many links the current zoom draws (budget): zoomed out, only the
   strongest (a thousand at the overview, four thousand a little closer, all of them closer still). */
function MapView(container, data, model, filters, selected) {
  var OVERVIEW_LINKS = data.overview_links, MIDDLE_LINKS = 4 * OVERVIEW_LINKS;
  var net = null, fitScale = null, budget = null, linksOf = null, tipped = {};

  function zoomedOut() { return !data.physics && (fitScale === null || net.getScale() < fitScale * 2.2); }
  function linkBudget() {
    if (data.physics) { return Infinity; }
    if (zoomedOut()) { return OVERVIEW_LINKS; }
    return net.getScale() < fitScale * 5 ? MIDDLE_LINKS : Infinity;
  }
  function nodeItem(n) {
    var item = { id: n.id, size: n.size, shape: "dot", color: filters.colour(n), borderWidth: filters.borderWidth(n),
                 hidden: filters.nodeHidden(n) };
    if (!data.physics) { item.x = n.x; item.y = n.y; }
    return item;
  }
  function edgeHidden(e, chosen) {
    // Hidden by the filters, or faint: beyond the links this zoom draws, and not one of the chosen concept's.
    var faint = !(e.rank < budget) && e.from !== chosen && e.to !== chosen;
    return filters.edgeHidden(e) || faint;
  }
  function edgeItem(e) { return { id: e.id, from: e.from, to: e.to, value: e.weight, hidden: edgeHidden(e, linksOf) }; }

  budget = linkBudget();
  var nodeSet = new vis.DataSet(model.drawnIds().map(function (id) { return nodeItem(model.node(id)); }));
  var edgeSet = new vis.DataSet(model.edges.map(edgeItem));
  net = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, data.options);
  net.once("stabilizationIterationsDone", function () { net.setOptions({ physics: { enabled: false } }); });

  /* ---- tooltips: DOM elements (nothing is parsed as HTML), made when first hovered (thousands made up
     front delayed the first draw) ---- */
  function nodeTip(n) {
    var tip = el("div");
    tip.appendChild(el("strong", null, n.label));
    tip.appendChild(el("div", null, n.category + (n.source === "discovered" ? " (discovered)" : "")));
    tip.appendChild(el("div", null, plural(n.mentions, "mention") + " in " + plural(n.documents, "document")));
    var forms = (n.written || []).map(function (w) { return w.form; });
    if (forms.length) { tip.appendChild(el("div", null, "written as: " + forms.slice(0, 8).join(", "))); }
    return tip;
  }
  function edgeTip(e) {
    return el("div", null, model.labelOf(e.from) + " \u2014 " + model.labelOf(e.to) + ": " +
      plural(e.weight, "sentence") + " in " + plural(e.documents || 0, "document") + ", NPMI " + e.npmi +
      ((e.documents || 0) < data.min_support ? " (too few documents to rank by)" : ""));
  }
  net.on("hoverNode", function (p) {
    if (!tipped[p.node] && model.node(p.node)) { tipped[p.node] = true; nodeSet.update({ id: p.node, title: nodeTip(model.node(p.node)) }); }
  });
  net.on("hoverEdge", function (p) {
    if (!tipped[p.edge] && model.edge(p.edge)) { tipped[p.edge] = true; edgeSet.update({ id: p.edge, title: edgeTip(model.edge(p.edge)) }); }
  });

  /* ---- filters ---- */
  function applyEdges(chosen) {
    budget = linkBudget();
    linksOf = chosen;
    edgeSet.update(model.edges.map(function (e) { return { id: e.id, hidden: edgeHidden(e, chosen) }; }));
  }
  function apply(chosen) {
    nodeSet.update(model.drawnIds().map(function (id) {
      var n = model.node(id);
      return { id: id, color: filters.colour(n), hidden: filters.nodeHidden(n) };
    }));
    applyEdges(chosen);
  }

  /* ---- a concept the map left out, drawn with its strongest links ---- */
  function addConcept(id, p) {
    var c = model.concept(id);
    var item = nodeItem(model.addNode(id, { added: true, also: c.names, written: [] }));
    item.x = p.x; item.y = p.y;
    nodeSet.add(item);
  }
  function addLink(a, b, link) {
    if (model.edgeBetween(a, b)) { return; }
    var e = model.addEdge({ from: a, to: b, weight: link.weight, documents: link.documents, npmi: link.npmi,
                            evidence: [], added: true });
    edgeSet.add(edgeItem(e));
  }
  function drawConcept(id) {
    if (model.node(id)) { return id; }
    var links = model.links(id).sort(function (a, b) { return b.weight - a.weight || b.npmi - a.npmi; });
    var sx = 0, sy = 0, sw = 0;
    links.forEach(function (l) {
      var bn = model.node(l.other) && net.body.nodes[l.other];
      if (bn) { sx += bn.x * l.weight; sy += bn.y * l.weight; sw += l.weight; }
    });
    var centre = sw ? { x: sx / sw, y: sy / sw } : net.getViewPosition();
    var ring = links.filter(function (l) { return !model.node(l.other); }).slice(0, 8);
    function at(other, k) {
      // On the map, where the exports put it; with physics (no map), among its neighbours.
      if (!data.physics) { var c = model.concept(other); return { x: c.x, y: c.y }; }
      if (k < 0) { return centre; }
      var angle = 2 * Math.PI * k / ring.length;
      return { x: centre.x + 90 * Math.cos(angle), y: centre.y + 90 * Math.sin(angle) };
    }
    addConcept(id, at(id, -1));
    ring.forEach(function (l, k) { addConcept(l.other, at(l.other, k)); });
    [id].concat(ring.map(function (l) { return l.other; })).forEach(function (a) {
      model.links(a).forEach(function (l) { if (model.node(l.other)) { addLink(a, l.other, l); } });
    });
    return id;
  }

  return {
    net: net, nodeSet: nodeSet, edgeSet: edgeSet,
    zoomedOut: zoomedOut,
    fitScale: function () { return fitScale; },
    budget: function () { return budget; },
    apply: apply,
    showLinksOf: function (id) { if (budget !== Infinity && linksOf !== id) { applyEdges(id); } },  // even the faint ones
    drawConcept: drawConcept,
    focus: function (id) {
      net.selectNodes([id]);
      net.focus(id, { scale: Math.max(net.getScale(), 1.1), animation: { duration: 400 } });
    },
    fit: function () {
      // The map's extent is that of the concepts shown (generic terms start hidden). The canvas takes the
      // size this page's styles give it now, not later (vis-network notices a new size only on its next
      // check, then keeps the drawing's extent: the fit would be lost).
      if (data.physics) { return; }
      net.setSize("100%", "100%");
      net.fit({ nodes: model.drawnIds().filter(function (id) { return !nodeSet.get(id).hidden; }) });
      fitScale = net.getScale();
    },
    drawn: function () {
      // After each frame: the first sets the zoom levels' origin; crossing a level redraws the links.
      if (fitScale === null) { fitScale = net.getScale(); }
      if (linkBudget() !== budget) { setTimeout(function () { applyEdges(selected()); }, 0); }
    }
  };
}
