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
  var nodes = new vis.DataSet(data.network.nodes);
  var edges = new vis.DataSet(visEdges);
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
  network.on("hoverNode", function (params) {
    var i = params.node;
    var meta = [N.time[i] ? N.time[i].replace("T", " ").slice(0, 16) : null,
                N.words[i] + " words", N.replies[i] + " replies"].filter(Boolean).join(" · ");
    showTip([nodeTitle(i), meta, firstLines(N.text[i], 280)]);
  });
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
  var OUT = {reply: "replies to", inferred: "probably replies to", addressed: "addresses",
             quote: "quotes", repeat: "repeats a passage of", duplicate: "duplicates"};
  var IN = {reply: "replied to by", inferred: "probably replied to by", addressed: "addressed by",
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
    network.selectNodes([i]);
    // Centre the node in the part of the canvas the panel leaves visible.
    network.focus(i, {scale: Math.max(network.getScale(), 0.8),
                      offset: {x: -Math.min(480, container.clientWidth * 0.45) / 2, y: 0},
                      animation: {duration: 250, easingFunction: "easeInOutQuad"}});
    openPanel(i);
  }
  network.on("click", function (params) {
    tip.hidden = true;
    if (params.nodes.length) openPanel(params.nodes[0]);
  });
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    current = -1;
    network.unselectAll();
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
    ids.forEach(function (i) { updates.push(styleFor(i)); });
    if (updates.length) nodes.update(updates);
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
      edges.update(edgeIds[ci].map(function (e) { return {id: e, hidden: !box.checked}; }));
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
    authorItem(a.color, a.name + (a.owner ? " (blog owner)" : "") + " · " + a.count, a.owner);
  });
  if (data.authors.length > 12) {
    authorItem(data.authors[12].color, (data.authors.length - 12) + " other authors", false);
  }
  authorItem(data.anonymousColor, "anonymous", false);

  // ---- ready --------------------------------------------------------------------------------
  var page = window.explorerPage = {
    network: network, nodes: nodes, edges: edges, data: data, hiddenKinds: hiddenKinds,
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
