// The thread's data as the page reads it: vis nodes and edges made on demand from columns,
// titles, authors, evidence, each node's links, and the texts (parsed on first use: they
// are most of the page, and drawing needs none of them).
explorer.thread = function (data) {
  "use strict";
  var N = data.nodes, E = data.edges, cats = data.categories, count = N.id.length;
  var V = data.network.nodes, from = data.network.edges.from, to = data.network.edges.to;
  var outgoing = [], incoming = [], children = [];
  for (var i = 0; i < count; i++) { outgoing.push([]); incoming.push([]); children.push([]); }
  for (var e = 0; e < from.length; e++) {
    outgoing[from[e]].push(e);
    incoming[to[e]].push(e);
  }
  N.parent.forEach(function (p, i) { if (p >= 0) children[p].push(i); });
  // Tree lines no edge draws, as (upper, lower) node pairs; -1 is the stand-in root.
  var treeLines = {from: [], to: []};
  if (data.standIn) {
    N.parent.forEach(function (p, i) {
      if (p < 0) { treeLines.from.push(-1); treeLines.to.push(i); }
    });
  }
  data.unlinked.forEach(function (i) { treeLines.from.push(N.parent[i]); treeLines.to.push(i); });
  var SHAPES = {post: "diamond", excerpt: "square"};

  function color(i) {
    return N.author[i] < 0 ? data.anonymousColor : data.authors[N.author[i]].color;
  }
  function owner(i) { return N.author[i] >= 0 && data.authors[N.author[i]].owner; }
  function visNode(i) {
    var node = {id: i, label: V.label[i], size: V.size[i], shape: SHAPES[N.kind[i]] || "dot",
                color: color(i)};
    if (V.x[i] !== null) { node.x = V.x[i]; node.y = V.y[i]; }
    if (owner(i)) {
      node.borderWidth = 3;
      node.color = {background: node.color, border: data.ownerBorder};
    }
    return node;
  }
  function visEdge(e) { return {id: e, from: from[e], to: to[e], kind: cats[E.category[e]].name}; }
  // The texts' block follows the scripts, so the graph is drawn while the browser still
  // reads it; until then a text reads as empty.
  var texts = null, none = {text: [], marks: []};
  function loadTexts() {
    if (texts) return texts;
    var block = document.getElementById("explorer-text");
    if (!block || document.readyState === "loading") return none;
    texts = JSON.parse(block.textContent);
    return texts;
  }
  function textsReady() { return loadTexts() !== none; }
  function text(i) { return loadTexts().text[i] || ""; }
  function marks(i) { return loadTexts().marks[i] || []; }

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
  function category(e) { return cats[E.category[e]]; }
  // Why an edge exists: the passage it shares, else its evidence and how sure the guess is.
  function edgeWhy(e) {
    if (E.passage[e]) return "“" + E.passage[e] + "”";
    var why = E.evidence[e] || "";
    if (category(e).band) why += " (" + category(e).band + ", confidence " + E.score[e].toFixed(2) + ")";
    else if (category(e).name !== "reply" && E.score[e] < 1) {
      why += " (confidence " + E.score[e].toFixed(2) + ")";
    }
    return why;
  }
  function nodeTip(i) {
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
          children: children, treeLines: treeLines, color: color, owner: owner, visNode: visNode,
          visEdge: visEdge,
          text: text, marks: marks, textsReady: textsReady,
          authorName: authorName, nodeTitle: nodeTitle, category: category, edgeWhy: edgeWhy,
          nodeTip: nodeTip, edgeTip: edgeTip};
};
