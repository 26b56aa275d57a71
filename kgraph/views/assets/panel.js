/* Panel: the details of the selected concept or link, or what a failed search found. State: what it shows
   (current), the order of the links it lists (by sentences or NPMI) and how many it lists. Actions come from
   main: focus(id) draws and selects a concept, selectEdge(id) a link, nodeShown(id) draws its links. */
function Panel(element, data, model, filters, actions) {
  var SOURCES = { lexicon: "lexicon name", abbreviation: "abbreviation defined in the same document",
                  abbreviation_elsewhere: "abbreviation defined in another document",
                  discovered: "discovered in the texts", ner: "entity of the pipeline's NER" };
  var LISTED = 25, current = null, linkOrder = "weight", linksShown = LISTED, minSupport = data.min_support;

  function badge(category) {
    var b = el("span", "kg-badge", category);
    b.style.background = filters.categoryColour(category);
    return b;
  }
  function conceptLink(id) { return button(model.labelOf(id), function () { actions.focus(id); }); }
  function linkRows(id) {
    // The links the panel lists, and how many each filter leaves out (so that the counts add up).
    var out = { rows: [], hidden: {}, slider: 0, support: 0 }, minWeight = filters.minWeight();
    model.links(id).forEach(function (l) {
      var category = model.categoryOf(l.other);
      if (filters.categoryHidden(category)) { out.hidden[category] = (out.hidden[category] || 0) + 1; }
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
    if (listed.slider) { parts.push(listed.slider + " seen in fewer than " + plural(filters.minWeight(), "sentence") + " (the slider)"); }
    if (listed.support) {
      parts.push(listed.support + " seen in fewer than " + plural(minSupport, "document") + " (too few to rank by NPMI)");
    }
    return parts.length ? "Not listed: " + parts.join("; ") + "." : "";
  }
  function names(title, items) {
    if (!items.length) { return; }
    element.appendChild(el("h3", null, title));
    var ul = el("ul", "kg-aliases");
    items.forEach(function (item) { ul.appendChild(item); });
    element.appendChild(ul);
  }
  function showNode(id) {
    var n = model.node(id);
    if (!n) { return; }
    current = { kind: "node", id: id };
    actions.nodeShown(id);
    clear(element);
    element.appendChild(el("h2", null, n.label));
    element.appendChild(badge(n.category));
    if (n.community >= 0) { element.appendChild(el("span", "kg-facts", " community " + (n.community + 1))); }
    if (n.source === "discovered") { element.appendChild(el("span", "kg-discovered", "discovered in the text")); }
    element.appendChild(el("p", "kg-facts", plural(n.mentions, "mention") +
      (n.sentences ? " \u00b7 " + plural(n.sentences, "sentence") : "") +
      " \u00b7 " + plural(n.documents, "document") + " \u00b7 " + plural(n.degree, "link")));
    if (n.ids.length) { element.appendChild(el("p", "kg-facts kg-ids", "ids: " + n.ids.join(", "))); }
    if (n.added) { element.appendChild(el("p", "kg-hint", "Not on the map at first; drawn on request with its strongest links.")); }
    if (n.years && n.years.length) {
      element.appendChild(el("p", "kg-facts", "First seen " + n.years[0][0] + " \u00b7 mean year " + n.mean_year +
        " \u00b7 documents per year: " + n.years.map(function (p) { return p[0] + ": " + p[1]; }).join(", ")));
    }
    if (n.log2_ratio !== undefined) {
      element.appendChild(el("p", "kg-facts", "log2 ratio of the shares " + n.log2_ratio + " \u00b7 q " + Number(n.q).toPrecision(2)));
    }
    // The spellings seen (grouped up to case and plural in Python), then the other names.
    names("Written as", n.written.map(function (w) {
      var li = el("li", null, w.form);
      var how = w.how.map(function (h) { return h.mentions + " " + (SOURCES[h.source] || h.source); });
      if (w.also.length) { li.appendChild(el("span", "kg-how", " also " + w.also.join(", "))); }
      if (how.length) { li.appendChild(el("span", "kg-how", " (" + how.join("; ") + ")")); }
      return li;
    }));
    names("Also known as", n.also.map(function (a) { return el("li", null, a); }));
    var listed = linkRows(id), links = listed.rows;
    var heading = el("h3", null, (links.length < n.degree ? links.length + " of " + n.degree + " links"
                                  : plural(links.length, "link")) + ", by ");
    ["weight", "npmi"].forEach(function (order) {
      heading.appendChild(button(order === "weight" ? "sentences" : "NPMI", function () { linkOrder = order; showNode(id); },
                                 order === linkOrder ? "kg-current" : ""));
      if (order === "weight") { heading.appendChild(document.createTextNode(" / ")); }
    });
    element.appendChild(heading);
    var note = leftOut(listed);
    if (note) { element.appendChild(el("p", "kg-hint", note)); }
    var ol = el("ol", "kg-neighbors");
    links.slice(0, linksShown).forEach(function (l) {
      var li = el("li"), e = model.edgeBetween(id, l.other);
      li.appendChild(conceptLink(l.other));
      li.appendChild(document.createTextNode(" \u00b7 "));
      if (e && !e.added) {
        li.appendChild(button(plural(l.weight, "sentence"), function () { actions.selectEdge(e.id); }));
      } else {
        li.appendChild(document.createTextNode(plural(l.weight, "sentence")));
      }
      li.appendChild(document.createTextNode(" \u00b7 " + plural(l.documents, "document") + " \u00b7 NPMI " + l.npmi));
      if (!e) { li.appendChild(el("span", "kg-undrawn", " (not drawn)")); }
      ol.appendChild(li);
    });
    if (!links.length) { element.appendChild(el("p", "kg-hint", "No links (with the current filters).")); }
    element.appendChild(ol);
    if (links.length > linksShown) {
      element.appendChild(button("Show all " + links.length + " links", function () { linksShown = links.length; showNode(id); }, "kg-more"));
    }
  }
  function highlighted(ev, a, b) {
    // The sentence, with the two concepts' mentions marked (as text nodes and <mark> elements).
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
    var e = model.edge(edgeId);
    if (!e) { return; }
    current = { kind: "edge", id: edgeId };
    clear(element);
    var h = el("h2");
    h.appendChild(el("mark", "kg-a", model.labelOf(e.from)));
    h.appendChild(document.createTextNode(" \u2014 "));
    h.appendChild(el("mark", "kg-b", model.labelOf(e.to)));
    element.appendChild(h);
    element.appendChild(el("p", "kg-facts", plural(e.weight, "sentence") + " in " + plural(e.documents, "document") +
      " \u00b7 NPMI " + e.npmi));
    element.appendChild(el("p", "kg-how", "NPMI: how much more often the two share a sentence than chance " +
      "would have it, from 0 (as often as chance) to 1 (never one without the other); below 0, less often."));
    if (e.weight < filters.minWeight()) {
      element.appendChild(el("p", "kg-hint", "Hidden by the slider (links seen in at least " + plural(filters.minWeight(), "sentence") + " are drawn)."));
    }
    if (e.added) {
      element.appendChild(el("p", null, "This view keeps the sentences of the links it draws at first only. " +
        "The sentences of this one are in graph.json:"));
      element.appendChild(el("code", "kg-command", "kgraph evidence graph.json \"" + model.labelOf(e.from) + "\" \"" + model.labelOf(e.to) + "\""));
    } else {
      element.appendChild(el("h3", null, "Evidence" + (e.evidence.length < e.weight ? " (sample of " + e.evidence.length + ")" : "")));
      var list = el("ul", "kg-evidence");
      e.evidence.forEach(function (ev) {
        var li = el("li");
        li.appendChild(el("span", "kg-doc", ev.doc + (ev.cite ? " \u00b7 " + ev.cite : ev.year ? " \u00b7 " + ev.year : "")));
        li.appendChild(highlighted(ev, e.from, e.to));
        list.appendChild(li);
      });
      element.appendChild(list);
    }
    var back = el("p");
    back.appendChild(conceptLink(e.from));
    back.appendChild(document.createTextNode(" \u00b7 "));
    back.appendChild(conceptLink(e.to));
    element.appendChild(back);
  }
  function notFound(query, ids, known) {
    // A search that found nothing: whether the lexicon knows the name, and close names (ids).
    current = null;
    clear(element);
    if (known) {
      element.appendChild(el("h2", null, "\u201c" + query + "\u201d is never mentioned"));
      element.appendChild(el("p", null, "The lexicon knows it as " + known.label + " (" + known.category + "), but no " +
        "document of this corpus mentions it, so it is not in the graph."));
    } else {
      element.appendChild(el("h2", null, "No concept named \u201c" + query + "\u201d"));
    }
    if (ids.length) {
      element.appendChild(el("p", "kg-facts", known ? "Names in the corpus that look alike:" : "Close names:"));
      var ul = el("ul", "kg-neighbors");
      ids.forEach(function (id) { var li = el("li"); li.appendChild(conceptLink(id)); ul.appendChild(li); });
      element.appendChild(ul);
    }
  }

  return {
    showNode: showNode,
    showEdge: showEdge,
    notFound: notFound,
    refresh: function () {
      if (current && current.kind === "node") { showNode(current.id); }
      else if (current && current.kind === "edge") { showEdge(current.id); }
    },
    selected: function () { return current && current.kind === "node" ? current.id : null; },
    listFromTop: function (id) { if (id === undefined || id !== (current && current.id)) { linksShown = LISTED; } }
  };
}
