// The thread's data as the page reads it: titles, authors, evidence and each node's links.
explorer.thread = function (data) {
  "use strict";
  var N = data.nodes, E = data.edges, cats = data.categories, count = N.id.length;
  var edgeList = data.network.edges;
  var outgoing = [], incoming = [], children = [];
  for (var i = 0; i < count; i++) { outgoing.push([]); incoming.push([]); children.push([]); }
  edgeList.forEach(function (e) {
    outgoing[e.from].push(e.id);
    incoming[e.to].push(e.id);
  });
  N.parent.forEach(function (p, i) { if (p >= 0) children[p].push(i); });

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
    return [nodeTitle(i), meta, explorer.dom.firstLines(N.text[i], 280)];
  }
  function edgeTip(e) {
    var edge = edgeList[e];
    return [category(e).label + ": " + nodeTitle(edge.from) + " → " + nodeTitle(edge.to),
            null, edgeWhy(e)];
  }
  return {data: data, N: N, E: E, cats: cats, count: count, edges: edgeList,
          outgoing: outgoing, incoming: incoming, children: children,
          authorName: authorName, nodeTitle: nodeTitle, category: category, edgeWhy: edgeWhy,
          nodeTip: nodeTip, edgeTip: edgeTip};
};
