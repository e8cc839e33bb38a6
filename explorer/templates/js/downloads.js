// Keep a picture or the data: PNG and SVG of the graph as it is in view, CSV and JSON of the
// comments shown (not dimmed by the author filter or the growth slider). Files are made in
// the page and saved through a link to a blob: nothing is fetched or sent.
explorer.downloads = function (thread, view, overlay, look) {
  "use strict";
  var data = thread.data, N = thread.N, network = view.network, count = thread.count;
  var SVG = "http://www.w3.org/2000/svg";
  var stem = (data.thread.id.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._-]+/, "") ||
              "thread").slice(0, 80);
  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 5000);
  }
  function png() {
    network.redraw();
    network.canvas.frame.canvas.toBlob(function (blob) { save(blob, stem + ".png"); });
  }
  // The nodes within the view, and where the view's corners are on the canvas.
  function inView() {
    var width = view.container.clientWidth, height = view.container.clientHeight;
    var a = network.DOMtoCanvas({x: 0, y: 0}), b = network.DOMtoCanvas({x: width, y: height});
    var placed = overlay.active ? null : network.getPositions(), nodes = [];
    for (var i = 0; i < count; i++) {
      var p = placed ? placed[i] : overlay.position(i);
      if (p.x >= a.x && p.x <= b.x && p.y >= a.y && p.y <= b.y) nodes.push([i, p]);
    }
    return {nodes: nodes, a: a, b: b, width: width, height: height};
  }
  function svg() {
    var seen = inView(), scale = seen.width / (seen.b.x - seen.a.x), at = new Map();
    var root = document.createElementNS(SVG, "svg");
    root.setAttribute("xmlns", SVG);
    root.setAttribute("width", seen.width);
    root.setAttribute("height", seen.height);
    root.setAttribute("viewBox", [seen.a.x, seen.a.y, seen.b.x - seen.a.x,
                                  seen.b.y - seen.a.y].join(" "));
    var title = document.createElementNS(SVG, "title");
    title.textContent = data.thread.title || data.thread.id;
    root.appendChild(title);
    seen.nodes.forEach(function (pair) { at.set(pair[0], pair[1]); });
    var hidden = network.body.data.edges.get({filter: function (e) { return e.hidden; }})
      .map(function (e) { return e.id; });
    var off = new Set(hidden);
    thread.from.forEach(function (from, e) {
      var to = thread.to[e], category = thread.category(e);
      if (off.has(e) || !at.has(from) || !at.has(to)) return;
      var line = document.createElementNS(SVG, "line"), p = at.get(from), q = at.get(to);
      line.setAttribute("x1", p.x); line.setAttribute("y1", p.y);
      line.setAttribute("x2", q.x); line.setAttribute("y2", q.y);
      line.setAttribute("stroke", category.color);
      line.setAttribute("stroke-width", category.width / Math.min(scale, 1));
      if (category.opacity) line.setAttribute("stroke-opacity", category.opacity);
      if (category.dashes) line.setAttribute("stroke-dasharray", category.dashes.join(" "));
      root.appendChild(line);
    });
    seen.nodes.forEach(function (pair) {
      var i = pair[0], p = pair[1], dot = document.createElementNS(SVG, "circle");
      dot.setAttribute("cx", p.x); dot.setAttribute("cy", p.y);
      dot.setAttribute("r", thread.size[i] || 10);
      dot.setAttribute("fill", look.dimmed(i) ? look.DIM : thread.color(i));
      var tip = document.createElementNS(SVG, "title");
      tip.textContent = thread.nodeTitle(i);
      dot.appendChild(tip);
      root.appendChild(dot);
      if (scale * (thread.size[i] || 10) < 4) return;
      var label = document.createElementNS(SVG, "text");
      label.setAttribute("x", p.x); label.setAttribute("y", p.y + (thread.size[i] || 10) + 14);
      label.setAttribute("text-anchor", "middle");
      label.setAttribute("font-size", "13");
      label.setAttribute("font-family", "system-ui, sans-serif");
      label.textContent = data.network.nodes.label[i];
      root.appendChild(label);
    });
    var text = new XMLSerializer().serializeToString(root);
    save(new Blob([text], {type: "image/svg+xml"}), stem + ".svg");
  }
  // The comments shown, in reading order when the reading view has it.
  function shown() {
    var rows = [];
    for (var i = 0; i < count; i++) {
      if (look.dimmed(i)) continue;
      var parent = N.parent[i];
      rows.push({id: N.id[i], kind: thread.kind(i), parent: parent >= 0 ? N.id[parent] : null,
                 author: thread.authorName(i), time: N.time[i], depth: N.depth[i],
                 words: N.words[i], url: N.url[i] || null, text: N.text[i]});
    }
    return rows;
  }
  var COLUMNS = ["id", "kind", "parent", "author", "time", "depth", "words", "url", "text"];
  // A cell that a spreadsheet would run as a formula starts with a quote mark instead.
  function cell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function csv() {
    var lines = [COLUMNS.join(",")].concat(shown().map(function (row) {
      return COLUMNS.map(function (key) { return cell(row[key]); }).join(",");
    }));
    save(new Blob([lines.join("\r\n") + "\r\n"], {type: "text/csv"}), stem + ".csv");
  }
  function json() {
    var out = {thread: {id: data.thread.id, title: data.thread.title, url: data.thread.url},
               comments: shown()};
    save(new Blob([JSON.stringify(out, null, 1)], {type: "application/json"}), stem + ".json");
  }
  [["get-png", png], ["get-svg", svg], ["get-csv", csv], ["get-json", json]]
    .forEach(function (pair) {
      document.getElementById(pair[0]).addEventListener("click", function () {
        thread.whenRead(pair[1]);
      });
    });
};
