// explorer's page: draws the thread with vis-network and wires the controls.
// All thread text is untrusted: it is read from a JSON block and shown with textContent only.
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("explorer-data").textContent);
  var N = data.nodes, E = data.edges, cats = data.categories;
  var count = N.id.length;
  performance.mark("explorer:parsed");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function authorName(i) {
    var a = N.author[i];
    return a < 0 ? null : data.authors[a].name;
  }

  function nodeTitle(i) {
    if (N.kind[i] === "post") return data.thread.title || "The post";
    var who = authorName(i);
    var name = N.kind[i] === "excerpt" ? "Excerpt " + N.name[i] : "#" + N.name[i];
    return who ? name + " · " + who + (N.inferredAuthor[i] ? " (signed)" : "") : name;
  }

  function firstLines(text, limit) {
    var lines = text.split("\n").filter(function (line) { return line.trim(); }).slice(0, 3);
    var short = lines.join("\n");
    return short.length > limit ? short.slice(0, limit - 1) + "…" : short;
  }

  // ---- header -------------------------------------------------------------------------------
  var f = data.figures;
  document.getElementById("title").textContent = data.thread.title || data.thread.id;
  document.getElementById("title").title = data.thread.id;
  var figures = document.getElementById("figures");
  [[f.comments, "comments"], [f.authors, "authors"], [f.depth, "depth"], [f.quotes, "quotes"],
   [f.inferred, "inferred replies"], [f.repeats, "repeats"]].forEach(function (pair, i) {
    if (i) figures.appendChild(document.createTextNode(" · "));
    figures.appendChild(el("b", null, pair[0]));
    figures.appendChild(document.createTextNode(" " + pair[1]));
  });

  // ---- network ------------------------------------------------------------------------------
  var styles = {};
  cats.forEach(function (c) {
    var style = {color: {color: c.color, highlight: c.color, hover: c.color}, width: c.width,
                 dashes: c.dashes};
    if (c.smooth) style.smooth = c.smooth;
    if (c.arrows) style.arrows = c.arrows;
    styles[c.name] = style;
  });
  // Replies are most edges: they take the global edge options, only other kinds carry a style
  // of their own (per-edge options make vis build each edge more slowly).
  data.network.options.edges = Object.assign({}, data.network.options.edges, styles.reply);
  var visEdges = data.network.edges.map(function (e) {
    return e.kind === "reply" ? e : Object.assign({}, styles[e.kind], e);
  });
  // Large threads: vis holds only the nodes in view (when few enough); the rest are drawn as
  // plain dots and lines under vis's own drawing, which keeps loading and panning fast.
  var hybrid = data.liveLimit > 0 && count > data.liveLimit;
  var nodes = new vis.DataSet(hybrid ? [] : data.network.nodes);
  var edges = new vis.DataSet(hybrid ? [] : visEdges);
  var container = document.getElementById("network");
  performance.mark("explorer:datasets");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.network.options);
  performance.mark("explorer:network");

  // Edge lists per node, for the side panel.
  var outgoing = [], incoming = [], children = [];
  for (var i = 0; i < count; i++) { outgoing.push([]); incoming.push([]); children.push([]); }
  data.network.edges.forEach(function (e) {
    outgoing[e.from].push(e.id);
    incoming[e.to].push(e.id);
  });
  N.parent.forEach(function (p, i) { if (p >= 0) children[p].push(i); });

  // ---- tooltip ------------------------------------------------------------------------------
  // The page's own tooltip instead of vis titles: built on hover with textContent, so no HTML
  // string is ever parsed and no element per node is made up front (20,000 nodes).
  var tip = document.getElementById("tooltip");
  var pointer = {x: 0, y: 0};
  container.addEventListener("mousemove", function (event) {
    var box = container.getBoundingClientRect();
    pointer = {x: event.clientX - box.left, y: event.clientY - box.top};
    if (!tip.hidden) placeTip();
  });
  function placeTip() {
    var x = Math.min(pointer.x + 14, container.clientWidth - tip.offsetWidth - 4);
    var y = pointer.y + 16;
    if (y + tip.offsetHeight > container.clientHeight) y = pointer.y - tip.offsetHeight - 8;
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
  }
  function showTip(parts) {
    tip.replaceChildren();
    tip.appendChild(el("strong", null, parts[0]));
    if (parts[1]) tip.appendChild(el("span", "meta", parts[1]));
    if (parts[2]) tip.appendChild(el("span", null, parts[2]));
    tip.hidden = false;
    placeTip();
  }
  function edgeWhy(e) {
    var cat = cats[E.category[e]];
    if (E.passage[e]) return "“" + E.passage[e] + "”";
    var why = E.evidence[e] || "";
    if (cat.name !== "reply" && E.score[e] < 1) why += " (confidence " + E.score[e].toFixed(2) + ")";
    return why;
  }
  function nodeTip(i) {
    var meta = [N.time[i] ? N.time[i].replace("T", " ").slice(0, 16) : null,
                N.words[i] + " words", N.replies[i] + " replies"].filter(Boolean).join(" · ");
    return [nodeTitle(i), meta, firstLines(N.text[i], 280)];
  }
  network.on("hoverNode", function (params) { showTip(nodeTip(params.node)); });
  network.on("hoverEdge", function (params) {
    var e = params.edge, edge = data.network.edges[e];
    showTip([cats[E.category[e]].label + ": " + nodeTitle(edge.from) + " → " + nodeTitle(edge.to),
             null, edgeWhy(e)]);
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });

  // ---- side panel ---------------------------------------------------------------------------
  var panel = document.getElementById("panel");
  var current = -1;
  function highlighted(text, marks) {
    var box = document.getElementById("panel-text");
    box.replaceChildren();
    var at = 0;
    marks.forEach(function (m) {
      if (m[0] > at) box.appendChild(document.createTextNode(text.slice(at, m[0])));
      box.appendChild(el("mark", m[2], text.slice(m[0], m[1])));
      at = m[1];
    });
    if (at < text.length) box.appendChild(document.createTextNode(text.slice(at)));
  }
  function link(i) {
    var button = el("button", "goto", nodeTitle(i));
    button.type = "button";
    button.dataset.node = String(i);
    button.addEventListener("click", function () { focusNode(i); });
    return button;
  }
  var OUT = {reply: "replies to", inferred: "probably replies to", post: "comments on",
             addressed: "addresses",
             quote: "quotes", repeat: "repeats a passage of", duplicate: "duplicates"};
  var IN = {reply: "replied to by", inferred: "probably replied to by", post: "commented on by",
            addressed: "addressed by",
            quote: "quoted by", repeat: "repeated by", duplicate: "duplicated by"};
  function section(box, heading, items) {
    if (!items.length) return;
    box.appendChild(el("h3", null, heading));
    var list = el("ul");
    items.forEach(function (item) { list.appendChild(item); });
    box.appendChild(list);
  }
  function edgeItem(e, other, verb) {
    var item = el("li");
    item.appendChild(document.createTextNode(verb + " "));
    item.appendChild(link(other));
    var why = edgeWhy(e);
    if (why) item.appendChild(el("span", "why", why));
    return item;
  }
  function openPanel(i) {
    current = i;
    document.getElementById("panel-title").textContent = nodeTitle(i);
    var meta = [N.id[i], N.time[i] ? N.time[i].replace("T", " ") : null,
                N.words[i] + " words", "depth " + N.depth[i]];
    document.getElementById("panel-meta").textContent = meta.filter(Boolean).join(" · ");
    highlighted(N.text[i], N.marks[i]);
    var box = document.getElementById("panel-links");
    box.replaceChildren();
    if (N.parent[i] >= 0) section(box, "In reply to", [(function () {
      var li = el("li"); li.appendChild(link(N.parent[i])); return li;
    })()]);
    section(box, "Replies", children[i].map(function (c) {
      var li = el("li"); li.appendChild(link(c)); return li;
    }));
    section(box, "Links from this " + (N.kind[i] === "comment" ? "comment" : N.kind[i]),
            outgoing[i].map(function (e) {
              return edgeItem(e, data.network.edges[e].to, OUT[cats[E.category[e]].name]);
            }));
    section(box, "Links to it", incoming[i].map(function (e) {
      return edgeItem(e, data.network.edges[e].from, IN[cats[E.category[e]].name]);
    }));
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function focusNode(i) {
    if (hybrid) {
      network.moveTo({position: {x: px[i], y: py[i]}, scale: Math.max(network.getScale(), 0.8),
                      offset: {x: -Math.min(480, container.clientWidth * 0.45) / 2, y: 0},
                      animation: false});
      syncLive();
      if (live.has(i)) network.selectNodes([i]); else network.unselectAll();
      openPanel(i);
      return;
    }
    network.selectNodes([i]);
    // Centre the node in the part of the canvas the panel leaves visible.
    network.focus(i, {scale: Math.max(network.getScale(), 0.8),
                      offset: {x: -Math.min(480, container.clientWidth * 0.45) / 2, y: 0},
                      animation: {duration: 250, easingFunction: "easeInOutQuad"}});
    openPanel(i);
  }
  network.on("click", function (params) {
    tip.hidden = true;
    if (params.nodes.length) {
      openPanel(params.nodes[0]);
    } else if (hybrid) {
      var hit = dotAt(params.pointer.canvas);
      if (hit >= 0) focusNode(hit);
    }
  });
  function closePanel() {
    panel.hidden = true;
    current = -1;
    network.unselectAll();
    if (hybrid) network.redraw();
  }
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) closePanel();
  });

  // ---- node styling: author filter and search share one update ---------------------------------
  var authorFilter = -2;  // -2 all, -1 anonymous, else an author index
  var matches = new Set();
  function baseColor(i) { return data.network.nodes[i].color; }
  function styleFor(i) {
    var dim = authorFilter !== -2 && N.author[i] !== authorFilter;
    var hit = matches.has(i);
    var base = data.network.nodes[i];
    return {
      id: i,
      color: dim ? "#eceef0" : baseColor(i),
      font: {color: dim ? "#c8cacd" : "#202124"},
      borderWidth: hit ? 3 : (base.borderWidth || 1),
      shadow: hit ? {enabled: true, color: "rgba(255,153,0,0.95)", size: 22, x: 0, y: 0}
                  : {enabled: false},
    };
  }
  function restyle(ids) {
    var updates = [];
    ids.forEach(function (i) { if (!hybrid || live.has(i)) updates.push(styleFor(i)); });
    if (updates.length) nodes.update(updates);
    if (hybrid) network.redraw();
  }
  var all = [];
  for (var k = 0; k < count; k++) all.push(k);

  var select = document.getElementById("author-filter");
  var everyone = el("option", null, "All authors (" + data.authors.length + ")");
  everyone.value = "-2";
  select.appendChild(everyone);
  data.authors.forEach(function (a, i) {
    var option = el("option", null, a.name + " (" + a.count + ")" + (a.owner ? " ★" : ""));
    option.value = String(i);
    select.appendChild(option);
  });
  var anonymous = el("option", null, "Anonymous");
  anonymous.value = "-1";
  select.appendChild(anonymous);
  select.addEventListener("change", function () {
    authorFilter = Number(select.value);
    restyle(all);
  });

  var search = document.getElementById("search");
  var matchLabel = document.getElementById("matches");
  var haystack = null, cursor = -1, timer = null;
  function runSearch() {
    if (!haystack) {
      haystack = N.text.map(function (text, i) {
        return (text + "\n" + (authorName(i) || "") + "\n#" + N.name[i]).toLowerCase();
      });
    }
    var query = search.value.trim().toLowerCase();
    var found = new Set();
    if (query.length >= 2) {
      haystack.forEach(function (text, i) { if (text.indexOf(query) >= 0) found.add(i); });
    }
    var changed = [];
    matches.forEach(function (i) { if (!found.has(i)) changed.push(i); });
    found.forEach(function (i) { if (!matches.has(i)) changed.push(i); });
    matches = found;
    cursor = -1;
    restyle(changed);
    matchLabel.textContent = query.length >= 2 ? found.size + (found.size === 1 ? " match" : " matches") : "";
  }
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(runSearch, count > 2000 ? 200 : 60);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    clearTimeout(timer);
    runSearch();
    var list = Array.from(matches).sort(function (a, b) { return a - b; });
    if (!list.length) return;
    cursor = (cursor + 1) % list.length;
    focusNode(list[cursor]);
  });

  // ---- legend -------------------------------------------------------------------------------
  var edgeLegend = document.getElementById("edge-legend");
  var edgeIds = cats.map(function () { return []; });
  E.category.forEach(function (c, e) { edgeIds[c].push(e); });
  var hiddenKinds = new Set();
  cats.forEach(function (c, ci) {
    var item = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = c.name;
    box.disabled = !c.count;
    box.addEventListener("change", function () {
      if (box.checked) hiddenKinds.delete(c.name); else hiddenKinds.add(c.name);
      var ids = hybrid ? edgeIds[ci].filter(function (e) { return liveEdges.has(e); })
                       : edgeIds[ci];
      edges.update(ids.map(function (e) { return {id: e, hidden: !box.checked}; }));
      if (hybrid) network.redraw();
    });
    var line = el("span", "line");
    line.style.borderTopColor = c.color;
    line.style.borderTopStyle = c.dashes ? (c.dashes[0] <= 2 ? "dotted" : "dashed") : "solid";
    label.appendChild(box);
    label.appendChild(line);
    label.appendChild(document.createTextNode(c.label + " "));
    label.appendChild(el("span", "count", c.count));
    item.appendChild(label);
    edgeLegend.appendChild(item);
  });
  var nodeLegend = document.getElementById("node-legend");
  [["◆", "the post"], ["■", "excerpt quoted in the post"],
   ["●", "comment, sized by " + (data.size === "replies" ? "replies received" : "words")]]
    .forEach(function (pair) {
      var item = el("li");
      item.appendChild(el("span", "shape", pair[0]));
      item.appendChild(document.createTextNode(pair[1]));
      nodeLegend.appendChild(item);
    });
  var authorLegend = document.getElementById("author-legend");
  function authorItem(color, text, owner) {
    var item = el("li");
    var dot = el("span", owner ? "dot owner" : "dot");
    dot.style.background = color;
    item.appendChild(dot);
    item.appendChild(document.createTextNode(text));
    authorLegend.appendChild(item);
  }
  data.authors.slice(0, 12).forEach(function (a) {
    authorItem(a.color, a.name + (a.owner ? " (" + data.thread.ownerRole + ")" : "") + " · " + a.count, a.owner);
  });
  if (data.authors.length > 12) {
    authorItem(data.authors[12].color, (data.authors.length - 12) + " other authors", false);
  }
  authorItem(data.anonymousColor, "anonymous", false);

  // ---- large threads: live nodes in vis, dots for the rest ----------------------------------
  var live = new Set(), liveEdges = new Set();
  var px = new Float64Array(count), py = new Float64Array(count), size = new Float64Array(count);
  var CELL = 256, grid = new Map();
  data.network.nodes.forEach(function (n, i) {
    px[i] = n.x || 0; py[i] = n.y || 0; size[i] = n.size || 10;
    if (!hybrid) return;
    var key = Math.floor(px[i] / CELL) + "," + Math.floor(py[i] / CELL);
    var bucket = grid.get(key);
    if (bucket) bucket.push(i); else grid.set(key, [i]);
  });
  function viewBox(margin) {
    var scale = network.getScale(), centre = network.getViewPosition();
    var w = container.clientWidth / scale / 2 * margin;
    var h = container.clientHeight / scale / 2 * margin;
    return {x0: centre.x - w, x1: centre.x + w, y0: centre.y - h, y1: centre.y + h, scale: scale};
  }
  function nodesIn(box, limit) {
    var found = [];
    for (var cx = Math.floor(box.x0 / CELL); cx <= Math.floor(box.x1 / CELL); cx++) {
      for (var cy = Math.floor(box.y0 / CELL); cy <= Math.floor(box.y1 / CELL); cy++) {
        var bucket = grid.get(cx + "," + cy);
        if (!bucket) continue;
        for (var b = 0; b < bucket.length; b++) {
          var i = bucket[b];
          if (px[i] >= box.x0 && px[i] <= box.x1 && py[i] >= box.y0 && py[i] <= box.y1) {
            found.push(i);
            if (found.length > limit) return null;
          }
        }
      }
    }
    return found;
  }
  function dotAt(point) {
    var reach = Math.max(12, 8 / network.getScale());
    var near = nodesIn({x0: point.x - reach, x1: point.x + reach, y0: point.y - reach,
                        y1: point.y + reach}, Infinity) || [];
    var best = -1, bestDistance = Infinity;
    near.forEach(function (i) {
      var d = Math.hypot(px[i] - point.x, py[i] - point.y);
      if (d <= Math.max(size[i], reach) && d < bestDistance) { best = i; bestDistance = d; }
    });
    return best;
  }
  function syncLive() {
    if (!hybrid) return;
    var box = viewBox(1.3);
    var want = nodesIn(box, data.liveBudget) || [];
    var wantSet = new Set(want);
    var wantEdges = new Set();
    want.forEach(function (i) {
      outgoing[i].forEach(function (e) {
        if (wantSet.has(data.network.edges[e].to)) wantEdges.add(e);
      });
    });
    var dropEdges = [], addEdges = [], drop = [], add = [];
    liveEdges.forEach(function (e) { if (!wantEdges.has(e)) dropEdges.push(e); });
    wantEdges.forEach(function (e) {
      if (liveEdges.has(e)) return;
      var edge = visEdges[e];
      addEdges.push(hiddenKinds.has(edge.kind) ? Object.assign({}, edge, {hidden: true}) : edge);
    });
    live.forEach(function (i) { if (!wantSet.has(i)) drop.push(i); });
    want.forEach(function (i) {
      if (!live.has(i)) add.push(Object.assign({}, data.network.nodes[i], styleFor(i)));
    });
    live = wantSet;
    liveEdges = wantEdges;
    if (dropEdges.length) edges.remove(dropEdges);
    if (drop.length) nodes.remove(drop);
    if (add.length) nodes.add(add);
    if (addEdges.length) edges.add(addEdges);
    if (current >= 0 && live.has(current)) network.selectNodes([current]);
  }
  // Dot colours as small integers, so a frame sorts 20,000 dots into buckets cheaply.
  var DIM = 0, colors = ["#eceef0"], colorIndex = new Int32Array(count);
  data.network.nodes.forEach(function (n, i) {
    var color = typeof n.color === "string" ? n.color : n.color.background;
    var at = colors.indexOf(color);
    if (at < 0) { at = colors.length; colors.push(color); }
    colorIndex[i] = at;
  });
  network.on("beforeDrawing", function (ctx) {
    if (!hybrid) return;
    var box = viewBox(1.05), scale = box.scale;
    ctx.save();
    ctx.setLineDash([]);
    cats.forEach(function (c, ci) {
      if (hiddenKinds.has(c.name) || !edgeIds[ci].length) return;
      ctx.beginPath();
      edgeIds[ci].forEach(function (e) {
        if (liveEdges.has(e)) return;
        var a = data.network.edges[e].from, b = data.network.edges[e].to;
        if ((px[a] < box.x0 && px[b] < box.x0) || (px[a] > box.x1 && px[b] > box.x1) ||
            (py[a] < box.y0 && py[b] < box.y0) || (py[a] > box.y1 && py[b] > box.y1)) return;
        ctx.moveTo(px[a], py[a]);
        ctx.lineTo(px[b], py[b]);
      });
      ctx.strokeStyle = c.color;
      ctx.globalAlpha = 0.7;
      ctx.lineWidth = Math.max(c.width, 0.8 / scale);
      ctx.stroke();
    });
    ctx.globalAlpha = 1;
    var buckets = colors.map(function () { return []; }), hits = [];
    var anyLive = live.size > 0, anyHits = matches.size > 0, dimming = authorFilter !== -2;
    for (var i = 0; i < count; i++) {
      var x = px[i], y = py[i];
      if (x < box.x0 || x > box.x1 || y < box.y0 || y > box.y1) continue;
      if (anyLive && live.has(i)) continue;
      buckets[dimming && N.author[i] !== authorFilter ? DIM : colorIndex[i]].push(i);
      if ((anyHits && matches.has(i)) || i === current) hits.push(i);
    }
    var least = 1.5 / scale;
    // Dots a few pixels wide look the same as squares, which are much cheaper to fill.
    var squares = 3 / scale;
    buckets.forEach(function (list, color) {
      if (!list.length) return;
      ctx.beginPath();
      list.forEach(function (i) {
        var r = Math.max(size[i], least);
        if (r < squares) {
          ctx.rect(px[i] - r, py[i] - r, 2 * r, 2 * r);
          return;
        }
        ctx.moveTo(px[i] + r, py[i]);
        ctx.arc(px[i], py[i], r, 0, 2 * Math.PI);
      });
      ctx.fillStyle = colors[color];
      ctx.fill();
    });
    if (hits.length) {
      ctx.beginPath();
      hits.forEach(function (i) {
        var r = Math.max(size[i], least) + 3 / scale;
        ctx.moveTo(px[i] + r, py[i]);
        ctx.arc(px[i], py[i], r, 0, 2 * Math.PI);
      });
      ctx.strokeStyle = "rgba(255,153,0,0.95)";
      ctx.lineWidth = 3 / scale;
      ctx.stroke();
    }
    ctx.restore();
  });
  var syncTimer = null;
  function scheduleSync() {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(function () { syncLive(); }, 120);
  }
  if (hybrid) {
    network.on("dragEnd", scheduleSync);
    network.on("zoom", scheduleSync);
    network.on("animationFinished", scheduleSync);
    network.on("resize", scheduleSync);
    var hoveringVis = false, overlayTip = -1;
    network.on("hoverNode", function () { hoveringVis = true; });
    network.on("blurNode", function () { hoveringVis = false; });
    container.addEventListener("mousemove", function () {
      if (hoveringVis) return;
      var i = dotAt(network.DOMtoCanvas(pointer));
      if (i >= 0 && !live.has(i)) {
        if (i !== overlayTip) showTip(nodeTip(i));
        overlayTip = i;
      } else if (overlayTip >= 0) {
        tip.hidden = true;
        overlayTip = -1;
      }
    });
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (var j = 0; j < count; j++) {
      x0 = Math.min(x0, px[j]); x1 = Math.max(x1, px[j]);
      y0 = Math.min(y0, py[j]); y1 = Math.max(y1, py[j]);
    }
    var fit = Math.min(container.clientWidth / (x1 - x0 + 100),
                       container.clientHeight / (y1 - y0 + 100));
    network.moveTo({position: {x: (x0 + x1) / 2, y: (y0 + y1) / 2}, scale: fit,
                    animation: false});
    syncLive();
  }

  // ---- ready --------------------------------------------------------------------------------
  var page = window.explorerPage = {
    network: network, nodes: nodes, edges: edges, data: data, hiddenKinds: hiddenKinds,
    hybrid: hybrid, live: function () { return Array.from(live); },
    matches: function () { return Array.from(matches); },
    focusNode: focusNode, current: function () { return current; },
    started: started, drawnAt: null, readyAt: null,
  };
  network.once("afterDrawing", function () {
    page.drawnAt = performance.now();
    // Handlers are attached before the first frame; interactive once it is on screen.
    requestAnimationFrame(function () {
      page.readyAt = performance.now();
      document.body.dataset.ready = "1";
    });
  });
})();
