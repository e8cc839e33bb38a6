// The thread's data as the page reads it: vis nodes and edges made on demand from columns,
// titles, authors, evidence, each node's links. The first block holds what drawing needs;
// the details (ids, names, times, texts, evidence) follow the scripts in a block of their
// own, read on first use: they are most of the page, and the graph is drawn while the
// browser still reads them.
explorer.thread = function (data) {
  "use strict";
  var N = data.nodes, E = data.edges, cats = data.categories, count = N.kind.length;
  var V = data.network.nodes, from = data.network.edges.from, to = data.network.edges.to;
  // Each node's links as runs of one typed array (a counting sort), not an array per node.
  function runs(keys, size) {
    var start = new Int32Array(size + 1), items = new Int32Array(keys.length);
    for (var k = 0; k < keys.length; k++) if (keys[k] >= 0) start[keys[k] + 1]++;
    for (var s = 0; s < size; s++) start[s + 1] += start[s];
    var next = start.slice(0, size);
    for (k = 0; k < keys.length; k++) if (keys[k] >= 0) items[next[keys[k]]++] = k;
    return function (i) { return Array.from(items.subarray(start[i], start[i + 1])); };
  }
  var outgoing = runs(from, count), incoming = runs(to, count), children = runs(N.parent, count);
  // Tree lines no edge draws, as (upper, lower) node pairs; -1 is the stand-in root.
  var treeLines = {from: [], to: []};
  if (data.standIn) {
    N.parent.forEach(function (p, i) {
      if (p < 0) { treeLines.from.push(-1); treeLines.to.push(i); }
    });
  }
  data.unlinked.forEach(function (i) { treeLines.from.push(N.parent[i]); treeLines.to.push(i); });
  var SHAPES = {post: "diamond", excerpt: "square"};

  function kind(i) { return data.kinds[N.kind[i]]; }
  var painted = null;  // colours by sub-thread, depth or time (colors.js); null: by author
  function color(i) {
    if (painted) return painted[i];
    return N.author[i] < 0 ? data.anonymousColor : data.authors[N.author[i]].color;
  }
  function paint(colors) { painted = colors; }
  function owner(i) { return N.author[i] >= 0 && data.authors[N.author[i]].owner; }
  function visNode(i) {
    var node = {id: i, label: V.label[i], size: V.size[i], shape: SHAPES[kind(i)] || "dot",
                color: color(i)};
    if (V.x[i] !== null) { node.x = V.x[i]; node.y = V.y[i]; }
    if (owner(i)) {
      node.borderWidth = 3;
      node.color = {background: node.color, border: data.ownerBorder};
    }
    if (kind(i) === "missing") Object.assign(node, data.absent);
    return node;
  }
  function visEdge(e) { return {id: e, from: from[e], to: to[e], kind: cats[E.category[e]].name}; }

  // The details block is JSON compressed with zlib, in base64: inflated once the browser has
  // read it (in the background, from when the page is ready), parsed when first needed.
  var read = false, inflated = null, inflating = false, waiting = [];
  function inflate() {
    if (inflating) return;
    inflating = true;
    var packed = document.getElementById("explorer-details").textContent, bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(packed);  // four times faster than atob and a loop
    } else {
      var binary = atob(packed);
      bytes = new Uint8Array(binary.length);
      for (var b = 0; b < binary.length; b++) bytes[b] = binary.charCodeAt(b);
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    new Response(stream).text().then(function (json) {
      inflated = json;
      waiting.splice(0).forEach(function (then) { then(); });
    });
  }
  function load() {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", inflate);
    } else {
      inflate();
    }
  }
  // Whether the details joined the node and edge columns (starting to read them if not).
  function details() {
    if (read) return true;
    if (inflated === null) {
      load();
      return false;
    }
    var found = JSON.parse(inflated);
    inflated = "";
    Object.assign(N, found.nodes);
    data.layouts = found.layouts;
    Object.assign(E, found.edges);
    read = true;
    return true;
  }
  // Run ``then`` once the details can be read (at once when they can).
  function whenRead(then) {
    if (details()) then();
    else waiting.push(function () { details(); then(); });
  }
  function text(i) { return details() ? N.text[i] : ""; }
  // "deleted" or "spam" where the source no longer shows the comment as written, else "".
  function removed(i) { return details() ? N.removed[i] : ""; }
  function marks(i) { return details() ? N.marks[i] : []; }

  function authorName(i) {
    var a = N.author[i];
    return a < 0 ? null : data.authors[a].name;
  }
  function nodeTitle(i) {
    if (kind(i) === "post") return data.thread.title || "The post";
    if (kind(i) === "missing") return "Not in the input" + (details() ? ": " + N.name[i] : "");
    var who = authorName(i), known = details();
    var name = kind(i) === "excerpt" ? "Excerpt" + (known ? " " + N.name[i] : "")
                                     : (known ? "#" + N.name[i] : "Comment");
    var title = who ? name + " · " + who + (known && N.inferredAuthor[i] ? " (signed)" : "")
                    : name;
    return removed(i) ? title + " · " + removed(i) : title;
  }
  function category(e) { return cats[E.category[e]]; }
  // Why an edge exists: the passage it shares, else its evidence and how sure the guess is.
  function edgeWhy(e) {
    if (!details()) return "";
    if (E.passage[e]) return "“" + E.passage[e] + "”";
    var why = E.evidence[e] || "";
    if (category(e).band) {
      why += " (" + category(e).band + ", confidence " + E.score[e].toFixed(2) + ")";
    } else if (category(e).name !== "reply" && E.score[e] < 1) {
      why += " (confidence " + E.score[e].toFixed(2) + ")";
    }
    return why;
  }
  function nodeTip(i) {
    if (!details()) return [nodeTitle(i), "reading the texts…", null];
    var meta = [N.time[i] ? N.time[i].replace("T", " ").slice(0, 16) : null,
                N.words[i] + " words", N.replies[i] + " replies"].filter(Boolean).join(" · ");
    return [nodeTitle(i), meta, explorer.dom.firstLines(text(i), 280)];
  }
  function edgeTip(e) {
    return [category(e).label + ": " + nodeTitle(from[e]) + " → " + nodeTitle(to[e]),
            null, edgeWhy(e)];
  }
  return {data: data, N: N, E: E, cats: cats, count: count, from: from, to: to,
          x: V.x, y: V.y, size: V.size, outgoing: outgoing, incoming: incoming,
          children: children, treeLines: treeLines, kind: kind, color: color, paint: paint,
          owner: owner,
          visNode: visNode, visEdge: visEdge, load: load, details: details, whenRead: whenRead,
          text: text, removed: removed, marks: marks, authorName: authorName, nodeTitle: nodeTitle,
          category: category, edgeWhy: edgeWhy, nodeTip: nodeTip, edgeTip: edgeTip};
};
