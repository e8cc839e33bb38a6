// Starts the page: reads the thread's data, builds each part once and marks the page ready.
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("explorer-data").textContent);
  performance.mark("explorer:parsed");
  var thread = explorer.thread(data);
  performance.mark("explorer:thread");
  var state = {current: -1, matches: new Set(), authorFilter: -2, until: null, rank: null,
               hiddenKinds: new Set(data.hiddenKinds)};
  var reader = null, address = null, search = null;
  // Choosing a comment anywhere (graph, reading view, panel link, search, address) chooses it
  // everywhere: the graph centres it, the panel and the reading view show it, the address
  // names it. A step through the reading view ("step": arrow keys, Earlier, Next...) moves
  // the address along instead of adding to the history, so Back leaves a thread read
  // comment by comment in one press, not one per comment.
  state.choose = function (i, from) {
    if (from === "graph") panel.open(i); else panel.focus(i);
    reader.show(i, true);
    if (from !== "address") address.put(i, from === "step");
    search.count();
  };
  explorer.header(thread);
  var view = explorer.network(thread, document.getElementById("network"));
  var look = explorer.look(thread, state);
  var overlay = explorer.overlay(thread, view, state, look);
  explorer.treeLines(thread, view, overlay);
  performance.mark("explorer:overlay");
  var tooltip = explorer.tooltip(thread, view, overlay);
  var panel = explorer.panel(thread, view, overlay, state);
  var filters = explorer.filters(thread, view, overlay, state, look);
  explorer.legend(thread, view, overlay, state);
  var layouts = explorer.layouts(thread, view, overlay);
  var colors = explorer.colors(thread, view, overlay, filters.restyle);
  explorer.growth(thread, state, filters.restyle);
  explorer.downloads(thread, view, overlay, look);
  reader = explorer.reader(thread, state);
  search = explorer.search(thread, state, filters.restyle, reader);
  address = explorer.address(thread, state);
  explorer.small(panel);
  performance.mark("explorer:controls");
  view.network.on("click", function (params) {
    tooltip.hide();
    if (params.nodes.length) {
      state.choose(params.nodes[0], "graph");
      return;
    }
    var dot = overlay.dotAt(params.pointer.canvas);
    if (dot >= 0) state.choose(dot, "dot");
  });

  var page = window.explorerPage = {
    network: view.network, nodes: view.nodes, edges: view.edges, data: data,
    hiddenKinds: state.hiddenKinds, hybrid: overlay.active, live: overlay.live,
    matches: function () { return Array.from(state.matches); },
    focusNode: state.choose, current: function () { return state.current; }, reader: reader,
    layouts: layouts, colors: colors,
    details: thread.details,
    started: started, drawnAt: null, readyAt: null,
  };
  view.network.once("afterDrawing", function () {
    page.drawnAt = performance.now();
    // Handlers are attached before the first frame; interactive once it is on screen.
    requestAnimationFrame(function () {
      page.readyAt = performance.now();
      document.body.dataset.ready = "1";
      thread.load();
    });
  });
})();
