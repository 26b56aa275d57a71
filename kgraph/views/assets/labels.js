/* Labels: the names drawn on the canvas, only those that fit and never one on another, most mentioned first;
   zoomed out, each cluster's faint disc and name. State: the label boxes and discs of the last frame, the
   concept under the mouse, the concepts in label order and a cache of text widths. */
function Labels(data, model, filters, mapView) {
  var net = mapView.net, communities = data.communities;
  var FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";
  var BIG = 12;  // a concept drawn this large (radius in screen pixels) always gets a label
  var NAME_MIN_RADIUS = 28;  // a cluster is named once its disc is this large on screen
  var CELL = 96;  // the grid that finds the boxes a new label could overlap
  var boxes = [], discs = [], hovered = null, widths = {}, measure = document.createElement("canvas").getContext("2d");
  var order = [], counted = -1, logMin = Infinity, logMax = -Infinity;
  var maxClusterSize = Math.max.apply(null, communities.map(function (c) { return c.size; }).concat([1]));

  net.on("hoverNode", function (p) { hovered = p.node; });
  net.on("blurNode", function () { hovered = null; });

  function labelOrder() {  // the drawn concepts, most mentioned first, and the range of their mentions
    var ids = model.byMentions();
    if (ids.length !== counted) {
      order = ids.slice();
      counted = ids.length;
      logMin = Infinity; logMax = -Infinity;
      order.forEach(function (id) {
        var l = Math.log(Math.max(model.node(id).mentions || 1, 1));
        logMin = Math.min(logMin, l); logMax = Math.max(logMax, l);
      });
    }
    return order;
  }
  function textWidth(text, px, bold) {
    var key = (bold ? "b" : "") + text;
    if (!(key in widths)) {
      measure.font = (bold ? "600 " : "") + "100px " + FONT;
      widths[key] = measure.measureText(text).width;
    }
    return widths[key] * px / 100;
  }
  function clusterNames() { return mapView.zoomedOut() && mapView.fitScale() !== null && communities.length > 1; }
  function clusterShown(c) { return !filters.communityHidden(c.id) && c.size >= 3; }
  function clusterFont(c) {
    // Cluster names grow with the cluster: 11 px for a handful of concepts, 22 px for the largest.
    return Math.round((11 + 11 * Math.sqrt(c.size / maxClusterSize)) * 10) / 10;
  }

  function drawDiscs(ctx) {
    // Zoomed out, each cluster is a faint disc, so the regions read whatever the colours say.
    discs = [];
    if (!clusterNames()) { return; }
    var scale = net.getScale(), byCommunity = filters.colourBy() === "community";
    ctx.save();
    communities.forEach(function (c) {
      if (!clusterShown(c)) { return; }
      discs.push(c.id);
      ctx.beginPath();
      ctx.arc(c.x, c.y, c.radius, 0, 2 * Math.PI);
      ctx.globalAlpha = byCommunity ? 0.12 : 1;
      ctx.fillStyle = byCommunity ? c.color : "rgba(72,101,129,0.07)";
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 1 / scale;
      ctx.strokeStyle = "rgba(72,101,129,0.28)";
      ctx.stroke();
    });
    ctx.restore();
  }

  function drawLabels(ctx) {
    var ids = labelOrder(), scale = net.getScale(), o = net.canvasToDOM({ x: 0, y: 0 });
    var W = ctx.canvas.clientWidth, H = ctx.canvas.clientHeight, ratio = ctx.canvas.width / Math.max(W, 1);
    var grid = {}, placed = [], seen = {}, tried = 0;
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
    function screen(id) {  // where a drawn concept is on the screen, or null (hidden, or far off screen)
      var bn = net.body.nodes[id];
      if (!bn || bn.options.hidden) { return null; }
      var p = { x: o.x + bn.x * scale, y: o.y + bn.y * scale, r: (bn.options.size || 8) * scale };
      if (p.x < -200 || p.x > W + 200 || p.y < -50 || p.y > H + 50) { return null; }
      var t = logMax > logMin ? (Math.log(Math.max(model.node(id).mentions || 1, 1)) - logMin) / (logMax - logMin) : 1;
      p.px = 10.5 + 6 * t;
      return p;
    }
    function around(id, p) {
      // On the node when it is large enough to carry it (as VOSviewer), else just below it; where another
      // label is in the way, below, above, then beside it.
      var text = model.node(id).label, px = p.px, h = px * 1.25, w = textWidth(text, px, false) + 4;
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
      var text = model.node(id).label, top = Math.max(8, Math.min(p.px, p.r * 0.6));
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
      model.edgesOf(id).forEach(function (e) { label(e.from === id ? e.to : e.from); });
    });
    // 2. Concepts drawn large: a big circle without a name reads as a gap in the map. First each gets its
    // name inside its circle (shortened if need be: circles never overlap, so neither do these), then a
    // shortened one is replaced by the whole name wherever that fits.
    var large = [];
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i], p = screen(id), bn = net.body.nodes[id];
      if (bn && (bn.options.size || 8) * scale < BIG) { break; }  // most mentioned first: the rest are smaller
      if (!p || seen[id] || p.r < BIG) { continue; }
      seen[id] = true;
      var box = inside(id, p);
      if (box && box.text !== model.node(id).label) { large.push([id, p, box]); }
    }
    large.forEach(function (item) {
      item[2].removed = true;
      if (!around(item[0], item[1])) { item[2].removed = false; }
    });
    // 3. Zoomed out, the clusters large enough on screen, named by their two top concepts.
    if (clusterNames()) {
      communities.forEach(function (c) {
        var cx = o.x + c.x * scale, cy = o.y + c.y * scale, r = c.radius * scale;
        if (!clusterShown(c) || r < NAME_MIN_RADIUS || cx + r < 0 || cx - r > W || cy + r < 0 || cy - r > H) { return; }
        var px = clusterFont(c);
        tryPlace(c.top.slice(0, 2).join(" \u00b7 "), cx, cy - px * 0.6, px, true,
                 filters.colourBy() === "community" ? "#102a43" : "#334e68", c.size);
      });
    }
    // 4. The other concepts, most mentioned first, as long as they fit.
    ids.forEach(label);
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

  return {
    drawDiscs: drawDiscs,
    drawLabels: drawLabels,
    clusterNames: clusterNames,
    discs: function () { return discs.slice(); },
    boxes: function () {
      return boxes.map(function (b) {
        return { text: b.text, x: b.x, y: b.y, w: b.w, h: b.h, px: b.px, cluster: b.bold, size: b.bold ? b.size : null };
      });
    }
  };
}
