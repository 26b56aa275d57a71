/* Filters: what the reader chose to see, and in which colours. State: the hidden categories (the generic
   ones at first) and communities, the fewest sentences a link needs, the years shown, the colour mode.
   Only predicates and look-ups: every colour was computed in Python (data.palette, a node's year_color). */
function Filters(data) {
  var years = data.years, palette = data.palette;
  var hiddenCategories = Object.create(null), hiddenCommunities = Object.create(null);
  var minWeight = 1, colourBy = "category";
  var yearFrom = years.length ? years[0][0] : null, yearTo = years.length ? years[years.length - 1][0] : null;
  data.demoted.forEach(function (c) { hiddenCategories[c] = true; });

  function inYears(profile) {
    if (!years.length || !profile) { return true; }
    return profile.some(function (p) { return p[0] >= yearFrom && p[0] <= yearTo; });
  }
  function fill(n) {
    if (colourBy === "year" && n.year_color) { return n.year_color; }
    if (colourBy === "community") { return palette.community[n.community]; }
    return palette.category[n.category];
  }
  function outlined(n) { return palette.outlined.indexOf(n.source) >= 0; }

  return {
    years: years,
    categoryHidden: function (c) { return !!hiddenCategories[c]; },
    toggleCategory: function (c) { hiddenCategories[c] = !hiddenCategories[c]; return hiddenCategories[c]; },
    communityHidden: function (id) { return !!hiddenCommunities[id]; },
    toggleCommunity: function (id) { hiddenCommunities[id] = !hiddenCommunities[id]; return hiddenCommunities[id]; },
    minWeight: function () { return minWeight; },
    setMinWeight: function (w) { minWeight = w; },
    setYears: function (a, b) { yearFrom = a; yearTo = b; },
    colourBy: function () { return colourBy; },
    setColourBy: function (mode) { colourBy = mode; },
    nodeHidden: function (n) { return !!hiddenCategories[n.category] || !!hiddenCommunities[n.community] || !inYears(n.years); },
    edgeHidden: function (e) { return e.weight < minWeight || !inYears(e.years); },
    colour: function (n) { return outlined(n) ? { background: fill(n), border: palette.ring } : fill(n); },
    borderWidth: function (n) { return outlined(n) ? palette.border.outlined : palette.border.plain; },
    categoryColour: function (c) { return palette.category[c]; }
  };
}
