// Large threads: vis holds only the nodes in view; the page draws the rest as dots and lines
// under vis's own drawing, which keeps loading and panning fast. For small threads every
// call here is a no-op and every node counts as live.
explorer.overlay = function (thread, view, state, look) {
  "use strict";
  var network = view.network, container = view.container, count = thread.count;
  var data = thread.data, active = view.hybrid;
  var live = new Set(), liveEdges = new Set();
  var px = new Float64Array(count), py = new Float64Array(count), size = new Float64Array(count);
  for (var n = 0; n < count; n++) {
    px[n] = thread.x[n] || 0; py[n] = thread.y[n] || 0; size[n] = thread.size[n] || 10;
  }
  var edgeIds = thread.cats.map(function () { return []; });
  thread.E.category.forEach(function (c, e) { edgeIds[c].push(e); });

  // A grid of non-empty cells. A query walks the cells of its box or, when the box holds more
  // cells than the grid has (a zoomed-out 20,000-deep chain spans 10^8 cells), the grid's
  // own cells: either way the cost follows what is there, not the empty space around it.
  var CELL = 256, grid = new Map(), cells = [];
  // A cell's key as one number (cheaper than a string): rows of 2^22 cells, well past any
  // layout's width.
  function cellKey(cx, cy) { return cy * 4194304 + cx; }
  function index() {
    grid.clear();
    cells.length = 0;
    for (var i = 0; i < count; i++) {
      var cx = Math.floor(px[i] / CELL), cy = Math.floor(py[i] / CELL), key = cellKey(cx, cy);
      var cell = grid.get(key);
      if (!cell) { cell = {x: cx, y: cy, members: []}; grid.set(key, cell); cells.push(cell); }
      cell.members.push(i);
    }
  }
  if (active) index();
  function collect(cell, box, found, limit) {
    var members = cell.members;
    for (var b = 0; b < members.length; b++) {
      var j = members[b];
      if (px[j] >= box.x0 && px[j] <= box.x1 && py[j] >= box.y0 && py[j] <= box.y1) {
        found.push(j);
        if (found.length > limit) return false;
      }
    }
    return true;
  }
  function nodesIn(box, limit) {
    var found = [];
    var cx0 = Math.floor(box.x0 / CELL), cx1 = Math.floor(box.x1 / CELL);
    var cy0 = Math.floor(box.y0 / CELL), cy1 = Math.floor(box.y1 / CELL);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > cells.length) {
      for (var c = 0; c < cells.length; c++) {
        var cell = cells[c];
        if (cell.x < cx0 || cell.x > cx1 || cell.y < cy0 || cell.y > cy1) continue;
        if (!collect(cell, box, found, limit)) return null;
      }
      return found;
    }
    for (var x = cx0; x <= cx1; x++) {
      for (var y = cy0; y <= cy1; y++) {
        var hit = grid.get(cellKey(x, y));
        if (hit && !collect(hit, box, found, limit)) return null;
      }
    }
    return found;
  }
  function viewBox(margin) {
    var scale = network.getScale(), centre = network.getViewPosition();
    var w = container.clientWidth / scale / 2 * margin;
    var h = container.clientHeight / scale / 2 * margin;
    return {x0: centre.x - w, x1: centre.x + w, y0: centre.y - h, y1: centre.y + h, scale: scale};
  }
  function dotAt(point) {
    var reach = Math.max(12, 8 / network.getScale());
    var near = nodesIn({x0: point.x - reach, x1: point.x + reach, y0: point.y - reach,
                        y1: point.y + reach}, Infinity) || [];
    var best = -1, bestDistance = Infinity;
    near.forEach(function (j) {
      var d = Math.hypot(px[j] - point.x, py[j] - point.y);
      if (d <= Math.max(size[j], reach) && d < bestDistance) { best = j; bestDistance = d; }
    });
    return best;
  }
  function sync() {
    if (!active) return;
    var want = nodesIn(viewBox(1.3), data.liveBudget) || [];
    var wantSet = new Set(want), wantEdges = new Set();
    want.forEach(function (j) {
      thread.outgoing(j).forEach(function (e) {
        if (wantSet.has(thread.to[e])) wantEdges.add(e);
      });
    });
    var dropEdges = [], addEdges = [], drop = [], add = [];
    liveEdges.forEach(function (e) { if (!wantEdges.has(e)) dropEdges.push(e); });
    wantEdges.forEach(function (e) {
      if (liveEdges.has(e)) return;
      var edge = view.visEdge(e);
      if (state.hiddenKinds.has(edge.kind)) edge.hidden = true;
      addEdges.push(edge);
    });
    live.forEach(function (j) { if (!wantSet.has(j)) drop.push(j); });
    want.forEach(function (j) {
      if (!live.has(j)) add.push(Object.assign(thread.visNode(j), look.styleFor(j)));
    });
    live = wantSet;
    liveEdges = wantEdges;
    if (dropEdges.length) view.edges.remove(dropEdges);
    if (drop.length) view.nodes.remove(drop);
    if (add.length) view.nodes.add(add);
    if (addEdges.length) view.edges.add(addEdges);
    if (state.current >= 0 && live.has(state.current)) network.selectNodes([state.current]);
  }
  // Dot colours as small integers (0 is the dimmed colour), each packed once for the raster.
  var raster = explorer.raster(), colorIndex = new Int32Array(count), dotColors = [];
  function recolor() {
    var colors = [look.DIM], seen = new Map();
    for (var j = 0; j < count; j++) {
      var color = thread.color(j), at = seen.get(color);
      if (at === undefined) { at = colors.push(color) - 1; seen.set(color, at); }
      colorIndex[j] = at;
    }
    dotColors = colors.map(function (c) { return raster.pack(c, 1); });
  }
  recolor();
  var edgeColors = thread.cats.map(function (c) {
    return raster.pack(c.color, 0.7 * (c.opacity || 1));
  });
  var treeColor = raster.pack(explorer.TREE_LINE_COLOR, 1);
  // Which kinds point at their target, as vis draws them: all but the reply lines (the tree
  // shows which way they go) and the kinds drawn without arrows.
  var pointed = thread.cats.map(function (c) {
    var off = c.arrows && c.arrows.to && c.arrows.to.enabled === false;
    return !off && c.name !== "reply" && c.name !== "post";
  });
  function outside(x0, y0, x1, y1, box) {
    return (x0 < box.x0 && x1 < box.x0) || (x0 > box.x1 && x1 > box.x1) ||
           (y0 < box.y0 && y1 < box.y0) || (y0 > box.y1 && y1 > box.y1);
  }
  // Everything vis does not hold, in pixels: tree lines, edges by kind, then the dots.
  function paint(ctx, box) {
    var m = ctx.getTransform(), a = m.a, d = m.d, tx = m.e, ty = m.f;
    raster.begin(ctx.canvas.width, ctx.canvas.height);
    // Lines from a hub node (the parent, or -1 for the stand-in root) to a leaf.
    function line(hub, hubX, hubY, leaf, color) {
      var x = px[leaf], y = py[leaf];
      if (outside(hubX, hubY, x, y, box)) return;
      raster.line(a * hubX + tx, d * hubY + ty, a * x + tx, d * y + ty, color, hub);
    }
    // An arrowhead where edge ``e`` meets its target, on screen, when the line is long enough
    // to show one: a quote or a guess has a direction, here as in vis.
    function head(e, color) {
      var to = thread.to[e], from = thread.from[e];
      if (px[to] < box.x0 || px[to] > box.x1 || py[to] < box.y0 || py[to] > box.y1) return;
      var x = a * px[to] + tx, y = d * py[to] + ty;
      var dx = a * px[from] + tx - x, dy = d * py[from] + ty - y, length = Math.hypot(dx, dy);
      if (length < 20) return;
      dx /= length; dy /= length;
      var r = Math.max(size[to] * a, least) + 1, tipX = x + dx * r, tipY = y + dy * r;
      [0.45, -0.45].forEach(function (turn) {
        var c = Math.cos(turn), s = Math.sin(turn);
        // Marked apart from every node's lines, so neither wing stops on another's pixels.
        raster.line(tipX, tipY, tipX + 8 * (c * dx - s * dy), tipY + 8 * (s * dx + c * dy),
                    color, count + e);
      });
    }
    var least = 1.5 * a / box.scale;
    var tree = thread.treeLines, at = data.standIn;
    for (var t = 0; t < tree.to.length; t++) {
      var up = tree.from[t], down = tree.to[t];
      if (live.has(down) && (up < 0 || live.has(up))) continue;
      if (up < 0) line(up, at[0], at[1], down, treeColor);
      else line(up, px[up], py[up], down, treeColor);
    }
    thread.cats.forEach(function (c, ci) {
      if (state.hiddenKinds.has(c.name)) return;
      edgeIds[ci].forEach(function (e) {
        if (liveEdges.has(e)) return;
        var r = thread.to[e];
        line(r, px[r], py[r], thread.from[e], edgeColors[ci]);
        if (pointed[ci]) head(e, edgeColors[ci]);
      });
    });
    var anyLive = live.size > 0, hits = [];
    var dimming = state.authorFilter !== -2 || state.until !== null;
    // Dimmed dots first, so the author's own lie on top of them.
    for (var pass = dimming ? 0 : 1; pass < 2; pass++) {
      for (var k = 0; k < count; k++) {
        var x = px[k], y = py[k];
        if (x < box.x0 || x > box.x1 || y < box.y0 || y > box.y1) continue;
        if (anyLive && live.has(k)) continue;
        var dim = dimming && look.dimmed(k);
        if (dimming && dim !== (pass === 0)) continue;
        raster.dot(a * x + tx, d * y + ty, Math.max(size[k] * a, least),
                   dotColors[dim ? 0 : colorIndex[k]]);
        if (state.matches.has(k) || k === state.current) hits.push(k);
      }
    }
    raster.end(ctx);
    if (hits.length) ring(ctx, box, hits);
  }
  // Search hits and the open node, ringed (few, so a canvas path is cheap).
  function ring(ctx, box, hits) {
    var least = 1.5 / box.scale;
    ctx.beginPath();
    hits.forEach(function (k) {
      var r = Math.max(size[k], least) + 3 / box.scale;
      ctx.moveTo(px[k] + r, py[k]);
      ctx.arc(px[k], py[k], r, 0, 2 * Math.PI);
    });
    ctx.strokeStyle = look.HIT;
    ctx.lineWidth = 3 / box.scale;
    ctx.stroke();
  }
  function fit() {
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (var j = 0; j < count; j++) {
      x0 = Math.min(x0, px[j]); x1 = Math.max(x1, px[j]);
      y0 = Math.min(y0, py[j]); y1 = Math.max(y1, py[j]);
    }
    var scale = Math.min(container.clientWidth / (x1 - x0 + 100),
                         container.clientHeight / (y1 - y0 + 100));
    network.moveTo({position: {x: (x0 + x1) / 2, y: (y0 + y1) / 2}, scale: scale,
                    animation: false});
  }
  if (active) {
    network.on("beforeDrawing", function (ctx) {
      var box = viewBox(1.05);
      ctx.save();
      paint(ctx, box);
      ctx.restore();
    });
    var timer = null;
    var schedule = function () { clearTimeout(timer); timer = setTimeout(sync, 120); };
    ["dragEnd", "zoom", "animationFinished", "resize"].forEach(function (event) {
      network.on(event, schedule);
    });
    fit();
    sync();
  }
  // Another layout's positions: the dots move, the grid is rebuilt, vis gets the nodes in view.
  function move() {
    for (var k = 0; k < count; k++) { px[k] = thread.x[k] || 0; py[k] = thread.y[k] || 0; }
    if (!active) return;
    index();
    view.nodes.update(Array.from(live).map(function (j) { return {id: j, x: px[j], y: py[j]}; }));
    fit();
    sync();
  }
  return {
    move: move, recolor: recolor, fit: fit,
    active: active, edgeIds: edgeIds, sync: sync, position: function (j) { return {x: px[j], y: py[j]}; },
    has: function (j) { return !active || live.has(j); },
    hasEdge: function (e) { return !active || liveEdges.has(e); },
    live: function () { return Array.from(live); },
    // The node drawn as a dot under a canvas point, or -1 (vis answers for its own nodes).
    dotAt: function (point) {
      if (!active) return -1;
      var j = dotAt(point);
      return j >= 0 && !live.has(j) ? j : -1;
    },
  };
};
