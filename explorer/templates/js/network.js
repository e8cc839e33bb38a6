// The vis network: edge styles by category, and datasets (empty for large threads, whose
// nodes the overlay brings in as they come into view).
explorer.network = function (thread, container) {
  "use strict";
  var data = thread.data, styles = {};
  thread.cats.forEach(function (c) {
    var style = {color: {color: c.color, highlight: c.color, hover: c.color, opacity: c.opacity || 1},
                 width: c.width, dashes: c.dashes};
    if (c.smooth) style.smooth = c.smooth;
    if (c.arrows) style.arrows = c.arrows;
    styles[c.name] = style;
  });
  // Replies are most edges: they take the global edge options, only other kinds carry a style
  // of their own (per-edge options make vis build each edge more slowly).
  data.network.options.edges = Object.assign({}, data.network.options.edges, styles.reply);
  function visEdge(e) {
    var edge = thread.visEdge(e);
    return edge.kind === "reply" ? edge : Object.assign(edge, styles[edge.kind]);
  }
  var hybrid = data.liveLimit > 0 && thread.count > data.liveLimit;
  var all = [], allEdges = [];
  if (!hybrid) {
    for (var i = 0; i < thread.count; i++) all.push(thread.visNode(i));
    var hidden = new Set(data.hiddenKinds);
    for (var e = 0; e < thread.from.length; e++) {
      var edge = visEdge(e);
      if (hidden.has(edge.kind)) edge.hidden = true;
      allEdges.push(edge);
    }
  }
  var nodes = new vis.DataSet(all);
  var edges = new vis.DataSet(allEdges);
  performance.mark("explorer:datasets");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.network.options);
  performance.mark("explorer:network");
  return {network: network, nodes: nodes, edges: edges, visEdge: visEdge, hybrid: hybrid,
          container: container};
};
