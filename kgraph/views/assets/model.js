/* Model: the graph as the page knows it. Every concept and link of the whole graph, as columns with named
   fields (page_data.py), the concepts and links drawn, and those a search added. State: these and their
   indexes; concepts and links are only ever added. */
function Model(data) {
  var columns = data.concepts, fields = Object.keys(columns), linkColumns = data.links;
  var at = Object.create(null), linksAt = null;
  var nodes = Object.create(null), byMentions = [], edges = [], edgeById = Object.create(null);
  var adjacency = Object.create(null), maxWeight = 1;
  columns.id.forEach(function (id, i) { at[id] = i; });

  function row(i) {  // concept i as an object with named fields
    var c = { index: i };
    fields.forEach(function (f) { c[f] = columns[f][i]; });
    return c;
  }
  function links(id) {
    // Every link of a concept in the whole graph (drawn or not): {other, weight, documents, npmi}.
    if (!linksAt) {
      linksAt = Object.create(null);
      for (var k = 0; k < linkColumns.a.length; k++) {
        (linksAt[linkColumns.a[k]] = linksAt[linkColumns.a[k]] || []).push(k);
        (linksAt[linkColumns.b[k]] = linksAt[linkColumns.b[k]] || []).push(k);
      }
    }
    var i = at[id];
    return (linksAt[i] || []).map(function (k) {
      return { other: columns.id[linkColumns.a[k] === i ? linkColumns.b[k] : linkColumns.a[k]],
               weight: linkColumns.weight[k], documents: linkColumns.documents[k], npmi: linkColumns.npmi[k] };
    });
  }
  function mentionsFirst(a, b) { return nodes[b].mentions - nodes[a].mentions || (a < b ? -1 : a > b ? 1 : 0); }
  function addNode(id, details) {
    // A concept drawn: its row, its details (data.nodes, or what a search knows), its ids and links.
    var n = row(at[id]);
    Object.keys(details).forEach(function (k) { n[k] = details[k]; });
    n.ids = data.ids[id] || [];
    n.degree = links(id).length;
    nodes[id] = n;
    byMentions.push(id);
    byMentions.sort(mentionsFirst);
    return n;
  }
  function addEdge(e) {
    // A link drawn: {from, to, weight, documents, npmi, evidence, rank (if drawn from the start), years}.
    e.id = e.from + "\u0001" + e.to;
    edgeById[e.id] = e;
    edges.push(e);
    (adjacency[e.from] = adjacency[e.from] || []).push(e);
    (adjacency[e.to] = adjacency[e.to] || []).push(e);
    if (e.weight > maxWeight) { maxWeight = e.weight; }
    return e;
  }
  Object.keys(data.nodes).sort().forEach(function (id) { addNode(id, data.nodes[id]); });
  data.edges.forEach(addEdge);

  return {
    nodes: nodes,  // the drawn concepts by id
    edges: edges,  // the drawn links
    concept: function (id) { return id in at ? row(at[id]) : null; },
    idAt: function (i) { return columns.id[i]; },
    labelOf: function (id) { return columns.label[at[id]]; },
    categoryOf: function (id) { return columns.category[at[id]]; },
    labels: function () { return columns.label; },
    links: links,
    node: function (id) { return nodes[id] || null; },
    drawnIds: function () { return Object.keys(nodes); },  // in the order they were drawn
    byMentions: function () { return byMentions; },
    addNode: addNode,
    edge: function (id) { return edgeById[id] || null; },
    edgeBetween: function (a, b) { return edgeById[a + "\u0001" + b] || edgeById[b + "\u0001" + a] || null; },
    edgesOf: function (id) { return adjacency[id] || []; },
    addEdge: addEdge,
    maxWeight: function () { return maxWeight; }
  };
}
