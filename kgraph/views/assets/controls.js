/* Controls: the header (title, counts, what the map leaves out) and the reader's controls: the legends of
   categories and communities, the colour mode, the years, the fewest sentences. Each changes Filters, then
   calls changed(). State: none beyond the elements. */
function Controls(data, model, filters, changed) {
  var meta = data.meta, years = filters.years;

  /* ---- header ---- */
  byId("kg-title").textContent = data.title || "kgraph";
  byId("kg-stats").textContent =
    plural(meta.documents || 0, "document") + " \u00b7 " + plural(meta.sentences || 0, "sentence") + " \u00b7 " +
    plural(data.total.nodes, "concept") + " \u00b7 " + plural(data.total.edges, "link");
  var note = byId("kg-note");
  if (data.shown.nodes < data.total.nodes || data.shown.edges < data.total.edges) {
    note.textContent =
      "Map of the " + data.shown.nodes + " most mentioned of " + data.total.nodes +
      " concepts and the " + data.shown.edges + " strongest of " + data.total.edges +
      " links. The panel lists every link of a concept; searching a concept that is not drawn adds it " +
      "to the map with its strongest links. The complete graph, with all evidence, is in graph.json.";
  }
  if (!data.physics && model.edges.length > data.overview_links) {
    note.appendChild(el("p", null, "Zoomed out, the map draws its " + data.overview_links +
      " strongest links only (and those of the selected concept); more appear as you zoom in, all " +
      model.edges.length + " when close."));
  }
  var datalist = byId("kg-names");
  model.labels().forEach(function (label) {
    var option = document.createElement("option");
    option.value = label;
    datalist.appendChild(option);
  });

  /* ---- legends ---- */
  function legendItem(box, swatch, parts, toggle) {
    var item = el("div", "kg-legend-item"), sw = el("span", "kg-swatch");
    sw.style.background = swatch;
    item.appendChild(sw);
    parts.forEach(function (part) { item.appendChild(part); });
    item.addEventListener("click", function () { toggle(item); changed(); });
    box.appendChild(item);
    return item;
  }
  var counts = {};
  model.drawnIds().forEach(function (id) { var c = model.node(id).category; counts[c] = (counts[c] || 0) + 1; });
  Object.keys(counts).sort().forEach(function (c) {
    var item = legendItem(byId("kg-legend"), filters.categoryColour(c), [el("span", null, c + " (" + counts[c] + ")")],
                          function (it) { it.classList.toggle("kg-off", filters.toggleCategory(c)); });
    item.title = "Click to hide or show";
    if (filters.categoryHidden(c)) {
      item.classList.add("kg-off");
      item.title = "Generic terms, hidden at first; click to show";
    }
  });
  var communityBox = byId("kg-communities");
  data.communities.forEach(function (c) {
    var item = legendItem(communityBox, c.color, [
      el("span", "kg-community-id", String(c.id + 1)),
      el("span", null, c.top.join(", ") + (c.size > c.top.length ? " +" + (c.size - c.top.length) : ""))
    ], function (it) {
      var hidden = filters.toggleCommunity(c.id);
      it.classList.toggle("kg-off", hidden);
      it.setAttribute("aria-pressed", hidden ? "true" : "false");
    });
    item.title = plural(c.size, "concept") + (c.drawn < c.size ? ", " + c.drawn + " drawn" : "") + "; click to hide or show";
    item.setAttribute("role", "button");
  });
  if (!data.communities.length) { communityBox.appendChild(el("p", "kg-hint", "No communities (too few links).")); }

  /* ---- colour mode and years ---- */
  var colourSelect = byId("kg-colour"), fromInput = byId("kg-year-from"), toInput = byId("kg-year-to");
  colourSelect.addEventListener("change", function () {
    filters.setColourBy(colourSelect.value);
    byId("kg-year-legend").hidden = colourSelect.value !== "year";
    changed();
  });
  if (years.length >= 2) {
    var first = years[0][0], last = years[years.length - 1][0], option = el("option", null, "mean year");
    var ends = el("div", "kg-year-ends");
    option.value = "year";
    colourSelect.appendChild(option);
    byId("kg-year-box").hidden = false;
    byId("kg-year-scale").style.background = "linear-gradient(90deg, " + data.palette.year_scale.join(", ") + ")";
    [fromInput, toInput].forEach(function (input) { input.min = String(first); input.max = String(last); });
    fromInput.value = String(first); toInput.value = String(last);
    ends.appendChild(el("span", null, first));
    ends.appendChild(el("span", null, last));
    byId("kg-year-legend").appendChild(ends);
    var readYears = function () {
      var a = parseInt(fromInput.value, 10), b = parseInt(toInput.value, 10);
      filters.setYears(isNaN(a) ? first : a, isNaN(b) ? last : b);
      changed();
    };
    fromInput.addEventListener("change", readYears);
    toInput.addEventListener("change", readYears);
  }

  /* ---- the fewest sentences a link needs ---- */
  var slider = byId("kg-weight"), sliderValue = byId("kg-weight-value");
  slider.max = String(model.maxWeight());
  slider.addEventListener("input", function () {
    filters.setMinWeight(parseInt(slider.value, 10) || 1);
    sliderValue.textContent = String(filters.minWeight());
    changed();
  });

  return {
    setYears: function (a, b) {
      fromInput.value = String(a);
      toInput.value = String(b);
      filters.setYears(a, b);
      changed();
    },
    colourBy: function (mode) { colourSelect.value = mode; colourSelect.dispatchEvent(new Event("change")); },
    setMinWeight: function (w) { slider.value = String(w); slider.dispatchEvent(new Event("input")); }
  };
}
